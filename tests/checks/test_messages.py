"""Messages that read well in a terminal (issue 11, item 8): a finding's message says what is
wrong and the limit in one sentence; what to write instead is its ``help``. And the wording
bugs found, each with the exact message and help it now has."""

import re
import textwrap

import pytest
from click.testing import CliRunner
from support.linting import lint_text

from smlint.cli import main
from smlint.registry import builtin_rules

EXTENSIONS = {"json": "json", "yaml": "yaml", "terraform": "tf"}
# SM001's message is the parser's own, and where the parser stopped is all it knows
NO_HELP = {"SM001"}
LIMIT = 160


def _bad(rule):
    ex = rule.examples
    return lint_text(
        ex["bad"],
        ex["format"],
        path=f"bad.{EXTENSIONS[ex['format']]}",
        select=("ALL",),
        fleet_size=ex.get("instance-count"),
        kind=ex.get("kind"),
    )


# What comes from the input, not from the rule's words: left out of the length.
_INPUT = (
    (re.compile(r"(?:\d+ × )?WaitIntervalInSeconds \d+ .*?= \d+ s"), "WAITS"),  # the schedule's formula
    (re.compile(r"[;(] ?fleet of \d+ instances?: [^)]*\)?$"), ""),  # where N came from
    (re.compile(r"`[^`]*`"), "`X`"),
    (re.compile(r'"[^"]*"'), '"X"'),
    (re.compile(r"\([^()]*:\d+\)"), "(X)"),  # an endpoint config's place
    (re.compile(r"\b[A-Z][A-Za-z]+(?:\.[A-Z][A-Za-z]+|\[\d+\])+"), "FIELD"),  # a dotted field path
)


def _rule_words(message: str, field: str) -> str:
    text = message.replace(field, "FIELD") if field else message
    for pattern, placeholder in _INPUT:
        text = pattern.sub(placeholder, text)
    return text


@pytest.mark.parametrize("rule", list(builtin_rules()), ids=lambda r: r.id)
def test_each_rules_message_is_one_sentence_and_its_help_is_separate(rule):
    findings = [f for f in _bad(rule) if f.rule == rule.id]
    assert findings
    for f in findings:
        words = _rule_words(f.message, f.field)
        assert len(words) <= LIMIT, (len(words), words)
        assert not re.search(r"[.!?] +[A-Z]", f.message) and not f.message.endswith("."), f.message
        assert "))" not in f.message and ") (" not in f.message, f.message
        assert words.count(": ") <= 1, words  # never "x: y: z"
        if rule.id in NO_HELP:
            continue
        assert rule.docs.get("fix") and f.help, f"{rule.id} has a fix in its YAML but no help"
        assert f.help not in f.message and not f.help.startswith(":"), (f.message, f.help)


# --------------------------------------------------------------------------- values as the source writes them


def _py(call: str) -> str:
    return "import boto3\nsm = boto3.client('sagemaker')\n" + textwrap.dedent(call)


def test_python_none_is_shown_as_none_and_json_null_as_null():
    routing = '"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": %s}'
    source = _py(
        """\
        sm.update_endpoint(EndpointName="a", EndpointConfigName="b", DeploymentConfig={
            "BlueGreenUpdatePolicy": {%s}})
        """
        % (routing % "None")
    )
    ((py,),) = [[f for f in lint_text(source, "python", "deploy.py") if f.rule == "SM103"]]
    assert (py.message, py.help) == (
        "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.WaitIntervalInSeconds is None; it must "
        "be an integer (boto3 and the AWS CLI reject it before sending)",
        "give it a value, or remove the key",
    )
    text = '{"EndpointName": "a", "EndpointConfigName": "b", "DeploymentConfig": {"BlueGreenUpdatePolicy": {%s}}}'
    ((js,),) = [[f for f in lint_text(text % (routing % "null")) if f.rule == "SM103"]]
    assert js.message == py.message.replace("is None;", "is null;") and js.help == py.help


def test_python_booleans_are_shown_as_python_writes_them():
    source = _py(
        'sm.update_endpoint(EndpointName=True, EndpointConfigName="b", RetainAllVariantProperties="true")\n'
    )
    found = sorted(lint_text(source, "python", "deploy.py", select=("SM103",)), key=lambda f: f.field)
    assert [(f.message, f.help) for f in found] == [
        (
            "EndpointName is the boolean True; it must be a string (boto3 and the AWS CLI reject it before sending)",
            'quote it: "true"',
        ),
        (
            'RetainAllVariantProperties is the string "true"; it must be True or False (boto3 and the AWS CLI reject '
            "it before sending)",
            "write True without quotes",
        ),
    ]
    text = '{"EndpointName": true, "EndpointConfigName": "b", "RetainAllVariantProperties": "true"}'
    found = sorted(lint_text(text, select=("SM103",)), key=lambda f: f.field)
    assert [(f.message, f.help) for f in found] == [
        (
            "EndpointName is the boolean true; it must be a string (boto3 and the AWS CLI reject it before sending)",
            'quote it: "true"',
        ),
        (
            'RetainAllVariantProperties is the string "true"; it must be true or false (boto3 and the AWS CLI reject '
            "it before sending)",
            "write true without quotes",
        ),
    ]


