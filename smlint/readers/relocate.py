"""Text embedded in a file (a Markdown fence, a shell argument, a Makefile recipe, a CI step's
script), read by the inner format's reader, with its positions moved into the file once.

A ``Relocation`` knows, for every character of the inner text, the offset of the character of
the outer text it came from: fences lose their container's indentation (a list item's, a
blockquote's ``>``), prompts are stripped, quotes and escapes of a shell word are decoded. A
request read from the inner text gets a ``Relocated`` SourceMap, so rules and the engine see
the inner request unchanged and every position they ask for is already the file's.
"""

from __future__ import annotations

from dataclasses import replace

from ..locations import LineIndex, Position, SourceMap


class Relocation:
    """Inner character offset -> outer character offset (``offsets[i]`` for the i-th inner
    character; one more entry for the end of the inner text)."""

    __slots__ = ("inner", "offsets", "outer", "_inner_lines")

    def __init__(self, inner: str, offsets: list, outer: LineIndex):
        assert len(offsets) == len(inner) + 1
        self.inner, self.offsets, self.outer = inner, offsets, outer
        self._inner_lines = None

    @classmethod
    def shifted(cls, inner: str, start: int, outer: LineIndex) -> "Relocation":
        """The inner text is the outer text from ``start`` on, unchanged."""
        return cls(inner, list(range(start, start + len(inner) + 1)), outer)

    def then(self, outer: "Relocation") -> "Relocation":
        """This relocation followed by ``outer`` (a shell argument inside a Markdown fence)."""
        last = len(outer.offsets) - 1
        return Relocation(self.inner, [outer.offsets[min(o, last)] for o in self.offsets], outer.outer)

    def _starts(self) -> list:
        if self._inner_lines is None:
            starts = [0]
            text = self.inner
            for i, ch in enumerate(text):
                if ch == "\n" or (ch == "\r" and text[i + 1 : i + 2] != "\n"):
                    starts.append(i + 1)
            self._inner_lines = starts
        return self._inner_lines

    def offset(self, line: int, column: int) -> int:
        """The inner offset of a 1-based inner (line, column)."""
        starts = self._starts()
        line = min(max(line, 1), len(starts))
        return min(starts[line - 1] + column - 1, len(self.inner))

    def point(self, offset: int) -> tuple:
        """The outer (line, column) of an inner offset."""
        return self.outer.position(self.offsets[min(max(offset, 0), len(self.inner))])

    def position(self, pos: Position) -> Position:
        start = self.offset(pos.line, pos.column)
        end = self.offset(pos.end_line, pos.end_column)
        line, column = self.point(start)
        if end > start:  # the end is exclusive: past the last character it covers
            end_line, end_column = self.outer.position(self.offsets[end - 1] + 1)
        else:
            end_line, end_column = line, column + 1
        return Position(line, column, end_line, end_column)


class Relocated(SourceMap):
    """``inner``'s spans, seen in the outer file."""

    def __init__(self, inner: SourceMap, relocation: Relocation):
        super().__init__(lines=relocation.outer)
        self._inner, self._relocation = inner, relocation

    def resolve(self, path) -> Position:
        return self._relocation.position(self._inner.resolve(path))

    @property
    def start(self) -> Position:
        return self._relocation.position(self._inner.start)


def relocate_document(doc, relocation: Relocation, path: str):
    """``doc`` (read from inner text) as a request of the outer file ``path``."""
    return replace(
        doc,
        path=path,
        source_map=Relocated(doc.source_map, relocation),
        duplicates=[
            replace(d, first=relocation.position(d.first), second=relocation.position(d.second))
            for d in doc.duplicates
        ],
    )


def relocate_extracted(found, relocation: Relocation, path: str, where: str = ""):
    """The requests, configs and problem of ``found`` (an Extracted read from inner text) with
    the outer file's positions. ``where``: how the origin is told ("fence at line 12")."""
    from .extracted import Unit

    def moved(doc):
        doc = relocate_document(doc, relocation, path)
        if where:
            # (an inner origin that counts lines counts them in the inner text: left out)
            inner = doc.origin if doc.origin and "line" not in doc.origin else ""
            doc = replace(doc, origin=f"{where}: {inner}" if inner else where)
        return doc

    units = []
    for unit in found.units:
        units.append(
            Unit(
                moved(unit.document),
                variants=tuple((choices, moved(doc)) for choices, doc in unit.variants),
                probes=tuple(
                    (relocation.position(pos), name, lead, moved(doc)) for pos, name, lead, doc in unit.probes
                ),
                notes=unit.notes,
            )
        )
    found.units = units
    found.configs = [moved(doc) for doc in found.configs]
    found.problems = [_moved_problem(p, relocation, path) for p in found.problems]
    if found.problem is not None:
        found.problem = _moved_problem(found.problem, relocation, path)
    return found


def _moved_problem(problem, relocation: Relocation, path: str):
    line, column = relocation.point(relocation.offset(problem.line, problem.column))
    return replace(problem, path=path, line=line, column=column)
