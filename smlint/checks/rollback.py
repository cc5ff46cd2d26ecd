"""SM3xx: rollback safety (alarms and bake times)."""

from __future__ import annotations

from ..model import MISSING, Unresolved
from . import Request, check, given, integer
from .deployment import BLUE_GREEN, DC, ROLLING, ROUTING

ROLLBACK = DC + ("AutoRollbackConfiguration",)


def _gradual(req: Request) -> str | None:
    """Why this deployment bakes or shifts gradually, or None."""
    kind = req.get(*ROUTING, "Type")
    if kind in ("CANARY", "LINEAR"):
        return f"Type {kind}"
    if given(req.get(*ROLLING)):
        return "RollingUpdatePolicy"
    for path in (
        ROUTING + ("WaitIntervalInSeconds",),
        BLUE_GREEN + ("TerminationWaitInSeconds",),
        ROLLING + ("WaitIntervalInSeconds",),
    ):
        seconds = integer(req.get(*path))
        if seconds:
            return f"{path[-1]} {seconds}"
    return None


@check("SM301")
def missing_rollback_alarms(req: Request):
    config = req.get(*DC)
    if not isinstance(config, dict):
        return
    rollback = config.get("AutoRollbackConfiguration", MISSING)
    if isinstance(rollback, Unresolved):
        return
    if isinstance(rollback, dict) and rollback.get("Alarms", MISSING) is not MISSING:
        return  # present (an empty or unknown list is another rule's business)
    reason = _gradual(req)
    if reason:
        present = isinstance(rollback, dict)
        fix = (
            "add Alarms to AutoRollbackConfiguration"
            if present
            else "add AutoRollbackConfiguration with Alarms"
        )
        yield (
            ROLLBACK if present else DC,
            (
                f"this deployment bakes or shifts traffic gradually ({reason}) but "
                f"{req.field(ROLLBACK + ('Alarms',))} is missing, so nothing can trigger an automatic rollback"
            ),
            f"{fix} that watch the endpoint's errors and latency",
        )


@check("SM302")
def zero_bake_time(req: Request):
    kind = req.get(*ROUTING, "Type")
    if kind in ("CANARY", "LINEAR") and integer(req.get(*ROUTING, "WaitIntervalInSeconds")) == 0:
        path = ROUTING + ("WaitIntervalInSeconds",)
        yield (
            path,
            (
                f"{req.field(path)} is 0 with Type {kind}: traffic moves on before any alarm can fire, so the "
                "gradual shift protects nothing"
            ),
            "bake each step for at least a few alarm periods (e.g. 300)",
        )
    if isinstance(req.get(*ROLLING), dict) and integer(req.get(*ROLLING, "WaitIntervalInSeconds")) == 0:
        path = ROLLING + ("WaitIntervalInSeconds",)
        yield (
            path,
            (
                f"{req.field(path)} is 0: each batch takes traffic before any alarm can fire, so the rolling "
                "deployment cannot stop a bad model"
            ),
            "bake each batch (e.g. 300)",
        )
