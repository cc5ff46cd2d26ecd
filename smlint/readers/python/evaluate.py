"""Constant propagation over one module: the values a reader of the code can see.

Statements run in order on a scope of names -> located values (``values.py``). What is
followed: literals, dict/list displays, ``dict(...)``, names bound in the module, the
enclosing function or a class body (the latest binding on the straight-line path), ``**``
spreads, ``|`` merges, arithmetic on numbers, ``int("600")``-style conversions, constants
imported from a module found next to the file, functions of the file that return a dict
built from what they are given, item assignments and ``.update``/``.append`` after
construction. ``if``/``else`` and ``x if c else y`` give alternatives. Everything else
(environment, other calls, loops, comprehensions, f-strings with unknown parts) is
Unresolved with the reason a user needs. Every step counts against a budget and the
recursion is bounded, so no input makes this slow or deep.
"""

from __future__ import annotations

import ast
import os
from ast import AST
from bisect import bisect_left
from collections import ChainMap
from weakref import WeakKeyDictionary

from ... import budgets
from ...locations import Position
from . import constructs
from .builtins import BUILTINS
from .operations import (
    _COMPARE,
    MAX_STR,
    _arith,
    _has_none,
    _Item,
    _lifted,
    _merged,
    _pascal,
    _put,
    _unary,
    _update,
    _with_dups,
)
from .paths import Guard, atom_of, implied
from .positions import Columns, cut, short
from .values import LDict, Lit, LList, branches, is_unknown, json_type, lift, relocated, truth, unknown

MAX_STEPS = 50_000  # statements and expressions evaluated per file (imports and helpers included)
MAX_EVAL_DEPTH = 60  # nested expressions followed
MAX_CALL_DEPTH = 6  # helper functions calling helper functions
MAX_IMPORT_DEPTH = 4
MAX_MODULES = 8  # modules read for one linted file (each costs a parse)

TARGETS = {"update_endpoint": "update", "create_endpoint": "create", "create_endpoint_config": "config"}
_MUTATORS = frozenset(
    {"update", "append", "extend", "insert", "pop", "popitem", "clear", "remove", "setdefault"}
)
_ENV_CALLS = ("os.getenv", "getenv", "os.environ.get", "environ.get", "os.environ.setdefault")
_ENV_MAPS = ("os.environ", "environ")
_COPIES = ("copy.deepcopy", "copy.copy", "deepcopy")


class Budget:
    __slots__ = ("steps",)

    def __init__(self, steps: int = MAX_STEPS):
        self.steps = steps


# --------------------------------------------------------------------------- bindings that are not values


class Ref:
    """A name bound to something that is not a value: a module, class, function, import."""

    what = "a name"

    def reason(self, name: str) -> str:
        return f"`{name}` is {self.what}"


class ModuleRef(Ref):
    what = "a module"

    def __init__(self, name: str, scope=None):
        self.name, self.scope = name, scope  # scope: the module's names, when found next to the file


class ExternalRef(Ref):
    def __init__(self, origin: str):
        self.what = f"imported from {origin}"


class ClassRef(Ref):
    what = "a class"

    def __init__(self, names: dict):
        self.names = names


class InstanceRef(Ref):
    what = "an instance"

    def __init__(self, cls: ClassRef):
        self.cls = cls


class FuncRef(Ref):
    what = "a function"

    def __init__(self, node, scope, interp, cls=None):
        self.node, self.scope, self.interp, self.cls = node, scope, interp, cls


class Scope:
    def __init__(
        self, names: dict | None = None, parent=None, local_names=None, where: str = "", assumed=None
    ):
        self.names = {} if names is None else names
        self.parent = parent
        self.local_names = local_names  # a function's locals: unbound until assigned
        self.where = where  # "`deploy()`" for messages
        # the conditions the enclosing branches decide: atom key -> (value, paths.Atom)
        self.assumed = {} if assumed is None else assumed

    def lookup(self, name: str):
        scope = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            if scope.local_names is not None and name in scope.local_names:
                return unknown(f"`{name}` is not bound on every path before this line")
            scope = scope.parent
        return None

    def branch(self) -> "Scope":
        # The branch's own bindings over the enclosing ones, not a copy of them: 20,000 names
        # and 20,000 `if`s would be 400 million copies (the merge reads the own ones only).
        return Scope(ChainMap({}, self.names), self.parent, self.local_names, self.where, dict(self.assumed))


