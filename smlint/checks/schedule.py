"""The deployment schedule model: how many steps a deployment takes and how long it must
wait. One implementation, used by SM204-SM209 (and by ``smlint plan`` later)."""

from __future__ import annotations

from dataclasses import dataclass

from ..wording import number
from . import integer, known

PERCENT = "CAPACITY_PERCENT"
COUNT = "INSTANCE_COUNT"


@dataclass(frozen=True)
class Capacity:
    type: str  # PERCENT or COUNT
    value: int

    def describe(self, fleet: int | None) -> str:
        """'25% of the fleet' or '3 of 4 instances (75% of the fleet)'."""
        value = number(self.value)
        if self.type == PERCENT:
            return f"{value}% of the fleet"
        if fleet:
            return f"{value} of {fleet} instances ({_pct(self.value, fleet)} of the fleet)"
        return f"{value} instance{'s' if self.value != 1 else ''}"


def capacity(value) -> Capacity | None:
    """A CapacitySize whose Type and Value are both known and valid, else None."""
    if not isinstance(value, dict):
        return None
    kind, amount = value.get("Type"), integer(value.get("Value"))
    if kind in (PERCENT, COUNT) and amount is not None:
        return Capacity(kind, amount)
    return None


# The step sizes the API allows, in % of the fleet.
LINEAR_BOUNDS = (10, 50)
ROLLING_BOUNDS = (5, 50)


def in_bounds(size: Capacity, fleet: int | None, low: int, high: int) -> bool | None:
    """Is ``size`` within low-high % of the fleet? None when that needs N and N is unknown."""
    if size.type == PERCENT:
        return low <= size.value <= high
    if not fleet:
        return None
    return low * fleet <= size.value * 100 <= high * fleet


AT_LEAST = "at least 2 steps"  # how many steps, when the step size cannot tell


