"""SM2xx: the deployment strategy (update policies, step sizes, timeouts)."""

from __future__ import annotations

from ..dialects import TERRAFORM_TIMEOUT_LIMIT  # the AWS provider's own limit (SM601)
from ..model import MISSING
from ..wording import number
from . import Request, check, given, integer
from .schedule import (
    COUNT,
    PERCENT,
    blue_green_minimum,
    blue_green_schedule,
    capacity,
    in_bounds,
    rolling_minimum,
    rolling_schedule,
)

DC = ("DeploymentConfig",)
BLUE_GREEN = DC + ("BlueGreenUpdatePolicy",)
ROUTING = BLUE_GREEN + ("TrafficRoutingConfiguration",)
ROLLING = DC + ("RollingUpdatePolicy",)

MIN_TIMEOUT, MAX_TIMEOUT = 600, 28800


def _dict(value) -> dict | None:
    return value if isinstance(value, dict) else None


@check("SM201")
def multiple_update_policies(req: Request):
    config = _dict(req.get(*DC))
    if (
        config
        and given(config.get("BlueGreenUpdatePolicy", MISSING))
        and given(config.get("RollingUpdatePolicy", MISSING))
    ):
        keys = list(config)
        second = max(("BlueGreenUpdatePolicy", "RollingUpdatePolicy"), key=keys.index)
        first = "RollingUpdatePolicy" if second == "BlueGreenUpdatePolicy" else "BlueGreenUpdatePolicy"
        who = " (Terraform rejects both)" if req.target == "terraform" else ""
        yield (
            DC + (second,),
            (
                f"DeploymentConfig has both {first} and {second}; the API says only one update policy "
                f"should be used{who}"
            ),
            "keep one and remove the other",
        )


_STEP_FIELD = {"CANARY": "CanarySize", "LINEAR": "LinearStepSize"}


@check("SM202")
def missing_step_size(req: Request):
    routing = _dict(req.get(*ROUTING))
    if not routing:
        return
    kind = routing.get("Type")
    member = _STEP_FIELD.get(kind) if isinstance(kind, str) else None
    if member and routing.get(member, MISSING) is MISSING:
        example = (
            '{"Type": "CAPACITY_PERCENT", "Value": 10}'
            if kind == "CANARY"
            else '{"Type": "CAPACITY_PERCENT", "Value": 20}'
        )
        yield (
            ROUTING,
            (
                f"{req.field(ROUTING + ('Type',))} is {kind} but {member} is missing; a {kind.lower()} deployment "
                "needs its step size"
            ),
            f"add {member}, e.g. {example}",
        )


@check("SM203")
def mismatched_step_size(req: Request):
    routing = _dict(req.get(*ROUTING))
    if not routing or not isinstance(routing.get("Type"), str):
        return
    kind = routing["Type"]
    for wanted, member in _STEP_FIELD.items():
        if given(routing.get(member, MISSING)) and kind != wanted:
            yield (
                ROUTING + (member,),
                (
                    f"{req.field(ROUTING + (member,))} is set but Type is {kind}; {member} is used only with "
                    f"Type {wanted}, so it is ignored"
                ),
                f"remove it, or set Type to {wanted}",
            )


_NO_VALUE = "ALL_AT_ONCE"  # how _bounds begins when no Value of the size's Type fits


