"""One request, each way infrastructure code writes it, gives the findings of the same request
in the dialect's native form: CDK (TypeScript, Python) <-> a CloudFormation template, CDKTF
and Pulumi <-> a Terraform resource, the SageMaker Python SDK v3 and ACK <-> a JSON request."""

import copy
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import strategies as S
from test_terraform import as_terraform  # (the HCL the Terraform reader's own tests write)

from smlint.runner import Linter, Options

LINTER = Linter(Options(select=("ALL",)))


def findings(path: str, text: str, fmt: str) -> set:
    """(rule, field, message), the message's constants in JSON's spelling: a Python source's
    findings spell them as Python does (``None``, ``True``), the same findings all the same."""
    found, _ = LINTER.lint_text(path, text, fmt)
    return {(f.rule, f.field, _as_json(f.message)) for f in found}


_PYTHON_CONSTANTS = {"True": "true", "False": "false", "None": "null"}


def _as_json(message: str) -> str:
    return re.sub(r"\b(True|False|None)\b", lambda m: _PYTHON_CONSTANTS[m.group(1)], message)


def _camel(value):
    if isinstance(value, dict):
        return {k[:1].lower() + k[1:]: _camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_camel(v) for v in value]
    return value


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def ts(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


# --- the forms ---------------------------------------------------------------------------


def cdk_typescript(payload) -> str:
    return (
        "import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';\n\n"
        f"new sagemaker.CfnEndpoint(this, 'Endpoint', {ts(_camel(payload))});\n"
    )


def cdk_python(payload) -> str:
    args = "".join(f"    {_snake(k)}={_camel(v)!r},\n" for k, v in payload.items())
    return f"from aws_cdk import aws_sagemaker as sagemaker\n\nsagemaker.CfnEndpoint(\n    self,\n    'Endpoint',\n{args})\n"


def cloudformation(payload) -> str:
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {"Endpoint": {"Type": "AWS::SageMaker::Endpoint", "Properties": payload}},
    }
    return json.dumps(template, indent=2, ensure_ascii=False)


def _terraform_names(payload) -> dict:
    return {("name" if k == "EndpointName" else k): v for k, v in payload.items()}


def cdktf_typescript(payload) -> str:
    props = _camel(_terraform_names(payload))
    return (
        'import { SagemakerEndpoint } from "@cdktf/provider-aws/lib/sagemaker-endpoint";\n\n'
        f'new SagemakerEndpoint(this, "endpoint", {ts(props)});\n'
    )


def pulumi_typescript(payload) -> str:
    props = _camel(_terraform_names(payload))
    return f'import * as aws from "@pulumi/aws";\n\nnew aws.sagemaker.Endpoint("endpoint", {ts(props)});\n'


def pulumi_python(payload) -> str:
    def snake_keys(v):
        if isinstance(v, dict):
            return {_snake(k): snake_keys(x) for k, x in v.items()}
        if isinstance(v, list):
            return [snake_keys(x) for x in v]
        return v

    args = "".join(f"    {_snake(k)}={snake_keys(v)!r},\n" for k, v in _terraform_names(payload).items())
    return f'import pulumi_aws as aws\n\naws.sagemaker.Endpoint(\n    "endpoint",\n{args})\n'


def terraform(payload) -> str:
    return as_terraform(payload)


SHAPES = {
    "DeploymentConfig": "DeploymentConfig",
    "BlueGreenUpdatePolicy": "BlueGreenUpdatePolicy",
    "TrafficRoutingConfiguration": "TrafficRoutingConfig",
    "RollingUpdatePolicy": "RollingUpdatePolicy",
    "AutoRollbackConfiguration": "AutoRollbackConfig",
    "Alarms": "Alarm",
    "ExcludeRetainedVariantProperties": "VariantProperty",
}


def _shape(member: str, value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_shape(member, v) for v in value) + "]"
    if isinstance(value, dict):
        name = SHAPES.get(member, "CapacitySize")
        return f"shapes.{name}(" + ", ".join(f"{_snake(k)}={_shape(k, v)}" for k, v in value.items()) + ")"
    return repr(value)