def dotted(node) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def assigned_names(stmts) -> set:
    """Names a block binds (not in nested functions or classes, which are scopes of their
    own). Statements only: a walrus deep in an expression is not looked for."""
    names: set = set()
    stack = list(stmts)
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            names.add(node.name)
            continue
        if kind in (ast.Assign, ast.Delete):
            _target_names(node.targets, names)
        elif kind in (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor):
            _target_names([node.target], names)
        elif kind in (ast.With, ast.AsyncWith):
            _target_names([i.optional_vars for i in node.items if i.optional_vars is not None], names)
        elif kind in (ast.Import, ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif kind is ast.ExceptHandler and node.name:
            names.add(node.name)
        elif kind.__name__ == "match_case":
            names.update(n.name for n in ast.walk(node.pattern) if getattr(n, "name", None))
            names.update(n.rest for n in ast.walk(node.pattern) if getattr(n, "rest", None))
        for attr in ("body", "orelse", "finalbody", "handlers", "cases"):
            stack.extend(getattr(node, attr, ()))
    return names


def _target_names(targets, names: set) -> None:
    for target in targets:
        for node in ast.walk(target):
            if type(node) is ast.Name:
                names.add(node.id)


class Found:
    """A call that may be a request: kind ("update", "create", "config") and its keywords as
    one located dict, evaluated with the names as they are at the call. (Not the call's
    tree: a large module's parts are dropped once evaluated, the calls found included.)"""

    def __init__(self, kind: str, value, start):
        self.kind, self.value, self.start = kind, value, start


class Project:
    """Modules found next to the linted files, each evaluated once per run (a module's scope
    is never changed by its importers: they bind what they import in scopes of their own)."""

    def __init__(self):
        self.modules: dict = {}
        self.read: dict = {}  # module key -> the files its evaluation read (for the cache)
        self.stamps: dict = {}  # module key -> (mtime, size) when it was evaluated
        self.guards: dict = {}  # branch point id -> paths.Guard (what its `if` tests)
        self.depends_on = _ignore  # the file being linted's (smlint.readers.Context)
        self._reached: set = set()  # the modules the file being linted imports

    def linting(self, depends_on) -> None:
        """From now on, modules are imported for a new file, whose reads go to ``depends_on``."""
        self.depends_on = depends_on or _ignore
        self._reached = set()

    def module(self, path: str, depth: int, budget: Budget):
        key = os.path.normcase(os.path.abspath(path))
        if key not in self._reached and len(self._reached) >= MAX_MODULES:
            return None
        self._reached.add(key)
        stamp = _stamp(path)
        if key in self.modules and self.stamps.get(key) != stamp:
            del self.modules[key]  # changed since (a long-running server's run): read again
        if key in self.modules:
            for read in self.read.get(key, ()):
                self.depends_on(read)  # (evaluated for another file: what it read counts here too)
            return self.modules[key]  # None while being evaluated: an import cycle
        self.modules[key], self.stamps[key] = None, stamp
        importer, reads = self.depends_on, []

        def record(read: str) -> None:
            reads.append(read)
            importer(read)

        self.depends_on = record
        try:
            scope = self._evaluate(path, depth, budget)
        finally:
            self.depends_on = importer
        self.modules[key], self.read[key] = scope, tuple(dict.fromkeys(reads))
        return scope

    def _evaluate(self, path: str, depth: int, budget: Budget):
        from . import parse_module, parse_statements

        text = _read(path, self.depends_on)
        tree = parse_module(text)[0] if text is not None else None
        if tree is None and text is not None:  # (one statement Python cannot parse: the others)
            tree = parse_statements(text, os.path.basename(path))
        if tree is None:
            return None
        interp = Interpreter(Columns(text), path, self, budget, collect=False, depth=depth)
        return interp.run(tree)


def _ignore(path: str) -> None:
    pass


def _stamp(path: str) -> tuple | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


MAX_MODULE_BYTES = 512 * 1024  # a module of settings is small; a large one is not read for them


def _read(path: str, depends_on) -> str | None:
    depends_on(path)  # (also when missing: a module added later changes the result)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_MODULE_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_MODULE_BYTES:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


class _Return(Exception):
    def __init__(self, value):
        self.value = value


class Interpreter:
    def __init__(self, columns: Columns, path: str, project: Project, budget: Budget, collect=True, depth=0):
        self.cols = columns
        self.path = path
        self.project = project
        self.budget = budget
        self.collect = collect  # look for request calls (not while evaluating an import or a helper)
        self.depth = depth  # import depth
        self.calls_deep = 0
        self.found: list = []
        # what a request call found is given to: held in ``found``, or handed on as it is
        # found (smlint.readers.python.load_python's ``lint_now``)
        self.emit = self.found.append
        self.at = 1  # the line of the top-level statement (or function body) being run
        self.stopped: tuple | None = None  # (self.at, the budget's seconds) when time ran out
        self._deferred: list = []
        self._loops: list = []  # line numbers of the loops around the statement being run
        # lines naming a target method: only code spanning one of them can hold a call we read
        self._hot = columns.lines_with(tuple(TARGETS) + constructs.HOT) if collect else []
        # the hot lines naming exactly one call we read (``names_only``)
        self._named_once = columns.naming_once(self._hot, tuple(TARGETS) + constructs.NAMES)
        # node -> the names its body binds; function node -> its return statements. (Weakly:
        # a large module's parts are dropped once evaluated, and a later node may then have
        # the id of one gone.)
        self._assigned = WeakKeyDictionary()
        self._returns = WeakKeyDictionary()
        self.guards = project.guards
        self._keep: list = []  # bindings that condition atoms name (paths.operand_key)

    def may_call(self, node) -> bool:
        line = getattr(node, "lineno", None)
        if line is None:  # contexts, operators, `arguments`, comprehension clauses
            return True
        i = bisect_left(self._hot, line)
        return i < len(self._hot) and self._hot[i] <= (node.end_lineno or line)

    def names_only(self, call) -> bool:
        """Is ``call``'s own name the one name of a call we read written where it spans (then
        nothing inside it can be such a call)? ``call.func`` is an attribute of TARGETS."""
        hot, line = self._hot, call.func.end_lineno
        i = bisect_left(hot, call.lineno)
        return (
            line in self._named_once
            and i < len(hot)
            and hot[i] == line
            and (i + 1 == len(hot) or hot[i + 1] > (call.end_lineno or call.lineno))
        )

    def assigned(self, stmts_owner, stmts) -> set:
        names = self._assigned.get(stmts_owner)
        if names is None:
            names = self._assigned[stmts_owner] = assigned_names(stmts)
        return names

    def short(self, node, limit: int = 60) -> str:
        """The expression as written (for reasons; cheaper than ast.unparse)."""
        text = self.cols.text(node)
        if text is None and getattr(node, "end_lineno", None) is not None:
            text = self.cols.head(node, limit)  # (several lines: never the whole node)
        return short(node, limit) if text is None else cut(" ".join(text.split()), limit)

    # ------------------------------------------------------------------ statements

    def run(self, tree) -> Scope:
        scope = Scope(where="")
        for stmt in tree.body:
            self.at = stmt.lineno  # (said where the file's time budget stops the run)
            self.statement(stmt, scope)
        # Function bodies run after the module: by then the module's names are all bound,
        # as they are when a script's main() is called.
        while self._deferred:
            self.at = self._deferred[0][0].lineno
            self._function_body(*self._deferred.pop(0))
        return scope

    def block(self, stmts, scope: Scope) -> None:
        for stmt in stmts:
            self.statement(stmt, scope)

    def statement(self, stmt, scope: Scope) -> None:  # noqa: C901 - one dispatch on the statement type
        self.budget.steps -= 1
        kind = type(stmt)
        if kind in (ast.FunctionDef, ast.AsyncFunctionDef):
            self.scan(stmt.decorator_list, scope)
            scope.names[stmt.name] = FuncRef(stmt, scope, self)
            if self.collect and self.may_call(stmt):
                self._deferred.append((stmt, scope, None))
            return
        if kind is ast.ClassDef:
            self.scan(stmt.bases + stmt.decorator_list + [k.value for k in stmt.keywords], scope)
            body = Scope({}, scope, None, f"class `{stmt.name}`")
            ref = ClassRef(body.names)
            self.block(stmt.body, body)
            for value in body.names.values():
                if isinstance(value, FuncRef):
                    value.cls = ref
                    value.scope = scope  # methods see the module, not the class body
            # methods run later, seeing the module (not the class body) and `self`
            self._deferred = [(n, scope, ref) if s is body else (n, s, c) for n, s, c in self._deferred]
            scope.names[stmt.name] = ref
            return
        if kind is ast.If:
            self.scan([stmt.test], scope)
            test = self.ev(stmt.test, scope)
            atom = self._atom(stmt.test, scope)
            known = self.truth(test)
            if known is None:
                known = implied(atom, scope.assumed)
            if known is True:
                self.block(stmt.body, scope)
                return
            if known is False:
                self.block(stmt.orelse, scope)
                return
            yes, no = scope.branch(), scope.branch()
            if atom is not None:
                yes.assumed[atom.key] = (not atom.negated, atom)
                no.assumed[atom.key] = (atom.negated, atom)
            self.block(stmt.body, yes)
            self.block(stmt.orelse, no)
            exits_yes, exits_no = _exits(stmt.body), _exits(stmt.orelse)
            if exits_yes != exits_no:  # what follows runs only after the branch that goes on
                going = no if exits_yes else yes
                names = dict(going.names)  # (flattened first: its ChainMap reads scope.names)
                scope.names.clear()
                scope.names.update(names)
                scope.assumed = going.assumed
                return
            self._merge(scope, yes, no, stmt.test, test, atom)
            return
        if kind in (ast.For, ast.AsyncFor, ast.While):
            self.scan([stmt.iter if kind is not ast.While else stmt.test], scope)
            changed = set(self.assigned(stmt, stmt.body + stmt.orelse))
            if kind is not ast.While:
                _target_names([stmt.target], changed)
            for name in changed:
                scope.names[name] = unknown(f"`{name}` changes in the loop at line {stmt.lineno}")
            self._loops.append(stmt.lineno)
            try:
                self.block(stmt.body, scope)
            finally:
                self._loops.pop()
            for name in changed:
                scope.names[name] = unknown(f"`{name}` changes in the loop at line {stmt.lineno}")
            self.block(stmt.orelse, scope)
            return
        if kind in (ast.With, ast.AsyncWith):
            self.scan([i.context_expr for i in stmt.items], scope)
            for item in stmt.items:
                if item.optional_vars is not None:
                    self._bind_unknown(item.optional_vars, scope, f"bound by `with` at line {stmt.lineno}")
            self.block(stmt.body, scope)
            return
        if kind is ast.Try or kind.__name__ == "TryStar":
            self.block(stmt.body, scope)
            for handler in stmt.handlers:
                self.scan([handler.type] if handler.type else [], scope)
                self.block(handler.body, scope.branch())
            for name in assigned_names([h for h in stmt.handlers]):
                scope.names[name] = unknown(f"`{name}` is bound in an `except` branch at line {stmt.lineno}")
            self.block(stmt.orelse, scope)
            self.block(stmt.finalbody, scope)
            return
        if kind.__name__ == "Match":
            self.scan([stmt.subject], scope)
            for case in stmt.cases:
                self.block(case.body, scope.branch())
            for name in assigned_names([c for c in stmt.cases]):
                scope.names[name] = unknown(f"`{name}` depends on the `match` at line {stmt.lineno}")
            return
        if kind is ast.Return:
            if stmt.value is not None:
                self.scan([stmt.value], scope)
            if not self.collect:
                raise _Return(self.ev(stmt.value, scope) if stmt.value is not None else Lit(None))
            return
        if kind in (ast.Import, ast.ImportFrom):
            self._import(stmt, scope)
            return
        # simple statements: find the calls first (they see the names as before the statement;
        # one spanning no line that names a target holds none: its children are not listed)
        if self.may_call(stmt):
            self.scan(list(ast.iter_child_nodes(stmt)), scope)
        if kind is ast.Assign:
            value = self.ev(stmt.value, scope)
            for target in stmt.targets:
                self.assign(target, value, scope, stmt.value)
        elif kind is ast.AnnAssign:
            if stmt.value is not None:
                self.assign(stmt.target, self.ev(stmt.value, scope), scope, stmt.value)
        elif kind is ast.AugAssign:
            value = self._binop(
                stmt.op, self.ev(stmt.target, scope), self.ev(stmt.value, scope), self.cols.of(stmt)
            )
            self.assign(stmt.target, value, scope, stmt.value)
        elif kind is ast.Delete:
            for target in stmt.targets:
                if isinstance(target, ast.Name) and isinstance(scope.names, ChainMap):  # (in a branch)
                    scope.names[target.id] = unknown(f"`{target.id}` is deleted at line {stmt.lineno}")
                elif isinstance(target, ast.Name):
                    scope.names.pop(target.id, None)
                elif isinstance(target, ast.Subscript):
                    self._set_item(target, None, scope)
        elif kind is ast.Expr:
            self._mutation(stmt.value, scope)

    def _function_body(self, node, defining: Scope, cls) -> None:
        local = Scope({}, defining, self.assigned(node, node.body), f"`{node.name}()`")
        self._bind_params(node, local, cls, {})
        self.block(node.body, local)

    def _bind_params(self, node, local: Scope, cls, given: dict) -> None:
        args = node.args
        positional = args.posonlyargs + args.args
        for i, arg in enumerate(positional + args.kwonlyargs):
            if arg.arg in given:
                local.names[arg.arg] = given[arg.arg]
            elif i == 0 and cls is not None and not _is_static(node):
                local.names[arg.arg] = InstanceRef(cls) if not _is_classmethod(node) else cls
            else:
                local.names[arg.arg] = unknown(f"`{arg.arg}` is a parameter of `{node.name}()`")
        for arg in (args.vararg, args.kwarg):
            if arg is not None:
                local.names[arg.arg] = unknown(f"`{arg.arg}` is a parameter of `{node.name}()`")

    def _atom(self, test, scope: Scope):
        def constant(side):
            value = self.ev(side, scope)
            if (
                isinstance(value, Lit)
                and not is_unknown(value)
                and (value.value is None or isinstance(value.value, (str, int, float, bool)))
            ):
                return value.value
            raise LookupError

        try:
            return atom_of(test, scope.lookup, constant, self._keep)
        except (RecursionError, AttributeError):  # a pathological test: it stays a plain branch
            return None

    def _guard(self, alt_id, test, value, atom, where: str) -> None:
        self.guards[alt_id] = Guard(atom, value, (f"{where} is true", f"{where} is false"))

    def _merge(self, scope: Scope, yes: Scope, no: Scope, test, value=None, atom=None) -> None:
        where = f"`{self.short(test)}` at line {test.lineno}"
        alt_id = ("if", self.path, test.lineno, test.col_offset)  # (imported modules share the guards)
        self._guard(alt_id, test, value, atom, where)
        for name in list(dict.fromkeys(list(yes.names.maps[0]) + list(no.names.maps[0]))):
            a, b = yes.names.get(name), no.names.get(name)
            if a is b:
                scope.names[name] = a
                continue
            if isinstance(a, Ref) or isinstance(b, Ref) or a is None or b is None:
                scope.names[name] = unknown(f"`{name}` is bound differently depending on {where}")
                continue
            scope.names[name] = branches(alt_id, [(f"{where} is true", a), (f"{where} is false", b)])

    def _bind_unknown(self, target, scope: Scope, reason: str) -> None:
        for node in ast.walk(target):
            if isinstance(node, ast.Name):
                scope.names[node.id] = unknown(f"`{node.id}` is {reason}")

    def assign(self, target, value, scope: Scope, source) -> None:
        if isinstance(target, ast.Name):
            scope.names[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = value.items if isinstance(value, LList) else None
            if (
                items is not None
                and len(items) == len(target.elts)
                and not any(isinstance(t, ast.Starred) for t in target.elts)
            ):
                for t, v in zip(target.elts, items, strict=True):
                    self.assign(t, v, scope, source)
            else:
                self._bind_unknown(
                    target, scope, f"unpacked from `{self.short(source)}` at line {source.lineno}"
                )
        elif isinstance(target, ast.Subscript):
            self._set_item(target, value, scope)
        elif isinstance(target, ast.Starred):
            self._bind_unknown(target, scope, "a starred target")

    # ------------------------------------------------------------------ item assignment and mutation

    def _set_item(self, target, value, scope: Scope) -> None:
        """``name[k1][k2] = value`` (``value`` None: ``del``) on the straight-line path."""
        keys = []
        node = target
        while isinstance(node, ast.Subscript):
            keys.append(node.slice)
            node = node.value
        if not isinstance(node, ast.Name):
            return
        base = scope.lookup(node.id)
        if base is None or isinstance(base, Ref) or node.id not in scope.names:
            return
        keys.reverse()
        evaluated = [(self.ev(k, scope), self.cols.of(k)) for k in keys]
        if self._loops:
            value = unknown(f"set in the loop at line {self._loops[-1]}")
        scope.names[node.id] = _put(base, evaluated, value)

    def _mutation(self, expr, scope: Scope) -> None:
        """``cfg.update({...})``, ``alarms.append({...})``: applied when the arguments are
        known and the statement runs once; otherwise the name becomes unknown."""
        if not (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute)):
            return
        if expr.func.attr not in _MUTATORS or not isinstance(expr.func.value, ast.Name):
            return
        name = expr.func.value.id
        base = scope.lookup(name)
        if base is None or isinstance(base, Ref):
            return
        args = [self.ev(a, scope) for a in expr.args if not isinstance(a, ast.Starred)]
        method = expr.func.attr
        result = None
        if not self._loops and len(args) == len(expr.args):
            if method == "update" and len(args) <= 1:
                extra = [self._dict_call_part(kw, scope) for kw in expr.keywords]
                result = lift(lambda b, *a: _update(b, list(a) + extra), base, *args)
            elif method == "append" and len(args) == 1 and not expr.keywords:
                result = lift(lambda b, a: _extended(b, [a]) if isinstance(b, LList) else None, base, args[0])
            elif method == "extend" and len(args) == 1 and not expr.keywords:
                result = lift(
                    lambda b, a: (
                        _extended(b, a.items) if isinstance(b, LList) and isinstance(a, LList) else None
                    ),
                    base,
                    args[0],
                )
        if result is None or _has_none(result):
            result = unknown(f"`{name}` is changed by `{self.short(expr)}` at line {expr.lineno}")
        scope.names[name] = result

    def _dict_call_part(self, kw, scope: Scope):
        if kw.arg is None:
            return self.ev(kw.value, scope)
        return LDict({kw.arg: (self.cols.name_at(kw, kw.arg), self.ev(kw.value, scope))})

    # ------------------------------------------------------------------ imports

    def _import(self, stmt, scope: Scope) -> None:
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.asname:
                    scope.names[alias.asname] = ModuleRef(alias.name, self._module(alias.name, 0))
                else:
                    top = alias.name.split(".")[0]
                    scope.names[top] = ModuleRef(top, self._module(top, 0))
            return
        module = stmt.module or ""
        found = self._module(module, stmt.level)
        for alias in stmt.names:
            name = alias.asname or alias.name
            if alias.name == "*":
                if found is not None:
                    for key, value in found.names.items():
                        if not key.startswith("_"):
                            scope.names[key] = self._imported(value, stmt)
                continue
            value = found.names.get(alias.name) if found is not None else None
            if value is None:
                sub = self._module(f"{module}.{alias.name}" if module else alias.name, stmt.level)
                value = (
                    ModuleRef(alias.name, sub) if sub is not None else ExternalRef("." * stmt.level + module)
                )
            else:
                value = self._imported(value, stmt)
            scope.names[name] = value

    def _imported(self, value, stmt):
        return value if isinstance(value, Ref) else relocated(value, None)

    def _module(self, name: str, level: int):
        """The names of a module found next to this file (or up ``level`` folders); an
        absolute import is also looked for at the root of the package the file is in."""
        if self.depth >= MAX_IMPORT_DEPTH or not self.path:
            return None
        folder = os.path.dirname(os.path.abspath(self.path))
        for _ in range(max(level - 1, 0)):
            folder = os.path.dirname(folder)
        roots = [folder]
        if level == 0:
            while os.path.isfile(os.path.join(folder, "__init__.py")) and len(roots) < 8:
                folder = os.path.dirname(folder)
                roots.append(folder)
        parts = [p for p in name.split(".") if p]
        for root in roots:
            base = os.path.join(root, *parts)
            candidates = (
                [base + ".py", os.path.join(base, "__init__.py")]
                if parts
                else [os.path.join(root, "__init__.py")]
            )
            for candidate in candidates:
                self.project.depends_on(candidate)  # a module added here later changes the result
                if os.path.isfile(candidate):
                    return self.project.module(candidate, self.depth + 1, self.budget)
        return None

    # ------------------------------------------------------------------ finding calls

    def scan(self, exprs, scope: Scope) -> None:
        """Every request-like call in ``exprs``, inside lambdas and comprehensions too (their
        parameters and loop variables unknown there); nested functions and classes are
        statements of their own."""
        if not self.collect:
            return
        hot = self.may_call
        stack = [(e, scope) for e in exprs if e is not None and hot(e)]
        push = stack.append
        while stack:
            node, where = stack.pop()
            kind = type(node)
            if kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
                continue
            if kind is ast.Lambda or kind in _COMPREHENSIONS:
                where = self._inner_scope(node, where)
            if kind is ast.Call:
                if isinstance(node.func, ast.Attribute) and node.func.attr in TARGETS:
                    found = self._request(node, where)
                    if found is not None:
                        self.emit(found)
                    if self.names_only(node):  # (most calls: their arguments hold no other)
                        continue
                else:  # CDK, CDKTF, Pulumi, the SageMaker Python SDK v3
                    found = constructs.request(self, node, where)
                    if found is not None:
                        self.emit(found)
            # only a subtree spanning a line that names a target can hold a call we read (and
            # never a name, a constant or an operator: a third of the nodes of a call); the
            # children in ast.iter_child_nodes's order, without its two generators
            for name in node._fields:
                child = getattr(node, name, None)
                if type(child) is list:
                    for item in child:
                        if isinstance(item, AST) and not isinstance(item, _LEAVES) and hot(item):
                            push((item, where))
                elif isinstance(child, AST) and not isinstance(child, _LEAVES) and hot(child):
                    push((child, where))

    def _inner_scope(self, node, scope: Scope) -> Scope:
        """The scope of a lambda's body (its parameters unknown) or a comprehension's element
        (its loop variables unknown)."""
        inner = Scope({}, scope, None, scope.where)
        if isinstance(node, ast.Lambda):
            args = node.args
            for arg in (
                args.posonlyargs + args.args + args.kwonlyargs + [a for a in (args.vararg, args.kwarg) if a]
            ):
                inner.names[arg.arg] = unknown(f"`{arg.arg}` is a parameter of a lambda")
            return inner
        for generator in node.generators:
            self._bind_unknown(
                generator.target, inner, f"a loop variable of the comprehension at line {node.lineno}"
            )
        return inner

    def _request(self, call, scope: Scope):
        """The keywords of a call as one dict; None for another signature (the SDK's
        ``Predictor.update_endpoint(initial_instance_count=…)``, ``Session.update_endpoint(
        name, config)``): positional arguments, or no PascalCase keyword at all."""
        if call.args:
            return None
        parts = []
        for kw in call.keywords:
            parts.append(self._dict_call_part(kw, scope))
        func = call.func
        end = self.cols.column(func.end_lineno, func.end_col_offset)
        start = Position(func.end_lineno, end - len(func.attr), func.end_lineno, end)
        value = (
            lift(lambda *ps: _merged(ps, self.cols.of(call)), *parts)
            if parts
            else LDict({}, self.cols.of(call))
        )
        if not _pascal(value):
            return None
        return Found(TARGETS[func.attr], value, start)

    # ------------------------------------------------------------------ expressions

    def ev(self, e, scope: Scope, depth: int = 0):  # noqa: C901 - one dispatch on the node type
        self.budget.steps -= 1
        if self.budget.steps < 0:
            return unknown("smlint's evaluation budget for this file is spent", self.cols.of(e))
        pos = self.cols.of(e)
        if depth > MAX_EVAL_DEPTH:
            return unknown("the expression is nested too deeply to follow", pos)
        d = depth + 1
        kind = type(e)
        if kind is ast.Constant:
            value = e.value
            return Lit(budgets.checked(value), pos)  # (a complex, bytes, a huge int: unresolved)
        if kind is ast.Dict:
            return self._dict_display(e, scope, d, pos)
        if kind in (ast.List, ast.Tuple):
            items = []
            for elt in e.elts:
                if isinstance(elt, ast.Starred):
                    inner = self.ev(elt.value, scope, d)
                    if not isinstance(inner, LList):
                        return unknown(f"`{self.short(e)}` unpacks a value not known statically", pos)
                    items.extend(inner.items)
                else:
                    items.append(self.ev(elt, scope, d))
            return LList(items, pos)
        if kind is ast.Name:
            value = scope.lookup(e.id)
            if value is None:
                return unknown(f"`{e.id}` is not bound in this file before this line", pos)
            if isinstance(value, Ref):
                return unknown(value.reason(e.id), pos)
            return value
        if kind is ast.Attribute:
            return self._attribute(e, scope, pos)
        if kind is ast.Subscript:
            return self._subscript(e, scope, d, pos)
        if kind is ast.BinOp:
            return self._binop(e.op, self.ev(e.left, scope, d), self.ev(e.right, scope, d), pos, e)
        if kind is ast.UnaryOp:
            return lift(lambda v: _unary(e.op, v, pos, e), self.ev(e.operand, scope, d))
        if kind is ast.IfExp:
            test = self.ev(e.test, scope, d)
            atom = self._atom(e.test, scope)
            known = self.truth(test)
            if known is None:
                known = implied(atom, scope.assumed)
            if known is not None:
                return self.ev(e.body if known else e.orelse, scope, d)
            where = f"`{self.short(e.test)}` at line {e.test.lineno}"
            self._guard(("ifexp", self.path, e.lineno, e.col_offset), e.test, test, atom, where)
            return branches(
                ("ifexp", self.path, e.lineno, e.col_offset),
                [
                    (f"{where} is true", self.ev(e.body, scope, d)),
                    (f"{where} is false", self.ev(e.orelse, scope, d)),
                ],
                pos,
            )
        if kind is ast.Compare:
            return self._compare(e, scope, d, pos)
        if kind is ast.BoolOp:
            return self._boolop(e, scope, d, pos)
        if kind is ast.JoinedStr:
            return self._fstring(e, scope, d, pos)
        if kind is ast.Call:
            return self._call(e, scope, d, pos)
        if kind in (ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp):
            return unknown("a comprehension", pos)
        if kind is ast.Lambda:
            return unknown("a lambda", pos)
        if kind is ast.NamedExpr:
            value = self.ev(e.value, scope, d)
            scope.names[e.target.id] = value
            return value
        if kind is ast.Await:
            return unknown(f"the result of `{self.short(e)}`", pos)
        return unknown(f"`{self.short(e)}` is not evaluated statically", pos)

    def truth(self, node):
        """True/False when the value's truth is known, else None."""
        return truth(node)

    def _dict_display(self, e, scope, d, pos):
        parts = []  # (key, where it is written, value) of each item; (None, None, value) of a `**`
        literal: dict = {}  # key -> where it is written, for the keys that are str or int
        dups = []
        plain = True  # every key a known str or int: no `**`, no key that branches or is unknown
        budget, of = self.budget, self.cols.of
        constants = d <= MAX_EVAL_DEPTH  # (what ``ev`` does for a constant, without its dispatch)
        for k, v in zip(e.keys, e.values, strict=True):
            if k is None:
                parts.append((None, None, self.ev(v, scope, d)))
                plain = False
                continue
            if constants and type(k) is ast.Constant and budget.steps > 0:
                budget.steps -= 1
                kpos = of(k)
                known = k.value  # (a short string is as budgets.checked leaves it)
                key = Lit(
                    known if type(known) is str and len(known) <= MAX_STR else budgets.checked(known), kpos
                )
            else:
                key = self.ev(k, scope, d)
                kpos = of(k)
            known = key.value if isinstance(key, Lit) else None
            if isinstance(known, (str, int)) and not isinstance(known, bool):
                if known in literal:
                    dups.append((known, literal[known], kpos))
                literal[known] = kpos
            else:
                plain = False
            if constants and type(v) is ast.Constant and budget.steps > 0:
                budget.steps -= 1  # (as for the key)
                known = v.value
                value = Lit(
                    known if type(known) is str and len(known) <= MAX_STR else budgets.checked(known), of(v)
                )
            else:
                value = self.ev(v, scope, d)
            parts.append((key, kpos, value))
        if plain:
            return plain_display(parts, pos, dups)
        items = [value if key is None else _Item(key, kpos, value) for key, kpos, value in parts]
        return _with_dups(lift(lambda *ps: _merged(ps, pos, True), *[_lifted(p) for p in items]), dups)

    def _attribute(self, e, scope, pos):
        name = dotted(e)
        if name in _ENV_MAPS:
            return unknown("the environment", pos)
        base = self.ev_ref(e.value, scope)
        if isinstance(base, ModuleRef) and base.scope is not None:
            value = base.scope.names.get(e.attr)
            if value is not None and not isinstance(value, Ref):
                return relocated(value, pos)
        if isinstance(base, (ClassRef, InstanceRef)):
            names = base.names if isinstance(base, ClassRef) else base.cls.names
            value = names.get(e.attr)
            if value is not None and not isinstance(value, Ref):
                return value
        return unknown(f"`{self.short(e)}` is not known statically", pos)

    def ev_ref(self, e, scope):
        """A name as bound (modules, classes, functions too), or None."""
        if isinstance(e, ast.Name):
            return scope.lookup(e.id)
        if isinstance(e, ast.Attribute):
            base = self.ev_ref(e.value, scope)
            if isinstance(base, ModuleRef) and base.scope is not None:
                return base.scope.names.get(e.attr)
            if isinstance(base, (ClassRef, InstanceRef)):
                return (base.names if isinstance(base, ClassRef) else base.cls.names).get(e.attr)
        return None

    def _subscript(self, e, scope, d, pos):
        if dotted(e.value) in _ENV_MAPS:
            return unknown(f"environment variable {_text(e.slice)}", pos, type="string", expr=self.short(e))
        base = self.ev(e.value, scope, d)
        key = self.ev(e.slice, scope, d)

        def pick(b, k):
            if is_unknown(b):
                return b
            if is_unknown(k):
                return unknown(f"`{self.short(e)}`: the key is not known statically", pos)
            if isinstance(b, LDict) and isinstance(k, Lit):
                entry = b.entries.get(k.value)
                if entry is not None:
                    return entry[1]
            if isinstance(b, LList) and isinstance(k, Lit) and type(k.value) is int:
                if -len(b.items) <= k.value < len(b.items):
                    return b.items[k.value]
            return unknown(f"`{self.short(e)}` is not known statically", pos)

        return lift(pick, base, key)

    def _binop(self, op, left, right, pos, e=None):
        return lift(lambda a, b: _arith(op, a, b, pos, self.short(e) if e is not None else None), left, right)

    def _compare(self, e, scope, d, pos):
        if len(e.ops) != 1:
            return unknown(
                f"`{self.short(e)}` is not evaluated statically", pos, type="boolean", expr=self.short(e)
            )
        left, right = self.ev(e.left, scope, d), self.ev(e.comparators[0], scope, d)
        op = e.ops[0]

        def compare(a, b):
            if isinstance(op, (ast.Is, ast.IsNot)) and (
                _is_none(a) and _is_container(b) or _is_none(b) and _is_container(a)
            ):
                return Lit(isinstance(op, ast.IsNot), pos)  # a dict or a list is not None
            if isinstance(a, Lit) and isinstance(b, Lit) and not is_unknown(a) and not is_unknown(b):
                try:
                    return Lit(_COMPARE[type(op)](a.value, b.value), pos)
                except (TypeError, KeyError):
                    pass
            return unknown(
                f"`{self.short(e)}` is not known statically", pos, type="boolean", expr=self.short(e)
            )

        return lift(compare, left, right)

    def _boolop(self, e, scope, d, pos):
        """``a or b``: the first truthy value (else the last); ``a and b``: the first falsy
        one. When a value's truth is unknown the result is unknown, but its truth may not be:
        ``arg or f"{name}-5xx"`` is never falsy."""
        decisive = isinstance(e.op, ast.Or)
        candidates = []  # the values that may be the result
        settled = None  # the result's truth when a later value decides it
        last = len(e.values) - 1
        for i, value_node in enumerate(e.values):
            value = self.ev(value_node, scope, d)
            known = self.truth(value)
            if known is decisive or i == last:
                candidates.append(value)
                settled = decisive if known is decisive else known if not candidates[:-1] else None
                break
            if known is None:
                candidates.append(value)
        if len(candidates) == 1:
            return candidates[0]
        kinds = {json_type(c) for c in candidates}
        return unknown(
            f"`{self.short(e)}` is not known statically",
            pos,
            type=kinds.pop() if len(kinds) == 1 else None,
            truthy=settled,
            expr=self.short(e),
        )

    def _fstring(self, e, scope, d, pos):
        out = []
        for part in e.values:
            if isinstance(part, ast.Constant):
                out.append(str(part.value))
                continue
            value = self.ev(part.value, scope, d) if part.format_spec is None else None
            if (
                isinstance(value, Lit)
                and isinstance(value.value, (str, int))
                and not isinstance(value.value, bool)
                and part.conversion in (-1, ord("s"))
            ):
                out.append(str(value.value))
            else:
                constant = any(isinstance(p, ast.Constant) and p.value for p in e.values)
                return unknown(
                    f"an f-string with a part not known statically (`{self.short(part.value, 40)}`)",
                    pos,
                    type="string",
                    truthy=True if constant else None,
                    expr=self.short(e),
                )
        text = "".join(out)
        return Lit(text, pos) if len(text) <= MAX_STR else unknown("a string too long to follow", pos)

    def _call(self, e, scope, d, pos):
        name = dotted(e.func)
        if name in _ENV_CALLS:
            # a variable's value is a string; getenv without a default may also give None
            default = self.ev(e.args[1], scope, d) if len(e.args) > 1 else None
            typed = name == "os.environ.setdefault" or (
                default is not None and json_type(default) == "string"
            )
            return unknown(
                f"environment variable {_text(e.args[0]) if e.args else '?'}",
                pos,
                type="string" if typed else None,
                expr=self.short(e),
            )
        if name in _COPIES or (isinstance(e.func, ast.Attribute) and e.func.attr == "copy" and not e.args):
            source = e.args[0] if e.args else e.func.value if isinstance(e.func, ast.Attribute) else None
            if source is not None and not e.keywords and len(e.args) <= 1:
                return self.ev(source, scope, d)
        shaped = constructs.shape(self, e, scope, d, pos)  # a CDK/CDKTF/Pulumi/SDK v3 shape
        if shaped is not None:
            return shaped
        ref = self.ev_ref(e.func, scope) if isinstance(e.func, (ast.Name, ast.Attribute)) else None
        if ref is None and isinstance(e.func, ast.Name) and e.func.id in BUILTINS:
            return BUILTINS[e.func.id](self, e, scope, d, pos)
        if isinstance(ref, FuncRef):
            result = self.call_function(ref, e, scope, d, pos)
            if result is not None:
                return relocated(result, pos) if ref.interp is not self else result
        return unknown(f"the result of `{self.short(e)}`", pos)

    def call_function(self, ref: FuncRef, call, scope, d, pos):
        """The value a helper of this project returns: its body run with the call's
        arguments (parameters it is not given are unknown). Only a body whose one
        ``return`` is its last top-level statement."""
        node = ref.node
        returns = ref.interp._returns.get(node)
        if returns is None:
            returns = ref.interp._returns[node] = [
                n for n in _own_nodes(node.body) if isinstance(n, ast.Return)
            ]
        if (
            self.budget.steps <= 0
            or len(returns) != 1
            or node.body[-1] is not returns[0]
            or isinstance(node, ast.AsyncFunctionDef)
        ):
            return None
        if self.calls_deep >= MAX_CALL_DEPTH or any(isinstance(a, ast.Starred) for a in call.args):
            return None
        params = [a.arg for a in node.args.posonlyargs + node.args.args]
        offset = (
            1 if ref.cls is not None and not _is_static(node) and isinstance(call.func, ast.Attribute) else 0
        )
        given: dict = {}
        for i, arg in enumerate(call.args):
            if i + offset >= len(params):
                return None
            given[params[i + offset]] = self.ev(arg, scope, d)
        for kw in call.keywords:
            if kw.arg is None:
                return None
            given[kw.arg] = self.ev(kw.value, scope, d)
        interp = ref.interp
        defaults = node.args.defaults
        for param, default in zip(params[len(params) - len(defaults) :], defaults, strict=True):
            given.setdefault(param, interp.ev(default, ref.scope, d))
        for arg, default in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True):
            if default is not None:
                given.setdefault(arg.arg, interp.ev(default, ref.scope, d))
        local = Scope({}, ref.scope, ref.interp.assigned(node, node.body), f"`{node.name}()`")
        interp._bind_params(node, local, ref.cls, given)
        saved = interp.collect, interp.calls_deep
        interp.collect, interp.calls_deep = False, self.calls_deep + 1
        try:
            interp.block(node.body, local)
        except _Return as done:
            return done.value
        except RecursionError:
            return None
        finally:
            interp.collect, interp.calls_deep = saved
        return None


