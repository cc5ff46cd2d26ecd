"""Endpoints written as Python infrastructure code, read with the evaluator boto3 scripts use.

- AWS CDK L1 (``aws_cdk``): ``sagemaker.CfnEndpoint(scope, id, endpoint_config_name=…,
  deployment_config=CfnEndpoint.DeploymentConfigProperty(…) or a dict)`` is an
  AWS::SageMaker::Endpoint's Properties (CloudFormation's schema and wording);
  ``CfnEndpointConfig`` gives context.
- CDKTF: ``SagemakerEndpoint(scope, id, deployment_config=SagemakerEndpointDeploymentConfig(…))``
  and ``SagemakerEndpointConfiguration``; Pulumi AWS (``pulumi_aws``): ``aws.sagemaker.Endpoint(
  "name", deployment_config=aws.sagemaker.EndpointDeploymentConfigArgs(…) or a dict)`` and
  ``EndpointConfiguration`` (both the Terraform provider's schema).
- The SageMaker Python SDK v3 (``sagemaker_core``, ``sagemaker.core``): ``Endpoint.get(name)
  .update(…)`` (also through a name bound to ``Endpoint.get(…)``) and ``Endpoint.create(…)``,
  with ``shapes.DeploymentConfig(…)``; ``EndpointConfig.create(…)`` gives context (the API).

A shape's constructor (``…Property(…)``, ``…Args(…)``, ``shapes.X(…)``, CDKTF's classes) is a
dict of its keywords, so names bound to shapes, helpers and branches are followed as for
boto3. Members are renamed by smlint.readers.members, once. Only two hooks in the evaluator
call this module: ``request`` from the call scan, ``shape`` from the evaluation of a call.
"""

from __future__ import annotations

import ast

from ...locations import Position
from ...model import Unresolved
from .values import LDict, Lit, lift

# Lines naming one of these may hold a construct (the evaluator scans only such lines).
HOT = ("CfnEndpoint", "SagemakerEndpoint", "Endpoint", "update(")
_CONSTRUCTS = (
    "CfnEndpoint",
    "CfnEndpointConfig",
    "SagemakerEndpoint",
    "SagemakerEndpointConfiguration",
    "Endpoint",
    "EndpointConfiguration",
    "create",
)
# the last name of every call ``request`` reads, as written (``update``: the SDK's)
NAMES = _CONSTRUCTS + ("update",)
# (smlint.readers.code.CALL_WORDS names these packages: a file importing one is parsed, and
# SM001 when it does not parse, as a boto3 script is)

SDK_NOT_SENT = frozenset({"session", "region"})


class Construct:
    """Found by the call scan: as ``evaluate.Found``, with the target tool's dialect and the
    context keys of an endpoint config construct (the config's own, or the one a request's
    ``endpoint_config_name=config.attr_endpoint_config_name`` names)."""

    def __init__(self, kind: str, value, start, target: str = "", keys: tuple = ()):
        self.kind, self.value, self.start, self.target = kind, value, start, target
        self.keys = keys


class _ConfigConstruct(Unresolved):
    """A name bound to an endpoint config construct (``CfnEndpointConfig(…)``, CDKTF's,
    Pulumi's): unknown as a value; its token in a request names that config."""

    __slots__ = ("key",)

    def __init__(self, key: tuple):
        super().__init__("an endpoint config construct")
        self.key = key


CONFIG_CLASSES = ("CfnEndpointConfig", "SagemakerEndpointConfiguration", "EndpointConfiguration")
# the attributes of a config construct that stand for its name
CONFIG_TOKENS = frozenset({"attr_endpoint_config_name", "endpoint_config_name", "name", "id"})


def _config_key(interp, call) -> tuple:
    return ("py-construct", interp.path, call.lineno, call.col_offset)


class _Handle(Unresolved):
    """``Endpoint.get(name)`` of the SDK v3: unknown as a value, but its ``.update(…)`` is a
    request for that endpoint."""

    __slots__ = ("name",)

    def __init__(self, name):
        super().__init__("a SageMaker Python SDK Endpoint resource")
        self.name = name  # located value of the endpoint's name


