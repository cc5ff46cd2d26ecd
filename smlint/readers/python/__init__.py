"""Python source -> the UpdateEndpoint/CreateEndpoint requests its boto3 calls send.

``client.update_endpoint(EndpointName=…, DeploymentConfig=cfg)`` on any receiver, with the
API's PascalCase keywords (also through ``**request``), becomes one Document per combination
of the branches its values depend on. ``create_endpoint_config(...)`` calls become
ENDPOINT_CONFIG Documents, which are not linted but give requests their context. Other
signatures (the SageMaker Python SDK's ``Predictor.update_endpoint(initial_instance_count=…)``,
``Session.update_endpoint(name, config)``) are not requests.
"""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass, field

from ...budgets import CutSaid, OutOfTime, extend_for_linting, stopped
from ...locations import SourceMap
from ...model import (
    CFN_ENDPOINT,
    CREATE_ENDPOINT,
    ENDPOINT_CONFIG,
    UPDATE_ENDPOINT,
    Document,
    Unresolved,
    name_keys,
)
from ..collector import Generations, paused
from ..extracted import Unit
from ..nodes import Duplicate, LoadError
from .evaluate import MAX_STEPS, Budget, Interpreter, Project
from .positions import Columns
from .values import alternatives

KINDS = {"update": UPDATE_ENDPOINT, "create": CREATE_ENDPOINT, "config": ENDPOINT_CONFIG, "cfn": CFN_ENDPOINT}


@dataclass
class Loaded:
    # the request calls, as the runner lints them (extracted.Unit): a call whose values depend
    # on branches has a variant per alternative, with why it may not happen when in doubt
    requests: list = field(default_factory=list)
    configs: list = field(default_factory=list)  # ENDPOINT_CONFIG Documents
    error: LoadError | None = None
    cuts: list = field(default_factory=list)  # LoadError: where the file's time budget stopped it
    timed_out: bool = False  # the budget ran out while the file was read (what was found stands)
    streamed: int = 0  # requests handed to load_python's ``lint_now`` as found (not in ``requests``)
    skip: int = 0  # (those of them a restart from the top finds again)


def parse_module(text: str) -> tuple:
    """(tree, None) or (None, LoadError at the parser's position)."""
    try:
        with warnings.catch_warnings():  # SyntaxWarnings (`"\d"`) are the script's business, not ours
            warnings.simplefilter("ignore")
            try:
                return parse_in_parts(text), None
            except SyntaxError as exc:
                if "integer string conversion" not in str(exc.msg):
                    raise
                return _parse_with_huge_integers(text), None
    except SyntaxError as exc:
        line = exc.lineno or 1
        column = exc.offset or 1
        return None, LoadError(f"Python syntax error: {exc.msg}", line, max(column, 1))
    except (RecursionError, MemoryError):
        return None, LoadError("expressions nested too deeply for Python's own parser; smlint stops here")
    except ValueError as exc:  # NUL bytes in the source
        return None, LoadError(f"not Python source: {exc}")


PARSE_PART = 256 * 1024  # characters: CPython's parser peaks at ~100x its input in memory


def parse_in_parts(text: str):
    """``ast.parse(text)``, a large module parsed a part at a time: CPython's parser holds
    ~100 bytes per character of its input at its peak (a 5 MB script of 60,000 calls took
    580 MB for the parse alone), its tree a fraction of that. A part ends before a line that
    starts a top-level statement (no indentation, not a clause such as ``else``, not after a
    decorator), and is parsed with as many blank lines before it as the text has lines before
    it, so every position is the same. A part that does not parse alone (it ends inside a
    string or brackets that a later line closes) means the whole text is parsed at once."""
    if len(text) <= PARSE_PART:
        return _parse(text)
    try:
        return ast.Module(body=[stmt for part in parts(text) for stmt in part], type_ignores=[])
    except Unsplittable:
        return _parse(text)