def plain_display(items: list, pos, dups: list) -> LDict:
    """The dict of a display whose keys are all known str or int values (``items``: (key,
    where it is written, value), no ``**``), as ``_merged`` makes it, without its general
    case (5% of linting 500 small scripts): a key written again takes its last value and
    moves last."""
    entries: dict = {}
    for key, kpos, value in items:
        entries.pop(key.value, None)
        entries[key.value] = (kpos, value)
    return LDict(entries, pos, None, tuple(dups))


_LEAVES = (ast.Constant, ast.Name, ast.expr_context, ast.operator, ast.boolop, ast.cmpop, ast.unaryop)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_EXIT_CALLS = frozenset({"sys.exit", "exit", "quit", "os._exit"})


def _exits(stmts) -> bool:
    """Does a block end by leaving (``return``, ``raise``, ``sys.exit()``, ``continue``, ``break``)?"""
    if not stmts:
        return False
    last = stmts[-1]
    if isinstance(last, (ast.Return, ast.Raise, ast.Continue, ast.Break)):
        return True
    return (
        isinstance(last, ast.Expr)
        and isinstance(last.value, ast.Call)
        and (dotted(last.value.func) in _EXIT_CALLS)
    )


def _is_none(node) -> bool:
    return isinstance(node, Lit) and node.value is None


def _is_container(node) -> bool:
    return isinstance(node, (LDict, LList))


def _extended(base: LList, items: list):
    """``base.extend(items)``, within the list budget (``x.extend(x)`` doubles it)."""
    if len(base.items) + len(items) > budgets.MAX_ITEMS:
        return Lit(budgets.too_large(f"a list of more than {budgets.MAX_ITEMS:,} items"), base.pos)
    return LList(base.items + items, base.pos)


def _text(node) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return f"`{short(node, 40)}`"


def _own_nodes(stmts):
    stack = list(stmts)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


def _decorators(node) -> set:
    return {dotted(d) for d in node.decorator_list}


def _is_static(node) -> bool:
    return "staticmethod" in _decorators(node)


def _is_classmethod(node) -> bool:
    return "classmethod" in _decorators(node)
