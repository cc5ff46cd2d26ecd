"""TypeScript and JavaScript infrastructure code: CDK L1 (CloudFormation's schema and wording),
CDKTF and Pulumi (the Terraform provider's), read with tree-sitter at exact positions; const
bindings and spreads of the same file followed, anything else unresolved."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smlint.runner import Linter, Options

FIXTURES = Path(__file__).parents[1] / "fixtures" / "reach"


def lint(path, **options):
    return Linter(Options(**options)).lint_file(str(path), "typescript")


def found(result):
    return [(f.rule, f.line, f.column) for f in sorted(result.findings, key=lambda f: f.sort_key())]


def lint_ts(tmp_path, text: str, name: str = "stack.ts", **options):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return lint(path, **options)


def test_cdk_stack_with_helper_consts_and_a_spread():
    result = lint(FIXTURES / "cdk-stack.ts")
    # (SM204 points at the Value where it is written: in `const canary`, line 5)
    assert found(result) == [("SM204", 5, 42), ("SM301", 26, 7), ("SM208", 33, 11)]
    by_rule = {f.rule: f for f in result.findings}
    # the canary's Value comes from `const canary` (line 5); N from the CfnEndpointConfig
    # construct the endpoint names by its token
    assert by_rule["SM204"].message.endswith(
        "(SageMaker rejects it); fleet of 4 instances: endpoint config CfnEndpointConfig 'Config', "
        f"{FIXTURES / 'cdk-stack.ts'}:16"
    )
    assert by_rule["SM204"].help == "use a Value of at most 2"
    assert "WaitIntervalInSeconds 300 + TerminationWaitInSeconds 600 = 900 s" in by_rule["SM208"].message


def test_cdktf_stack_is_judged_by_the_terraform_provider(tmp_path):
    result = lint(FIXTURES / "cdktf-stack.ts")
    # retainAllVariantProperties: true (not a Terraform argument: SM102) leaves N unknown, as
    # retaining keeps the live instance count (rule catalog, "Fleet size N"): no SM206 from it
    assert found(result) == [("SM601", 20, 11), ("SM102", 24, 7)]
    messages = {f.rule: f.message for f in result.findings}
    assert messages["SM102"].startswith("unknown field RetainAllVariantProperties (Terraform rejects it)")
    text = (
        (FIXTURES / "cdktf-stack.ts")
        .read_text(encoding="utf-8")
        .replace("      retainAllVariantProperties: true,\n", "")
    )
    without = lint_ts(tmp_path, text)
    assert found(without) == [("SM206", 18, 56), ("SM601", 20, 11)]
    sm206 = [f.message for f in without.findings if f.rule == "SM206"][0]
    assert "8 of 10 instances" in sm206  # N from the SagemakerEndpointConfiguration


def test_pulumi_program():
    result = lint(FIXTURES / "pulumi-index.ts")
    assert found(result) == [("SM301", 5, 5), ("SM302", 7, 60), ("SM205", 7, 130)]


CFN_MESSAGE = "CloudFormation rejects it"


def test_cdk_placeholders_from_the_docs(tmp_path):
    # the CDK docs' placeholders, verbatim, as a real stack carried them
    text = """import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
new sagemaker.CfnEndpoint(this, 'MyCfnEndpoint', {
  endpointConfigName: 'endpointConfigName',
  deploymentConfig: {
    blueGreenUpdatePolicy: {
      trafficRoutingConfiguration: {
        type: 'type',
        canarySize: { type: 'type', value: 123 },
        linearStepSize: { type: 'type', value: 123 },
        waitIntervalInSeconds: 123,
      },
    },
  },
  excludeRetainedVariantProperties: [{ variantPropertyType: 'variantPropertyType' }],
  retainAllVariantProperties: false,
});
"""
    result = lint_ts(tmp_path, text)
    rules = sorted((f.rule, f.line, f.column) for f in result.findings)
    assert rules == [
        ("SM105", 7, 9),
        ("SM105", 8, 23),
        ("SM105", 9, 27),
        ("SM301", 4, 3),
        ("SM401", 14, 3),
    ]
    assert all(CFN_MESSAGE in f.message for f in result.findings if f.rule == "SM105")
    # (CloudFormation's schema gives VariantPropertyType no enum: as a template, no SM105 there)


def test_unknown_values_are_unresolved_never_guessed(tmp_path):
    text = """import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
