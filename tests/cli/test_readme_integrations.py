"""What the README's integration sections promise: the editors' regular expressions read
smlint's real output, the config samples are valid, the policy sample is the real output."""

import json
import os
import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from smlint.cli import main
from smlint.config import load

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def blocks(text: str, lang: str) -> list:
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)


@pytest.fixture(scope="module")
def output_lines(tmp_path_factory):
    """Real text output with every kind of line: errors, warnings, info, a path with spaces
    and colons in the message: (finding lines, [the help lines and the summary])."""
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("editors"))
    try:
        Path("dir with space").mkdir()
        Path("dir with space/dc.json").write_text(
            '{"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}', encoding="utf-8"
        )
        Path("dir with space/one:line.json").write_text(
            json.dumps(
                {  # columns past 100
                    "EndpointName": "a",
                    "EndpointConfigName": "b",
                    "DeploymentConfig": {
                        "BlueGreenUpdatePolicy": {
                            "TrafficRoutingConfiguration": {
                                "Type": "CANARY",
                                "WaitIntervalInSeconds": 300,
                                "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 80},
                            },
                            "MaximumExecutionTimeoutInSeconds": 3600,
                        }
                    },
                }
            ),
            encoding="utf-8",
        )
        notebook = ROOT / "tests" / "fixtures" / "python" / "guardrails-linear.ipynb"
        result = runner.invoke(
            main,
            [
                "check",
                "--isolated",
                "--select",
                "ALL",
                str(ROOT / "examples"),
                "dir with space",
                str(notebook),
            ],
        )
    finally:
        os.chdir(cwd)
    lines = result.output.splitlines()
    # each finding's help on the line after it, indented: what no editor pattern may read
    helps = [line for line in lines if line.startswith("  help: ")]
    findings = [line for line in lines[:-1] if not line.startswith("  help: ")]
    assert len(helps) > 10 and len(findings) + len(helps) + 1 == len(lines)
    assert {line.split(" [")[1].split("]")[0] for line in findings} == {"error", "warning", "info"}
    assert any(
        expected(line)[0].endswith("one:line.json") and len(expected(line)[2]) == 3 for line in findings
    )
    assert any(":cell 8:9:9: SM209 [warning] " in line for line in findings)  # a notebook's line
    return findings, helps + [lines[-1]]


def expected(line: str) -> tuple:
    """(file, line, column, code, severity, message) as an editor must read them; for a
    notebook (``nb.ipynb:cell 8:9:9:``) the file is the notebook and the line the cell's."""
    head, _, message = line.partition("] ")
    location, _, rest = head.rpartition(": ")
    path, row, col = location.rsplit(":", 2)
    if re.search(r":cell \d+$", path):
        path = path.rsplit(":", 1)[0]
    code, severity = rest.split(" [")
    return path, row, col, code, severity, message


def test_vscode_problem_matcher_reads_every_finding(output_lines):
    (task,) = blocks(section("Editors"), "json")
    pattern = json.loads(task)["tasks"][0]["problemMatcher"]["pattern"]
    regexp = re.compile(pattern["regexp"])  # JavaScript syntax; the subset used is Python's too
    findings, summary = output_lines
    for line in findings:
        m = regexp.match(line)
        assert m, line
        got = tuple(m.group(pattern[k]) for k in ("file", "line", "column", "code", "severity", "message"))
        assert got == expected(line)
    assert not any(regexp.match(line) for line in summary)


def _lua_to_python(pattern: str) -> str:
    out, i, in_class = [], 0, False
    classes = {"d": "0-9", "u": "A-Z", "a": "A-Za-z", "w": "A-Za-z0-9"}
    while i < len(pattern):
        ch = pattern[i]
        if ch == "%":
            nxt = pattern[i + 1]
            out.append(
                classes[nxt] if in_class else f"[{classes[nxt]}]" if nxt in classes else re.escape(nxt)
            )
            i += 2
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "-" and not in_class:
            ch = "*?"
        out.append(ch)
        i += 1
    return "".join(out)


