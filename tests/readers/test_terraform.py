"""Terraform: aws_sagemaker_endpoint resources linted as UpdateEndpoint requests, at the
attribute's line and column, with the provider's own limits and wording; endpoint configs
kept for the context index; variables resolved only to literal defaults."""

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smlint.model import ENDPOINT_CONFIG, UPDATE_ENDPOINT, Unresolved
from smlint.runner import Linter, Options

FIXTURES = Path(__file__).parents[1] / "fixtures" / "terraform"


def lint_tf(tmp_path, text: str, name: str = "main.tf", **options):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return Linter(Options(**options)).lint_file(str(path), "terraform")


def requests(path: str, text: str) -> list:
    """The request Documents that a Terraform file's text gives."""
    return [unit.document for unit in Linter(Options()).extract(path, text, "terraform").units]


def found(result):
    return [(f.rule, f.line, f.column) for f in sorted(result.findings, key=lambda f: f.sort_key())]


def endpoint(deployment: str, extra: str = "") -> str:
    return f"""resource "aws_sagemaker_endpoint" "e" {{
  name                 = "churn-prod"
  endpoint_config_name = "churn-v8"
{extra}
  deployment_config {{
{deployment}
  }}
}}
"""


CANARY = """    blue_green_update_policy {
      traffic_routing_configuration {
        type                     = "CANARY"
        wait_interval_in_seconds = WAIT
        canary_size {
          type  = "CAPACITY_PERCENT"
          value = 10
        }
      }
      maximum_execution_timeout_in_seconds = TIMEOUT
    }
    auto_rollback_configuration {
      alarms {
        alarm_name = "churn-5xx"
      }
    }"""


def canary(wait="600", timeout="3600") -> str:
    return endpoint(CANARY.replace("WAIT", wait).replace("TIMEOUT", timeout))


def test_canary_size_from_a_variable_default_in_another_file():
    result = Linter(Options()).lint_file(str(FIXTURES / "canary" / "main.tf"), "terraform")
    (finding,) = result.findings
    assert (finding.rule, finding.line, finding.column) == ("SM204", 25, 11)  # `value = var.…`
    assert (finding.message, finding.help) == (
        "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize (canary_size) is 75% of the fleet; "
        "a canary must be at most 50% (SageMaker rejects it); from variable canary_percent's default",
        "use a Value of at most 50",
    )
    assert (
        finding.field == "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Value"
    )
    assert result.requests == 1


def test_the_endpoint_config_is_kept_for_the_context_and_the_request_refers_to_it():
    path = FIXTURES / "canary" / "main.tf"
    linter = Linter(Options())
    found = linter.extract(str(path), path.read_text(encoding="utf-8"), "terraform")
    folder = os.path.abspath(path.parent)
    (config,) = found.configs
    assert config.kind == ENDPOINT_CONFIG
    assert config.payload == {
        "EndpointConfigName": "churn-v8",
        "ProductionVariants": [
            {
                "VariantName": "primary",
                "ModelName": config.payload["ProductionVariants"][0]["ModelName"],
                "InitialInstanceCount": 4,
                "InstanceType": "ml.m5.xlarge",
            }
        ],
    }
    assert isinstance(config.payload["ProductionVariants"][0]["ModelName"], Unresolved)
    assert config.known_as == (
        ("tf", folder, "aws_sagemaker_endpoint_configuration.churn"),
        ("name", "churn-v8"),
    )
    (request,) = [unit.document for unit in found.units]
    assert request.kind == UPDATE_ENDPOINT and request.target == "terraform"
    assert request.origin == "aws_sagemaker_endpoint.churn"
    assert request.refers_to == (("tf", folder, "aws_sagemaker_endpoint_configuration.churn"),)
    assert request.payload["EndpointName"] == "churn-prod"
    assert request.payload["DeploymentConfig"]["AutoRollbackConfiguration"] == {
        "Alarms": [{"AlarmName": "churn-prod-5xx"}, {"AlarmName": "churn-prod-p99-latency"}]
    }


def test_a_literal_config_name_is_matched_by_name(tmp_path):
    (request,) = requests(str(tmp_path / "main.tf"), canary())
    assert request.refers_to == (("name", "churn-v8"),)


