"""Users' own policy rules from ``rules-dirs``: the shipped examples under examples/policies
(their documented examples are tests, as for the built-in rules), and broken rule files."""

import os
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
    options = Options(
        select=("ALL",),
        kind=ex.get("kind"),
        fleet_size=ex.get("instance-count"),
        config=Config(source="test", rules_dirs=(str(POLICIES),)),
    )
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
    assert (finding.message, finding.help) == (
        "DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds is 10800 s; our deployments "
        "must finish within two hours (7200 s), the length of the change window",
        "shorten the waits and set the timeout to at most 7200",
    )
    assert (finding.severity, finding.field) == (
        "error",
        "DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds",
    )


def test_production_policy_reads_the_name_and_leaves_others_alone():
    rule = load_rule_file(POLICIES / "ORG001.yaml")
    bad = rule.examples["bad"]
    options = Options(config=Config(source="test", rules_dirs=(str(POLICIES),)), select=("ORG001",))
    linter = Linter(options)
    for name, fires in (
        ("churn-prod", True),
        ("prod-ranker", True),
        ("churn-production-eu", True),
        ("product-search", False),
        ("churn-staging", False),
        ("${ENDPOINT}", False),
    ):
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
    (tmp_path / "r.json").write_text(
        (ROOT / "examples" / "rolling-deployment-config.json").read_text(), encoding="utf-8"
    )
    return tmp_path


def test_rules_dirs_from_config_run_the_users_rules(repo):
    (repo / "policies" / "ORG003.yaml").write_text((POLICIES / "ORG003.yaml").read_text(), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "r.json"])
    assert result.exit_code == 0  # a warning
    assert result.output.splitlines()[0].startswith(
        "r.json:9:5: ORG003 [warning] DeploymentConfig.AutoRollback"
    )
    # and they can be selected, ignored and re-graded like any rule
    assert CliRunner().invoke(main, ["check", "--ignore", "ORG", "r.json"]).output.startswith("All clear")
    (repo / ".smlint.yaml").write_text(
        "rules-dirs: [policies]\nseverity: {ORG003: error}\n", encoding="utf-8"
    )
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


# -- policies fail when they load, not when they lint ---------------------------------------


POLICY = """\
id: ORG010
name: short-timeout
severity: error
summary: MaximumExecutionTimeoutInSeconds at most two hours
given: /DeploymentConfig/*/MaximumExecutionTimeoutInSeconds
assert:
  maximum: 7200
message: "{field} is {value} s"
docs:
  what: Flags long timeouts.
  why: The change window is two hours.
  fix: Shorten the waits.
examples:
  format: json
  bad: |
    {"EndpointName": "e", "EndpointConfigName": "c",
     "DeploymentConfig": {"RollingUpdatePolicy": {
       "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 25},
       "WaitIntervalInSeconds": 300,
       "MaximumExecutionTimeoutInSeconds": 9000}}}
  bad-line: 5
  good: |
    {"EndpointName": "e", "EndpointConfigName": "c",
     "DeploymentConfig": {"RollingUpdatePolicy": {
       "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 25},
       "WaitIntervalInSeconds": 300,
       "MaximumExecutionTimeoutInSeconds": 3600}}}
"""


