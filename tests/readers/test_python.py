"""Python scripts: boto3 calls found, values followed as a reader of the code sees them,
findings at the keyword or dict key that holds the field."""

import keyword
import os
import re
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import strategies as S
from support.payloads import render

from smlint import sources
from smlint.model import CREATE_ENDPOINT, UPDATE_ENDPOINT, Unresolved
from smlint.runner import Linter, Options

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fixtures", "python")
ALL = ("ALL",)


def lint(source: str, path: str = "deploy.py", **options) -> list:
    findings, _ = Linter(Options(**options)).lint_text(path, textwrap.dedent(source), "python")
    return sorted(findings, key=lambda f: f.sort_key())


def where(findings) -> list:
    return [(f.rule, f.line, f.column, f.field) for f in findings]


def fixture(name: str, **options):
    path = os.path.join(FIXTURES, name)
    result = Linter(Options(**options)).lint_file(path, sources.file_format(path))
    assert result.failure is None
    result.findings.sort(key=lambda f: f.sort_key())
    return result


def call(deployment: str, extra: str = "") -> str:
    return (
        "sm.update_endpoint(EndpointName='ep', EndpointConfigName='cfg'"
        f"{extra}, DeploymentConfig={deployment})\n"
    )


# --------------------------------------------------------------------------- the fixture scripts


def test_deploy_lambda():
    result = fixture("deploy_lambda.py", select=ALL)
    assert result.requests == 1
    assert where(result.findings) == [
        (
            "SM204",
            13,
            39,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Value",
        ),
        ("SM208", 27, 13, "DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds"),
        ("SM003", 30, 25, "DeploymentConfig.AutoRollbackConfiguration.Alarms[0].AlarmName"),
        ("SM003", 34, 9, "EndpointName"),
        ("SM003", 35, 9, "EndpointConfigName"),
    ]
    messages = [f.message for f in result.findings]
    # the constant CANARY (line 13) and the arithmetic BAKE_MINUTES * 60 and TIMEOUT = 20 * 60
    assert "CanarySize is 60% of the fleet" in messages[0]
    assert "MaximumExecutionTimeoutInSeconds is 1200 s" in messages[1]
    assert "WaitIntervalInSeconds 600 + TerminationWaitInSeconds 600 = 1200 s" in messages[1]
    assert "(environment variable LATENCY_ALARM)" in messages[2]
    assert "(environment variable ENDPOINT_NAME)" in messages[3]
    assert "(the result of `json.loads(" in messages[4]


def test_ci_script_item_assignments_and_a_branch():
    result = fixture("ci_deploy.py", select=ALL)
    assert result.requests == 1
    assert where(result.findings) == [
        ("SM301", 16, 9, "DeploymentConfig"),
        ("SM207", 32, 55, "DeploymentConfig.RollingUpdatePolicy.RollbackMaximumBatchSize"),
    ]
    alarms, rollback = result.findings
    # alarms are added only when the stage is prod: the finding says for which branch it holds
    assert alarms.message.endswith('(when `args.stage == "prod"` at line 36 is false)')
    # the item assigned after build_request() returned holds in both branches: said plainly
    assert rollback.message.startswith(
        "DeploymentConfig.RollingUpdatePolicy.RollbackMaximumBatchSize is 150%"
    )
    assert "(when" not in rollback.message


def test_resolution_patterns():
    result = fixture("resolution.py", select=ALL)
    assert result.requests == 2
    assert where(result.findings) == [
        # class attribute dict(...) of int("600"), {**self.ROUTING, ...}
        (
            "SM205",
            15,
            83,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.LinearStepSize.Value",
        ),
        # `|` merge of a constant imported from project/settings.py, reported where it is used
        ("SM104", 16, 66, "DeploymentConfig.BlueGreenUpdatePolicy.TerminationWaitInSeconds"),
        ("SM003", 22, 47, "DeploymentConfig.AutoRollbackConfiguration.Alarms"),
        # `0 if fast else 300`
        (
            "SM302",
            41,
            21,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.WaitIntervalInSeconds",
        ),
        # None is a wrong type; rollback_config() returns the alarms, so no SM301
        ("SM103", 43, 17, "DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds"),
    ]
    messages = [f.message for f in result.findings]
    assert "TerminationWaitInSeconds is 4000" in messages[1]
    assert "(a comprehension)" in messages[2]
    assert messages[3].endswith("(when `fast` at line 32 is true)")
    assert "is None" in messages[4] and "(when" not in messages[4]  # (Python's spelling of null)


