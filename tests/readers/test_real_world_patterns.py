"""Patterns taken from real deploy scripts, Lambdas, Terraform modules and templates (issue
12): no false error on paths that cannot happen, Terraform null, types of unknown values,
fleet sizes that hold, one finding per problem, valid YAML read as YAML."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from support.linting import lint_text

from smlint.findings import Finding
from smlint.runner import Linter, Options

HERE = Path(__file__).parents[1] / "fixtures" / "realworld"


def found(findings) -> list:
    return [(f.rule, f.line, f.column, f.message) for f in sorted(findings, key=Finding.sort_key)]


def found_with_help(findings) -> list:
    return [(f.rule, f.line, f.column, f.message, f.help) for f in sorted(findings, key=Finding.sort_key)]


def lint_file(path: Path, **options) -> list:
    return Linter(Options(**options)).lint_paths([str(path)]).findings


def lint_py(source: str, **options) -> list:
    return lint_text(textwrap.dedent(source), "python", "deploy.py", **options)


# --------------------------------------------------------------------------- item 1: feasible paths


def test_an_argparse_deploy_script_reports_only_what_can_happen():
    # `a5 = arg or f"{name}-5xx"` is never falsy, so `alarms` is never empty when `if alarms:`
    # is taken (no SM107 "0 alarms"); `stage != "prod"` and `stage == "prod"` are never both
    # true; the SM208 that holds in prod is reported for prod alone, in the fewest words
    assert found_with_help(lint_file(HERE / "deploy_guardrails.py")) == [
        (
            "SM208",
            32,
            55,
            "DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds is 1200 s but the blue/green "
            "deployment must wait WaitIntervalInSeconds 600 + TerminationWaitInSeconds 600 = 1200 s; the timeout "
            'must be larger than the waits (when `args.stage == "prod"` at line 33 is true)',
            "set it above 1200 s, with room for provisioning (e.g. 2400)",
        )
    ]


def test_a_lambda_keeps_one_truth_value_per_condition_across_ifexp_and_if():
    assert found_with_help(lint_file(HERE / "lambda_rollout.py")) == [
        (
            "SM302",
            16,
            9,
            "DeploymentConfig.RollingUpdatePolicy.WaitIntervalInSeconds is 0: each batch takes traffic before any "
            'alarm can fire, so the rolling deployment cannot stop a bad model (when `STAGE != "prod"` at line 19 '
            "is true)",
            "bake each batch (e.g. 300)",
        ),
        (
            "SM208",
            17,
            9,
            "DeploymentConfig.RollingUpdatePolicy.MaximumExecutionTimeoutInSeconds is 600 s but the rolling "
            "deployment must wait WaitIntervalInSeconds 600 × 1 batch (at least 1 batch, as the fleet size N is "
            'not known) = 600 s; the timeout must be larger than the waits (when `STAGE != "prod"` at line 19 '
            "is false)",
            "set it above 600 s, with room for provisioning (e.g. 3000)",
        ),
    ]


ZERO_ALARMS_ON_A_PATH = """\
import sys

import boto3

n = int(sys.argv[1])
alarms = [{"AlarmName": "errors"}]
if n > 5:
    alarms = []
config = {
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 0},
    }
}
if n < 3:
    config["AutoRollbackConfiguration"] = {"Alarms": alarms}

