"""Bad input never stops a run: every file that cannot be read or parsed is one SM001 (or
nothing, when it is not ours), never a traceback; the other files of the run are still
linted; the exit code follows the findings (2 only for usage errors)."""

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from support.linting import lint_text

from smlint.cli import main
from smlint.runner import Linter, Options

# A request with exactly one finding: SM106 on EndpointName (line 2, column 3).
GOOD_BAD = '{\n  "EndpointName": "churn_prod",\n  "EndpointConfigName": "churn-prod-v7"\n}\n'
GOOD_BAD_FINDING = ("good-bad.json", "SM106", 2, 3)


def run(*args):
    """(exit code, [(path, rule, line, column)], findings, stderr) of ``smlint check --format json``."""
    result = CliRunner().invoke(main, ["check", "--format", "json", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    findings = json.loads(result.stdout) if result.stdout.strip() else None
    assert findings is not None, (result.exit_code, result.output)
    summary = [(f["path"], f["rule"], f["line"], f["column"]) for f in findings]
    return result.exit_code, summary, findings, result.stderr


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A folder to run in, holding good-bad.json."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good-bad.json").write_text(GOOD_BAD, encoding="utf-8")
    return tmp_path


def message_of(findings, path):
    (finding,) = [f for f in findings if f["path"] == path]
    return finding["message"]


# --------------------------------------------------------------------------- undecodable, NUL, binary


def test_undecodable_byte_is_sm001_at_the_byte(work):
    data = (
        b'{\n  "EndpointName": "churn-prod",\n  "EndpointConfigName": "churn-prod-v7",\n'
        + '  "DeploymentConfig": {"Größe": "'.encode("utf-8")
        + b"\xe9t\xe9"
        + b'"}\n}\n'
    )
    (work / "latin1.json").write_bytes(data)
    code, summary, findings, _ = run("latin1.json", "good-bad.json")
    # line 4: '  "DeploymentConfig": {"Größe": "' is 33 characters (35 bytes): the byte is the 34th
    assert summary == [GOOD_BAD_FINDING, ("latin1.json", "SM001", 4, 34)]
    assert "0xe9" in message_of(findings, "latin1.json")
    assert code == 1
    assert run("latin1.json")[0] == 1


def test_undecodable_file_that_is_not_ours_is_ignored(work):
    (work / "logo.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\xfd")
    code, summary, _, _ = run("logo.json", "good-bad.json")
    assert summary == [GOOD_BAD_FINDING]
    assert run("logo.json")[:2] == (0, [])


def test_nul_byte_is_sm001_at_the_nul(work):
    (work / "nul.yaml").write_bytes(b"EndpointName: a\nEndpointConfigName: b\x00c\n")
    code, summary, findings, _ = run("nul.yaml", "good-bad.json")
    assert summary == [GOOD_BAD_FINDING, ("nul.yaml", "SM001", 2, 22)]
    assert "NUL" in message_of(findings, "nul.yaml")
    assert code == 1


def test_utf16_without_bom_is_sm001_not_a_crash(work):
    (work / "utf16.json").write_bytes('{"EndpointName": "a", "EndpointConfigName": "b"}'.encode("utf-16-le"))
    code, summary, _, _ = run("utf16.json", "good-bad.json")
    assert [s[:2] for s in summary] == [GOOD_BAD_FINDING[:2], ("utf16.json", "SM001")]
    assert code == 1


def test_file_with_a_bom_is_linted(work):
    (work / "bom.json").write_bytes(GOOD_BAD.replace("good", "x").encode("utf-8-sig"))
    (work / "bom16.yaml").write_bytes("EndpointName: churn_prod\nEndpointConfigName: v7\n".encode("utf-16"))
    code, summary, _, _ = run("bom.json", "bom16.yaml")
    assert summary == [("bom.json", "SM106", 2, 3), ("bom16.yaml", "SM106", 1, 1)]
    assert code == 1


# --------------------------------------------------------------------------- syntax errors


@pytest.mark.parametrize(
    "name, text, line, column",
    [
        (
            "truncated.json",
            '{\n  "EndpointName": "a",\n  "EndpointConfigName": "b",\n  "DeploymentConfig": {',
            4,
            24,
        ),
        ("comma.json", '{\n  "EndpointName": "a",\n  "EndpointConfigName": "b",\n}\n', 3, 28),  # the comma
        (
            "truncated.yaml",
            "EndpointName: a\nEndpointConfigName: b\nDeploymentConfig:\n  BlueGreenUpdatePolicy: [\n",
            5,
            1,
        ),
        ("quote.yaml", 'EndpointName: a\nEndpointConfigName: "b\nDeploymentConfig: {}\n', 4, 1),
        ("indent.yaml", "EndpointName: a\nEndpointConfigName: b\n DeploymentConfig: {}\n", 3, 18),
    ],
    ids=lambda v: v if isinstance(v, str) and v.endswith(("json", "yaml")) else "",
)
def test_syntax_error_is_sm001_at_the_parsers_line(work, name, text, line, column):
    (work / name).write_text(text, encoding="utf-8")
    code, summary, findings, _ = run(name, "good-bad.json")
    assert summary == sorted([GOOD_BAD_FINDING, (name, "SM001", line, column)])
    assert message_of(findings, name).startswith("invalid JSON" if name.endswith(".json") else "invalid YAML")
    assert code == 1
    assert run(name)[0] == 1


def test_syntax_error_in_a_file_that_is_not_ours_is_not_reported(work):
    (work / "broken.json").write_text('{"name": "x", "version": ', encoding="utf-8")
    assert run("broken.json", "good-bad.json")[1] == [GOOD_BAD_FINDING]


# --------------------------------------------------------------------------- resource limits


def _subprocess_check(tmp_path, *names):
    """smlint in its own process: a segfault or a hang fails the test instead of the run."""
    proc = subprocess.run(
        [sys.executable, "-m", "smlint", "check", "--format", "json", *names],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode in (0, 1), (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr and "RecursionError" not in proc.stderr, proc.stderr[-2000:]
    return proc.returncode, [(f["path"], f["rule"], f["line"], f["column"]) for f in json.loads(proc.stdout)]


DEEP = 100_000


@pytest.mark.parametrize(
    "name, text",
    [
        ("deep-array.json", '{"DeploymentConfig": ' + "[" * DEEP + "]" * DEEP + "}"),
        ("deep-object.json", '{"DeploymentConfig": ' + '{"a":' * DEEP + "1" + "}" * DEEP + "}"),
        ("deep-open.json", '{"DeploymentConfig": ' + "[" * DEEP),
        ("deep-flow.yaml", "DeploymentConfig: " + "[" * DEEP + "]" * DEEP + "\n"),
        ("deep-flow-map.yaml", "DeploymentConfig: " + "{a: " * DEEP + "1" + "}" * DEEP + "\n"),
        ("deep-block.yaml", "DeploymentConfig:\n  - " + "- " * DEEP + "x\n"),
    ],
    ids=lambda v: v if len(v) < 40 else "",  # (a huge id would not fit in PYTEST_CURRENT_TEST)
)
def test_deep_nesting_is_sm001_without_crashing(work, name, text):
    (work / name).write_text(text, encoding="utf-8")
    code, summary = _subprocess_check(work, name, "good-bad.json")
    assert [s[:2] for s in summary] == sorted([GOOD_BAD_FINDING[:2], (name, "SM001")])
    assert code == 1


def test_moderately_deep_nesting_in_process(work):
    # 1000 levels: past Python's recursion limit for a recursive walk, under json's own limit
    (work / "deep.json").write_text('{"DeploymentConfig": ' + "[" * 1000 + "]" * 1000 + "}", encoding="utf-8")
    code, summary, _, _ = run("deep.json", "good-bad.json")
    assert [s[:2] for s in summary] == [("deep.json", "SM001"), GOOD_BAD_FINDING[:2]]


def _billion_laughs(levels=12, width=10):
    text = "EndpointName: churn-prod\nEndpointConfigName: churn-prod-v7\nDeploymentConfig:\n  AutoRollbackConfiguration:\n"
    text += "    l0: &l0 [" + ", ".join(['"lol"'] * width) + "]\n"
    for i in range(1, levels):
        text += f"    l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]\n"
    return text + f"    Alarms: *l{levels - 1}\n"


def test_alias_bomb_is_sm001(work):
    (work / "bomb.yaml").write_text(_billion_laughs(), encoding="utf-8")  # 10**12 values expanded
    code, summary = _subprocess_check(work, "bomb.yaml", "good-bad.json")
    assert [s[:2] for s in summary] == [("bomb.yaml", "SM001"), GOOD_BAD_FINDING[:2]]
    assert code == 1


def test_alias_bomb_in_process_names_the_problem():
    found = lint_text(_billion_laughs(), "yaml", "bomb.yaml", select=("ALL",))
    assert [f.rule for f in found] == ["SM001"]
    assert "alias" in found[0].message.lower()


def test_recursive_alias_is_sm001_at_the_alias(work):
    text = "EndpointName: a\nEndpointConfigName: b\nDeploymentConfig: &d\n  AutoRollbackConfiguration: *d\n"
    (work / "loop.yaml").write_text(text, encoding="utf-8")
    code, summary = _subprocess_check(work, "loop.yaml", "good-bad.json")
    # at the key whose value is the loop (4:3), or at the alias itself (4:30)
    assert summary in (
        [GOOD_BAD_FINDING, ("loop.yaml", "SM001", 4, 3)],
        [GOOD_BAD_FINDING, ("loop.yaml", "SM001", 4, 30)],
    )
    (found,) = lint_text(text, "yaml", "loop.yaml")
    assert "recursion" not in found.message  # Python's words, not the user's problem
    assert "alias" in found.message


def test_file_over_the_size_limit_is_sm001(work):
    with open(work / "huge.json", "wb") as fh:
        fh.write(b'{"DeploymentConfig": "' + b"x" * (11 * 1024 * 1024) + b'"}')
    code, summary, findings, _ = run("huge.json", "good-bad.json")
    assert summary == [GOOD_BAD_FINDING, ("huge.json", "SM001", 1, 1)]
    assert "bytes" in message_of(findings, "huge.json")


# --------------------------------------------------------------------------- odd numbers

WAIT = "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.WaitIntervalInSeconds"
JSON_WAIT = (
    '{\n  "EndpointName": "a",\n  "EndpointConfigName": "b",\n  "DeploymentConfig": {"BlueGreenUpdatePolicy": '
    '{"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": %s}}}\n}\n'
)
_LINE4 = JSON_WAIT.splitlines()[3]
JSON_WAIT_KEY = (4, _LINE4.index('"WaitIntervalInSeconds"') + 1)  # 4:105
JSON_WAIT_VALUE = (4, _LINE4.index("%s") + 1)  # 4:130
YAML_WAIT = (
    "EndpointName: a\nEndpointConfigName: b\nDeploymentConfig:\n  BlueGreenUpdatePolicy:\n"
    "    TrafficRoutingConfiguration:\n      Type: ALL_AT_ONCE\n      WaitIntervalInSeconds: %s\n"
)
YAML_WAIT_KEY, YAML_WAIT_VALUE = (7, 7), (7, 30)


def _one(text, fmt):
    found = lint_text(text, fmt, f"request.{fmt}", select=("ALL",))
    assert all("crashed" not in f.message for f in found), [f.message for f in found]
    return found


@pytest.mark.parametrize(
    "fmt, literal, shown",
    [
        ("json", "NaN", "NaN"),
        ("json", "Infinity", "Infinity"),
        ("json", "-Infinity", "-Infinity"),
        ("json", "1e400", "Infinity"),
        ("yaml", ".nan", "NaN"),
        ("yaml", ".inf", "Infinity"),
        ("yaml", "-.inf", "-Infinity"),
    ],
)
def test_nan_and_infinity_for_an_integer_are_sm103(fmt, literal, shown):
    text = (JSON_WAIT if fmt == "json" else YAML_WAIT) % literal
    found = _one(text, fmt)
    line, column = JSON_WAIT_KEY if fmt == "json" else YAML_WAIT_KEY
    assert [(f.rule, f.line, f.column, f.field) for f in found] == [("SM103", line, column, WAIT)]
    assert f"the float {shown}" in found[0].message


def test_large_integer_within_pythons_limit_is_sm104():
    found = _one(JSON_WAIT % ("9" * 4300), "json")
    assert [(f.rule, f.line, f.column, f.field) for f in found] == [("SM104", *JSON_WAIT_KEY, WAIT)]


@pytest.mark.parametrize(
    "fmt, literal",
    [
        ("json", "1" * 20000),
        ("json", "-" + "9" * 20000),
        ("yaml", "1" * 20000),
        ("yaml", "0x" + "f" * 20000),  # hex/octal: Python reads it, but cannot print it
        ("yaml", "0o" + "7" * 20000),
    ],
    ids=["json-20000-digits", "json-negative", "yaml-20000-digits", "yaml-hex", "yaml-octal"],
)
def test_huge_integer_for_an_integer_field(fmt, literal):
    # Valid JSON/YAML. Either answer is right: the value is out of range (SM104 at the key),
    # or smlint refuses to read it (SM001 at the number). Not a crash, not 1:1, and no advice
    # meant for Python programmers.
    text = (JSON_WAIT if fmt == "json" else YAML_WAIT) % literal
    found = _one(text, fmt)
    key, value = (JSON_WAIT_KEY, JSON_WAIT_VALUE) if fmt == "json" else (YAML_WAIT_KEY, YAML_WAIT_VALUE)
    assert len(found) == 1, [(f.rule, f.message[:80]) for f in found]
    assert (found[0].rule, found[0].line, found[0].column) in {("SM104", *key), ("SM001", *value)}
    assert "set_int_max_str_digits" not in found[0].message
    assert len(found[0].message) < 1000


def test_huge_integer_for_a_capacity_value():
    text = (
        "EndpointName: a\nEndpointConfigName: b\nDeploymentConfig:\n  BlueGreenUpdatePolicy:\n"
        "    TrafficRoutingConfiguration:\n      Type: CANARY\n      WaitIntervalInSeconds: 300\n"
        "      CanarySize: {Type: CAPACITY_PERCENT, Value: 0x%s}\n    MaximumExecutionTimeoutInSeconds: 3600\n"
        "  AutoRollbackConfiguration: {Alarms: [{AlarmName: churn-5xx}]}\n" % ("f" * 20000)
    )
    found = _one(text, "yaml")
    # a canary of 16**20000 percent is too large (SM204 at CanarySize), or unreadable (SM001)
    assert [(f.rule, f.line, f.column) for f in found] in ([("SM204", 8, 7)], [("SM001", 8, 51)])


def test_huge_integer_does_not_stop_the_run(work):
    (work / "hex.yaml").write_text(YAML_WAIT % ("0x" + "f" * 20000), encoding="utf-8")
    code, summary, _, _ = run("hex.yaml", "good-bad.json")
    assert GOOD_BAD_FINDING in summary
    assert [s[0] for s in summary].count("hex.yaml") == 1
    assert code == 1


# --------------------------------------------------------------------------- files that are not files


def test_empty_files_are_clean(work):
    for name in ("empty.json", "empty.yaml", "blank.json", "comment.yaml"):
        (work / name).write_text(
            {"blank.json": "  \n\n", "comment.yaml": "# DeploymentConfig: later\n"}.get(name, "")
        )
    result = CliRunner().invoke(main, ["check", "empty.json", "empty.yaml", "blank.json", "comment.yaml"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "All clear: 4 files checked, 0 requests linted.\n"
    assert result.stderr == ""
    assert run("empty.json", "good-bad.json")[1] == [GOOD_BAD_FINDING]


def test_folder_named_like_a_file_is_walked(work):
    (work / "x.json").mkdir()
    (work / "empty.yaml").mkdir()
    (work / "x.json" / "inner.json").write_text(GOOD_BAD, encoding="utf-8")
    code, summary, _, stderr = run("x.json", "empty.yaml")
    assert summary == [(os.path.join("x.json", "inner.json"), "SM106", 2, 3)]
    assert code == 1 and stderr == ""
    assert run("empty.yaml")[:2] == (0, [])


def test_dangling_symlink_named_explicitly_is_sm001(work):
    os.symlink(work / "gone.json", work / "link.json")
    code, summary, findings, _ = run("link.json", "good-bad.json")
    assert summary == [GOOD_BAD_FINDING, ("link.json", "SM001", 1, 1)]
    assert "symbolic link" in message_of(findings, "link.json")
    assert run("link.json")[0] == 1


def test_dangling_symlink_inside_a_folder_is_skipped(work):
    (work / "requests").mkdir()
    os.symlink(work / "gone.json", work / "requests" / "link.json")
    (work / "requests" / "good-bad.json").write_text(GOOD_BAD, encoding="utf-8")
    code, summary, _, stderr = run("requests")
    assert summary == [(os.path.join("requests", "good-bad.json"), "SM106", 2, 3)]
    assert code == 1 and stderr == ""


def test_symlink_loop_inside_a_folder_does_not_hang(work):
    (work / "requests").mkdir()
    os.symlink(work / "requests", work / "requests" / "loop")
    (work / "requests" / "good-bad.json").write_text(GOOD_BAD, encoding="utf-8")
    code, summary, _, _ = run("requests")
    assert summary == [(os.path.join("requests", "good-bad.json"), "SM106", 2, 3)]


def test_missing_path_is_sm001(work):
    code, summary, findings, _ = run("nowhere.json", "good-bad.json")
    assert summary == [GOOD_BAD_FINDING, ("nowhere.json", "SM001", 1, 1)]
    assert "no such file" in message_of(findings, "nowhere.json")
    assert code == 1
    assert run("nowhere/")[0] == 1


def test_the_same_file_twice_is_linted_once(work):
    assert run("good-bad.json", "./good-bad.json", ".")[1] == [GOOD_BAD_FINDING]


def test_everything_at_once(work):
    (work / "bad.json").write_bytes(b'{"DeploymentConfig": "\xff"}')
    (work / "trunc.yaml").write_text("DeploymentConfig: [\n", encoding="utf-8")
    (work / "empty.json").write_text("", encoding="utf-8")
    os.symlink(work / "gone.yaml", work / "dangling.yaml")
    (work / "nul.json").write_bytes(b'{"DeploymentConfig": "\x00"}')
    code, summary, _, stderr = run(".", "missing.yaml", "dangling.yaml")
    # the folder's dangling link is skipped quietly; named explicitly, it is SM001
    assert [(p, r) for p, r, _, _ in summary] == [
        ("bad.json", "SM001"),
        ("dangling.yaml", "SM001"),
        ("good-bad.json", "SM106"),
        ("missing.yaml", "SM001"),
        ("nul.json", "SM001"),
        ("trunc.yaml", "SM001"),
    ]
    assert code == 1 and "Traceback" not in stderr
    report = Linter(Options(select=("ALL",))).lint_paths([str(work)])
    assert sorted(os.path.basename(f.path) for f in report.findings) == [
        "bad.json",
        "good-bad.json",
        "nul.json",
        "trunc.yaml",
    ]


# --------------------------------------------------------------------------- exit codes


def test_exit_code_follows_the_findings(work):
    (work / "warn.json").write_text(
        '{"EndpointName": "a", "EndpointConfigName": "b", "RetainAllVariantProperties": false,'
        ' "ExcludeRetainedVariantProperties": [{"VariantPropertyType": "DesiredWeight"}]}',
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(main, ["check", "warn.json"]).exit_code == 0  # a warning (SM401) only
    assert runner.invoke(main, ["check", "--fail-on", "warning", "warn.json"]).exit_code == 1
    assert runner.invoke(main, ["check", "good-bad.json"]).exit_code == 1
    assert runner.invoke(main, ["check", "--ignore", "SM106", "good-bad.json"]).exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--config", "x.toml", "--isolated", "good-bad.json"],
        ["check", "--select", "SM999", "good-bad.json"],
        ["check", "--fail-on", "fatal", "good-bad.json"],
        ["check", "--format", "xml", "good-bad.json"],
        ["check", "--instance-count", "0", "good-bad.json"],
        ["lint", "good-bad.json"],
    ],
)
def test_usage_errors_exit_2(work, args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