@pytest.fixture
def team(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policies").mkdir()
    (tmp_path / ".smlint.toml").write_text('rules-dirs = ["policies"]\n', encoding="utf-8")
    (tmp_path / "r.json").write_text("{}\n", encoding="utf-8")

    def write(text):
        (tmp_path / "policies" / "ORG010.yaml").write_text(text, encoding="utf-8")
        monkeypatch.setattr("smlint.policies._CACHE", {})  # as a new process would read it

    return write


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "maximum: 7200",
            'maximum: "abc"',
            "policies/ORG010.yaml:7:3: assert/maximum: 'abc' is not of type 'number' (assert must be a valid JSON Schema)",
        ),
        (
            "maximum: 7200",
            'pattern: "(["',
            "policies/ORG010.yaml:7:3: assert/pattern: '([' is not a regular expression that compiles (assert must be a valid JSON Schema)",
        ),
        (
            "maximum: 7200",
            "properties: {a: {type: integr}}",
            "policies/ORG010.yaml:7:20: assert/properties/a/type: 'integr' is not valid under any of the given schemas (assert must be a valid JSON Schema)",
        ),
        (
            '"{field} is {value} s"',
            '"{field} is {valeu} s"',
            "policies/ORG010.yaml:8:1: message: only {field} and {value} can be filled in (KeyError: 'valeu'); write {{ and }} for braces",
        ),
        (
            "maximum: 7200",
            "$ref: https://example.com/s.json",
            "policies/ORG010.yaml:7:3: assert/$ref: 'https://example.com/s.json' does not resolve: a rule's $ref may only point inside its own assert (#/$defs/…); smlint fetches nothing",
        ),
        (
            "maximum: 7200",
            "{$ref: '#/$defs/nope', $defs: {}}"[1:-1].replace(", ", "\n  "),
            "policies/ORG010.yaml:7:3: assert/$ref: '#/$defs/nope' does not resolve: a rule's $ref may only point inside its own assert (#/$defs/…); smlint fetches nothing",
        ),
    ],
)
def test_a_broken_policy_is_a_config_error_with_its_line(team, old, new, expected):
    from click.testing import CliRunner

    from smlint.cli import main

    team(POLICY.replace(old, new))
    for args in (["check", "r.json"], ["rules"], ["rules", "--verify"], ["rule", "ORG010"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.output.strip().splitlines()[-1] == f"Error: {os.path.join(os.getcwd(), expected)}"


def test_references_are_optional_for_a_teams_rule(team):
    from click.testing import CliRunner

    from smlint.cli import main

    team(POLICY)
    shown = CliRunner().invoke(main, ["rule", "ORG010"])
    assert shown.exit_code == 0 and shown.output.endswith(
        "## How to fix\n\nShorten the waits.\n\nFix: none (the fix is the author's decision)\n"
    )
    assert "## References" not in shown.output
    (Path("r.json")).write_text(
        POLICY.split("bad: |\n")[1].split("  bad-line")[0].replace("\n    ", "\n"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["check", "--select", "ORG", "r.json"])
    assert result.output.startswith(
        "r.json:5:4: ORG010 [error] DeploymentConfig.RollingUpdatePolicy.MaximumExecutionTimeoutInSeconds is 9000 s"
    )


def test_every_shipped_rule_has_references():
    from smlint.registry import builtin_rules

    assert [r.id for r in builtin_rules() if not r.docs.get("references")] == []


def test_rules_verify_runs_every_example_builtin_and_the_teams(team, monkeypatch):
    from click.testing import CliRunner

    from smlint import registry
    from smlint.cli import main

    team(POLICY)
    result = CliRunner().invoke(main, ["rules", "--verify"])
    assert (result.exit_code, result.output) == (0, "34 of 34 rules behave as their examples say.\n")
    team(
        POLICY.replace("bad-line: 5", "bad-line: 4").replace(
            '"MaximumExecutionTimeoutInSeconds": 3600', '"MaximumExecutionTimeoutInSeconds": 7201'
        )
    )
    result = CliRunner().invoke(main, ["rules", "--verify"])
    assert (result.exit_code, result.output) == (
        1,
        (
            "ORG010: the bad example fires it at line 5, not at bad-line 4\n"
            "ORG010: the good example fires it (line 5)\n"
            "33 of 34 rules behave as their examples say.\n"
        ),
    )
    team(
        POLICY.replace(
            '"MaximumExecutionTimeoutInSeconds": 9000}}}', '"MaximumExecutionTimeoutInSeconds": 900}}'
        )
    )
    result = CliRunner().invoke(main, ["rules", "--verify"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("ORG010: the bad example does not parse: 5:")
    # a built-in rule whose example stopped firing is caught the same way
    team(POLICY)
    real = registry.builtin_rules()
    broken = registry.RuleSet(
        [
            r
            if r.id != "SM204"
            else type(r)(**{**r.__dict__, "examples": {**r.examples, "bad": r.examples["good"]}})
            for r in real
        ]
    )
    monkeypatch.setattr(registry, "builtin_rules", lambda: broken)
    monkeypatch.setattr("smlint.policies._CACHE", {})
    result = CliRunner().invoke(main, ["rules", "--verify"])
    assert (result.exit_code, result.output) == (
        1,
        "SM204: the bad example does not fire it\n33 of 34 rules behave as their examples say.\n",
    )


def test_a_local_ref_in_a_policy_works(team):
    from click.testing import CliRunner

    from smlint.cli import main

    team(POLICY.replace("  maximum: 7200", "  $ref: '#/$defs/limit'\n  $defs:\n    limit: {maximum: 7200}"))
    result = CliRunner().invoke(main, ["rules", "--verify"])
    assert (result.exit_code, result.output) == (0, "34 of 34 rules behave as their examples say.\n")


def test_a_policy_edited_is_read_again_by_the_same_process(tmp_path):
    # (a language server outlives many edits of a team's policies: the rule set a config
    # asks for is read again once a rule file changes, is added or is removed)
    from smlint.config import discover
    from smlint.policies import ruleset

    (tmp_path / "policies").mkdir()
    (tmp_path / ".smlint.toml").write_text('rules-dirs = ["policies"]\n', encoding="utf-8")
    policy = tmp_path / "policies" / "ORG010.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    config = discover(str(tmp_path / "r.json"))
    assert ruleset(config).by_id["ORG010"].severity == "error"
    assert ruleset(config) is ruleset(config)  # (unchanged files: read once)
    policy.write_text(POLICY.replace("severity: error", "severity: warning"), encoding="utf-8")
    assert ruleset(config).by_id["ORG010"].severity == "warning"
    (tmp_path / "policies" / "ORG011.yaml").write_text(POLICY.replace("ORG010", "ORG011"), encoding="utf-8")
    assert sorted(r.id for r in ruleset(config) if r.id.startswith("ORG")) == ["ORG010", "ORG011"]
    policy.unlink()
    assert sorted(r.id for r in ruleset(config) if r.id.startswith("ORG")) == ["ORG011"]