@pytest.mark.parametrize(
    "timeout, expected",
    [
        ("3600", []),
        ("14400", []),
        ("14401", [("SM601", 15, 7)]),
        ("21600", [("SM601", 15, 7)]),  # valid for the API, not for the provider
        ("30000", [("SM601", 15, 7)]),  # beyond both: one finding, Terraform's
        ("500", [("SM104", 15, 7)]),
    ],
)
def test_the_providers_timeout_range(tmp_path, timeout, expected):
    assert found(lint_tf(tmp_path, canary(timeout=timeout))) == expected


def test_timeout_messages_speak_of_terraform(tmp_path):
    (sm601,) = lint_tf(tmp_path, canary(timeout="21600")).findings
    assert (sm601.message, sm601.help) == (
        "DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds "
        "(maximum_execution_timeout_in_seconds) is 21600 s; the AWS provider accepts 600-14400 although the "
        "API allows up to 28800 (Terraform rejects it)",
        "use at most 14400, and shorten the waits if the deployment needs longer",
    )
    (sm104,) = lint_tf(tmp_path, canary(timeout="500")).findings
    assert (sm104.message, sm104.help) == (
        "DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds (maximum_execution_timeout_in_seconds) is 500; it must be between "
        "600 and 14400 seconds (Terraform rejects it)",
        "use 600 or a value within the range",
    )


def test_the_same_timeout_in_json_is_not_terraforms_business():
    from support.linting import lint_text

    text = """{"EndpointName": "a", "EndpointConfigName": "b", "DeploymentConfig": {"BlueGreenUpdatePolicy": {
      "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 600},
      "MaximumExecutionTimeoutInSeconds": 21600},
      "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "x"}]}}}"""
    assert lint_text(text, select=("ALL",)) == []


def test_a_quoted_number_is_converted_as_terraform_does(tmp_path):
    assert found(lint_tf(tmp_path, canary(wait='"600"'))) == []
    (wrong,) = lint_tf(tmp_path, canary(wait="7.5")).findings
    assert (wrong.rule, wrong.line) == ("SM103", 9)
    assert "(Terraform rejects it)" in wrong.message
    assert found(lint_tf(tmp_path, canary(wait="6e2"))) == []  # a whole number, written as HCL allows


@pytest.mark.parametrize(
    "wait, reason",
    [
        ("local.bake", "Terraform reference local.bake"),
        ('var.env == "prod" ? 900 : 60', "Terraform conditional expression"),
        ("max(60, 120)", "Terraform function max()"),
        ("var.undeclared", "Terraform reference var.undeclared"),
    ],
)
def test_expressions_are_unresolved_never_guessed(tmp_path, wait, reason):
    assert found(lint_tf(tmp_path, canary(wait=wait, timeout="700"))) == []  # no SM208 on a guess
    (unknown,) = lint_tf(tmp_path, canary(wait=wait), select=("SM003",)).findings
    assert (unknown.line, unknown.column) == (9, 9)
    assert f"({reason})" in unknown.message


def test_a_variable_without_a_literal_default_is_unresolved(tmp_path):
    (tmp_path / "variables.tf").write_text(
        'variable "bake" {\n  default = local.x\n}\nvariable "other" {\n  default = 900\n}\n',
        encoding="utf-8",
    )
    assert found(lint_tf(tmp_path, canary(wait="var.bake", timeout="700"))) == []


def test_a_variable_default_in_the_same_file_resolves(tmp_path):
    text = canary(wait="var.bake", timeout="1000") + 'variable "bake" {\n  default = 600\n}\n'
    (finding,) = lint_tf(tmp_path, text).findings
    assert (finding.rule, finding.line, finding.column) == ("SM209", 15, 7)
    assert finding.message.endswith("(WaitIntervalInSeconds from variable bake's default)")
    assert "2 × WaitIntervalInSeconds 600" in finding.message


def test_variables_of_another_folder_are_not_used(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "variables.tf").write_text('variable "bake" {\n  default = 600\n}\n', encoding="utf-8")
    (tmp_path / "mod").mkdir()
    assert found(lint_tf(tmp_path / "mod", canary(wait="var.bake", timeout="700"))) == []


