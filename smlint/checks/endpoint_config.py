"""SM5xx: the request against the endpoint config it names (``Request.config``, a
``smlint.endpoint_configs.ConfigRecord``) and its fleet size N. Silent when the config or N is unknown."""

from __future__ import annotations

from ..model import MISSING
from ..wording import number
from . import Request, check, given
from .schedule import COUNT, capacity

DC = ("DeploymentConfig",)
BLUE_GREEN = DC + ("BlueGreenUpdatePolicy",)
ROUTING = BLUE_GREEN + ("TrafficRoutingConfiguration",)
ROLLING = DC + ("RollingUpdatePolicy",)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


@check("SM501")
def rolling_unsupported_endpoint(req: Request):
    config = req.config
    if config is None or not isinstance(req.get(*ROLLING), dict):
        return
    if config.variants is not None and config.variants > 1:
        why = f"has {config.variants} production variants"
    elif any(s is True for s in config.serverless):
        why = "has a serverless variant"
    else:
        return
    yield (
        ROLLING,
        (
            f"{req.field(ROLLING)} is set but endpoint config {config.name} ({config.where}) {why}; rolling "
            "deployments support only endpoints with one instance-based variant"
        ),
        "use BlueGreenUpdatePolicy",
    )


@check("SM502")
def guardrails_fallback(req: Request):
    config = req.config
    if config is None:
        return
    inf1 = sorted({t for t in config.instance_types if t and t.startswith("ml.inf1.")})
    if not inf1:
        return
    for policy in (BLUE_GREEN, ROLLING):
        if given(req.get(*policy)):
            yield (
                policy,
                (
                    f"{req.field(policy)} asks for deployment guardrails but endpoint config {config.name} "
                    f"({config.where}) runs on {', '.join(inf1)}; SageMaker ignores these steps and waits on "
                    "Inf1 instances"
                ),
                "plan the rollout as blue/green all-at-once with no final baking period and no deployment "
                "events (what SageMaker falls back to), or use another instance type",
            )
            return


def _in_effect(req: Request):
    """(path, size) of the step sizes the deployment uses: a canary only with Type CANARY, a
    linear step only with LINEAR (a size the Type ignores is SM203's)."""
    kind = req.get(*ROUTING, "Type")
    if kind == "CANARY":
        yield ROUTING + ("CanarySize",)
    elif kind == "LINEAR":
        yield ROUTING + ("LinearStepSize",)
    yield ROLLING + ("MaximumBatchSize",)


@check("SM503")
def capacity_exceeds_fleet(req: Request):
    fleet = req.fleet_size
    if not fleet:
        return
    for path in _in_effect(req):
        size = capacity(req.get(*path))
        if size and size.type == COUNT and size.value > fleet:
            half = fleet // 2
            fix = (
                f"use a Value of at most {half} (a step is at most half of the fleet), or CAPACITY_PERCENT"
                if half
                else "deploy blue/green ALL_AT_ONCE (one instance cannot be split into steps), or add instances"
            )
            yield (
                path + ("Value",),  # the number that is wrong: a suppression on its line applies
                f"{req.field(path)} is {number(size.value)} instances but the fleet has only {_plural(fleet, 'instance')}",
                fix,
            )


@check("SM504")
def fleet_too_small(req: Request):
    if req.fleet_size != 1:
        return
    kind = req.get(*ROUTING, "Type")
    if kind in ("CANARY", "LINEAR"):
        path = ROUTING + ("Type",)
        what = f"is {kind}"
        fix = "use ALL_AT_ONCE with a WaitIntervalInSeconds bake, or add instances"
    elif req.get(*ROLLING) is not MISSING and given(req.get(*ROLLING)):
        path, what = ROLLING, "is set"
        fix = "use a blue/green ALL_AT_ONCE deployment, or add instances"
    else:
        return
    yield (
        path,
        (
            f"{req.field(path)} {what} on a fleet of {_plural(1, 'instance')}; there is nothing to shift "
            "gradually, every step moves the whole fleet"
        ),
        fix,
    )
