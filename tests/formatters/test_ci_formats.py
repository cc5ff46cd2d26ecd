"""The CI-facing formats: GitLab Code Quality (checked against the fields GitLab documents),
``--format concise``, and JUnit's failures following ``--fail-on``."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.findings import finding
from support.gitlab import assert_gitlab_report

from smlint.cli import main
from smlint.fingerprint import fingerprint
from smlint.formatters import gitlab
from smlint.results import Report

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = [
    "tests/fixtures/formatters/canary-update.yaml",
    "tests/fixtures/formatters/deployment-config.json",
]


@pytest.fixture(autouse=True)
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def check(*args):
    return CliRunner().invoke(main, ["check", "--no-cache", *args])


def test_gitlab_report_has_gitlabs_fields_for_every_finding():
    result = check("--format", "gitlab", "--select", "ALL", *FIXTURES)
    assert result.exit_code == 1
    issues = assert_gitlab_report(result.output)
    text = check("--format", "json", "--select", "ALL", *FIXTURES).output
    findings = json.loads(text)
    assert len(issues) == len(findings) == 7
    levels = {"error": "major", "warning": "minor", "info": "info"}
    for issue, f in zip(issues, findings, strict=True):
        assert issue["check_name"] == f["rule"]
        assert issue["description"] == f"{f['rule']} {f['message']}" + (
            f". Help: {f['help']}" if f["help"] else ""
        )
        assert issue["severity"] == levels[f["severity"]]
        assert issue["location"] == {"path": f["path"], "lines": {"begin": f["line"]}}
        assert re.fullmatch("[0-9a-f]{64}", issue["fingerprint"])


def test_gitlab_fingerprint_is_smlints_and_survives_moved_lines():
    f = finding()
    (issue,) = json.loads(gitlab.render(Report(findings=[f])))
    assert issue["fingerprint"] == fingerprint(f)
    (moved,) = json.loads(gitlab.render(Report(findings=[finding(line=30, end_line=30)])))
    assert moved["fingerprint"] == issue["fingerprint"] and moved["location"]["lines"]["begin"] == 30


def test_gitlab_same_finding_twice_gets_two_fingerprints():
    issues = assert_gitlab_report(gitlab.render(Report(findings=[finding(), finding(line=9, end_line=9)])))
    assert issues[0]["fingerprint"] == fingerprint(finding())
    assert issues[1]["fingerprint"] != issues[0]["fingerprint"]


def test_gitlab_paths_are_relative_to_the_repository():
    absolute = str(ROOT / "deploy" / "x.json")
    (issue,) = json.loads(gitlab.render(Report(findings=[finding(path=absolute)])))
    assert issue["location"]["path"] == "deploy/x.json"
    (issue,) = json.loads(gitlab.render(Report(findings=[finding(path="./deploy//x.json")])))
    assert issue["location"]["path"] == "deploy/x.json"


def test_gitlab_notebook_cell_in_the_description_and_markup_kept_as_text():
    f = finding(message='<b>"x"</b> & \u20ac', cell=3)
    (issue,) = json.loads(gitlab.render(Report(findings=[f])))
    assert issue["description"] == 'SM204 cell 3, line 3: <b>"x"</b> & \u20ac'


def test_gitlab_clean_run_is_an_empty_array():
    result = check("--format", "gitlab", "tests/fixtures/formatters/clean/update-endpoint.json")
    assert (result.exit_code, result.output) == (0, "[]\n")


# --format concise


def test_concise_is_only_path_line_col_code_message():
    result = check("--format", "concise", *FIXTURES)
    full = json.loads(check("--format", "json", *FIXTURES).output)
    assert result.exit_code == 1
    assert result.output == "".join(
        f"{f['path']}:{f['line']}:{f['column']}: {f['rule']} {f['message']}\n" for f in full
    )
    assert result.output.startswith(
        "tests/fixtures/formatters/canary-update.yaml:9:9: SM204 DeploymentConfig.BlueGreenUpdatePolicy."
    )


def test_concise_clean_run_prints_nothing():
    result = check("--format", "concise", "tests/fixtures/formatters/clean/update-endpoint.json")
    assert (result.exit_code, result.output) == (0, "")


# JUnit and --fail-on


def junit_counts(*args) -> tuple:
    result = check("--format", "junit", "--select", "ALL", *args, *FIXTURES)
    root = ET.fromstring(result.output.encode("utf-8"))
    suite = root.find("testsuite")
    failed = [c.get("name").split()[0] for c in suite.iter("testcase") if c.find("failure") is not None]
    skipped = [c.get("name").split()[0] for c in suite.iter("testcase") if c.find("skipped") is not None]
    return result.exit_code, root.get("failures"), suite.get("skipped"), failed, skipped


def test_junit_fails_only_what_fail_on_fails():
    # the fixtures: errors SM204 SM106 SM102 SM206, warnings SM302 SM002, info SM003
    code, failures, skipped, failed, passed = junit_counts()
    assert (code, failures, skipped) == (1, "4", "3")
    assert failed == ["SM204", "SM106", "SM102", "SM206"] and passed == ["SM003", "SM302", "SM002"]
    code, failures, skipped, failed, passed = junit_counts("--fail-on", "warning")
    assert (code, failures, skipped, passed) == (1, "6", "1", ["SM003"])
    code, failures, skipped, failed, passed = junit_counts("--fail-on", "info")
    assert (code, failures, skipped, passed) == (1, "7", "0", [])


def test_junit_follows_the_configs_fail_on(tmp_path):
    (tmp_path / ".smlint.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    (tmp_path / "x.yaml").write_text((ROOT / FIXTURES[0]).read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "junit", str(tmp_path / "x.yaml")])
    root = ET.fromstring(result.output.encode("utf-8"))
    warnings = {c.get("name").split()[0] for c in root.iter("testcase") if c.find("failure") is not None}
    assert "SM302" in warnings and root.get("failures") == "3"


def test_gitlab_report_stays_json_with_statistics():
    result = CliRunner().invoke(
        main, ["check", "--no-cache", "--format", "gitlab", "--statistics", *FIXTURES]
    )
    assert len(assert_gitlab_report(result.stdout)) == 6
    assert "SM204  canary-too-large" in result.stderr
