"""Terraform plan JSON: endpoints of the root and child modules linted with every variable
resolved, at the plan's keys, naming the resource address and the .tf line of the argument;
endpoint configurations of the plan give N."""

import json
from pathlib import Path

from smlint.runner import Linter, Options

FIXTURES = Path(__file__).parents[1] / "fixtures" / "reach" / "plan"


def found(result):
    return [(f.rule, f.line, f.column) for f in sorted(result.findings, key=lambda f: f.sort_key())]


def test_plan_of_a_module():
    path = FIXTURES / "plan.json"
    result = Linter(Options()).lint_file(str(path), "json")
    assert found(result) == [("SM209", 31, 25), ("SM204", 38, 33)]
    by_rule = {f.rule: f for f in result.findings}
    module_tf = FIXTURES / "modules" / "serving" / "main.tf"
    # the canary size the plan holds (a variable the user set), N from the plan's config
    assert "3 of 4 instances" in by_rule["SM204"].message
    assert by_rule["SM204"].message.endswith(
        f"(resource module.serving.aws_sagemaker_endpoint.this, {module_tf}:31)"
    )
    # var.timeout has no default: only the plan knows it is 1000
    assert by_rule["SM209"].message.endswith(
        f"(resource module.serving.aws_sagemaker_endpoint.this, {module_tf}:34)"
    )
    assert result.requests == 1


def _plan(values: dict, resource_type="aws_sagemaker_endpoint", after_unknown=None) -> dict:
    return {
        "format_version": "1.2",
        "terraform_version": "1.9.0",
        "planned_values": {
            "root_module": {
                "resources": [
                    {
                        "address": f"{resource_type}.e",
                        "mode": "managed",
                        "type": resource_type,
                        "name": "e",
                        "values": values,
                    }
                ]
            }
        },
        "resource_changes": [
            {"address": f"{resource_type}.e", "change": {"after_unknown": after_unknown or {}}}
        ],
    }


def lint_plan(tmp_path, plan: dict, **options):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, indent=2), encoding="utf-8")
    return Linter(Options(**options)).lint_file(str(path), "json")


ROLLING = {
    "name": "e",
    "endpoint_config_name": "c",
    "deployment_config": [
        {
            "auto_rollback_configuration": [],
            "blue_green_update_policy": [],
            "rolling_update_policy": [
                {
                    "maximum_batch_size": [{"type": "CAPACITY_PERCENT", "value": 60}],
                    "maximum_execution_timeout_in_seconds": 20000,
                    "rollback_maximum_batch_size": [],
                    "wait_interval_in_seconds": 300,
                }
            ],
        }
    ],
    "tags": None,
}


def test_root_module_resource_in_terraforms_dialect(tmp_path):
    result = lint_plan(tmp_path, _plan(ROLLING))
    rules = sorted(f.rule for f in result.findings)
    assert rules == ["SM206", "SM301", "SM601"]
    assert all(
        f.message.endswith(("(resource aws_sagemaker_endpoint.e)", "); resource aws_sagemaker_endpoint.e"))
        for f in result.findings
    )


def test_values_known_only_after_apply_are_unresolved(tmp_path):
    values = json.loads(json.dumps(ROLLING))
    del values["deployment_config"][0]["rolling_update_policy"][0]["maximum_batch_size"]
    unknown = {"deployment_config": [{"rolling_update_policy": [{"maximum_batch_size": True}]}]}
    result = lint_plan(tmp_path, _plan(values, after_unknown=unknown), select=("ALL",))
    rules = sorted(f.rule for f in result.findings)
    assert "SM101" not in rules and "SM206" not in rules
    assert any(f.rule == "SM003" and "known only after apply" in f.message for f in result.findings)


def test_a_json_file_that_is_not_a_plan_is_read_as_before(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('{"planned_values": "aws_sagemaker_endpoint"}', encoding="utf-8")
    assert found(Linter(Options()).lint_file(str(path), "json")) == []
