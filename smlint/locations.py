"""Where things are in a source file: positions, the line index, and the SourceMap from a
request's field paths to spans (``SourceMap.resolve`` is the one place a path becomes a
position)."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from .model import Path


class Position(NamedTuple):
    """A span. (A named tuple, not a frozen dataclass: readers make one per value they see,
    and a frozen dataclass's ``__init__`` costs over twice a tuple's.)"""

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
    character ``index``) or (start, end) pairs of character offsets, and the file's
    LineIndex: they become Positions only when asked for, since most fields are never
    reported."""

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
    if type(node) is tuple:  # (start, end) character offsets: the JSON reader's spans
        return Position(*lines.position(node[0]), *lines.position(node[1]))
    start, end = node.start_mark, node.end_mark
    if lines is None:
        return Position(start.line + 1, start.column + 1, end.line + 1, end.column + 1)
    return Position(*lines.position(start.index), *lines.position(end.index))


class SourceMap:
    """Field path -> where its key and value are. ``resolve`` is the one place a path
    becomes a position.

    Entries hold what the reader had at hand (parser nodes, or Positions) and become
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

    def provenance(self) -> dict:
        """Field path -> where its value came from, when not from where it is written
        (``"variable x's default"``): said in the findings on it (smlint.engine)."""
        return {}

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
