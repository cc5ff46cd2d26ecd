"""Property: on a script whose `if`s test values read from the environment, every finding
smlint reports holds on a path the script can take. The script is run for every assignment
of the environment against a fake boto3 client that captures the request; each captured
request is linted as JSON. A finding without "(when …)" must hold on every run, a
qualified one on at least one."""

from __future__ import annotations

import itertools
import json
import os
import sys
import types

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.linting import lint_text

ENVIRONMENTS = [
    {"C0": c0, "C1": c1, "STAGE": stage}
    for c0, c1, stage in itertools.product(("1", ""), ("1", ""), ("prod", "dev", "test"))
]

PRELUDE = """\
import os
import boto3

c0 = os.environ.get("C0") == "1"
c1 = os.environ.get("C1") == "1"
stage = os.environ.get("STAGE", "dev")
fallback = os.environ.get("ALARM") or f"{stage}-5xx"
alarms = []
wait = 300
kind = "ALL_AT_ONCE"
timeout = 1800
size = None
"""

FINALE = """\
routing = {"Type": kind, "WaitIntervalInSeconds": wait}
if size is not None:
    routing["CanarySize"] = size
config = {
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": routing,
        "MaximumExecutionTimeoutInSeconds": timeout,
    }
}
if alarms:
    config["AutoRollbackConfiguration"] = {"Alarms": alarms}
{last}
boto3.client("sagemaker").update_endpoint(EndpointName="churn", EndpointConfigName="churn-v2", DeploymentConfig=config)
"""

CONDITIONS = [
    "c0",
    "not c0",
    "c1",
    'stage == "prod"',
    'stage != "prod"',
    'stage == "dev"',
    "alarms",
    "not alarms",
    "wait > 0",
    "fallback",
    'kind == "CANARY"',
]

ASSIGNMENTS = [
    "wait = 0",
    "wait = 600",
    "wait = 3700",
    "timeout = 600",
    "timeout = 900",
    'kind = "CANARY"',
    'kind = "LINEAR"',
    'size = {"Type": "CAPACITY_PERCENT", "Value": 10}',
    'size = {"Type": "CAPACITY_PERCENT", "Value": 60}',
    'alarms.append({"AlarmName": "churn-latency"})',
    "alarms.append({'AlarmName': fallback})",
    "alarms = []",
]


def blocks(depth: int):
    simple = st.sampled_from(ASSIGNMENTS).map(lambda a: [a])
    if depth == 0:
        return st.lists(simple, min_size=1, max_size=2).map(lambda parts: sum(parts, []))

    def branch(parts):
        test, body, orelse = parts
        lines = [f"if {test}:"] + ["    " + line for line in body]
        if orelse:
            lines += ["else:"] + ["    " + line for line in orelse]
        return lines

    nested = st.tuples(
        st.sampled_from(CONDITIONS), blocks(depth - 1), st.one_of(st.just([]), blocks(depth - 1))
    ).map(branch)
    return st.lists(st.one_of(simple, nested), min_size=1, max_size=3).map(lambda parts: sum(parts, []))


@st.composite
def scripts(draw):
    body = draw(blocks(2))
    last = draw(
        st.sampled_from(["", 'if {}:\n    config["AutoRollbackConfiguration"] = {{"Alarms": alarms}}'])
    )
    if last:
        last = last.format(draw(st.sampled_from(CONDITIONS)))
    return PRELUDE + "\n".join(body) + "\n" + FINALE.replace("{last}", last)


def run(script: str, env: dict) -> dict:
    """The request the script sends with ``env`` (a fake boto3 captures it)."""
    sent: list = []

    class Client:
        def update_endpoint(self, **request):
            sent.append(request)

    fake = types.ModuleType("boto3")
    fake.client = lambda *args, **kwargs: Client()
    saved_env, saved_boto = dict(os.environ), sys.modules.get("boto3")
    os.environ.pop("ALARM", None)
    os.environ.update(env)
    sys.modules["boto3"] = fake
    try:
        exec(compile(script, "deploy.py", "exec"), {"__name__": "__main__"})
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        if saved_boto is None:
            sys.modules.pop("boto3", None)
        else:
            sys.modules["boto3"] = saved_boto
    (request,) = sent
    return request


def held(request: dict) -> set:
    findings = lint_text(json.dumps(request, indent=2), "json", "request.json", kind="update-endpoint")
    return {(f.rule, f.field) for f in findings}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=scripts())
def test_every_finding_holds_on_a_path_the_script_can_take(script):
    concrete = [held(run(script, env)) for env in ENVIRONMENTS]
    for finding in lint_text(script, "python", "deploy.py"):
        key = (finding.rule, finding.field)
        if " (when " in finding.message or "; when " in finding.message:
            assert any(key in found for found in concrete), (finding.message, script)
        else:
            assert all(key in found for found in concrete), (finding.message, script)