def test_a_dynamic_block_is_unresolved(tmp_path):
    text = endpoint(
        CANARY.replace("WAIT", "600").replace("TIMEOUT", "3600").split("    auto_rollback")[0]
        + """    dynamic "auto_rollback_configuration" {
      for_each = var.alarms
      content {
        alarms {
          alarm_name = auto_rollback_configuration.value
        }
      }
    }"""
    )
    assert found(lint_tf(tmp_path, text)) == []  # no SM301: the alarms may well be there
    (unknown,) = lint_tf(tmp_path, text, select=("SM003",)).findings
    assert (unknown.line, unknown.field) == (17, "DeploymentConfig.AutoRollbackConfiguration")
    assert "(Terraform dynamic block)" in unknown.message


def test_no_name_argument_is_not_a_missing_endpoint_name(tmp_path):
    text = canary().replace('  name                 = "churn-prod"\n', "")
    assert found(lint_tf(tmp_path, text)) == []


def test_provider_validation_is_worded_for_terraform(tmp_path):
    text = endpoint(
        """    blue_green_update_policy {
      traffic_routing_configuration {
        type = "canary"
      }
      termination_wait_in_second = 60
    }"""
    )
    findings = sorted(lint_tf(tmp_path, text, select=("ALL",)).findings, key=lambda f: f.sort_key())
    assert [(f.rule, f.line, f.column) for f in findings] == [
        ("SM101", 7, 7),
        ("SM105", 8, 9),
        ("SM102", 10, 7),
    ]
    missing, enum, unknown = findings
    assert missing.message == (
        "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration (traffic_routing_configuration) lacks required field "
        "WaitIntervalInSeconds (an integer, 0 to 3600 seconds); Terraform rejects the resource without it"
    )
    assert enum.message.endswith("case-sensitive (Terraform rejects it)")
    assert enum.help == "did you mean CANARY?"
    assert unknown.message.startswith(
        "unknown field DeploymentConfig.BlueGreenUpdatePolicy.TerminationWaitInSecond (Terraform rejects it): "
    )
    assert unknown.help == "did you mean TerminationWaitInSeconds?"


def test_the_help_names_the_terraform_argument(tmp_path):
    text = endpoint(
        """    blue_green_update_policy {
      traffic_routing_configuration {
        type = "CANARY"
      }
    }"""
    )
    helps = [f.help for f in lint_tf(tmp_path, text).findings if f.rule == "SM101"]
    assert helps == ["add wait_interval_in_seconds"]


def test_a_repeated_block_is_a_duplicate(tmp_path):
    text = canary().replace(
        "      maximum_execution_timeout_in_seconds = 3600\n",
        "      maximum_execution_timeout_in_seconds = 3600\n      maximum_execution_timeout_in_seconds = 7200\n",
    )
    (dup,) = lint_tf(tmp_path, text).findings
    assert (dup.rule, dup.line, dup.column) == ("SM002", 16, 7)
    assert dup.message.endswith("Terraform rejects a repeated argument or block")
    assert dup.help == "remove one of them"


def test_sm602_the_apply_stops_waiting_after_an_hour():
    result = Linter(Options()).lint_file(str(FIXTURES / "rolling" / "main.tf"), "terraform")
    assert found(result) == [("SM602", 6, 5), ("SM601", 12, 7)]
    assert next(f for f in result.findings if f.rule == "SM602").message.startswith(
        "the estimated schedule is WaitIntervalInSeconds 600 × 10 batches (100 / 10% rounded up) = 6000 s, but "
        "the AWS provider waits at most 3600 s"
    )


def test_sm602_uses_the_fleet_size_for_instance_count_steps(tmp_path):
    linear = endpoint(
        """    blue_green_update_policy {
      traffic_routing_configuration {
        type                     = "LINEAR"
        wait_interval_in_seconds = 600
        linear_step_size {
          type  = "INSTANCE_COUNT"
          value = 2
        }
      }
    }
    auto_rollback_configuration {
      alarms {
        alarm_name = "x"
      }
    }"""
    )
    assert found(lint_tf(tmp_path, linear)) == []  # N unknown: 2 steps, 1200 s
    assert found(lint_tf(tmp_path, linear, fleet_size=4)) == []  # 2 steps of 2
    assert found(lint_tf(tmp_path, linear, fleet_size=14)) == [("SM602", 6, 5)]  # 7 steps: 4200 s


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        (
            'resource "aws_sagemaker_endpoint" "e" {\n  name = \n}\n',
            2,
            10,  # where the value should be
            'HCL syntax error: unexpected "}" (terraform validate rejects this file)',
        ),
        (
            'resource "aws_sagemaker_endpoint" "e" {\n  name = "e"\n',
            2,
            13,
            "HCL syntax error: unexpected end of file (terraform validate rejects this file)",
        ),
    ],
)
def test_a_syntax_error_is_sm001_at_the_parsers_position(tmp_path, text, line, column, message):
    (error,) = lint_tf(tmp_path, text).findings
    assert (error.rule, error.line, error.column, error.message) == ("SM001", line, column, message)


