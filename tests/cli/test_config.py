"""Config files: discovery, precedence, validation with locations, and each key's effect;
the command line beats the config."""

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from smlint.cli import main
from smlint.config import Config, discover, load, toml_lines

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ROLLING = (EXAMPLES / "rolling-both-policies.json").read_text(encoding="utf-8")  # SM201 9, SM206 10, SM103 11
NOTEBOOK_CANARY = (EXAMPLES / "canary-copied-from-a-notebook.yaml").read_text(
    encoding="utf-8"
)  # SM301 4, SM204 9, SM208 13


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def write(name, text):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


def check(*args):
    result = CliRunner().invoke(main, ["check", "--format", "json", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def rules_found(*args):
    result = check(*args)
    return result.exit_code, sorted(
        (Path(f["path"]).as_posix(), f["rule"], f["severity"]) for f in json.loads(result.output)
    )


def error(*args):
    result = CliRunner().invoke(main, ["check", *args])
    assert result.exit_code == 2, result.output
    return result.output.strip().splitlines()[-1]


def test_pyproject_table_selects_and_ignores(repo):
    repo("deploy/rolling.json", ROLLING)
    repo(
        "pyproject.toml",
        """\
        [project]
        name = "app"

        [tool.smlint]
        ignore = ["SM103"]
        severity = { SM201 = "warning" }
        """,
    )
    assert rules_found("deploy") == (
        1,
        [
            ("deploy/rolling.json", "SM201", "warning"),
            ("deploy/rolling.json", "SM206", "error"),
        ],
    )


def test_pyproject_without_the_table_is_passed_over_for_a_parent_config(repo):
    repo(".smlint.yaml", "ignore: [SM2]\n")
    repo("svc/pyproject.toml", "[project]\nname = 'svc'\n")
    repo("svc/rolling.json", ROLLING)
    assert rules_found("svc/rolling.json") == (1, [("svc/rolling.json", "SM103", "error")])


def test_precedence_in_one_folder_and_nearest_folder_wins(tmp_path, repo):
    repo("pyproject.toml", "[tool.smlint]\nignore = ['SM201']\n")
    repo(".smlint.yaml", "ignore: [SM206]\n")
    repo(".smlint.toml", "ignore = ['SM103']\n")
    repo("sub/.smlint.yaml", "ignore: [SM2]\n")
    assert discover(str(tmp_path / "x.json")).source == str(tmp_path / ".smlint.toml")
    (tmp_path / ".smlint.toml").unlink()
    assert discover(str(tmp_path / "x.json")).source == str(tmp_path / ".smlint.yaml")
    (tmp_path / ".smlint.yaml").unlink()
    assert discover(str(tmp_path / "x.json")).source == str(tmp_path / "pyproject.toml")
    assert discover(str(tmp_path / "sub" / "deep" / "x.json")).source == str(
        tmp_path / "sub" / ".smlint.yaml"
    )


def test_each_path_gets_its_nearest_config(repo):
    repo("a/.smlint.toml", "ignore = ['SM2']\n")
    repo("a/rolling.json", ROLLING)
    repo("b/rolling.json", ROLLING)
    code, found = rules_found("a", "b")
    assert [(p, r) for p, r, _ in found] == [
        ("a/rolling.json", "SM103"),
        ("b/rolling.json", "SM103"),
        ("b/rolling.json", "SM201"),
        ("b/rolling.json", "SM206"),
    ]


def test_unknown_key_is_exit_2_with_its_line(repo):
    repo("r.json", ROLLING)
    repo(
        "pyproject.toml",
        """\
        [tool.smlint]
        select = ["SM2"]
        fail_on = "warning"
        """,
    )
    assert error("r.json") == "Error: pyproject.toml:3: unknown config key fail_on (did you mean fail-on?)"
    repo(
        "pyproject.toml",
        """\
        [tool.smlint]
        select = ["SM2"]

        [tool.smlint.severity]
        SM201 = "warning"
        SM204 = "fatal"
        """,
    )
    assert (
        error("r.json")
        == "Error: pyproject.toml:6: severity.SM204: 'fatal' is not one of ['error', 'warning', 'info']"
    )


def test_yaml_config_errors_have_line_and_column(repo):
    repo("r.json", ROLLING)
    repo(".smlint.yaml", "select: [SM2]\ninstance-count: many\n")
    assert error("r.json") == "Error: .smlint.yaml:2:1: instance-count: 'many' is not of type 'integer'"
    repo(".smlint.yaml", "per-file-ignores:\n  '*.json': SM201\n")
    assert (
        error("r.json") == "Error: .smlint.yaml:2:3: per-file-ignores.*.json: 'SM201' is not of type 'array'"
    )
    repo(".smlint.yaml", "severity:\n  SM204: info\n  canary-too-large: info\n")
    assert (
        error("r.json")
        == "Error: .smlint.yaml:3:3: severity.canary-too-large: 'canary-too-large' is not a rule id"
    )
    repo(".smlint.yaml", "select: [SM2\n")
    assert error("r.json").startswith("Error: .smlint.yaml:2:1: invalid YAML")


def test_unknown_rule_code_in_config_is_located(repo):
    repo("r.json", ROLLING)
    repo(".smlint.toml", 'select = [\n  "SM2",\n  "SM999",\n]\n')
    assert error("r.json") == "Error: .smlint.toml:1: no rule matches SM999 (see `smlint rules`)"
    repo(".smlint.toml", '[severity]\nSM998 = "info"\n')
    assert error("r.json") == "Error: .smlint.toml:2: no rule matches SM998 (see `smlint rules`)"


def test_invalid_toml_is_exit_2_with_the_parsers_line(repo):
    repo("r.json", ROLLING)
    repo(".smlint.toml", 'select = ["SM2"]\nignore = [\n')
    assert error("r.json") == "Error: .smlint.toml:2: invalid TOML: Invalid value"


def test_toml_lines_are_found_by_statement_not_by_text():
    text = textwrap.dedent('''\
        [project]
        description = """
        [tool.smlint]
        select = ["fake"]
        """
        [tool . "smlint"]  # spaced and quoted
        select = [
          "SM2",
        ]
        per-file-ignores."deploy/*.json" = ["SM206"]
        [tool.smlint.severity]
        SM201 = "warning"
        ''')
    lines = toml_lines(text)
    assert lines[("project", "description")] == 2
    assert lines[("tool", "smlint")] == 6
    assert lines[("tool", "smlint", "select")] == 7
    assert lines[("tool", "smlint", "per-file-ignores", "deploy/*.json")] == 10
    assert lines[("tool", "smlint", "severity", "SM201")] == 12


def test_command_line_beats_config(repo):
    repo("r.json", ROLLING)
    repo(".smlint.toml", 'select = ["SM206"]\nfail-on = "info"\n')
    assert rules_found("r.json") == (1, [("r.json", "SM206", "error")])
    assert rules_found("--select", "SM103", "r.json") == (1, [("r.json", "SM103", "error")])
    repo(".smlint.toml", 'select = ["SM301"]\nfail-on = "info"\n')
    repo("c.yaml", NOTEBOOK_CANARY)
    assert rules_found("c.yaml") == (1, [("c.yaml", "SM301", "warning")])
    assert rules_found("--fail-on", "error", "c.yaml")[0] == 0


def test_extend_select_adds_to_the_default(repo):
    repo("dc.json", '{"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}')
    assert rules_found("dc.json") == (0, [])
    repo(".smlint.yaml", "extend-select: [SM210]\n")
    assert rules_found("dc.json") == (0, [("dc.json", "SM210", "info")])
    assert rules_found("--isolated", "dc.json") == (0, [])


def test_severity_override_turns_an_info_rule_on_and_fails(repo):
    repo("dc.json", '{"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}')
    repo(".smlint.yaml", "severity:\n  SM210: error\n")
    assert rules_found("dc.json") == (1, [("dc.json", "SM210", "error")])


def test_instance_count_from_config(repo):
    repo(
        "count.json",
        json.dumps(
            {
                "EndpointName": "ranker",
                "EndpointConfigName": "ranker-v2",
                "DeploymentConfig": {
                    "BlueGreenUpdatePolicy": {
                        "TrafficRoutingConfiguration": {
                            "Type": "CANARY",
                            "WaitIntervalInSeconds": 300,
                            "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 3},
                        },
                        "MaximumExecutionTimeoutInSeconds": 3600,
                    },
                    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "ranker-errors"}]},
                },
            }
        ),
    )
    assert rules_found("count.json") == (0, [])
    repo(".smlint.yaml", "instance-count: 4\n")
    assert rules_found("count.json") == (1, [("count.json", "SM204", "error")])
    assert rules_found("--instance-count", "8", "count.json") == (0, [])