def _parse(source: str, kept=None):
    """``ast.parse`` with the cyclic collector paused: a tree holds no cycles, and collections
    triggered by its nodes walked all of them (60,000 calls: 4.1 s with, 2.4 s without).
    ``kept`` (collector.Generations): the tree is also left out of the collections made
    while it is evaluated, frozen before the collector resumes (its first collection would
    walk every node)."""
    with paused():
        tree = ast.parse(source)
        if kept is not None:
            kept.hold()
        return tree


class Unsplittable(Exception):
    """A part of a module that does not parse alone: the module is parsed whole."""


def parts(text: str, kept=None):
    """The top-level statements of ``text``, a part at a time (each part's list of statements,
    positions as in the whole module); Unsplittable when a part does not parse alone.
    ``kept``: as for ``_parse``."""
    start, lines_before = 0, 0
    while start < len(text):
        end = _part_end(text, start + PARSE_PART)
        part = text[start:end]
        if start and "__future__" in part:  # (allowed only at the top of the whole module)
            raise Unsplittable
        try:
            tree = _parse("\n" * lines_before + part, kept)
        except SyntaxError:
            raise Unsplittable from None
        yield tree.body
        lines_before += len(_LINE_ENDS.findall(part))
        start = end


_LINE_ENDS = re.compile(r"\r\n|\r|\n")  # Python's own
_CLAUSES = ("else", "elif", "except", "finally")


def _part_end(text: str, at: int) -> int:
    """The start of the first line at or after ``at`` that may start a top-level statement
    (the end of the text if none does)."""
    while True:
        newline = text.find("\n", at)
        if newline < 0:
            return len(text)
        begin = newline + 1
        first = text[begin : begin + 1]
        previous = text.rfind("\n", 0, newline) + 1
        if (
            first
            and first not in " \t\f\r\n#)]}@\\"
            and text[previous : previous + 1] != "@"
            and not text.startswith(_CLAUSES, begin)
        ):
            return begin
        at = begin


def _parse_with_huge_integers(text: str):
    """The tree of a module holding a decimal literal past Python's digit limit (a global
    setting smlint does not touch): each such literal is parsed as a name of the same length
    (positions stay), then stands in the tree as an unresolved value, too large to evaluate."""
    import io
    import tokenize

    from ... import budgets

    lines = io.StringIO(text).readlines()  # (the lines the tokenizer counts)
    huge: dict = {}
    for token in tokenize.generate_tokens(iter(lines).__next__):
        digits = token.string.replace("_", "")
        if token.type == tokenize.NUMBER and digits.isdigit() and len(digits) > budgets.MAX_INT_DIGITS:
            (row, col), (_, end_col) = token.start, token.end
            line = lines[row - 1]
            lines[row - 1] = line[:col] + "_" * (end_col - col) + line[end_col:]
            huge[(row, end_col - col)] = budgets.too_large(f"a {len(digits)}-digit integer")
    # (columns here are characters, the tree's are UTF-8 bytes: matched on line and length)
    tree = _parse("".join(lines))
    for node in ast.walk(tree):
        for name, value in ast.iter_fields(node):
            if isinstance(value, ast.Name):
                setattr(node, name, _stand_in(value, huge))
            elif isinstance(value, list):
                value[:] = [_stand_in(v, huge) for v in value]
    return tree


_CONTINUING = frozenset({"else", "elif", "except", "finally", "case"})