def test_a_policys_value_is_shown_as_the_source_writes_it(tmp_path):
    from smlint.policies import ruleset
    from smlint.runner import Linter, Options

    (tmp_path / "ORG010.yaml").write_text(
        textwrap.dedent(
            """\
            id: ORG010
            name: retain-is-false
            severity: error
            summary: RetainAllVariantProperties must not be set
            given: /RetainAllVariantProperties
            assert: {const: false}
            message: "{field} is {value}; we never retain variant properties"
            help: "remove {field}"
            docs: {what: w, why: y, fix: remove it}
            """
        ),
        encoding="utf-8",
    )

    class Config:
        rules_dirs = (str(tmp_path),)
        severity = ()

    rules = ruleset(Config())
    linter = Linter(Options(select=("ORG010",)), rules)
    py, _ = linter.lint_text(
        "deploy.py",
        _py(
            'sm.update_endpoint(EndpointName="a", EndpointConfigName="b", RetainAllVariantProperties=True)\n'
        ),
        "python",
    )
    js, _ = linter.lint_text(
        "r.json",
        '{"EndpointName": "a", "EndpointConfigName": "b", "RetainAllVariantProperties": true}',
        "json",
    )
    assert [(f.message, f.help) for f in py + js] == [
        (
            "RetainAllVariantProperties is True; we never retain variant properties",
            "remove RetainAllVariantProperties",
        ),
        (
            "RetainAllVariantProperties is true; we never retain variant properties",
            "remove RetainAllVariantProperties",
        ),
    ]


# --------------------------------------------------------------------------- the wording bugs


ROUTING = "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration"


def _request(routing: str, extra: str = "") -> str:
    return (
        '{"EndpointName": "e", "EndpointConfigName": "c", "DeploymentConfig": {"BlueGreenUpdatePolicy": '
        '{"TrafficRoutingConfiguration": %s, "TerminationWaitInSeconds": 0, '
        '"MaximumExecutionTimeoutInSeconds": 3600}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}%s}}'
        % (routing, extra)
    )


def _said(findings, rule):
    return [(f.message, f.help) for f in findings if f.rule == rule]


def test_a_type_on_a_fleet_of_one_is_not_said_twice():  # was "….Type: Type CANARY on a fleet of 1 instance"
    canary = _request(
        '{"Type": "CANARY", "WaitIntervalInSeconds": 300, "CanarySize": {"Type": "INSTANCE_COUNT", '
        '"Value": 1}}'
    )
    assert _said(lint_text(canary, fleet_size=1), "SM504") == [
        (
            f"{ROUTING}.Type is CANARY on a fleet of 1 instance; there is nothing to shift gradually, every step moves "
            "the whole fleet",
            "use ALL_AT_ONCE with a WaitIntervalInSeconds bake, or add instances",
        ),
    ]
    rolling = (
        '{"EndpointName": "e", "EndpointConfigName": "c", "DeploymentConfig": {"RollingUpdatePolicy": '
        '{"MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}, "WaitIntervalInSeconds": 300}}}'
    )
    assert _said(lint_text(rolling, fleet_size=1), "SM504") == [
        (
            "DeploymentConfig.RollingUpdatePolicy is set on a fleet of 1 instance; there is nothing to shift "
            "gradually, every step moves the whole fleet",
            "use a blue/green ALL_AT_ONCE deployment, or add instances",
        ),
    ]


