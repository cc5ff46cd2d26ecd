"""AST positions -> locations.Position. The AST counts columns in UTF-8 bytes; smlint counts
characters, so a line holding any non-ASCII text is converted."""

from __future__ import annotations

import ast
import re
from functools import cache

from ...locations import LINE_END as _LINE_END  # the line ends Python's tokenizer knows
from ...locations import Position

# (a Position without the named tuple's own __new__, a Python function: the reader makes one
# per value it reads)
_new = tuple.__new__


@cache
def _any_of(words: tuple):
    return re.compile("|".join(map(re.escape, words)))


@cache
def _whole_names(names: tuple):
    return re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, names)))  # (names are words)


class Columns:
    def __init__(self, text: str):
        self._text = text
        # (most scripts end their lines with "\n" alone: then str.split splits as the regex does)
        self._newlines = "\r" not in text
        self._lines = text.split("\n") if self._newlines else _LINE_END.split(text)
        self._ascii = text.isascii()  # (most scripts: then bytes are characters everywhere)

    def lines_with(self, words) -> list:
        """The line numbers (ascending) holding one of ``words`` (none holding a line end):
        only the words the text holds at all are looked for, by one regex (a generator per
        line over every word was a tenth of reading a small script)."""
        present = tuple(w for w in words if w in self._text)
        if not present:
            return []
        if self._newlines:  # (one search over the text, lines counted between the matches)
            text, lines, line, at = self._text, [], 1, 0
            for match in _any_of(present).finditer(text):
                start = match.start()
                line += text.count("\n", at, start)
                at = start
                if not lines or lines[-1] != line:
                    lines.append(line)
            return lines
        search = _any_of(present).search
        return [i for i, text in enumerate(self._lines, 1) if search(text)]

    def naming_once(self, lines, names) -> frozenset:
        """Those of ``lines`` where exactly one of ``names`` is written as a whole name (in
        code, a string or a comment alike)."""
        findall = _whole_names(tuple(names)).findall
        return frozenset(i for i in lines if len(findall(self._lines[i - 1])) == 1)

    def column(self, line: int, byte_col: int) -> int:
        """1-based character column of a 0-based UTF-8 byte offset on a 1-based line."""
        if self._ascii or not 0 < line <= len(self._lines):
            return byte_col + 1
        text = self._lines[line - 1]
        if text.isascii():
            return byte_col + 1
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", "ignore")) + 1

    def of(self, node) -> Position:
        """The span of an AST node."""
        end_line = node.end_lineno or node.lineno
        end_col = node.end_col_offset if node.end_col_offset is not None else node.col_offset + 1
        if self._ascii:
            return _new(Position, (node.lineno, node.col_offset + 1, end_line, end_col + 1))
        return Position(
            node.lineno,
            self.column(node.lineno, node.col_offset),
            end_line,
            self.column(end_line, end_col),
        )

    def name_at(self, node, name: str) -> Position:
        """The span of ``name`` written at the start of ``node`` (a keyword argument's name)."""
        column = self.column(node.lineno, node.col_offset)
        return Position(node.lineno, column, node.lineno, column + len(name))

    def text(self, node) -> str | None:
        """The source of a node written on one line (None otherwise)."""
        line = node.lineno
        if line != node.end_lineno or not 0 < line <= len(self._lines):
            return None
        text = self._lines[line - 1]
        if text.isascii():
            return text[node.col_offset : node.end_col_offset]
        return text.encode("utf-8")[node.col_offset : node.end_col_offset].decode("utf-8", "replace")

    def head(self, node, limit: int) -> str | None:
        """The first ``limit`` characters or so of a node written on several lines, read from
        at most a few of its lines: the cost of a description never grows with the node (a
        helper's 50,000-line expression described 12,000 times)."""
        line, end = node.lineno, node.end_lineno
        if end is None or not 0 < line <= len(self._lines):
            return None
        parts: list = []
        size = 0
        for number in range(line, min(end, line + 8) + 1):
            text = self._lines[number - 1] if number <= len(self._lines) else ""
            data = text.encode("utf-8")
            start = node.col_offset if number == line else 0
            stop = node.end_col_offset if number == end else len(data)
            piece = data[start:stop].decode("utf-8", "replace")
            parts.append(piece)
            size += len(piece)
            if size > limit:
                break
        shown = " ".join(" ".join(parts).split())
        return shown if end - line <= 8 and size <= limit else shown + " …"


def short(node, limit: int = 60) -> str:
    try:
        text = ast.unparse(node)
    except (RecursionError, ValueError):  # a deeply nested expression
        text = "…"
    return cut(" ".join(text.split()), limit)


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
