"""Each file is linted under the config nearest to it (ruff's rule), however the paths are
given; `rule`/`rules` read the team's own rules; config keys that are almost right."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smlint.cli import main

ROOT = Path(__file__).resolve().parents[2]
ROLLING = (ROOT / "examples" / "rolling-both-policies.json").read_text(
    encoding="utf-8"
)  # SM201 9, SM206 10, SM103 11
POLICIES = ROOT / "examples" / "policies"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("top.json", "svc-a/x.json", "svc-a/deep/y.json", "svc-b/z.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(ROLLING, encoding="utf-8")
    (tmp_path / "svc-a" / ".smlint.toml").write_text('ignore = ["SM201"]\n', encoding="utf-8")
    # a pyproject.toml without [tool.smlint] is no config: svc-b stays under the root's
    (tmp_path / "svc-b" / "pyproject.toml").write_text('[project]\nname = "b"\n', encoding="utf-8")
    (tmp_path / ".smlint.toml").write_text('ignore = ["SM103"]\n', encoding="utf-8")
    return tmp_path


def found(*args):
    result = CliRunner().invoke(main, ["check", "--format", "json", "--no-cache", *args])
    return result.exit_code, sorted((f["path"], f["rule"]) for f in json.loads(result.output))


UNDER_A = [
    ("svc-a/deep/y.json", "SM103"),
    ("svc-a/deep/y.json", "SM206"),
    ("svc-a/x.json", "SM103"),
    ("svc-a/x.json", "SM206"),
]
UNDER_ROOT = [
    ("svc-b/z.json", "SM201"),
    ("svc-b/z.json", "SM206"),
    ("top.json", "SM201"),
    ("top.json", "SM206"),
]


@pytest.mark.parametrize("args", [(".",), (), ("./",), (".", "svc-a"), ("svc-a", "top.json", "svc-b")])
def test_the_nearest_config_governs_each_file(repo, args):
    assert found(*args) == (1, sorted(UNDER_A + UNDER_ROOT))


def test_a_folder_with_its_own_config_is_linted_as_when_named(repo):
    assert found("svc-a/x.json", "svc-a/deep/y.json") == (1, UNDER_A)
    assert found("svc-a") == (1, UNDER_A)


def test_config_or_isolated_apply_one_config_to_everything(repo):
    code, isolated = found("--isolated", ".")
    assert code == 1 and len(isolated) == 12
    code, one = found("--config", "svc-a/.smlint.toml", ".")
    assert code == 1 and {rule for _, rule in one} == {"SM103", "SM206"} and len(one) == 8
    result = CliRunner().invoke(main, ["check", "--config", ".smlint.toml", "--isolated", "."])
    assert result.exit_code == 2
    assert "Error: --config and --isolated contradict each other: give one of them" in result.output


def test_nested_config_errors_stop_the_run(repo):
    (repo / "svc-a" / ".smlint.toml").write_text('ignore = ["SM201"]\nfail_on = "error"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "."])
    assert result.exit_code == 2
    assert "svc-a/.smlint.toml:2: unknown config key fail_on (did you mean fail-on?)" in result.output


def test_each_group_keeps_its_own_fail_on(repo):
    (repo / "svc-a" / ".smlint.toml").write_text(
        'select = ["SM103"]\nseverity = {SM103 = "warning"}\nfail-on = "error"\n', encoding="utf-8"
    )
    (repo / ".smlint.toml").write_text(
        'select = ["SM201"]\nseverity = {SM201 = "warning"}\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["check", "--no-cache", "."])
    assert result.exit_code == 0, result.output  # only warnings, under either config
    assert (
        result.output.splitlines()[-1]
        == "Found 4 problems (4 warnings) in 4 files checked, 4 requests linted."
    )


def test_rule_lists_the_rules_a_prefix_or_a_word_matches():
    result = CliRunner().invoke(main, ["rule", "SM20"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()] == [f"SM20{i}" for i in range(1, 10)]
    result = CliRunner().invoke(main, ["rule", "canary"])
    assert [line.split()[0] for line in result.output.splitlines()] == [
        "SM202",
        "SM203",
        "SM204",
        "SM302",
        "SM504",
    ]
    assert (
        CliRunner()
        .invoke(main, ["rule", "canary-too-large"])
        .output.startswith("SM204 canary-too-large [error]\n")
    )
    nothing = CliRunner().invoke(main, ["rule", "zebra"])
    assert nothing.exit_code == 2 and "no rule 'zebra'" in nothing.output


def test_rule_and_rules_read_the_teams_rules_with_config():
    config = str(POLICIES / ".smlint.toml")
    listed = CliRunner().invoke(main, ["rules", "--config", config])
    assert listed.exit_code == 0
    ids = [line.split()[0] for line in listed.output.splitlines() if line.strip()]
    assert ids[:3] == ["ORG001", "ORG002", "ORG003"] and "SM204" in ids
    assert "ORG001" not in CliRunner().invoke(main, ["rules"]).output
    shown = CliRunner().invoke(main, ["rule", "ORG002", "--config", config])
    assert shown.output.startswith("ORG002 deployment-timeout-at-most-two-hours [error]\n")
    several = CliRunner().invoke(main, ["rule", "org", "--config", config])
    assert [line.split()[0] for line in several.output.splitlines()] == ["ORG001", "ORG002", "ORG003"]
    missing = CliRunner().invoke(main, ["rules", "--config", "nope.toml"])
    assert missing.exit_code == 2 and "nope.toml: cannot read config" in missing.output


def test_groups_under_different_configs_see_each_others_endpoint_configs(tmp_path, monkeypatch):
    fixtures = ROOT / "tests" / "fixtures" / "context"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "infra").mkdir()
    (tmp_path / "svc-a").mkdir()
    (tmp_path / "infra" / "prod-config.json").write_text(
        (fixtures / "prod-config.json").read_text(), encoding="utf-8"
    )
    (tmp_path / "svc-a" / "update.json").write_text((fixtures / "update.json").read_text(), encoding="utf-8")
    (tmp_path / "svc-a" / ".smlint.toml").write_text('ignore = ["SM207"]\n', encoding="utf-8")
    code, found_ = found(".")
    assert (code, found_) == (1, [("svc-a/update.json", "SM206")])
    # and the other way round: the request at the root, its config under svc-a's config
    (tmp_path / "svc-a" / "update.json").rename(tmp_path / "update.json")
    (tmp_path / "infra" / "prod-config.json").rename(tmp_path / "svc-a" / "prod-config.json")
    assert found(".") == (1, [("update.json", "SM206"), ("update.json", "SM207")])