boto3.client("sagemaker").update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=config)
"""


def test_an_error_on_a_path_whose_feasibility_is_unknown_is_said_in_sm003_only():
    assert found(lint_py(ZERO_ALARMS_ON_A_PATH)) == []
    assert found(lint_py(ZERO_ALARMS_ON_A_PATH, select=("SM003", "SM107"))) == [
        (
            "SM003",
            15,
            44,
            "DeploymentConfig.AutoRollbackConfiguration.Alarms: SM107 was not reported, as it holds only on a path "
            "that may not happen (`n < 3` at line 14 is true and `n > 5` at line 7 is true may not hold together)",
        )
    ]


def test_nested_branches_decide_the_same_test_and_equalities_to_other_constants():
    source = """\
    import os
    import boto3

    mode = os.environ["MODE"]
    routing = {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 300}
    if mode == "canary":
        if mode == "linear":
            routing["LinearStepSize"] = {"Type": "CAPACITY_PERCENT", "Value": 10}
        if not mode == "canary":
            routing["CanarySize"] = {"Type": "CAPACITY_PERCENT", "Value": 10}
        if mode:
            routing["Type"] = "CANARY"
            routing["CanarySize"] = {"Type": "CAPACITY_PERCENT", "Value": 80}
    boto3.client("sagemaker").update_endpoint(
        EndpointName="e",
        EndpointConfigName="c",
        DeploymentConfig={
            "BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": routing},
            "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]},
        },
    )
    """
    assert [(f.rule, f.line, f.message.rsplit("; when ", 1)[-1]) for f in lint_py(source)] == [
        ("SM204", 13, '`mode == "canary"` at line 6 is true'),
    ]


def test_an_early_exit_decides_what_follows():
    source = """\
    import sys
    import boto3

    alarms = [a for a in sys.argv[1:]]
    if not alarms:
        sys.exit("give at least one alarm")
    config = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 60}}}
    if not alarms:
        config["AutoRollbackConfiguration"] = {"Alarms": []}
    boto3.client("sagemaker").update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=config)
    """
    assert [f.rule for f in lint_py(source)] == ["SM301"]  # never SM107: `not alarms` is false here


# --------------------------------------------------------------------------- item 2: once when everywhere


def test_a_finding_on_both_branches_is_reported_once_without_a_qualifier():
    source = """\
    import os
    import boto3

    if os.environ.get("FAST"):
        wait = 60
    else:
        wait = 600
    boto3.client("sagemaker").update_endpoint(
        EndpointName="e",
        EndpointConfigName="c",
        DeploymentConfig={"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "WaitIntervalInSeconds": wait}}},
    )
    """
    assert [(f.rule, f.line, f.column) for f in sorted(lint_py(source), key=Finding.sort_key)] == [
        ("SM301", 11, 5),
        ("SM202", 11, 49),
    ]
    assert all(" (when " not in f.message for f in lint_py(source))


# --------------------------------------------------------------------------- item 3: Terraform null


def test_terraform_null_and_variables_defaulting_to_null_are_omitted():
    assert found_with_help(lint_file(HERE / "tf-module")) == [
        (
            "SM204",
            16,
            11,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize (canary_size) is 60% of the fleet; a "
            "canary must be at most 50% (SageMaker rejects it); from variable canary_percent's default",
            "use a Value of at most 50",
        )
    ]


def test_terraform_null_for_a_required_argument_is_missing():
    text = """\
resource "aws_sagemaker_endpoint" "e" {
  endpoint_config_name = "c"
  deployment_config {
    blue_green_update_policy {
      traffic_routing_configuration {
        type                     = null
        wait_interval_in_seconds = 0
      }
    }
  }
}
"""
    assert [(f.rule, f.line, f.column, f.field) for f in lint_text(text, "terraform", "main.tf")] == [
        ("SM101", 5, 7, "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.Type")
    ]


# --------------------------------------------------------------------------- item 4: types of unknowns


def test_types_of_unknown_values_are_checked_and_the_message_names_the_expression():
    assert found_with_help(lint_file(HERE / "bake_types.py")) == [
        (
            "SM103",
            19,
            17,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.WaitIntervalInSeconds is a float "
            "(`float(args.bake_minutes) * 60`), whatever its value; it must be an integer (boto3 and the AWS CLI "
            "reject it before sending)",
            "convert it with int(...)",
        ),
        (
            "SM103",
            22,
            13,
            'DeploymentConfig.BlueGreenUpdatePolicy.TerminationWaitInSeconds is a string (`os.environ["TERMINATION_WAIT"]`), '
            "whatever its value; it must be an integer (boto3 and the AWS CLI reject it before sending)",
            "convert it with int(...)",
        ),
        (
            "SM103",
            23,
            13,
            "DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds is a float "
            "(`round(args.timeout_minutes * 60 / 2, 1)`), whatever its value; it must be an integer (boto3 and the "
            "AWS CLI reject it before sending)",
            "convert it with int(...)",
        ),
    ]


@pytest.mark.parametrize(
    "expression, rule",
    [
        ("int(x)", None),
        ("len(x)", None),
        ("round(x)", None),
        ("x // 2", None),  # an integer or a float: unknown, so nothing said
        ("x / 2", "SM103"),
        ("x * 1.5", "SM103"),
        ("str(x)", "SM103"),
        ('f"{x}0"', "SM103"),
        ("x > 2", "SM103"),  # a boolean is not an integer
        ("not x", "SM103"),
    ],
)
def test_the_type_of_an_expression_over_an_unknown(expression, rule):
    source = f"""\
    import sys
    import boto3

    x = sys.argv[1]
    boto3.client("sagemaker").update_endpoint(
        EndpointName="e",
        EndpointConfigName="c",
        DeploymentConfig={{"RollingUpdatePolicy": {{"MaximumBatchSize": {{"Type": "INSTANCE_COUNT", "Value": 1}},
                           "WaitIntervalInSeconds": {expression}}},
                           "AutoRollbackConfiguration": {{"Alarms": [{{"AlarmName": "a"}}]}}}},
    )
    """
    rules = [f.rule for f in lint_py(source) if f.rule == "SM103"]
    assert rules == ([rule] if rule else [])


# --------------------------------------------------------------------------- item 8: fleet sizes that hold

ROLLING = """\
{{
  "EndpointName": "fraud",
  "EndpointConfigName": "fraud-v2",
  "DeploymentConfig": {{
    "RollingUpdatePolicy": {{
      "MaximumBatchSize": {{"Type": "{kind}", "Value": {value}}},
      "WaitIntervalInSeconds": {wait},
      "MaximumExecutionTimeoutInSeconds": {timeout}
    }},
    "AutoRollbackConfiguration": {{"Alarms": [{{"AlarmName": "fraud-5xx"}}]}}
  }}
}}
"""


def test_a_five_percent_batch_on_four_instances_is_four_batches_not_twenty():
    text = ROLLING.format(kind="CAPACITY_PERCENT", value=5, wait=300, timeout=1500)
    assert lint_text(text, fleet_size=4) == []  # 4 batches of 1 instance: 1200 s fit
    ((rule, line, column, message),) = found(lint_text(text))  # N unknown: 20 batches is an estimate
    assert (rule, line, column) == ("SM209", 8, 7)
    assert "WaitIntervalInSeconds 300 × 20 batches (100 / 5% rounded up) = 6000 s" in message
    ((rule, _, _, message),) = found(lint_text(text, fleet_size=40))  # 20 batches of 2: certain
    assert rule == "SM208"
    assert "× 20 batches (5% of 40 instances is 2 instances per batch, 40 / 2 rounded up) = 6000 s" in message


@pytest.mark.parametrize(
    "kind, value, wait, timeout, fleet",
    [
        ("CAPACITY_PERCENT", 5, 300, 1200, None),
        ("CAPACITY_PERCENT", 10, 600, 600, None),
        ("CAPACITY_PERCENT", 25, 900, 1800, 7),
        ("INSTANCE_COUNT", 1, 1200, 2400, 5),
        ("CAPACITY_PERCENT", 50, 3600, 3600, None),
    ],
)
def test_the_timeout_sm208_or_sm209_suggests_clears_both(kind, value, wait, timeout, fleet):
    text = ROLLING.format(kind=kind, value=value, wait=wait, timeout=timeout)
    (finding,) = [f for f in lint_text(text, fleet_size=fleet) if f.rule in ("SM208", "SM209")]
    suggested = int(finding.help.rsplit("(e.g. ", 1)[1].split(")")[0])
    fixed = ROLLING.format(kind=kind, value=value, wait=wait, timeout=suggested)
    assert [f.rule for f in lint_text(fixed, fleet_size=fleet) if f.rule in ("SM208", "SM209")] == []


# --------------------------------------------------------------------------- item 9: one problem, one finding


COUNT_LARGER_THAN_FLEET = """\
EndpointName: churn-prod
EndpointConfigName: churn-v2
DeploymentConfig:
  RollingUpdatePolicy:
    MaximumBatchSize:
      Type: INSTANCE_COUNT
      Value: 6{noqa}
    WaitIntervalInSeconds: 300
  AutoRollbackConfiguration:
    Alarms:
      - AlarmName: churn-5xx
"""


def test_an_instance_count_above_the_fleet_is_sm503_alone_at_its_value():
    text = COUNT_LARGER_THAN_FLEET.format(noqa="")
    assert found_with_help(lint_text(text, "yaml", "r.yaml", fleet_size=4)) == [
        (
            "SM503",
            7,
            7,
            "DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize is 6 instances but the fleet has only 4 instances",
            "use a Value of at most 2 (a step is at most half of the fleet), or CAPACITY_PERCENT",
        )
    ]
    assert (
        lint_text(COUNT_LARGER_THAN_FLEET.format(noqa="  # noqa: SM503"), "yaml", "r.yaml", fleet_size=4)
        == []
    )


def test_size_findings_point_at_the_value_or_at_the_type_when_no_value_can_do():
    text = """\
EndpointName: churn-prod
EndpointConfigName: churn-v2
DeploymentConfig:
  BlueGreenUpdatePolicy:
    TrafficRoutingConfiguration:
      Type: LINEAR
      WaitIntervalInSeconds: 300
      LinearStepSize:
        Type: INSTANCE_COUNT
        Value: 1
  AutoRollbackConfiguration:
    Alarms:
      - AlarmName: churn-5xx
"""
    assert [
        (f.rule, f.line, f.column, f.field) for f in lint_text(text, "yaml", "r.yaml", fleet_size=20)
    ] == [
        (
            "SM205",
            10,
            9,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.LinearStepSize.Value",
        )
    ]
    # on one instance no whole number is 10-50%: the Type is what is wrong
    assert [
        (f.rule, f.line, f.column)
        for f in lint_text(text, "yaml", "r.yaml", fleet_size=1)
        if f.rule != "SM504"
    ] == [("SM205", 9, 9)]


def test_a_misspelt_key_is_sm102_alone():
    text = """\
EndpointName: churn-prod
EndpointConfigName: churn-v2
DeploymentConfig:
  BlueGreenUpdatePolicy:
    TrafficRoutingConfig:
      Type: CANARY
      WaitIntervalInSeconds: 300
  AutoRollbackConfiguration:
    Alarms:
      - AlarmName: churn-5xx
"""
    assert [(f.rule, f.line, f.column) for f in lint_text(text, "yaml", "r.yaml", select=("ALL",))] == [
        ("SM102", 5, 5)
    ]


# --------------------------------------------------------------------------- items 10, 11: SAM, facts


def test_a_sam_template_with_colons_in_a_flow_sequence_is_read_and_linted():
    assert found_with_help(lint_file(HERE / "sam-template.yaml")) == [
        (
            "SM204",
            25,
            50,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize is 60% of the fleet; a "
            "canary must be at most 50% (SageMaker rejects it)",
            "use a Value of at most 50",
        ),
        (
            "SM107",
            27,
            11,
            "DeploymentConfig.AutoRollbackConfiguration.Alarms has 0 alarms; it must list 1 to 10 (SageMaker rejects "
            "it)",
            "add an alarm, or remove AutoRollbackConfiguration",
        ),
    ]  # and EndpointArn, read-only, is accepted


def test_a_real_yaml_syntax_error_is_still_sm001_at_its_place():
    text = "DeploymentConfig:\n  Action: [sagemaker:UpdateEndpoint, {\n"
    ((rule, line, column, message),) = found(lint_text(text, "yaml", "t.yaml"))
    assert (rule, line, column) == ("SM001", 3, 1)
    assert message.startswith("invalid YAML: ")


def test_calls_in_lambdas_comprehensions_and_nested_functions_are_found():
    source = """\
    import boto3

    sm = boto3.client("sagemaker")
    BAD = {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 70}, "WaitIntervalInSeconds": 60}}

    deploy = lambda name: sm.update_endpoint(EndpointName=name, EndpointConfigName="cfg", DeploymentConfig={"BlueGreenUpdatePolicy": {}})
    done = [sm.update_endpoint(EndpointName=n, EndpointConfigName="cfg", DeploymentConfig={"BlueGreenUpdatePolicy": 1}) for n in ["a", "b"]]


    def handler(event, context):
        def roll(name):
            return sm.update_endpoint(EndpointName=name, EndpointConfigName="cfg", DeploymentConfig={"RollingUpdatePolicy": 2})
        return roll(event["name"])
    """
    assert [(f.rule, f.line) for f in lint_py(source, select=("SM101", "SM103"))] == [
        ("SM101", 6),
        ("SM103", 7),
        ("SM103", 12),
    ]


# --------------------------------------------------------------------------- item 5: nested Fn::If


def test_parameters_are_probed_in_every_branch_of_nested_fn_if():
    findings = found(lint_file(HERE / "cfn-nested-if.yaml"))
    assert [(rule, line, column) for rule, line, column, _ in findings] == [
        ("SM104", 10, 5),
        ("SM204", 11, 5),
    ]
    assert findings[1][3].startswith(
        "parameter CanaryPercentage allows DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration."
        "CanarySize.Value to be 100 (its MaxValue): "
    )


def test_plan_shows_every_branch():
    from smlint.plan import run

    text, code = run(str(HERE / "cfn-nested-if.yaml"), "json", None)
    plans = json.loads(text)
    assert code == 0
    assert [(" and ".join(p["branch"]), p["policy"]) for p in plans] == [
        ("condition Linear is true", "LINEAR"),
        ("condition Linear is false and condition Canary is true", "CANARY"),
        ("condition Linear is false and condition Canary is false", "ALL_AT_ONCE"),
    ]


# --------------------------------------------------------------------------- item 6: detection, did you mean

BOOK_BODY = """\
# Blue/green canary settings, as chapter 9 prints them
TrafficRoutingConfig:
  Type: CANARY
  CanarySize:
    Type: CAPACITY_PERCENT
    Value: 60
  WaitIntervalInSeconds: 600
