"""Users' own policy rules from ``rules-dirs``: the shipped examples under examples/policies
(their documented examples are tests, as for the built-in rules), and broken rule files."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from smlint.cli import main
from smlint.config import Config
from smlint.findings import Finding
from smlint.registry import load_rule_file
from smlint.runner import Linter, Options

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ROOT / "examples" / "policies"
POLICY_FILES = sorted(POLICIES.glob("*.yaml"))


def test_three_example_policies_ship():
    assert [p.stem for p in POLICY_FILES] == ["ORG001", "ORG002", "ORG003"]


def _lint(rule, key):
    ex = rule.examples
    options = Options(select=("ALL",), kind=ex.get("kind"), fleet_size=ex.get("instance-count"),
                      config=Config(source="test", rules_dirs=(str(POLICIES),)))
    linter = Linter(options)
    findings, _ = linter.lint_text(f"{key}.{ex['format']}", ex[key], ex["format"])
    return sorted(findings, key=Finding.sort_key)


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.stem)
def test_policy_bad_example_fires_exactly_this_rule_and_good_is_clean(path):
    rule = load_rule_file(path, validate=True)  # the same meta-schema as the built-in rules
    assert [(f.rule, f.line) for f in _lint(rule, "bad")] == [(rule.id, rule.examples["bad-line"])]
    assert [(f.rule, f.line, f.message) for f in _lint(rule, "good")] == []


def test_policy_messages_fill_in_field_and_value():
    rule = load_rule_file(POLICIES / "ORG002.yaml")
    (finding,) = _lint(rule, "bad")
    assert finding.message == (
        "DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds is 10800 s; our deployments "
        "must finish within two hours (7200 s), the length of the change window: shorten the waits and set "
        "the timeout to at most 7200"
    )
    assert (finding.severity, finding.field) == (
        "error", "DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds")


def test_production_policy_reads_the_name_and_leaves_others_alone():
    rule = load_rule_file(POLICIES / "ORG001.yaml")
    bad = rule.examples["bad"]
    options = Options(config=Config(source="test", rules_dirs=(str(POLICIES),)), select=("ORG001",))
    linter = Linter(options)
    for name, fires in (("churn-prod", True), ("prod-ranker", True), ("churn-production-eu", True),
                        ("product-search", False), ("churn-staging", False), ("${ENDPOINT}", False)):
        text = bad.replace("EndpointName: churn-prod", f"EndpointName: {name!r}")
        findings, _ = linter.lint_text("r.yaml", text, "yaml")
        assert [f.rule for f in findings] == (["ORG001"] if fires else []), name


def test_examples_folder_is_not_linted_as_requests_with_the_policies_in_it():
    # the rule files hold request text in their examples: still rule files, no finding
    result = CliRunner().invoke(main, ["check", "--isolated", str(POLICIES)])
    assert (result.exit_code, result.output) == (0, "All clear: 3 files checked, 0 requests linted.\n")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policies").mkdir()
    (tmp_path / ".smlint.yaml").write_text("rules-dirs: [policies]\n", encoding="utf-8")
    (tmp_path / "r.json").write_text((ROOT / "examples" / "rolling-deployment-config.json").read_text(), encoding="utf-8")
    return tmp_path


def test_rules_dirs_from_config_run_the_users_rules(repo):
    (repo / "policies" / "ORG003.yaml").write_text((POLICIES / "ORG003.yaml").read_text(), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "r.json"])
    assert result.exit_code == 0  # a warning
    assert result.output.splitlines()[0].startswith("r.json:9:5: ORG003 [warning] DeploymentConfig.AutoRollback")
    # and they can be selected, ignored and re-graded like any rule
    assert CliRunner().invoke(main, ["check", "--ignore", "ORG", "r.json"]).output.startswith("All clear")
    (repo / ".smlint.yaml").write_text("rules-dirs: [policies]\nseverity: {ORG003: error}\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["check", "r.json"]).exit_code == 1


def test_a_malformed_rule_file_is_exit_2_with_its_location(repo):
    text = (POLICIES / "ORG003.yaml").read_text().replace("severity: warning", "severity: blocker")
    (repo / "policies" / "ORG003.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "r.json"])
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {repo / 'policies' / 'ORG003.yaml'}:3:1: severity: 'blocker' is not one of "
        "['error', 'warning', 'info']\n"
    )
    (repo / "policies" / "ORG003.yaml").write_text("id: ORG003\nname: [\n", encoding="utf-8")
    broken = CliRunner().invoke(main, ["check", "r.json"])
    assert broken.exit_code == 2 and "ORG003.yaml:3:1: invalid YAML" in broken.output


def test_a_user_rule_cannot_take_a_built_in_id(repo):
    text = (POLICIES / "ORG003.yaml").read_text().replace("id: ORG003", "id: SM301")
    (repo / "policies" / "SM301.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "r.json"])
    assert result.exit_code == 2
    assert "rule id SM301 is a built-in smlint rule; choose another id" in result.output


def test_built_in_rule_files_are_named_by_their_id():
    # smlint.policies.known_ids reads the ids from the file names, without loading the rules
    from smlint.policies import known_ids
    from smlint.registry import builtin_rules

    assert known_ids() == [r.id for r in builtin_rules()]
    assert all(Path(r.source).stem == r.id for r in builtin_rules())


def test_rule_command_shows_a_policy_rule_from_the_config_found_here(repo):
    (repo / "policies" / "ORG003.yaml").write_text((POLICIES / "ORG003.yaml").read_text(), encoding="utf-8")
    result = CliRunner().invoke(main, ["rule", "ORG003"])
    assert result.exit_code == 0
    assert result.output.startswith("ORG003 two-rollback-alarms [warning]\n")
    assert CliRunner().invoke(main, ["rule", "two-rollback-alarms"]).output == result.output
    assert CliRunner().invoke(main, ["rule", "ORG999"]).exit_code == 2
