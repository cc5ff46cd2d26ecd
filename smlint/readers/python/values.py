"""Values a reader of the code can see: located values and the alternatives of branches.

An evaluated expression is a small immutable tree that remembers where each part was
written (so that a finding about a dict built at line 6 and sent at line 20 points at line
6's key):

- ``Lit``: a scalar, or an ``Unresolved`` marker with its reason;
- ``LDict``: keys -> (where the key was written, value), plus ``open`` when members we
  cannot see may be present (``**unknown``);
- ``LList``;
- ``Alt``: the value depends on a branch (``x if c else y``, a name bound in ``if``/``else``):
  one option per branch, each with what must hold for it.

Nodes from another file carry no positions: findings on them point at where they are used.
"""

from __future__ import annotations

from ... import budgets
from ...model import Unresolved


class Lit:
    __slots__ = ("value", "pos")

    def __init__(self, value, pos=None):
        self.value = value
        self.pos = pos


class LDict:
    __slots__ = ("entries", "pos", "open", "dups")

    def __init__(self, entries: dict, pos=None, open: str | None = None, dups: tuple = ()):
        self.entries = entries  # key -> (key Position or None, node)
        self.pos = pos
        self.open = open  # why members we cannot see may be present
        self.dups = dups  # (key, first Position, second Position): a literal's repeated keys


class LList:
    __slots__ = ("items", "pos")

    def __init__(self, items: list, pos=None):
        self.items = items
        self.pos = pos


class Alt:
    __slots__ = ("id", "options", "pos", "width")

    def __init__(self, id, options: list, pos=None):
        self.id = id  # the branch point: the same id takes the same option everywhere
        self.options = options  # [(what must hold, node)]
        self.pos = pos
        self.width = sum(o.width if isinstance(o, Alt) else 1 for _, o in options)  # leaves


MAX_WIDTH = 64  # leaves of one branching value: beyond, it is unresolved (bounds the work)


def branches(id, options: list, pos=None):
    """An Alt, or an unresolved value when it would have more than MAX_WIDTH leaves."""
    alt = Alt(id, options, pos)
    return alt if alt.width <= MAX_WIDTH else unknown(TOO_MANY, pos)


TOO_MANY = "depends on too many combinations of branches to check each"


def unknown(reason: str, pos=None, type=None, truthy=None, expr=None) -> Lit:
    """An unknown value; what is known of it (its JSON type, its truth value, the expression
    it is) is kept for the rules and for the branches that test it."""
    return Lit(Unresolved(reason, type=type, truthy=truthy, expr=expr), pos)


def json_type(node):
    """The JSON type of a value ("integer", "float", "string", "boolean", "object", "array",
    "null"), when known."""
    if isinstance(node, Lit):
        value = node.value
        if isinstance(value, Unresolved):
            return value.type
        if isinstance(value, bool):
            return "boolean"
        if isinstance(value, int):
            return "integer"
        if isinstance(value, float):
            return "float"
        if isinstance(value, str):
            return "string"
        return "null" if value is None else None
    if isinstance(node, LDict):
        return "object"
    if isinstance(node, LList):
        return "array"
    if isinstance(node, Alt):
        kinds = {json_type(o) for _, o in node.options}
        return kinds.pop() if len(kinds) == 1 else None
    return None


def truth(node):
    """True/False when the value's truth is known (on every branch), else None."""
    if isinstance(node, Lit):
        value = node.value
        return value.truthy if isinstance(value, Unresolved) else bool(value)
    if isinstance(node, LList):
        return bool(node.items)
    if isinstance(node, LDict):
        return True if node.entries else (None if node.open else False)
    if isinstance(node, Alt):
        found = {truth(o) for _, o in node.options}
        return found.pop() if len(found) == 1 else None
    return None


def truths(node, choose) -> set:
    """The truth values ``node`` may have once the branches ``choose(id)`` gives are taken
    (where it gives None, the branch may go either way)."""
    if isinstance(node, Alt):
        option = choose(node.id)
        if option is not None:
            return truths(node.options[option][1], choose)
        out: set = set()
        for _, option in node.options:
            out |= truths(option, choose)
            if len(out) == 2:
                break
        return out
    known = truth(node)
    return {True, False} if known is None else {known}


def is_unknown(node) -> bool:
    return isinstance(node, Lit) and isinstance(node.value, Unresolved)


def lift(fn, *nodes):
    """``fn`` applied to concrete nodes: an Alt among ``nodes`` gives an Alt of results."""
    width = 1
    for node in nodes:
        if isinstance(node, Alt):
            width *= node.width
    if width > MAX_WIDTH:
        return unknown(TOO_MANY, next(n.pos for n in nodes if isinstance(n, Alt)))
    for i, node in enumerate(nodes):
        if isinstance(node, Alt):
            return Alt(
                node.id,
                [(cond, lift(fn, *nodes[:i], option, *nodes[i + 1 :])) for cond, option in node.options],
                node.pos,
            )
    return fn(*nodes)


