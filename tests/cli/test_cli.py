"""The command line: output formats, selection, exit codes, rule docs, the README's promises."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from smlint.cli import main

ROOT = Path(__file__).resolve().parents[2]

# The public contract of rule-catalog.md: ids, names and default severities never change.
CATALOG = {
    "SM001": ("parse-error", "error"),
    "SM002": ("duplicate-key", "warning"),
    "SM003": ("unresolved-value", "info"),
    "SM004": ("unused-suppression", "warning"),
    "SM101": ("missing-required-field", "error"),
    "SM102": ("unknown-field", "error"),
    "SM103": ("wrong-type", "error"),
    "SM104": ("value-out-of-range", "error"),
    "SM105": ("invalid-enum-value", "error"),
    "SM106": ("invalid-name", "error"),
    "SM107": ("invalid-list-length", "error"),
    "SM201": ("multiple-update-policies", "error"),
    "SM202": ("missing-step-size", "error"),
    "SM203": ("mismatched-step-size", "warning"),
    "SM204": ("canary-too-large", "error"),
    "SM205": ("linear-step-out-of-range", "error"),
    "SM206": ("rolling-batch-out-of-range", "error"),
    "SM207": ("rollback-batch-too-large", "warning"),
    "SM208": ("timeout-shorter-than-waits", "error"),
    "SM209": ("timeout-below-schedule", "warning"),
    "SM210": ("no-update-policy", "info"),
    "SM301": ("missing-rollback-alarms", "warning"),
    "SM302": ("zero-bake-time", "warning"),
    "SM401": ("exclude-without-retain", "warning"),
    "SM402": ("unsupported-datacapture-exclusion", "error"),
    "SM403": ("duplicate-variant-property", "warning"),
    "SM404": ("retain-deployment-config-conflict", "warning"),
    "SM501": ("rolling-unsupported-endpoint", "error"),
    "SM502": ("guardrails-fallback", "warning"),
    "SM503": ("capacity-exceeds-fleet", "error"),
    "SM504": ("fleet-too-small", "warning"),
    "SM601": ("terraform-timeout-limit", "error"),
    "SM602": ("terraform-apply-timeout", "warning"),
}

CANARY_80 = """{
  "EndpointName": "churn-prod",
  "EndpointConfigName": "churn-prod-v7",
  "DeploymentConfig": {
    "BlueGreenUpdatePolicy": {
      "TrafficRoutingConfiguration": {
        "Type": "CANARY",
        "WaitIntervalInSeconds": 600,
        "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 80}
      },
      "TerminationWaitInSeconds": 600,
      "MaximumExecutionTimeoutInSeconds": 3600
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "churn-prod-5xx"}]}
  }
}
"""

# Warnings only: no alarms on a baking deployment (SM301).
NO_ALARMS = """EndpointName: churn-prod
EndpointConfigName: churn-prod-v7
DeploymentConfig:
  BlueGreenUpdatePolicy:
    TrafficRoutingConfiguration:
      Type: ALL_AT_ONCE
      WaitIntervalInSeconds: 300
    MaximumExecutionTimeoutInSeconds: 1800