def test_no_three_colons_in_a_row():  # was "…, which cannot be met: the fleet has 4 instances: use …"
    text = _request(
        '{"Type": "CANARY", "WaitIntervalInSeconds": 300, "CanarySize": {"Type": "INSTANCE_COUNT", '
        '"Value": 6}}'
    )
    assert _said(lint_text(text, fleet_size=4), "SM503") == [
        (
            f"{ROUTING}.CanarySize is 6 instances but the fleet has only 4 instances",
            "use a Value of at most 2 (a step is at most half of the fleet), or CAPACITY_PERCENT",
        ),
    ]
    one = _said(lint_text(text, fleet_size=1), "SM503")
    assert one == [
        (
            f"{ROUTING}.CanarySize is 6 instances but the fleet has only 1 instance",
            "deploy blue/green ALL_AT_ONCE (one instance cannot be split into steps), or add instances",
        )
    ]
    # an unused suppression was "`…` suppresses nothing: there is no …: remove the comment"
    noqa = "EndpointName: e  #" + " noqa: SM204\nEndpointConfigName: c\n"  # (split: not a directive here)
    assert _said(lint_text(noqa, "yaml", "r.yaml"), "SM004") == [
        ("`# noqa: SM204` suppresses nothing; there is no SM204 finding on this line", "remove the comment"),
    ]


def test_guardrails_fallback_is_one_sentence_and_the_plan_is_the_help():
    config = textwrap.dedent(
        """\
        ---
        EndpointConfigName: c
        ProductionVariants:
          - {VariantName: v, ModelName: m, InstanceType: ml.inf1.xlarge, InitialInstanceCount: 2}
        """
    )
    update = (
        "---\nEndpointName: e\nEndpointConfigName: c\nDeploymentConfig:\n  BlueGreenUpdatePolicy:\n"
        "    TrafficRoutingConfiguration: {Type: ALL_AT_ONCE, WaitIntervalInSeconds: 0}\n"
    )
    assert _said(lint_text(config + update, "yaml", "r.yaml"), "SM502") == [
        (
            "DeploymentConfig.BlueGreenUpdatePolicy asks for deployment guardrails but endpoint config `c` (r.yaml:3) "
            "runs on ml.inf1.xlarge; SageMaker ignores these steps and waits on Inf1 instances",
            "plan the rollout as blue/green all-at-once with no final baking period and no deployment events (what "
            "SageMaker falls back to), or use another instance type",
        ),
    ]


def test_no_two_parentheses_in_a_row():
    # a formula inside parentheses was "(ceil(100 / 10%))"
    rolling = (
        '{"EndpointName": "e", "EndpointConfigName": "c", "DeploymentConfig": {"RollingUpdatePolicy": '
        '{"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 300, '
        '"MaximumExecutionTimeoutInSeconds": 1200}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}}'
    )
    assert _said(lint_text(rolling), "SM209") == [
        (
            "DeploymentConfig.RollingUpdatePolicy.MaximumExecutionTimeoutInSeconds is 1200 s but the estimated schedule "
            "is WaitIntervalInSeconds 300 × 10 batches (100 / 10% rounded up) = 3000 s, before provisioning time; the "
            "deployment may time out and roll back",
            "set it above 3000 s, with room for provisioning (e.g. 3600)",
        ),
    ]
    # where N came from, after a message that ends with a parenthesis: "(SageMaker rejects it) (fleet of …)"
    config = '{"EndpointConfigName": "c", "ProductionVariants": [{"VariantName": "v", "InitialInstanceCount": 4}]}\n'
    text = _request(
        '{"Type": "CANARY", "WaitIntervalInSeconds": 300, "CanarySize": {"Type": "INSTANCE_COUNT", '
        '"Value": 3}}'
    )
    found = lint_text("---\n" + config + "---\n" + text, "yaml", "r.yaml")
    assert _said(found, "SM204") == [
        (
            f"{ROUTING}.CanarySize is 3 of 4 instances (75% of the fleet); a canary must be at most 50% (SageMaker "
            "rejects it); fleet of 4 instances: endpoint config `c`, r.yaml:2",
            "use a Value of at most 2",
        ),
    ]
    # and a branch's condition: "(CloudFormation rejects it) (when condition IsProd is true)"
    template = textwrap.dedent(
        """\
        Conditions:
          IsProd: !Equals [!Ref Stage, prod]
        Parameters:
          Stage: {Type: String}
        Resources:
          E:
            Type: AWS::SageMaker::Endpoint
            Properties:
              EndpointConfigName: c
              DeploymentConfig:
                BlueGreenUpdatePolicy:
                  TrafficRoutingConfiguration: {Type: ALL_AT_ONCE, WaitIntervalInSeconds: !If [IsProd, 7200, 0]}
        """
    )
    assert _said(lint_text(template, "yaml", "t.yaml"), "SM104") == [
        (
            f"{ROUTING}.WaitIntervalInSeconds is 7200; it must be between 0 and 3600 seconds (CloudFormation rejects "
            "it); when condition IsProd is true",
            "use 3600 or a value within the range",
        ),
    ]


