"""Suppression comments (``# noqa``, ``# smlint: ignore[...]``, ``# smlint: ignore-file``),
found as real comments, and SM004 for the ones that suppress nothing."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from support.linting import lint_text

from smlint.cli import main
from smlint.findings import Finding
from smlint.readers import comments_of
from smlint.readers.code import comments as python_comments
from smlint.readers.terraform import comments as terraform_comments
from smlint.readers.yaml import comments as yaml_comments
from smlint.registry import builtin_rules
from smlint.suppress import apply

# SM204 at line 10 (CanarySize's Value), SM301 at line 3 (DeploymentConfig): nothing else.
CANARY = """EndpointName: churn-prod
EndpointConfigName: churn-prod-v8
DeploymentConfig:{dc}
  BlueGreenUpdatePolicy:
    TrafficRoutingConfiguration:
      Type: CANARY
      WaitIntervalInSeconds: 600
      CanarySize:
        Type: CAPACITY_PERCENT
        Value: 80{cs}
    TerminationWaitInSeconds: 600
    MaximumExecutionTimeoutInSeconds: 3600
"""


def found(text, path="r.yaml", **options):
    findings = sorted(lint_text(text, "yaml", path, **options), key=Finding.sort_key)
    return [(f.rule, f.line, f.column) for f in findings]


def canary(dc="", cs=""):
    return CANARY.format(dc=dc, cs=cs)


def test_without_comments_both_findings():
    assert found(canary()) == [("SM301", 3, 1), ("SM204", 10, 9)]


def test_noqa_with_codes_suppresses_only_those_codes_on_that_line():
    assert found(canary(cs="  # noqa: SM204")) == [("SM301", 3, 1)]
    assert found(canary(cs="  # noqa:SM204")) == [("SM301", 3, 1)]
    assert found(canary(dc=" # NOQA: SM301, SM204")) == [("SM004", 3, 19), ("SM204", 10, 9)]
    # another line's code is not suppressed
    assert found(canary(dc="  # noqa: SM204")) == [("SM301", 3, 1), ("SM004", 3, 20), ("SM204", 10, 9)]


def test_bare_noqa_suppresses_everything_on_its_line_and_is_never_reported_unused():
    assert found(canary(cs="  # noqa")) == [("SM301", 3, 1)]
    assert found(canary(cs="  # noqa", dc="  # noqa")) == []
    # on a line without findings: it may be another tool's, so no SM004
    assert found(canary().replace("Type: CANARY", "Type: CANARY  # noqa")) == [
        ("SM301", 3, 1),
        ("SM204", 10, 9),
    ]


def test_smlint_ignore_forms():
    assert found(canary(cs="  # smlint: ignore[SM204]")) == [("SM301", 3, 1)]
    assert found(canary(cs="  # smlint: ignore[SM204]", dc=" # smlint: ignore")) == []
    assert found(canary(dc="  # smlint:ignore[sm301]")) == [("SM204", 10, 9)]


def test_ignore_file_anywhere_with_or_without_codes():
    assert found("# smlint: ignore-file\n" + canary()) == []
    assert found(canary() + "# smlint: ignore-file[SM301]\n") == [("SM204", 10, 9)]


def test_hash_inside_quoted_and_block_scalars_is_not_a_comment():
    text = "a: \"x # noqa\"\nb: '# smlint: ignore-file'\nc: |\n  # smlint: ignore-file\n  x\n"
    assert yaml_comments(text) == []
    alarms = "\n  AutoRollbackConfiguration:\n    Alarms:\n      - AlarmName: 'p99 # smlint: ignore-file'"
    with_alarm = canary().replace("DeploymentConfig:\n", "DeploymentConfig:" + alarms + "\n", 1)
    assert found(with_alarm) == [("SM204", 13, 9)]


def test_comment_positions_are_characters():
    text = 'a: "é # no"  # noqa: SM204\nb: 1\n# smlint: ignore-file\n'
    assert yaml_comments(text) == [(1, 14, "# noqa: SM204"), (3, 1, "# smlint: ignore-file")]


def test_unused_suppressions_are_sm004_with_a_message():
    findings = lint_text(canary(cs="  # noqa: SM204, SM210, E501, SM24"), "yaml", "r.yaml")
    unused = [f for f in findings if f.rule == "SM004"]
    # SM210 is not selected (info), E501 is another tool's: only the typo is reported
    assert [(f.line, f.column, f.end_column, f.severity, f.message, f.help) for f in unused] == [
        (
            10,
            20,
            52,
            "warning",
            "`# noqa: SM204, SM210, E501, SM24` needs no SM24; SM24 is no smlint rule",
            "remove SM24 from it",
        ),
    ]
    idle = lint_text(
        canary().replace("Type: CANARY", "Type: CANARY  # smlint: ignore[SM204]"), "yaml", "r.yaml"
    )
    assert [(f.message, f.help) for f in idle if f.rule == "SM004"] == [
        (
            "`# smlint: ignore[SM204]` suppresses nothing; there is no SM204 finding on this line",
            "remove the comment",
        )
    ]
    bare = lint_text(canary().replace("Type: CANARY", "Type: CANARY  # smlint: ignore"), "yaml", "r.yaml")
    assert [(f.message, f.help) for f in bare if f.rule == "SM004"] == [
        ("`# smlint: ignore` suppresses nothing; there is no finding on this line", "remove the comment")
    ]


def test_sm004_follows_selection_and_can_itself_be_suppressed():
    text = canary().replace("Type: CANARY", "Type: CANARY  # noqa: SM204")
    assert ("SM004", 6, 21) in found(text)
    assert "SM004" not in [r for r, _, _ in found(text, ignore=("SM004",))]
    assert "SM004" not in [r for r, _, _ in found(text, select=("SM2",))]
    assert "SM004" not in [r for r, _, _ in found(text.replace("SM204", "SM204,SM004"))]


def test_no_sm004_when_the_file_does_not_parse():
    assert [r for r, _, _ in found("DeploymentConfig: [  # noqa: SM204\n")] == ["SM001"]


def test_json_has_no_comments():
    assert comments_of('{"a": "# noqa"}', "json")() == []


def test_python_comments_come_from_tokenize():
    source = 'x = "# noqa: SM204"\ny = 1  # noqa: SM204\n"""\n# smlint: ignore-file\n"""\n'
    assert python_comments(source) == [(2, 8, "# noqa: SM204")]
    rules = builtin_rules()
    f = Finding("SM204", "canary-too-large", "error", "m", "deploy.py", 2, 5, 2, 9)
    g = Finding("SM204", "canary-too-large", "error", "m", "deploy.py", 1, 5, 1, 9)
    kept, suppressed = apply("deploy.py", source, [f, g], rules, rules.select())
    assert (kept, suppressed) == ([g], 1)


