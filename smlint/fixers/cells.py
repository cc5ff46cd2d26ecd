"""Edits of a notebook's code, as edits of the .ipynb file: inside the JSON strings that hold
the cell's source (a list of lines, or one string), re-escaped.

The module the Python reader reads is the code cells joined (smlint.readers.notebook); an edit
of it lies in one cell. Its span is mapped to the cell's source, then into the JSON strings:
within one string, only the escaped characters of the span change; across strings (an
entry removed with its lines), those strings are written again, one per line.
"""

from __future__ import annotations

import json

from ..fixes import Offsets


def into_notebook(edits: tuple, src) -> tuple | None:
    cells = src.cells
    out = []
    sources = _cell_sources(src.file_text)
    if sources is None:
        return None
    file_index = Offsets(src.file_text)
    for edit in edits:
        cell, line = cells.locate(edit.line)
        end_cell, end_line = cells.locate(edit.end_line)
        if cell is None or end_cell != cell or cell not in sources:
            return None
        pieces = sources[cell]  # [(string node, its decoded text)]
        code = "".join(text for _, text in pieces)
        lines = Offsets(code)
        try:
            start = lines.offset(line, edit.column)
            end = lines.offset(end_line, edit.end_column)
        except ValueError:
            return None
        # the module's text at the span must be the cell's (not a magic made `pass`)
        module = src.offsets
        if (
            src.text[module.offset(edit.line, edit.column) : module.offset(edit.end_line, edit.end_column)]
            != code[start:end]
        ):
            return None
        mapped = _in_strings(pieces, start, end, edit.text, src.file_text)
        if mapped is None:
            return None
        s, e, text = mapped
        out.append(file_index.edit(s, e, text))
    return tuple(out)


def _cell_sources(text: str):
    """cell number -> [(JSON string node, decoded value)] of its source."""
    from ..readers.libyaml import compose_all

    roots = [n for n in compose_all(text.replace("\t", " ")) if n is not None]
    if len(roots) != 1 or roots[0].id != "mapping":
        return None
    cells = next((v for k, v in roots[0].value if k.value == "cells"), None)
    if cells is None or cells.id != "sequence":
        return None
    out = {}
    for number, cell in enumerate(cells.value, 1):
        if cell.id != "mapping":
            continue
        source = next((v for k, v in cell.value if k.value == "source"), None)
        if source is None:
            continue
        nodes = source.value if source.id == "sequence" else [source]
        if all(n.id == "scalar" for n in nodes):
            out[number] = [(n, n.value) for n in nodes]
    return out


def _in_strings(pieces, start: int, end: int, new: str, text: str):
    """(start, end, text) in the file for replacing code[start:end] with ``new``."""
    at = 0
    first = last = None
    for i, (_, value) in enumerate(pieces):
        if first is None and start < at + len(value) or (start == at + len(value) and i == len(pieces) - 1):
            first = (i, start - at)
        if end <= at + len(value):
            last = (i, end - at)
            break
        at += len(value)
    if first is None or last is None:
        return None
    (i, a), (j, b) = first, last
    whole = not new and a == 0 and b == len(pieces[j][1])  # whole lines go: their strings too
    if i == j and "\n" not in new and not whole:
        raw = _raw_offsets(pieces[i][0], text)
        if raw is None:
            return None
        return raw[a], raw[b], json.dumps(new, ensure_ascii=False)[1:-1]
    # several strings: write them again, one per line of the result
    joined = pieces[i][1][:a] + new + pieces[j][1][b:]
    node_i, node_j = pieces[i][0], pieces[j][0]
    begin, stop = node_i.start_mark.index, node_j.end_mark.index
    if joined:
        parts = joined.splitlines(keepends=True)
        separator = _separator(pieces, text)
        return begin, stop, separator.join(json.dumps(p, ensure_ascii=False) for p in parts)
    # nothing left of these strings: they go with one separator
    if j + 1 < len(pieces):
        return begin, pieces[j + 1][0].start_mark.index, ""
    if i > 0:
        return pieces[i - 1][0].end_mark.index, stop, ""
    return begin, stop, '""'


def _separator(pieces, text: str) -> str:
    if len(pieces) > 1:
        return text[pieces[0][0].end_mark.index : pieces[1][0].start_mark.index]
    return ", "


def _raw_offsets(node, text: str):
    """For each character of the decoded string (and its end), its offset in the file."""
    s, e = node.start_mark.index, node.end_mark.index
    raw = text[s:e]
    if raw[:1] != '"' or raw[-1:] != '"':
        return None
    out = []
    k = 1
    while k < len(raw) - 1:
        out.append(s + k)
        if raw[k] == "\\":
            if raw[k + 1] == "u":
                code = int(raw[k + 2 : k + 6], 16)
                step = 6
                if 0xD800 <= code < 0xDC00 and raw[k + 6 : k + 8] == "\\u":
                    step = 12  # a surrogate pair: one character
                k += step
            else:
                k += 2
        else:
            k += 1
    out.append(s + len(raw) - 1)
    return out
