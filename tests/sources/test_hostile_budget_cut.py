"""The per-file time budget running out while a file's requests are linted: the findings of
the requests before the cut stand, and the cut is one SM001 at the first request not linted."""

from __future__ import annotations

import pytest
from support.linting import cut_linting_at

from smlint.budgets import OutOfTime
from smlint.runner import Linter, Options

DOC = "EndpointName: bad_{i}\nEndpointConfigName: c\n"


def test_findings_before_the_cut_are_kept(monkeypatch):
    text = "---\n".join(DOC.format(i=i) for i in range(5))
    linter = Linter(Options(select=("ALL",)))
    real = Linter.lint_document
    calls = []

    def slow(self, doc, config=None, texts=None, said=None):
        calls.append(doc)
        if len(calls) == 3:
            raise OutOfTime(10.0)
        return real(self, doc, config, texts, said)

    monkeypatch.setattr(Linter, "lint_document", slow)
    result = linter.check_text("r.yaml", text, "yaml")
    rows = sorted((f.rule, f.line, f.column, f.message) for f in result.findings)
    assert rows == [
        (
            "SM001",
            7,
            1,
            "stopped after 10 s of CPU time, smlint's budget for one file (--file-timeout): "
            "this request and the 2 after it not linted",
        ),
        *[r for r in rows if r[0] == "SM106"],
    ]
    assert [r[1] for r in rows if r[0] == "SM106"] == [1, 4]
    assert result.timed_out


# A script of five calls, each sending an invalid name: the cut comes while the evaluator
# (or, below, the reader building the calls' documents) is at the third.
SCRIPT = "import boto3\nsm = boto3.client('sagemaker')\n" + "".join(
    f"sm.update_endpoint(EndpointName='bad_{i}', EndpointConfigName='c')\n" for i in range(5)
)
CUT_AT = 5  # the line of the third call
# The same calls in a script that names create_endpoint_config: its requests are held until
# the whole file is read (a config defined later may apply), and their documents built then.
HOLDING = SCRIPT.replace("client('sagemaker')", "client('sagemaker')  # configs: create_endpoint_config", 1)


def _names(result) -> list:
    return sorted((f.line, f.message) for f in result.findings if f.rule == "SM106")


def _evaluation_runs_out_at(monkeypatch, line: int) -> None:
    """The time budget fires (a 10 s one) as the evaluator comes to the statement at ``line``."""
    from smlint.readers.python import evaluate

    real = evaluate.Interpreter.statement

    def slow(self, stmt, scope):
        if stmt.lineno == line:
            raise OutOfTime(10.0)
        return real(self, stmt, scope)

    monkeypatch.setattr(evaluate.Interpreter, "statement", slow)


def test_a_cut_while_python_is_evaluated_keeps_the_calls_found_before_it(monkeypatch):
    _evaluation_runs_out_at(monkeypatch, CUT_AT)
    result = Linter(Options()).check_text("deploy.py", SCRIPT, "python")
    assert [(f.rule, f.line, f.column, f.message) for f in result.findings if f.rule == "SM001"] == [
        (
            "SM001",
            5,
            1,
            "stopped after 10 s of CPU time, smlint's budget for one file (--file-timeout): the "
            "evaluation stopped at the statement on this line; the calls it had found are linted, "
            "those it had not reached are not",
        )
    ]
    assert [line for line, _ in _names(result)] == [3, 4]
    assert result.timed_out  # (not kept in the cache: another run may have the time)


@pytest.mark.parametrize(
    ("script", "rest"),
    [
        (HOLDING, "the 2 calls found after it"),  # (held: built once the file is read)
        (SCRIPT, "any found after it"),  # (handed over as found: the calls after it not yet found)
    ],
    ids=["held", "handed over"],
)
def test_a_cut_while_the_calls_documents_are_built_keeps_those_built(monkeypatch, script, rest):
    import smlint.readers.python as python_reader

    real = python_reader._document
    built = []

    def slow(path, kind, flat, start, target=""):
        if start.line == CUT_AT:
            raise OutOfTime(2.5)
        built.append(start.line)
        return real(path, kind, flat, start, target)

    monkeypatch.setattr(python_reader, "_document", slow)
    result = Linter(Options()).check_text("deploy.py", script, "python")
    assert [(f.rule, f.line, f.column, f.message) for f in result.findings if f.rule == "SM001"] == [
        (
            "SM001",
            5,
            1,
            "stopped after 2.5 s of CPU time, smlint's budget for one file (--file-timeout): the "
            f"request of this call and of {rest} are not linted",
        )
    ]
    assert built == [3, 4] and [line for line, _ in _names(result)] == [3, 4]
    assert result.timed_out


