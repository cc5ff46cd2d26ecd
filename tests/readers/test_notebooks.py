"""Jupyter notebooks: code cells in order as one module, IPython syntax skipped, findings
told by cell and line within the cell."""

import json
import os

import pytest
from click.testing import CliRunner

from smlint.cli import main
from smlint.runner import Linter, Options

FIXTURE = os.path.join(
    os.path.dirname(os.path.dirname(__file__)), "fixtures", "python", "guardrails-linear.ipynb"
)
CALL = "sm.update_endpoint(EndpointName='ep', EndpointConfigName='cfg', DeploymentConfig=cfg)\n"
BAD_CFG = "cfg = {'RollingUpdatePolicy': {'MaximumBatchSize': {'Type': 'CAPACITY_PERCENT', 'Value': 80}, 'WaitIntervalInSeconds': 60}, 'AutoRollbackConfiguration': {'Alarms': [{'AlarmName': 'a'}]}}\n"


def notebook(*cells, as_lists=True) -> str:
    """A notebook of code cells (a cell given as ("markdown", text) is markdown)."""
    out = []
    for cell in cells:
        kind, source = cell if isinstance(cell, tuple) else ("code", cell)
        lines = source.splitlines(keepends=True) if as_lists else source
        entry = {"cell_type": kind, "metadata": {}, "source": lines}
        if kind == "code":
            entry.update(execution_count=None, outputs=[])
        out.append(entry)
    return json.dumps({"cells": out, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def lint(text: str, **options) -> list:
    findings, _ = Linter(Options(**options)).lint_text("nb.ipynb", text, "notebook")
    return sorted(findings, key=lambda f: f.sort_key())


def where(findings) -> list:
    return [(f.rule, f.cell, f.line, f.column) for f in findings]


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_aws_example_style_notebook():
    result = Linter(Options(select=("ALL",))).lint_file(FIXTURE, "notebook")
    assert result.requests == 1
    assert where(result.findings) == [("SM209", 8, 9, 9)]
    assert "estimated schedule is 4 × WaitIntervalInSeconds 180" in result.findings[0].message

    result = run("check", FIXTURE)
    assert result.exit_code == 0  # a warning
    out = result.output
    assert f"{FIXTURE}:cell 8:9:9: SM209 [warning] DeploymentConfig.BlueGreenUpdatePolicy" in out


def test_json_output_has_a_cell_key_only_for_notebook_findings(tmp_path):
    (tmp_path / "nb.ipynb").write_text(notebook("import boto3\n", BAD_CFG, CALL))
    (tmp_path / "deploy.py").write_text(BAD_CFG + CALL)
    rows = json.loads(run("check", str(tmp_path), "--format", "json").output)
    assert [list(row) for row in rows] == [
        [
            "rule",
            "name",
            "severity",
            "message",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "field",
            "help",
            "fix",
        ],
        [
            "rule",
            "name",
            "severity",
            "message",
            "path",
            "cell",
            "line",
            "column",
            "end_line",
            "end_column",
            "field",
            "help",
            "fix",
        ],
    ]
    script, nb = rows
    assert (script["rule"], script["line"], script["column"]) == ("SM206", 1, 81)
    assert (nb["rule"], nb["cell"], nb["line"], nb["column"]) == ("SM206", 2, 1, 81)


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit"])
def test_formats_without_a_cell_field_say_the_cell_in_the_message(tmp_path, fmt):
    (tmp_path / "nb.ipynb").write_text(notebook("import boto3\n", BAD_CFG, CALL))
    out = run("check", str(tmp_path / "nb.ipynb"), "--format", fmt).output
    assert "cell 2, line 1: DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize is 80" in out


def test_magics_shell_and_help_lines_are_skipped_and_lines_kept():
    text = notebook(
        "%pip install boto3\n!aws --version\nimport boto3\nsm = boto3.client('sagemaker')\nsm.update_endpoint?\n",
        "%%bash\nfor f in *.json; do\n  aws s3 cp $f s3://bucket/\ndone\n",
        ("markdown", "Some text with `sm.update_endpoint(...)`"),
        "files = !ls\nif True:\n    !echo hi\n    %time x = 1\n" + BAD_CFG,
        "%%time\n\n" + CALL,
    )
    assert where(lint(text)) == [("SM206", 4, 5, 81)]


@pytest.mark.parametrize("as_lists", [True, False])
def test_source_as_a_list_or_a_string(as_lists):
    assert where(lint(notebook(BAD_CFG, CALL, as_lists=as_lists))) == [("SM206", 1, 1, 81)]


def test_a_syntax_error_is_reported_in_its_cell():
    found = lint(notebook("import boto3\n", "x = 1\ndef broken(:\n    pass\n", CALL))
    assert [(f.rule, f.cell, f.line) for f in found] == [("SM001", 2, 2)]
    assert found[0].message.startswith("Python syntax error")


@pytest.mark.parametrize(
    "text, message, line",
    [
        (
            '{"cells": [\n  {"cell_type": "code", "source": "sm.update_endpoint()"}\n  ,]}',
            "not a notebook: invalid JSON",
            3,
        ),
        ('["sm.update_endpoint"]', 'not a notebook: no "cells" list at the top level', 1),
        ('{"cells": [{"source": "sm.update_endpoint()"}]}', 'not a notebook: cell 1 has no "cell_type"', 1),
        (
            '{"cells": [{"cell_type": "code", "source": 3}], "x": "update_endpoint"}',
            'the "source" of cell 1 is neither',
            1,
        ),
        (
            '{"cells": [{"cell_type": "code", "source": ["a", 1]}], "x": "update_endpoint"}',
            'the "source" of cell 1 is neither',
            1,
        ),
        ('{"worksheets": [], "x": "update_endpoint"}', "nbformat 3 notebook", 1),
    ],
)
def test_a_malformed_notebook_is_sm001(text, message, line):
    found = lint(text)
    assert [(f.rule, f.line, f.cell) for f in found] == [("SM001", line, None)]
    assert message in found[0].message


def test_a_notebook_that_never_calls_the_api_is_not_read(tmp_path):
    path = tmp_path / "eda.ipynb"
    path.write_text('{"cells": [ broken')
    assert Linter(Options()).lint_file(str(path), "notebook").findings == []


def test_folder_walk_finds_notebooks_and_scripts(tmp_path):
    (tmp_path / "nb.ipynb").write_text(notebook(BAD_CFG + CALL))
    (tmp_path / "deploy.py").write_text(BAD_CFG + CALL)
    (tmp_path / "train.py").write_text("import torch\n")
    report = Linter(Options()).lint_paths([str(tmp_path)])
    assert (report.files, report.requests) == (3, 2)
    assert [(os.path.basename(f.path), f.cell, f.rule) for f in report.findings] == [
        ("deploy.py", None, "SM206"),
        ("nb.ipynb", 1, "SM206"),
    ]


def test_cells_sort_before_lines():
    found = lint(notebook("x = 1\n" * 5 + BAD_CFG + CALL, BAD_CFG.replace("80", "90") + CALL))
    assert where(found) == [("SM206", 1, 6, 81), ("SM206", 2, 1, 81)]


# -- where a notebook's findings are stored in its JSON ----------------------------------------


def test_github_and_sarif_point_at_the_line_stored_in_the_notebook_json():
    github = run("check", "--format", "github", FIXTURE)
    (annotation,) = github.output.splitlines()[:-1]
    # cell 8, line 9, columns 9-43 of the cell: `"MaximumExecutionTimeoutInSeconds"`, stored at
    # line 98 of the file, as `\"MaximumExecutionTimeoutInSeconds\"` (two escapes longer)
    assert annotation.startswith(
        "::warning file="
        + FIXTURE.replace(":", "%3A").replace(",", "%2C")
        + ",line=98,col=14,endLine=98,endColumn=50,title=SM209 timeout-below-schedule::cell 8, line 9: "
    )
    with open(FIXTURE, encoding="utf-8") as fh:
        stored = fh.read().splitlines()[97]
    assert stored[13:49] == '\\"MaximumExecutionTimeoutInSeconds\\"'
    sarif = json.loads(run("check", "--format", "sarif", FIXTURE).output)
    (result,) = sarif["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 98,
        "startColumn": 14,
        "endLine": 98,
        "endColumn": 50,
    }
    assert result["message"]["text"].startswith("cell 8, line 9: ")
    # the text output and JSON keep the cell and the line within it
    assert run("check", FIXTURE).output.startswith(f"{FIXTURE}:cell 8:9:9: SM209 [warning]")
    (finding,) = json.loads(run("check", "--format", "json", FIXTURE).output)
    assert (finding["cell"], finding["line"], finding["column"], finding["end_column"]) == (8, 9, 9, 43)


def test_stored_positions_of_a_cell_kept_as_one_string(tmp_path):
    """nbformat allows a cell's source as one string: its lines are `\\n` escapes on one line
    of the file, and a later line of the cell starts after the escape."""
    cfg = BAD_CFG.replace("'a'", "'al\\u00e9rt'")  # an escape before the finding, in the file
    text = notebook(
        ("markdown", "# t\n"),
        "import boto3\nsm = boto3.client('sagemaker')\n",
        cfg + "sm.update_endpoint(EndpointConfigName='cfg', DeploymentConfig=cfg)\n",
        as_lists=False,
    )
    path = tmp_path / "nb.ipynb"
    path.write_text(text.replace("al\\u00e9rt", "al\\\\u00e9rt"), encoding="utf-8")
    stored = text.replace("al\\u00e9rt", "al\\\\u00e9rt").splitlines()
    (row,) = [i for i, line in enumerate(stored, 1) if "update_endpoint" in line]
    lines = run("check", "--format", "github", "--no-cache", str(path)).output.splitlines()[:-1]
    found = {line.split("title=")[1].split(" ")[0]: line for line in lines}
    assert set(found) == {"SM101", "SM206"}
    start = stored[row - 1].index('"cfg = ') + 2  # the first character of the cell, 1-based
    sm206 = start + BAD_CFG.index("'Value'")  # the size's Value: the number that is wrong
    assert (
        f"line={row},col={sm206},endLine={row},endColumn={sm206 + len(chr(39) + 'Value' + chr(39))},"
        in found["SM206"]
    )
    # `update_endpoint`, column 4 of the cell's line 2: after the two characters of `\n`
    second = stored[row - 1].index("\\nsm.update_endpoint") + 3
    assert f"line={row},col={second + 3}," in found["SM101"]
    assert "::cell 3, line 2: " in found["SM101"]


def test_plan_on_a_notebook_tells_cell_and_line_as_check_does():
    result = CliRunner().invoke(main, ["plan", FIXTURE])
    lines = result.output.splitlines()
    assert lines[0] == f"{FIXTURE}:cell 9:2:4: call at line 2 of cell 9"
    assert (
        lines[-1]
        == "    cell 8:9:9: SM209 [warning] DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds"
    )
    (plan,) = json.loads(CliRunner().invoke(main, ["plan", "--format", "json", FIXTURE]).output)
    assert (plan["cell"], plan["line"], plan["column"], plan["origin"]) == (
        9,
        2,
        4,
        "call at line 2 of cell 9",
    )
    assert [(p["rule"], p["cell"], p["line"], p["column"]) for p in plan["problems"]] == [("SM209", 8, 9, 9)]


def test_a_notebooks_endpoint_config_is_placed_by_cell(tmp_path):
    config = (
        "sm.create_endpoint_config(EndpointConfigName='cfg', ProductionVariants=[{'VariantName': 'v',\n"
        "    'ModelName': 'm', 'InstanceType': 'ml.m5.large', 'InitialInstanceCount': 4}])\n"
    )
    cfg = (
        "cfg = {'RollingUpdatePolicy': {'MaximumBatchSize': {'Type': 'INSTANCE_COUNT', 'Value': 3},"
        " 'WaitIntervalInSeconds': 60}, 'AutoRollbackConfiguration': {'Alarms': [{'AlarmName': 'a'}]}}\n"
    )
    path = tmp_path / "nb.ipynb"
    path.write_text(
        notebook(
            "import boto3\nsm = boto3.client('sagemaker')\n", ("markdown", "# config\n"), config, cfg + CALL
        ),
        encoding="utf-8",
    )
    (finding,) = json.loads(run("check", "--format", "json", "--no-cache", str(path)).output)
    assert (finding["rule"], finding["cell"], finding["line"]) == ("SM206", 4, 1)
    assert finding["message"].endswith(
        f"(SageMaker rejects it); fleet of 4 instances: endpoint config `cfg`, {path}:cell 3:1"
    )


def test_plan_and_check_place_a_syntax_error_in_a_cell_alike(tmp_path):
    path = tmp_path / "nb.ipynb"
    path.write_text(notebook("import boto3\n", ("markdown", "# x\n"), "x = (\n" + CALL), encoding="utf-8")
    checked = run("check", "--no-cache", str(path)).output.splitlines()[0]
    planned = run("plan", str(path)).output.splitlines()[0]
    assert checked.startswith(f"{path}:cell 3:") and " SM001 [error] " in checked
    assert planned == checked
