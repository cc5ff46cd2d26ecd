"""Standard input without a name is sniffed or refused, never reported clean unread; files
named that smlint does not read are said in the summary; `plan` names files as `check` does."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smlint.cli import main
from smlint.sniff import sniff

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
NOTEBOOK = ROOT / "tests" / "fixtures" / "python" / "guardrails-linear.ipynb"


def stdin(text, *args):
    return CliRunner().invoke(main, ["check", "--isolated", "--no-cache", *args, "-"], input=text)


@pytest.mark.parametrize(
    "source, fmt, first",
    [
        (EXAMPLES / "endpoint.tf", "terraform", "-:6:5: SM602 [warning]"),
        (EXAMPLES / "deploy_ranker.py", "python", "-:19:13: SM209 [warning]"),
        (NOTEBOOK, "notebook", "-:cell 8:9:9: SM209 [warning]"),
        (EXAMPLES / "canary-copied-from-a-notebook.yaml", "yaml", "-:4:1: SM301 [warning]"),
        (EXAMPLES / "rolling-both-policies.json", "json", "-:9:5: SM201 [error]"),
    ],
)
def test_standard_input_is_read_as_what_it_holds(source, fmt, first):
    text = source.read_text(encoding="utf-8")
    assert sniff(text) == fmt
    result = stdin(text)
    assert result.output.splitlines()[0].startswith(first)
    assert result.output.splitlines()[-1].endswith("in 1 file checked, 1 request linted.")


@pytest.mark.parametrize("text", ["# smlint\n\nSome *markdown* prose.\n", "hello world\n", "\x00\x01binary"])
def test_standard_input_smlint_cannot_tell_is_refused(text):
    result = stdin(text)
    assert result.exit_code == 2
    assert "All clear" not in result.output
    assert "Error: cannot lint standard input: " in result.output
    assert result.output.rstrip().endswith("; name it with --stdin-filename PATH")


@pytest.mark.parametrize(
    "text, fmt",
    [
        ("EndpointName: a\nEndpointConfigName: b\n", "yaml"),  # (also Python: two annotations)
        ("- a\n- b\n", "yaml"),
        ('{"cells": [], "nbformat": 4}', "notebook"),
        ('{"a": [1,}', "json"),  # broken JSON: SM001 says where
        ("instance_count = 4\n", "python"),  # an assignment: a script, not a .tfvars
        ('variable "n" {\n  default = 4\n}\n', "terraform"),
        ("", "yaml"),
    ],
)
def test_sniffed_formats(text, fmt):
    assert sniff(text) == fmt


def test_broken_json_on_standard_input_is_sm001():
    result = stdin('{"EndpointName": "a",\n "DeploymentConfig": {,}}\n')
    assert result.exit_code == 1 and result.output.startswith("-:2:")
    assert " SM001 [error] " in result.output


def test_a_named_file_smlint_does_not_read_is_in_the_summary(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("notes.txt").write_text("hello\n", encoding="utf-8")
    Path("r.json").write_text((EXAMPLES / "rolling-both-policies.json").read_text(), encoding="utf-8")
    alone = CliRunner().invoke(main, ["check", "--no-cache", "notes.txt"])
    assert alone.exit_code == 0
    assert alone.output.splitlines()[-1] == "Nothing linted: 0 files checked; not read: notes.txt."
    both = CliRunner().invoke(main, ["check", "--no-cache", "-q", "notes.txt", "r.json"])
    assert "notes.txt" not in both.output  # --quiet: findings only
    for name in ("a.rst", "b.cfg", "c.ini"):
        Path(name).write_text("x\n", encoding="utf-8")
    loud = CliRunner().invoke(main, ["check", "--no-cache", "notes.txt", "r.json", "a.rst", "b.cfg", "c.ini"])
    assert loud.output.splitlines()[-1] == (
        "Found 3 problems (3 errors) in 1 file checked, 1 request linted; not read: a.rst, b.cfg, c.ini and 1 more."
    )


def test_plan_names_a_missing_file_as_check_does_and_takes_several(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    missing = CliRunner().invoke(main, ["plan", "nope.json"])
    assert (missing.exit_code, missing.output) == (1, "nope.json:1:1: SM001 [error] no such file or folder\n")
    checked = CliRunner().invoke(main, ["check", "nope.json"])
    assert checked.output.startswith("nope.json:1:1: SM001 [error] no such file or folder\n")
    Path("a.json").write_text(
        (ROOT / "tests" / "fixtures" / "plan" / "canary.json").read_text(), encoding="utf-8"
    )
    Path("b.yaml").write_text((EXAMPLES / "canary-copied-from-a-notebook.yaml").read_text(), encoding="utf-8")
    both = CliRunner().invoke(main, ["plan", "a.json", "b.yaml"])
    assert both.exit_code == 0
    heads = [line for line in both.output.splitlines() if not line.startswith(" ") and line]
    assert heads == ["a.json:2:3: update-endpoint", "b.yaml:2:1: update-endpoint"]
    mixed = CliRunner().invoke(main, ["plan", "--format", "json", "a.json", "nope.json", "b.yaml"])
    assert mixed.exit_code == 1
    rows = json.loads(mixed.output)
    assert [(r["path"], r.get("line"), r.get("error")) for r in rows] == [
        ("a.json", 2, None),
        ("nope.json", None, "nope.json:1:1: SM001 [error] no such file or folder"),
        ("b.yaml", 2, None),
    ]
    assert CliRunner().invoke(main, ["plan"]).exit_code == 2  # at least one file
