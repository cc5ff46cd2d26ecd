"""Semantic checks: small pure functions, each registered by its rule's id where it is
defined (``@check("SM204")``: ``grep SM204 smlint/`` lands on its code); the rule file's
``check:`` names the function. A check reads a ``Request`` (plain data, values that failed a
shape rule already replaced by Unresolved) and yields ``(path, message, help)``: what is wrong
and the limit, in one sentence, and what to write instead ("" when there is nothing to
suggest). It never sees a file, a format or a position."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as member  # (Request has a method named field)
from typing import Any, Callable, Iterable

from ..dialects import dialect_of
from ..model import MISSING, Unresolved, get

CHECKS: dict[str, Callable[["Request"], Iterable[tuple]]] = {}
_UNSEEN = object()  # (Request.get: a path not read yet; MISSING is a value it may hold)


def check(rule_id: str):
    """Register the decorated function as the check of rule ``rule_id``."""

    def register(fn):
        if rule_id in CHECKS:
            raise ValueError(f"{rule_id} has two checks: {CHECKS[rule_id].__name__} and {fn.__name__}")
        CHECKS[rule_id] = fn
        return fn

    return register


@dataclass
class Request:
    payload: Any  # shape-checked: values that failed SM1xx are Unresolved(invalid=True)
    raw: Any  # as loaded (SM003 reports what was unknown before the shape rules ran)
    kind: str
    fleet_size: int | None = None  # N: the variant's total instance count, when known
    target: str = ""  # Document.target: "terraform" for the SM6xx checks
    # The endpoint config the request names (smlint.endpoint_configs.ConfigRecord), when found; and
    # where N came from when it came from there ("" for --instance-count).
    config: Any = None
    fleet_source: str = ""
    # path -> value: some twenty checks read the same few paths of one request (its
    # DeploymentConfig, the policy, the step sizes), and the payload never changes under them
    _seen: dict = member(default_factory=dict, init=False, repr=False, compare=False)
    # what several checks work out from the payload alike (a policy's schedule), by the name
    # of what it is: found once per request
    derived: dict = member(default_factory=dict, init=False, repr=False, compare=False)

    def get(self, *path):
        value = self._seen.get(path, _UNSEEN)
        if value is _UNSEEN:
            value = self._seen[path] = get(self.payload, path)
        return value

    def field(self, path: tuple) -> str:
        """The field at ``path`` as this request's messages name it (smlint.dialects)."""
        return dialect_of(self.kind, self.target).field(path)

    def raw_get(self, *path):
        """The value as loaded, before the shape rules marked it invalid."""
        return get(self.raw, path)


def known(value) -> bool:
    return value is not MISSING and not isinstance(value, Unresolved)


def given(value) -> bool:
    """The user wrote this field and it passed the shape rules. (A value that failed them, or
    the member a misspelt key stands for, is unknown: neither given nor missing.)"""
    return value is not MISSING and not (isinstance(value, Unresolved) and value.invalid)


def integer(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# Importing the modules registers their checks.
from . import deployment, endpoint_config, provider, retention, rollback, unresolved  # noqa: E402,F401