let wait = 0;
new sagemaker.CfnEndpoint(this, 'E', {
  endpointConfigName: props.configName,
  deploymentConfig: {
    rollingUpdatePolicy: {
      maximumBatchSize: { type: 'CAPACITY_PERCENT', value: Number(process.env.BATCH) },
      waitIntervalInSeconds: wait,
    },
    autoRollbackConfiguration: { alarms: [{ alarmName: 'errors' }] },
  },
});
"""
    result = lint_ts(tmp_path, text, select=("ALL",))
    reasons = sorted(f.message for f in result.findings if f.rule == "SM003")
    assert [f.rule for f in result.findings if f.rule != "SM003"] == ["SM210"] or all(
        f.rule == "SM003" for f in result.findings
    )
    assert any("`wait` is not a const of this file" in m for m in reasons)
    assert any("the result of `Number(process.env.BATCH)`" in m for m in reasons)
    assert not any(f.rule in ("SM302", "SM206") for f in result.findings)


def test_a_spread_of_an_unknown_value_makes_no_member_missing(tmp_path):
    text = """new SagemakerEndpoint(this, 'e', {
  ...common,
  deploymentConfig: { blueGreenUpdatePolicy: { ...policy } },
});
"""
    result = lint_ts(tmp_path, text)
    assert found(result) == []


def test_ternary_branches_are_each_linted(tmp_path):
    text = """import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
const prod = process.env.STAGE === 'prod';
new sagemaker.CfnEndpoint(this, 'E', {
  endpointConfigName: 'cfg',
  deploymentConfig: {
    blueGreenUpdatePolicy: {
      trafficRoutingConfiguration: { type: 'ALL_AT_ONCE', waitIntervalInSeconds: prod ? 600 : 4000 },
    },
  },
});
"""
    result = lint_ts(tmp_path, text)
    assert found(result) == [("SM301", 5, 3), ("SM104", 7, 59)]
    assert result.findings[1].message.endswith("(CloudFormation rejects it); when `prod` at line 7 is false")
    # (4000 is out of range, so unknown to SM301: it holds in the other branch only)
    assert result.findings[0].message.endswith("(when `prod` at line 7 is true)")


def test_a_file_that_names_no_construct_is_not_parsed(tmp_path, monkeypatch):
    from smlint.readers import typescript

    def fail(path):
        raise AssertionError("parsed")

    monkeypatch.setattr(typescript, "parser", fail)
    assert found(lint_ts(tmp_path, "export const x = { deployment: 1 };\n")) == []


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('new SagemakerEndpoint(this, "e", { deploymentConfig: { ) });\n', 1, 34),
        ("new SagemakerEndpoint(this, 'e', {\n  a: 1,\n", 2, 8),
    ],
)
def test_a_syntax_error_is_sm001_with_a_position(tmp_path, text, line, column):
    result = lint_ts(tmp_path, text)
    assert found(result) == [("SM001", line, column)]
    assert result.findings[0].message.startswith("TypeScript syntax error")


def test_javascript_and_tsx_use_the_tsx_grammar(tmp_path):
    text = """const sagemaker = require('aws-cdk-lib/aws-sagemaker');
const view = <div>{1}</div>;
new sagemaker.CfnEndpoint(this, 'E', { endpointConfigName: 'cfg', deploymentConfig: { bogus: 1 } });
"""
    for name in ("app.js", "app.tsx", "app.mjs"):
        assert found(lint_ts(tmp_path, text, name)) == [("SM102", 3, 87)]


def test_non_ascii_lines_keep_character_columns(tmp_path):
    text = "// déploiement — façade\nnew sagemaker.CfnEndpoint(this, 'é', { endpointConfigName: 'c', deploymentConfig: { bogus: 1 } });\n"
    result = lint_ts(tmp_path, text)
    assert found(result) == [("SM102", 2, 85)]


def test_a_cdk_l2_endpoint_is_not_pulumis(tmp_path):
    text = """import * as aws from '@pulumi/aws';
