"""Where a notebook's findings are stored in its JSON (GitHub annotations, SARIF regions):
found by one pass of the json module's scanner, placed as the composed JSON placed them."""

import json
from bisect import bisect_right

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smlint.locations import LINE_END
from smlint.readers.json import load_json
from smlint.readers.notebook_json import Stored, cell_offsets, source_literals


class Composed:
    """The former way, the oracle: the whole JSON composed with positions (libyaml), the
    literal of a cell's source looked up in its source map, escapes walked one by one. (Its
    lines within a cell are counted at CRLF, CR and LF, as the cells' lines are.)"""

    def __init__(self, text: str):
        self._text = text
        parsed = load_json(text)
        self._map = parsed.documents[0].source_map
        self._value = parsed.documents[0].value
        self._starts = [0] + [m.end() for m in LINE_END.finditer(text)]

    def position(self, cell: int, line: int, column: int):
        cells = self._value.get("cells")
        if not 0 < cell <= len(cells) or not isinstance(cells[cell - 1], dict):
            return None
        source = cells[cell - 1].get("source")
        pieces = source if isinstance(source, list) else [source]
        if not all(isinstance(p, str) for p in pieces) or not pieces:
            return None
        joined = "".join(pieces)
        lines = [0] + [m.end() for m in LINE_END.finditer(joined)]
        if not 0 < line <= len(lines):
            return None
        offset = lines[line - 1] + column - 1
        piece, start = 0, 0
        while piece < len(pieces) - 1 and start + len(pieces[piece]) <= offset:
            start += len(pieces[piece])
            piece += 1
        keys = ("cells", cell - 1, "source") + ((piece,) if isinstance(source, list) else ())
        literal = self._map.value_position(keys)
        text = self._text
        i = self._starts[literal.line - 1] + literal.column - 1
        assert text[i] == '"'
        i += 1
        chars = offset - start
        while chars > 0 and text[i] != '"':
            if text[i] != "\\":
                i += 1
            elif text[i + 1] != "u":
                i += 2
            else:
                high = int(text[i + 2 : i + 6], 16)
                i += 6
                low = text[i : i + 6]
                if 0xD800 <= high < 0xDC00 and low[:2] == "\\u" and 0xDC00 <= int(low[2:], 16) < 0xE000:
                    i += 6
            chars -= 1
        line = bisect_right(self._starts, i)
        return line, i - self._starts[line - 1] + 1


TEXT = st.lists(
    st.one_of(
        st.sampled_from(
            ["a", "x", " ", '"', "\\", "é", "😀", "\u2028", "\t", "\n", "\r\n", "\r", "\x01", "/"]
        ),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=20,
).map("".join)


@st.composite
def notebooks(draw):
    cells = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["code", "code", "markdown", "raw"]))
        text = draw(TEXT)
        if draw(st.booleans()):
            source = text
        elif draw(st.booleans()):
            source = text.splitlines(keepends=True)
        else:  # cut anywhere, empty pieces too
            cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=4)))
            source = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
        cell = {"cell_type": kind, "metadata": {"tags": [draw(TEXT)]}}
        if kind == "code":  # outputs and other keys before and after the source
            cell["outputs"] = [{"output_type": "stream", "text": [draw(TEXT)], "n": [1.5, None, True]}]
        cell["source"] = source
        if draw(st.booleans()):
            cell["execution_count"] = draw(st.one_of(st.none(), st.integers(0, 99)))
        cells.append(cell)
    nb = {"metadata": {"k": draw(TEXT)}, "cells": cells, "nbformat": 4, "nbformat_minor": 5}
    text = json.dumps(nb, indent=draw(st.sampled_from([None, 1, 2])), ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):  # a notebook saved with CRLF (or CR) line ends
        text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r"])))
    return text, cells


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notebooks())
def test_scanned_positions_are_the_composed_ones(case):
    text, cells = case
    new, old = Stored(text), Composed(text)
    for number, cell in enumerate(cells, 1):
        joined = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        lines = LINE_END.split(joined)
        for line in range(1, len(lines) + 2):
            width = len(lines[line - 1]) if line <= len(lines) else 0
            for column in range(1, width + 3):
                assert new.position(number, line, column) == old.position(number, line, column), (
                    number,
                    line,
                    column,
                )


@settings(max_examples=100, deadline=None)
@given(notebooks())
def test_the_scanner_finds_each_source_string_as_stored(case):
    text, cells = case
    found = source_literals(text)
    assert len(found) == len(cells)
    for literals, cell in zip(found, cells, strict=True):
        pieces = [cell["source"]] if isinstance(cell["source"], str) else cell["source"]
        if not pieces:
            assert literals is None
            continue
        assert [value for _, _, value in literals] == pieces
        assert [json.loads(text[start:end]) for start, end, _ in literals] == pieces


def test_the_last_of_duplicated_keys_is_the_one_placed():
    text = '{"cells": [{"cell_type": "code", "source": "a = 1\\n", "source": ["b = 2\\n"]}], "cells": [{"source": "c"}]}'
    assert source_literals(text) == [[(text.rindex('"c"'), text.rindex('"c"') + 3, "c")]]


def test_not_a_notebook_places_nothing():
    for text in ('[{"cells": []}]', '{"cells": {}}', '{"cells": [', "{}", '{"cells": [1, {"source": 2}]}'):
        found = source_literals(text)
        assert found in (None, [None, None]), text


