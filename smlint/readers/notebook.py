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
from ..sources import MAX_FILE_BYTES
from .code import may_hold, may_hold_bytes  # noqa: F401 - the reader contract: a notebook's words are its cells'
from .nodes import LoadError
from .notebook_json import OBJECT, Stored, Walk, json_value, with_stored_positions

# Cell magics whose body is Python all the same: only their first line is IPython's.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "memit", "skip"})
_MAGIC = re.compile(r"^(\s*)(?:[%!?]|\w[\w.]*\s*=\s*[%!])")
_HELP = re.compile(r"^(\s*)[\w.\[\]()'\"]+\?\??\s*$")
_IPYTHON = re.compile(r"[%!?]")  # a cell without these characters has no IPython line


# A notebook's limit is on what smlint lints, its code, as much as a .py file may hold; the
# JSON around it (outputs: base64 images) has the format's byte limit (smlint.readers.FORMATS).
MAX_CODE_BYTES = MAX_FILE_BYTES


class Cells:
    def __init__(self):
        self.starts: list = []  # first module line of each code cell
        self.numbers: list = []  # its number in the notebook
        self.cut: LoadError | None = None  # where the code passed MAX_CODE_BYTES (a module line)
        self.offsets = None  # where each cell starts in the notebook's JSON text (for Stored)

    def locate(self, line: int) -> tuple:
        i = bisect_right(self.starts, line) - 1
        if i < 0:
            return None, line
        return self.numbers[i], line - self.starts[i] + 1


def notebook_source(text: str) -> tuple:
    """(module text, Cells) or raises LoadError."""
    lines: list = []  # each code cell's text, its line ends as Python's ("\n")
    count = 0  # the module's lines so far
    cells = Cells()
    size, left = 0, 0  # bytes of code so far; code cells past the limit
    found, cells.offsets = _cells(text)
    for number, source in enumerate(found, 1):
        if source is None:
            raise LoadError(f'not a notebook: cell {number} has no "cell_type"')
        if source is _NO_TEXT:
            raise LoadError(
                f'not a notebook: the "source" of cell {number} is neither text nor a list of lines'
            )
        if source is _NOT_CODE:
            continue
        size += len(source) if source.isascii() else len(source.encode("utf-8", "surrogatepass"))
        if size > MAX_CODE_BYTES:  # the cells before are linted, this one and the rest are not
            if cells.cut is None:
                cells.starts.append(count + 1)
                cells.numbers.append(number)
                cells.cut = LoadError("", count + 1, 1)
                cut_at = number
                lines.append("")  # (the place of the cut, in the cell it falls in)
                count += 1
            left += 1
            continue
        cells.starts.append(count + 1)
        cells.numbers.append(number)
        if "\r" in source or _IPYTHON.search(source):
            cell = python_lines(source)
            lines.append("\n".join(cell))
            count += len(cell)
        else:  # (most cells: the lines python_lines would give, without splitting them)
            body = source[:-1] if source.endswith("\n") else source
            lines.append(body)
            count += body.count("\n") + 1
    if cells.cut is not None:
        cells.cut.message = (
            f"the code cells hold more than {MAX_CODE_BYTES >> 20} MiB of code ({MAX_CODE_BYTES} bytes), "
            f"the most smlint reads: cell {cut_at} and the {left - 1} code cell{'s' if left > 2 else ''} after it are not linted"
            if left > 1
            else f"the code cells hold more than {MAX_CODE_BYTES >> 20} MiB of code ({MAX_CODE_BYTES} bytes), "
            f"the most smlint reads: cell {cut_at}, the last code cell, is not linted"
        )
    return "\n".join(lines) + "\n", cells


def _cells(text: str) -> tuple:
    """What the reader needs of each cell of the notebook ``text`` (``_cell``), and where
    each cell starts in ``text`` (None when not known), or raises LoadError. Each cell is read by the json module's scanner and dropped (``_Walk.cells``):
    a notebook of a million small cells is never held whole (as ``json.loads`` holds it: ten
    times its size). Where the walk fails, json says why."""
    from .collector import paused

    walked = None
    try:
        with paused():  # (the cells' values, dropped by reference counting)
            walked = Walk(text).cells(_cell)
    except RecursionError:
        raise LoadError("not a notebook: JSON nested too deeply") from None
    except (ValueError, IndexError, StopIteration):
        pass
    if walked is None:
        value = json_value(text)  # (raises json's error)
        if value is not OBJECT:
            raise LoadError('not a notebook: no "cells" list at the top level')
        nb = json.loads(text)  # (an object the walk did not read: read as json reads it)
        if not isinstance(nb.get("cells"), list):
            walked = set(nb), None, None
        else:
            walked = set(nb), None, [_cell(cell) for cell in nb["cells"]]
    keys, offsets, found = walked
    if found is None:
        if "worksheets" in keys:
            raise LoadError(
                "nbformat 3 notebook (worksheets): smlint reads nbformat 4; run `jupyter nbconvert --to notebook` to upgrade it"
            )
        raise LoadError('not a notebook: no "cells" list at the top level')
    return found, offsets


def _cell(value):
    """What the reader keeps of a cell: the source of a code cell (its lines joined), or
    why it is not one: None (no ``cell_type``), _NO_TEXT (a source that is not text), or
    _NOT_CODE. (A million markdown cells are a million references to one object.) JSON's
    values are exactly dict, list, str: ``type`` is what isinstance would say."""
    if type(value) is not dict or type(value.get("cell_type")) is not str:
        return None
    source = value.get("source", "")
    if type(source) is list:
        try:
            source = "".join(source)
        except TypeError:  # (an item that is not text)
            return _NO_TEXT
    elif type(source) is not str:
        return _NO_TEXT
    return source if value["cell_type"] == "code" else _NOT_CODE


_NO_TEXT, _NOT_CODE = object(), object()


def python_lines(source: str) -> list:
    # (a lone CR ends a line for Python too: split on "\n" alone, a cell of CR-ended lines would
    # be one module line here and several to the parser, and later cells' lines would shift)
    lines = (_LINE_END.split(source) if "\r" in source else source.split("\n")) if source else [""]
    if lines and lines[-1] == "" and len(lines) > 1:
        lines.pop()
    if not _IPYTHON.search(source):  # (most cells: no line can be IPython's)
        return lines
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
    if cells.cut is not None:  # what the cells before it hold is linted, and the cut is said
        found.problems.append(Problem(path, cells.cut.message, cells.cut.line, cells.cut.column))
    found.relocate, found.locate = partial(_in_cells, cells=cells, text=text), cells.locate
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


def _in_cells(findings: list, cells, text: str | None = None) -> list:
    """Findings told by notebook cell, and line within the cell; and where in the JSON
    ``text`` that line is stored, while the cells' offsets the reader found are at hand (the
    findings made later, of suppression comments, are placed by ``with_stored_positions``)."""
    from dataclasses import replace

    out = []
    for f in findings:
        cell, line = cells.locate(f.line)
        end_cell, end_line = cells.locate(f.end_line)
        if end_cell != cell:
            end_line = line
        out.append(replace(f, cell=cell, line=line, end_line=end_line))
    if text is not None and cells.offsets is not None:
        out = with_stored_positions(text, out, Stored(text, cells.offsets))
    return out


stored_positions = with_stored_positions