def _bounds(size, fleet, low: int, high: int):
    """None when ``size`` is within low-high % of the fleet (or cannot be judged); else what
    to write instead."""
    if size.type == PERCENT:
        if size.value < low or size.value > high:
            return f"a Value between {low} and {high}" if low else f"a Value of at most {high}"
        return None
    if not fleet or in_bounds(size, fleet, low, high):
        return None  # an instance count needs N: skipped, never guessed
    if size.value > fleet:
        return None  # more instances than the fleet has: SM503's finding, one for one problem
    least, most = max(-(-low * fleet // 100), 1), high * fleet // 100  # integer ceil and floor
    if least > most:
        share = f"{low}-{high}%" if low else f"at most {high}%"
        return (
            f"{_NO_VALUE} or a larger fleet (no whole number of instances is {share} of "
            f"{fleet} instance{'s' if fleet != 1 else ''})"
        )
    if not low:
        return f"a Value of at most {most}"
    if least == most:
        return f"a Value of {least}"
    return f"a Value between {least} and {most}"


def _culprit(path: tuple, allowed: str) -> tuple:
    """Where a size finding points: the Value (the number that is wrong), or the Type when
    no Value of that Type can do (an instance count on a fleet too small for it)."""
    return path + (("Type",) if allowed.startswith(_NO_VALUE) else ("Value",))


@check("SM204")
def canary_too_large(req: Request):
    path = ROUTING + ("CanarySize",)
    size = capacity(req.get(*path))
    if not size or req.get(*ROUTING, "Type") != "CANARY":
        return  # with another Type the size is ignored: SM203's business
    allowed = _bounds(size, req.fleet_size, 0, 50)
    if allowed:
        yield (
            _culprit(path, allowed),
            (
                f"{req.field(path)} is {size.describe(req.fleet_size)}; a canary must be at most 50% "
                "(SageMaker rejects it)"
            ),
            f"use {allowed}",
        )


@check("SM205")
def linear_step_out_of_range(req: Request):
    path = ROUTING + ("LinearStepSize",)
    size = capacity(req.get(*path))
    if not size or req.get(*ROUTING, "Type") != "LINEAR":
        return  # with another Type the size is ignored: SM203's business
    allowed = _bounds(size, req.fleet_size, 10, 50)
    if allowed:
        yield (
            _culprit(path, allowed),
            (
                f"{req.field(path)} is {size.describe(req.fleet_size)}; a linear step must be 10-50% of the "
                "fleet (SageMaker rejects it)"
            ),
            f"use {allowed}",
        )


@check("SM206")
def rolling_batch_out_of_range(req: Request):
    path = ROLLING + ("MaximumBatchSize",)
    size = capacity(req.get(*path))
    if not size:
        return
    allowed = _bounds(size, req.fleet_size, 5, 50)
    if allowed:
        yield (
            _culprit(path, allowed),
            (
                f"{req.field(path)} is {size.describe(req.fleet_size)}; a rolling batch must be 5-50% of the "
                "fleet (SageMaker rejects it)"
            ),
            f"use {allowed}",
        )


@check("SM207")
def rollback_batch_too_large(req: Request):
    path = ROLLING + ("RollbackMaximumBatchSize",)
    size = capacity(req.get(*path))
    if not size:
        return
    fleet = req.fleet_size
    if size.type == PERCENT and size.value > 100:
        yield (
            path,
            (f"{req.field(path)} is {number(size.value)}% of the fleet; a rollback batch cannot exceed 100%"),
            "use a Value of at most 100, or leave the field out (the default rolls back the whole fleet at once)",
        )
    elif size.type == COUNT and fleet and size.value > fleet:
        yield (
            path,
            (
                f"{req.field(path)} is {number(size.value)} instances but the fleet has {fleet}; a rollback batch cannot "
                "exceed the fleet"
            ),
            f"use a Value of at most {fleet}",
        )


def _timeout(policy: dict):
    return integer(policy.get("MaximumExecutionTimeoutInSeconds"))


def _minimums(req: Request):
    """(timeout path, timeout, waits it must exceed) for each policy whose numbers are known."""
    for policy, what in ((BLUE_GREEN, "blue/green deployment"), (ROLLING, "rolling deployment")):
        found = _dict(req.get(*policy))
        if found and _timeout(found) is not None:
            waits = _schedules(req, policy)[0]
            if waits:
                yield policy, _timeout(found), waits, what


def _schedules(req: Request, policy: tuple):
    """(SM208's certain waits, SM209's estimated schedule) of the policy at ``policy``: worked
    out once per request (SM208, SM209 and their suggestions all read them)."""
    known = req.derived.get(("schedules", policy))
    if known is None:
        known = req.derived[("schedules", policy)] = _schedules_of(req, policy)
    return known


def _schedules_of(req: Request, policy: tuple):
    found = _dict(req.get(*policy))
    if not found:
        return None, None
    if policy == BLUE_GREEN:
        return blue_green_minimum(found), blue_green_schedule(found, req.fleet_size)
    return rolling_minimum(found, req.fleet_size), rolling_schedule(found, req.fleet_size)


def _proposal(req: Request, policy: tuple, total: int) -> tuple:
    """(floor, limit, timeout): a timeout above ``total`` that clears both SM208 (above the
    certain waits) and SM209 (at least the estimated schedule), with room for provisioning;
    None when no timeout within the target's limit can."""
    minimum, schedule = _schedules(req, policy)
    floor = max(total, minimum.total if minimum else 0, schedule.total if schedule else 0)
    limit = TERRAFORM_TIMEOUT_LIMIT if req.target == "terraform" else MAX_TIMEOUT
    proposal = max(MIN_TIMEOUT, floor + 600)
    if proposal > limit and limit > floor:
        proposal = limit
    return floor, limit, proposal if proposal <= limit else None


def timeout_proposal(req: Request, policy: tuple) -> int | None:
    """The timeout SM208 and SM209 suggest for the policy at ``policy``: what their fix sets."""
    return _proposal(req, policy, 0)[2]


def _suggest(req: Request, policy: tuple, total: int) -> str:
    floor, limit, proposal = _proposal(req, policy, total)
    if proposal is None:
        return (
            f"a timeout above {floor} s would be needed, but the maximum is {limit}: "
            "shorten the waits or use fewer steps"
        )
    return f"set it above {total} s, with room for provisioning (e.g. {proposal})"


@check("SM208")
def timeout_shorter_than_waits(req: Request):
    for policy, timeout, waits, what in _minimums(req):
        if timeout <= waits.total:
            path = policy + ("MaximumExecutionTimeoutInSeconds",)
            yield (
                path,
                (
                    f"{req.field(path)} is {timeout} s but the {what} must wait {waits.formula}; the timeout "
                    "must be larger than the waits"
                ),
                _suggest(req, policy, waits.total),
            )


@check("SM209")
def timeout_below_schedule(req: Request):
    for policy in (BLUE_GREEN, ROLLING):
        found = _dict(req.get(*policy))
        timeout = _timeout(found) if found else None
        if timeout is None:
            continue
        minimum, schedule = _schedules(req, policy)
        if minimum and timeout <= minimum.total:
            continue  # SM208 fired: one finding for one problem
        if schedule and timeout < schedule.total:
            path = policy + ("MaximumExecutionTimeoutInSeconds",)
            yield (
                path,
                (
                    f"{req.field(path)} is {timeout} s but the estimated schedule is {schedule.formula}, before "
                    "provisioning time; the deployment may time out and roll back"
                ),
                _suggest(req, policy, schedule.total),
            )


@check("SM210")
def no_update_policy(req: Request):
    if req.target == "terraform":
        return  # the provider requires one: SM101 (rules/schema/terraform.json)
    config = req.get(*DC)
    if (
        isinstance(config, dict)
        and "BlueGreenUpdatePolicy" not in config
        and "RollingUpdatePolicy" not in config
    ):
        yield (
            DC,
            (
                "DeploymentConfig has neither BlueGreenUpdatePolicy nor RollingUpdatePolicy; SageMaker falls back "
                "to blue/green ALL_AT_ONCE"
            ),
            "state the policy you want explicitly",
        )
