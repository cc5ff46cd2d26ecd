"""CloudFormation templates (JSON and YAML) and Step Functions definitions: the requests they
hold, linted with CloudFormation's schema, intrinsic functions, Fn::If branches, Parameters."""

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from support import strategies as S
from support.linting import lint_text

from smlint.registry import builtin_rules
from smlint.runner import Linter, Options

FIXTURES = Path(__file__).parents[1] / "fixtures"
CFN = FIXTURES / "cloudformation"
ALL = ("ALL",)
SETTINGS = settings(
    max_examples=int(os.environ.get("SMLINT_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def lint_fixture(path: Path, **options):
    options.setdefault("select", ALL)
    fmt = "json" if path.suffix == ".json" else "yaml"
    return sort(lint_text(path.read_text(encoding="utf-8"), fmt, str(path), **options))


def sort(findings):
    return sorted(findings, key=lambda f: f.sort_key())


def found(findings):
    return [(f.rule, f.line, f.column) for f in findings]


CANARY_MESSAGE = (
    "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize is 3 of 4 instances "
    "(75% of the fleet); a canary must be at most 50% (SageMaker rejects it); "
    "fleet of 4 instances: endpoint config resource ChurnConfig, {path}:{line}"
)


@pytest.mark.parametrize(
    "name, expected, config_line",
    [
        (
            "canary.yaml",
            [("SM003", 18, 7), ("SM003", 19, 7), ("SM204", 28, 15), ("SM209", 29, 11), ("SM101", 32, 15)],
            10,
        ),
        (
            "canary.json",
            [("SM003", 28, 9), ("SM003", 31, 9), ("SM204", 45, 17), ("SM209", 48, 13), ("SM101", 53, 17)],
            13,
        ),
    ],
)
def test_template_in_yaml_and_json_gives_the_same_findings(name, expected, config_line):
    path = CFN / name
    findings = lint_fixture(path)
    assert found(findings) == expected
    by_rule = {f.rule: f for f in findings}
    # N came from the EndpointConfig resource that !GetAtt / Fn::GetAtt names, and says so
    assert by_rule["SM204"].message == CANARY_MESSAGE.format(path=path, line=config_line)
    assert by_rule["SM204"].help == "use a Value of at most 2"
    # CloudFormation's schema: AlarmName is required there (optional in the API), and the
    # message does not blame boto3
    assert (by_rule["SM101"].message, by_rule["SM101"].help) == (
        "DeploymentConfig.AutoRollbackConfiguration.Alarms[0] lacks required field AlarmName (a string); "
        "CloudFormation rejects the resource without it",
        "add AlarmName",
    )
    # "600" and "true" are what CloudFormation converts; EndpointName is optional there
    assert not {"SM103", "SM102"} & {f.rule for f in findings}
    assert all("boto3" not in f.message for f in findings)
    assert [f.field for f in findings if f.rule == "SM003"] == ["EndpointName", "EndpointConfigName"]


def test_cloudformation_schema_differences():
    template = """\
Resources:
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: cfg
      Tags: [{Key: team, Value: ml}]
      ExcludeRetainedVariantProperties:
        - VariantPropertyType: SomethingNew
        - VariantPropertyType: DesiredWeight
        - VariantPropertyType: DesiredInstanceCount
        - {}
      RetainAllVariantProperties: true
      DeploymentConfig:
        BlueGreenUpdatePolicy:
          TrafficRoutingConfiguration: {Type: ALL_AT_ONCE}
          MaximumExecutionTimeoutInSeconds: 700
        Rollback: {}
"""
    findings = lint_text(template, "yaml", "template.yaml", select=ALL)
    # No enum, no maxItems, VariantPropertyType not required; Tags allowed; the wait optional.
    assert [(f.rule, f.line, f.message, f.help) for f in findings] == [
        (
            "SM102",
            17,
            "unknown field DeploymentConfig.Rollback: not a member of DeploymentConfig "
            "(members: BlueGreenUpdatePolicy, RollingUpdatePolicy, AutoRollbackConfiguration)",
            "remove it",
        )
    ]
    missing = lint_text(
        "Resources:\n  E:\n    Type: AWS::SageMaker::Endpoint\n", "yaml", "t.yaml", select=ALL
    )
    assert missing == []  # no marker word: not even parsed
    missing = lint_text(
        "Resources:\n  E:\n    Type: AWS::SageMaker::Endpoint\n    Properties:\n      DeploymentConfig: {}\n",
        "yaml",
        "t.yaml",
    )
    assert [(f.rule, f.line, f.column, f.message, f.help) for f in missing] == [
        (
            "SM101",
            4,
            5,
            "the resource's Properties lack required field EndpointConfigName (a string); "
            "CloudFormation rejects the resource without it",
            "add EndpointConfigName",
        )
    ]


def test_fn_if_reports_what_fails_in_any_branch_and_says_which():
    findings = lint_fixture(CFN / "conditions.yaml")
    # ("; when": the message ends with a parenthesis already)
    assert [(f.rule, f.line, f.column, re.split(r" \(when |; when ", f.message)[-1]) for f in findings] == [
        ("SM104", 18, 54, "condition IsProd is false"),  # at the failing branch
        ("SM203", 19, 13, "condition IsProd is false)"),
        ("SM204", 21, 15, "condition IsProd is true"),
    ]


def test_conditions_are_combined_and_a_finding_in_every_branch_is_said_once():
    template = """\
Resources:
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: !If [A, cfg_a, cfg_b]
      DeploymentConfig:
        RollingUpdatePolicy:
          MaximumBatchSize: {Type: CAPACITY_PERCENT, Value: !If [B, 60, 70]}
          WaitIntervalInSeconds: !If [A, 30, 40]
"""
    findings = sort(lint_text(template, "yaml", "t.yaml", select=("SM106", "SM206", "SM302")))
    assert [(f.rule, f.line, f.column, re.split(r" \(when |; when ", f.message)[-1]) for f in findings] == [
        ("SM106", 5, 35, "condition A is true)"),
        ("SM106", 5, 42, "condition A is false)"),
        ("SM206", 8, 69, "condition B is true"),  # at each branch's value
        ("SM206", 8, 73, "condition B is false"),
    ]
    assert "is 60% of the fleet" in findings[2].message and "is 70% of the fleet" in findings[3].message


def test_ref_to_a_parameter_uses_its_default_and_reports_what_its_constraints_admit():
    path = CFN / "parameters.json"
    findings = lint_fixture(path)
    assert [(f.rule, f.line, f.column, f.field) for f in findings] == [
        ("SM204", 8, 7, "Parameters.CanaryPercent.MaxValue"),
        ("SM104", 16, 9, "Parameters.BakeSeconds.AllowedValues[2]"),
        ("SM104", 51, 13, "DeploymentConfig.BlueGreenUpdatePolicy.TerminationWaitInSeconds"),
    ]
    assert findings[0].message.startswith(
        "parameter CanaryPercent allows DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration."
        "CanarySize.Value to be 100 (its MaxValue): DeploymentConfig.BlueGreenUpdatePolicy."
        "TrafficRoutingConfiguration.CanarySize is 100% of the fleet; a canary must be at most 50%"
    )
    assert findings[2].message.endswith(
        "(CloudFormation rejects it); from parameter TerminationSeconds's Default"
    )


def test_parameters_from_ssm_or_without_default_stay_unknown():
    template = """\
Parameters:
  Wait: {Type: "AWS::SSM::Parameter::Value<String>", Default: /deploy/wait}
  Size: {Type: Number}
Resources:
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: cfg
      DeploymentConfig:
        RollingUpdatePolicy:
          MaximumBatchSize: {Type: CAPACITY_PERCENT, Value: !Ref Size}
          WaitIntervalInSeconds: !Ref Wait
        AutoRollbackConfiguration: {Alarms: [{AlarmName: a}]}
"""
    findings = lint_text(template, "yaml", "t.yaml", select=ALL)
    assert [(f.rule, f.line, f.message) for f in findings] == [
        (
            "SM003",
            11,
            "DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize.Value cannot be determined "
            "statically (parameter Size without a literal Default); checks that need its value were skipped",
        ),
        (
            "SM003",
            12,
            "DeploymentConfig.RollingUpdatePolicy.WaitIntervalInSeconds cannot be determined "
            "statically (parameter Wait is read from SSM at deploy time); checks that need its value were skipped",
        ),
    ]


def test_duplicate_key_inside_the_endpoint_properties():
    template = (
        '{"Resources": {"E": {"Type": "AWS::SageMaker::Endpoint", "Properties": {\n'
        '  "EndpointConfigName": "a",\n  "EndpointConfigName": "b"}}}}\n'
    )
    findings = lint_text(template, "json", "t.json", select=ALL)
    assert [(f.rule, f.line, f.column, f.field) for f in findings] == [("SM002", 3, 3, "EndpointConfigName")]


@pytest.mark.parametrize(
    "text",
    [
        "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n"
        "  Fn: {Type: 'AWS::Serverless::Function', Properties: {DeploymentConfig: {}}}\n"
        "  Stack: {Type: 'AWS::CloudFormation::Stack', Properties: {TemplateURL: x, DeploymentConfig: 1}}\n",
        "Resources:\n  E:\n    Type: AWS::SageMaker::Endpoint\n    Properties: !If [C, {EndpointConfigName: a}, {}]\n",
        "Resources:\n  E:\n    Type: AWS::SageMaker::Endpoint\n    Properties: [EndpointConfigName]\n",
        "Resources:\n  E: [Type, 'AWS::SageMaker::Endpoint']\n  F:\n    Type: AWS::SageMaker::Endpoint\n"
        "    Properties:\n      EndpointConfigName: !Ref AWS::NoValue\n"
        "      DeploymentConfig: !If [C, !Ref 'AWS::NoValue', []]\n",
    ],
)
def test_other_resources_and_odd_shapes_never_crash(text):
    findings = lint_text(text, "yaml", "t.yaml", select=ALL)
    assert {f.rule for f in findings} <= {"SM003", "SM101", "SM103"}


def test_step_functions_definitions():
    findings = lint_fixture(FIXTURES / "stepfunctions" / "deploy.asl.json")
    assert found(findings) == [
        ("SM003", 10, 9),  # EndpointName.$: the field, named without .$
        ("SM301", 12, 9),
        ("SM502", 13, 11),  # the createEndpointConfig Task in the same definition is the context
        ("SM504", 13, 11),
        ("SM503", 14, 60),
        ("SM003", 15, 13),
    ]
    assert findings[0].field == "EndpointName"
    assert findings[0].message == (
        "EndpointName cannot be determined statically (Step Functions path $.name); checks that need its "
        "value were skipped"
    )
    jsonata = lint_fixture(FIXTURES / "stepfunctions" / "deploy.asl.yaml")
    assert [(f.rule, f.line, f.column, f.field) for f in jsonata] == [
        ("SM003", 15, 15, "EndpointName"),
        (
            "SM205",
            22,
            62,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.LinearStepSize.Value",
        ),
    ]


def test_state_machine_inline_in_a_template():
    findings = lint_fixture(CFN / "state-machine.yaml")
    assert found(findings) == [("SM003", 20, 15), ("SM003", 21, 15), ("SM501", 23, 17)]
    assert findings[2].message == (
        "DeploymentConfig.RollingUpdatePolicy is set but endpoint config resource Config "
        f"({CFN / 'state-machine.yaml'}:6) has 2 production variants; rolling deployments support only "
        "endpoints with one instance-based variant"
    )
    assert findings[2].help == "use BlueGreenUpdatePolicy"


def test_a_task_for_another_service_is_not_a_request():
    asl = (
        '{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask",'
        ' "Parameters": {"EndpointConfigName": "bad_name", "DeploymentConfig": {}}, "End": true}}}'
    )
    assert Linter(Options(select=ALL)).lint_text("sm.json", asl, "json") == ([], 0)


def test_readme_outputs_for_templates_state_machines_and_context_are_real(monkeypatch):
    from click.testing import CliRunner

    from smlint.cli import main

    root = Path(__file__).parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    blocks = [  # (the Terraform sample is test_cli's, infrastructure code's test_readme_reach's)
        b
        for b in readme.split("```console\n$ smlint check tests/fixtures/")[1:]
        if not b.startswith(("terraform", "reach"))
    ]
    assert len(blocks) == 3
    monkeypatch.chdir(root)
    for block in blocks:
        command, _, rest = block.partition("\n")
        expected = rest[: rest.index("```")]
        result = CliRunner().invoke(main, ["check", *("tests/fixtures/" + command).split()])
        assert result.output == expected


# --------------------------------------------------------------------------- properties


def _cfn_template(kind, payload):
    props = (
        payload if kind != "deployment-config" else {"EndpointConfigName": "cfg", "DeploymentConfig": payload}
    )
    return props, json.dumps(
        {"Resources": {"Endpoint": {"Type": "AWS::SageMaker::Endpoint", "Properties": props}}}, indent=2
    )


@SETTINGS
@given(S.requests())
def test_a_request_reads_the_same_as_an_endpoints_properties(request):
    kind, payload = request
    props, text = _cfn_template(kind, payload)
    rollback = props.get("DeploymentConfig", {}).get("AutoRollbackConfiguration", {"Alarms": []})
    # required in CloudFormation only: Alarms in AutoRollbackConfiguration, AlarmName in an alarm
    assume("Alarms" in rollback and all("AlarmName" in alarm for alarm in rollback["Alarms"]))
    # valid for the API, so valid for CloudFormation's more lenient schema
    assert lint_text(text, "json", "template.json", select=("SM0", "SM1")) == []
    semantic = ("SM2", "SM3", "SM4")
    api = lint_text(
        json.dumps(props, indent=2), "json", "request.json", select=semantic, kind="update-endpoint"
    )
    cfn = lint_text(text, "json", "template.json", select=semantic)
    assert sorted((f.rule, f.field, f.message) for f in cfn) == sorted(
        (f.rule, f.field, f.message) for f in api
    )
    lines = text.splitlines()
    for f in cfn:  # each finding points at its field's key inside the template
        if f.field and not f.field.endswith("]"):
            key = f.field.rsplit(".", 1)[-1]
            assert lines[f.line - 1][f.column - 1 :].startswith(json.dumps(key)), (f, lines[f.line - 1])


_scalars = st.one_of(
    st.integers(-5, 40000),
    st.sampled_from(["CANARY", "INSTANCE_COUNT", "600", "true", "x"]),
    st.booleans(),
    st.none(),
)
_intrinsics = st.one_of(
    st.sampled_from(
        [
            {"Ref": "AWS::NoValue"},
            {"Ref": "P"},
            {"Ref": "Config"},
            {"Ref": 5},
            {"Fn::If": "x"},
            {"Fn::GetAtt": ["Config", "EndpointConfigName"]},
            {"Fn::Sub": "${P}"},
            {"Fn::Sub": "a"},
        ]
    ),
)
_keys = st.sampled_from(
    [
        "BlueGreenUpdatePolicy",
        "RollingUpdatePolicy",
        "TrafficRoutingConfiguration",
        "Type",
        "Value",
        "CanarySize",
        "MaximumBatchSize",
        "WaitIntervalInSeconds",
        "Alarms",
        "AlarmName",
        "AutoRollbackConfiguration",
        "Fn::If",
        "Ref",
    ]
)
_values = st.recursive(
    st.one_of(_scalars, _intrinsics),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(_keys, inner, max_size=3),
        st.tuples(st.sampled_from(["A", "B"]), inner, inner).map(lambda t: {"Fn::If": list(t)}),
    ),
    max_leaves=12,
)


@SETTINGS
@given(
    _values,
    _values,
    st.dictionaries(
        st.sampled_from(["Default", "MinValue", "MaxValue", "AllowedValues", "Type"]), _values, max_size=4
    ),
)
def test_any_template_shape_is_linted_without_crashing(config, name, parameter):
    template = {
        "Parameters": {"P": parameter},
        "Resources": {
            "Config": {
                "Type": "AWS::SageMaker::EndpointConfig",
                "Properties": {"ProductionVariants": config},
            },
            "Endpoint": {
                "Type": "AWS::SageMaker::Endpoint",
                "Properties": {"EndpointConfigName": name, "DeploymentConfig": config},
            },
        },
    }
    text = json.dumps(template, indent=1)
    findings = lint_text(text, "json", "template.json", select=ALL)
    assert all("crashed" not in f.message for f in findings)
    assert all(1 <= f.line <= text.count("\n") + 1 for f in findings)


def test_definition_string_joined_by_the_cdk_is_read_and_findings_point_at_it():
    findings = lint_fixture(FIXTURES / "stepfunctions" / "cdk-template.json")
    assert [(f.rule, f.line, f.column, f.field) for f in findings] == [
        ("SM003", 6, 9, "EndpointName"),  # {"Ref": "Name"} inside the string
        (
            "SM205",
            6,
            9,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.LinearStepSize.Value",
        ),
        ("SM301", 6, 9, "DeploymentConfig"),
    ]
    unreadable = (
        '{"Resources": {"SM": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString":'
        ' {"Fn::Join": ["", ["{\\"StartAt\\": \\"A\\", \\"States\\": {\\"DeploymentConfig\\": ", {"Ref": "N"},'
        ' "}}"]]}}}}}'
    )
    assert lint_text(unreadable, "json", "t.json", select=ALL) == []  # a reference where JSON needs a value


def test_fleet_from_a_parameter_default_says_so():
    template = """\
Parameters:
  Count: {Type: Number, Default: "4"}
Resources:
  Config:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      EndpointConfigName: cfg
      ProductionVariants:
        - {VariantName: a, InstanceType: ml.m5.large, InitialInstanceCount: !Ref Count}
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: !Ref Config
      DeploymentConfig:
        RollingUpdatePolicy:
          MaximumBatchSize: {Type: INSTANCE_COUNT, Value: 3}
          WaitIntervalInSeconds: 60
        AutoRollbackConfiguration: {Alarms: [{AlarmName: a}]}
"""
    (finding,) = lint_text(template, "yaml", "t.yaml")
    assert (finding.rule, finding.line, finding.column) == ("SM206", 16, 52)
    assert finding.message.endswith(
        "(SageMaker rejects it); fleet of 4 instances: endpoint config `cfg` (resource Config, "
        "InitialInstanceCount from parameter Count's Default), t.yaml:8"
    )
    unknown = template.replace('Default: "4"', "MinValue: 1")  # no Default: N unknown, SM206 skipped
    assert lint_text(unknown, "yaml", "t.yaml") == []


def test_each_branch_finds_the_config_it_names():
    template = """\
Resources:
  Small:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      ProductionVariants: [{VariantName: a, InstanceType: ml.m5.large, InitialInstanceCount: 2}]
  Large:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      ProductionVariants: [{VariantName: a, InstanceType: ml.m5.large, InitialInstanceCount: 10}]
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: !If [IsProd, !GetAtt Large.EndpointConfigName, !GetAtt Small.EndpointConfigName]
      DeploymentConfig:
        RollingUpdatePolicy:
          MaximumBatchSize: {Type: INSTANCE_COUNT, Value: 3}
          WaitIntervalInSeconds: 60
        AutoRollbackConfiguration: {Alarms: [{AlarmName: a}]}
"""
    findings = lint_text(template, "yaml", "t.yaml")
    assert [(f.rule, f.line, f.column) for f in findings] == [("SM503", 16, 52)]
    assert findings[0].message.endswith(
        "(fleet of 2 instances: endpoint config resource Small, t.yaml:5); when condition IsProd is false"
    )  # with Large, 3 of 10 is 30%: fine


def test_a_parameter_used_twice_is_tried_in_both_places_at_once():
    template = """\
Parameters:
  Wait: {Type: Number, Default: 600, MaxValue: 2000}
Resources:
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: cfg
      DeploymentConfig:
        BlueGreenUpdatePolicy:
          TrafficRoutingConfiguration: {Type: ALL_AT_ONCE, WaitIntervalInSeconds: !Ref Wait}
          TerminationWaitInSeconds: !Ref Wait
          MaximumExecutionTimeoutInSeconds: 3000
        AutoRollbackConfiguration: {Alarms: [{AlarmName: a}]}
"""
    (finding,) = lint_text(template, "yaml", "t.yaml")
    assert (finding.rule, finding.line, finding.column, finding.field) == (
        "SM208",
        2,
        38,
        "Parameters.Wait.MaxValue",
    )
    assert finding.message.startswith(
        "parameter Wait allows DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration."
        "WaitIntervalInSeconds and DeploymentConfig.BlueGreenUpdatePolicy.TerminationWaitInSeconds to be 2000 "
        "(its MaxValue): DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds is 3000 s but "
        "the blue/green deployment must wait WaitIntervalInSeconds 2000 + TerminationWaitInSeconds 2000 = 4000 s"
    )


# --------------------------------------------------------------------------- every rule, in a template


def _in_template(example: dict) -> tuple:
    """(template, lines added above) holding a rule's bad example as an Endpoint's Properties."""
    text = example["bad"]
    head = "Resources:\n  E:\n    Type: AWS::SageMaker::Endpoint\n    Properties:\n"
    if example.get("kind") == "deployment-config" or not any(
        k in text for k in ("EndpointName", "EndpointConfigName")
    ):
        body = "".join("        " + line if line.strip() else line for line in text.splitlines(True))
        return head + "      EndpointConfigName: cfg\n      DeploymentConfig:\n" + body, 6
    return head + "".join("      " + line if line.strip() else line for line in text.splitlines(True)), 4


# What CloudFormation accepts that the API rejects: a traffic routing config without
# WaitIntervalInSeconds (SM101's example), and "600" for an integer (SM103's), which it converts.
CLOUDFORMATION_ACCEPTS = {"SM101", "SM103"}


@pytest.mark.parametrize(
    "rule",
    [
        r
        for r in builtin_rules()
        if "Resources:" not in r.examples["bad"] and r.examples["format"] != "terraform"
    ],
    ids=lambda r: r.id,
)
def test_every_rules_bad_example_fires_the_same_in_a_template(rule):
    template, shift = _in_template(rule.examples)
    findings = lint_text(
        template, "yaml", "template.yaml", select=ALL, fleet_size=rule.examples.get("instance-count")
    )
    found = {(f.rule, f.line - shift) for f in findings}
    if rule.id in CLOUDFORMATION_ACCEPTS:
        assert found == set()
    else:
        assert (rule.id, rule.examples["bad-line"]) in found
