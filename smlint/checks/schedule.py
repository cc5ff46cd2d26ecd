"""The deployment schedule model: how many steps a deployment takes and how long it must
wait. One implementation, used by SM204-SM209 (and by ``smlint plan`` later)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import number
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


def steps(size: Capacity | None, fleet: int | None, bounds: tuple) -> tuple:
    """(number of steps, how it was worked out) for batches of ``size``: ceil(100/p) for a
    percentage, ceil(N/v) for an instance count when N is known, else 2 (a step is at most
    50% of the fleet). A size outside ``bounds`` is another rule's finding; counting steps
    from it would only repeat that finding, so it counts as unknown."""
    if size and in_bounds(size, fleet, *bounds):
        if size.type == PERCENT:
            return -(-100 // size.value), f"ceil(100 / {size.value}%)"
        return -(-fleet // size.value), f"ceil({fleet} instances / {size.value})"
    return 2, "at least 2 steps"


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
    """A rolling deployment bakes once per batch: WaitIntervalInSeconds × the batch count."""
    wait = wait_seconds(policy.get("WaitIntervalInSeconds"))
    if wait is None:
        return None
    count, how = steps(capacity(policy.get("MaximumBatchSize")), fleet, ROLLING_BOUNDS)
    total = count * wait
    return Waits(total, f"WaitIntervalInSeconds {wait} × {count} batches ({how}) = {total} s")


def _pct(part: int, whole: int) -> str:
    if part > 1000 * whole:
        return "over 100000%"
    value = 100 * part / whole
    return f"{value:.0f}%" if value == int(value) else f"{value:.1f}%"
