"""A large Python module is parsed and evaluated a part at a time (CPython's parser peaks at
~100 bytes per character, and a tree held whole is ~50 per character): the tree is the one
``ast.parse`` gives, positions included, and the findings are those of a whole parse."""

from __future__ import annotations

import ast

from hypothesis import given, settings
from hypothesis import strategies as st
from support.linting import lint_text

import smlint.readers.python as python_reader
from smlint.readers.python import parse_in_parts

HEAD = "import boto3\nsm = boto3.client('sagemaker')\n"
GOOD = "sm.update_endpoint(EndpointName='good_name', EndpointConfigName='c')\n"

# Top-level pieces whose lines at column 0 are not all statement starts.
PIECES = [
    "x = 1\n",
    's = """\nx = 2\n"""\n',
    "t = (\n1,\n2)\n",
    "if x:\n    y = 1\nelse:\n    y = 2\n",
    "try:\n    pass\nexcept ValueError:\n    pass\nfinally:\n    pass\n",
    "@staticmethod\ndef f():\n    return 1\n",
    "u = 1 + \\\n2\n",
    "# a comment\n\n",
    "class C:\n    a = 1\n\n    def m(self):\n        return '''\nraw\n'''\n",
    "v = [\n]\n",
    "w = 'é' * 3\r\n",
    "z = f'{x}'\rq = 2\n",
]


def _same(text: str) -> None:
    assert ast.dump(parse_in_parts(text), include_attributes=True) == ast.dump(
        ast.parse(text), include_attributes=True
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40), st.integers(1, 120))
def test_parts_give_the_tree_of_a_whole_parse(pieces, part):
    old = python_reader.PARSE_PART
    python_reader.PARSE_PART = part
    try:
        _same("".join(pieces))
    finally:
        python_reader.PARSE_PART = old


def test_a_future_import_after_the_first_part_is_parsed_with_the_whole(monkeypatch):
    # (a future import changes how the rest parses: only the whole module's parser sees it)
    monkeypatch.setattr(python_reader, "PARSE_PART", 10)
    _same("x = 1\n" * 5 + "from __future__ import annotations\n")


def _rows(text: str) -> list:
    return sorted(
        (f.rule, f.line, f.column, f.message) for f in lint_text(text, "python", "r.py", select=("ALL",))
    )


def test_many_calls_streamed_give_the_findings_of_a_whole_parse(monkeypatch):
    call = "sm.update_endpoint(EndpointName='e_{i}', EndpointConfigName='c')\n"
    text = HEAD + "".join(call.format(i=i) for i in range(300)) + 'doc = """\nx = 1\n"""\n' + GOOD
    whole = _rows(text)
    assert len([r for r in whole if r[0] == "SM106"]) == 301
    monkeypatch.setattr(python_reader, "PARSE_PART", 500)
    assert _rows(text) == whole


def test_a_part_that_does_not_parse_alone_means_the_module_whole(monkeypatch):
    # the part boundary falls inside a string whose lines look like statements
    monkeypatch.setattr(python_reader, "PARSE_PART", 40)
    text = (
        HEAD
        + "NAME = 'good_name'\n"
        + 'doc = """\n'
        + "x = 1\n" * 20
        + '"""\n'
        + GOOD.replace("'good_name'", "NAME")
    )
    rows = _rows(text)
    assert [r[:2] for r in rows] == [("SM106", text.count("\n"))]


def test_a_syntax_error_late_in_a_large_module_is_at_its_place(monkeypatch):
    monkeypatch.setattr(python_reader, "PARSE_PART", 40)
    text = HEAD + "x = 1\n" * 30 + "y = (\n" + GOOD
    rows = _rows(text)
    assert [r[:2] for r in rows] == [("SM001", 33)] and rows[0][3].startswith("Python syntax error")


def test_nothing_stays_frozen_after_a_large_module(monkeypatch):
    import gc

    monkeypatch.setattr(python_reader, "PARSE_PART", 200)
    call = "sm.update_endpoint(EndpointName='e_{i}', EndpointConfigName='c')\n"
    rows = _rows(HEAD + "".join(call.format(i=i) for i in range(50)) + GOOD)
    assert len(rows) == 51
    assert gc.isenabled() and gc.get_freeze_count() == 0