@pytest.mark.parametrize(
    "text, fmt, path",
    [
        (
            '{"EndpointName": "e", "EndpointConfigName": "c", "DeploymentConfig": {"BlueGreenUpdatePolicy": '
            '{"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 0}}, '
            '"AutoRollbackConfiguration": {"Alarms": [{"Name": "x"}]}}}',
            "json",
            "r.json",
        ),
        (
            _py(
                'sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig={"BlueGreenUpdatePolicy": '
                '{"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 0}}, '
                '"AutoRollbackConfiguration": {"Alarms": [{"Name": "x"}]}})\n'
            ),
            "python",
            "deploy.py",
        ),
        (
            "Resources:\n  E:\n    Type: AWS::SageMaker::Endpoint\n    Properties:\n      EndpointConfigName: c\n"
            "      DeploymentConfig:\n        BlueGreenUpdatePolicy:\n          TrafficRoutingConfiguration:\n"
            "            {Type: ALL_AT_ONCE, WaitIntervalInSeconds: 0}\n        AutoRollbackConfiguration:\n"
            "          Alarms:\n            - Name: x\n",
            "yaml",
            "t.yaml",
        ),
    ],
    ids=["json", "python", "cloudformation"],
)
def test_name_under_alarms_is_one_finding_that_means_alarm_name(text, fmt, path):
    # (CloudFormation requires AlarmName: the key that stands for it is not also missing)
    found = lint_text(text, fmt, path, select=("ALL",))
    assert [(f.rule, f.field, f.message, f.help) for f in found] == [
        (
            "SM102",
            "DeploymentConfig.AutoRollbackConfiguration.Alarms[0].Name",
            "unknown field DeploymentConfig.AutoRollbackConfiguration.Alarms[0].Name: not a member of "
            "DeploymentConfig.AutoRollbackConfiguration.Alarms[0]",
            "did you mean AlarmName?",
        ),
    ]


# --------------------------------------------------------------------------- plan and check in one tone


def test_plan_and_check_agree_on_what_is_certain_and_what_an_estimate(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    canary = (
        '{"Type": "CANARY", "WaitIntervalInSeconds": 600, "CanarySize": {"Type": "CAPACITY_PERCENT", '
        '"Value": 10}}'
    )
    # waits: 600 + 0 for certain (SM208), 2 × 600 estimated (SM209)
    for timeout, rule, plan_says, check_says in (
        (
            900,
            "SM209",
            "300 s short of the waits: the deployment may time out and roll back",
            "the deployment may time out and roll back",
        ),
        (
            600,
            "SM208",
            "600 s short of the waits: the deployment times out and rolls back",
            "the timeout must be larger than the waits",
        ),
    ):
        text = _request(canary).replace(
            '"MaximumExecutionTimeoutInSeconds": 3600', f'"MaximumExecutionTimeoutInSeconds": {timeout}'
        )
        (tmp_path / "r.json").write_text(text, encoding="utf-8")
        plan = CliRunner().invoke(main, ["plan", "r.json"]).output
        assert f"  timeout: MaximumExecutionTimeoutInSeconds {timeout} s, {plan_says}\n" in plan
        (finding,) = [f for f in lint_text(text) if f.rule in ("SM208", "SM209")]
        assert finding.rule == rule and finding.message.endswith(check_says)


# --------------------------------------------------------------------------- what was reported done: still so


def test_junit_fails_a_warning_only_at_or_above_fail_on(tmp_path, monkeypatch):
    import xml.etree.ElementTree as ET

    monkeypatch.chdir(tmp_path)
    text = _request(
        '{"Type": "CANARY", "WaitIntervalInSeconds": 0, "CanarySize": {"Type": "CAPACITY_PERCENT", '
        '"Value": 80}}'
    )
    (tmp_path / "r.json").write_text(text, encoding="utf-8")

    def cases(*args):
        root = ET.fromstring(CliRunner().invoke(main, ["check", "--format", "junit", *args, "r.json"]).output)
        return root.get("failures"), sorted(
            (c.get("name").split()[0], c[0].tag) for c in root.iter("testcase")
        )

    assert cases() == ("1", [("SM204", "failure"), ("SM302", "skipped")])
    assert cases("--fail-on", "warning") == ("2", [("SM204", "failure"), ("SM302", "failure")])


def test_rules_says_which_rules_are_off_by_default():
    out = CliRunner().invoke(main, ["rules"]).output
    state = {line.split()[0]: line.split()[3] for line in out.splitlines() if re.match(r"SM\d{3} ", line)}
    assert {rule for rule, on in state.items() if on == "off"} == {"SM003", "SM210"}  # the info rules
    assert set(state.values()) == {"on", "off"}
    assert "off: not run unless selected (--extend-select SM003, --select ALL)" in out
