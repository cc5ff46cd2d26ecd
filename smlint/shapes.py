"""The API's request shapes, as data: the members, types and limits of each request kind, as
the API model (``rules/schema/sagemaker.json``) and a target tool's own schema
(``rules/schema/<target>.json``) give them. Readers use them to name and convert members;
the shape rules (smlint.schema) validate against them."""

from __future__ import annotations

import json
from functools import cache

from .model import CFN_ENDPOINT, CREATE_ENDPOINT, DEPLOYMENT_CONFIG, UPDATE_ENDPOINT

ROOT_SHAPES = {
    UPDATE_ENDPOINT: "UpdateEndpointInput",
    CREATE_ENDPOINT: "CreateEndpointInput",
    DEPLOYMENT_CONFIG: "DeploymentConfigFile",
    CFN_ENDPOINT: "CfnEndpointProperties",  # rules/schema/cloudformation.json
}


@cache
def api_schema() -> dict:
    from .registry import rules_dir

    return json.loads((rules_dir() / "schema" / "sagemaker.json").read_text(encoding="utf-8"))


def defs_for(kind: str, target: str = "") -> dict:
    """The shapes, as a target tool's own schema has them: ``rules/schema/<target>.json`` is
    a JSON Merge Patch (RFC 7386) of the API's ``$defs`` (Terraform: no retain arguments,
    alarm_name required, …; CloudFormation: the Endpoint resource's own shapes, added)."""
    if kind == CFN_ENDPOINT:
        target = "cloudformation"
    return _target_defs(target) if target else api_schema()["$defs"]


@cache
def _target_defs(target: str) -> dict:
    from .registry import rules_dir

    path = rules_dir() / "schema" / f"{target}.json"
    patch = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    patch = patch.get("$defs", patch)  # (a whole schema document, or a patch of $defs)
    patch.pop("$comment", None)
    return _merge(api_schema()["$defs"], patch)


def _merge(target, patch):
    if not isinstance(patch, dict):
        return patch
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = _merge(out.get(key), value)
    return out
