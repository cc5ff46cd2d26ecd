"""Terraform plan JSON (``terraform show -json plan.out``): every resource with its variables
resolved, as Terraform will send it.

Every ``aws_sagemaker_endpoint`` in ``planned_values`` (the root module and its child modules)
is an UpdateEndpoint request in Terraform's dialect (as smlint.readers.terraform reads a .tf
file: the provider's schema, SM601/SM602); every ``aws_sagemaker_endpoint_configuration`` is an
endpoint config for the context index, and an endpoint's ``endpoint_config_name`` that the
plan's ``configuration`` section shows as a reference to one names it (so N is known even
when the config's name is computed). A value Terraform knows only after apply
(``resource_changes[].change.after_unknown``) is Unresolved. In the plan every nested block
is a list (of one) and an absent one an empty list: smlint.readers.members reads them so.

Findings point at the plan file's key and name the resource address; where the module's
``.tf`` files are beside the plan (a local module source, the plan in the root module's
folder), they also say the file and line where the argument is written.
"""

from __future__ import annotations

import os

from ..model import ENDPOINT_CONFIG, UPDATE_ENDPOINT, Unresolved, walk
from ..wording import field_name
from .extracted import Extracted

ENDPOINT = "aws_sagemaker_endpoint"
CONFIG = "aws_sagemaker_endpoint_configuration"
# (and the attributes the provider computes: in planned_values, never sent)
COMPUTED = frozenset({"id", "arn"})
MAX_MODULES = 200  # module instances walked per plan


def may_be_plan(text: str) -> bool:
    return '"planned_values"' in text and f'"{ENDPOINT}' in text


def is_plan(value) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("planned_values"), dict)
        and ("terraform_version" in value or "format_version" in value)
    )


def extract(composed, path: str, depends_on=None) -> Extracted:
    plan = composed.value
    spans = composed.source_map.spans
    unknown = _after_unknown(plan)
    folder = os.path.dirname(os.path.abspath(path))
    found = Extracted()
    configs_by_call = _Configuration(plan.get("configuration"), folder, os.path.dirname(path), depends_on)
    root = plan["planned_values"].get("root_module")
    stack = [(root, ("planned_values", "root_module"))] if isinstance(root, dict) else []
    seen = 0
    while stack and seen < MAX_MODULES:
        module, at = stack.pop(0)
        seen += 1
        resources = module.get("resources")
        for i, resource in enumerate(resources if isinstance(resources, list) else []):
            if isinstance(resource, dict) and resource.get("mode", "managed") == "managed":
                if resource.get("type") in (ENDPOINT, CONFIG) and isinstance(resource.get("values"), dict):
                    _resource(found, resource, at + ("resources", i), spans, unknown, configs_by_call, path)
        children = module.get("child_modules")
        for j, child in enumerate(children if isinstance(children, list) else []):
            if isinstance(child, dict):
                stack.append((child, at + ("child_modules", j)))
    return found


def _after_unknown(plan) -> dict:
    """address -> the values Terraform knows only after apply (``true`` where unknown)."""
    out = {}
    changes = plan.get("resource_changes")
    for change in changes if isinstance(changes, list) else []:
        if isinstance(change, dict) and isinstance(change.get("change"), dict):
            after = change["change"].get("after_unknown")
            if isinstance(after, dict) and isinstance(change.get("address"), str):
                out[change["address"]] = after
    return out


def _resource(found, resource, at, spans, unknown, configuration, path) -> None:
    from . import members
    from .python.values import LDict, Lit, LList

    address = (
        resource.get("address") if isinstance(resource.get("address"), str) else resource.get("type", "")
    )
    base = at + ("values",)
    located = members.from_composed(resource["values"], spans, base)
    marks = unknown.get(address)

    def mark(node, after):
        # the values known only after apply (absent from planned_values, or null there)
        if after is True:
            return Lit(Unresolved("known only after apply"), getattr(node, "pos", None))
        if isinstance(after, dict) and isinstance(node, LDict):
            entries = dict(node.entries)
            for key, sub in after.items():
                if key in entries:
                    entries[key] = (entries[key][0], mark(entries[key][1], sub))
                elif sub is True:
                    entries[key] = (None, Lit(Unresolved("known only after apply"), node.pos))
            return LDict(entries, node.pos)
        if isinstance(after, list) and isinstance(node, LList):
            return LList(
                [mark(n, a) for n, a in zip(node.items, after + [None] * len(node.items), strict=False)],
                node.pos,
            )
        return node

    if marks is not None:
        located = mark(located, marks)
    module = address.rsplit(".", 2)[0] if address.startswith("module.") else ""
    local = address[len(module) + 1 :] if module else address
    key = at[-1]
    start_at = spans.get(at[:-1] + (key,))
    start = start_at.value if start_at is not None else None
    address_at = spans.get(at + ("address",))
    if address_at is not None and address_at.key is not None:
        start = address_at.key  # a finding on the whole resource: at its "address"
    if resource["type"] == CONFIG:
        value = members.to_api(located, "terraform", members.TF_CONFIG_NAMES, members.TF_NOT_SENT | COMPUTED)
        known = (("tfplan", path, address),)
        _, config = members.units(
            path, ENDPOINT_CONFIG, value, start, f"resource {address}", "terraform", (), known
        )
        found.configs.append(config)
        return
    value = members.to_api(
        located, "terraform", members.TF_ENDPOINT_NAMES, members.TF_NOT_SENT | COMPUTED, "UpdateEndpointInput"
    )
    refers = ()
    target = configuration.config_reference(module, local)
    if target:
        refers = (("tfplan", path, f"{module}.{target}" if module else target),)
    unit, _ = members.units(path, UPDATE_ENDPOINT, value, start, f"resource {address}", "terraform", refers)
    where = configuration.positions(module, local)
    notes = []
    for doc_path, _ in walk(unit.document.payload):
        name = field_name(doc_path)
        position = where(doc_path) if where else None
        note = f"resource {address}" + (f", {position}" if position else "")
        notes.append((len(doc_path), name, note))
    notes.sort(key=lambda n: -n[0])
    unit.notes = tuple((name, note) for _, name, note in notes)
    found.units.append(unit)


