"""Infrastructure code's member names -> the API's, once, for every reader of constructs.

CDK, CDKTF, Pulumi, the SageMaker Python SDK v3 and Kubernetes ACK write the request's members
in camelCase (``blueGreenUpdatePolicy``) or snake_case (``blue_green_update_policy``, ACK's
``type_``); the rules read PascalCase. The readers build a located value (smlint.readers.python
.values: ``LDict``/``LList``/``Lit``/``Alt``, each part with its position) under the names as
written; ``to_api`` renames it for a dialect, keeping every position, so that the evaluator's
flattening (``values.alternatives``) gives the Document as any other reader's.

Dialects:

- ``cloudformation`` (CDK L1 ``CfnEndpoint``): the names only; CloudFormation's schema judges.
- ``api`` (SDK v3 shapes): the names only; ``ack``: the same, and only ``type_`` is ``Type``.
- ``terraform`` (CDKTF, Pulumi AWS): the provider's arguments, as smlint.readers.terraform reads
  them from HCL: ``name`` is EndpointName, meta-arguments and tags are not sent, a single
  nested block may be written as an object or a list of one, ``alarms`` is a list, a null
  argument or an empty block list is not set, values take Terraform's conversions, and a
  finding on a capacity block points at its ``value``.
"""

from __future__ import annotations

import re

from .python.values import Alt, LDict, Lit, LList
from .terraform import NOT_SENT

# Names whose PascalCase is not the plain one (snake_case and camelCase spellings).
SPECIAL = {
    "memory_size_in_mb": "MemorySizeInMB",
    "memorySizeInMb": "MemorySizeInMB",
    "volume_size_in_gb": "VolumeSizeInGB",
    "volumeSizeInGb": "VolumeSizeInGB",
}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def pascal(name: str) -> str:
    """``blue_green_update_policy``, ``blueGreenUpdatePolicy`` -> ``BlueGreenUpdatePolicy``;
    ACK's ``type_`` -> ``Type``."""
    special = SPECIAL.get(name)
    if special:
        return special
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def snake(name: str) -> str:
    """``blueGreenUpdatePolicy`` -> ``blue_green_update_policy`` (snake_case stays)."""
    return _CAMEL.sub("_", name).lower()


def to_api(node, dialect: str, root: dict | None = None, drop: frozenset = frozenset(), shape: str = ""):
    """``node`` with its keys as the API names them. ``root``: the names of the top level's
    members where they are not the plain PascalCase (Terraform's ``name``); ``drop``: top-level
    members that are never sent (snake_case spellings); ``shape``: the request's shape in the
    dialect's schema (Terraform: a null argument of it is not set, an unknown one is an error)."""
    return _Renamer(dialect, shape).node(node, (), root or {}, drop)


class _Renamer:
    def __init__(self, dialect: str, shape: str = ""):
        self.terraform = dialect == "terraform"
        self.ack = dialect == "ack"
        self.shape = shape
        self._members: dict = {}

    def members(self, path: tuple):
        """The member names of the shape at ``path`` (None: every name counts as one)."""
        if not self.shape:
            return None
        if path not in self._members:
            from ..model import UPDATE_ENDPOINT
            from ..shapes import defs_for

            defs = defs_for(UPDATE_ENDPOINT, "terraform")

            def resolved(n):
                while isinstance(n, dict) and "$ref" in n:
                    n = defs[n["$ref"].rsplit("/", 1)[-1]]
                return n if isinstance(n, dict) else {}

            node = resolved(defs.get(self.shape, {}))
            for key in path:
                node = resolved((node.get("properties") or {}).get(key, {}))
                if node.get("type") == "array":
                    node = resolved(node.get("items", {}))
            self._members[path] = frozenset(node.get("properties") or ())
        return self._members[path]

    def pascal(self, key: str) -> str:
        if self.ack and key == "type":
            return key  # ACK's CRDs spell the member Type `type_`: `type` is no field of theirs
        return pascal(key)

    def node(self, node, path: tuple, names: dict, drop: frozenset, name: str = ""):
        if isinstance(node, Alt):
            return Alt(
                node.id, [(c, self.node(o, path, names, drop, name)) for c, o in node.options], node.pos
            )
        if isinstance(node, LList):
            if self.terraform and name and name not in _TF_LISTS:
                # a single nested block written as a list of one (CDKTF, Pulumi, plan JSON)
                if len(node.items) == 1 and isinstance(node.items[0], (LDict, Alt)):
                    return self.node(node.items[0], path, {}, frozenset(), name)
            return LList([self.node(item, path, {}, frozenset(), name) for item in node.items], node.pos)
        if isinstance(node, LDict):
            entries: dict = {}
            renamed: dict = {}
            for key, (kpos, value) in node.entries.items():
                if not isinstance(key, str):
                    entries[key] = (kpos, value)
                    continue
                spelled = snake(key)
                if spelled in drop or key in drop:
                    continue
                api = names.get(spelled) or names.get(key) or self.pascal(key)
                if self.terraform and _unset(value):
                    known = self.members(path)
                    if known is None or api in known or isinstance(value, Lit):
                        # Terraform: null is "not set" (for any name, as smlint's Terraform
                        # reader reads it), an empty block list is no block
                        continue
                renamed[key] = api
                value = self.node(value, path + (api,), {}, frozenset(), spelled)
                if self.terraform:
                    value = _converted(value, spelled)
                    if spelled in _TF_CAPACITIES and isinstance(value, LDict) and "Value" in value.entries:
                        kpos = value.entries["Value"][0] or kpos
                entries.pop(api, None)
                entries[api] = (kpos, value)
            dups = tuple((renamed.get(k, k), first, second) for k, first, second in node.dups)
            return LDict(entries, node.pos, node.open, dups)
        return node


