"""A notebook's limit is on its code, not on its JSON: outputs (base64 images) make a notebook
of a few cells tens of MB, and the request in it is still linted. Other formats keep the
file limit (sources.MAX_FILE_BYTES)."""

import base64
import json

from click.testing import CliRunner

from smlint import readers, sources
from smlint.cli import main
from smlint.readers.notebook import MAX_CODE_BYTES
from smlint.runner import Linter, Options

CANARY = (
    "import boto3\n"
    'sm = boto3.client("sagemaker")\n'
    "sm.update_endpoint(\n"
    '    EndpointName="ep",\n'
    '    EndpointConfigName="cfg",\n'
    '    DeploymentConfig={"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", '
    '"CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 80}, "WaitIntervalInSeconds": 600}}, '
    '"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}},\n'
    ")\n"
)
SM204 = (
    "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize is 80% of the "
    "fleet; a canary must be at most 50% (SageMaker rejects it)"
)


def cell(source: str, image_bytes: int = 0) -> dict:
    outputs = []
    if image_bytes:  # a plot: a PNG's base64 text, as Jupyter stores it
        png = base64.b64encode(b"\x89PNG" + bytes(range(256)) * (image_bytes * 3 // 4 // 256)).decode()
        outputs.append({"output_type": "display_data", "metadata": {}, "data": {"image/png": png}})
    return {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "outputs": outputs,
        "source": source.splitlines(keepends=True),
    }


def notebook(*cells) -> str:
    return json.dumps({"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def where(findings) -> list:
    return [(f.rule, f.cell, f.line, f.column, f.end_line, f.end_column, f.message) for f in findings]


def test_a_notebook_made_large_by_its_outputs_is_linted(tmp_path):
    # 12 MB of JSON (over the 10 MiB of other formats), of which a few hundred bytes are code
    text = notebook(*[cell("plot(x)\n", 3_000_000) for _ in range(4)], cell(CANARY))
    assert len(text) > 12_000_000
    path = tmp_path / "big.ipynb"
    path.write_text(text, encoding="utf-8")
    result = Linter(Options()).lint_file(str(path), "notebook")
    assert where(result.findings) == [("SM204", 5, 6, 142, 6, 149, SM204)]
    # GitHub and SARIF point at where the cell's line 6 is stored in the JSON
    out = CliRunner().invoke(main, ["check", "--isolated", "--no-cache", "--format", "github", str(path)])
    assert out.exit_code == 1
    rows = text.splitlines()
    line = CANARY.splitlines(keepends=True)[5]
    (row,) = [i for i, stored in enumerate(rows, 1) if json.dumps(line) in stored]
    first = rows[row - 1].index(json.dumps(line)) + 2  # the column of the line's first character
    column, end = (first + len(json.dumps(line[:n])) - 2 for n in (141, 148))  # quotes stored as \"
    assert (
        f"file={path},line={row},col={column},endLine={row},endColumn={end},title=SM204 canary-too-large::cell 5, line 6: "
        in out.output
    )


def test_code_over_the_limit_is_said_where_it_starts_and_the_cells_before_are_linted(tmp_path):
    filler = "s = '" + "a" * (MAX_CODE_BYTES // 2) + "'\n"  # two cells of it pass the limit
    text = notebook(
        cell(CANARY),
        cell(filler),
        {"cell_type": "markdown", "metadata": {}, "source": "# b"},
        cell(filler),
        cell("y = 2\n"),
    )
    path = tmp_path / "code.ipynb"
    path.write_text(text, encoding="utf-8")
    result = Linter(Options()).lint_file(str(path), "notebook")
    cut = (
        "the code cells hold more than 10 MiB of code (10485760 bytes), the most smlint reads: "
        "cell 4 and the 1 code cell after it are not linted"
    )
    assert where(result.findings) == [
        ("SM204", 1, 6, 142, 6, 149, SM204),
        ("SM001", 4, 1, 1, 1, 2, cut),
    ]
    out = CliRunner().invoke(main, ["check", "--isolated", "--no-cache", str(path)])
    assert out.exit_code == 1
    assert f"{path}:cell 4:1:1: SM001 [error] {cut}" in out.output


def test_the_last_code_cell_over_the_limit_is_named_so(tmp_path):
    text = notebook(cell(CANARY), cell("s = '" + "a" * MAX_CODE_BYTES + "'\n"))
    findings, _ = Linter(Options()).lint_text("nb.ipynb", text, "notebook")
    assert [(f.rule, f.cell, f.line) for f in findings] == [("SM204", 1, 6), ("SM001", 2, 1)]
    assert findings[1].message.endswith("the most smlint reads: cell 2, the last code cell, is not linted")


def test_a_notebook_over_its_byte_limit_is_sm001(tmp_path, monkeypatch):
    limit = 2 * 1024 * 1024
    monkeypatch.setitem(readers._MAX_BYTES, "notebook", limit)
    path = tmp_path / "huge.ipynb"
    path.write_text(notebook(cell("plot(x)\n", limit), cell(CANARY)), encoding="utf-8")
    result = Linter(Options()).lint_file(str(path), "notebook")
    assert where(result.findings) == [
        (
            "SM001",
            None,
            1,
            1,
            1,
            2,
            f"file is larger than 2 MiB ({limit} bytes), the most smlint reads; a request is a few KB",
        )
    ]


def test_other_formats_keep_the_file_limit(tmp_path):
    assert readers.max_bytes("notebook") == 64 * 1024 * 1024
    assert [sources.max_bytes(f.name) for f in readers.FORMATS if f.name != "notebook"] == [
        sources.MAX_FILE_BYTES
    ] * (len(readers.FORMATS) - 1)
    path = tmp_path / "big.json"
    request = json.dumps({"EndpointName": "ep", "EndpointConfigName": "cfg", "Pad": "x" * 13_000_000})
    path.write_text(request, encoding="utf-8")
    result = Linter(Options()).lint_file(str(path), "json")
    assert where(result.findings) == [
        (
            "SM001",
            None,
            1,
            1,
            1,
            2,
            "file is larger than 10 MiB (10485760 bytes), the most smlint reads; a request is a few KB",
        )
    ]
    assert len(sources.read_bytes(str(path))) == sources.MAX_FILE_BYTES + 1
    nb = tmp_path / "big.ipynb"
    nb.write_text(request, encoding="utf-8")
    assert len(sources.read_bytes(str(nb))) == len(request)