def test_notebook_findings_with_a_cell_are_left_alone():
    # (a notebook finding's line is within its cell, not the file: not supported yet)
    rules = builtin_rules()
    f = Finding("SM204", "canary-too-large", "error", "m", "r.yaml", 1, 1, 1, 2)
    object.__setattr__(f, "cell", 3)
    assert apply("r.yaml", "a: 1  # noqa\n", [f], rules, rules.select()) == ([f], 0)


def test_summary_counts_suppressed_findings(tmp_path):
    path = tmp_path / "canary.yaml"
    path.write_text(canary(cs="  # noqa: SM204"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--isolated", str(path)])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == (
        "Found 1 problem (1 warning) in 1 file checked, 1 request linted; 1 suppressed."
    )


# --------------------------------------------------------------------------- Terraform

TF = (Path(__file__).parents[2] / "examples" / "endpoint.tf").read_text(encoding="utf-8")  # SM602 at 6:5


def tf_found(text):
    return [
        (f.rule, f.line, f.column)
        for f in sorted(lint_text(text, "terraform", "main.tf"), key=Finding.sort_key)
    ]


def test_terraform_comments_are_read_by_the_hcl_parser():
    text = 'resource "x" "y" {\n  a = "# not a comment"  # noqa: SM602\n  // smlint: ignore[SM601]\n  b = "// /* no */"\n}\n'
    # `//` and `/* */` comments carry directives as `#` does, at the same columns
    assert terraform_comments(text) == [(2, 26, "# noqa: SM602"), (3, 3, "#  smlint: ignore[SM601]")]
    assert terraform_comments('resource "x" {\n') == []  # a syntax error: SM001 says why


def test_noqa_in_terraform():
    assert tf_found(TF) == [("SM602", 6, 5)]
    lines = TF.split("\n")
    lines[5] += "  # noqa: SM602"
    assert tf_found("\n".join(lines)) == []
    lines[5] = lines[5].replace("SM602", "SM601")
    assert tf_found("\n".join(lines)) == [("SM602", 6, 5), ("SM004", 6, 30)]


@pytest.mark.parametrize(
    "comment", ["// noqa: SM602", "//noqa: SM602", "/* smlint: ignore[SM602] */", "/* noqa */"]
)
def test_slash_comments_suppress_in_terraform(comment):
    lines = TF.split("\n")
    lines[5] += "  " + comment
    assert tf_found("\n".join(lines)) == []
    lines[5] = lines[5].replace("SM602", "SM601")
    if "SM601" in lines[5]:
        assert tf_found("\n".join(lines)) == [("SM602", 6, 5), ("SM004", 6, 30)]


def test_a_block_comment_over_lines_suppresses_on_each_of_its_lines():
    lines = TF.split("\n")
    lines[4] += "  /* the bakes are long on purpose:"
    lines[5] = "     smlint: ignore[SM602] */ rolling_update_policy {"
    assert tf_found("\n".join(lines)) == []
    lines[5] = lines[5].replace("SM602", "SM601")
    assert tf_found("\n".join(lines)) == [("SM004", 6, 6), ("SM602", 6, 31)]
    # `smlint: ignore-file` in a `//` comment covers the whole file
    assert tf_found("// smlint: ignore-file[SM602]\n" + TF) == []


# --------------------------------------------------------------------------- notebooks


def notebook(*cells) -> str:
    import json

    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {},
            "cells": [
                {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": c}
                for c in cells
            ],
        }
    )


def nb_found(text):
    return [
        (f.rule, f.cell, f.line)
        for f in sorted(lint_text(text, "notebook", "nb.ipynb"), key=Finding.sort_key)
    ]


SCRIPT = (Path(__file__).parents[2] / "examples" / "deploy_ranker.py").read_text(
    encoding="utf-8"
)  # SM209 at 19


def test_noqa_in_a_notebook_cell_is_told_by_cell_and_line():
    first = "import boto3\n%matplotlib inline\n"
    assert nb_found(notebook(first, SCRIPT + "deploy('cfg')\n")) == [("SM209", 2, 19)]
    lines = SCRIPT.split("\n")
    lines[18] += "  # noqa: SM209"
    assert nb_found(notebook(first, "\n".join(lines) + "deploy('cfg')\n")) == []
    # the same comment on line 19 of another cell suppresses nothing there
    other = "\n" * 18 + "x = 1  # noqa: SM209\n"
    assert nb_found(notebook(other, SCRIPT + "deploy('cfg')\n")) == [("SM004", 1, 19), ("SM209", 2, 19)]