# Terraform's aws_sagemaker_endpoint(_configuration) arguments as CDKTF and Pulumi write them: those
# whose API member is not the plain PascalCase, and those never sent in the request
# (meta-arguments, tags, Pulumi's resource options)
TF_ENDPOINT_NAMES = {"name": "EndpointName"}
TF_CONFIG_NAMES = {"name": "EndpointConfigName"}
# (Terraform's own never-sent arguments, plus what only CDKTF and Pulumi write)
TF_NOT_SENT = NOT_SENT | frozenset({"provisioners", "name_prefix", "opts", "resource_name"})

_TF_LISTS = frozenset({"alarms", "production_variants", "exclude_retained_variant_properties", "tags"})
_TF_CAPACITIES = frozenset(
    {"canary_size", "linear_step_size", "maximum_batch_size", "rollback_maximum_batch_size"}
)


def _unset(value) -> bool:
    if isinstance(value, Lit):
        return value.value is None
    return isinstance(value, LList) and not value.items


def _converted(value, name: str):
    """Terraform's own conversion of a literal for the argument's schema type."""
    if not isinstance(value, Lit):
        return value
    from .terraform import _convert

    converted = _convert(value.value, name)
    return value if converted is value.value else Lit(converted, value.pos)


def units(
    path: str, kind: str, value, start, origin: str, target: str = "", refers: tuple = (), known: tuple = ()
):
    """(Unit or None, config Document or None) for a renamed located value: one Document per
    combination of the branches its values depend on, as smlint.readers.code does for boto3."""
    from ..locations import SourceMap
    from ..model import ENDPOINT_CONFIG, Document, name_keys
    from .extracted import Unit
    from .nodes import Duplicate
    from .python.values import alternatives

    docs = []
    for conditions, flat, _ in alternatives(value):  # (no guards here: nothing is doubted)
        payload = flat.data
        for where, reason in flat.open:
            _fill_members(payload, where, kind, target, reason)
        doc = Document(
            path,
            kind,
            payload,
            SourceMap(flat.entries, start),
            origin=origin,
            duplicates=[Duplicate(p, first, second) for p, first, second in flat.dups],
            target=target,
        )
        names = name_keys(payload)
        if kind == ENDPOINT_CONFIG:
            doc.known_as = known + names
        else:
            doc.refers_to = refers + names
        docs.append((conditions, doc))
    (_, first), *others = docs
    if kind == ENDPOINT_CONFIG:
        return None, first
    return Unit(first, variants=tuple(docs) if others else ()), None


def _fill_members(payload, where: tuple, kind: str, target: str, reason: str) -> None:
    """A dict with members we cannot see (a spread of an unknown value): each member of its
    shape that is not written is unknown, neither given nor missing."""
    from ..model import Unresolved
    from ..shapes import ROOT_SHAPES, defs_for

    if kind not in ROOT_SHAPES:
        return
    defs = defs_for(kind, target)
    node = defs[ROOT_SHAPES[kind]]
    held = payload
    for key in where:
        node = node.get("items", {}) if isinstance(key, int) else node.get("properties", {}).get(key) or {}
        while "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[-1]]
        try:
            held = held[key]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(held, dict):
        for member in node.get("properties", ()):
            if member not in held:
                held[member] = Unresolved(f"may be given by {reason}", invalid=True)


def from_composed(value, spans: dict, path: tuple = ()):
    """A JSON/YAML document's value as a located value (``spans``: its SourceMap's, path ->
    Located), for the readers that rename members of documents (ACK, plan JSON)."""
    from ..model import Unresolved

    here = spans.get(path)
    pos = here.value if here is not None else None
    if isinstance(value, dict):
        entries = {}
        for key, item in value.items():
            at = spans.get(path + (key,))
            entries[key] = (at.key if at is not None else None, from_composed(item, spans, path + (key,)))
        return LDict(entries, pos)
    if isinstance(value, list):
        return LList([from_composed(item, spans, path + (i,)) for i, item in enumerate(value)], pos)
    if isinstance(value, Unresolved):
        return Lit(value, pos)
    return Lit(value, pos)
