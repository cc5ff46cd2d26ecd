"""The normalized request every loader produces and every rule reads.

A Document is plain data (dict/list/str/int/bool/None in the API's PascalCase shape) plus a
SourceMap from field path to source span. Paths are tuples of keys and list indexes: the
parsed form of a JSON Pointer, ``("DeploymentConfig", "AutoRollbackConfiguration", "Alarms", 0)``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Iterator, Union

PathKey = Union[str, int]
Path = tuple  # tuple[PathKey, ...]

UPDATE_ENDPOINT = "update-endpoint"
CREATE_ENDPOINT = "create-endpoint"
DEPLOYMENT_CONFIG = "deployment-config"
# An AWS::SageMaker::Endpoint's Properties: an update, judged by CloudFormation's schema.
CFN_ENDPOINT = "cloudformation-endpoint"
KINDS = (UPDATE_ENDPOINT, CREATE_ENDPOINT, DEPLOYMENT_CONFIG)
# A CreateEndpointConfig request or resource: never linted as a request, but indexed so that
# the requests naming it learn their fleet (endpoint-config context).
ENDPOINT_CONFIG = "create-endpoint-config"


class Unresolved:
    """A value that cannot be known statically. Rules that need it stay silent.

    ``invalid`` marks a value that failed a SM1xx shape rule: it is unknown to every other
    rule (no cascades) but is not reported again by SM003. What may still be known of it:
    ``type`` (its JSON type: "integer", "float", "string", "boolean"; SM103 checks it),
    ``truthy`` (its truth value) and ``expr`` (the expression it is, for messages).
    """

    __slots__ = ("reason", "invalid", "type", "truthy", "expr")

    def __init__(self, reason: str, invalid: bool = False, type=None, truthy=None, expr=None):
        self.reason = reason
        self.invalid = invalid
        self.type = type
        self.truthy = truthy
        self.expr = expr

    def __repr__(self) -> str:
        return f"Unresolved({self.reason!r})"


class _Missing:
    """The field is absent (distinct from None, which is a value of the wrong type)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING = _Missing()


def get(data: Any, path: Path) -> Any:
    """The value at ``path``; MISSING if absent; the Unresolved marker if a step is unknown."""
    for key in path:
        kind = type(data)
        if kind is dict:
            data = data.get(key, MISSING)
            if data is MISSING:
                return MISSING
        elif kind is list and type(key) is int and -len(data) <= key < len(data):
            data = data[key]
        elif isinstance(data, Unresolved):
            return data
        else:
            return MISSING
    return data


def show_key(key: str) -> str:
    """A key as messages show it: as written, unless it could not be read as one piece of one
    line (a newline, a control character, a lone surrogate, or past 64 characters): then in
    JSON quotes with escapes, cut short."""
    if key.isprintable() and len(key) <= 64:
        return key
    shown = json.dumps(key[:64])
    return shown[:-1] + '…"' if len(key) > 64 else shown


# How each language spells the constants JSON writes null, true and false.
_CONSTANTS = {"python": {None: "None", True: "True", False: "False"}}


def literal(value: Any, language: str = "") -> str:
    """A value as the request's own language writes it (Document.language): ``None`` and
    ``True`` in Python, ``null`` and ``true`` in JSON, YAML and the rest."""
    constants = _CONSTANTS.get(language)
    if constants is None:
        return json.dumps(value)
    if value is None or isinstance(value, bool):
        return constants[value]
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k, language)}: {literal(v, language)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v, language) for v in value) + "]"
    return json.dumps(value)


def field_name(path: Path) -> str:
    """``DeploymentConfig.AutoRollbackConfiguration.Alarms[0].AlarmName``"""
    out = ""
    for key in path:
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            out += ("." if out else "") + show_key(key)
    return out or "(request)"


