"""No input can forge an output line: file names, keys, values, Parameter names, endpoint-
config names and environment-variable names holding newlines, ``:``, ANSI escapes, bell,
NEL, U+2028 and bidi controls. For every output format, every line parses back to exactly
the findings smlint reported (the JSON report is the reference), and no raw control
character reaches the terminal."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from click.testing import CliRunner

from smlint.cli import main
from smlint.formatters import escape

# The README's VS Code problem matcher (Neovim's and Emacs' patterns split the same way).
FINDING = re.compile(r"^(.+?):(\d+):(\d+): ([A-Z][A-Z0-9]*\d{3}) \[(error|warning|info)\] (.*)$")
# What must never reach a terminal raw (json's and XML's own structural "\n" excepted).
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

FORGE = "\nx.json:1:1: SM999 [error] FORGED\x1b[31m\x07\r::error file=y::FORGED\x85z\u2028w\u202e"

CANARY_80 = {
    "EndpointName": "e",
    "EndpointConfigName": "c",
    "DeploymentConfig": {
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {
                "Type": "CANARY",
                "WaitIntervalInSeconds": 60,
                "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 80},
            }
        }
    },
}

FILE_NAMES = (
    "a\nx.json:1:1: SM999 [error] FORGED.json",
    "b:1:1: SM999 [error] c.json",
    "c\x1b[31mred\x07.json",
    "d\rz::error file=q::F.json",
    "e\u2028f\u202e.json",
    "g:12.json",
)


def _corpus(folder):
    def write(name, text):
        (folder / name).write_text(text, encoding="utf-8")

    for name in FILE_NAMES:
        write(name, json.dumps(CANARY_80))
    keys = json.loads(json.dumps(CANARY_80))
    keys["Key" + FORGE] = 1
    keys["EndpointName"] = "v" + FORGE
    write("keys.json", json.dumps(keys))
    enum = json.loads(json.dumps(CANARY_80))
    enum["DeploymentConfig"]["BlueGreenUpdatePolicy"]["TrafficRoutingConfiguration"]["Type"] = "CAN" + FORGE
    write("enum.json", json.dumps(enum))
    env = json.dumps("E" + FORGE)
    write(
        "env.py",
        "import os\nimport boto3\n"
        f"boto3.client('sagemaker').update_endpoint(EndpointName=os.environ[{env}], EndpointConfigName='c',\n"
        "    DeploymentConfig={'BlueGreenUpdatePolicy': {'TrafficRoutingConfiguration': {'Type': 'CANARY',\n"
        "        'WaitIntervalInSeconds': 60, 'CanarySize': {'Type': 'CAPACITY_PERCENT', 'Value': 80}}}})\n",
    )
    parameter = "P" + FORGE
    template = {
        "Parameters": {parameter: {"Type": "Number"}},
        "Resources": {
            "Config": {
                "Type": "AWS::SageMaker::EndpointConfig",
                "Properties": {
                    "EndpointConfigName": "cfg" + FORGE,
                    "ProductionVariants": [{"VariantName": "v", "InitialInstanceCount": 4}],
                },
            },
            "Ep": {
                "Type": "AWS::SageMaker::Endpoint",
                "Properties": {
                    "EndpointConfigName": "cfg" + FORGE,
                    "DeploymentConfig": {
                        "BlueGreenUpdatePolicy": {
                            "TrafficRoutingConfiguration": {
                                "Type": "CANARY",
                                "WaitIntervalInSeconds": {"Ref": parameter},
                                "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 80},
                            }
                        }
                    },
                },
            },
        },
    }
    write("cfn.json", json.dumps(template))
    yaml_key = json.dumps("K" + FORGE)  # a YAML double-quoted scalar takes JSON's escapes
    write(
        "req.yaml",
        "EndpointName: e\nEndpointConfigName: c\n"
        f"{yaml_key}: 1\n"
        "DeploymentConfig:\n  BlueGreenUpdatePolicy:\n    TrafficRoutingConfiguration:\n"
        "      Type: CANARY\n      WaitIntervalInSeconds: 60\n"
        "      CanarySize: {Type: CAPACITY_PERCENT, Value: 80}\n",
    )


@pytest.fixture(scope="module")
def forged(tmp_path_factory):
    folder = tmp_path_factory.mktemp("forged")
    _corpus(folder)
    return folder


def _run(folder, fmt):
    args = ["check", "--isolated", "--no-cache", "--extend-select", "SM003", "--format", fmt, str(folder)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    return result.stdout


@pytest.fixture(scope="module")
def reference(forged):
    rows = json.loads(_run(forged, "json"))
    # every family is there: each forged file name's SM204, the echoed key, value, Parameter and
    # environment-variable names
    rules = Counter(row["rule"] for row in rows)
    assert rules["SM204"] == len(FILE_NAMES) + 4  # and keys, env, cfn, req (enum: Type invalid)
    assert rules["SM102"] == 2 and rules["SM105"] == 1 and rules["SM106"] == 2 and rules["SM003"] == 2
    return rows


def _keys(rows):
    return Counter((r["path"], r["line"], r["column"], r["rule"], r["severity"]) for r in rows)


def test_json_decodes_to_the_input_and_holds_no_raw_control(forged, reference):
    out = _run(forged, "json")
    assert not RAW.search(out)
    messages = " ".join(row["message"] for row in reference)
    assert "P" + FORGE in messages and "E" + FORGE in messages  # the data itself, exactly


def test_text_lines_parse_back_to_the_findings(forged, reference):
    out = _run(forged, "text")
    assert not RAW.search(out)
    lines = out.splitlines()  # (splits at every line end Python knows: NEL, U+2028, …)
    helps = [line for line in lines if line.startswith("  help: ")]  # each under its finding
    assert len(helps) == sum(1 for row in reference if row["help"])
    assert not any(FINDING.match(line) for line in helps)
    lines = [line for line in lines if not line.startswith("  help: ")]
    assert len(lines) == len(reference) + 1 and lines[-1].startswith("Found ")
    parsed = [FINDING.match(line) for line in lines[:-1]]
    assert all(parsed), [line for line, m in zip(lines, parsed, strict=False) if not m]
    got = Counter((m[1], int(m[2]), int(m[3]), m[4], m[5]) for m in parsed)
    want = Counter(
        {
            (escape.path(p), line, col, rule, sev): n
            for (p, line, col, rule, sev), n in _keys(reference).items()
        }
    )
    assert got == want
    assert "SM999" not in {m[4] for m in parsed}


def _github_props(text: str) -> dict:
    def unescape(value):
        return (
            value.replace("%2C", ",")
            .replace("%3A", ":")
            .replace("%0A", "\n")
            .replace("%0D", "\r")
            .replace("%25", "%")
        )

    return {k: unescape(v) for k, v in (item.split("=", 1) for item in text.split(","))}


def test_github_commands_parse_back_to_the_findings(forged, reference):
    out = _run(forged, "github")
    assert not RAW.search(out)
    lines = out.splitlines()
    assert len(lines) == len(reference) + 1 and lines[-1].startswith("Found ")
    got = Counter()
    for line in lines[:-1]:
        m = re.fullmatch(r"::(error|warning|notice) ([^:]*)::(.*)", line)
        assert m, line
        props = _github_props(m[2])
        assert set(props) == {"file", "line", "col", "endLine", "endColumn", "title"}
        severity = {"notice": "info"}.get(m[1], m[1])
        got[(props["file"], int(props["line"]), int(props["col"]), props["title"].split()[0], severity)] += 1
    # (the file name as the runner decodes it: CR and LF are the name's own, %-encoded)
    shown = {p: _github_props("file=" + escape.github_property(p))["file"] for p, *_ in _keys(reference)}
    want = Counter({(shown[p], *rest): n for (p, *rest), n in _keys(reference).items()})
    assert got == want
    assert not any(line.startswith("::") for line in lines[-1:])


def test_junit_is_one_case_per_finding_with_no_raw_control(forged, reference):
    out = _run(forged, "junit")
    assert not RAW.search(out)
    root = ET.fromstring(out.encode("utf-8"))
    cases = root.findall("testsuite/testcase")
    assert len(cases) == len(reference)
    for case in cases:
        failure = case.find("failure")
        if failure is not None:  # the finding's line, then its help's
            first, *rest = failure.text.split("\n")
            assert FINDING.match(first) and len(rest) <= 1
            assert all(line.startswith("  help: ") and not FINDING.match(line) for line in rest)


def test_sarif_holds_no_raw_control_and_every_result(forged, reference):
    out = _run(forged, "sarif")
    assert not RAW.search(out)
    results = json.loads(out)["runs"][0]["results"]
    assert Counter(r["ruleId"] for r in results) == Counter(r["rule"] for r in reference)


@pytest.mark.parametrize("name", ["cfn.json", "keys.json", "a\nx.json:1:1: SM999 [error] FORGED.json"])
def test_plan_text_forges_no_line(forged, name):
    result = CliRunner().invoke(main, ["plan", str(forged / name)])
    assert result.exit_code == 0, result.output
    assert not RAW.search(result.stdout)
    lines = result.stdout.splitlines()
    assert lines[0].startswith(escape.path(str(forged / name)) + ":")
    assert not [line for line in lines if FINDING.match(line)]
    planned = CliRunner().invoke(main, ["plan", "--format", "json", str(forged / name)])
    assert not RAW.search(planned.stdout) and json.loads(planned.stdout)


def test_escapes():
    assert escape.text("a\nb\x1b[0m\x07\x85\u2028\u202e\t") == "a\\nb\\x1b[0m\\x07\\x85\\u2028\\u202e\\t"
    assert escape.path("x:1:2: y:z") == "x\\x3a1\\x3a2: y:z"
    assert escape.text("bad\udcff") == "bad\ufffd"
    assert escape.github_data("50%\r\n\x1b") == "50%25%0D%0A\\x1b"
    assert json.loads(escape.json_text(["\u2028\x85\ud800"])) == ["\u2028\x85\ud800"]
