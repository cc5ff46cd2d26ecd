"""Step Functions state machines (Amazon States Language, JSON or YAML, or inline in a
CloudFormation ``AWS::StepFunctions::StateMachine``): Task states that call SageMaker.

A Task whose Resource is ``arn:<partition>:states:::sagemaker:updateEndpoint`` or
``…:createEndpoint`` (the optimized integrations, request-response only: Step Functions
offers no ``.sync`` or ``.waitForTaskToken`` for them), or the same API through the SDK
integration ``…:states:::aws-sdk:sagemaker:updateEndpoint``, sends its ``Parameters``
(``Arguments`` with JSONata) as the request. ``…:createEndpointConfig`` Tasks are endpoint
configs for the context index. A key ending in ``.$`` is a JSONPath: the field, named
without the suffix, is Unresolved; so is a JSONata ``{% … %}`` string.
"""

from __future__ import annotations

import re

from ..model import CREATE_ENDPOINT, ENDPOINT_CONFIG, UPDATE_ENDPOINT, Document, Unresolved, name_keys
from .extracted import Rebased, Unit
from .nodes import MAX_DEPTH
from .templates import unresolve_placeholders

_RESOURCE = re.compile(
    r"arn:aws[a-z-]*:states:::(?:aws-sdk:)?sagemaker:(updateEndpoint|createEndpoint|createEndpointConfig)"
)
_KINDS = {
    "updateEndpoint": UPDATE_ENDPOINT,
    "createEndpoint": CREATE_ENDPOINT,
    "createEndpointConfig": ENDPOINT_CONFIG,
}
# Parallel branches and Map processors within each other: as deep as a document may nest
# (nodes.MAX_DEPTH), whose limit is an SM001 that says so; a smaller cap here dropped the
# Tasks below it without a word.
MAX_NESTING = MAX_DEPTH


def is_definition(value) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("States"), dict)
        and isinstance(value.get("StartAt"), str)
    )


def extract(definition, composed, path: str, base: tuple = (), origin: str = ""):
    """(Parameters path under ``base``, Unit or ENDPOINT_CONFIG Document) for each SageMaker Task."""
    for at, name, state, language in _tasks(definition, (), definition.get("QueryLanguage"), 0):
        resource = state.get("Resource")
        # (in a template, `!Sub arn:${AWS::Partition}:…`: every partition has the same APIs)
        text = resource if isinstance(resource, str) else getattr(resource, "text", None)
        if isinstance(text, str):
            text = text.replace("${AWS::Partition}", "aws")
        match = _RESOURCE.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            continue
        member = "Arguments" if "Arguments" in state or language == "JSONata" else "Parameters"
        params = state.get(member)
        if not isinstance(params, dict):
            continue  # absent, or a whole expression: nothing to read
        aliases: dict = {}
        payload = _payload(params, (), (), aliases)
        payload = unresolve_placeholders(payload)[0]
        params_path = at + (member,)
        kind = _KINDS[match.group(1)]
        refers = _name(payload)
        doc = Document(
            path,
            kind,
            payload,
            Rebased(composed.source_map, base + params_path, aliases),
            origin=f"{origin}state {name}",
        )
        if kind == ENDPOINT_CONFIG:
            doc.known_as = refers
            yield params_path, doc
        else:
            doc.refers_to = refers
            yield params_path, Unit(doc)


_name = name_keys


def _tasks(definition, at: tuple, language, depth: int):
    """(path, name, state, query language) of every Task, in Parallel branches and Map
    processors too."""
    states = definition.get("States") if isinstance(definition, dict) else None
    if not isinstance(states, dict) or depth > MAX_NESTING:
        return
    language = definition.get("QueryLanguage", language)
    for name, state in states.items():
        if not isinstance(state, dict):
            continue
        here = at + ("States", name)
        own = state.get("QueryLanguage", language)
        kind = state.get("Type")
        if kind == "Task":
            yield here, name, state, own
        elif kind == "Parallel" and isinstance(state.get("Branches"), list):
            for index, branch in enumerate(state["Branches"]):
                yield from _tasks(branch, here + ("Branches", index), own, depth + 1)
        elif kind == "Map":
            for member in ("ItemProcessor", "Iterator"):
                yield from _tasks(state.get(member), here + (member,), own, depth + 1)


def _payload(value, out: tuple, src: tuple, aliases: dict):
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            if isinstance(key, str) and key.endswith(".$") and len(key) > 2:
                field = key[:-2]
                aliases[out + (field,)] = src + (key,)
                shown = item if isinstance(item, str) else "…"
                result[field] = Unresolved(f"Step Functions path {shown}")
            else:
                result[key] = _payload(item, out + (key,), src + (key,), aliases)
        return result
    if isinstance(value, list):
        return [_payload(item, out + (i,), src + (i,), aliases) for i, item in enumerate(value)]
    if isinstance(value, str) and value.strip().startswith("{%") and value.strip().endswith("%}"):
        return Unresolved("JSONata expression")
    return value


def read_document(composed, path: str, context):
    """The requests and endpoint configs of a state machine's definition
    (smlint.readers.documents)."""
    if not is_definition(composed.value):
        return None
    from .extracted import Extracted

    found = Extracted()
    for _, item in extract(composed.value, composed, path):
        (found.configs if isinstance(item, Document) else found.units).append(item)
    return found