def _names(func) -> list:
    """``sagemaker.CfnEndpoint`` as ["sagemaker", "CfnEndpoint"]; [] unless a dotted name."""
    from .evaluate import dotted  # (evaluate imports this module)

    name = dotted(func)
    return name.split(".") if name else []


def _origin(scope, head: str) -> str:
    """The module a name was imported from ("" when not imported)."""
    from .evaluate import ExternalRef, ModuleRef

    ref = scope.lookup(head)
    if isinstance(ref, ModuleRef):
        return ref.name
    if isinstance(ref, ExternalRef):
        return ref.what.removeprefix("imported from ")
    return ""


def _family(names: list, scope) -> str:
    last = names[-1]
    if last.startswith("SagemakerEndpoint"):
        return "cdktf"
    origin = _origin(scope, names[0])
    if "aws_cdk" in origin:
        return "cdk"
    if "pulumi_aws" in origin:
        return "pulumi"
    if "sagemaker_core" in origin or "sagemaker.core" in origin:
        return "sdk"
    return ""


def _is_shape(family: str, names: list, origin: str = "") -> bool:
    last = names[-1]
    if family == "cdk":
        return last.endswith("Property") and any(
            n in ("CfnEndpoint", "CfnEndpointConfig") for n in names[:-1]
        )
    if family == "cdktf":
        return last not in ("SagemakerEndpoint", "SagemakerEndpointConfiguration")
    if family == "pulumi":
        return last.startswith("Endpoint") and last.endswith("Args")
    if family == "sdk":  # sagemaker_core.shapes' classes (not its resources)
        return last[:1].isupper() and ("shapes" in names[:-1] or "shapes" in origin)
    return False


def shape(interp, call, scope, depth: int, pos):
    """A shape constructor's value (a dict of its keywords), an SDK ``Endpoint.get(…)``
    handle, or None for any other call."""
    names = _names(call.func)
    if not names or not names[-1][:1].isupper() and names[-1] != "get":
        return None
    family = _family(names, scope)
    if not family:
        return None
    if family == "sdk" and names[-2:] == ["Endpoint", "get"]:
        name = interp.ev(call.args[0], scope, depth) if call.args else None
        for kw in call.keywords:
            if kw.arg == "endpoint_name":
                name = interp.ev(kw.value, scope, depth)
        return Lit(_Handle(name), pos)
    if names[-1] in CONFIG_CLASSES and family in ("cdk", "cdktf", "pulumi") and call.args:
        return Lit(_ConfigConstruct(_config_key(interp, call)), pos)  # (the scan reads the call)
    if call.args or not _is_shape(family, names, _origin(scope, names[0]) if family == "sdk" else ""):
        return None
    return _keywords(interp, call, scope, pos)


SDK_CREATE_ARGS = ("endpoint_name", "endpoint_config_name", "deployment_config", "tags")


def _positional(interp, call, scope, given, params):
    """The keywords with the positional arguments named as ``params``."""
    from .operations import _merged

    parts = [
        LDict({param: (interp.cols.of(arg), interp.ev(arg, scope))})
        for param, arg in zip(params, call.args, strict=False)
        if not isinstance(arg, ast.Starred)
    ]
    return lift(lambda *ps: _merged(ps, given.pos if isinstance(given, LDict) else None), *parts, given)


def _keywords(interp, call, scope, pos, skip=()):
    from .operations import _merged

    parts = [interp._dict_call_part(kw, scope) for kw in call.keywords if kw.arg not in skip]
    return lift(lambda *ps: _merged(ps, pos), *parts) if parts else LDict({}, pos)


