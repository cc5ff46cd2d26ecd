"""The config's ``context``: files read only for their endpoint configs (pre-commit passes
only the changed files, and a request must keep the fleet size its config gives)."""

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from smlint.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures" / "context"
CONFIG = (FIXTURES / "prod-config.json").read_text(encoding="utf-8")  # churn-prod-v9, 4 instances
UPDATE = (FIXTURES / "update.json").read_text(encoding="utf-8")  # names churn-prod-v9; batch 3, rollback 6
BROKEN = '{"EndpointConfigName": "x", "ProductionVariants": [\n'


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "infra").mkdir()
    (tmp_path / "deploy").mkdir()
    (tmp_path / "infra" / "prod-config.json").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "infra" / "broken.json").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "deploy" / "update.json").write_text(UPDATE, encoding="utf-8")
    return tmp_path


def check(*args):
    result = CliRunner().invoke(main, ["check", "--format", "json", *args])
    return result.exit_code, json.loads(result.output) if result.output.startswith("[") else result.output


def test_without_context_a_request_linted_alone_has_no_fleet(repo):
    assert check("deploy/update.json") == (0, [])


@pytest.mark.parametrize(
    "entry", ["infra/", "infra", "infra/*-config.json", "infra/prod-config.json", "**/prod-*.json"]
)
def test_context_gives_n_and_is_never_linted(repo, entry):
    (repo / ".smlint.toml").write_text(f"context = [{entry!r}]\n".replace("'", '"'), encoding="utf-8")
    for extra in ((), ("--no-cache",)):
        code, found = check("deploy/update.json", *extra)
        assert code == 1
        assert [(f["path"], f["rule"], f["line"], f["column"]) for f in found] == [
            ("deploy/update.json", "SM206", 6, 54),  # (its Value: the number that is wrong)
            ("deploy/update.json", "SM207", 8, 7),
        ]
        assert found[0]["message"].endswith(
            "(SageMaker rejects it); fleet of 4 instances: endpoint config `churn-prod-v9`, infra/prod-config.json:3"
        )
    # the broken context file is neither linted nor reported
    assert not any("broken" in f["path"] for f in found)


def test_context_from_a_subfolder_names_the_config_from_there(repo, monkeypatch):
    (repo / ".smlint.toml").write_text('context = ["infra/"]\n', encoding="utf-8")
    monkeypatch.chdir(repo / "deploy")
    code, found = check("update.json", "--no-cache")
    assert code == 1 and [f["rule"] for f in found] == ["SM206", "SM207"]
    assert found[0]["message"].endswith(
        f"`churn-prod-v9`, {os.path.join('..', 'infra', 'prod-config.json')}:3"
    )


def test_context_serves_standard_input(repo):
    (repo / "pyproject.toml").write_text('[tool.smlint]\ncontext = ["infra"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--stdin-filename", "deploy/update.json", "-"], input=UPDATE)
    assert result.exit_code == 1
    assert [line.split(" [")[0] for line in result.output.splitlines()[:-1]] == [
        "deploy/update.json:6:54: SM206",
        "  help: use a Value between 1 and 2",
        "deploy/update.json:8:7: SM207",
        "  help: use a Value of at most 4",
    ]


def test_context_is_cached_and_follows_its_files(repo):
    (repo / ".smlint.toml").write_text('context = ["infra/"]\n', encoding="utf-8")
    assert [f["rule"] for f in check("deploy/update.json")[1]] == ["SM206", "SM207"]
    cached = list((repo / ".smlint_cache").iterdir())
    assert any(p.name.startswith("results-") for p in cached)
    # the config grows to 8 instances: a batch of 3 is 37.5%, valid; the rollback batch of 6 fits
    (repo / "infra" / "prod-config.json").write_text(
        CONFIG.replace('"InitialInstanceCount": 4', '"InitialInstanceCount": 8'), encoding="utf-8"
    )
    os.utime(repo / "infra" / "prod-config.json", (1, 1))
    assert check("deploy/update.json") == (0, [])


def test_a_context_entry_that_does_not_exist_is_a_config_error(repo):
    (repo / ".smlint.toml").write_text('fail-on = "error"\ncontext = ["infra/", "nope/"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "deploy/update.json"])
    assert result.exit_code == 2
    assert result.output.strip().endswith(".smlint.toml:2: context: nope/ is neither a file nor a folder")
    # a glob may match nothing
    (repo / ".smlint.toml").write_text('context = ["nope/*.json"]\n', encoding="utf-8")
    assert check("deploy/update.json") == (0, [])


def test_an_unchanged_context_file_is_read_from_the_cache(repo, monkeypatch):
    from smlint.runner import Linter

    (repo / ".smlint.toml").write_text('context = ["infra/"]\n', encoding="utf-8")
    real = Linter.read_configs
    read: list = []

    def counting(self, path, data, fmt):
        read.append(os.path.basename(path))
        return real(self, path, data, fmt)

    monkeypatch.setattr(Linter, "read_configs", counting)
    assert [f["rule"] for f in check("deploy/update.json")[1]] == ["SM206", "SM207"]
    assert sorted(read) == ["broken.json", "prod-config.json"]
    # (a stat signature younger than two seconds is checked by content: age the files)
    for name in ("prod-config.json", "broken.json"):
        os.utime(repo / "infra" / name, (1_000_000, 1_000_000))
    read.clear()
    check("deploy/update.json")
    read.clear()
    assert [f["rule"] for f in check("deploy/update.json")[1]] == ["SM206", "SM207"]
    assert read == []
