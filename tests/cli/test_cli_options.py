"""Baseline, standard input as a named file, --exit-zero, --statistics, --quiet."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from smlint.cli import main

ROOT = Path(__file__).resolve().parents[2]
ROLLING = (ROOT / "examples" / "rolling-both-policies.json").read_text(
    encoding="utf-8"
)  # SM201 9, SM206 10 (its Value), SM103 11
NOTEBOOK_CANARY = (ROOT / "examples" / "canary-copied-from-a-notebook.yaml").read_text(encoding="utf-8")


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args, input=None):
    result = CliRunner().invoke(main, ["check", *args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_baseline_hides_known_findings_even_after_lines_move(here):
    (here / "deploy").mkdir()
    (here / "deploy" / "rolling.json").write_text(ROLLING, encoding="utf-8")
    written = run("--write-baseline", "smlint-baseline.json", "deploy")
    assert written.exit_code == 0
    assert "smlint: wrote 3 findings to smlint-baseline.json" in written.output
    data = json.loads((here / "smlint-baseline.json").read_text(encoding="utf-8"))
    assert data["smlint-baseline"] == 1
    assert [(e["path"], e["rule"], e["field"]) for e in data["findings"]] == [
        ("deploy/rolling.json", "SM103", "DeploymentConfig.RollingUpdatePolicy.WaitIntervalInSeconds"),
        ("deploy/rolling.json", "SM201", "DeploymentConfig.RollingUpdatePolicy"),
        ("deploy/rolling.json", "SM206", "DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize.Value"),
    ]
    assert all(len(e["fingerprint"]) == 64 for e in data["findings"])

    clean = run("--baseline", "smlint-baseline.json", "deploy")
    assert (clean.exit_code, clean.output) == (
        0,
        "All clear: 1 file checked, 1 request linted; 3 in the baseline.\n",
    )
    # lines added above: same findings, other lines; and from another working folder
    moved = "\n\n\n" + ROLLING.replace('"Value": 60', '"Value": 60, "Extra": 1')
    (here / "deploy" / "rolling.json").write_text(moved, encoding="utf-8")
    os.chdir(here / "deploy")
    result = run("--baseline", "../smlint-baseline.json", "rolling.json")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "rolling.json:13:69: SM102 [error] unknown field DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize.Extra: "
        "not a member of DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize (members: Type, Value)",
        "  help: remove it",
        "Found 1 problem (1 error) in 1 file checked, 1 request linted; 3 in the baseline.",
    ]


def test_a_bad_baseline_file_is_exit_2(here):
    (here / "r.json").write_text(ROLLING, encoding="utf-8")
    (here / "b.json").write_text('{"findings": []}', encoding="utf-8")
    result = run("--baseline", "b.json", "r.json")
    assert result.exit_code == 2
    assert "b.json: not a smlint baseline (version 1); write one with --write-baseline" in result.output
    assert run("--baseline", "missing.json", "r.json").exit_code == 2


def test_stdin_filename_lints_standard_input_as_that_file(here):
    (here / "deploy").mkdir()
    (here / "deploy" / ".smlint.yaml").write_text("ignore: [SM103]\n", encoding="utf-8")
    result = run("--stdin-filename", "deploy/rolling.json", "-", input=ROLLING)
    assert result.exit_code == 1
    assert [line.split(" [")[0] for line in result.output.splitlines()[:-1]] == [
        "deploy/rolling.json:9:5: SM201",
        "  help: keep one and remove the other",
        "deploy/rolling.json:10:56: SM206",
        "  help: use a Value between 5 and 50",
    ]
    # format by the name: the same text as YAML is linted as YAML
    yaml = run("--stdin-filename", "c.yaml", "-", input=NOTEBOOK_CANARY)
    assert [
        line.split(": ")[0] for line in yaml.output.splitlines()[:-1] if not line.startswith("  help: ")
    ] == ["c.yaml:4:1", "c.yaml:11:9", "c.yaml:13:5"]
    # kind by the name: a create-endpoint file refuses the update-only field
    create = run(
        "--format",
        "json",
        "--stdin-filename",
        "create-endpoint.json",
        "-",
        input='{"EndpointName": "a", "EndpointConfigName": "b", "RetainAllVariantProperties": true}',
    )
    assert [f["rule"] for f in json.loads(create.output)] == ["SM102"]
    # without --stdin-filename, "-" is read as JSON, else YAML
    plain = run("-", input=ROLLING)
    assert plain.output.splitlines()[0].startswith("-:9:5: SM201")


def test_stdin_through_a_real_process(here):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "smlint", "check", "--stdin-filename", "x/rolling.json", "-"],
        input=ROLLING,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 1
    assert result.stdout.startswith("x/rolling.json:9:5: SM201 [error]")


def test_exit_zero_statistics_quiet(here):
    (here / "r.json").write_text(ROLLING, encoding="utf-8")
    (here / "c.yaml").write_text(NOTEBOOK_CANARY, encoding="utf-8")
    assert run("r.json").exit_code == 1
    assert run("--exit-zero", "r.json").exit_code == 0
    stats = run("--statistics", "--quiet", "r.json", "c.yaml")
    lines = stats.output.splitlines()
    assert len(lines) == 6 * 2 + 6  # the findings and their help, then one line per rule, no summary
    assert lines[12:] == [
        "    1  SM103  wrong-type",
        "    1  SM201  multiple-update-policies",
        "    1  SM204  canary-too-large",
        "    1  SM206  rolling-batch-out-of-range",
        "    1  SM208  timeout-shorter-than-waits",
        "    1  SM301  missing-rollback-alarms",
    ]
    quiet_clean = run("--quiet", "--select", "SM4", "r.json")
    assert (quiet_clean.exit_code, quiet_clean.output) == (0, "")
    # machine formats keep their output parseable: the statistics go to stderr
    machine = subprocess.run(
        [sys.executable, "-m", "smlint", "check", "--format", "json", "--statistics", "r.json"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert len(json.loads(machine.stdout)) == 3
    assert machine.stderr.splitlines() == [
        "    1  SM103  wrong-type",
        "    1  SM201  multiple-update-policies",
        "    1  SM206  rolling-batch-out-of-range",
    ]


def test_no_path_lints_the_working_folder(here):
    (here / "r.json").write_text(ROLLING, encoding="utf-8")
    result = run()
    assert result.exit_code == 1
    assert result.output.startswith("r.json:9:5: SM201 [error]")
    assert result.output.splitlines()[-1].endswith("in 1 file checked, 1 request linted.")
    mixed = run("--stdin-filename", "x.json", "r.json")
    assert mixed.exit_code == 2
    assert "--stdin-filename names standard input: give the path - with it" in mixed.output
    # alone, --stdin-filename reads standard input (as ruff does)
    assert run("--stdin-filename", "x.json", input=ROLLING).output.startswith("x.json:9:5: SM201")