def request(interp, call, scope):
    """The Construct a call makes (an endpoint or an endpoint config), or None."""
    from .. import members

    func = call.func
    names = _names(func)
    if not names:
        if isinstance(func, ast.Attribute) and func.attr == "update" and isinstance(func.value, ast.Call):
            return _sdk_update(interp, call, scope, interp.ev(func.value, scope))
        return None
    last = names[-1]
    if last == "update" and len(names) >= 2:
        return _sdk_update(interp, call, scope, interp.ev(func.value, scope))
    if last not in _CONSTRUCTS:
        return None
    family = _family(names, scope)
    pos = interp.cols.of(call)
    start = _start(interp, func)
    if family == "cdk" and last in ("CfnEndpoint", "CfnEndpointConfig"):
        value = members.to_api(_keywords(interp, call, scope, pos), "cloudformation")
        keys = _named_config(call, scope) if last == "CfnEndpoint" else (_config_key(interp, call),)
        return Construct("cfn" if last == "CfnEndpoint" else "config", value, start, keys=keys)
    cdktf = family == "cdktf" and last in ("SagemakerEndpoint", "SagemakerEndpointConfiguration")
    pulumi = family == "pulumi" and last in ("Endpoint", "EndpointConfiguration")
    if cdktf or pulumi and (len(names) == 1 or names[-2] == "sagemaker"):
        endpoint = last in ("SagemakerEndpoint", "Endpoint")
        renames = members.TF_ENDPOINT_NAMES if endpoint else members.TF_CONFIG_NAMES
        shape = "UpdateEndpointInput" if endpoint else ""
        value = members.to_api(
            _keywords(interp, call, scope, pos), "terraform", renames, members.TF_NOT_SENT, shape
        )
        keys = _named_config(call, scope) if endpoint else (_config_key(interp, call),)
        return Construct("update" if endpoint else "config", value, start, "terraform", keys)
    if family == "sdk" and last == "create" and names[-2:-1] in (["Endpoint"], ["EndpointConfig"]):
        given = _keywords(interp, call, scope, pos)
        if names[-2] == "Endpoint" and call.args:  # create(endpoint_name, endpoint_config_name, …)
            given = _positional(interp, call, scope, given, SDK_CREATE_ARGS)
        value = members.to_api(given, "api", drop=SDK_NOT_SENT)
        return Construct("create" if names[-2] == "Endpoint" else "config", value, start)
    return None


def _named_config(call, scope) -> tuple:
    """The key of the config construct ``endpoint_config_name=config.attr_endpoint_config_name``
    (CDK; ``config.name``, ``config.id`` in CDKTF and Pulumi) reads, when ``config`` is bound to one."""
    for kw in call.keywords:
        value = kw.value
        if (
            kw.arg == "endpoint_config_name"
            and isinstance(value, ast.Attribute)
            and value.attr in CONFIG_TOKENS
        ):
            if isinstance(value.value, ast.Name):
                bound = scope.lookup(value.value.id)
                if isinstance(bound, Lit) and isinstance(bound.value, _ConfigConstruct):
                    return (bound.value.key,)
    return ()


def _sdk_update(interp, call, scope, receiver):
    """``Endpoint.get(name).update(…)``: an UpdateEndpoint request for that endpoint."""
    from .. import members

    if not (isinstance(receiver, Lit) and isinstance(receiver.value, _Handle)) or call.args:
        return None
    pos = interp.cols.of(call)
    value = members.to_api(_keywords(interp, call, scope, pos), "api", drop=SDK_NOT_SENT)
    name = receiver.value.name
    # update() sends the resource's own endpoint_config_name: the live config's, unless the
    # script set the attribute, which is not followed (sagemaker-core's update() has no such
    # parameter; one given is read as written)
    live = Lit(Unresolved("the Endpoint resource's endpoint_config_name (the live config's)"), receiver.pos)

    def named(v):
        if not isinstance(v, LDict):
            return v
        entries = {"EndpointName": (None, name)} if name is not None else {}
        entries.update(v.entries)
        entries.setdefault("EndpointConfigName", (None, live))
        return LDict(entries, v.pos, v.open, v.dups)

    value = lift(named, value)
    return Construct("update", value, _start(interp, call.func))


def _start(interp, func) -> Position:
    """The constructor's (or method's) name: where a finding about the whole request points."""
    end = interp.cols.column(func.end_lineno, func.end_col_offset)
    width = (
        len(func.attr)
        if isinstance(func, ast.Attribute)
        else len(func.id)
        if isinstance(func, ast.Name)
        else 1
    )
    return Position(func.end_lineno, end - width, func.end_lineno, end)
