"""Python infrastructure code read with the boto3 evaluator: CDK L1 (CloudFormation's schema),
CDKTF and Pulumi (the Terraform provider's), the SageMaker Python SDK v3 (the API's)."""

from pathlib import Path

import pytest

from smlint.runner import Linter, Options

FIXTURES = Path(__file__).parents[1] / "fixtures" / "reach"


def lint(path, **options):
    return Linter(Options(**options)).lint_file(str(path), "python")


def found(result):
    return [(f.rule, f.line, f.column) for f in sorted(result.findings, key=lambda f: f.sort_key())]


def lint_py(tmp_path, text: str, **options):
    path = tmp_path / "app.py"
    path.write_text(text, encoding="utf-8")
    return lint(path, **options)


def test_cdk_python_stack_with_properties_helpers_and_constants():
    result = lint(FIXTURES / "cdk_stack.py")
    assert found(result) == [("SM105", 32, 13), ("SM301", 41, 13), ("SM208", 44, 21), ("SM401", 48, 13)]
    messages = {f.rule: f.message for f in result.findings}
    assert "(CloudFormation rejects it)" in messages["SM105"]
    # BAKE_SECONDS, and the canary from a helper function
    assert "WaitIntervalInSeconds 600 + TerminationWaitInSeconds 600 = 1200 s" in messages["SM208"]


def test_cdktf_python_stack():
    result = lint(FIXTURES / "cdktf_stack.py")
    assert found(result) == [("SM301", 19, 13), ("SM601", 25, 21)]


def test_pulumi_program_with_args_and_dicts():
    result = lint(FIXTURES / "pulumi_program.py")
    assert found(result) == [("SM206", 21, 59)]
    assert "6 of 8 instances" in result.findings[0].message  # N from the EndpointConfiguration


def test_sdk_v3_update_through_a_resource_handle():
    result = lint(FIXTURES / "sdk_v3_update.py")
    assert found(result) == [("SM205", 18, 72), ("SM107", 23, 56)]
    # an empty Alarms list, which sagemaker-core drops silently, is SM107


def test_cdk_dict_form(tmp_path):
    text = """from aws_cdk import aws_sagemaker as sagemaker

sagemaker.CfnEndpoint(
    self, "E",
    endpoint_config_name="cfg",
    deployment_config={"blueGreenUpdatePolicy": {"trafficRoutingConfiguration": {"type": "CANARY", "waitIntervalInSeconds": 60}}},
)
"""
    assert found(lint_py(tmp_path, text)) == [("SM301", 6, 5), ("SM202", 6, 50)]


def test_sdk_v3_create(tmp_path):
    text = """from sagemaker_core import shapes
from sagemaker_core.resources import Endpoint

Endpoint.create(
    endpoint_name="churn",
    endpoint_config_name="churn-v1",
    deployment_config=shapes.DeploymentConfig(
        rolling_update_policy=shapes.RollingUpdatePolicy(
            maximum_batch_size=shapes.CapacitySize(type="CAPACITY_PERCENT", value=20), wait_interval_in_seconds=600
        ),
        auto_rollback_configuration=shapes.AutoRollbackConfig(alarms=[shapes.Alarm(alarm_name="errors")]),
    ),
    retain_all_variant_properties=True,
)
"""
    result = lint_py(tmp_path, text)
    assert found(result) == [("SM102", 13, 5)]  # an update-only field in CreateEndpoint


def test_v2_sdk_update_endpoint_stays_a_look_alike(tmp_path):
    text = """from sagemaker.predictor import Predictor

Predictor("churn").update_endpoint(initial_instance_count=2, instance_type="ml.m5.large")
"""
    result = lint_py(tmp_path, text)
    assert found(result) == [] and result.requests == 0


def test_look_alike_classes_of_other_packages_are_not_read(tmp_path):
    text = """from myorg.infra import Endpoint, CfnEndpoint

Endpoint.create(deployment_config={"bogus": 1})
Endpoint.get("x").update(deployment_config={"bogus": 1})
CfnEndpoint(None, "x", deployment_config={"bogus": 1})
"""
    result = lint_py(tmp_path, text)
    assert result.requests == 0


@pytest.mark.parametrize("package", ["aws_cdk", "cdktf", "pulumi_aws"])
def test_infrastructure_code_that_does_not_parse_is_sm001(tmp_path, package):
    result = lint_py(tmp_path, f"import {package}\n\ndef stack(:\n    pass\n")
    assert found(result) == [("SM001", 3, 11)]


def test_sdk_v3_update_sends_the_resources_own_config_name(tmp_path):
    # sagemaker-core's Endpoint.update() takes no endpoint_config_name: it sends the
    # resource's, the live config's: unknown, never missing
    text = """from sagemaker_core.resources import Endpoint
from sagemaker_core.shapes import DeploymentConfig, RollingUpdatePolicy, CapacitySize

endpoint = Endpoint.get(endpoint_name="churn")
endpoint.update(
    deployment_config=DeploymentConfig(
        rolling_update_policy=RollingUpdatePolicy(
            maximum_batch_size=CapacitySize(type="CAPACITY_PERCENT", value=80), wait_interval_in_seconds=60
        )
    )
)
"""
    result = lint_py(tmp_path, text, select=("ALL",))
    assert sorted(f.rule for f in result.findings) == ["SM003", "SM206", "SM301"]
    (unknown,) = [f for f in result.findings if f.rule == "SM003"]
    assert unknown.field == "EndpointConfigName" and "live config" in unknown.message


def test_sdk_v3_create_with_positional_arguments(tmp_path):
    text = """from sagemaker_core.resources import Endpoint

Endpoint.create("churn_prod", "churn-v1")
"""
    result = lint_py(tmp_path, text)
    assert found(result) == [("SM106", 3, 17)]


def test_a_config_construct_is_named_by_its_token():
    # endpoint_config_name=config.attr_endpoint_config_name: N from that CfnEndpointConfig
    result = Linter(Options(cache_dir=None)).lint_file(str(FIXTURES / "cdk_config_token.py"), "python")
    assert found(result) == [("SM204", 25, 66)]
    assert "3 of 4 instances" in result.findings[0].message


def test_cdktf_config_construct_by_its_name_attribute(tmp_path):
    text = """from cdktf_cdktf_provider_aws.sagemaker_endpoint import SagemakerEndpoint
from cdktf_cdktf_provider_aws.sagemaker_endpoint_configuration import SagemakerEndpointConfiguration

cfg = SagemakerEndpointConfiguration(self, "cfg", production_variants=[{"variant_name": "a", "initial_instance_count": 1}])
SagemakerEndpoint(self, "e", endpoint_config_name=cfg.name, deployment_config={"rolling_update_policy": {
    "maximum_batch_size": {"type": "INSTANCE_COUNT", "value": 1}, "wait_interval_in_seconds": 60},
    "auto_rollback_configuration": {"alarms": [{"alarm_name": "a"}]}})
"""
    result = lint_py(tmp_path, text)
    # N = 1 from the configuration the endpoint names by cfg.name
    assert sorted(f.rule for f in result.findings) == ["SM206", "SM504"]
