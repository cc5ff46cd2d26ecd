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
from array import array
from bisect import bisect_right
from itertools import accumulate

from ..locations import LINE_END as _LINE_END  # as Python's tokenizer and LineIndex count lines
from ..sources import MAX_FILE_BYTES
from .code import may_hold, may_hold_bytes  # noqa: F401 - the reader contract: a notebook's words are its cells'
from .nodes import LoadError

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
            walked = _Walk(text).cells(_cell)
    except RecursionError:
        raise LoadError("not a notebook: JSON nested too deeply") from None
    except (ValueError, IndexError, StopIteration):
        pass
    if walked is None:
        value = _json_value(text)  # (raises json's error)
        if value is not _OBJECT:
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


_OBJECT = object()  # what _json_value reads an object as


def _json_value(text: str):
    """The value of ``text`` with every object read as ``_OBJECT`` (nothing of it kept: a
    memory bound), or json's error as a LoadError."""
    try:
        return json.loads(text, object_pairs_hook=_an_object)
    except json.JSONDecodeError as exc:
        raise LoadError(f"not a notebook: invalid JSON ({exc.msg})", exc.lineno, exc.colno) from None
    except RecursionError:
        raise LoadError("not a notebook: JSON nested too deeply") from None
    except ValueError as exc:  # an integer of more than Python's 4300 digits
        raise LoadError(f"not a notebook: {exc}") from None


def _an_object(pairs):
    return _OBJECT


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


class Stored:
    """Where a line of a cell is stored in the notebook's JSON: the line and column of the
    raw file that GitHub annotations and SARIF regions point at (the text output says the
    cell instead). Built only when a notebook has findings: where each cell starts, from one
    pass of the json module's scanner over the file (``cell_offsets``), then the strings of
    the source of each cell that has findings (``_Walk.cell_source``). Linear, and nothing
    but the offsets is kept."""

    def __init__(self, text: str, offsets=None):
        """``offsets``: where each cell starts in ``text``, when the reader found them."""
        self._text = text
        self._offsets = offsets if offsets is not None else cell_offsets(text)  # (None: not known)
        self._literals: dict = {}  # cell -> its source's string literals
        self._cells: dict = {}  # cell -> (line starts in the joined source, piece ends)
        self._escapes: dict = {}  # literal offset -> its escapes (chars before, offset, length)

    def literals(self, cell: int) -> list | None:
        if cell not in self._literals:
            offsets = self._offsets
            found = None
            if offsets is not None and 0 < cell <= len(offsets):
                try:
                    found = _Walk(self._text).cell_source(offsets[cell - 1])
                except (ValueError, IndexError, RecursionError, StopIteration):
                    found = None
            self._literals[cell] = found
        return self._literals[cell]

    def position(self, cell: int, line: int, column: int) -> tuple | None:
        """(line, column) in the file of column ``column`` of line ``line`` of cell ``cell``
        (all 1-based, cells numbered as findings number them); None when it cannot be told."""
        offset = self.offset(cell, line, column)
        return None if offset is None else self.line_column([offset])[offset]

    def offset(self, cell: int, line: int, column: int) -> int | None:
        """The offset in the file's text of what ``position`` tells."""
        literals = self.literals(cell)
        if literals is None:
            return None
        lines, ends = self._layout(cell, literals)
        if not 0 < line <= len(lines):
            return None
        offset = lines[line - 1] + column - 1  # in the joined source
        # the first piece that ends after it (the last piece holds what lies past the end)
        piece = min(bisect_right(ends, offset), len(ends) - 1)
        quote, end, value = literals[piece]
        return self._raw_offset(quote, end, offset - (ends[piece] - len(value)))

    def _layout(self, cell: int, literals: list) -> tuple:
        """The offsets in the cell's joined source where its lines start (a line ends as
        Python's tokenizer says: CRLF, CR or LF), and where each stored piece ends."""
        known = self._cells.get(cell)
        if known is None:
            joined = "".join(value for _, _, value in literals)
            lines = [0] + [m.end() for m in _LINE_END.finditer(joined)]
            ends = list(accumulate(len(value) for _, _, value in literals))
            known = self._cells[cell] = (lines, ends)
        return known

    def _raw_offset(self, quote: int, end: int, chars: int) -> int:
        """The offset in the file of the ``chars``-th character of the string literal whose
        opening quote is at ``quote`` (and closing quote at ``end`` - 1): JSON escapes take
        several characters, found once per literal."""
        escapes = self._escapes.get(quote)
        if escapes is None:
            escapes = self._escapes[quote] = _escapes(self._text, quote, end)
        i = bisect_right(escapes, (chars, end)) - 1
        if i < 0:
            return min(quote + 1 + chars, end - 1)
        before, at, length = escapes[i]
        if before == chars:
            return at
        return min(at + length + chars - before - 1, end - 1)

    def line_column(self, offsets) -> dict:
        """{offset: (line, column)} for offsets of the file, in one pass over the text up to
        the last of them (a line ends at CRLF, CR or LF, as the JSON reader counts)."""
        text, out = self._text, {}
        line, start, at = 1, 0, 0
        # (no offset falls inside a CRLF: they are in string literals, where JSON has none)
        for offset in sorted(set(offsets)):
            lf, cr = text.count("\n", at, offset), text.count("\r", at, offset)
            if lf or cr:
                line += lf + cr - text.count("\r\n", at, offset)
                start = max(text.rfind("\n", at, offset), text.rfind("\r", at, offset)) + 1
            out[offset] = (line, offset - start + 1)
            at = offset
        return out


