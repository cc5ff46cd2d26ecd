"""Fixes: what a finding proposes to change, as edits of exact spans of the original file.

A ``Fix`` is a title, an applicability and edits. An ``Edit`` replaces the text between two
positions of the file with new text. Positions are what findings use: 1-based line and
column, columns counted in characters, the end exclusive, lines broken at LF, CRLF and a lone
CR, in the file's text after decoding (a byte-order mark is not part of the text; it is kept
when the file is written back). This module is the one place positions become offsets.

- ``safe``: the request then means what its author evidently meant, and no behaviour they
  chose changes (``"Canary"`` -> ``"CANARY"``). ``smlint check --fix`` applies these.
- ``unsafe``: the deployment then behaves differently (a canary of 60% clamped to 50%);
  applied only with ``--unsafe-fixes``.

Applying several fixes to one text (``apply``): fixes are taken in the order of their first
edit; a fix any of whose edits overlaps an edit already taken waits for the next pass (ruff's
rule), so every pass is deterministic and the result of a pass never depends on which of two
conflicting fixes a dict happened to list first.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from .locations import LINE_END

SAFE, UNSAFE = "safe", "unsafe"
APPLICABILITIES = (SAFE, UNSAFE)


@dataclass(frozen=True)
class Edit:
    line: int
    column: int
    end_line: int
    end_column: int  # exclusive
    text: str

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "text": self.text,
        }


@dataclass(frozen=True)
class Fix:
    title: str  # what it does, said to the user: "replace "Canary" with "CANARY""
    applicability: str  # SAFE or UNSAFE
    edits: tuple  # of Edit, in file order, not overlapping

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "applicability": self.applicability,
            "edits": [e.as_dict() for e in self.edits],
        }


class Offsets:
    """Positions <-> character offsets of one text (LineIndex's line ends)."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in LINE_END.finditer(text)]

    def offset(self, line: int, column: int) -> int:
        if not 1 <= line <= len(self.starts):
            raise ValueError(f"line {line} is not in the text")
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        offset = start + column - 1
        if not start <= offset <= end:
            raise ValueError(f"column {column} is not on line {line}")
        return offset

    def position(self, offset: int) -> tuple:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def edit(self, start: int, end: int, text: str) -> Edit:
        return Edit(*self.position(start), *self.position(end), text)

    def span(self, edit: Edit) -> tuple:
        return self.offset(edit.line, edit.column), self.offset(edit.end_line, edit.end_column)


def apply(text: str, fixes) -> tuple:
    """(new text, fixes applied): the fixes that fit together, in a deterministic order;
    the others wait for the next pass. A fix whose edits do not lie in ``text`` is skipped."""
    index = Offsets(text)
    taken: list = []  # (start, end, new text)
    applied = []
    for fix in sorted(fixes, key=_order):
        try:
            spans = [(*index.span(e), e.text) for e in fix.edits]
        except ValueError:
            continue
        if any(s > e for s, e, _ in spans) or _overlaps(spans, taken):
            continue
        taken.extend(spans)
        applied.append(fix)
    out = []
    last = 0
    for start, end, new in sorted(taken, key=lambda s: (s[0], s[1])):
        out.append(text[last:start])
        out.append(new)
        last = end
    out.append(text[last:])
    return "".join(out), applied


def _order(fix: Fix) -> tuple:
    first = fix.edits[0] if fix.edits else Edit(0, 0, 0, 0, "")
    return (first.line, first.column, first.end_line, first.end_column, fix.title, len(fix.edits))


def _overlaps(spans, taken) -> bool:
    """Two edits conflict when their spans share a character, or when both insert at the
    same place (which text comes first would be arbitrary)."""
    for s, e, _ in spans:
        for ts, te, _ in taken:
            if s < te and ts < e:
                return True
            if s == e == ts == te or (s == e and ts < s < te) or (ts == te and s < ts < e):
                return True
    return False


def from_dict(value) -> Fix:
    """A Fix from ``as_dict``'s form; ValueError at anything else (the cache's check)."""
    if type(value) is not dict or set(value) != {"title", "applicability", "edits"}:
        raise ValueError("not a fix")
    title, applicability, edits = value["title"], value["applicability"], value["edits"]
    if type(title) is not str or applicability not in APPLICABILITIES or type(edits) is not list:
        raise ValueError("not a fix")
    out = []
    for edit in edits:
        if type(edit) is not dict or set(edit) != {"line", "column", "end_line", "end_column", "text"}:
            raise ValueError("not an edit")
        numbers = [edit[k] for k in ("line", "column", "end_line", "end_column")]
        if any(type(n) is not int or n < 1 for n in numbers) or type(edit["text"]) is not str:
            raise ValueError("not an edit")
        out.append(Edit(*numbers, edit["text"]))
    return Fix(title, applicability, tuple(out))