"""

# INSTANCE_COUNT canary: judged only when the fleet size is known.
COUNT_CANARY = """{
  "EndpointName": "ranker",
  "EndpointConfigName": "ranker-v2",
  "DeploymentConfig": {
    "BlueGreenUpdatePolicy": {
      "TrafficRoutingConfiguration": {
        "Type": "CANARY",
        "WaitIntervalInSeconds": 300,
        "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 3}
      },
      "MaximumExecutionTimeoutInSeconds": 3600
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "ranker-errors"}]}
  }
}
"""

CANARY_MESSAGE = (
    "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize is 80% of the fleet; "
    "a canary must be at most 50% (SageMaker rejects it)"
)
CANARY_HELP = "use a Value of at most 50"


def run(*args):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def files(tmp_path):
    def write(name, text):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def test_text_format_line_and_summary(files):
    path = files("canary.json", CANARY_80)
    result = run("check", path)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}:9:52: SM204 [error] {CANARY_MESSAGE}",
        f"  help: {CANARY_HELP}",
        "Found 1 problem (1 error) in 1 file checked, 1 request linted.",
    ]


def test_json_format_is_the_documented_array(files):
    path = files("canary.json", CANARY_80)
    result = run("check", "--format", "json", path)
    assert result.exit_code == 1
    assert json.loads(result.output) == [
        {
            "rule": "SM204",
            "name": "canary-too-large",
            "severity": "error",
            "message": CANARY_MESSAGE,
            "path": path,
            "line": 9,
            "column": 52,
            "end_line": 9,
            "end_column": 59,
            "field": "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Value",
            "help": CANARY_HELP,
            "fix": {
                "title": "set Value to 50, the nearest allowed",
                "applicability": "unsafe",
                "edits": [{"line": 9, "column": 61, "end_line": 9, "end_column": 63, "text": "50"}],
            },
        }
    ]


def test_clean_file_exits_zero_and_json_is_empty(files):
    path = files("ok.json", CANARY_80.replace('"Value": 80', '"Value": 10'))
    assert run("check", path).output == "All clear: 1 file checked, 1 request linted.\n"
    result = run("check", "--format", "json", path)
    assert (result.exit_code, json.loads(result.output)) == (0, [])


def test_fail_on_decides_the_exit_code(files):
    path = files("no-alarms.yaml", NO_ALARMS)
    default = run("check", path)
    assert default.exit_code == 0
    assert "SM301 [warning]" in default.output
    assert run("check", "--fail-on", "warning", path).exit_code == 1
    assert run("check", "--fail-on", "info", path).exit_code == 1


def test_select_and_ignore_take_ids_and_prefixes(files):
    path = files("canary.json", CANARY_80)
    assert run("check", "--select", "SM2", path).exit_code == 1
    assert run("check", "--select", "SM1,SM3", path).exit_code == 0
    assert run("check", "--ignore", "SM204", path).exit_code == 0
    assert run("check", "--ignore", "sm2", path).exit_code == 0


def test_info_rules_are_off_unless_selected(files):
    path = files("dc.json", '{"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}')
    assert "SM210" not in run("check", path).output
    selected = run("check", "--select", "SM210", path)
    assert selected.exit_code == 0  # info does not fail by default
    assert f"{path}:1:2: SM210 [info]" in selected.output  # the first key of the file


def test_unknown_selector_is_a_usage_error(files):
    path = files("canary.json", CANARY_80)
    result = run("check", "--select", "SM999", path)
    assert result.exit_code == 2
    assert "no rule matches SM999" in result.output


def test_instance_count_enables_fleet_checks(files):
    path = files("count.json", COUNT_CANARY)
    assert run("check", path).exit_code == 0  # N unknown: skipped, never guessed
    result = run("check", "--instance-count", "4", path)
    assert result.exit_code == 1
    assert (
        "CanarySize is 3 of 4 instances (75% of the fleet); a canary must be at most 50% "
        "(SageMaker rejects it)\n  help: use a Value of at most 2\n"
    ) in result.output
    assert run("check", "--instance-count", "6", path).exit_code == 0
    assert run("check", "--instance-count", "0", path).exit_code == 2


def test_kind_forces_detection(files):
    # A file with a name and shape nobody would detect: linted only when the kind is forced.
    path = files(
        "policy.txt",
        '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 80}, '
        '"WaitIntervalInSeconds": 300}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}',
    )
    skipped = run("check", path)
    assert skipped.exit_code == 0
    assert "skipped" in skipped.output
    forced = run("check", "--kind", "deployment-config", path)
    assert forced.exit_code == 1
    assert f"{path}:1:75: SM206 [error]" in forced.output


def test_folders_are_walked_skipping_vendored_and_virtualenv_folders(files, tmp_path):
    files("deploy/prod/canary.json", CANARY_80)
    files("node_modules/pkg/canary.json", CANARY_80)
    files(".git/canary.json", CANARY_80)
    files("env/pyvenv.cfg", "home = /usr/bin\n")
    files("env/lib/canary.json", CANARY_80)
    files("deploy/README.md", "not linted")
    result = run("check", "--format", "json", str(tmp_path))
    assert [Path(f["path"]).relative_to(tmp_path).as_posix() for f in json.loads(result.output)] == [
        "deploy/prod/canary.json"
    ]


def test_rule_command_prints_the_docs():
    result = run("rule", "SM204")
    assert result.exit_code == 0
    for heading in (
        "SM204 canary-too-large [error]",
        "## What it does",
        "## Why it matters",
        "## Bad example",
        "## Good example",
        "## How to fix",
        "## References",
    ):
        assert heading in result.output
    assert run("rule", "canary-too-large").output == result.output
    missing = run("rule", "SM999")
    assert missing.exit_code == 2


def test_rules_lists_the_catalog_exactly():
    result = run("rules")
    table, note = result.output.split("\n\n")
    listed = {}
    for line in table.splitlines():
        rule_id, name, severity, default = line.split()[:4]
        listed[rule_id] = (name, severity)
        assert default == ("off" if severity == "info" else "on"), line
    assert listed == CATALOG
    assert note == "off: not run unless selected (--extend-select SM003, --select ALL)\n"


def test_readme_rule_table_is_generated():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = run("rules", "--format", "md").output
    start, end = "<!-- rules:start -->\n", "<!-- rules:end -->"
    assert readme[readme.index(start) + len(start) : readme.index(end)] == table, (
        "README's rule table is stale: paste the output of `smlint rules --format md`"
    )


def test_readme_first_screen_has_the_two_setup_commands():
    first_screen = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:40])
    assert "pip install . && smlint check examples/" in first_screen
    assert "pip install -e '.[test]' && pytest" in first_screen


def test_examples_give_the_documented_findings():
    result = run("check", "--format", "json", str(ROOT / "examples"))
    found = sorted((Path(f["path"]).name, f["rule"], f["line"]) for f in json.loads(result.output))
    assert result.exit_code == 1
    assert found == [
        ("canary-copied-from-a-notebook.yaml", "SM204", 11),
        ("canary-copied-from-a-notebook.yaml", "SM208", 13),
        ("canary-copied-from-a-notebook.yaml", "SM301", 4),
        ("create-endpoint.json", "SM102", 10),
        ("deploy_ranker.py", "SM209", 19),  # a boto3 call in a script
        ("endpoint-stack.yaml", "SM205", 32),  # N = 4 from the template's EndpointConfig
        ("endpoint.tf", "SM602", 6),
        ("rolling-both-policies.json", "SM103", 11),
        ("rolling-both-policies.json", "SM201", 9),
        ("rolling-both-policies.json", "SM206", 10),
    ]


def test_module_entry_point_and_version():
    result = subprocess.run([sys.executable, "-m", "smlint", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert re.fullmatch(r"smlint, version \d+\.\d+\.\d+\n", result.stdout)


def test_internal_error_is_reported_without_traceback(files, monkeypatch):
    import smlint.runner

    def explode(self, paths, *args):
        raise RuntimeError("boom")

    monkeypatch.setattr(smlint.runner.Linter, "lint_paths", explode)
    monkeypatch.delenv("SMLINT_DEBUG", raising=False)
    result = CliRunner().invoke(main, ["check", files("a.json", CANARY_80)])
    assert result.exit_code == 2
    assert "smlint: internal error: RuntimeError: boom" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_installed_wheel_ships_every_rule(tmp_path):
    """Build the wheel, unpack it away from the source tree, and list the rules from it."""
    import zipfile

    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheel_dir.glob("smlint-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(site)
    for rule_id in CATALOG:
        assert f"smlint/rules/{rule_id}.yaml" in names
    assert "smlint/rules/schema/sagemaker.json" in names
    assert "smlint/rules/rule.schema.json" in names
    assert "smlint/config.schema.json" in names
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-m", "smlint", "rules"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    table = result.stdout.split("\n\n")[0]
    assert sorted(line.split()[0] for line in table.splitlines()) == sorted(CATALOG)
    probe = subprocess.run(
        [sys.executable, "-c", "import smlint.registry as r; print(r.rules_dir())"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert probe.stdout.strip() == str(site / "smlint" / "rules")


def test_readme_sample_output_is_what_smlint_prints(monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("$ smlint check examples/\n") + len("$ smlint check examples/\n")
    sample = readme[start : readme.index("```", start)]
    monkeypatch.chdir(ROOT)
    assert run("check", "examples/").output == sample


@pytest.mark.parametrize(
    "command",
    [
        "smlint check tests/fixtures/terraform/",
        "smlint plan tests/fixtures/plan/canary.json --instance-count 6",
    ],
)
def test_readme_terraform_and_plan_samples_are_what_smlint_prints(monkeypatch, command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"$ {command}\n") + len(f"$ {command}\n")
    monkeypatch.chdir(ROOT)
    assert run(*command.split()[1:]).output == readme[start : readme.index("```", start)]


def test_output_file_and_github_default(files, tmp_path, monkeypatch):
    path = files("canary.json", CANARY_80)
    out = tmp_path / "report.json"
    result = run("check", "--format", "json", "--output-file", str(out), path)
    assert (result.exit_code, result.output) == (1, "")
    assert [f["rule"] for f in json.loads(out.read_text(encoding="utf-8"))] == ["SM204"]
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    annotated = run("check", path)
    assert annotated.output.startswith(f"::error file={path},line=9,col=52,")
    assert run("check", "--format", "text", path).output.startswith(f"{path}:9:52: SM204")
    unwritable = run("check", "--output-file", str(tmp_path / "no" / "such" / "dir.txt"), path)
    assert unwritable.exit_code == 2 and "cannot write" in unwritable.output
