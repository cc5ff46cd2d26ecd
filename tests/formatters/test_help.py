"""A finding's help in every output format, in the cache, and kept out of its fingerprint
(issue 11, item 8)."""

import json
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner
from support.findings import finding
from test_formatters import assert_valid_sarif

from smlint.cli import main
from smlint.fingerprint import fingerprint, normalized_path
from smlint.formatters import render
from smlint.registry import builtin_rules
from smlint.results import Report

CANARY = (
    '{"EndpointName": "e", "EndpointConfigName": "c", "DeploymentConfig": {"BlueGreenUpdatePolicy": '
    '{"TrafficRoutingConfiguration": {"Type": "CANARY", "WaitIntervalInSeconds": 300, "CanarySize": '
    '{"Type": "CAPACITY_PERCENT", "Value": 80}}, "MaximumExecutionTimeoutInSeconds": 3600}, '
    '"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}}\n'
)
MESSAGE = (
    "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize is 80% of the fleet; a canary "
    "must be at most 50% (SageMaker rejects it)"
)
HELP = "use a Value of at most 50"


def check(tmp_path, *args, text=CANARY):
    (tmp_path / "r.json").write_text(text, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        return CliRunner().invoke(main, ["check", *args, "r.json"])
    finally:
        os.chdir(cwd)


def test_text_shows_the_help_indented_under_its_finding_and_concise_leaves_it_out(tmp_path):
    assert check(tmp_path).output.splitlines() == [
        f"r.json:1:220: SM204 [error] {MESSAGE}",
        f"  help: {HELP}",
        "Found 1 problem (1 error) in 1 file checked, 1 request linted.",
    ]
    assert check(tmp_path, "--format", "concise").output == f"r.json:1:220: SM204 {MESSAGE}\n"


def test_json_and_sarif_carry_the_help_as_its_own_field(tmp_path):
    (row,) = json.loads(check(tmp_path, "--format", "json").output)
    assert (row["message"], row["help"]) == (MESSAGE, HELP)
    log = assert_valid_sarif(check(tmp_path, "--format", "sarif").output)
    (result,) = log["runs"][0]["results"]
    assert result["message"] == {"text": MESSAGE}
    assert result["properties"] == {"help": HELP}
    # a finding without help has no empty property bag
    bare = assert_valid_sarif(render("sarif", Report(findings=[finding()]), builtin_rules()))
    assert "properties" not in bare["runs"][0]["results"][0]


def test_github_gitlab_and_junit_say_the_help_after_the_message(tmp_path):
    github = check(tmp_path, "--format", "github").output.splitlines()[0]
    assert github.endswith(f"::{MESSAGE.replace('%', '%25')}%0Ahelp: {HELP}")
    (issue,) = json.loads(check(tmp_path, "--format", "gitlab").output)
    assert issue["description"] == f"SM204 {MESSAGE}. Help: {HELP}"
    failure = ET.fromstring(check(tmp_path, "--format", "junit").output).find("testsuite/testcase/failure")
    assert failure.get("message") == MESSAGE
    assert failure.text == f"r.json:1:220: SM204 [error] {MESSAGE}\n  help: {HELP}"


FORGED = "x\nr.json:1:1: SM999 [error] FORGED\x1b[31m"


def test_a_help_holding_the_users_text_cannot_start_a_finding_line(tmp_path):
    rules = tmp_path / "policies"
    rules.mkdir()
    (rules / "ORG020.yaml").write_text(
        "id: ORG020\nname: no-such-alarm\nseverity: error\nsummary: s\n"
        "given: /DeploymentConfig/AutoRollbackConfiguration/Alarms/*/AlarmName\n"
        "assert: {const: ok}\nmessage: '{field} is not ok'\nhelp: 'rename {value}'\n"
        "docs: {what: w, why: y, fix: f}\n",
        encoding="utf-8",
    )
    (tmp_path / ".smlint.toml").write_text(
        'rules-dirs = ["policies"]\nselect = ["ORG020"]\n', encoding="utf-8"
    )
    text = json.dumps(
        {
            "EndpointName": "e",
            "EndpointConfigName": "c",
            "DeploymentConfig": {"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "1:1" + FORGED}]}},
        }
    )
    lines = check(tmp_path, text=text).output.splitlines()
    assert len(lines) == 3, lines
    assert lines[0].endswith(
        " ORG020 [error] DeploymentConfig.AutoRollbackConfiguration.Alarms[0].AlarmName is not ok"
    )
    assert lines[1] == "  help: rename 1\\x3a1x\\nr.json\\x3a1\\x3a1: SM999 [error] FORGED\\x1b[31m"
    finding_line = re.compile(r"^(.+?):(\d+):(\d+): ([A-Z][A-Z0-9]*\d{3}) \[(error|warning|info)\] ")
    assert [bool(finding_line.match(line)) for line in lines] == [True, False, False]


def test_the_cache_keeps_the_help(tmp_path, monkeypatch):
    monkeypatch.setenv("SMLINT_CACHE_DIR", str(tmp_path / "cache"))
    cold = check(tmp_path, "--format", "json").output
    stored = "".join(
        p.read_text(encoding="utf-8")
        for p in (tmp_path / "cache").rglob("*")
        if p.is_file() and p.suffix != ".tag" and p.name != ".gitignore"
    )
    assert HELP in stored  # (stored, not recomputed: the next run reads it back)
    warm = check(tmp_path, "--format", "json").output
    assert warm == cold and json.loads(warm)[0]["help"] == HELP


def test_the_fingerprint_leaves_the_help_out():
    f = finding(message=MESSAGE, help=HELP)
    assert fingerprint(f) == fingerprint(replace(f, help="use a Value of 10 or 25"))
    assert fingerprint(f) != fingerprint(replace(f, text=MESSAGE.replace("80%", "90%")))


def _old_baseline(findings, folder: Path) -> dict:
    """A baseline as smlint wrote it before help was a field: the help ended the message."""
    entries = []
    for f in findings:
        joined = {"SM102": "; "}.get(f.rule, ": ") if f.help else ""
        old = replace(f, text=f.message + joined + f.help, help="")
        path = os.path.relpath(os.path.abspath(f.path), folder)
        entries.append(
            {
                "fingerprint": fingerprint(old, path),
                "rule": f.rule,
                "path": normalized_path(path),
                "field": f.field,
                "message": old.message,
            }
        )
    return {"smlint-baseline": 1, "findings": entries}


def test_a_baseline_written_before_the_split_still_holds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deploy").mkdir()
    text = CANARY.replace('"AlarmName"', '"Name"').replace('"Type": "CANARY"', '"Type": "CANARY", "Extra": 1')
    (tmp_path / "deploy" / "r.json").write_text(text, encoding="utf-8")
    now = json.loads(CliRunner().invoke(main, ["check", "--format", "json", "deploy"]).output)
    assert sorted((f["rule"], bool(f["help"])) for f in now) == [
        ("SM102", True),
        ("SM102", True),
        ("SM204", True),
    ]
    from smlint.runner import Linter, Options

    findings = Linter(Options()).lint_paths(["deploy"]).findings
    (tmp_path / "old.json").write_text(json.dumps(_old_baseline(findings, tmp_path)), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--baseline", "old.json", "deploy/r.json"])
    assert (result.exit_code, result.output) == (
        0,
        "All clear: 1 file checked, 1 request linted; 3 in the baseline.\n",
    )
    # and one written now holds as well, and names the finding by its message alone
    assert CliRunner().invoke(main, ["check", "--write-baseline", "new.json", "deploy"]).exit_code == 0
    written = json.loads((tmp_path / "new.json").read_text(encoding="utf-8"))
    assert MESSAGE in [e["message"] for e in written["findings"]]
    assert CliRunner().invoke(main, ["check", "--baseline", "new.json", "deploy"]).exit_code == 0