def test_unresolved_values_are_skipped_and_said():
    result = fixture("unresolved.py", select=ALL)
    assert where(result.findings) == [
        ("SM003", 19, 9, "EndpointName"),
        ("SM003", 20, 9, "EndpointConfigName"),
        ("SM003", 23, 17, "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration"),
        ("SM003", 26, 43, "DeploymentConfig.AutoRollbackConfiguration.Alarms"),
    ]
    messages = [f.message for f in result.findings]
    assert "(`endpoint` is a parameter of `deploy()`)" in messages[0]
    assert "an f-string with a part not known statically" in messages[1]
    assert "an unknown `**` spread after it may replace it" in messages[2]
    assert "is changed by `alarms.append(" in messages[3]
    # no SM301 (unknown alarms are not missing alarms), no SM202 (the routing may be replaced)
    assert {f.rule for f in result.findings} == {"SM003"}
    assert fixture("unresolved.py").findings == []  # SM003 is off unless selected


def test_sdk_lookalikes_are_not_requests():
    result = fixture("sdk_lookalikes.py", select=ALL)
    assert (result.findings, result.requests, result.configs) == ([], 0, ())


def test_a_folder_of_scripts():
    report = Linter(Options()).lint_paths([FIXTURES])
    assert report.requests == 6
    assert report.failures == []
    assert sorted({os.path.basename(f.path) for f in report.findings}) == [
        "ci_deploy.py",
        "deploy_lambda.py",
        "guardrails-linear.ipynb",
        "resolution.py",
    ]


# --------------------------------------------------------------------------- finding the calls


def test_any_receiver_and_pascal_case_keywords():
    source = textwrap.dedent(
        """\
        import boto3
        def go(client, session):
            boto3.client("sagemaker").update_endpoint(EndpointName="a", EndpointConfigName="b", RetainAllVariantProperties="yes")
            session.client("sagemaker").create_endpoint(EndpointName="a", EndpointConfigName="b", RetainDeploymentConfig=True)
            sagemaker_session.sagemaker_client.update_endpoint(EndpointName="a_b", EndpointConfigName="b")
            client.update_endpoint(EndpointName="a", EndpointConfigName="b", deployment_config={})
        """
    )
    lines = source.splitlines()

    def at(line, word):
        return line, lines[line - 1].index(word) + 1

    assert [(f.rule, f.line, f.column, f.field) for f in lint(source)] == [
        ("SM103", *at(3, "RetainAllVariantProperties"), "RetainAllVariantProperties"),
        ("SM102", *at(4, "RetainDeploymentConfig"), "RetainDeploymentConfig"),
        ("SM106", *at(5, "EndpointName"), "EndpointName"),
        ("SM102", *at(6, "deployment_config"), "deployment_config"),
    ]


@pytest.mark.parametrize(
    "source",
    [
        "predictor.update_endpoint(initial_instance_count=2, instance_type='ml.m5.xlarge')\n",
        "session.update_endpoint('ep', 'cfg', wait=True)\n",
        "session.update_endpoint('ep', EndpointConfigName='cfg')\n",
        "sm.update_endpoint(**kwargs)\n",
        "update_endpoint(EndpointName='a_b', EndpointConfigName='c')\n",  # not a method call
        "sm.update_endpoint\n",
    ],
)
def test_other_signatures_are_not_requests(source):
    findings, count = Linter(Options(select=ALL)).lint_text("x.py", source, "python")
    assert (findings, count) == ([], 0)


def test_kind_from_the_call_and_endpoint_configs_kept_for_context(tmp_path):
    path = tmp_path / "deploy.py"
    path.write_text(
        textwrap.dedent(
            """\
            NAME = "fraud-v2"
            sm.create_endpoint_config(EndpointConfigName=NAME, ProductionVariants=[{"VariantName": "a"}])
            sm.create_endpoint(EndpointName="fraud", EndpointConfigName=NAME, RetainAllVariantProperties=True)
            sm.update_endpoint(EndpointName="fraud", EndpointConfigName=NAME)
            """
        )
    )
    result = Linter(Options()).lint_file(str(path), "python")
    assert result.requests == 2
    assert [(f.rule, f.line, f.field) for f in result.findings] == [
        ("SM102", 3, "RetainAllVariantProperties")
    ]
    (config,) = result.configs  # (a context record: smlint.endpoint_configs)
    assert config.keys == (("name", "fraud-v2"),)
    assert (config.variants, config.counts) == (1, (None,))
    from smlint.readers.python import load_python

    loaded = load_python(path.read_text(), str(path))
    assert [u.document.kind for u in loaded.requests] == [CREATE_ENDPOINT, UPDATE_ENDPOINT]
    assert [u.document.refers_to for u in loaded.requests] == [(("name", "fraud-v2"),)] * 2