def test_nvim_lint_pattern_reads_every_finding(output_lines):
    (config,) = blocks(section("Editors"), "lua")
    lua = re.search(r'from_pattern\(\s*"([^"]+)"', config).group(1)
    groups = re.search(r"from_pattern\(\s*\"[^\"]+\",\s*\{([^}]*)\}", config).group(1)
    names = [g.strip().strip('"') for g in groups.split(",")]
    regexp = re.compile(_lua_to_python(lua))
    findings, summary = output_lines
    for line in findings:
        m = regexp.match(line)
        assert m, line
        got = dict(zip(names, m.groups(), strict=True))
        path, row, col, code, severity, message = expected(line)
        assert got == {
            "file": path,
            "lnum": row,
            "col": col,
            "code": code,
            "severity": severity,
            "message": message,
        }
    assert not any(regexp.match(line) for line in summary)
    assert '"--stdin-filename"' in config and '"-" }' in config


def _elisp_to_python(source: str) -> str:
    text = source.replace("\\\\", "\\")  # the elisp string literal's own escapes
    out, i = [], 0
    while i < len(text):
        if text.startswith("\\(?:", i):
            out.append("(?:")
            i += 4
        elif text[i] == "\\" and text[i + 1] in "(){}|":
            out.append(text[i + 1])
            i += 2
        elif text[i] == "\\":
            out.append(text[i : i + 2])
            i += 2
        elif text[i] in "(){}|":
            out.append("\\" + text[i])
            i += 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def test_emacs_compilation_regexp_reads_every_finding(output_lines):
    (config,) = blocks(section("Editors"), "elisp")
    m = re.search(r"'\(smlint \"((?:[^\"\\]|\\.)*)\"\s+1 2 3 \(4 \. 5\)\)", config)
    assert m
    regexp = re.compile(_elisp_to_python(m.group(1)))
    findings, summary = output_lines
    for line in findings:
        found = regexp.match(line)
        assert found, line
        path, row, col, code, severity, message = expected(line)
        assert found.group(1, 2, 3) == (path, row, col)
        # (4 . 5): group 4 matched is a warning, group 5 an info, neither an error
        kind = "warning" if found.group(4) else "info" if found.group(5) else "error"
        assert kind == severity
    assert not any(regexp.match(line) for line in summary)


def test_configuration_samples_are_valid(tmp_path):
    toml, yaml = blocks(section("Configuration"), "toml"), blocks(section("Configuration"), "yaml")
    (tmp_path / "policies").mkdir()
    (tmp_path / "pyproject.toml").write_text(toml[0], encoding="utf-8")
    config = load(str(tmp_path / "pyproject.toml"))
    assert (config.fail_on, config.instance_count, config.ignore) == ("warning", 4, ("SM403",))
    assert config.per_file_ignores[1] == ("deploy/*.json", "DeploymentConfig.RollingUpdatePolicy", ("SM206",))
    (tmp_path / ".smlint.yaml").write_text(yaml[0], encoding="utf-8")
    assert load(str(tmp_path / ".smlint.yaml")).extend_select == ("SM210",)


def test_baseline_sample_has_the_written_keys(tmp_path, monkeypatch):
    (sample,) = blocks(section("Adopting smlint in an existing repository (baseline)"), "json")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.json").write_text(
        (ROOT / "examples" / "rolling-both-policies.json").read_text(), encoding="utf-8"
    )
    CliRunner().invoke(main, ["check", "--isolated", "--write-baseline", "b.json", "r.json"])
    written = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    documented = json.loads(sample.replace("…", ""))
    assert documented.keys() == written.keys()
    assert documented["findings"][0].keys() == written["findings"][0].keys()


def test_policy_sample_output_is_what_smlint_prints(monkeypatch):
    text = section("Writing your own policy")
    command = "$ smlint check --config examples/policies/.smlint.toml --select ORG examples/\n"
    start = text.index(command) + len(command)
    sample = text[start : text.index("```", start)]
    monkeypatch.chdir(ROOT)
    args = command.split()[2:]
    assert CliRunner().invoke(main, args).output == sample


def test_policy_rule_sample_is_the_shipped_rule():
    (sample,) = blocks(section("Writing your own policy"), "yaml")
    shipped = (ROOT / "examples" / "policies" / "ORG002.yaml").read_text(encoding="utf-8")
    head = sample.split("docs:")[0]
    assert shipped.startswith(head)


def test_pre_commit_sample_names_the_hook():
    (sample,) = blocks(section("pre-commit"), "yaml")
    assert "- id: smlint" in sample
    assert textwrap.dedent(sample).startswith("# .pre-commit-config.yaml")
