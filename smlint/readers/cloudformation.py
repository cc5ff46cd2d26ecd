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

Intrinsic functions (resolved by smlint.readers.cfn_values), short (``!Ref``) or long
(``{"Ref": …}``), are Unresolved, except:
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
from dataclasses import dataclass

from .. import budgets
from ..model import CFN_ENDPOINT, ENDPOINT_CONFIG, MISSING, Document, Unresolved, name_keys
from ..wording import field_name
from .cfn_values import Resolver, State, counted, finish, intrinsic, parameter_value
from .extracted import Extracted, Pinned, Rebased, Unit

ENDPOINT = "AWS::SageMaker::Endpoint"
ENDPOINT_CONFIG_TYPE = "AWS::SageMaker::EndpointConfig"
STATE_MACHINES = ("AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine")

MAX_VARIANTS = 16  # combinations of Fn::If branches per resource; Ifs beyond stay Unresolved
MAX_PROBES = 20  # AllowedValues tried per Parameter


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
    resolver = Resolver(template, path, depends_on)
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
            state = State({})
            payload = counted(resolver.resolve(properties, (), (), state))
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

            state = State({})
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
                refers = _config_keys(resolver, state, params_path + ("EndpointConfigName",))
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
    found = intrinsic(value)
    if found is not None:
        name, arg, _ = found
        if name == "Fn::Sub":
            text = arg if isinstance(arg, str) else arg[0] if isinstance(arg, list) and arg else None
        elif name == "Fn::Join" and isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], list):
            parts = []
            for part in arg[1]:
                ref = intrinsic(part)
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


_name_key = name_keys


def _config_keys(resolver: Resolver, st: State, at: tuple) -> tuple:
    """The context key of an EndpointConfig resource that a Ref/GetAtt at ``at`` names."""
    target = st.refs.get(at)
    resource = resolver.resources.get(target) if isinstance(target, str) else None
    if isinstance(resource, dict) and resource.get("Type") == ENDPOINT_CONFIG_TYPE:
        return (("cfn", resolver.path, target),)
    return ()


def _endpoint(resolver: Resolver, composed, path, logical_id, base, properties) -> Unit:
    """The Endpoint's request, as each combination of Fn::If branches makes it."""
    runs = []  # (choices, payload, state)
    queue: list = [{}]
    while queue:
        choices = queue.pop(0)
        st = State(choices)
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
        refers = _config_keys(resolver, st, ("EndpointConfigName",)) + _name_key(payload)
        return Document(
            path,
            CFN_ENDPOINT,
            finish(payload),
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
                        Document(doc.path, doc.kind, finish(changed), doc.source_map, doc.origin),
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
                    doc.path, doc.kind, finish(changed), doc.source_map, doc.origin, refers_to=doc.refers_to
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
