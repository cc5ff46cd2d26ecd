"""Kubernetes manifests of the AWS Controllers for Kubernetes (ACK) SageMaker controller.

An ``Endpoint`` resource (``apiVersion: sagemaker.services.k8s.aws/…``) is the request the
controller sends when its spec changes: ``spec.deploymentConfig`` in camelCase (``type_`` for
``Type``), ``spec.endpointName``, ``spec.endpointConfigName``. The controller always sends
``RetainAllVariantProperties: true`` on an update, so the retain rules read it as true and
the new config's instance count is not the fleet size (only ``--instance-count`` gives N).
An ``EndpointConfig`` resource is an endpoint config for the context index. Each document of
a multi-document manifest (kustomize output) is read on its own.
"""

from __future__ import annotations

from ..model import ENDPOINT_CONFIG, UPDATE_ENDPOINT
from .extracted import Extracted

GROUP = "sagemaker.services.k8s.aws/"
KINDS = {"Endpoint": UPDATE_ENDPOINT, "EndpointConfig": ENDPOINT_CONFIG}
# Sent apart from UpdateEndpoint (the controller tags the resource with AddTags/DeleteTags).
NOT_SENT = frozenset({"tags"})
RETAIN = "RetainAllVariantProperties"


def is_resource(value) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("apiVersion"), str)
        and value["apiVersion"].startswith(GROUP)
        and value.get("kind") in KINDS
    )


def extract(composed, path: str) -> Extracted:
    from ..model import Unresolved
    from . import members
    from .python.values import LDict, Lit

    value = composed.value
    kind = KINDS[value["kind"]]
    spans = composed.source_map.spans
    spec = value.get("spec")
    found = Extracted()
    if not isinstance(spec, dict):
        return found  # no spec, or one from a tool that fills it in: nothing to read
    metadata = value.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    origin = f"ACK {value['kind']} {name}" if isinstance(name, str) else f"ACK {value['kind']}"
    located = members.from_composed(spec, spans, ("spec",))
    # ``xRef`` (ACK's reference to another resource) stands for ``xName``, which the
    # controller resolves
    for key in list(located.entries):
        if isinstance(key, str) and key.endswith("Ref") and key[:-3] + "Name" not in located.entries:
            kpos, _ = located.entries.pop(key)
            reason = f"resolved by the ACK controller from spec.{key}"
            located.entries[key[:-3] + "Name"] = (kpos, Lit(Unresolved(reason), kpos))
    request = members.to_api(located, "ack", drop=NOT_SENT)
    spec_at = spans.get(("spec",))
    start = spec_at.key if spec_at is not None else composed.source_map.start
    if kind == UPDATE_ENDPOINT:
        entries = dict(request.entries)
        entries.pop(RETAIN, None)  # (not a member of the CRD: the controller's own value wins)
        entries[RETAIN] = (start, Lit(True, start))
        request = LDict(entries, request.pos, request.open, request.dups)
    unit, config = members.units(path, kind, request, start, origin)
    if unit is not None:
        found.units.append(unit)
    else:
        found.configs.append(config)
    return found


def read_document(composed, path: str, context) -> Extracted | None:
    """The request or endpoint config of an ACK resource (smlint.readers.documents)."""
    return extract(composed, path) if is_resource(composed.value) else None