def test_a_call_in_a_lambda_comprehension_or_nested_function_is_found():
    source = """\
    def outer():
        def inner():
            sm.update_endpoint(EndpointName="a", EndpointConfigName="b", DeploymentConfig={"RollingUpdatePolicy": 1})
        return inner
    """
    column = source.splitlines()[2].index('"RollingUpdatePolicy"') - 3  # dedented by 4
    assert where(lint(source)) == [("SM103", 3, column, "DeploymentConfig.RollingUpdatePolicy")]


@pytest.mark.parametrize(
    "source",
    [
        # on the line of the outer call
        'print(sm.update_endpoint(EndpointName="a", EndpointConfigName="b", DeploymentConfig='
        'f(sm.update_endpoint(EndpointName="c", EndpointConfigName="d", DeploymentConfig={"RollingUpdatePolicy": 1}))))\n',
        # on a line of its own
        'sm.update_endpoint(EndpointName="a", EndpointConfigName="b", DeploymentConfig=f(\n'
        '    sm.update_endpoint(EndpointName="c", EndpointConfigName="d", DeploymentConfig={"RollingUpdatePolicy": 1})))\n',
        # a construct inside a call's arguments
        'sm.update_endpoint(EndpointName="a", EndpointConfigName="b", DeploymentConfig=f('
        'sagemaker.CfnEndpoint(scope, "E", endpoint_name="c", endpoint_config_name="d", '
        'deployment_config={"rolling_update_policy": 1})))\n',
    ],
)
def test_a_call_inside_another_calls_arguments_is_found(source):
    source = "import aws_cdk.aws_sagemaker as sagemaker\n" + source
    findings = lint(source)
    line, column = next(
        (i, text.index("olling") - 1) for i, text in enumerate(source.splitlines(), 1) if "olling" in text
    )
    assert [(f.rule, f.line, f.column) for f in findings] == [("SM103", line, column)]


# --------------------------------------------------------------------------- positions


def test_a_dict_built_early_reports_at_its_own_key():
    source = """\
    import boto3

    sm = boto3.client("sagemaker")

    deployment = {
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 7200},
        },
    }





    # sent much later
    sm.update_endpoint(
        EndpointName="ep",
        EndpointConfigName="cfg",
        DeploymentConfig=deployment,
    )
    """
    (found,) = lint(source, select=("SM104",))
    assert (found.line, found.column, found.end_line, found.end_column) == (7, 64, 7, 87)


def test_columns_count_characters_not_bytes():
    source = "sm.update_endpoint(EndpointName='é€😀', EndpointConfigName='b', DeploymentConfig={'X': 1})\n"
    found = lint(source)
    column = source.index("'X'") + 1  # in characters: the line holds 2- to 4-byte UTF-8 characters
    assert column < source.encode().index(b"'X'") + 1
    assert where(found) == [
        ("SM106", 1, 20, "EndpointName"),
        ("SM102", 1, column, "DeploymentConfig.X"),
    ]
    assert (found[1].end_line, found[1].end_column) == (1, column + 3)


def test_missing_top_level_field_points_at_the_call():
    source = "x = 1\nresponse = sagemaker.update_endpoint(EndpointName='ep', DeploymentConfig={})\n"
    found = lint(source, select=("SM101",))
    assert [(f.line, f.column, f.end_column, f.field) for f in found] == [(2, 22, 37, "EndpointConfigName")]


def test_item_assignment_reports_at_the_subscript_key():
    source = """\
    params = {"EndpointName": "a", "EndpointConfigName": "b", "DeploymentConfig": {}}
    params["DeploymentConfig"]["RollingUpdatePolicy"] = {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 5}, "WaitIntervalInSeconds": 60}
    params["DeploymentConfig"]["RollingUpdatePolicy"]["MaximumBatchSize"]["Value"] = 90
    params.update(RetainAllVariantProperties=True)
    sm.update_endpoint(**params)
    """
    assert where(lint(source, select=("SM206",))) == [
        ("SM206", 3, 71, "DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize.Value"),  # the Value set
    ]
    (found,) = lint(source, select=("SM206",))
    assert "is 90%" in found.message