def batch_instances(percent: int, fleet: int) -> int:
    """A batch of ``percent`` % of ``fleet`` instances: max(1, ceil(p·N/100)), the largest it
    can be (SageMaker documents no rounding; a batch is at least one instance)."""
    return max(1, -(-percent * fleet // 100))


def _per_batch(size: Capacity, fleet: int, bounds: tuple) -> str:
    b = batch_instances(size.value, fleet)
    noun = "step" if bounds == LINEAR_BOUNDS else "batch"
    return f"{size.value}% of {fleet} instances is {b} instance{'s' if b != 1 else ''} per {noun}, {fleet} / {b} rounded up"


def steps(size: Capacity | None, fleet: int | None, bounds: tuple) -> tuple:
    """(number of steps, how it was worked out) for batches of ``size``, as estimated:
    ceil(100/p) for a percentage (min(ceil(100/p), ceil(N/b)) with N known: a fleet of N
    takes at most N batches), ceil(N/v) for an instance count when N is known, else 2 (a
    step is at most 50% of the fleet). A size outside ``bounds`` is another rule's finding;
    counting steps from it would only repeat that finding, so it counts as unknown."""
    if size and in_bounds(size, fleet, *bounds):
        if size.type == PERCENT:
            estimate = -(-100 // size.value)
            if fleet:
                count = -(-fleet // batch_instances(size.value, fleet))
                if count < estimate:
                    return count, _per_batch(size, fleet, bounds)
            return estimate, f"100 / {size.value}% rounded up"
        return -(-fleet // size.value), f"{fleet} instances / {size.value} rounded up"
    return 2, AT_LEAST


def fewest_steps(size: Capacity | None, fleet: int | None, bounds: tuple) -> tuple:
    """(number of steps, how) that a deployment takes for certain: ceil(N/b) for a percentage
    and ceil(N/v) for an instance count when N is known, else 1."""
    if size and fleet and in_bounds(size, fleet, *bounds):
        if size.type == PERCENT:
            return -(-fleet // batch_instances(size.value, fleet)), _per_batch(size, fleet, bounds)
        return -(-fleet // size.value), f"{fleet} instances / {size.value} rounded up"
    return 1, "at least 1 batch" + ("" if fleet else ", as the fleet size N is not known")


@dataclass(frozen=True)
class Waits:
    """The waits a deployment must take: ``total`` seconds, explained by ``formula``."""

    total: int
    formula: str


def wait_seconds(value) -> int | None:
    return integer(value) if known(value) else None


def termination_wait(policy: dict) -> int | None:
    """TerminationWaitInSeconds; absent means the documented default, 0."""
    value = policy.get("TerminationWaitInSeconds", 0)
    return wait_seconds(value)


def blue_green_minimum(policy: dict) -> Waits | None:
    """The documented rule: the timeout must exceed WaitIntervalInSeconds + TerminationWaitInSeconds."""
    routing = policy.get("TrafficRoutingConfiguration")
    if not isinstance(routing, dict):
        return None
    wait, term = wait_seconds(routing.get("WaitIntervalInSeconds")), termination_wait(policy)
    if wait is None or term is None:
        return None
    return Waits(
        wait + term, f"WaitIntervalInSeconds {wait} + TerminationWaitInSeconds {term} = {wait + term} s"
    )


def blue_green_schedule(policy: dict, fleet: int | None) -> Waits | None:
    """The estimated schedule: CANARY bakes twice (canary, then the final bake), LINEAR once
    per step, ALL_AT_ONCE once; then the old fleet waits TerminationWaitInSeconds."""
    routing = policy.get("TrafficRoutingConfiguration")
    if not isinstance(routing, dict):
        return None
    kind = routing.get("Type")
    wait, term = wait_seconds(routing.get("WaitIntervalInSeconds")), termination_wait(policy)
    if wait is None or term is None or kind not in ("ALL_AT_ONCE", "CANARY", "LINEAR"):
        return None
    if kind == "CANARY":
        count, how = 2, "canary bake + final bake"
    elif kind == "LINEAR":
        count, how = steps(capacity(routing.get("LinearStepSize")), fleet, LINEAR_BOUNDS)
        how = f"{count} linear steps, {how}"
    else:
        count, how = 1, "one bake"
    total = count * wait + term
    return Waits(
        total, f"{count} × WaitIntervalInSeconds {wait} ({how}) + TerminationWaitInSeconds {term} = {total} s"
    )


def rolling_minimum(policy: dict, fleet: int | None) -> Waits | None:
    """A rolling deployment bakes once per batch: WaitIntervalInSeconds × the fewest batches
    it can take (SM208's certainty)."""
    return _rolling_waits(policy, fleet, fewest_steps)


def rolling_schedule(policy: dict, fleet: int | None) -> Waits | None:
    """WaitIntervalInSeconds × the estimated batch count (SM209, the plan)."""
    return _rolling_waits(policy, fleet, steps)


def _rolling_waits(policy: dict, fleet: int | None, count_steps) -> Waits | None:
    wait = wait_seconds(policy.get("WaitIntervalInSeconds"))
    if wait is None:
        return None
    count, how = count_steps(capacity(policy.get("MaximumBatchSize")), fleet, ROLLING_BOUNDS)
    total = count * wait
    noun = "batch" if count == 1 else "batches"
    return Waits(total, f"WaitIntervalInSeconds {wait} × {count} {noun} ({how}) = {total} s")


def _pct(part: int, whole: int) -> str:
    if part > 1000 * whole:
        return "over 100000%"
    value = 100 * part / whole
    return f"{value:.0f}%" if value == int(value) else f"{value:.1f}%"


# --- the whole deployment, step by step (``smlint plan``, SM602) --------------------------


@dataclass(frozen=True)
class Step:
    """One step of a deployment: at ``at`` seconds (provisioning excluded), ``action``
    ("shift", "batch", "terminate"), after which ``traffic`` % of the traffic is on the new
    fleet (``instances`` of it when N is known), then a wait of ``wait`` seconds."""

    at: int | None
    action: str
    traffic: float | None
    instances: int | None
    wait: int | None
    what: str


@dataclass(frozen=True)
class Timeline:
    policy: str  # ALL_AT_ONCE, CANARY, LINEAR, ROLLING; "" when unknown
    steps: tuple
    waits: Waits | None  # the estimated schedule: the same numbers as SM208/SM209
    timeout: int | None  # MaximumExecutionTimeoutInSeconds
    timeout_path: tuple
    unknown: tuple  # what could not be known, in words
    minimum: Waits | None = None  # the waits it takes for certain (SM208's); ``waits`` is an estimate


DEFAULT_POLICY = "ALL_AT_ONCE"  # what SageMaker does when DeploymentConfig names no policy


def timeline(config, fleet: int | None) -> Timeline | None:
    """The deployment a DeploymentConfig describes, for a fleet of ``fleet`` instances (None
    when unknown): one implementation of the schedule, shared by SM602 and ``smlint plan``;
    its total is SM209's estimate (blue/green) and SM208's batch count (rolling)."""
    if not isinstance(config, dict):
        return None
    rolling = config.get("RollingUpdatePolicy")
    if isinstance(rolling, dict):
        plan = _rolling(rolling, fleet)
        if "BlueGreenUpdatePolicy" in config:
            both = "which policy runs: both BlueGreenUpdatePolicy and RollingUpdatePolicy are set (SM201)"
            plan = Timeline(
                *(plan.policy, plan.steps, plan.waits, plan.timeout, plan.timeout_path),
                (both,) + plan.unknown,
                plan.minimum,
            )
        return plan
    blue_green = config.get("BlueGreenUpdatePolicy")
    if not isinstance(blue_green, dict):
        unknown = (
            (
                "the policy's waits: DeploymentConfig names no update policy, so SageMaker runs "
                "blue/green ALL_AT_ONCE",
            )
            if "BlueGreenUpdatePolicy" not in config
            else ("BlueGreenUpdatePolicy is not known",)
        )
        return Timeline("", (), None, None, (), unknown)
    return _blue_green(blue_green, fleet)


def _share(size: Capacity | None, fleet: int | None, multiple: int) -> tuple:
    """(traffic %, instances) after ``multiple`` steps of ``size``; None where unknown."""
    if size is None:
        return None, None
    if size.type == PERCENT:
        if fleet:  # whole instances per step (batch_instances)
            instances = min(fleet, batch_instances(size.value, fleet) * multiple)
            share = 100 * instances / fleet
            return (int(share) if share == int(share) else round(share, 1)), instances
        return min(100, size.value * multiple), None
    if not fleet:
        return None, size.value * multiple
    instances = min(fleet, size.value * multiple)
    return round(100 * instances / fleet, 1), instances


def _whole(fleet: int | None) -> int | None:
    return fleet or None


def _blue_green(policy: dict, fleet: int | None) -> Timeline:
    routing = policy.get("TrafficRoutingConfiguration")
    routing = routing if isinstance(routing, dict) else {}
    kind = routing.get("Type") if routing.get("Type") in ("ALL_AT_ONCE", "CANARY", "LINEAR") else ""
    wait = wait_seconds(routing.get("WaitIntervalInSeconds"))
    term = termination_wait(policy)
    unknown = []
    if not kind:
        unknown.append("TrafficRoutingConfiguration.Type")
    if wait is None:
        unknown.append("WaitIntervalInSeconds")
    if term is None:
        unknown.append("TerminationWaitInSeconds")

    def at(multiple: int):
        return None if wait is None else multiple * wait

    timeout = integer(policy.get("MaximumExecutionTimeoutInSeconds"))
    timeout_path = ("BlueGreenUpdatePolicy", "MaximumExecutionTimeoutInSeconds")
    if not kind:  # which steps depends on the Type
        return Timeline("", (), None, timeout, timeout_path, tuple(unknown))
    out: list = []
    if kind == "CANARY":
        size = capacity(routing.get("CanarySize"))
        traffic, instances = _share(size, fleet, 1)
        if size is None:
            unknown.append("CanarySize")
        out.append(Step(0, "shift", traffic, instances, wait, "canary: shift, then bake"))
        out.append(Step(at(1), "shift", 100, _whole(fleet), wait, "shift the rest, then the final bake"))
        count = 2
    elif kind == "LINEAR":
        size = capacity(routing.get("LinearStepSize"))
        count, how = steps(size, fleet, LINEAR_BOUNDS)
        if how == AT_LEAST:
            unknown.append(_unknown_count("linear steps", "LinearStepSize", size, fleet))
            size = None
        for i in range(1, count + 1):
            traffic, instances = _share(size, fleet, i)
            out.append(
                Step(
                    at(i - 1),
                    "shift",
                    traffic if i < count or size is None else 100,
                    instances if i < count else (_whole(fleet) if size else None),
                    wait,
                    f"linear step {i} of {count}{'+' if size is None else ''}: shift, then bake",
                )
            )
    else:
        out.append(Step(0, "shift", 100, _whole(fleet), wait, "shift all traffic, then bake"))
        count = 1
    end = at(count)
    out.append(
        Step(
            end,
            "terminate",
            100,
            _whole(fleet),
            term,
            "old fleet kept for TerminationWaitInSeconds, then terminated",
        )
    )
    return Timeline(
        kind,
        tuple(out),
        blue_green_schedule(policy, fleet),
        timeout,
        timeout_path,
        tuple(unknown),
        blue_green_minimum(policy),
    )


def _unknown_count(what: str, field: str, size, fleet) -> str:
    """Why a plan cannot count its steps."""
    why = "in instances needs N" if size and size.type == COUNT and not fleet else "unknown or invalid"
    return f"the number of {what} ({field} {why})"


def _rolling(policy: dict, fleet: int | None) -> Timeline:
    wait = wait_seconds(policy.get("WaitIntervalInSeconds"))
    size = capacity(policy.get("MaximumBatchSize"))
    count, how = steps(size, fleet, ROLLING_BOUNDS)
    unknown = [] if wait is not None else ["WaitIntervalInSeconds"]
    if how == AT_LEAST:
        unknown.append(_unknown_count("batches", "MaximumBatchSize", size, fleet))
        size = None
    out = []
    for i in range(1, count + 1):
        traffic, instances = _share(size, fleet, i)
        last = i == count and size is not None
        out.append(
            Step(
                0 if i == 1 else None if wait is None else (i - 1) * wait,
                "batch",
                100 if last else traffic,
                _whole(fleet) if last else instances,
                wait,
                f"batch {i} of {count}{'+' if size is None else ''}: replace, then bake",
            )
        )
    timeout = integer(policy.get("MaximumExecutionTimeoutInSeconds"))
    return Timeline(
        "ROLLING",
        tuple(out),
        rolling_schedule(policy, fleet),
        timeout,
        ("RollingUpdatePolicy", "MaximumExecutionTimeoutInSeconds"),
        tuple(unknown),
        rolling_minimum(policy, fleet),
    )