def test_a_lone_cr_in_a_cell_keeps_the_stored_line_of_later_lines():
    # cell 1 is "a = 1\rb = 2\n" stored as one string: its line 2 starts after the CR
    text = json.dumps({"cells": [{"cell_type": "code", "source": "a = 1\rb = 2\n"}]}, indent=1)
    (row,) = [i for i, line in enumerate(text.splitlines(), 1) if "b = 2" in line]
    column = text.splitlines()[row - 1].index("b = 2") + 1
    assert Stored(text).position(1, 2, 1) == (row, column)
    assert Stored(text).position(1, 1, 3) == (row, column - 5)  # the "=" of line 1


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["cells", "metadata", "nbformat", "x"]), JSON_VALUES), st.data())
def test_the_cells_are_found_where_json_reads_them(top, data):
    text = json.dumps(top, indent=data.draw(st.sampled_from([None, 1, "\t"])))
    if data.draw(st.booleans()):  # a duplicated "cells": the last one is read
        text = text[:-1].rstrip() + (", " if top else "") + '"cells": [{"source": "z"}, 1]}'
    value = json.loads(text)
    found = cell_offsets(text)
    if not isinstance(value.get("cells"), list):
        assert found is None
        return
    assert [json.JSONDecoder().raw_decode(text, at)[0] for at in found] == value["cells"]


def test_text_that_is_not_json_has_no_cells():
    for text in ('{"cells": []} x', '{"cells": [1,]}', '{"cells": [1 2]}', '{"cells" [1]}', "", "  "):
        assert cell_offsets(text) is None, text


# -- the cells read by the scanner, one at a time, as json.loads read them ---------------------


def loaded_source(text: str):
    """The former reading, the oracle: the notebook read whole by json.loads."""
    from smlint.readers.notebook import python_lines

    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        return f"not a notebook: invalid JSON ({exc.msg})", exc.lineno, exc.colno
    except RecursionError:
        return "not a notebook: JSON nested too deeply", 1, 1
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        if isinstance(nb, dict) and "worksheets" in nb:
            return "nbformat 3", 1, 1
        return 'not a notebook: no "cells" list at the top level', 1, 1
    lines, starts = [], []
    for number, cell in enumerate(nb["cells"], 1):
        if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
            return f'not a notebook: cell {number} has no "cell_type"', 1, 1
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            return f'not a notebook: the "source" of cell {number} is neither text nor a list of lines', 1, 1
        if cell["cell_type"] == "code":
            starts.append((len(lines) + 1, number))
            lines.extend(python_lines(source))
    return "\n".join(lines) + "\n", starts


def scanned_source(text: str):
    from smlint.readers.nodes import LoadError
    from smlint.readers.notebook import notebook_source

    try:
        module, cells = notebook_source(text)
    except LoadError as err:
        message = "nbformat 3" if err.message.startswith("nbformat 3") else err.message
        return message, err.line, err.column
    return module, list(zip(cells.starts, cells.numbers, strict=True))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notebooks(), st.data())
def test_a_notebook_read_cell_by_cell_reads_as_json_loads_reads_it(case, data):
    text, _ = case
    edits = data.draw(
        st.lists(
            st.tuples(
                st.integers(0, len(text)),
                st.sampled_from(["", ",", "]", "}", '"', "1", " ", '{"worksheets": 1}', "[", "\\"]),
            ),
            max_size=2,
        )
    )
    for at, put in edits:  # broken on purpose, anywhere: json's message and position said
        text = text[:at] + put + text[at + data.draw(st.integers(0, 2)) :]
    assert scanned_source(text) == loaded_source(text)


def test_what_is_not_a_notebook_is_said_as_before():
    for text in (
        "[]",
        "1",
        '"x"',
        "{}",
        '{"cells": 1}',
        '{"worksheets": []}',
        '{"cells": [1]}',
        "",
        "{",
        '{"cells": []} []',
        '{"cells": [{"cell_type": "code", "source": 1}]}',
        "[" * 100_000,
    ):
        assert scanned_source(text) == loaded_source(text), text


def test_the_reader_places_its_findings_as_a_later_pass_would():
    from dataclasses import replace

    from smlint.readers.notebook_json import with_stored_positions
    from smlint.runner import Linter, Options

    bad = "sm.update_endpoint(EndpointName='a_b', EndpointConfigName='c')\r"
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# é\n"]},
        {
            "cell_type": "code",
            "metadata": {},
            "source": ["import boto3\n", "sm = boto3.client('sagemaker')\n"],
        },
        {"cell_type": "code", "metadata": {}, "source": "x = '\\u00e9'\r" + bad + bad},
    ]
    text = json.dumps({"cells": cells, "metadata": {}}, indent=1, ensure_ascii=False)
    findings, _ = Linter(Options()).lint_text("nb.ipynb", text, "notebook")
    (row,) = [i for i, line in enumerate(text.splitlines(), 1) if "a_b" in line]  # (the cell's one string)
    first = text.splitlines()[row - 1].index("sm.update_endpoint") + 1
    second = text.splitlines()[row - 1].rindex("sm.update_endpoint") + 1
    assert [(f.rule, f.cell, f.line, f.file_line, f.file_column - f.column) for f in findings] == [
        ("SM106", 3, 2, row, first - 1),
        ("SM106", 3, 3, row, second - 1),
    ]
    cleared = [
        replace(f, file_line=None, file_column=None, file_end_line=None, file_end_column=None)
        for f in findings
    ]
    assert with_stored_positions(text, cleared) == findings