TerminationWaitInSeconds: 600
MaximumExecutionTimeoutInSeconds: 1800
"""


def test_a_policy_body_without_its_wrapper_is_linted_as_the_policy():
    findings = lint_text(BOOK_BODY, "yaml", "canary-policy.yaml")
    findings = sorted(findings, key=Finding.sort_key)
    assert [(f.rule, f.line, f.column, f.field) for f in findings] == [
        (
            "SM102",
            2,
            1,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfig",
        ),  # alone: not also SM101
        ("SM301", 2, 1, "DeploymentConfig"),  # (it bakes 600 s with no alarm)
    ]
    assert (findings[0].message, findings[0].help) == (
        "unknown field DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfig: not a member of "
        "DeploymentConfig.BlueGreenUpdatePolicy",
        "did you mean TrafficRoutingConfiguration?",
    )
    fixed = BOOK_BODY.replace("TrafficRoutingConfig:", "TrafficRoutingConfiguration:")
    assert [
        (f.rule, f.line, f.column)
        for f in sorted(lint_text(fixed, "yaml", "canary-policy.yaml"), key=Finding.sort_key)
    ] == [
        ("SM301", 2, 1),
        ("SM204", 6, 5),  # the body's own findings, at its own lines
    ]


def test_a_rolling_policy_body_and_a_misspelt_policy_key_are_detected():
    rolling = "MaximumBatchSize: {Type: CAPACITY_PERCENT, Value: 70}\nWaitIntervalInSeconds: 300\n"
    assert [
        (f.rule, f.line, f.field) for f in lint_text(rolling, "yaml", "rolling.yaml") if f.rule != "SM301"
    ] == [("SM206", 1, "DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize.Value")]
    for key in ("BluegreenUpdatePolicy", "blueGreenUpdatePolicy"):
        text = (
            f"{key}:\n  TrafficRoutingConfiguration:\n    Type: ALL_AT_ONCE\n    WaitIntervalInSeconds: 0\n"
        )
        ((rule, line, column, message, help),) = found_with_help(lint_text(text, "yaml", "dc.yaml"))
        assert (rule, line, column) == ("SM102", 1, 1)
        assert help == "did you mean BlueGreenUpdatePolicy?"


def test_did_you_mean_knows_member_names_people_shorten():
    text = """\
