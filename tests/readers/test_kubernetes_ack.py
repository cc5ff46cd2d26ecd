"""Kubernetes ACK manifests: Endpoint resources as the controller's UpdateEndpoint (always
retaining variant properties), EndpointConfig resources as context, each document of a
multi-document manifest on its own."""

from pathlib import Path

from smlint.runner import Linter, Options

FIXTURES = Path(__file__).parents[1] / "fixtures" / "reach"


def lint_yaml(tmp_path, text: str, **options):
    path = tmp_path / "manifest.yaml"
    path.write_text(text, encoding="utf-8")
    return Linter(Options(**options)).lint_file(str(path), "yaml")


def found(result):
    return [(f.rule, f.line, f.column) for f in sorted(result.findings, key=lambda f: f.sort_key())]


def test_manifest_with_an_endpoint_config_resource():
    result = Linter(Options()).lint_file(str(FIXTURES / "ack-manifest.yaml"), "yaml")
    assert found(result) == [("SM502", 21, 5), ("SM208", 29, 7)]
    assert "endpoint config `xgboost-config-v2`" in sorted(result.findings, key=lambda f: f.line)[0].message
    assert result.requests == 1  # the EndpointConfig is context, not a request
    # tags are sent apart (AddTags), never as an UpdateEndpoint member: no SM102


HEAD = """apiVersion: sagemaker.services.k8s.aws/v1alpha1
kind: Endpoint
metadata:
  name: e
spec:
  endpointName: churn
  endpointConfigName: churn-v2
"""


def test_the_controller_always_retains_variant_properties(tmp_path):
    text = (
        HEAD
        + """  deploymentConfig:
    rollingUpdatePolicy:
      maximumBatchSize: {type_: INSTANCE_COUNT, value: 3}
      waitIntervalInSeconds: 300
    autoRollbackConfiguration:
      alarms: [{alarmName: churn-5xx}]
---
apiVersion: sagemaker.services.k8s.aws/v1alpha1
kind: EndpointConfig
metadata: {name: c}
spec:
  endpointConfigName: churn-v2
  productionVariants:
    - {variantName: a, modelName: m, initialInstanceCount: 4, instanceType: ml.m5.large}
"""
    )
    # with RetainAllVariantProperties true the new config's 4 instances are not N: no SM206
    assert found(lint_yaml(tmp_path, text)) == []
    # --instance-count gives N
    assert found(lint_yaml(tmp_path, text, fleet_size=4)) == [("SM206", 10, 49)]


def test_camel_case_and_type_underscore_are_the_api_members(tmp_path):
    text = (
        HEAD
        + """  deploymentConfig:
    blueGreenUpdatePolicy:
      trafficRoutingConfiguration:
        type: CANARY
        waitIntervalInSeconds: 60
"""
    )
    result = lint_yaml(tmp_path, text)
    rules = {(f.rule, f.line, f.column) for f in result.findings}
    # `type` is not ACK's spelling (`type_`): unknown, and then Type is missing
    assert ("SM102", 11, 9) in rules
    assert all(f.field.startswith("DeploymentConfig") for f in result.findings)


def test_a_reference_to_another_resource_stands_for_the_name(tmp_path):
    text = HEAD.replace(
        "  endpointConfigName: churn-v2\n", "  endpointConfigRef:\n    from: {name: cfg}\n"
    ) + (
        """  deploymentConfig:
    blueGreenUpdatePolicy:
      trafficRoutingConfiguration: {type_: ALL_AT_ONCE, waitIntervalInSeconds: 0}
"""
    )
    assert found(lint_yaml(tmp_path, text)) == []


def test_other_kinds_and_groups_are_not_read(tmp_path):
    text = HEAD.replace("kind: Endpoint", "kind: Model") + "  deploymentConfig: {bogus: 1}\n"
    other = lint_yaml(tmp_path, text)
    assert all(f.rule != "SM102" or "bogus" not in f.message for f in other.findings)