def test_duplicate_key_in_a_dict_literal():
    source = """\
    cfg = {
        "TerminationWaitInSeconds": 60,
        "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 0},
        "TerminationWaitInSeconds": 120,
    }
    sm.update_endpoint(EndpointName="a", EndpointConfigName="b", DeploymentConfig={"BlueGreenUpdatePolicy": cfg})
    """
    (found,) = lint(source, select=("SM002",))
    assert (found.line, found.column, found.field) == (
        4,
        5,
        "DeploymentConfig.BlueGreenUpdatePolicy.TerminationWaitInSeconds",
    )
    assert found.message.startswith(
        "key TerminationWaitInSeconds appears twice in DeploymentConfig.BlueGreenUpdatePolicy (first at line 2)"
    )
    # a spread that overrides a key is deliberate, not a duplicate
    assert (
        lint(
            "a = {'X': 1}\nsm.update_endpoint(EndpointName='a', EndpointConfigName='b', Tags=[{**a, 'X': 2}])\n",
            select=("SM002",),
        )
        == []
    )


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    "setup, expression, value",
    [
        ("", "60 * 60 + 1", 3601),
        ("", "int('4000')", 4000),
        ("W = 2000\n", "W * 2", 4000),
        ("W = 3600\nW += 1\n", "W", 3601),
        ("C = {'a': {'w': 5000}}\n", "C['a']['w']", 5000),
        ("L = [1, 9000]\n", "L[-1]", 9000),
        ("def f():\n    w = 4000\n    return w\n", "f()", 4000),
        ("def f(unused, x=3):\n    return {'w': 9999}\n", "f(1)['w']", 9999),
        ("class K:\n    W = 4000\n", "K.W", 4000),
        ("import copy\nD = {'w': 4001}\n", "copy.deepcopy(D)['w']", 4001),
        ("D = dict(w=4002)\n", "D.copy()['w']", 4002),
        ("MODE = 'prod'\n", "7200 if MODE == 'prod' else 60", 7200),
        ("", "(w := 3700)", 3700),
    ],
)
def test_values_are_followed(setup, expression, value):
    source = setup + call(
        "{'BlueGreenUpdatePolicy': {'TrafficRoutingConfiguration': {'Type': 'ALL_AT_ONCE', "
        f"'WaitIntervalInSeconds': {expression}}}}}}}"
    )
    (found,) = lint(source, select=("SM104",))
    assert f"WaitIntervalInSeconds is {value};" in found.message


@pytest.mark.parametrize(
    "setup, expression, reason",
    [
        ("import os\n", "os.environ['WAIT']", "environment variable WAIT"),
        ("import os\n", "int(os.getenv('WAIT', '60'))", "environment variable WAIT"),
        ("", "get_wait()", "the result of `get_wait()`"),
        ("", "undefined_name", "`undefined_name` is not bound in this file before this line"),
        ("for i in range(3):\n    w = i\n", "w", "`w` changes in the loop at line 1"),
        (
            "try:\n    w = 1\nexcept KeyError:\n    w = 2\n",
            "w",
            "`w` is bound in an `except` branch at line 1",
        ),
        ("", "[x for x in y][0]", "a comprehension"),
        ("", "f'{a}0'", "an f-string with a part not known statically (`a`)"),
        ("import settings_that_do_not_exist as s\n", "s.WAIT", "`s.WAIT` is not known statically"),
        ("from elsewhere import WAIT\n", "WAIT", "`WAIT` is imported from elsewhere"),
        ("def f(w):\n    sm.x()\n", "1 if a else b", "`b` is not bound in this file before this line"),
    ],
)
def test_what_cannot_be_known_is_unresolved_with_its_reason(setup, expression, reason):
    source = setup + call(
        "{'BlueGreenUpdatePolicy': {'TrafficRoutingConfiguration': {'Type': 'ALL_AT_ONCE', "
        f"'WaitIntervalInSeconds': {expression}}}}}}}"
    )
    found = lint(source, select=("SM003", "SM104"))
    assert [f.rule for f in found] == ["SM003"]
    assert f"({reason})" in found[-1].message