EndpointName: churn-prod
EndpointConfigName: churn-v2
DeploymentConfig:
  BlueGreenUpdatePolicy:
    TrafficRoutingConfiguration: {Type: ALL_AT_ONCE, WaitIntervalInSeconds: 0}
  AutoRollbackConfig:
    Alarms:
      - Name: churn-5xx
"""
    assert [(f.rule, f.line, f.help) for f in lint_text(text, "yaml", "r.yaml", select=("ALL",))] == [
        ("SM102", 6, "did you mean AutoRollbackConfiguration?"),
    ]
    fixed = text.replace("AutoRollbackConfig:", "AutoRollbackConfiguration:")
    assert [(f.rule, f.line, f.help) for f in lint_text(fixed, "yaml", "r.yaml", select=("ALL",))] == [
        ("SM102", 8, "did you mean AlarmName?"),
    ]


def test_what_merely_looks_like_a_policy_body_is_not_ours():
    hyperpod = "WaitIntervalInSeconds: 300\nMaximumBatchSize: {Type: CAPACITY_PERCENTAGE, Value: 10}\n"
    assert lint_text(hyperpod, "yaml", "cluster.yaml") == []
    other = "TrafficRoutingConfig:\n  Type: WEIGHTED\nRetries: 3\n"
    assert lint_text(other, "yaml", "router.yaml") == []


# --------------------------------------------------------------------------- item 7: N from the same expression


def test_fleet_size_from_the_config_named_by_the_same_expression():
    # cfg_name = f"{model}-config-{stamp}": unknown, but the same binding in both calls; the
    # second update retains the variant properties, so the new config's count is not N
    assert found_with_help(lint_file(HERE / "deploy_new_config.py")) == [
        (
            "SM504",
            19,
            9,
            "DeploymentConfig.RollingUpdatePolicy is set on a fleet of 1 instance; there is nothing to shift "
            "gradually, every step moves the whole fleet (fleet of 1 instance: endpoint config call at line 11, "
            f"{HERE / 'deploy_new_config.py'}:13)",
            "use a blue/green ALL_AT_ONCE deployment, or add instances",
        )
    ]


def test_fleet_size_across_notebook_cells():
    (finding,) = lint_file(HERE / "rollout.ipynb")
    assert (finding.rule, finding.cell, finding.line, finding.column) == ("SM503", 3, 4, 94)
    assert finding.message.startswith(
        "DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize is 3 instances but the fleet has only 2 instances"
    )
    assert finding.help.startswith("use a Value of at most 1")