def test_a_notebook_cut_points_into_its_cell(monkeypatch):
    import json

    cells = [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": source}
        for source in (SCRIPT.splitlines(keepends=True)[:4], SCRIPT.splitlines(keepends=True)[4:])
    ]
    notebook = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)
    _evaluation_runs_out_at(monkeypatch, CUT_AT)
    result = Linter(Options()).check_text("deploy.ipynb", notebook, "notebook")
    rows = sorted((f.rule, f.cell, f.line, f.column, f.message[:40]) for f in result.findings)
    assert rows == [
        ("SM001", 2, 1, 1, "stopped after 10 s of CPU time, smlint's"),  # the third call: cell 2, line 1
        ("SM106", 1, 3, 20, 'EndpointName is "bad_0", not a valid Sag'),
        ("SM106", 1, 4, 20, 'EndpointName is "bad_1", not a valid Sag'),
    ]


def test_cut_twice_each_cut_is_said(monkeypatch):
    import smlint.readers.python as python_reader

    _evaluation_runs_out_at(monkeypatch, 6)  # the fourth call: not evaluated
    real_document = python_reader._document

    def slow_document(path, kind, flat, start, target=""):
        if start.line == 4:  # the second call: found, its document not built
            raise OutOfTime(10.0)
        return real_document(path, kind, flat, start, target)

    monkeypatch.setattr(python_reader, "_document", slow_document)
    result = Linter(Options()).check_text("deploy.py", HOLDING, "python")
    lead = "stopped after 10 s of CPU time, smlint's budget for one file (--file-timeout): "
    assert sorted((f.rule, f.line, f.message.replace(lead, "")) for f in result.findings) == [
        ("SM001", 4, "the request of this call and of the 1 call found after it are not linted"),
        (
            "SM001",
            6,
            "the evaluation stopped at the statement on this line; the calls it had found are "
            "linted, those it had not reached are not",
        ),
        ("SM106", 3, 'EndpointName is "bad_0", not a valid SageMaker name'),
    ]


def test_a_cut_at_the_last_calls_document_says_that_one_call(monkeypatch):
    import smlint.readers.python as python_reader

    real = python_reader._document

    def slow(path, kind, flat, start, target=""):
        if start.line == 7:  # the fifth and last call
            raise OutOfTime(10.0)
        return real(path, kind, flat, start, target)

    monkeypatch.setattr(python_reader, "_document", slow)
    result = Linter(Options()).check_text("deploy.py", HOLDING, "python")
    assert [(f.line, f.message.rsplit(": ", 1)[1]) for f in result.findings if f.rule == "SM001"] == [
        (7, "the request of this call is not linted")
    ]
    assert [line for line, _ in _names(result)] == [3, 4, 5, 6] and result.timed_out


# SCRIPT names no endpoint config: its requests are linted as the evaluator finds them
# (smlint.readers.python._Handover), a batch at a time; with a batch of one, as each is found.


def test_a_cut_while_a_request_handed_over_is_linted_stops_the_evaluation_there(monkeypatch):
    from smlint.readers import python as python_reader

    monkeypatch.setattr(python_reader._Handover, "BATCH", 1)
    linted: list = []
    cut_linting_at(monkeypatch, CUT_AT, linted)
    result = Linter(Options()).check_text("deploy.py", SCRIPT, "python")
    assert [(f.rule, f.line, f.column, f.message) for f in result.findings if f.rule == "SM001"] == [
        (
            "SM001",
            5,
            4,  # (where the request's call is named)
            "stopped after 10 s of CPU time, smlint's budget for one file (--file-timeout): "
            "this request and any found after it not linted",
        )
    ]
    assert linted == [3, 4, 5]  # (the calls after it not even evaluated)
    assert [line for line, _ in _names(result)] == [3, 4] and result.timed_out


def test_a_cut_in_the_last_batch_is_said_at_its_request(monkeypatch):
    cut_linting_at(monkeypatch, 6)
    result = Linter(Options()).check_text("deploy.py", SCRIPT, "python")
    assert sorted((f.rule, f.line) for f in result.findings) == [
        ("SM001", 6),
        ("SM106", 3),
        ("SM106", 4),
        ("SM106", 5),
    ]
    assert result.timed_out


def test_an_error_of_ours_in_a_request_handed_over_is_not_taken_by_the_evaluator(monkeypatch):
    from smlint.readers import python as python_reader

    monkeypatch.setattr(python_reader._Handover, "BATCH", 1)
    monkeypatch.delenv("SMLINT_DEBUG", raising=False)

    def broken(self, doc, config=None, texts=None, said=None):
        raise ValueError("a bug")

    monkeypatch.setattr(Linter, "lint_document", broken)
    result = Linter(Options()).lint_data("deploy.py", SCRIPT.encode(), "python")
    assert (result.findings, result.failure) == ([], "ValueError: a bug")
