"""A baseline holds however the paths are spelt: written with ``smlint check .``, then used
on one file (as pre-commit names it), from a subfolder, or with absolute paths."""

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from smlint.cli import main
from smlint.findings import Finding
from smlint.fingerprint import fingerprint

FIXTURES = Path(__file__).parents[1] / "fixtures" / "context"
ROLLING = (Path(__file__).parents[2] / "examples" / "rolling-both-policies.json").read_text(encoding="utf-8")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "infra").mkdir()
    (tmp_path / "deploy").mkdir()
    (tmp_path / "infra" / "prod-config.json").write_text(
        (FIXTURES / "prod-config.json").read_text(), encoding="utf-8"
    )
    (tmp_path / "deploy" / "update.json").write_text((FIXTURES / "update.json").read_text(), encoding="utf-8")
    (tmp_path / "deploy" / "stack.json").write_text(ROLLING, encoding="utf-8")
    (tmp_path / ".smlint.toml").write_text('context = ["infra/"]\n', encoding="utf-8")
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, ["check", "--no-cache", *args])


def test_written_from_the_root_holds_everywhere(repo, monkeypatch):
    written = run(".", "--write-baseline", ".smlint-baseline.json")
    assert written.exit_code == 0, written.output
    entries = json.loads((repo / ".smlint-baseline.json").read_text())["findings"]
    assert sorted((e["path"], e["rule"]) for e in entries) == [
        ("deploy/stack.json", "SM103"),
        ("deploy/stack.json", "SM201"),
        ("deploy/stack.json", "SM206"),
        ("deploy/update.json", "SM206"),
        ("deploy/update.json", "SM207"),
    ]
    assert run(".", "--baseline", ".smlint-baseline.json").output.endswith("; 5 in the baseline.\n")
    # pre-commit: one changed file, named from the root
    held = run("deploy/update.json", "--baseline", ".smlint-baseline.json")
    assert (held.exit_code, held.output) == (
        0,
        "All clear: 1 file checked, 1 request linted; 2 in the baseline.\n",
    )
    # absolute paths
    held = run(str(repo / "deploy"), "--baseline", str(repo / ".smlint-baseline.json"))
    assert held.exit_code == 0 and held.output.endswith("; 5 in the baseline.\n")
    # from a subfolder: the endpoint config's path in the message is now ../infra/…
    monkeypatch.chdir(repo / "deploy")
    held = run("update.json", "stack.json", "--baseline", "../.smlint-baseline.json")
    assert (held.exit_code, held.output) == (
        0,
        "All clear: 2 files checked, 2 requests linted; 5 in the baseline.\n",
    )
    held = run("--baseline", "../.smlint-baseline.json")  # no path: the working folder
    assert held.exit_code == 0 and held.output.endswith("; 5 in the baseline.\n")


def test_a_new_finding_is_still_reported(repo):
    run(".", "--write-baseline", ".smlint-baseline.json")
    (repo / "deploy" / "update.json").write_text(
        (repo / "deploy" / "update.json").read_text().replace('"Value": 6', '"Value": 7'), encoding="utf-8"
    )
    result = run("deploy/update.json", "--baseline", ".smlint-baseline.json")
    assert result.exit_code == 0  # a warning
    assert result.output.splitlines()[0].startswith(
        "deploy/update.json:8:7: SM207 [warning] DeploymentConfig.RollingUpdatePolicy.RollbackMaximumBatchSize is 7 instances"
    )
    assert result.output.endswith("; 1 in the baseline.\n")


def test_no_path_in_a_message_changes_a_fingerprint():
    def finding(message, path="deploy/update.json"):
        return Finding("SM206", "rolling-batch-out-of-range", "error", message, path, 6, 7, 6, 8, "F")

    here = finding("is 3 of 4 (fleet of 4 instances: endpoint config `c`, infra/prod-config.json:3)")
    for where in (
        "../infra/prod-config.json:3",
        "/abs/infra/prod-config.json:12",
        "infra\\prod-config.json:3",
        "main.tf:9",
        "x.yaml",
        "settings.py",
    ):
        assert fingerprint(
            finding(f"is 3 of 4 (fleet of 4 instances: endpoint config `c`, {where})")
        ) == fingerprint(here)
    assert fingerprint(
        finding("is 3 of 5 (fleet of 4 instances: endpoint config `c`, x.json:3)")
    ) != fingerprint(here)
    assert fingerprint(finding(here.message, "./deploy/update.json")) == fingerprint(here)


def test_output_never_starts_a_path_with_dot_slash(repo):
    result = run(".")
    lines = result.output.splitlines()
    assert lines[0].startswith("deploy/stack.json:9:5: SM201 [error]")
    assert not any(line.startswith("./") for line in lines)
    as_json = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", "./deploy/", "./"])
    assert {f["path"] for f in json.loads(as_json.output)} == {"deploy/stack.json", "deploy/update.json"}
    assert (
        os.path.join("deploy", "update.json")
        in CliRunner().invoke(main, ["check", "--no-cache", "deploy/"]).output
    )
    stdin = CliRunner().invoke(main, ["check", "--stdin-filename", "./deploy/stack.json", "-"], input=ROLLING)
    assert stdin.output.startswith("deploy/stack.json:9:5: SM201 [error]")
    plan = CliRunner().invoke(main, ["plan", "./deploy/update.json"])
    assert plan.output.startswith("deploy/update.json:2:3: update-endpoint\n")