def number(value: int) -> str:
    """An integer for a message: a 4000-digit one is shown by its size, not its digits. Never
    ``str()`` of a large integer: past Python's int->str digit limit (a global setting that
    smlint does not touch) that raises."""
    if not isinstance(value, int) or isinstance(value, bool):  # a float (inf) prints as it is
        text = str(value)
        return text if len(text) <= 24 else f"{text[:8]}…({len(text.lstrip('-'))} digits)"
    size = abs(value)
    if size < 10**24:
        return str(value)
    digits = int(size.bit_length() * 0.30102999566398120) + 1  # log10(2): exact or one more
    if 10 ** (digits - 1) > size:
        digits -= 1
    head = str(size // 10 ** (digits - 8))
    return f"{'-' if value < 0 else ''}{head}…({digits} digits)"


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, in characters
    end_line: int
    end_column: int  # 1-based, exclusive


_LINE_END = LINE_END = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Character offset -> (line, column), 1-based, with the line ends editors use: LF, CRLF
    and a lone CR. (libyaml also breaks lines at NEL, LS and PS, which editors show inside a
    line, so its own line numbers are not used.)"""

    __slots__ = ("_text", "_starts")

    def __init__(self, text: str):
        self._text = text
        self._starts: list | None = None

    def position(self, offset: int) -> tuple:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in _LINE_END.finditer(self._text)]
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


class Located:
    """Where a field sits: its key (None for list items and the root) and its value.

    Loaders may hand over parser nodes (anything with ``start_mark``/``end_mark`` carrying a
    character ``index``) and the file's LineIndex: they become Positions only when asked
    for, since most fields are never reported."""

    __slots__ = ("_key", "_value", "_lines")

    def __init__(self, key, value, lines: LineIndex | None = None):
        self._key = key
        self._value = value
        self._lines = lines

    @property
    def key(self) -> Position | None:
        if self._key is not None and not isinstance(self._key, Position):
            self._key = _from_marks(self._key, self._lines)
        return self._key

    @property
    def value(self) -> Position:
        if not isinstance(self._value, Position):
            self._value = _from_marks(self._value, self._lines)
        return self._value

    def __repr__(self) -> str:
        return f"Located(key={self.key!r}, value={self.value!r})"


def _from_marks(node, lines: LineIndex | None) -> Position:
    start, end = node.start_mark, node.end_mark
    if lines is None:
        return Position(start.line + 1, start.column + 1, end.line + 1, end.column + 1)
    return Position(*lines.position(start.index), *lines.position(end.index))


class SourceMap:
    """Field path -> where its key and value are. ``resolve`` is the one place a path
    becomes a position.

    Entries hold what the loader had at hand (parser nodes, or Positions) and become
    Positions only when a finding asks: most fields are never reported."""

    def __init__(
        self, entries: dict | None = None, start: Position | None = None, lines: LineIndex | None = None
    ):
        self._entries = {} if entries is None else entries  # path -> (key or None, value)
        self._start = start
        self.lines = lines

    def add(self, path: Path, key, value) -> None:
        self._entries[path] = (key, value)

    def _fill(self) -> None:
        """Hook for maps composed on first use."""

    @property
    def spans(self) -> dict:
        """path -> Located, for tools and tests."""
        self._fill()
        return {p: Located(k, v, self.lines) for p, (k, v) in self._entries.items()}

    @property
    def start(self) -> Position:
        """Where a finding about the whole request points: the first key in a file."""
        self._fill()
        if self._start is None:
            first = next((k for k, _ in self._entries.values() if k is not None), None)
            root = self._entries.get(())
            node = first if first is not None else root[1] if root else None
            self._start = self._position(node) if node is not None else Position(1, 1, 1, 2)
        return self._start

    def resolve(self, path: Path) -> Position:
        """The key of the field, else its value, else the closest ancestor that exists."""
        self._fill()
        while path:
            entry = self._entries.get(path)
            if entry is not None:
                key, value = entry
                return self._position(key if key is not None else value)
            path = path[:-1]
        return self.start

    def value_position(self, path: Path) -> Position | None:
        """Where the value itself is (not its key), or None when the path has no entry."""
        self._fill()
        entry = self._entries.get(path)
        return self._position(entry[1]) if entry is not None else None

    def _position(self, node) -> Position:
        return node if isinstance(node, Position) else _from_marks(node, self.lines)

    def locate(self, path: Path) -> Located | None:
        """Where exactly the field at ``path`` is written (no fallback to an ancestor): what
        a fix edits. None when the map has no span of its own for it."""
        self._fill()
        entry = self._entries.get(path)
        return Located(entry[0], entry[1], self.lines) if entry is not None else None

    def prefixed(self, prefix: Path) -> "SourceMap":
        """The same spans seen from a wrapper: a bare DeploymentConfig file is read as
        ``{"DeploymentConfig": file}``, so its paths gain the prefix."""
        return _Prefixed(self, prefix)


class _Prefixed(SourceMap):
    """A view of a SourceMap under a prefix; the wrapped map is filled only when asked."""

    def __init__(self, inner: SourceMap, prefix: Path):
        super().__init__(lines=inner.lines)
        self._inner, self._prefix = inner, prefix

    def _fill(self) -> None:
        if self._inner is not None:
            inner, self._inner = self._inner, None
            inner._fill()
            self.lines = inner.lines
            self._entries = {self._prefix + p: entry for p, entry in inner._entries.items()}
            self._entries[self._prefix] = (None, inner.start)


@dataclass
class Document:
    """One request found in a source file."""

    path: str  # the file as the user named it
    kind: str  # one of KINDS
    payload: Any  # request-shaped plain data (a bare DeploymentConfig is wrapped)
    source_map: SourceMap
    origin: str = ""  # where in the file: "document 2", a call, a resource
    duplicates: list = field(default_factory=list)  # loaders.nodes.Duplicate, for SM002
    plain: bool = False  # holds no float and no Unresolved (see loaders.nodes.Composed)
    # Endpoint-config context: the keys a request's EndpointConfigName can be matched by, and
    # the keys an ENDPOINT_CONFIG document is known by. ``("name", "my-config")`` for a literal
    # EndpointConfigName (matched across files); loaders of templates add their own
    # (``("cfn", template, logical id)``, ``("tf", folder, address)``).
    refers_to: tuple = ()
    known_as: tuple = ()
    target: str = ""  # the tool that sends the request, when its schema differs: "terraform"
    where: str = ""  # "path:line" of an endpoint config, when its lines are not the file's (a notebook)
    # the language the request is written in, when values are spelt otherwise than in JSON
    # ("python": None, True): how a message shows a value the user wrote
    language: str = ""


def walk(data: Any, path: Path = ()) -> Iterator[tuple]:
    """Every (path, value) in ``data``, depth first, parents before children."""
    stack = [(path, data)]
    while stack:
        p, v = stack.pop()
        yield p, v
        if isinstance(v, dict):
            stack.extend((p + (k,), c) for k, c in reversed(list(v.items())))
        elif isinstance(v, list):
            stack.extend((p + (i,), c) for i, c in reversed(list(enumerate(v))))