def relocated(node, pos, _memo=None, _depth=0):
    """The same value seen from another file: no positions inside, ``pos`` at the top.
    Shared parts stay shared (``x = [x, x]`` forty times is 40 nodes, not 2**40), and past
    MAX_DEPTH levels the rest is unresolved."""
    memo = {} if _memo is None else _memo
    if pos is None and id(node) in memo:
        return memo[id(node)]
    if _depth > MAX_DEPTH:
        return unknown(f"nested deeper than {MAX_DEPTH} levels", pos)
    d = _depth + 1
    if isinstance(node, Lit):
        result = Lit(node.value, pos)
    elif isinstance(node, LDict):
        entries = {k: (None, relocated(v, None, memo, d)) for k, (_, v) in node.entries.items()}
        result = LDict(entries, pos, node.open)
    elif isinstance(node, LList):
        result = LList([relocated(v, None, memo, d) for v in node.items], pos)
    elif isinstance(node, Alt):
        result = Alt(node.id, [(c, relocated(v, None, memo, d)) for c, v in node.options], pos)
    else:
        return node
    if pos is None:
        memo[id(node)] = result
    return result


# --------------------------------------------------------------------------- alternatives

MAX_ALTERNATIVES = 16
MAX_DEPTH = 100  # a request nests 7 levels


class _TooLarge(Exception):
    pass


class _Undecided(Exception):
    def __init__(self, alt: Alt):
        self.alt = alt


def alternatives(node, limit: int = MAX_ALTERNATIVES, guards: dict | None = None) -> list:
    """[(conditions, Flat, doubt)]: one per combination of branches the value depends on
    that can happen (``guards``: what each branch point tests, see paths.py); ``doubt`` says
    why a combination may not happen, None when it can. Beyond ``limit`` combinations, one
    Flat whose branching values are unresolved."""
    results: list = []
    dropped = 0
    pending = [{}]
    while pending:
        choices = pending.pop()
        try:
            flat = Flat()
            flat.build(node, (), None, choices)
        except _Undecided as need:
            alt = need.alt
            pending.extend({**choices, alt.id: i} for i in reversed(range(len(alt.options))))
            if len(results) + len(pending) > limit:
                break
            continue
        doubt = None
        if guards:  # (imported here, not per call of a script without branches: paths imports this module)
            from .paths import INFEASIBLE, feasibility

            doubt = feasibility(choices, guards)
            if doubt == INFEASIBLE:
                dropped += 1
                continue
        conditions = tuple(_conditions(node, choices)) if choices else ()  # (no branch taken: none)
        results.append((conditions, flat, doubt))
    else:
        if results or not dropped:
            return results
        # every path contradicts itself: our reading is wrong somewhere, not the code
    flat = Flat()
    flat.build(node, (), None, None, TOO_MANY)
    return [((), flat, None)]


def _conditions(node, choices: dict):
    """What must hold for ``choices``, in the order the branches appear."""
    seen: dict = {}
    stack = [node]
    visited: set = set()  # (a value may share its parts: each is walked once)
    while stack:
        n = stack.pop()
        if id(n) in visited:
            continue
        visited.add(id(n))
        if isinstance(n, Alt):
            i = choices.get(n.id)
            if i is None:
                continue
            if n.id not in seen:
                seen[n.id] = n.options[i][0]
            stack.append(n.options[i][1])
        elif isinstance(n, LDict):
            stack.extend(v for _, v in reversed(list(n.entries.values())))
        elif isinstance(n, LList):
            stack.extend(reversed(n.items))
    return [c for c in seen.values() if c]


class Flat:
    """A concrete value as a Document needs it: plain data, path -> (key, value) Positions,
    duplicate keys, and the paths of dicts that may hold members we cannot see."""

    def __init__(self):
        self.data = None
        self.entries: dict = {}
        self.dups: list = []
        self.open: list = []  # (path, reason)
        self.nodes = 0  # parts built, against budgets.MAX_NODES

    def build(self, node, path: tuple, key_pos, choices, too_many: str | None = None):
        try:
            self.data = self._build(node, path, key_pos, choices, too_many)
        except _TooLarge:  # one marker for the whole value, not one per part cut
            self.data = budgets.too_large(f"a value of more than {budgets.MAX_NODES:,} parts")
            self.entries = {k: v for k, v in self.entries.items() if not k}
            self.dups, self.open = [], []

    def _build(self, node, path, key_pos, choices, too_many):
        if len(path) > MAX_DEPTH:
            return Unresolved(f"nested deeper than {MAX_DEPTH} levels")
        self.nodes += 1
        if self.nodes > budgets.MAX_NODES:  # a value that shares its parts can expand 2**40-fold
            raise _TooLarge
        while isinstance(node, Alt):
            if choices is None:
                node = unknown(too_many, node.pos)
                break
            if node.id not in choices:
                raise _Undecided(node)
            node = node.options[choices[node.id]][1]
        if node.pos is not None or key_pos is not None:
            self.entries[path] = (key_pos, node.pos if node.pos is not None else key_pos)
        if isinstance(node, Lit):
            return node.value
        if isinstance(node, LDict):
            for key, first, second in node.dups:
                self.dups.append((path + (key,), first, second))
            if node.open:
                self.open.append((path, node.open))
            return {
                key: self._build(value, path + (key,), kpos, choices, too_many)
                for key, (kpos, value) in node.entries.items()
            }
        if isinstance(node, LList):
            return [self._build(v, path + (i,), None, choices, too_many) for i, v in enumerate(node.items)]
        return Unresolved("not a value")  # pragma: no cover - every node is one of the above
