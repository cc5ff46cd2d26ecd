"""Endpoint-config context: what the endpoint config a request names says about its fleet.

Every reader hands over CreateEndpointConfig-shaped ENDPOINT_CONFIG documents (a JSON/YAML
request, a CloudFormation ``AWS::SageMaker::EndpointConfig``, a Terraform resource, a
``create_endpoint_config`` call). Each becomes a ``ConfigRecord``: small, frozen and
picklable, so a worker can send it back and a cache can keep it. An ``Index`` matches a
request's ``refers_to`` keys against the records' ``known_as`` keys.

Fleet size N: the catalog's N is "the variant's total instance count", and a deployment's
step sizes apply to each variant. So N is the InitialInstanceCount of the config's variant;
with several variants, N is known only when they all have the same count (each one then
deploys over N instances); otherwise, or with a serverless or unresolved variant, N is
unknown and the checks needing it are skipped, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .findings import qualified
from .model import MISSING, Document, Unresolved


def _count(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else None


@dataclass(frozen=True)
class ConfigRecord:
    keys: tuple  # the keys it is known by: ("name", …), ("cfn", template, logical id), …
    name: str  # as messages show it: `its EndpointConfigName`, else what defines it ("resource Config")
    where: str  # "path:line" of its ProductionVariants
    variants: int | None  # how many ProductionVariants; None when the list is not known
    counts: tuple  # InitialInstanceCount per variant, None where unknown or serverless
    instance_types: tuple  # InstanceType per variant, None where unknown
    serverless: tuple  # per variant: True, False, or None when unknown

    @property
    def fleet(self) -> int | None:
        """N, when every variant has the same known instance count (see the module's note)."""
        if not self.counts or any(c is None for c in self.counts) or len(set(self.counts)) != 1:
            return None
        return self.counts[0]

    def describe(self) -> str:
        return f"endpoint config {self.name}, {self.where}"

    def facts(self) -> tuple:
        return (self.variants, self.counts, self.instance_types, self.serverless)


def record(doc: Document) -> ConfigRecord:
    """The record of an ENDPOINT_CONFIG document."""
    payload = doc.payload if isinstance(doc.payload, dict) else {}
    variants = payload.get("ProductionVariants", MISSING)
    items = variants if isinstance(variants, list) else []
    counts, types, serverless = [], [], []
    for item in items:
        item = item if isinstance(item, dict) else {}
        config = item.get("ServerlessConfig", MISSING)
        is_serverless = (
            False if config is MISSING else None if isinstance(config, Unresolved) or config is None else True
        )
        serverless.append(is_serverless)
        counts.append(None if is_serverless is not False else _count(item.get("InitialInstanceCount")))
        kind = item.get("InstanceType")
        types.append(kind if isinstance(kind, str) else None)
    name = payload.get("EndpointConfigName")
    position = doc.source_map.resolve(("ProductionVariants",))
    return ConfigRecord(
        keys=tuple(doc.known_as),
        name=(f"`{name}` ({doc.origin})" if doc.origin and ", " in doc.origin else f"`{name}`")
        if isinstance(name, str)
        else (doc.origin or doc.path),
        where=doc.where or f"{doc.path}:{position.line}",
        variants=len(items) if isinstance(variants, list) else None,
        counts=tuple(counts),
        instance_types=tuple(types),
        serverless=tuple(serverless),
    )


class Index:
    """Endpoint configs by key. A key that names configs that disagree answers nothing:
    two folders may both define `prod-cfg`, and smlint does not guess which one applies."""

    def __init__(self, records=(), fallback: "Index | None" = None):
        self._by_key: dict = {}
        self._fallback = fallback
        for rec in records:
            for key in rec.keys:
                self._by_key.setdefault(key, []).append(rec)

    def knows(self, refers_to) -> bool:
        return any(key in self._by_key for key in refers_to) or bool(
            self._fallback and self._fallback.knows(refers_to)
        )

    def find(self, refers_to) -> ConfigRecord | None:
        for key in refers_to:
            found = self._by_key.get(key)
            if found:
                return found[0] if len({r.facts() for r in found}) == 1 else None
        return self._fallback.find(refers_to) if self._fallback else None


def run_check(check, request):
    """A check's findings; those that N from an endpoint config made possible say where N
    came from (the check is run again without N to tell which). Without such an N they are
    passed on as found, so a check that crashes midway still gives what it found before."""
    if not request.fleet_source:
        for path, message, help in check(request):
            yield tuple(path), message, help
        return
    found = [(tuple(path), message, help) for path, message, help in check(request)]
    if not found:
        return
    without = {(tuple(path), message) for path, message, _ in check(replace(request, fleet_size=None))}
    note = f"fleet of {request.fleet_size} instance{'s' if request.fleet_size != 1 else ''}: {request.fleet_source}"
    for path, message, help in found:
        yield path, message if (path, message) in without else qualified(message, note), help
