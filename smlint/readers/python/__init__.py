"""Python source -> the UpdateEndpoint/CreateEndpoint requests its boto3 calls send.

``client.update_endpoint(EndpointName=…, DeploymentConfig=cfg)`` on any receiver, with the
API's PascalCase keywords (also through ``**request``), becomes one Document per combination
of the branches its values depend on. ``create_endpoint_config(...)`` calls become
ENDPOINT_CONFIG Documents, which are not linted but give requests their context. Other
signatures (the SageMaker Python SDK's ``Predictor.update_endpoint(initial_instance_count=…)``,
``Session.update_endpoint(name, config)``) are not requests.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass, field

from ...model import (
    CFN_ENDPOINT,
    CREATE_ENDPOINT,
    ENDPOINT_CONFIG,
    UPDATE_ENDPOINT,
    Document,
    SourceMap,
    Unresolved,
)
from ..nodes import Duplicate, LoadError
from .evaluate import Budget, Interpreter, Project
from .positions import Columns
from .values import alternatives

KINDS = {"update": UPDATE_ENDPOINT, "create": CREATE_ENDPOINT, "config": ENDPOINT_CONFIG, "cfn": CFN_ENDPOINT}

@dataclass
class Call:
    """One request call: a Document per alternative, with what must hold for it."""

    kind: str
    alternatives: list  # [(conditions: tuple[str, ...], Document)], the paths that can happen
    doubts: dict = field(default_factory=dict)  # index in alternatives -> why it may not happen


@dataclass
class Loaded:
    requests: list = field(default_factory=list)  # list[Call]
    configs: list = field(default_factory=list)  # ENDPOINT_CONFIG Documents
    error: LoadError | None = None


def parse_module(text: str) -> tuple:
    """(tree, None) or (None, LoadError at the parser's position)."""
    try:
        with warnings.catch_warnings():  # SyntaxWarnings (`"\d"`) are the script's business, not ours
            warnings.simplefilter("ignore")
            return ast.parse(text), None
    except SyntaxError as exc:
        line = exc.lineno or 1
        column = exc.offset or 1
        return None, LoadError(f"Python syntax error: {exc.msg}", line, max(column, 1))
    except (RecursionError, MemoryError):
        return None, LoadError("expressions nested too deeply for Python's own parser; smlint stops here")
    except ValueError as exc:  # NUL bytes in the source
        return None, LoadError(f"not Python source: {exc}")


def load_python(text: str, path: str = "", project: Project | None = None) -> Loaded:
    tree, error = parse_module(text)
    if error is not None:
        return Loaded(error=error)
    columns = Columns(text)
    interp = Interpreter(columns, path, project or Project(), Budget())
    try:
        interp.run(tree)
    except RecursionError:  # a pathological statement nesting: what was found so far stands
        pass
    loaded = Loaded()
    for found in interp.found:
        kind = KINDS[found.kind]
        paths = alternatives(found.value, guards=interp.guards)
        target = getattr(found, "target", "")  # (constructs.Construct: CDKTF's and Pulumi's Terraform)
        docs = [(conditions, _document(path, kind, flat, found.start, target)) for conditions, flat, _ in paths]
        for _, doc in docs:  # (constructs.Construct: an endpoint config construct, by its binding)
            if kind == ENDPOINT_CONFIG:
                doc.known_as = getattr(found, "keys", ()) + doc.known_as
            else:
                doc.refers_to = getattr(found, "keys", ()) + doc.refers_to
        if kind == ENDPOINT_CONFIG:
            loaded.configs.append(docs[0][1])
        else:
            doubts = {i: doubt for i, (_, _, doubt) in enumerate(paths) if doubt}
            loaded.requests.append(Call(kind, docs, doubts))
    return loaded


def _document(path: str, kind: str, flat, start, target: str = "") -> Document:
    payload = flat.data
    for where, reason in flat.open:
        _fill_members(payload, where, kind, reason, target)
    doc = Document(
        path,
        kind,
        payload,
        SourceMap(flat.entries, start),
        origin=f"call at line {start.line}",
        duplicates=[Duplicate(p, first, second) for p, first, second in flat.dups],
        target=target,
    )
    name = payload.get("EndpointConfigName") if isinstance(payload, dict) else None
    keys = ()
    if isinstance(name, str):
        keys = (("name", name),)
    elif isinstance(name, Unresolved) and not name.invalid:
        # not known, but the same expression (one binding of a variable, one f-string over
        # the same names) in the same file names the same config
        keys = (("python-expression", path, name.expr or name.reason),)
    if kind == ENDPOINT_CONFIG:
        doc.known_as = keys
    else:
        doc.refers_to = keys
    return doc


def _fill_members(payload, where: tuple, kind: str, reason: str, target: str = "") -> None:
    """A dict with members we cannot see (``**unknown``): each member of its shape that is
    not written is unknown, neither given nor missing, so that no rule reports it absent."""
    members = _members(kind, where, target)
    target = payload
    for key in where:
        try:
            target = target[key]
        except (KeyError, IndexError, TypeError):
            return
    if not isinstance(target, dict):
        return
    for member in members:
        if member not in target:
            target[member] = Unresolved(f"may be given by {reason}", invalid=True)


def _members(kind: str, where: tuple, target: str = "") -> tuple:
    from ...schema import ROOT_SHAPES, defs_for

    if kind not in ROOT_SHAPES:
        return ()
    defs = defs_for(kind, target)
    node = defs[ROOT_SHAPES[kind]]
    for key in where:
        node = node.get("items", {}) if isinstance(key, int) else node.get("properties", {}).get(key, {})
        while "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[-1]]
    return tuple(node.get("properties", ()))
