"""CloudFormation's values: a property as the template computes it, as far as it says it.

Intrinsic functions, short (``!Ref``) or long (``{"Ref": …}``), are Unresolved, except:
``Ref`` to a template Parameter is its Default (or a parameter file's value), ``Ref
AWS::NoValue`` removes the property, ``Fn::Sub`` of a string without ``${}`` is that string,
``Fn::If`` takes the branch a ``State`` chose for its condition (the conditions met and not
chosen are listed, for the next combination). ``Resolver`` records where each request path
came from in the template. A Parameter is passed as a string and converted, as CloudFormation
converts it for the property's schema type (``coerce``: "600" -> 600). Which resources hold
requests is smlint.readers.cloudformation's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import budgets
from ..model import CFN_ENDPOINT, MISSING, Unresolved
from .nodes import Tagged
from .templates import unresolve_placeholders

NO_VALUE = object()  # Ref AWS::NoValue: the property is left out


class Substitution(Unresolved):
    """``Fn::Sub`` of a string with ``${}``: unknown, but its text is kept (a Step Functions
    Resource written ``arn:${AWS::Partition}:states:::sagemaker:updateEndpoint``)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        super().__init__(f"CloudFormation Sub {text[:60]}")
        self.text = text


def counted(payload):
    """InitialInstanceCount "4" is 4 to CloudFormation, as to the fleet size."""
    variants = payload.get("ProductionVariants") if isinstance(payload, dict) else None
    for variant in variants if isinstance(variants, list) else []:
        count = variant.get("InitialInstanceCount") if isinstance(variant, dict) else None
        if isinstance(count, str) and INTEGER.fullmatch(count.strip()):
            variant["InitialInstanceCount"] = int(count.strip())
    return payload


@dataclass
class State:
    """One combination of Fn::If branches, and what resolving under it met on the way."""

    choices: dict  # condition -> branch its Fn::Ifs take (0: true, 1: false)
    ifs: list = field(default_factory=list)  # conditions of the Ifs met, not chosen
    aliases: dict = field(default_factory=dict)  # request path -> template path (under base)
    params: list = field(default_factory=list)  # (path, parameter name)
    defaults: list = field(default_factory=list)  # (path, parameter name) read from its Default
    refs: dict = field(default_factory=dict)  # path -> logical id a Ref/GetAtt names


def intrinsic(value):
    """(function, argument, written as a YAML tag) when ``value`` is an intrinsic function."""
    if isinstance(value, Tagged):
        name = value.tag.lstrip("!")
        return (name if name in ("Ref", "Condition") else "Fn::" + name), value.value, True
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        if key == "Ref" or (isinstance(key, str) and key.startswith("Fn::")):
            return key, value[key], False
    return None


class Resolver:
    """One template's values: its Parameters (and a parameter file's), its resources for
    ``Ref``/``GetAtt``, and the budget of probe Documents the whole template may make."""

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

    def resolve(self, value, out: tuple, src: tuple, st: State):
        found = intrinsic(value)
        if found is not None:
            return self._function(*found, out, src, st)
        if isinstance(value, Unresolved):
            return value
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                item = self.resolve(item, out + (key,), src + (key,), st)
                if item is not NO_VALUE:
                    result[key] = item
            return result
        if isinstance(value, list):
            items: list = []
            for index, item in enumerate(value):
                item = self.resolve(item, out + (len(items),), src + (index,), st)
                if item is NO_VALUE:
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
            return NO_VALUE
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


def parameter_value(parameter: dict, value):
    """A Parameter's value as a property sees it: CloudFormation passes parameters as strings
    and converts them for the property's type (see ``coerce``); lists are split."""
    kind = parameter.get("Type")
    if isinstance(kind, str) and kind.startswith("CommaDelimitedList") and isinstance(value, str):
        return [item.strip() for item in value.split(",")]
    if isinstance(value, bool):
        return str(value).lower()
    return str(value) if isinstance(value, (int, float)) else value


INTEGER = re.compile(r"[-+]?\d{1,18}")


def coerce(value, node: dict, defs: dict):
    """Strings where the schema wants an integer or a boolean, converted as CloudFormation
    converts them ("600" -> 600, "true" -> True); anything else is left for SM103."""
    while isinstance(node, dict) and "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    if not isinstance(node, dict):
        return value
    kind = node.get("type")
    if kind == "integer" and isinstance(value, str) and INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    if kind == "boolean" and isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    if kind == "object" and isinstance(value, dict):
        members = node.get("properties", {})
        return {k: coerce(v, members[k], defs) if k in members else v for k, v in value.items()}
    if kind == "array" and isinstance(value, list):
        return [coerce(v, node.get("items", {}), defs) for v in value]
    return value


def finish(payload):
    """An Endpoint's payload as CloudFormation sends it: strings converted for the schema's
    types, placeholders left in literal strings Unresolved."""
    from ..shapes import ROOT_SHAPES, defs_for

    defs = defs_for(CFN_ENDPOINT)
    payload = coerce(payload, defs[ROOT_SHAPES[CFN_ENDPOINT]], defs)
    return unresolve_placeholders(payload)[0]
