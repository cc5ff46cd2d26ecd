"""``smlint plan``: the deployment step by step, from the same schedule model as SM208,
SM209 and SM602; exact text for each policy with and without N, and the JSON shape."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from smlint.checks.schedule import blue_green_schedule, rolling_schedule, timeline
from smlint.cli import main

ROOT = Path(__file__).resolve().parents[2]
PLAN = "tests/fixtures/plan"


@pytest.fixture(autouse=True)
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def plan(*args):
    return CliRunner().invoke(main, ["plan", *args])


CANARY_WITHOUT_N = """\
tests/fixtures/plan/canary.json:2:3: update-endpoint
  blue/green CANARY, fleet size unknown (--instance-count N)
       at  traffic on the new fleet        instances   wait  step
  0:00:00  [????????????????????]       ?          1  600 s  canary: shift, then bake
  0:10:00  [####################]    100%          ?  600 s  shift the rest, then the final bake
  0:20:00  [####################]    100%          ?  300 s  old fleet kept for TerminationWaitInSeconds, then terminated
  total: 0:25:00 of waits, 2 × WaitIntervalInSeconds 600 (canary bake + final bake) + TerminationWaitInSeconds 300 = 1500 s, before provisioning time
  timeout: MaximumExecutionTimeoutInSeconds 3600 s, 2100 s left for provisioning
  rollback alarms: fraud-5xx, fraud-latency
"""

CANARY_WITH_6 = """\
tests/fixtures/plan/canary.json:2:3: update-endpoint
  blue/green CANARY, fleet of 6 instances
       at  traffic on the new fleet         instances   wait  step
  0:00:00  [###.................]    16.7%        1/6  600 s  canary: shift, then bake
  0:10:00  [####################]     100%        6/6  600 s  shift the rest, then the final bake
  0:20:00  [####################]     100%        6/6  300 s  old fleet kept for TerminationWaitInSeconds, then terminated
  total: 0:25:00 of waits, 2 × WaitIntervalInSeconds 600 (canary bake + final bake) + TerminationWaitInSeconds 300 = 1500 s, before provisioning time
  timeout: MaximumExecutionTimeoutInSeconds 3600 s, 2100 s left for provisioning
  rollback alarms: fraud-5xx, fraud-latency
"""

LINEAR_WITH_6 = """\
tests/fixtures/plan/linear.yaml:1:1: update-endpoint
  blue/green LINEAR, fleet of 6 instances
       at  traffic on the new fleet         instances   wait  step
  0:00:00  [#######.............]    33.3%        2/6  300 s  linear step 1 of 3: shift, then bake
  0:05:00  [#############.......]    66.7%        4/6  300 s  linear step 2 of 3: shift, then bake
  0:10:00  [####################]     100%        6/6  300 s  linear step 3 of 3: shift, then bake
  0:15:00  [####################]     100%        6/6    0 s  old fleet kept for TerminationWaitInSeconds, then terminated
  total: 0:15:00 of waits, 3 × WaitIntervalInSeconds 300 (3 linear steps, 25% of 6 instances is 2 instances per step, 6 / 2 rounded up) + TerminationWaitInSeconds 0 = 900 s, before provisioning time
  timeout: MaximumExecutionTimeoutInSeconds 1200 s, 300 s left for provisioning
  rollback alarms: none, nothing can stop the deployment and roll it back
  problems (1; smlint check shows the messages):
    3:1: SM301 [warning] DeploymentConfig
"""

ROLLING_WITHOUT_N = """\
tests/fixtures/plan/rolling-deployment-config.json:1:2: deployment-config
  rolling, fleet size unknown (--instance-count N)
       at  traffic on the new fleet     instances   wait  step
  0:00:00  [????????????????????]    ?          ?  300 s  batch 1 of 2+: replace, then bake
  0:05:00  [????????????????????]    ?          ?  300 s  batch 2 of 2+: replace, then bake
  total: 0:10:00 of waits, WaitIntervalInSeconds 300 × 2 batches (at least 2 steps) = 600 s, before provisioning time
  timeout: MaximumExecutionTimeoutInSeconds 3600 s, 3000 s left for provisioning
  rollback alarms: llm-5xx
  unknown: the number of batches (MaximumBatchSize in instances needs N)
"""

ROLLING_WITH_6 = """\
tests/fixtures/plan/rolling-deployment-config.json:1:2: deployment-config
  rolling, fleet of 6 instances
       at  traffic on the new fleet         instances   wait  step
  0:00:00  [#######.............]    33.3%        2/6  300 s  batch 1 of 3: replace, then bake
  0:05:00  [#############.......]    66.7%        4/6  300 s  batch 2 of 3: replace, then bake
  0:10:00  [####################]     100%        6/6  300 s  batch 3 of 3: replace, then bake
  total: 0:15:00 of waits, WaitIntervalInSeconds 300 × 3 batches (6 instances / 2 rounded up) = 900 s, before provisioning time
  timeout: MaximumExecutionTimeoutInSeconds 3600 s, 2700 s left for provisioning
  rollback alarms: llm-5xx
"""

ALL_AT_ONCE = """\
tests/fixtures/plan/all-at-once.yaml:1:1: document 1
  blue/green ALL_AT_ONCE, fleet size unknown (--instance-count N)
       at  traffic on the new fleet        instances  wait  step
  0:00:00  [####################]    100%          ?   0 s  shift all traffic, then bake
  0:00:00  [####################]    100%          ?   0 s  old fleet kept for TerminationWaitInSeconds, then terminated
  total: 0:00:00 of waits, 1 × WaitIntervalInSeconds 0 (one bake) + TerminationWaitInSeconds 0 = 0 s, before provisioning time
  timeout: MaximumExecutionTimeoutInSeconds not set
  rollback alarms: none, nothing can stop the deployment and roll it back

tests/fixtures/plan/all-at-once.yaml:9:1: document 2
  no DeploymentConfig: RetainDeploymentConfig reuses the endpoint's last one (not in this file)
"""


@pytest.mark.parametrize(
    "args, expected",
    [
        ((f"{PLAN}/canary.json",), CANARY_WITHOUT_N),
        ((f"{PLAN}/canary.json", "--instance-count", "6"), CANARY_WITH_6),
        ((f"{PLAN}/linear.yaml", "--instance-count", "6"), LINEAR_WITH_6),
        ((f"{PLAN}/rolling-deployment-config.json",), ROLLING_WITHOUT_N),
        ((f"{PLAN}/rolling-deployment-config.json", "--instance-count", "6"), ROLLING_WITH_6),
        ((f"{PLAN}/all-at-once.yaml",), ALL_AT_ONCE),
    ],
    ids=["canary", "canary-n6", "linear-n6", "rolling", "rolling-n6", "all-at-once"],
)
def test_plan_text(args, expected):
    result = plan(*args)
    assert (result.exit_code, result.output) == (0, expected)


def test_plan_of_a_terraform_resource_says_when_the_apply_gives_up():
    result = plan("tests/fixtures/terraform/rolling/main.tf", "--instance-count", "20")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[:3] == [
        "tests/fixtures/terraform/rolling/main.tf:1:1: aws_sagemaker_endpoint.ranker",
        "  rolling, fleet of 20 instances",
        "       at  traffic on the new fleet        instances   wait  step",
    ]
    assert (
        lines[3]
        == "  0:00:00  [##..................]     10%       2/20  600 s  batch 1 of 10: replace, then bake"
    )
    assert lines[14:17] == [
        "  timeout: MaximumExecutionTimeoutInSeconds 21600 s, 15600 s left for provisioning",
        "  terraform apply: the AWS provider stops waiting after 3600 s, 2400 s before the estimated waits end, "
        "so it may time out (SM602)",
        "  rollback alarms: recsys-ranker-5xx",
    ]
    assert lines[17:] == [
        "  problems (2; smlint check shows the messages):",
        "    6:5: SM602 [warning] DeploymentConfig.RollingUpdatePolicy",
        "    12:7: SM601 [error] DeploymentConfig.RollingUpdatePolicy.MaximumExecutionTimeoutInSeconds",
    ]


def test_plan_json_shape():
    result = plan(f"{PLAN}/canary.json", "--instance-count", "6", "--format", "json")
    assert result.exit_code == 0
    (request,) = json.loads(result.output)
    assert request == {
        "path": "tests/fixtures/plan/canary.json",
        "line": 2,
        "column": 3,
        "origin": "",
        "kind": "update-endpoint",
        "branch": None,
        "policy": "CANARY",
        "fleet_size": 6,
        "fleet_source": None,
        "steps": [
            {
                "at_seconds": 0,
                "action": "shift",
                "traffic_percent": 16.7,
                "instances": 1,
                "wait_seconds": 600,
                "description": "canary: shift, then bake",
            },
            {
                "at_seconds": 600,
                "action": "shift",
                "traffic_percent": 100,
                "instances": 6,
                "wait_seconds": 600,
                "description": "shift the rest, then the final bake",
            },
            {
                "at_seconds": 1200,
                "action": "terminate",
                "traffic_percent": 100,
                "instances": 6,
                "wait_seconds": 300,
                "description": "old fleet kept for TerminationWaitInSeconds, then terminated",
            },
        ],
        "total_seconds": 1500,
        "estimate": "2 × WaitIntervalInSeconds 600 (canary bake + final bake) + TerminationWaitInSeconds 300 = 1500 s",
        "timeout_seconds": 3600,
        "timeout_field": "DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds",
        "alarms": ["fraud-5xx", "fraud-latency"],
        "unknown": [],
        "problems": [],
    }


def test_plan_shows_what_it_can_of_a_request_with_errors():
    result = plan("examples/rolling-both-policies.json", "--format", "json")
    (request,) = json.loads(result.output)
    assert request["total_seconds"] is None  # the wait is the string "300": unknown, not guessed
    assert request["unknown"] == [
        "which policy runs: both BlueGreenUpdatePolicy and RollingUpdatePolicy are set (SM201)",
        "WaitIntervalInSeconds",
        "the number of batches (MaximumBatchSize unknown or invalid)",
    ]
    assert [p["rule"] for p in request["problems"]] == ["SM201", "SM206", "SM103"]


def test_plan_of_an_unreadable_or_empty_file(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"EndpointConfigName": "a",', encoding="utf-8")
    result = plan(str(broken))
    assert result.exit_code == 1
    assert result.output.startswith(f"{broken}:1:28: SM001 [error] ")
    other = tmp_path / "package.json"
    other.write_text('{"name": "x"}', encoding="utf-8")
    result = plan(str(other))
    assert (result.exit_code, result.output) == (
        1,
        f"{other}: no UpdateEndpoint or CreateEndpoint request found\n",
    )


def test_a_create_endpoint_only_stores_its_deployment_config():
    result = plan("examples/create-endpoint.json")
    assert result.output.splitlines()[2] == (
        "  CreateEndpoint only stores this DeploymentConfig: it runs on the endpoint's next UpdateEndpoint"
    )


# --- one schedule model: the plan's steps add up to the rules' estimate ----------------------

sizes = st.fixed_dictionaries(
    {"Type": st.sampled_from(["CAPACITY_PERCENT", "INSTANCE_COUNT"]), "Value": st.integers(1, 60)}
)
waits = st.integers(0, 3600)


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(["ALL_AT_ONCE", "CANARY", "LINEAR"]),
    wait=waits,
    term=waits,
    size=sizes,
    fleet=st.none() | st.integers(1, 200),
)
def test_blue_green_steps_add_up_to_the_sm209_estimate(kind, wait, term, size, fleet):
    routing = {"Type": kind, "WaitIntervalInSeconds": wait, "CanarySize": size, "LinearStepSize": size}
    policy = {"TrafficRoutingConfiguration": routing, "TerminationWaitInSeconds": term}
    plan_ = timeline({"BlueGreenUpdatePolicy": policy}, fleet)
    last = plan_.steps[-1]
    assert plan_.waits == blue_green_schedule(policy, fleet)
    assert last.at + last.wait == plan_.waits.total
    assert [s.at for s in plan_.steps] == sorted(s.at for s in plan_.steps)
    known = [s.traffic for s in plan_.steps if s.traffic is not None]
    assert known == sorted(known) and all(0 < t <= 100 for t in known)


@settings(max_examples=200, deadline=None)
@given(wait=waits, size=sizes, fleet=st.none() | st.integers(1, 200))
def test_rolling_batches_add_up_to_the_sm209_estimate(wait, size, fleet):
    policy = {"MaximumBatchSize": size, "WaitIntervalInSeconds": wait}
    plan_ = timeline({"RollingUpdatePolicy": policy}, fleet)
    last = plan_.steps[-1]
    assert plan_.waits == rolling_schedule(policy, fleet)
    assert last.at + last.wait == plan_.waits.total
    assert plan_.steps[-1].traffic in (100, None)


def test_plan_takes_n_from_the_endpoint_config_of_the_same_file_and_says_so():
    from smlint.plan import run

    path = str(Path(__file__).parents[2] / "examples" / "endpoint-stack.yaml")
    text, code = run(path, "text", None)
    assert code == 0
    assert text.splitlines()[1].endswith(
        "blue/green LINEAR, fleet of 4 instances (endpoint config resource Config, " + path + ":16)"
    )
    (plan,) = json.loads(run(path, "json", None)[0])
    assert (plan["fleet_size"], plan["fleet_source"]) == (4, f"endpoint config resource Config, {path}:16")
    # --instance-count wins, and then no source is claimed
    (plan,) = json.loads(run(path, "json", 8)[0])
    assert (plan["fleet_size"], plan["fleet_source"]) == (8, None)
