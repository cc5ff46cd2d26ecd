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
    assert result.findings[0].message == (
        "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize is 60% of the fleet; "
        "a canary must be at most 50% (SageMaker rejects it): use a Value of at most 50 "
        "(from variable canary_percent in terraform.tfvars)"
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
        "is 70% of the fleet; a canary must be at most 50% (SageMaker rejects it): "
        "use a Value of at most 50 (from variable canary_percent in a.auto.tfvars)"
    )


def test_a_variable_file_that_does_not_parse_is_left_out(tmp_path):
    shutil.copy(FIXTURES / "main.tf", tmp_path / "main.tf")
    (tmp_path / "terraform.tfvars").write_text("canary_percent = = 3\n", encoding="utf-8")
    (tmp_path / "x.auto.tfvars.json").write_text("{not json", encoding="utf-8")
    assert [f.rule for f in lint(tmp_path / "main.tf").findings] == []  # the default, 10
