"""Where a notebook's cells are stored in its JSON, read with the json module's own C scanner:
each cell read and dropped (``Walk``: a notebook of a million cells is never held whole), the
offset where each cell starts, and the line and column of the raw file where a cell's line is
stored (``Stored``), which GitHub annotations and SARIF regions point at. Linear, and
nothing but the offsets is kept. (smlint.readers.notebook turns the cells into a module.)"""

from __future__ import annotations

import json
from array import array
from bisect import bisect_right
from itertools import accumulate

from ..locations import LINE_END as _LINE_END  # as Python's tokenizer and LineIndex count lines
from .nodes import LoadError

OBJECT = object()  # what json_value reads an object as


def json_value(text: str):
    """The value of ``text`` with every object read as ``OBJECT`` (nothing of it kept: a
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
    return OBJECT


class Stored:
    """Where a line of a cell is stored in the notebook's JSON: the line and column of the
    raw file that GitHub annotations and SARIF regions point at (the text output says the
    cell instead). Built only when a notebook has findings: where each cell starts, from one
    pass of the json module's scanner over the file (``cell_offsets``), then the strings of
    the source of each cell that has findings (``Walk.cell_source``). Linear, and nothing
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
                    found = Walk(self._text).cell_source(offsets[cell - 1])
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
            walked = Walk(text).cells()
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
    walk = Walk(text)
    return [walk.cell_source(offset) for offset in offsets]


class Walk:
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
        the object at ``i`` (``key_start``: where the member's key starts); the offset past
        the object."""
        text = self.text
        i = self.skip(i + 1)
        if text[i] == "}":
            return i + 1
        while True:
            if text[i] != '"':
                raise ValueError(i)
            self.key_start = i
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