def parse_statements(text: str, where: str):
    """The tree of a module that Python cannot parse whole (a constant nested 5,000 deep):
    its top-level statements parsed one by one, each name a failed one binds standing in as
    an unresolved value that says why. For a module read for context (an import): what it
    could establish still counts, and the cut is said. None when it cannot even be tokenized."""
    import io
    import tokenize

    lines = io.StringIO(text).readlines()
    starts: list = []  # (line of a top-level statement, its first token)
    depth = 0
    try:
        for token in tokenize.generate_tokens(iter(lines).__next__):
            if token.type == tokenize.OP and token.string in "([{":
                depth += 1
            elif token.type == tokenize.OP and token.string in ")]}":
                depth -= 1
            elif (
                depth == 0
                and token.start[1] == 0
                and token.type in (tokenize.NAME, tokenize.OP, tokenize.STRING, tokenize.NUMBER)
                and token.string not in _CONTINUING
                and not (starts and starts[-1][1] == "@")  # a decorator and its def are one
            ):
                starts.append((token.start[0], token.string))
    except (tokenize.TokenError, SyntaxError):
        return None
    body: list = []
    bounds = [line for line, _ in starts] + [len(lines) + 1]
    for (first, _), end in zip(starts, bounds[1:], strict=False):
        chunk = "".join(lines[first - 1 : end - 1])
        try:
            tree = _parse(chunk)
        except (SyntaxError, RecursionError, MemoryError, ValueError):
            body.extend(_unparsed_bindings(chunk, first, where))
            continue
        ast.increment_lineno(tree, first - 1)
        body.extend(tree.body)
    return ast.Module(body=body, type_ignores=[])


def _unparsed_bindings(chunk: str, line: int, where: str) -> list:
    """``NAME = …`` that Python's parser refused: NAME bound to an unresolved value."""
    head = chunk.split("=", 1)[0].strip()
    if "=" not in chunk or not head.isidentifier():
        return []
    reason = Unresolved(f"`{head}` at line {line} of {where} is nested too deeply for Python's parser")
    at = {"lineno": line, "col_offset": 0, "end_lineno": line, "end_col_offset": len(head)}
    target = ast.Name(id=head, ctx=ast.Store(), **at)
    return [ast.Assign(targets=[target], value=ast.Constant(value=reason, **at), **at)]


def _stand_in(name, huge: dict):
    if not isinstance(name, ast.Name) or name.id.strip("_"):
        return name
    found = huge.get((name.lineno, name.end_col_offset - name.col_offset))
    if found is None:
        return name  # a name of underscores the script wrote itself
    return ast.copy_location(ast.Constant(value=found), name)


def load_python(
    text: str, path: str = "", project: Project | None = None, depends_on=None, lint_now=None
) -> Loaded:
    """``project``: the modules evaluated so far in the run; ``depends_on(path)`` is told of
    every other file read; ``lint_now(unit)``: the runner's (smlint.readers.Context): in a
    module that cannot define an endpoint config, the requests' Units are handed to it as
    their calls are found, and not held (the context of their linting is complete then; a
    file of 60,000 calls is never held whole)."""
    project = project or Project()
    project.linting(depends_on)
    columns = Columns(text)
    loaded = Loaded()
    if lint_now is not None and may_define_configs(text):
        lint_now = None
    if len(text) > PARSE_PART:
        # A large module is parsed and evaluated a part at a time: the statements of a part
        # evaluated are dropped (but what the evaluator keeps of them), so its tree is never
        # held whole (60,000 calls: 250 MB). A part that does not parse alone: from the top,
        # the module whole.
        interp = _interpreter(columns, path, project, text, loaded, lint_now)
        try:
            with Generations() as kept:
                _run(interp, ast.Module(body=_statements(parts(text, kept), kept), type_ignores=[]), loaded)
                _loaded(interp, path, loaded, kept)
            return loaded
        except Unsplittable:
            # (evaluation is the same from the top: the calls handed over are found again
            # first, in the same order, and are not handed over twice)
            if isinstance(interp.emit, _Handover):
                try:
                    interp.emit.flush()
                except CutSaid:  # (said where: the rest is not read again)
                    loaded.timed_out = True
                    return loaded
            loaded = Loaded(skip=loaded.streamed)
    tree, error = parse_module(text)
    if error is not None:
        return Loaded(error=error)
    interp = _interpreter(columns, path, project, text, loaded, lint_now)
    _run(interp, tree, loaded)
    del tree
    _loaded(interp, path, loaded)
    return loaded