def test_unknown_spread_in_a_call_means_any_member_may_be_present():
    source = "sm.update_endpoint(EndpointName='ep', **rest)\n"
    assert lint(source, select=ALL) == []
    source = (
        "sm.update_endpoint(EndpointName='ep', DeploymentConfig={'RollingUpdatePolicy': {**p, 'WaitIntervalInSeconds': 60},"
        " 'AutoRollbackConfiguration': {'Alarms': [{'AlarmName': 'x'}]}}, **rest)\n"
    )
    assert lint(source, select=ALL) == []  # no SM101 for MaximumBatchSize nor EndpointConfigName
    # a key before an unknown spread may be replaced by it: unknown, not checked
    source = "sm.update_endpoint(EndpointName='ep', EndpointConfigName='c', DeploymentConfig={'RollingUpdatePolicy': {'WaitIntervalInSeconds': 0, **p}})\n"
    assert [(f.rule, f.field) for f in lint(source, select=ALL)] == [
        ("SM301", "DeploymentConfig"),  # DeploymentConfig itself is written out: it has no alarms
        ("SM003", "DeploymentConfig.RollingUpdatePolicy.WaitIntervalInSeconds"),  # no SM302
    ]
    # an explicit keyword cannot be replaced by the spread (a TypeError in Python): still checked
    source = "sm.update_endpoint(EndpointName='e_p', **rest)\n"
    assert [f.rule for f in lint(source, select=ALL)] == ["SM106"]


def test_unresolved_alarms_are_not_missing_alarms():
    source = """\
    alarms = load_alarms()
    sm.update_endpoint(EndpointName="a", EndpointConfigName="b", DeploymentConfig={
        "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 60},
        "AutoRollbackConfiguration": {"Alarms": alarms},
    })
    """
    assert where(lint(source, select=ALL)) == [
        ("SM003", 4, 35, "DeploymentConfig.AutoRollbackConfiguration.Alarms")
    ]


def test_none_is_a_wrong_type():
    (found,) = lint("sm.update_endpoint(EndpointName='a', EndpointConfigName=None)\n")
    assert (found.rule, found.field, found.column) == ("SM103", "EndpointConfigName", 38)


# --------------------------------------------------------------------------- branches


BRANCHED = """\
import os
stage = os.environ["STAGE"]
if stage == "prod":
    wait = 600
    alarms = [{"AlarmName": "errors"}]
else:
    wait = 0
    alarms = None
sm.update_endpoint(EndpointName="a", EndpointConfigName="b", DeploymentConfig={
    "RollingUpdatePolicy": {
        "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 80},
        "WaitIntervalInSeconds": wait,
    },
    "AutoRollbackConfiguration": {"Alarms": alarms},
})
"""


def test_every_alternative_is_checked_and_findings_say_which():
    found = lint(BRANCHED)
    assert where(found) == [
        ("SM206", 11, 58, "DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize.Value"),
        ("SM302", 12, 9, "DeploymentConfig.RollingUpdatePolicy.WaitIntervalInSeconds"),
        ("SM103", 14, 35, "DeploymentConfig.AutoRollbackConfiguration.Alarms"),
    ]
    assert "(when" not in found[0].message  # holds in both
    assert found[1].message.endswith('(when `stage == "prod"` at line 3 is false)')
    assert found[2].message.endswith(
        '(boto3 and the AWS CLI reject it before sending); when `stage == "prod"` at line 3 is false'
    )


def test_a_branch_known_statically_is_taken():
    assert lint(BRANCHED.replace('os.environ["STAGE"]', '"prod"'), select=("SM302", "SM103")) == []


def test_nested_branches_combine_their_conditions():
    source = """\
    w = 0 if a else 60
    t = 7200 if b else 0
    sm.update_endpoint(EndpointName="a", EndpointConfigName="b", DeploymentConfig={"BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {"Type": "CANARY", "WaitIntervalInSeconds": w, "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10}},
        "TerminationWaitInSeconds": t}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "x"}]}})
    """
    found = lint(source, select=("SM104", "SM302"))
    assert [(f.rule, re.split(r" \(when |; when ", f.message, maxsplit=1)[1]) for f in found] == [
        ("SM302", "`a` at line 1 is true)"),
        ("SM104", "`b` at line 2 is true"),  # ("; when": the message ends with "(… rejects it)")
    ]


def test_too_many_alternatives_become_unresolved():
    lines = [f"w{i} = 1 if c{i} else 2\n" for i in range(6)]
    source = "".join(lines) + call(
        "{'RollingUpdatePolicy': {'MaximumBatchSize': {'Type': 'INSTANCE_COUNT', 'Value': w0+w1+w2+w3+w4+w5}, "
        "'WaitIntervalInSeconds': 60}, 'AutoRollbackConfiguration': {'Alarms': [{'AlarmName': 'x'}]}}"
    )
    found = lint(source, select=ALL, fleet_size=4)
    assert [(f.rule, f.field) for f in found] == [
        ("SM003", "DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize.Value")
    ]
    assert "(depends on too many combinations of branches to check each)" in found[0].message


