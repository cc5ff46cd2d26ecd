"""CloudFormation templates (JSON or YAML): the requests and endpoint configs they hold.

- every ``AWS::SageMaker::Endpoint``'s Properties is an update request, judged by
  CloudFormation's resource schema (kind CFN_ENDPOINT, rules/schema/cloudformation.json);
- every ``AWS::SageMaker::EndpointConfig`` is an endpoint config for the context index, known
  by ``("cfn", template, logical id)`` (what ``!Ref``/``!GetAtt`` of it give) and by its
  literal EndpointConfigName;
- every ``AWS::StepFunctions::StateMachine``'s inline ``Definition`` is read for SageMaker
  Task states (smlint.stepfunctions); a ``DefinitionString`` too when its text can be read
  (a literal, ``Fn::Sub``, the CDK's ``Fn::Join``), its findings pointing at its key (positions
  inside a string are not the template's).

Intrinsic functions, short (``!Ref``) or long (``{"Ref": …}``), are Unresolved, except:
``Ref`` to a template Parameter is its Default (findings say so) and its MinValue, MaxValue
and AllowedValues are tried too (what fails with them is reported at the Parameter);
``Ref AWS::NoValue`` removes the property; ``Fn::Sub`` of a string without ``${}`` is that
string; ``Fn::If`` is checked branch by branch: a finding in every combination of branches
is reported as is, one in only some says in which ("when condition IsProd is true").
As CloudFormation does, a string is accepted for an integer or boolean property ("600").
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field

from .. import budgets
from ..model import CFN_ENDPOINT, ENDPOINT_CONFIG, MISSING, Document, Unresolved, name_keys
from ..wording import field_name
from .extracted import Extracted, Pinned, Rebased, Unit
from .nodes import Tagged
from .templates import unresolve_placeholders

ENDPOINT = "AWS::SageMaker::Endpoint"
ENDPOINT_CONFIG_TYPE = "AWS::SageMaker::EndpointConfig"
STATE_MACHINES = ("AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine")

MAX_VARIANTS = 16  # combinations of Fn::If branches per resource; Ifs beyond stay Unresolved
MAX_PROBES = 20  # AllowedValues tried per Parameter

_NO_VALUE = object()  # Ref AWS::NoValue: the property is left out


class Substitution(Unresolved):
    """``Fn::Sub`` of a string with ``${}``: unknown, but its text is kept (a Step Functions
    Resource written ``arn:${AWS::Partition}:states:::sagemaker:updateEndpoint``)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        super().__init__(f"CloudFormation Sub {text[:60]}")
        self.text = text


def is_template(value) -> bool:
    if not isinstance(value, dict):
        return False
    resources = value.get("Resources")
    if not isinstance(resources, dict):
        return False
    return "AWSTemplateFormatVersion" in value or any(
        isinstance(r, dict) and isinstance(r.get("Type"), str) and r["Type"].startswith("AWS::")
        for r in resources.values()
    )


def extract(composed, path: str, depends_on=None) -> Extracted:
    template = composed.value
    out = Extracted()
    resolver = _Resolver(template, path, depends_on)
    for logical_id, resource in template["Resources"].items():
        if not isinstance(resource, dict) or not isinstance(logical_id, str):
            continue
        kind = resource.get("Type")
        base = ("Resources", logical_id, "Properties")
        properties = resource.get("Properties", MISSING)
        if properties is MISSING:
            properties = {}
        if not isinstance(properties, dict):
            continue  # a whole Properties from an intrinsic: nothing to read
        if kind == ENDPOINT:
            out.units.append(_endpoint(resolver, composed, path, logical_id, base, properties))
        elif kind == ENDPOINT_CONFIG_TYPE:
            state = _State({})
            payload = _counted(resolver.resolve(properties, (), (), state))
            keys = (("cfn", path, logical_id),) + _name_key(payload)
            origin = f"resource {logical_id}"
            counts = sorted({name for at, name in state.defaults if at[-1:] == ("InitialInstanceCount",)})
            if counts:  # N from a Parameter's Default: the finding must say so
                origin += f", InitialInstanceCount from parameter {', '.join(counts)}'s Default"
            out.configs.append(
                Document(
                    path,
                    ENDPOINT_CONFIG,
                    payload,
                    Rebased(composed.source_map, base),
                    origin=origin,
                    known_as=keys,
                )
            )
        elif kind in STATE_MACHINES:
            from . import stepfunctions

            state = _State({})
            if isinstance(properties.get("Definition"), dict):
                definition = resolver.resolve(properties["Definition"], (), (), state)
                where, within = composed, base + ("Definition",)
            else:
                definition = _definition_string(properties.get("DefinitionString"))
                if not stepfunctions.is_definition(definition):
                    continue
                where, within = _Located(Pinned(composed.source_map, base + ("DefinitionString",))), ()
            for params_path, found in stepfunctions.extract(
                definition, where, path, within, f"resource {logical_id}, "
            ):
                refers = resolver.config_keys(state, params_path + ("EndpointConfigName",))
                if isinstance(found, Unit):
                    found.document.refers_to = refers + found.document.refers_to
                    out.units.append(found)
                else:
                    out.configs.append(found)
    return out