class _Configuration:
    """The plan's ``configuration`` section: per module, the expressions of its resources and
    the folder its source is in (a local source only)."""

    def __init__(self, configuration, folder: str, shown: str, depends_on=None):
        self._depends_on = depends_on or (lambda _: None)
        self.modules: dict = {}  # module address -> (module config dict, folder or None, as shown)
        root = configuration.get("root_module") if isinstance(configuration, dict) else None
        if isinstance(root, dict):
            self._collect(root, "", folder, shown)

    def _collect(self, module: dict, address: str, folder, shown) -> None:
        if len(self.modules) >= MAX_MODULES:
            return
        self.modules[address] = (module, folder, shown)
        calls = module.get("module_calls")
        for name, call in calls.items() if isinstance(calls, dict) else []:
            if not isinstance(call, dict) or not isinstance(call.get("module"), dict):
                continue
            source = call.get("source")
            is_local = folder and isinstance(source, str) and source.startswith(("./", "../"))
            local = os.path.normpath(os.path.join(folder, source)) if is_local else None
            seen = os.path.normpath(os.path.join(shown, source)) if is_local else None
            self._collect(
                call["module"], f"{address}.module.{name}" if address else f"module.{name}", local, seen
            )

    def _module(self, module: str):
        # an instance (module.a["x"], module.b[0]) has its call's configuration
        import re

        return self.modules.get(re.sub(r"\[[^\]]*\]", "", module))

    def _expressions(self, module: str, local: str) -> dict:
        found = self._module(module)
        if found is None:
            return {}
        import re

        bare = re.sub(r"\[[^\]]*\]$", "", local)
        resources = found[0].get("resources")
        for resource in resources if isinstance(resources, list) else []:
            if isinstance(resource, dict) and resource.get("address") == bare:
                expressions = resource.get("expressions")
                return expressions if isinstance(expressions, dict) else {}
        return {}

    def config_reference(self, module: str, local: str) -> str | None:
        """The endpoint config resource (module-relative address) endpoint_config_name names."""
        expression = self._expressions(module, local).get("endpoint_config_name")
        references = expression.get("references") if isinstance(expression, dict) else None
        for ref in references if isinstance(references, list) else []:
            if isinstance(ref, str) and ref.startswith(CONFIG + "."):
                parts = ref.split(".")
                if len(parts) >= 2:
                    return f"{CONFIG}.{parts[1].split('[')[0]}"
        return None

    def positions(self, module: str, local: str):
        """path -> "file:line" of the argument in the module's .tf files, or None."""
        found = self._module(module)
        if found is None or not found[1] or not os.path.isdir(found[1]):
            return None
        import re

        from .terraform import load_terraform

        bare = re.sub(r"\[[^\]]*\]$", "", local)
        folder = found[1]
        self._depends_on(folder)
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".tf"):
                continue
            tf = os.path.join(folder, name)
            self._depends_on(tf)
            try:
                with open(tf, encoding="utf-8") as fh:
                    text = fh.read()
            except (OSError, UnicodeDecodeError):
                continue
            if bare not in text.replace('" "', ".").replace('"', ""):
                continue
            loaded = load_terraform(tf, text)
            for doc in loaded.documents:
                if doc.origin == bare:
                    shown = os.path.join(found[2], name)  # beside the plan, as the user named it

                    def where(path, doc=doc, shown=shown):
                        position = doc.source_map.resolve(path)
                        return f"{shown}:{position.line}"

                    return where
        return None


def read_document(composed, path: str, context) -> Extracted | None:
    """The planned endpoints and endpoint configs of a plan (smlint.readers.documents)."""
    return extract(composed, path, context.depends_on) if is_plan(composed.value) else None