def test_files_without_an_endpoint_resource_are_not_parsed(tmp_path):
    assert lint_tf(tmp_path, 'resource "aws_s3_bucket" "b" {\n  bucket = \n').findings == []


def test_crlf_and_non_ascii_keep_character_columns(tmp_path):
    text = canary().replace("        canary_size {", "        /* é */ canary_size {").replace("\n", "\r\n")
    text = text.replace("value = 10", "value = 60")
    (finding,) = lint_tf(tmp_path, text).findings
    assert (finding.rule, finding.line, finding.column) == ("SM204", 12, 11)


def test_folders_are_walked_for_tf_files(tmp_path):
    (tmp_path / "main.tf").write_text(canary(timeout="21600"), encoding="utf-8")
    (tmp_path / ".terraform").mkdir()
    (tmp_path / ".terraform" / "copy.tf").write_text(canary(timeout="21600"), encoding="utf-8")
    report = Linter(Options()).lint_paths([str(tmp_path)])
    assert [(os.path.basename(f.path), f.rule) for f in report.findings] == [("main.tf", "SM601")]


PIECES = [
    "{",
    "}",
    '"',
    "=",
    "\n",
    "${",
    "var.x",
    "[1, 2]",
    "{a = 1}",
    'dynamic "x" {',
    "-",
    "1.5",
    "null",
    "<<EOF\nx\nEOF\n",
    "#",
    "/*",
    "é",
    "\r",
    "\t",
    ".",
    "(",
    ")",
    "alarms {",
    "canary_size = 5",
    "%{if x}",
]


@settings(max_examples=150, deadline=None)
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 20), st.sampled_from(PIECES)), min_size=1, max_size=4
    )
)
def test_edited_terraform_never_crashes(edits):
    text = (FIXTURES / "canary" / "main.tf").read_text(encoding="utf-8")
    for where, cut, piece in edits:
        at = int(where * len(text))
        text = text[:at] + piece + text[at + cut :]
    findings, _ = Linter(Options(select=("ALL",))).lint_text("main.tf", text, "terraform")
    assert all(f.line >= 1 and f.column >= 1 for f in findings)
    assert "SM001" not in [f.rule for f in findings] or len(findings) == 1


def test_terraforms_own_schema(tmp_path):
    no_alarm_name = canary().replace('        alarm_name = "churn-5xx"\n', "")
    (missing,) = lint_tf(tmp_path, no_alarm_name).findings  # optional in the API, required here
    assert (missing.rule, missing.line, missing.column) == ("SM101", 18, 7)
    assert missing.message.endswith("Terraform rejects the resource without it")

    retain = canary().replace(
        "\n  deployment_config {", "\n  retain_all_variant_properties = true\n  deployment_config {"
    )
    (unknown,) = lint_tf(tmp_path, retain).findings
    assert (unknown.rule, unknown.line, unknown.column) == ("SM102", 5, 3)
    assert unknown.message.startswith("unknown field RetainAllVariantProperties (Terraform rejects it): ")

    no_policy = endpoint(
        '    auto_rollback_configuration {\n      alarms {\n        alarm_name = "x"\n      }\n    }'
    )
    (policy,) = lint_tf(tmp_path, no_policy, select=("ALL",)).findings  # not also SM210
    assert (policy.rule, policy.line, policy.column) == ("SM101", 5, 3)
    assert policy.message == (
        "DeploymentConfig (deployment_config) lacks required field BlueGreenUpdatePolicy (an object); Terraform rejects the "
        "resource without it"
    )


def test_terraform_arguments_that_are_not_sent_are_not_fields(tmp_path):
    text = canary().replace(
        "\n  deployment_config {",
        "\n  count = 1\n  depends_on = [aws_iam_role.x]\n  lifecycle {\n    create_before_destroy = true\n  }\n"
        "  deployment_config {",
    )
    assert lint_tf(tmp_path, text, select=("ALL",)).findings == []