@dataclass
class _Located:
    source_map: object


def _definition_string(value):
    """A DefinitionString's state machine, when its text can be read: a literal, a ``Fn::Sub``
    template, or a ``Fn::Join`` of literals and references (what the CDK writes), each
    reference standing as ``${Name}`` inside the JSON. Positions are the DefinitionString's."""
    text = value if isinstance(value, str) else None
    found = _intrinsic(value)
    if found is not None:
        name, arg, _ = found
        if name == "Fn::Sub":
            text = arg if isinstance(arg, str) else arg[0] if isinstance(arg, list) and arg else None
        elif name == "Fn::Join" and isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], list):
            parts = []
            for part in arg[1]:
                ref = _intrinsic(part)
                if isinstance(part, str):
                    parts.append(part)
                elif ref is not None and ref[0] == "Ref" and isinstance(ref[1], str):
                    parts.append("${" + ref[1] + "}")
                else:
                    parts.append("${?}")
            text = arg[0].join(parts) if isinstance(arg[0], str) else None
    if not isinstance(text, str):
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # a reference where a number goes, not JSON, too deep
        return None


def _counted(payload):
    """InitialInstanceCount "4" is 4 to CloudFormation, as to the fleet size."""
    variants = payload.get("ProductionVariants") if isinstance(payload, dict) else None
    for variant in variants if isinstance(variants, list) else []:
        count = variant.get("InitialInstanceCount") if isinstance(variant, dict) else None
        if isinstance(count, str) and _INTEGER.fullmatch(count.strip()):
            variant["InitialInstanceCount"] = int(count.strip())
    return payload


_name_key = name_keys


@dataclass
class _State:
    choices: dict  # condition -> branch its Fn::Ifs take (0: true, 1: false)
    ifs: list = field(default_factory=list)  # conditions of the Ifs met, not chosen
    aliases: dict = field(default_factory=dict)  # request path -> template path (under base)
    params: list = field(default_factory=list)  # (path, parameter name)
    defaults: list = field(default_factory=list)  # (path, parameter name) read from its Default
    refs: dict = field(default_factory=dict)  # path -> logical id a Ref/GetAtt names


def _intrinsic(value):
    """(function, argument, written as a YAML tag) when ``value`` is an intrinsic function."""
    if isinstance(value, Tagged):
        name = value.tag.lstrip("!")
        return (name if name in ("Ref", "Condition") else "Fn::" + name), value.value, True
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        if key == "Ref" or (isinstance(key, str) and key.startswith("Fn::")):
            return key, value[key], False
    return None


