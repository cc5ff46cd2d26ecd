"""Jupyter notebooks: the code cells, in order, as one Python module.

IPython syntax that is not Python (``%magic``, ``!shell``, ``x?`` help, and the body of a
``%%bash``-style cell) becomes ``pass`` at the same indentation, so line numbers stay and a
magic inside a block leaves a valid block. Findings are told by cell: ``Cells.locate``
turns a line of the module into (cell number, line in the cell); cells are numbered from 1
in the order the notebook shows them, markdown cells included.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right

from ..locations import LINE_END as _LINE_END  # as Python's tokenizer and LineIndex count lines
from .code import may_hold, may_hold_bytes  # noqa: F401 - the reader contract: a notebook's words are its cells'
from .nodes import LoadError

# Cell magics whose body is Python all the same: only their first line is IPython's.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "memit", "skip"})
_MAGIC = re.compile(r"^(\s*)(?:[%!?]|\w[\w.]*\s*=\s*[%!])")
_HELP = re.compile(r"^(\s*)[\w.\[\]()'\"]+\?\??\s*$")


class Cells:
    def __init__(self):
        self.starts: list = []  # first module line of each code cell
        self.numbers: list = []  # its number in the notebook

    def locate(self, line: int) -> tuple:
        i = bisect_right(self.starts, line) - 1
        if i < 0:
            return None, line
        return self.numbers[i], line - self.starts[i] + 1


def notebook_source(text: str) -> tuple:
    """(module text, Cells) or raises LoadError."""
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(f"not a notebook: invalid JSON ({exc.msg})", exc.lineno, exc.colno) from None
    except RecursionError:
        raise LoadError("not a notebook: JSON nested too deeply") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        if isinstance(nb, dict) and "worksheets" in nb:
            raise LoadError(
                "nbformat 3 notebook (worksheets): smlint reads nbformat 4; run `jupyter nbconvert --to notebook` to upgrade it"
            )
        raise LoadError('not a notebook: no "cells" list at the top level')
    lines: list = []
    cells = Cells()
    for number, cell in enumerate(nb["cells"], 1):
        if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
            raise LoadError(f'not a notebook: cell {number} has no "cell_type"')
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise LoadError(
                f'not a notebook: the "source" of cell {number} is neither text nor a list of lines'
            )
        if cell["cell_type"] != "code":
            continue
        cells.starts.append(len(lines) + 1)
        cells.numbers.append(number)
        lines.extend(python_lines(source))
    return "\n".join(lines) + "\n", cells


def python_lines(source: str) -> list:
    # (a lone CR ends a line for Python too: split on "\n" alone, a cell of CR-ended lines would
    # be one module line here and several to the parser, and later cells' lines would shift)
    lines = _LINE_END.split(source) if source else [""]
    if lines and lines[-1] == "" and len(lines) > 1:
        lines.pop()
    lines = [line.rstrip("\r") for line in lines]
    first = lines[0].lstrip()
    if first.startswith("%%"):
        name = first[2:].split(None, 1)[0] if first[2:].strip() else ""
        if name in PYTHON_CELL_MAGICS:
            return ["pass"] + lines[1:]
        return ["pass"] + ["" for _ in lines[1:]]
    out = []
    continued = False
    for line in lines:
        if continued:  # the continuation of a magic line ending in a backslash
            out.append("")
            continued = line.endswith("\\")
            continue
        match = _MAGIC.match(line) or _HELP.match(line)
        if match:
            out.append(match.group(1) + "pass")
            continued = line.endswith("\\")
        else:
            out.append(line)
    return out


class Stored:
    """Where a line of a cell is stored in the notebook's JSON: the line and column of the
    raw file that GitHub annotations and SARIF regions point at (the text output says the
    cell instead). Built only when a notebook has findings: it composes the JSON again,
    with positions (smlint's JSON reader)."""

    def __init__(self, text: str):
        from .json import load_json

        self._text = text
        parsed = load_json(text)
        self._map = parsed.documents[0].source_map if not parsed.error and parsed.documents else None
        self._value = parsed.documents[0].value if self._map is not None else None
        self._starts = None

    def position(self, cell: int, line: int, column: int) -> tuple | None:
        """(line, column) in the file of column ``column`` of line ``line`` of cell ``cell``
        (all 1-based, cells numbered as findings number them); None when it cannot be told."""
        cells = self._value.get("cells") if isinstance(self._value, dict) else None
        if not isinstance(cells, list) or not 0 < cell <= len(cells) or not isinstance(cells[cell - 1], dict):
            return None
        source = cells[cell - 1].get("source")
        pieces = source if isinstance(source, list) else [source]
        if not all(isinstance(p, str) for p in pieces):
            return None
        joined = "".join(pieces)
        offset = 0  # of the line in the joined source
        for _ in range(line - 1):
            newline = joined.find("\n", offset)
            if newline < 0:
                return None
            offset = newline + 1
        offset += column - 1
        piece, start = 0, 0
        while piece < len(pieces) - 1 and start + len(pieces[piece]) <= offset:
            start += len(pieces[piece])
            piece += 1
        keys = ("cells", cell - 1, "source") + ((piece,) if isinstance(source, list) else ())
        literal = self._map.value_position(keys)
        if literal is None:
            return None
        raw = self._raw_offset(literal.line, literal.column, offset - start)
        return None if raw is None else self._line_column(raw)

    def _line_starts(self) -> list:
        if self._starts is None:
            from ..locations import LINE_END

            self._starts = [0] + [m.end() for m in LINE_END.finditer(self._text)]
        return self._starts

    def _raw_offset(self, line: int, column: int, chars: int) -> int | None:
        """The offset in the file of the ``chars``-th character of the string literal whose
        opening quote is at (line, column): JSON escapes take several characters."""
        text = self._text
        i = self._line_starts()[line - 1] + column - 1
        if i >= len(text) or text[i] != '"':
            return None
        i += 1
        while chars > 0 and i < len(text) and text[i] != '"':
            if text[i] != "\\":
                i += 1
            elif text[i + 1 : i + 2] != "u":
                i += 2
            else:
                high = int(text[i + 2 : i + 6], 16) if len(text) >= i + 6 else 0
                i += 6
                low = text[i : i + 6]
                if (
                    0xD800 <= high < 0xDC00
                    and low[:2] == "\\u"
                    and 0xDC00 <= int(low[2:] or "0", 16) < 0xE000
                ):
                    i += 6  # a surrogate pair is one character
            chars -= 1
        return i

    def _line_column(self, offset: int) -> tuple:
        from bisect import bisect_right

        starts = self._line_starts()
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1


def with_stored_positions(text: str, findings: list) -> list:
    """Findings of a notebook, each with ``file_line``/``file_column`` (and ends): where
    in the notebook's JSON the cell line it points at is stored."""
    from dataclasses import replace

    if not any(f.cell is not None for f in findings):
        return findings
    stored = Stored(text)
    if stored._map is None:
        return findings
    out = []
    for f in findings:
        if f.cell is None:
            out.append(f)
            continue
        start = stored.position(f.cell, f.line, f.column)
        end = stored.position(f.cell, f.end_line, f.end_column)
        if start is None:
            out.append(f)
            continue
        if end is None or end < start:
            end = (start[0], start[1] + 1)
        out.append(
            replace(f, file_line=start[0], file_column=start[1], file_end_line=end[0], file_end_column=end[1])
        )
    return out


# --- the reader (smlint.readers) --------------------------------------------------------------


def read(text: str, path: str, context):
    """The code cells read as one Python module (through the registry), the findings told by
    cell and line within the cell."""
    from functools import partial

    from ..sources import Problem
    from . import no_comments
    from . import read as read_as
    from .extracted import Extracted

    try:
        module, cells = notebook_source(text)
    except LoadError as err:
        return Extracted(problem=Problem(path, err.message, err.line, err.column), comments=no_comments)
    found = read_as(module, path, "python", context)
    found.relocate, found.locate = partial(_in_cells, cells=cells), cells.locate
    found.comments = partial(_cell_comments, module, cells)
    if found.problem is None:
        requests = [doc for unit in found.units for doc in ([d for _, d in unit.variants] or [unit.document])]
        _name_cells(requests, found.configs, cells)
    return found


def comments(text: str) -> list:
    """The comments of the code cells, each told by its cell and line in it."""
    try:
        module, cells = notebook_source(text)
    except LoadError:
        return []  # the file's SM001 says why
    return _cell_comments(module, cells)


def _cell_comments(module: str, cells) -> list:
    from . import Comment
    from .code import comments as python_comments

    out = []
    for line, column, comment in python_comments(module):
        cell, within = cells.locate(line)
        out.append(Comment(within, column, comment, cell))
    return out


def _name_cells(requests: list, configs: list, cells) -> None:
    """A notebook's calls are named by cell and line within it (``call at line 3 of cell 8``),
    and its endpoint configs placed so (``nb.ipynb:cell 3:5``), as its findings are."""
    for doc in [*requests, *configs]:
        cell, line = cells.locate(doc.source_map.start.line)
        if cell is not None:
            doc.origin = f"call at line {line} of cell {cell}"
    for doc in configs:
        cell, line = cells.locate(doc.source_map.resolve(("ProductionVariants",)).line)
        if cell is not None:
            doc.where = f"{doc.path}:cell {cell}:{line}"


def _in_cells(findings: list, cells) -> list:
    """Findings told by notebook cell, and line within the cell."""
    from dataclasses import replace

    out = []
    for f in findings:
        cell, line = cells.locate(f.line)
        end_cell, end_line = cells.locate(f.end_line)
        if end_cell != cell:
            end_line = line
        out.append(replace(f, cell=cell, line=line, end_line=end_line))
    return out


stored_positions = with_stored_positions
