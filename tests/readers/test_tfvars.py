"""Terraform variable files beside the .tf files resolve var.x with Terraform's precedence,
and a finding on such a value names the file."""

import shutil
from pathlib import Path

from smlint.runner import Linter, Options

FIXTURES = Path(__file__).parents[1] / "fixtures" / "reach" / "tfvars"


def lint(path):
    return Linter(Options()).lint_file(str(path), "terraform")


def test_terraform_tfvars_overrides_the_default():
    result = lint(FIXTURES / "main.tf")
    assert [(f.rule, f.line, f.column) for f in result.findings] == [("SM204", 20, 11)]
    assert (result.findings[0].message, result.findings[0].help) == (
        "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize (canary_size) is 60% of the fleet; "
        "a canary must be at most 50% (SageMaker rejects it); from variable canary_percent in terraform.tfvars",
        "use a Value of at most 50",
    )
    assert str(FIXTURES / "terraform.tfvars") in result.dependencies


def test_precedence_auto_files_in_lexical_order_after_terraform_tfvars(tmp_path):
    for name in ("main.tf", "terraform.tfvars"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "terraform.tfvars.json").write_text('{"canary_percent": 55}', encoding="utf-8")
    (tmp_path / "a.auto.tfvars").write_text("canary_percent = 70\n", encoding="utf-8")
    (tmp_path / "b.auto.tfvars.json").write_text('{"canary_percent": 40, "wait": 0}', encoding="utf-8")
    result = lint(tmp_path / "main.tf")
    # b.auto.tfvars.json is read last: 40% is a valid canary; its wait of 0 is SM302
    assert [(f.rule, f.line) for f in result.findings] == [("SM302", 17)]
    assert result.findings[0].message.endswith("(from variable wait in b.auto.tfvars.json)")
    (tmp_path / "b.auto.tfvars.json").unlink()
    (message,) = [f.message for f in lint(tmp_path / "main.tf").findings]
    assert message.endswith(
        "is 70% of the fleet; a canary must be at most 50% (SageMaker rejects it); "
        "from variable canary_percent in a.auto.tfvars"
    )


def test_a_variable_file_that_does_not_parse_is_left_out(tmp_path):
    shutil.copy(FIXTURES / "main.tf", tmp_path / "main.tf")
    (tmp_path / "terraform.tfvars").write_text("canary_percent = = 3\n", encoding="utf-8")
    (tmp_path / "x.auto.tfvars.json").write_text("{not json", encoding="utf-8")
    assert [f.rule for f in lint(tmp_path / "main.tf").findings] == []  # the default, 10


def test_var_files_named_in_config_come_last_as_var_file_does(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from smlint.cli import main

    stack = tmp_path / "infra" / "serving"
    stack.mkdir(parents=True)
    for name in ("main.tf", "terraform.tfvars"):  # terraform.tfvars: 60%, an SM204
        shutil.copy(FIXTURES / name, stack / name)
    (tmp_path / "envs").mkdir()
    (tmp_path / "envs" / "prod.tfvars").write_text("canary_percent = 20\n", encoding="utf-8")
    (tmp_path / "envs" / "load.tfvars").write_text("canary_percent = 75\n", encoding="utf-8")
    config = tmp_path / ".smlint.toml"
    config.write_text('[var-files]\n"infra/serving" = ["envs/prod.tfvars"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def findings():
        result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", "infra"])
        return [(f["rule"], f["line"], f["message"].rpartition("; ")[2]) for f in json.loads(result.output)]

    assert findings() == []  # envs/prod.tfvars, applied after terraform.tfvars: 20%
    config.write_text(
        '[var-files]\n"infra/serving" = ["envs/prod.tfvars", "envs/load.tfvars"]\n', encoding="utf-8"
    )
    assert findings() == [("SM204", 20, "from variable canary_percent in envs/load.tfvars")]
    config.write_text('[var-files]\n"infra/other" = ["envs/load.tfvars"]\n', encoding="utf-8")
    assert findings() == [("SM204", 20, "from variable canary_percent in terraform.tfvars")]
    config.write_text('[var-files]\n"infra/serving" = ["envs/nope.tfvars"]\n', encoding="utf-8")
    broken = CliRunner().invoke(main, ["check", "--no-cache", "infra"])
    assert broken.exit_code == 2 and "var-files: envs/nope.tfvars is not a file" in broken.output