class _Resolver:
    def __init__(self, template: dict, path: str, depends_on=None):
        params = template.get("Parameters")
        self.params = params if isinstance(params, dict) else {}
        self.resources = template["Resources"]
        self.path = path
        self.probes_left = budgets.MAX_PROBE_DOCUMENTS  # probe Documents for the whole template
        from .cfn_parameters import given

        self.given, self.given_in = given(path, depends_on)  # a parameter file's values replace Defaults

    def said(self, name: str) -> str:
        """Where a Parameter's value came from, for the findings on it."""
        return (
            f"from parameter {name} in {self.given_in}"
            if name in self.given
            else f"from parameter {name}'s Default"
        )

    def resolve(self, value, out: tuple, src: tuple, st: _State):
        found = _intrinsic(value)
        if found is not None:
            return self._function(*found, out, src, st)
        if isinstance(value, Unresolved):
            return value
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                item = self.resolve(item, out + (key,), src + (key,), st)
                if item is not _NO_VALUE:
                    result[key] = item
            return result
        if isinstance(value, list):
            items: list = []
            for index, item in enumerate(value):
                item = self.resolve(item, out + (len(items),), src + (index,), st)
                if item is _NO_VALUE:
                    continue
                if len(items) != index:
                    st.aliases[out + (len(items),)] = src + (index,)
                items.append(item)
            return items
        return value

    def _function(self, name, arg, tagged, out, src, st):
        at = src if tagged else src + (name,)
        if name == "Ref" and isinstance(arg, str):
            return self._ref(arg, out, st)
        if name == "Fn::If" and isinstance(arg, list) and len(arg) == 3 and isinstance(arg[0], str):
            branch = st.choices.get(arg[0])  # a condition has one value in the whole template
            if branch is None:
                st.ifs.append(arg[0])
                return Unresolved(f"Fn::If on condition {arg[0]}")
            st.aliases[out] = at + (1 + branch,)
            return self.resolve(arg[1 + branch], out, at + (1 + branch,), st)
        if name == "Fn::Sub" and isinstance(arg, str):
            return arg if "${" not in arg else Substitution(arg)
        if name == "Fn::GetAtt":
            target = (
                arg.split(".", 1)[0]
                if isinstance(arg, str)
                else arg[0]
                if isinstance(arg, list) and arg
                else None
            )
            if isinstance(target, str):
                st.refs[out] = target
        short = name.removeprefix("Fn::")
        if isinstance(arg, list) and arg and all(isinstance(a, str) for a in arg):
            arg = ".".join(arg) if name == "Fn::GetAtt" else None
        return Unresolved(f"CloudFormation {short}" + (f" {arg}" if isinstance(arg, str) else ""))

    def _ref(self, name: str, out, st):
        if name == "AWS::NoValue":
            return _NO_VALUE
        parameter = self.params.get(name)
        if isinstance(parameter, dict) and str(parameter.get("Type", "")).startswith("AWS::SSM::"):
            return Unresolved(f"parameter {name} is read from SSM at deploy time")
        if isinstance(parameter, dict):
            st.params.append((out, name))
            default = self.given.get(name, parameter.get("Default", MISSING))
            if isinstance(default, Unresolved):
                return Unresolved(f"parameter {name} is {default.reason}")
            if isinstance(default, (str, int, float, bool)) and not isinstance(default, Unresolved):
                st.defaults.append((out, name))
                return parameter_value(parameter, default)
            return Unresolved(f"parameter {name} without a literal Default")
        st.refs[out] = name
        return Unresolved(f"CloudFormation Ref {name}")

    def config_keys(self, st: _State, at: tuple) -> tuple:
        """The context key of an EndpointConfig resource that a Ref/GetAtt at ``at`` names."""
        target = st.refs.get(at)
        resource = self.resources.get(target) if isinstance(target, str) else None
        if isinstance(resource, dict) and resource.get("Type") == ENDPOINT_CONFIG_TYPE:
            return (("cfn", self.path, target),)
        return ()


def parameter_value(parameter: dict, value):
    """A Parameter's value as a property sees it: CloudFormation passes parameters as strings
    and converts them for the property's type (see ``_coerce``); lists are split."""
    kind = parameter.get("Type")
    if isinstance(kind, str) and kind.startswith("CommaDelimitedList") and isinstance(value, str):
        return [item.strip() for item in value.split(",")]
    if isinstance(value, bool):
        return str(value).lower()
    return str(value) if isinstance(value, (int, float)) else value


_INTEGER = re.compile(r"[-+]?\d{1,18}")


def _coerce(value, node: dict, defs: dict):
    """Strings where the schema wants an integer or a boolean, converted as CloudFormation
    converts them ("600" -> 600, "true" -> True); anything else is left for SM103."""
    while isinstance(node, dict) and "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    if not isinstance(node, dict):
        return value
    kind = node.get("type")
    if kind == "integer" and isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    if kind == "boolean" and isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    if kind == "object" and isinstance(value, dict):
        members = node.get("properties", {})
        return {k: _coerce(v, members[k], defs) if k in members else v for k, v in value.items()}
    if kind == "array" and isinstance(value, list):
        return [_coerce(v, node.get("items", {}), defs) for v in value]
    return value


def _finish(payload):
    from ..shapes import ROOT_SHAPES, defs_for

    defs = defs_for(CFN_ENDPOINT)
    payload = _coerce(payload, defs[ROOT_SHAPES[CFN_ENDPOINT]], defs)
    return unresolve_placeholders(payload)[0]