def test_exclude_in_the_walk_and_force_exclude_for_named_files(repo):
    repo("deploy/prod/rolling.json", ROLLING)
    repo("deploy/legacy/rolling.json", ROLLING)
    repo("deploy/prod/rolling.generated.json", ROLLING)
    repo(".smlint.toml", 'select = ["SM201"]\nexclude = ["legacy", "deploy/prod/*.generated.json"]\n')
    assert rules_found(".") == (1, [("deploy/prod/rolling.json", "SM201", "error")])
    # named on the command line: linted anyway (as ruff does), unless force-exclude
    assert rules_found("deploy/legacy/rolling.json")[1] == [("deploy/legacy/rolling.json", "SM201", "error")]
    repo(".smlint.toml", 'select = ["SM201"]\nexclude = ["legacy"]\nforce-exclude = true\n')
    assert rules_found("deploy/legacy/rolling.json") == (0, [])


def test_per_file_ignores_by_glob_and_by_pointer(repo):
    repo("deploy/rolling.json", ROLLING)
    repo("other/rolling.json", ROLLING)
    repo(
        ".smlint.toml",
        textwrap.dedent("""\
        [per-file-ignores]
        "deploy/*.json#/DeploymentConfig/RollingUpdatePolicy" = ["SM206", "SM103"]
        "other/*" = ["SM2"]
        """),
    )
    assert rules_found(".") == (
        1,
        [
            ("deploy/rolling.json", "SM201", "error"),
            ("other/rolling.json", "SM103", "error"),
        ],
    )
    # the pointer scopes: a SM201 is not under RollingUpdatePolicy
    repo(
        ".smlint.toml",
        '[per-file-ignores]\n"*.json#/DeploymentConfig/BlueGreenUpdatePolicy" = ["SM201", "SM206"]\n',
    )
    assert [r for _, r, _ in rules_found("deploy")[1]] == ["SM103", "SM201", "SM206"]


