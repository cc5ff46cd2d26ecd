"""The SARIF, GitHub Actions and JUnit formatters: golden files for fixed inputs, the SARIF
schema, fingerprints that survive moved lines, and each format's escaping.

``SMLINT_REGOLD=1 pytest tests/formatters/test_formatters.py`` rewrites the golden files."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from support.findings import finding

from smlint.formatters import escape, github, junit, sarif
from smlint.registry import builtin_rules
from smlint.results import Report
from smlint.runner import Linter, Options

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
FIXTURES = "tests/fixtures/formatters"
FINDINGS_FILES = (f"{FIXTURES}/canary-update.yaml", f"{FIXTURES}/deployment-config.json")
CLEAN_FILES = (f"{FIXTURES}/clean/update-endpoint.json",)


@pytest.fixture(scope="module")
def rules():
    return builtin_rules()


@pytest.fixture
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def lint(paths) -> Report:
    return Linter(Options(select=("ALL",))).lint_paths(list(paths))


@pytest.fixture
def report(in_root):
    return lint(FINDINGS_FILES)


@pytest.fixture
def clean(in_root):
    return lint(CLEAN_FILES)


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SMLINT_REGOLD") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == text, f"{name} differs (SMLINT_REGOLD=1 rewrites it)"


def sarif_validator():
    schema = json.loads((ROOT / "tests" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def assert_valid_sarif(text: str) -> dict:
    log = json.loads(text)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator().iter_errors(log)]
    assert not errors, errors
    return log


# The fixture report itself: what the goldens are made of.


def test_fixture_report_has_what_the_formats_must_handle(report):
    assert report.files == 2 and report.requests == 2
    assert {f.severity for f in report.findings} == {"error", "warning", "info"}
    assert any(not f.message.isascii() for f in report.findings)
    assert any("," in f.message and ":" in f.message for f in report.findings)
    assert any(f.rule == "SM002" for f in report.findings)  # its message names a line


# Golden files.


def test_sarif_golden(report, rules):
    assert_golden("findings.sarif", sarif.render(report, rules))


def test_github_golden(report, rules):
    assert_golden("findings.github.txt", github.render(report, rules))


def test_junit_golden(report, rules):
    assert_golden("findings.junit.xml", junit.render(report, rules))


def test_clean_sarif_golden(clean, rules):
    assert_golden("clean.sarif", sarif.render(clean, rules))


def test_clean_junit_golden(clean, rules):
    assert_golden("clean.junit.xml", junit.render(clean, rules))


def test_output_is_deterministic(report, rules):
    for module in (sarif, github, junit):
        assert module.render(report, rules) == module.render(lint(FINDINGS_FILES), builtin_rules())


# SARIF.


def test_schema_copy_is_the_reference_byte_for_byte():
    reference = Path("/work/shared/reference/sarif-schema-2.1.0.json")
    if not reference.is_file():
        pytest.skip("no reference copy of the schema here")
    assert (ROOT / "tests" / "sarif-schema-2.1.0.json").read_bytes() == reference.read_bytes()


def test_sarif_validates_against_the_schema(report, clean, rules):
    assert_valid_sarif(sarif.render(report, rules))
    assert_valid_sarif(sarif.render(clean, rules))
    assert_valid_sarif(sarif.render(report, None))


def test_sarif_run_describes_tool_rules_and_results(report, rules):
    log = json.loads(sarif.render(report, rules))
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "smlint" and driver["informationUri"] == "https://github.com/smlint/smlint"
    assert [d["id"] for d in driver["rules"]] == [r.id for r in rules]
    sm204 = driver["rules"][[r.id for r in rules].index("SM204")]
    assert sm204["defaultConfiguration"] == {"level": "error"}
    assert sm204["properties"]["tags"] == ["sagemaker", "error"]
    assert sm204["helpUri"].startswith("https://")
    assert "\n" not in sm204["fullDescription"]["text"]
    sm003 = driver["rules"][[r.id for r in rules].index("SM003")]
    assert sm003["defaultConfiguration"] == {"level": "note"}

    results = run["results"]
    assert len(results) == len(report.findings)
    for result, f in zip(results, report.findings, strict=True):
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == f.rule
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[f.severity]
        assert result["message"]["text"] == f.message
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert artifact["uri"].startswith("tests/fixtures/formatters/")
        assert location["physicalLocation"]["region"] == {
            "startLine": f.line,
            "startColumn": f.column,
            "endLine": f.end_line,
            "endColumn": f.end_column,
        }
        assert location["logicalLocations"] == [{"fullyQualifiedName": f.field}]


def test_sarif_without_rule_metadata_describes_the_rules_found(report):
    log = json.loads(sarif.render(report, None))
    (run,) = log["runs"]
    descriptors = run["tool"]["driver"]["rules"]
    assert [d["id"] for d in descriptors] == sorted({f.rule for f in report.findings})
    assert all(set(d) == {"id", "name"} for d in descriptors)
    for result in run["results"]:
        assert descriptors[result["ruleIndex"]]["id"] == result["ruleId"]


def test_clean_sarif_has_one_run_and_no_results(clean, rules):
    log = assert_valid_sarif(sarif.render(clean, rules))
    (run,) = log["runs"]
    assert run["results"] == []
    assert len(run["tool"]["driver"]["rules"]) == len(list(rules))


def test_sarif_file_level_finding_has_no_logical_location(rules):
    report = Report(findings=[finding(rule="SM001", name="parse-error", field="")], files=1)
    (result,) = json.loads(sarif.render(report, rules))["runs"][0]["results"]
    assert "logicalLocations" not in result["locations"][0]


def test_sarif_absolute_and_odd_paths(rules):
    findings = [
        finding(path="/srv/deploy/a b#1.json"),
        finding(path="./configs//ünicode.yaml"),
        finding(path="c:weird.json"),
        finding(path="bad-\udcff.json"),
    ]
    log = assert_valid_sarif(sarif.render(Report(findings=findings), rules))
    artifacts = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    assert artifacts[0] == {"uri": "file:///srv/deploy/a%20b%231.json"}
    assert artifacts[1] == {"uri": "configs/%C3%BCnicode.yaml", "uriBaseId": "%SRCROOT%"}
    assert artifacts[2] == {"uri": "./c:weird.json", "uriBaseId": "%SRCROOT%"}
    assert artifacts[3] == {"uri": "bad-%EF%BF%BD.json", "uriBaseId": "%SRCROOT%"}


def fingerprints(text: str) -> list:
    return [r["partialFingerprints"]["smlint/v2"] for r in json.loads(text)["runs"][0]["results"]]


def test_fingerprints_are_stable_across_runs(report, rules):
    first = fingerprints(sarif.render(report, rules))
    second = fingerprints(sarif.render(lint(FINDINGS_FILES), rules))
    assert first == second
    assert all(len(fp) == 64 and int(fp, 16) >= 0 for fp in first)
    assert len(set(first)) == len(first)


def test_fingerprints_survive_lines_moving(tmp_path, monkeypatch, rules):
    monkeypatch.chdir(tmp_path)
    for name in FINDINGS_FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, tmp_path / name)
    before = lint(FINDINGS_FILES)
    for name in FINDINGS_FILES:
        target = tmp_path / name
        target.write_bytes(b"\n\n\n" + target.read_bytes())
    after = lint(FINDINGS_FILES)
    assert [f.line + 3 for f in before.findings] == [f.line for f in after.findings]
    assert fingerprints(sarif.render(before, rules)) == fingerprints(sarif.render(after, rules))
    # Same relative paths as in the repository: same fingerprints as the goldens'.
    monkeypatch.chdir(ROOT)
    assert fingerprints(sarif.render(before, rules)) == fingerprints(
        sarif.render(lint(FINDINGS_FILES), rules)
    )


def test_fingerprint_ignores_line_numbers_in_messages_and_path_spelling():
    a = finding(message="key X appears twice (first at line 8)", path="./x/a.json")
    b = finding(message="key X appears twice (first at line 11)", path="x//a.json", line=6, end_line=6)
    assert sarif.fingerprint(a) == sarif.fingerprint(b)
    assert sarif.fingerprint(a) != sarif.fingerprint(finding(message="key Y appears twice (first at line 8)"))
    assert sarif.fingerprint(finding()) != sarif.fingerprint(finding(field="Other"))


# GitHub Actions.


def test_github_commands(report, rules):
    lines = github.render(report, rules).splitlines()
    assert len(lines) == len(report.findings) + 1
    assert lines[-1].startswith("Found 7 problems")
    levels = [line.split(" ", 1)[0] for line in lines[:-1]]
    assert levels == [
        "::" + {"error": "error", "warning": "warning", "info": "notice"}[f.severity] for f in report.findings
    ]
    f = report.findings[0]
    assert lines[0].startswith(
        f"::notice file={f.path},line={f.line},col={f.column},endLine={f.end_line},endColumn={f.end_column},"
        f"title={f.rule} {f.name}::"
    )


def test_github_escaping():
    f = finding(
        message="100% sure\r\nnext line: a, b",
        path="dir,with:odd/50%.json",
        name="odd:name,here",
    )
    command = github.command(f)
    props, message = command[len("::error ") :].split("::", 1)
    assert message == "100%25 sure%0D%0Anext line: a, b"
    assert props == (
        "file=dir%2Cwith%3Aodd/50%25.json,line=3,col=5,endLine=3,endColumn=15,title=SM204 odd%3Aname%2Chere"
    )
    assert "\n" not in command and "\r" not in command
    assert escape.github_property("a%0A") == "a%250A"  # % first: no double reading


def test_github_clean_is_only_the_summary(clean, rules):
    assert github.render(clean, rules) == "All clear: 1 file checked, 1 request linted.\n"


# JUnit.


def test_junit_parses_and_counts(report, rules):
    # (without the findings at or above --fail-on, the errors fail: --fail-on's default)
    text = junit.render(report, rules)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text.encode("utf-8"))
    errors = sum(1 for f in report.findings if f.severity == "error")
    assert root.tag == "testsuites" and root.get("name") == "smlint"
    assert root.get("tests") == str(len(report.findings))
    assert root.get("failures") == str(errors)
    (suite,) = root
    assert suite.get("name") == "smlint" and suite.get("failures") == str(errors)
    cases = suite.findall("testcase")
    assert len(cases) == len(report.findings)
    assert len(suite.findall("testcase/failure")) == errors
    assert len(suite.findall("testcase/skipped")) == len(report.findings) - errors == 3
    for case, f in zip(cases, report.findings, strict=True):
        assert case.get("classname") == f.path
        assert case.get("name") == f"{f.rule} {f.name} at {f.line}:{f.column}"
        child = case[0]
        assert child.get("message") == f.message
        if f.severity == "error":
            assert child.tag == "failure" and child.get("type") == f.rule
            assert child.text == (
                f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message}\n  help: {f.help}"
            )
        else:
            assert child.tag == "skipped"
            assert child.text == (f"help: {f.help}" if f.help else None)


def test_junit_clean_is_one_passing_testcase(clean, rules):
    root = ET.fromstring(junit.render(clean, rules).encode("utf-8"))
    assert root.get("tests") == "1" and root.get("failures") == "0"
    (case,) = root.iter("testcase")
    assert case.attrib == {"classname": "smlint", "name": "no findings"}
    assert len(case) == 0


def test_junit_stays_well_formed_with_control_characters_and_markup(rules):
    f = finding(message='NUL \x00 and <tag> & "quotes"\nsecond line', path="odd\udcff.json")
    root = ET.fromstring(junit.render(Report(findings=[f]), rules).encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    # (controls shown as escapes: no raw control character, no second line)
    assert failure.get("message") == 'NUL \\x00 and <tag> & "quotes"\\nsecond line'
    assert root.find("testsuite/testcase").get("classname") == "odd\ufffd.json"