def may_define_configs(text: str) -> bool:
    """May the module define an endpoint config (``create_endpoint_config``, a CDK, CDKTF or
    Pulumi config construct, the SDK's ``EndpointConfig.create``)? Every one is written with
    one of these names (identifiers as Python reads them: NFKC-normalized)."""
    if not text.isascii():
        import unicodedata

        text = unicodedata.normalize("NFKC", text)
    return _CONFIG_NAMES.search(text) is not None


# (create_endpoint_config, CfnEndpointConfig, SagemakerEndpointConfiguration,
# EndpointConfiguration, EndpointConfig; not the keyword EndpointConfigName)
_CONFIG_NAMES = re.compile(r"create_endpoint_config\b|EndpointConfig(?:uration)?\b")


def _statements(parts, kept):
    for part in parts:
        yield from part
        kept.step()


def _loaded(interp: Interpreter, path: str, loaded: Loaded, kept=None) -> None:
    """The requests and configs of the calls ``interp`` found: those handed over are linted,
    the documents of those held built (``kept``: collector.Generations)."""
    if interp.stopped is not None:
        line, seconds = interp.stopped
        loaded.cuts.append(
            LoadError(
                stopped(
                    seconds,
                    "the evaluation stopped at the statement on this line; the calls"
                    " it had found are linted, those it had not reached are not",
                ),
                line,
            )
        )
    if isinstance(interp.emit, _Handover):
        try:
            interp.emit.flush()
        except CutSaid:
            loaded.timed_out = True
    founds, interp.found = interp.found, []
    founds.reverse()
    try:
        _documents(interp, path, founds, loaded, kept)
    except OutOfTime as exc:  # the calls whose documents were built are linted all the same
        if founds:  # (else it came as the last was done: nothing is lost)
            loaded.cuts.append(_not_linted(exc, founds[-1], len(founds) - 1))
        loaded.timed_out = True
        extend_for_linting()
    loaded.timed_out = loaded.timed_out or interp.stopped is not None


def _not_linted(exc: OutOfTime, found, after) -> LoadError:
    """The cut of a file whose time ran out as the documents of ``found`` were built, with
    ``after`` calls found after it (None: not known, evaluation had not ended)."""
    if after is None:
        what = "the request of this call and of any found after it are not linted"
    elif after:
        what = f"the request of this call and of the {after} call{'s' * (after > 1)} found after it are not linted"
    else:
        what = "the request of this call is not linted"
    return LoadError(stopped(exc.seconds, what), found.start.line)


def _documents(interp, path: str, founds: list, loaded: Loaded, kept) -> None:
    while founds:  # (each call's evaluated value and tree dropped once its documents are built)
        if kept is not None and len(founds) % 4096 == 0:
            kept.step()
        config, unit = _unit(interp, path, founds[-1])
        if config is not None:
            loaded.configs.append(config)
        else:
            loaded.requests.append(unit)
        founds.pop()


def _unit(interp, path: str, found) -> tuple:
    """(the config Document, None) of an endpoint config call, (None, its Unit) of a request."""
    kind = KINDS[found.kind]
    paths = alternatives(found.value, guards=interp.guards)
    target = getattr(found, "target", "")  # (constructs.Construct: CDKTF's and Pulumi's Terraform)
    docs = [(conditions, _document(path, kind, flat, found.start, target)) for conditions, flat, _ in paths]
    for _, doc in docs:  # (constructs.Construct: an endpoint config construct, by its binding)
        if kind == ENDPOINT_CONFIG:
            doc.known_as = getattr(found, "keys", ()) + doc.known_as
        else:
            doc.refers_to = getattr(found, "keys", ()) + doc.refers_to
    if kind == ENDPOINT_CONFIG:
        return docs[0][1], None
    (_, first), *others = docs
    if not others:
        return None, Unit(first)
    undecided = tuple((i, doubt) for i, (_, _, doubt) in enumerate(paths) if doubt)
    return None, Unit(first, variants=tuple(docs), undecided=undecided)