def _escapes(text: str, quote: int, end: int) -> list:
    """(characters before it in the string, offset, length) of each escape of the string
    literal ``text[quote:end]``; a surrogate pair is one character, as json decodes it."""
    out, chars, i = [], 0, quote + 1
    while True:
        escape = text.find("\\", i, end)
        if escape < 0:
            return out
        chars += escape - i
        length = 2
        if text[escape + 1 : escape + 2] == "u":
            length = 6
            high = int(text[escape + 2 : escape + 6], 16)
            low = text[escape + 6 : escape + 12]
            if 0xD800 <= high < 0xDC00 and low[:2] == "\\u" and 0xDC00 <= int(low[2:], 16) < 0xE000:
                length = 12  # a surrogate pair is one character
        out.append((chars, escape, length))
        chars += 1
        i = escape + length


def cell_offsets(text: str) -> list | None:
    """The offset in ``text`` where each cell of the notebook starts, from one pass of the
    json module's own scanner: the top-level object and the ``cells`` array are walked here,
    each value in them is skipped by the scanner (C); the last of duplicated keys wins, as
    in ``json.loads``. None when the text is not valid JSON holding an object with a
    ``cells`` array."""
    from .collector import paused

    try:
        with paused():  # (what the scanner builds is dropped at once, by reference counting)
            walked = _Walk(text).cells()
    except (ValueError, IndexError, RecursionError, StopIteration):
        return None
    return None if walked is None else walked[1]


def source_literals(text: str) -> list | None:
    """For each cell of the notebook ``text``, its ``source`` as stored: a list of
    (offset of the opening quote, offset past the closing quote, value) for each string of
    it (one for a source kept as one string), or None for a cell without a text source."""
    offsets = cell_offsets(text)
    if offsets is None:
        return None
    walk = _Walk(text)
    return [walk.cell_source(offset) for offset in offsets]