import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
new sagemaker.Endpoint(this, 'Endpoint', { endpointConfig });
"""
    assert found(lint_ts(tmp_path, text)) == []
    assert lint_ts(tmp_path, text).requests == 0


def test_a_file_naming_only_deployment_config_that_does_not_parse_is_not_ours(tmp_path):
    # e.g. a CodeDeploy deployment group's `deploymentConfig`, in syntax the grammar misses
    text = "const group = new codedeploy.EcsDeploymentGroup(this, 'G', { deploymentConfig: x, ) });\n"
    result = lint_ts(tmp_path, text)
    assert (result.findings, result.requests) == ([], 0)


def test_suppression_comments(tmp_path):
    text = """new sagemaker.CfnEndpoint(this, 'E', {
  endpointConfigName: 'cfg',
  deploymentConfig: { bogus: 1 }, // smlint: ignore[SM102]
  retainDeploymentConfig: 'yes', /* noqa: SM103 */
  endpointName: 'e', // smlint: ignore[SM204]
  tags: [{ key: 'a', value: '// noqa' }],
});
"""
    path = tmp_path / "stack.ts"
    path.write_text(text, encoding="utf-8")
    linter = Linter(Options())
    result = linter.lint_file(str(path), "typescript")
    assert found(result) == [("SM004", 5, 22)]  # the comment that suppressed nothing
    assert result.suppressed == 2


def test_template_literals_of_known_parts(tmp_path):
    text = """const stage = 'prod';
const base = 'churn';
new SagemakerEndpoint(this, 'e', {
  name: `${base}-${stage}`,
  endpointConfigName: `${base}_${process.env.VERSION}`,
  deploymentConfig: {
    blueGreenUpdatePolicy: { trafficRoutingConfiguration: { type: 'ALL_AT_ONCE', waitIntervalInSeconds: 0 } },
  },
});
new SagemakerEndpoint(this, 'f', { name: `${base}_x`, endpointConfigName: 'c', deploymentConfig: {
  blueGreenUpdatePolicy: { trafficRoutingConfiguration: { type: 'ALL_AT_ONCE', waitIntervalInSeconds: 0 } } } });
"""
    result = lint_ts(tmp_path, text, select=("ALL",))
    rules = sorted((f.rule, f.line) for f in result.findings)
    # `${base}_x` is churn_x: an invalid name; the one with an environment part is unknown
    assert rules == [("SM003", 5), ("SM106", 10)]


PIECES = [
    "{",
    "}",
    "'",
    '"',
    "`",
    "${",
    ",",
    ":",
    "...",
    "...canary",
    "canary",
    "[",
    "]",
    "\n",
    "-",
    "1.5",
    "null",
    "undefined",
    "//",
    "/*",
    "é",
    "😀",
    "\r",
    "\t",
    ".",
    "(",
    ")",
    "?",
    "new CfnEndpoint(this, 'x', ",
    "as const",
    "const canary = canary;",
    "\\u{1F600}",
]


@settings(max_examples=150, deadline=None)
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 20), st.sampled_from(PIECES)), min_size=1, max_size=4
    )
)
def test_edited_typescript_never_crashes(edits):
    text = (FIXTURES / "cdk-stack.ts").read_text(encoding="utf-8")
    for where, cut, piece in edits:
        at = int(where * len(text))
        text = text[:at] + piece + text[at + cut :]
    linter = Linter(Options(select=("ALL",)))
    result = linter.lint_data("stack.ts", text.encode("utf-8", "surrogatepass"), "typescript")
    assert result.failure is None
    assert all(f.line >= 1 and f.column >= 1 for f in result.findings)
    assert "SM001" not in [f.rule for f in result.findings] or len(result.findings) == 1
