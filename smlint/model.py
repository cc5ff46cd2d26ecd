"""The normalized request every reader produces and every rule reads.

A Document is plain data (dict/list/str/int/bool/None in the API's PascalCase shape) plus a
SourceMap from field path to source span (smlint.locations), and the tool that sends it (its
target: smlint.dialects). Paths are tuples of keys and list indexes: the parsed form of a JSON
Pointer, ``("DeploymentConfig", "AutoRollbackConfiguration", "Alarms", 0)``. How messages name
paths and values is smlint.wording's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator, Union

if TYPE_CHECKING:
    from .locations import SourceMap

PathKey = Union[str, int]
Path = tuple  # tuple[PathKey, ...]

UPDATE_ENDPOINT = "update-endpoint"
CREATE_ENDPOINT = "create-endpoint"
DEPLOYMENT_CONFIG = "deployment-config"
# An AWS::SageMaker::Endpoint's Properties: an update, judged by CloudFormation's schema.
CFN_ENDPOINT = "cloudformation-endpoint"
KINDS = (UPDATE_ENDPOINT, CREATE_ENDPOINT, DEPLOYMENT_CONFIG)
# A CreateEndpointConfig request or resource: never linted as a request, but indexed so that
# the requests naming it learn their fleet (endpoint-config context).
ENDPOINT_CONFIG = "create-endpoint-config"


class Unresolved:
    """A value that cannot be known statically. Rules that need it stay silent.

    ``invalid`` marks a value that failed a SM1xx shape rule: it is unknown to every other
    rule (no cascades) but is not reported again by SM003. What may still be known of it:
    ``type`` (its JSON type: "integer", "float", "string", "boolean"; SM103 checks it),
    ``truthy`` (its truth value) and ``expr`` (the expression it is, for messages).
    """

    __slots__ = ("reason", "invalid", "type", "truthy", "expr")

    def __init__(self, reason: str, invalid: bool = False, type=None, truthy=None, expr=None):
        self.reason = reason
        self.invalid = invalid
        self.type = type
        self.truthy = truthy
        self.expr = expr

    def __repr__(self) -> str:
        return f"Unresolved({self.reason!r})"


class _Missing:
    """The field is absent (distinct from None, which is a value of the wrong type)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING = _Missing()


def get(data: Any, path: Path) -> Any:
    """The value at ``path``; MISSING if absent; the Unresolved marker if a step is unknown."""
    for key in path:
        kind = type(data)
        if kind is dict:
            data = data.get(key, MISSING)
            if data is MISSING:
                return MISSING
        elif kind is list and type(key) is int and -len(data) <= key < len(data):
            data = data[key]
        elif isinstance(data, Unresolved):
            return data
        else:
            return MISSING
    return data


@dataclass
class Document:
    """One request found in a source file."""

    path: str  # the file as the user named it
    kind: str  # one of KINDS
    payload: Any  # request-shaped plain data (a bare DeploymentConfig is wrapped)
    source_map: SourceMap
    origin: str = ""  # where in the file: "document 2", a call, a resource
    duplicates: list = field(default_factory=list)  # readers.nodes.Duplicate, for SM002
    # Endpoint-config context: the keys a request's EndpointConfigName can be matched by, and
    # the keys an ENDPOINT_CONFIG document is known by. ``("name", "my-config")`` for a literal
    # EndpointConfigName (matched across files); readers of templates add their own
    # (``("cfn", template, logical id)``, ``("tf", folder, address)``).
    refers_to: tuple = ()
    known_as: tuple = ()
    target: str = ""  # the tool that sends the request, when its schema differs: "terraform"
    where: str = ""  # "path:line" of an endpoint config, when its lines are not the file's (a notebook)
    # the language the request is written in, when values are spelt otherwise than in JSON
    # ("python": None, True): how a message shows a value the user wrote
    language: str = ""


def name_keys(payload) -> tuple:
    """The endpoint-config lookup key of a literal EndpointConfigName, a request's or a
    config's: ``(("name", "my-config"),)``; () for any other value. The one place it is built."""
    name = payload.get("EndpointConfigName") if isinstance(payload, dict) else None
    return (("name", name),) if isinstance(name, str) and name else ()


def walk(data: Any, path: Path = ()) -> Iterator[tuple]:
    """Every (path, value) in ``data``, depth first, parents before children."""
    stack = [(path, data)]
    while stack:
        p, v = stack.pop()
        yield p, v
        if isinstance(v, dict):
            stack.extend((p + (k,), c) for k, c in reversed(list(v.items())))
        elif isinstance(v, list):
            stack.extend((p + (i,), c) for i, c in reversed(list(enumerate(v))))
