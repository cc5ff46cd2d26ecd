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
            raise LoadError("nbformat 3 notebook (worksheets): smlint reads nbformat 4; run `jupyter nbconvert --to notebook` to upgrade it")
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
            raise LoadError(f'not a notebook: the "source" of cell {number} is neither text nor a list of lines')
        if cell["cell_type"] != "code":
            continue
        cells.starts.append(len(lines) + 1)
        cells.numbers.append(number)
        lines.extend(python_lines(source))
    return "\n".join(lines) + "\n", cells


_LINE_END = re.compile(r"\r\n|\r|\n")  # as Python's tokenizer and smlint's LineIndex count lines


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