class _Handover:
    """The evaluator's ``emit`` in a module that cannot define an endpoint config: each
    request call's Unit is built as it is found and handed to the runner's ``lint_now``,
    BATCH at a time (one at a time interleaves the evaluator's and the engine's work: 60,000
    calls alike took 11% longer), so no more than a batch is held."""

    BATCH = 512

    def __init__(self, interp: Interpreter, path: str, loaded: Loaded, lint_now):
        self.interp, self.path, self.loaded, self.lint_now = interp, path, loaded, lint_now
        self.batch: list = []

    def __call__(self, found) -> None:
        loaded = self.loaded
        if loaded.skip:  # (handed over before a restart from the top)
            loaded.skip -= 1
            loaded.streamed += 1
            return
        try:
            config, unit = _unit(self.interp, self.path, found)
        except OutOfTime as exc:  # (the calls before it are linted first)
            loaded.cuts.append(_not_linted(exc, found, None))
            self.flush()
            raise CutSaid from None
        if config is not None:  # (not in a module may_define_configs clears; kept all the same)
            loaded.configs.append(config)
            return
        loaded.streamed += 1
        self.batch.append(unit)
        if len(self.batch) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        """Lint the batch (CutSaid: the runner's time ran out and it said where)."""
        batch, self.batch = self.batch, []
        for unit in batch:
            self.lint_now(unit)


def _interpreter(columns, path: str, project, text: str, loaded: Loaded, lint_now) -> Interpreter:
    # (at least two steps per character: straight-line code, however long, is evaluated
    # whole; only what re-evaluates, helpers called again and again, meets the budget)
    interp = Interpreter(columns, path, project, Budget(max(MAX_STEPS, 2 * len(text))))
    if lint_now is not None:
        interp.emit = _Handover(interp, path, loaded, lint_now)
    return interp


def _run(interp: Interpreter, tree, loaded: Loaded) -> None:
    try:
        interp.run(tree)
    except RecursionError:  # a pathological statement nesting: what was found so far stands
        pass
    except CutSaid:  # the time ran out and it is said where: nothing more is read
        loaded.timed_out = True
    except OutOfTime as exc:  # the file's time ran out: the calls found by then are linted all the same
        interp.stopped = (interp.at, exc.seconds)
        extend_for_linting()


def _document(path: str, kind: str, flat, start, target: str = "") -> Document:
    payload = flat.data
    for where, reason in flat.open:
        _fill_members(payload, where, kind, reason, target)
    doc = Document(
        path,
        kind,
        payload,
        SourceMap(flat.entries, start),
        origin=f"call at line {start.line}",
        duplicates=[Duplicate(p, first, second) for p, first, second in flat.dups],
        target=target,
        language="python",
    )
    name = payload.get("EndpointConfigName") if isinstance(payload, dict) else None
    keys = name_keys(payload)
    if not keys and isinstance(name, Unresolved) and not name.invalid:
        # not known, but the same expression (one binding of a variable, one f-string over
        # the same names) in the same file names the same config
        keys = (("python-expression", path, name.expr or name.reason),)
    if kind == ENDPOINT_CONFIG:
        doc.known_as = keys
    else:
        doc.refers_to = keys
    return doc


def _fill_members(payload, where: tuple, kind: str, reason: str, target: str = "") -> None:
    """A dict with members we cannot see (``**unknown``): each member of its shape that is
    not written is unknown, neither given nor missing, so that no rule reports it absent."""
    members = _members(kind, where, target)
    target = payload
    for key in where:
        try:
            target = target[key]
        except (KeyError, IndexError, TypeError):
            return
    if not isinstance(target, dict):
        return
    for member in members:
        if member not in target:
            target[member] = Unresolved(f"may be given by {reason}", invalid=True)


def _members(kind: str, where: tuple, target: str = "") -> tuple:
    from ...shapes import ROOT_SHAPES, defs_for

    if kind not in ROOT_SHAPES:
        return ()
    defs = defs_for(kind, target)
    node = defs[ROOT_SHAPES[kind]]
    for key in where:
        node = node.get("items", {}) if isinstance(key, int) else node.get("properties", {}).get(key, {})
        while "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[-1]]
    return tuple(node.get("properties", ()))