@pytest.mark.parametrize(
    "reference",
    [
        "aws_sagemaker_endpoint_configuration.churn.name",
        "aws_sagemaker_endpoint_configuration.churn.id",
        "aws_sagemaker_endpoint_configuration.churn[0].name",
        'aws_sagemaker_endpoint_configuration.churn["blue"].name',
    ],
)
def test_references_to_an_endpoint_config_resource(tmp_path, reference):
    text = canary().replace('"churn-v8"', reference)
    (request,) = requests(str(tmp_path / "main.tf"), text)
    address = "aws_sagemaker_endpoint_configuration.churn"
    assert request.refers_to == (("tf", os.path.abspath(tmp_path), address),)
    assert isinstance(request.payload["EndpointConfigName"], Unresolved)


def test_other_config_names_refer_to_nothing(tmp_path):
    text = canary().replace('"churn-v8"', "local.config_name")
    (request,) = requests(str(tmp_path / "main.tf"), text)
    assert request.refers_to == ()


# --- every rule, through Terraform: each rule's bad example, written as a Terraform resource ---


def _snake(name: str) -> str:
    import re

    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _hcl(payload: dict, indent: int = 1) -> list:
    pad, out = "  " * indent, []
    for key, value in payload.items():
        name = _snake(key)
        if isinstance(value, dict):
            out += [f"{pad}{name} {{", *_hcl(value, indent + 1), f"{pad}}}"]
        elif isinstance(value, list):  # a list of objects: repeated blocks (`alarms`)
            block = "alarms" if key == "Alarms" else name
            for item in value:
                out += [f"{pad}{block} {{", *_hcl(item, indent + 1), f"{pad}}}"]
        else:
            out.append(f"{pad}{name} = {json_dump(value)}")
    return out


def as_terraform(payload: dict) -> str:
    names = {"EndpointName": "name", "EndpointConfigName": "endpoint_config_name"}
    head = [f"  {names[k]} = {json_dump(v)}" for k, v in payload.items() if k in names]
    rest = {k: v for k, v in payload.items() if k not in names}
    return "\n".join(['resource "aws_sagemaker_endpoint" "e" {', *head, *_hcl(rest), "}"]) + "\n"


def json_dump(value) -> str:
    """A scalar as HCL: JSON's literals are HCL's; an unknown value becomes a local."""
    import json

    return "local.unknown" if isinstance(value, Unresolved) else json.dumps(value)


# Where Terraform differs, on purpose: what each of these examples gives instead.
THROUGH_TERRAFORM = {
    "SM002": set(),  # a duplicate JSON key does not survive the translation
    "SM004": set(),  # a YAML comment does not survive it either
    "SM103": set(),  # "600": Terraform converts a numeric string to a number
    "SM107": {"SM301"},  # an empty Alarms list is no `alarms` block at all
    "SM210": {"SM101"},  # the provider requires one of the two policies
    "SM401": {"SM102"},  # the provider has no retain arguments
    "SM402": {"SM002", "SM102"},
    "SM403": {"SM002", "SM102"},
    "SM404": {"SM102"},
}


def _examples():
    from smlint.registry import builtin_rules

    return [
        r
        for r in builtin_rules()
        if r.examples
        and r.examples["format"] in ("json", "yaml")
        and r.id != "SM001"
        and "Resources:" not in r.examples["bad"]  # (a CloudFormation template: context rules)
    ]


@pytest.mark.parametrize("rule", _examples(), ids=lambda r: r.id)
def test_each_rules_bad_example_written_as_terraform(rule):
    from support.parsing import load

    ex = rule.examples
    payload = load(ex["bad"], ex["format"]).documents[0].value
    if ex.get("kind") == "deployment-config" or "EndpointConfigName" not in payload:
        payload = {"EndpointName": "e", "EndpointConfigName": "c", "DeploymentConfig": payload}
    options = Options(select=("ALL",), fleet_size=ex.get("instance-count"))
    findings, _ = Linter(options).lint_text("bad.tf", as_terraform(payload), "terraform")
    assert {f.rule for f in findings} == THROUGH_TERRAFORM.get(rule.id, {rule.id})