def test_config_option_and_isolated(repo, tmp_path):
    repo("r.json", ROLLING)
    repo(".smlint.toml", 'select = ["SM201"]\n')
    repo("ci/strict.yaml", "select: [SM103]\n")
    assert rules_found("--config", "ci/strict.yaml", "r.json")[1] == [("r.json", "SM103", "error")]
    assert len(rules_found("--isolated", "r.json")[1]) == 3
    assert error("--config", "ci/missing.toml", "r.json").startswith(
        "Error: ci/missing.toml: cannot read config"
    )


def test_config_values_resolved(tmp_path):
    (tmp_path / "policies").mkdir()
    path = tmp_path / ".smlint.yaml"
    path.write_text(
        "rules-dirs: [policies]\nexclude: ['./build/']\n"
        "per-file-ignores:\n  'a.json#/DeploymentConfig/AutoRollbackConfiguration/Alarms/0': [sm106]\n",
        encoding="utf-8",
    )
    config = load(str(path))
    assert isinstance(config, Config)
    assert config.rules_dirs == (str(tmp_path / "policies"),)
    assert config.exclude == ("build",)
    assert config.per_file_ignores == (
        ("a.json", "DeploymentConfig.AutoRollbackConfiguration.Alarms[0]", ("SM106",)),
    )
    path.write_text("rules-dirs: [nowhere]\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"\.smlint\.yaml:1:14: rules-dirs: nowhere is not a folder"):
        load(str(path))