class _Walk:
    def __init__(self, text: str):
        from json.decoder import WHITESPACE, JSONDecoder, scanstring

        self.text, self._ws, self._string = text, WHITESPACE.match, scanstring
        decoder = JSONDecoder()
        self._value, self._scan = decoder.raw_decode, decoder.scan_once  # (the C scanner's)

    def skip(self, i: int) -> int:
        return self._ws(self.text, i).end()

    def cells(self, keep=None) -> tuple | None:
        """(the top-level object's keys, the offset of each cell, or ``keep(cell)`` of each
        cell when ``keep`` is given); the cells None when there is no ``cells`` array. None
        when the text is not a JSON object."""
        text, found, kept = self.text, {}, {}

        def member(key: str, i: int) -> int:
            keys[key] = None
            if key == "cells" and text[i] == "[":
                found[key], kept[key] = array("q"), [] if keep is not None else None
                return self._items(i, found[key], keep, kept[key])
            found.pop(key, None)
            return self._value(text, i)[1]

        keys: dict = {}
        i = self.skip(0)
        if text[i] != "{":
            return None
        if self.skip(self.object(i, member)) != len(text):
            raise ValueError("extra data")
        return set(keys), found.get("cells"), kept.get("cells") if "cells" in found else None

    def _items(self, i: int, offsets: list, keep=None, kept=None) -> int:
        """The array at ``i``: each item's offset appended to ``offsets`` (and ``keep(item)``
        to ``kept``), the item read by the scanner; the offset past the array. (The loop of
        the one array that may hold a million items: no call but the scanner's per item.)"""
        text, ws, value, blank = self.text, self._ws, self._scan, " \t\n\r"
        i = ws(text, i + 1).end()
        if text[i] == "]":
            return i + 1
        while True:
            offsets.append(i)
            if keep is None:
                i = value(text, i)[1]
            else:
                item, i = value(text, i)
                kept.append(keep(item))
            if text[i] in blank:
                i = ws(text, i).end()
            if text[i] == "]":
                return i + 1
            if text[i] != ",":
                raise ValueError(i)
            i += 1
            if text[i] in blank:
                i = ws(text, i).end()

    def cell_source(self, i: int) -> list | None:
        """The string literals of the source of the cell whose JSON starts at ``i``."""
        text, found = self.text, [None]
        if text[i] != "{":
            return None

        def member(key: str, j: int) -> int:
            if key != "source":
                return self._value(text, j)[1]
            found[0] = None
            if text[j] == '"':
                value, end = self._string(text, j + 1)
                found[0] = [(j, end, value)]
                return end
            if text[j] != "[":
                return self._value(text, j)[1]
            pieces: list = []

            def piece(index: int, k: int) -> int:
                if text[k] == '"':
                    value, end = self._string(text, k + 1)
                    pieces.append((k, end, value))
                    return end
                pieces.append(None)
                return self._value(text, k)[1]

            end = self.array(j, piece)
            found[0] = pieces if pieces and None not in pieces else None
            return end

        self.object(i, member)
        return found[0]

    def object(self, i: int, member) -> int:
        """``member(key, offset of its value) -> offset past the value`` for each member of
        the object at ``i``; the offset past the object."""
        text = self.text
        i = self.skip(i + 1)
        if text[i] == "}":
            return i + 1
        while True:
            if text[i] != '"':
                raise ValueError(i)
            key, i = self._string(text, i + 1)
            i = self.skip(i)
            if text[i] != ":":
                raise ValueError(i)
            i = self.skip(member(key, self.skip(i + 1)))
            if text[i] == "}":
                return i + 1
            if text[i] != ",":
                raise ValueError(i)
            i = self.skip(i + 1)

    def array(self, i: int, item) -> int:
        text = self.text
        i = self.skip(i + 1)
        if text[i] == "]":
            return i + 1
        index = 0
        while True:
            i = self.skip(item(index, i))
            if text[i] == "]":
                return i + 1
            if text[i] != ",":
                raise ValueError(i)
            i, index = self.skip(i + 1), index + 1


def with_stored_positions(text: str, findings: list, stored: Stored | None = None) -> list:
    """Findings of a notebook, each with ``file_line``/``file_column`` (and ends): where
    in the notebook's JSON the cell line it points at is stored. (Findings placed already
    are kept as they are.)"""
    from dataclasses import replace

    if not any(f.cell is not None and f.file_line is None for f in findings):
        return findings
    stored = stored if stored is not None else Stored(text)
    if stored._offsets is None:  # (not a notebook json reads: nothing to place)
        return findings
    offsets = {}
    for f in findings:
        if f.cell is not None and f.file_line is None:
            offsets[f.cell, f.line, f.column] = stored.offset(f.cell, f.line, f.column)
            offsets[f.cell, f.end_line, f.end_column] = stored.offset(f.cell, f.end_line, f.end_column)
    places = stored.line_column(o for o in offsets.values() if o is not None)
    out = []
    for f in findings:
        if f.cell is None or f.file_line is not None:
            out.append(f)
            continue
        start = places.get(offsets[f.cell, f.line, f.column])
        end = places.get(offsets[f.cell, f.end_line, f.end_column])
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