# --------------------------------------------------------------------------- bad input


def test_syntax_error_at_the_parsers_position():
    found = lint("sm.update_endpoint(EndpointName='é',\n    EndpointConfigName='b' $)\n")
    assert [(f.rule, f.line, f.column) for f in found] == [("SM001", 2, 28)]
    assert found[0].message.startswith("Python syntax error: ")


def test_nul_byte_and_undecodable_bytes(tmp_path):
    path = tmp_path / "deploy.py"
    path.write_bytes(b"sm.update_endpoint(EndpointName='a')\x00\n")
    found = Linter(Options()).lint_file(str(path), "python").findings
    assert [(f.rule, f.line, f.column) for f in found] == [("SM001", 1, 37)]
    path.write_bytes(b"sm.update_endpoint(EndpointName='\xff')\n")
    found = Linter(Options()).lint_file(str(path), "python").findings
    assert [(f.rule, f.line, f.column) for f in found] == [("SM001", 1, 34)]


def test_a_script_that_never_calls_the_api_is_not_parsed(tmp_path, monkeypatch):
    import ast

    def fail(*args, **kwargs):
        raise AssertionError("parsed")

    monkeypatch.setattr(ast, "parse", fail)
    path = tmp_path / "train.py"
    path.write_text("def broken(:\n    sm.describe_endpoint(EndpointName='x')\n")
    assert Linter(Options(select=ALL)).lint_file(str(path), "python").findings == []


