"""A script that cannot define an endpoint config has its requests linted as the evaluator
finds them (smlint.readers.python._Handover, through Context.lint_now): none is held until
the file is read, and what is reported is what holding them gives."""

from __future__ import annotations

import glob
import os

import pytest
from support.linting import cut_linting_at

from smlint.readers import python as python_reader
from smlint.readers.python import PARSE_PART, load_python, may_define_configs
from smlint.runner import Linter, Options

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEAD = "import boto3\nsm = boto3.client('sagemaker')\n"
CALL = "sm.update_endpoint(EndpointName='bad_{i}', EndpointConfigName='c')\n"


def _rows(result) -> list:
    return [(f.rule, f.line, f.column, f.field, f.message, f.fix) for f in result.findings]


def _held(monkeypatch) -> None:
    """Every module read as one that may define a config: its requests held, as before."""
    monkeypatch.setattr(python_reader, "may_define_configs", lambda text: True)


def test_requests_are_handed_over_in_order_and_not_held():
    text = HEAD + "".join(CALL.format(i=i) for i in range(3))
    handed = []
    loaded = load_python(text, "deploy.py", lint_now=handed.append)
    assert (loaded.requests, loaded.streamed) == ([], 3)
    assert [unit.document.payload["EndpointName"] for unit in handed] == ["bad_0", "bad_1", "bad_2"]


def test_a_module_that_may_define_a_config_holds_its_requests():
    text = (
        HEAD + CALL.format(i=0) + "sm.create_endpoint_config(EndpointConfigName='c', ProductionVariants=[])\n"
    )
    handed = []
    loaded = load_python(text, "deploy.py", lint_now=handed.append)
    assert (handed, loaded.streamed, len(loaded.requests), len(loaded.configs)) == ([], 0, 1, 1)


def test_a_config_defined_after_its_request_still_gives_it_context():
    text = (
        HEAD + CALL.format(i=0) + "sm.create_endpoint_config(EndpointConfigName='c', ProductionVariants=[])\n"
    )
    result = Linter(Options()).check_text("deploy.py", text, "python")
    assert (result.requests, result.unmatched, [c.keys for c in result.configs]) == (
        1,
        (),
        [(("name", "c"),)],
    )


@pytest.mark.parametrize(
    ("text", "may"),
    [
        ("sm.create_endpoint_config(EndpointConfigName='c')", True),
        ("cfg = CfnEndpointConfig(self, 'c')", True),
        ("SagemakerEndpointConfiguration(self, 'c')", True),
        ("aws.sagemaker.EndpointConfiguration('c')", True),
        ("EndpointConfig.create(endpoint_config_name='c')", True),
        ("sm.ｃreate_endpoint_config(X=1)", True),  # (Python reads the fullwidth ｃ as c)
        ("sm.update_endpoint(EndpointName='e', EndpointConfigName='c')", False),
        ("sm.update_endpoint(**{'EndpointConfigName': 'c'})  # ünïcode", False),
    ],
)
def test_which_modules_may_define_a_config(text, may):
    assert may_define_configs(text) is may


PYTHON_FILES = sorted(
    glob.glob(os.path.join(ROOT, "tests", "fixtures", "**", "*.py"), recursive=True)
    + glob.glob(os.path.join(ROOT, "examples", "**", "*.py"), recursive=True)
)


@pytest.mark.parametrize("path", PYTHON_FILES, ids=lambda p: os.path.relpath(p, ROOT))
def test_handing_over_reports_what_holding_reports(path, monkeypatch):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    streamed = Linter(Options(select=("ALL",))).check_text(path, text, "python")
    _held(monkeypatch)
    held = Linter(Options(select=("ALL",))).check_text(path, text, "python")
    assert (_rows(streamed), streamed.requests, streamed.unmatched) == (
        _rows(held),
        held.requests,
        held.unmatched,
    )


def _large_module(tail_calls: int = 5) -> str:
    """Over PARSE_PART: calls, then a string whose lines start at column 0 across the end of
    the second part (that part does not parse alone: the module is read again from the top,
    whole), then more calls."""
    first = "".join(CALL.format(i=i) for i in range(PARSE_PART // len(CALL.format(i=0)) + 200))
    block = 'NOTES = """\n' + "a line at column 0\n" * (2 * PARSE_PART // 19) + '"""\n'
    tail = "".join(CALL.format(i=f"t{i}") for i in range(tail_calls))
    return HEAD + first + block + tail


def test_a_large_module_read_again_from_the_top_hands_each_request_over_once(monkeypatch):
    text = _large_module()
    parsed_whole = []
    real_parse = python_reader.parse_module

    def parse_module(source):
        parsed_whole.append(len(source))
        return real_parse(source)

    monkeypatch.setattr(python_reader, "parse_module", parse_module)
    result = Linter(Options()).check_text("big.py", text, "python")
    assert parsed_whole == [len(text)]  # (it was read again, whole)
    lines = [f.line for f in result.findings if f.rule == "SM106"]
    calls = text.count("sm.update_endpoint(")
    assert len(lines) == len(set(lines)) == result.requests == calls
    _held(monkeypatch)
    held = Linter(Options()).check_text("big.py", text, "python")
    assert _rows(result) == _rows(held)


def test_a_large_module_with_a_syntax_error_late_is_one_sm001_as_before():
    text = _large_module() + "def broken(:\n"
    result = Linter(Options()).check_text("big.py", text, "python")
    assert [(f.rule, f.line) for f in result.findings] == [("SM001", text.count("\n"))]


def test_a_text_read_through_the_registry_by_another_reader_is_not_handed_over(monkeypatch):
    given = []
    real = python_reader.load_python

    def spy(text, path, project, depends_on, lint_now=None):
        given.append(lint_now is not None)
        return real(text, path, project, depends_on, lint_now)

    monkeypatch.setattr(python_reader, "load_python", spy)
    md = "# Deploy\n\n```python\n" + HEAD + CALL.format(i=0) + "```\n"
    linter = Linter(Options())
    in_markdown = linter.check_text("runbook.md", md, "markdown")
    in_script = linter.check_text("deploy.py", HEAD + CALL.format(i=0), "python")
    assert given == [False, True]
    assert [(f.rule, f.line, f.column) for f in in_markdown.findings] == [("SM106", 6, 20)]
    assert [(f.rule, f.line, f.column) for f in in_script.findings] == [("SM106", 3, 20)]


def test_a_cut_as_a_large_module_is_to_be_read_again_is_said_and_it_is_not_read_again(monkeypatch):

    monkeypatch.setattr(python_reader._Handover, "BATCH", 10**6)  # (all the first part's calls held)
    parsed_whole = []
    monkeypatch.setattr(python_reader, "parse_module", lambda source: parsed_whole.append(source))
    cut_linting_at(monkeypatch, 10)
    result = Linter(Options()).check_text("big.py", _large_module(), "python")
    assert [(f.rule, f.line) for f in result.findings] == [("SM106", line) for line in range(3, 10)] + [
        ("SM001", 10)
    ]
    assert result.findings[-1].message.endswith("this request and any found after it not linted")
    assert parsed_whole == [] and result.timed_out