def sdk_v3(payload) -> str:
    rest = {k: v for k, v in payload.items() if k != "EndpointName"}
    args = "".join(f"    {_snake(k)}={_shape(k, v)},\n" for k, v in rest.items())
    return (
        "from sagemaker_core import shapes\nfrom sagemaker_core.resources import Endpoint\n\n"
        f"Endpoint.get({payload['EndpointName']!r}).update(\n{args})\n"
    )


def ack(payload) -> str:
    def underscored(v):
        if isinstance(v, dict):
            return {("type_" if k == "Type" else k[:1].lower() + k[1:]): underscored(x) for k, x in v.items()}
        if isinstance(v, list):
            return [underscored(x) for x in v]
        return v

    manifest = {
        "apiVersion": "sagemaker.services.k8s.aws/v1alpha1",
        "kind": "Endpoint",
        "metadata": {"name": "endpoint"},
        "spec": underscored(payload),
    }
    return json.dumps(manifest, indent=2, ensure_ascii=False)  # JSON is YAML


# --- the property ------------------------------------------------------------------------


def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def _has_empty_list(value) -> bool:
    if isinstance(value, dict):
        return any(_has_empty_list(v) for v in value.values())
    if isinstance(value, list):
        return not value or any(_has_empty_list(v) for v in value)
    return False


updates = st.tuples(st.just(S.UPDATE), S.update_requests)
drawn = st.one_of(
    updates.map(lambda r: (r[1], None)),
    S.mutated().filter(lambda r: r[0] == S.UPDATE).map(lambda r: (r[1], r[2][0])),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn)
def test_cdk_forms_give_the_templates_findings(request):
    payload, mutation = request
    if mutation == "SM103":
        return  # the CDK's own types refuse what CloudFormation would convert ("600")
    native = findings("template.json", cloudformation(payload), "json")
    assert findings("stack.ts", cdk_typescript(payload), "typescript") == native
    assert findings("stack.py", cdk_python(payload), "python") == native


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn)
def test_cdktf_and_pulumi_give_the_terraform_resources_findings(request):
    payload, mutation = request
    if mutation == "SM103" or any("${" in s or "%{" in s for s in _strings(payload)):
        return  # (HCL's own conversions, and templates in HCL strings, are HCL's alone)
    if mutation == "SM102" and _has_empty_list(payload):
        return  # (the HCL writer leaves out an empty list of blocks, so an unknown one vanishes)
    # (the HCL writer renders a list of objects as repeated blocks: not this argument)
    payload = {k: v for k, v in payload.items() if k != "ExcludeRetainedVariantProperties"}
    native = findings("main.tf", terraform(payload), "terraform")
    assert findings("cdktf.ts", cdktf_typescript(payload), "typescript") == native
    assert findings("index.ts", pulumi_typescript(payload), "typescript") == native
    assert findings("__main__.py", pulumi_python(payload), "python") == native


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn)
def test_sdk_v3_gives_the_json_requests_findings(request):
    payload, _ = request
    if "EndpointName" not in payload:
        return  # (the SDK takes the name as Endpoint.get's argument: it cannot be left out)
    if "EndpointConfigName" not in payload:
        return  # (update() without it sends the resource's own config name: unknown, never missing)
    native = findings("update-request.json", json.dumps(payload, ensure_ascii=False), "json")
    assert findings("deploy.py", sdk_v3(payload), "python") == native


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn)
def test_ack_gives_the_findings_of_the_request_the_controller_sends(request):
    payload, _ = request
    payload = {
        k: v for k, v in payload.items() if k in ("EndpointName", "EndpointConfigName", "DeploymentConfig")
    }
    sent = copy.deepcopy(payload)
    sent["RetainAllVariantProperties"] = True
    native = findings("update-request.json", json.dumps(sent, ensure_ascii=False), "json")
    native = {f for f in native if f[1] != "RetainAllVariantProperties"}
    assert findings("endpoint.yaml", ack(payload), "yaml") == native
