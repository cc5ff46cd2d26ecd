"""CloudFormation parameter files found beside a template (``<stem>.parameters.json``, the CLI's
list form or CodePipeline's ``{"Parameters": …}``) replace the Parameters' Defaults, and the
findings name the file."""

import json
import shutil
from pathlib import Path

from smlint.runner import Linter, Options

FIXTURES = Path(__file__).parents[1] / "fixtures" / "reach" / "cfn-params"


def lint(path, **options):
    return Linter(Options(**options)).lint_file(str(path), "yaml")


def test_cli_parameter_file_replaces_the_defaults():
    result = lint(FIXTURES / "serving.yaml")
    found = sorted((f.rule, f.line, f.column) for f in result.findings)
    assert found == [("SM204", 20, 15), ("SM302", 17, 13)]  # (SM204 at the size's Value)
    (wait,) = [f.message for f in result.findings if f.rule == "SM302"]
    assert wait.endswith("(from parameter Wait in serving.parameters.json)")
    assert str(FIXTURES / "serving.parameters.json") in result.dependencies


def test_codepipeline_template_configuration(tmp_path):
    shutil.copy(FIXTURES / "serving.yaml", tmp_path / "serving.yaml")
    (tmp_path / "serving.parameters.json").write_text(json.dumps({"Parameters": {"CanaryPercent": "20"}}))
    assert [f.rule for f in lint(tmp_path / "serving.yaml").findings] == []  # Wait keeps its Default, 300


def test_without_a_parameter_file_the_defaults_stand(tmp_path):
    shutil.copy(FIXTURES / "serving.yaml", tmp_path / "serving.yaml")
    assert [f.rule for f in lint(tmp_path / "serving.yaml").findings] == []


def test_use_previous_value_is_unknown(tmp_path):
    shutil.copy(FIXTURES / "serving.yaml", tmp_path / "serving.yaml")
    (tmp_path / "serving.parameters.json").write_text(
        json.dumps(
            [
                {"ParameterKey": "Wait", "UsePreviousValue": True},
                {"ParameterKey": "CanaryPercent", "ParameterValue": "10"},
            ]
        )
    )
    result = lint(tmp_path / "serving.yaml", select=("ALL",))
    assert [f.rule for f in result.findings] == ["SM003"]
    assert "UsePreviousValue" in result.findings[0].message


def test_a_parameter_file_is_not_a_request(tmp_path):
    result = Linter(Options()).lint_file(str(FIXTURES / "serving.parameters.json"), "json")
    assert (result.findings, result.requests) == ([], 0)