def _endpoint(resolver: _Resolver, composed, path, logical_id, base, properties) -> Unit:
    """The Endpoint's request, as each combination of Fn::If branches makes it."""
    runs = []  # (choices, payload, state)
    queue: list = [{}]
    while queue:
        choices = queue.pop(0)
        st = _State(choices)
        payload = resolver.resolve(properties, (), (), st)
        if st.ifs and len(runs) + len(queue) + 2 <= MAX_VARIANTS:
            condition = st.ifs[0]
            queue += [{**choices, condition: 0}, {**choices, condition: 1}]
            continue
        runs.append((choices, payload, st))
    duplicates = [
        type(d)(d.path[len(base) :], d.first, d.second)
        for d in composed.duplicates
        if d.path[: len(base)] == base and len(d.path) > len(base)
    ]

    def document(payload, st) -> Document:
        refers = resolver.config_keys(st, ("EndpointConfigName",)) + _name_key(payload)
        return Document(
            path,
            CFN_ENDPOINT,
            _finish(payload),
            Rebased(composed.source_map, base, st.aliases),
            origin=f"resource {logical_id}",
            duplicates=duplicates,
            refers_to=refers,
        )

    choices, payload, st = runs[0]
    unit = Unit(document(payload, st))
    if len(runs) > 1:
        unit.variants = tuple((_choices(c), document(p, s)) for c, p, s in runs)
    defaults = dict.fromkeys(d for _, _, s in runs for d in s.defaults)
    unit.notes = tuple((field_name(at), resolver.said(name)) for at, name in defaults)
    # each combination of branches is probed with its own Parameters (one used only inside a
    # nested Fn::If is probed there); the same probe from two combinations counts once
    probes: dict = {}
    for index, (_, run_payload, run_state) in enumerate(runs):
        doc = unit.document if index == 0 else unit.variants[index][1]
        params = list(dict.fromkeys(run_state.params))
        for probe in _probes(resolver, composed, doc, run_payload, run_state, params):
            probes.setdefault((probe[0], probe[2]), probe)
    unit.probes = tuple(probes.values())
    return unit


def _probes(resolver, composed, doc: Document, payload, st, params):
    """The request with each value a Parameter's constraints admit in place of its Default
    (everywhere the request uses that Parameter: it has one value)."""
    uses: dict = {}
    for at, name in params:
        uses.setdefault(name, []).append(at)
    for name, places in uses.items():
        parameter = resolver.params[name]
        tries = [(key, parameter[key], (key,)) for key in ("MinValue", "MaxValue") if key in parameter]
        allowed = parameter.get("AllowedValues")
        if isinstance(allowed, list):
            tries += [("AllowedValues", v, ("AllowedValues", i)) for i, v in enumerate(allowed[:MAX_PROBES])]
        fields = " and ".join(field_name(at) for at in places[:3]) + (
            f" and {len(places) - 3} other fields" if len(places) > 3 else ""
        )
        for key, value, where in tries:
            if not isinstance(value, (str, int, float)) or isinstance(value, Unresolved):
                continue
            if resolver.probes_left <= 0:  # the template's probe budget: the cut is said (SM003)
                reason = (
                    f"parameter {name}'s other values ({key} {value} and on) were not tried: "
                    f"smlint tries at most {budgets.MAX_PROBE_DOCUMENTS} in one template"
                )
                changed = _replaced(payload, places, Unresolved(reason))
                if changed is not None:
                    yield (
                        composed.source_map.resolve(("Parameters", name)),
                        field_name(("Parameters", name)),
                        None,
                        Document(doc.path, doc.kind, _finish(changed), doc.source_map, doc.origin),
                    )
                break
            resolver.probes_left -= 1
            changed = _replaced(payload, places, parameter_value(parameter, value))
            if changed is None:
                continue
            yield (
                composed.source_map.resolve(("Parameters", name) + where),
                field_name(("Parameters", name) + where),
                f"parameter {name} allows {fields} to be {value} (its {key})",
                Document(
                    doc.path, doc.kind, _finish(changed), doc.source_map, doc.origin, refers_to=doc.refers_to
                ),
            )


def _replaced(payload, places: list, value):
    """A copy of ``payload`` with ``value`` at every place (one copy for all of them: a
    Parameter used in 3,000 places is 3,000 copies otherwise)."""
    out = copy.deepcopy(payload)
    for at in places:
        if not at:
            return None
        node = out
        for key in at[:-1]:
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                return None
        try:
            node[at[-1]] = value
        except (IndexError, TypeError):
            return None
    return out


def _choices(branches: dict) -> tuple:
    """("condition IsProd is true", …): how a finding says which branches it holds in."""
    return tuple(
        f"condition {name} is {'true' if branch == 0 else 'false'}" for name, branch in branches.items()
    )


def read_document(composed, path: str, context) -> Extracted | None:
    """The requests and endpoint configs of a template (smlint.readers.documents)."""
    return extract(composed, path, context.depends_on) if is_template(composed.value) else None
