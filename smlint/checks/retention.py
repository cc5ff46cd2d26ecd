"""SM4xx: the retain flags of UpdateEndpoint."""

from __future__ import annotations

from ..model import MISSING
from . import Request, check, given, known

EXCLUDE = ("ExcludeRetainedVariantProperties",)


@check("SM401")
def exclude_without_retain(req: Request):
    if not given(req.get(*EXCLUDE)):
        return
    retain = req.get("RetainAllVariantProperties")
    if retain is MISSING or retain is False:
        state = "absent (default false)" if retain is MISSING else "false"
        yield (
            EXCLUDE,
            (
                f"ExcludeRetainedVariantProperties is given but RetainAllVariantProperties is {state}; the "
                "exclusions apply only when variant properties are retained, so this has no effect"
            ),
            "set RetainAllVariantProperties to true, or remove ExcludeRetainedVariantProperties",
        )


@check("SM403")
def duplicate_variant_property(req: Request):
    items = req.get(*EXCLUDE)
    if not isinstance(items, list):
        return
    seen: dict = {}
    for index, item in enumerate(items):
        kind = item.get("VariantPropertyType") if isinstance(item, dict) else None
        if not known(kind) or not isinstance(kind, str):
            continue
        if kind in seen:
            path = EXCLUDE + (index, "VariantPropertyType")
            yield (
                path,
                (
                    f"{req.field(path)} repeats {kind} (already item {seen[kind]}); each property type needs "
                    "listing once"
                ),
                "remove the duplicate",
            )
        else:
            seen[kind] = index


@check("SM404")
def retain_deployment_config_conflict(req: Request):
    # (a DeploymentConfig that failed the shape rules, null or a list, says nothing)
    if req.get("RetainDeploymentConfig") is True and given(req.get("DeploymentConfig")):
        yield (
            ("RetainDeploymentConfig",),
            (
                "RetainDeploymentConfig is true and a DeploymentConfig is given; reusing the last deployment "
                "configuration and sending a new one contradict, and which wins is undocumented"
            ),
            "remove RetainDeploymentConfig, or remove DeploymentConfig",
        )