def test_huge_files(tmp_path):
    path = tmp_path / "big.py"
    filler = b"# " + b"x" * 1000 + b"\n"
    path.write_bytes(filler * (sources.MAX_FILE_BYTES // len(filler) + 1))
    assert Linter(Options()).lint_file(str(path), "python").findings == []
    path.write_bytes(
        b"sm.update_endpoint(EndpointName='a')\n" + filler * (sources.MAX_FILE_BYTES // len(filler) + 1)
    )
    (found,) = Linter(Options()).lint_file(str(path), "python").findings
    assert found.rule == "SM001" and "larger than" in found.message


@pytest.mark.parametrize(
    "expression",
    ["1+" * 100_000 + "1", "-" * 100_000 + "1", "(" * 1000 + "1" + ")" * 1000, "not " * 50_000 + "x"],
)
def test_deeply_nested_expressions_give_sm001_not_a_traceback(expression):
    found = lint(f"x = 1\nsm.update_endpoint(EndpointName={expression})\n")
    assert [(f.rule, f.line) for f in found] in ([("SM001", 1)], [("SM001", 2)])


def test_nesting_the_parser_accepts_is_followed_only_so_far():
    nested = "[" * 150 + "]" * 150
    found = lint(call(f"{{'X': {nested}}}"), select=ALL)
    assert [f.rule for f in found] == ["SM210", "SM102", "SM003"]
    assert "(the expression is nested too deeply to follow)" in found[2].message
    value = "{'a': " * 90 + "1" + "}" * 90
    found = lint(
        "sm.create_endpoint(EndpointName='a', EndpointConfigName='b', Tags=" + value + ")\n", select=ALL
    )
    assert [f.rule for f in found] == ["SM103"]


def test_the_evaluation_budget_bounds_the_work():
    chain = "a0 = {'w': 1}\n" + "".join(
        f"a{i} = {{**a{i - 1}, **a{i - 1}, **a{i - 1}}}\n" for i in range(1, 60)
    )
    found = lint(chain + call("{'BlueGreenUpdatePolicy': a59}"), select=ALL)
    assert found  # finished, with findings about the request (not hung, not crashed)


def test_pathological_statement_nesting_does_not_crash():
    source = (
        "".join("    " * i + "if x:\n" for i in range(90))
        + "    " * 90
        + "sm.update_endpoint(EndpointName='a_')\n"
    )
    found = lint(source)
    assert [f.rule for f in found] in (["SM001"], ["SM106", "SM101"], ["SM101", "SM106"])


def test_imports_resolved_next_to_the_file_and_cycles_stop(tmp_path):
    (tmp_path / "a.py").write_text("from b import X\nY = {'WaitIntervalInSeconds': 5000}\n")
    (tmp_path / "b.py").write_text("from a import Y\nX = 1\n")
    (tmp_path / "deploy.py").write_text(
        "import a\nfrom a import Y\n"
        "sm.update_endpoint(EndpointName='e', EndpointConfigName='c', DeploymentConfig={'RollingUpdatePolicy': "
        "{'MaximumBatchSize': {'Type': 'CAPACITY_PERCENT', 'Value': 10}, **a.Y}})\n"
    )
    result = Linter(Options(select=("SM104",))).lint_file(str(tmp_path / "deploy.py"), "python")
    assert [(f.rule, f.line, f.field) for f in result.findings] == [
        ("SM104", 3, "DeploymentConfig.RollingUpdatePolicy.WaitIntervalInSeconds")
    ]


def test_a_helper_module_is_evaluated_once_per_run_and_each_importer_depends_on_it(tmp_path, monkeypatch):
    from smlint.readers.python.evaluate import Project

    (tmp_path / "settings.py").write_text("WAIT = 5000\n")
    call = (
        "from settings import WAIT\n"
        "sm.update_endpoint(EndpointName='e', EndpointConfigName='c', DeploymentConfig={'RollingUpdatePolicy': "
        "{'MaximumBatchSize': {'Type': 'CAPACITY_PERCENT', 'Value': 10}, 'WaitIntervalInSeconds': WAIT}})\n"
    )
    for name in ("a.py", "b.py"):
        (tmp_path / name).write_text(call)
    evaluated = []
    real = Project._evaluate
    monkeypatch.setattr(
        Project, "_evaluate", lambda self, path, *rest: evaluated.append(path) or real(self, path, *rest)
    )
    linter = Linter(Options(select=("SM104",)))
    results = [linter.lint_file(str(tmp_path / name), "python") for name in ("a.py", "b.py")]
    assert evaluated == [str(tmp_path / "settings.py")]
    for result in results:
        assert [(f.rule, f.line) for f in result.findings] == [("SM104", 2)]
        assert str(tmp_path / "settings.py") in result.dependencies  # (the cache checks it for both)
    # changed on disk since: read again
    (tmp_path / "settings.py").write_text("WAIT = 60\n\n")
    assert linter.lint_file(str(tmp_path / "a.py"), "python").findings == []
    assert len(evaluated) == 2


def test_unresolved_marker_is_never_missing():
    from smlint.readers.python import load_python

    loaded = load_python("sm.update_endpoint(EndpointName='a', **kw)\n")
    (unit,) = loaded.requests
    doc = unit.document
    assert unit.variants == ()  # (one alternative, which no condition qualifies)
    assert isinstance(doc.payload["EndpointConfigName"], Unresolved)


# --------------------------------------------------------------------------- the same payload as JSON

PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("SMLINT_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def py(value) -> str:
    """A JSON value as a Python literal."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py(k)}: {py(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(py(v) for v in value) + "]"
    return repr(value)


def _keyword(key) -> bool:
    return isinstance(key, str) and key.isidentifier() and not keyword.iskeyword(key)


def as_python(kind: str, payload: dict, style: str) -> str:
    method = "create_endpoint" if kind == S.CREATE else "update_endpoint"
    plain = {k: v for k, v in payload.items() if _keyword(k)}
    other = {k: v for k, v in payload.items() if not _keyword(k)}
    rest = [f"**{py(other)}"] if other else []
    if style == "kwargs":
        args = [f"{k}={py(v)}" for k, v in plain.items()] + rest
        return (
            f"import boto3\nsm = boto3.client('sagemaker')\nsm.{method}(\n    "
            + ",\n    ".join(args)
            + ",\n)\n"
        )
    if style == "variable":
        return f"request = {py(payload)}\n\n\nclient.{method}(**request)\n"
    if style == "dict":
        inner = ([py(other)] if other else []) + [f"{k}={py(v)}" for k, v in plain.items()]
        return f"sm.{method}(**dict({', '.join(inner)}))\n"
    # module constants, one per member, and a helper that builds the request from them
    lines, args = [], []
    for i, (k, v) in enumerate(plain.items()):
        lines.append(f"MEMBER_{i} = {py(v)}")
        args.append(f"{k}=MEMBER_{i}")
    lines.append("\n\ndef deploy(session):")
    lines.append(f"    session.client('sagemaker').{method}({', '.join(args + rest)})")
    return "\n".join(lines) + "\n"


@PROPERTY_SETTINGS
@given(
    st.one_of(S.requests().map(lambda r: (*r, None)), S.mutated()).filter(lambda c: c[0] != S.CONFIG),
    st.sampled_from(["kwargs", "variable", "dict", "constants"]),
    st.one_of(st.none(), st.integers(1, 40)),
)
def test_python_renderings_give_the_same_findings_as_json(case, style, fleet):
    kind, payload, _ = case
    as_json = Linter(Options(select=ALL, fleet_size=fleet, kind=kind)).lint_text(
        "request.json", render(payload, "json").text, "json"
    )[0]
    source = as_python(kind, payload, style)
    findings, count = Linter(Options(select=ALL, fleet_size=fleet)).lint_text("deploy.py", source, "python")
    assert count == 1, source
    # the same findings, the user's constants spelt as each language spells them
    assert sorted(
        (f.rule, f.field, _json_spelling(f.message), _json_spelling(f.help)) for f in findings
    ) == sorted((f.rule, f.field, _json_spelling(f.message), _json_spelling(f.help)) for f in as_json), source


def _json_spelling(text: str) -> str:
    return re.sub(
        r"\b(None|True|False)\b", lambda m: {"None": "null", "True": "true", "False": "false"}[m[1]], text
    )


def test_readme_script_and_its_findings(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from smlint.cli import main

    readme = open(os.path.join(os.path.dirname(FIXTURES), "..", "..", "README.md"), encoding="utf-8").read()
    section = readme[readme.index("## Python scripts and notebooks") :]
    script = section[section.index("```python\n") + 10 : section.index("```\n", section.index("```python\n"))]
    start = section.index("$ smlint check deploy.py\n") + len("$ smlint check deploy.py\n")
    sample = section[start : section.index("```", start)]
    (tmp_path / "deploy.py").write_text(script, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["check", "deploy.py"]).output == sample


def test_branching_values_are_bounded():
    # every `if` doubles the alternatives of `alarms`: beyond a bound the value is unresolved
    lines = ["alarms = []\n"] + [f"if c{i}:\n    alarms.append({{'AlarmName': 'a{i}'}})\n" for i in range(40)]
    source = "".join(lines) + call("{'AutoRollbackConfiguration': {'Alarms': alarms}}")
    found = lint(source, select=("SM003",))
    assert [f.field for f in found] == ["DeploymentConfig.AutoRollbackConfiguration.Alarms"]
    assert "(depends on too many combinations of branches to check each)" in found[0].message


def test_file_results_pickle_for_workers(tmp_path):
    import pickle

    path = tmp_path / "deploy.py"
    path.write_text(
        "import os\nsm.create_endpoint_config(EndpointConfigName='c', ProductionVariants=os.environ['X'])\n"
        + call("{'X': 1}")
    )
    result = Linter(Options()).lint_file(str(path), "python")
    again = pickle.loads(pickle.dumps(result))
    assert [f.rule for f in again.findings] == ["SM102"]
    assert again.configs[0].keys == (("name", "c"),)  # a context record (smlint.endpoint_configs)
    assert again.configs[0].where.endswith("deploy.py:2")


def test_absolute_imports_from_the_package_root(tmp_path):
    package = tmp_path / "mlops"
    (package / "deploy").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "deploy" / "__init__.py").write_text("")
    (package / "config.py").write_text(
        "ROLLING = {'MaximumBatchSize': {'Type': 'CAPACITY_PERCENT', 'Value': 70}, 'WaitIntervalInSeconds': 60}\n"
    )
    script = package / "deploy" / "run.py"
    script.write_text("from mlops.config import ROLLING\n" + call("{'RollingUpdatePolicy': ROLLING}"))
    found = Linter(Options(select=("SM206",))).lint_file(str(script), "python").findings
    # the field's key is in another file: the finding points at what this file wrote
    assert [(f.rule, f.line, f.field) for f in found] == [
        ("SM206", 2, "DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize.Value")
    ]
    assert found[0].column == call("{'RollingUpdatePolicy': ROLLING}").index("'RollingUpdatePolicy'") + 1


def test_methods_and_class_attributes():
    source = """\
    class Deployer:
        WAIT = 4000

        def __init__(self, client):
            self.client = client

        def policy(self, batch=80):
            return {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": batch}, "WaitIntervalInSeconds": self.WAIT}

        def deploy(self):
            self.client.update_endpoint(
                EndpointName="a", EndpointConfigName="b", DeploymentConfig={"RollingUpdatePolicy": self.policy()}
            )
    """
    assert [(f.rule, f.line) for f in lint(source, select=("SM104", "SM206"))] == [("SM206", 8), ("SM104", 8)]
