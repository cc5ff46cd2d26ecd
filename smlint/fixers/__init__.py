"""What each rule proposes to change, in the request's own terms.

A rule's fix is first a ``Proposal``: an operation on a field path of the request (set a
value, rename a key, remove an entry), as format-blind as the rule itself. The engine attaches
it to the finding; ``smlint.fixers.edits`` then turns it into a ``smlint.fixes.Fix`` of exact
source spans in the file's own syntax, or drops it when the file does not write that field as
a literal of its own (a computed value, a value from another file).

Which rules fix what (each rule's docs say it too, ``Fix:`` in ``smlint rule ID``):
safe: SM002, SM004, SM102 (misspelt), SM103, SM105; unsafe: SM102 (misplaced), SM104,
SM204-SM206, SM208, SM209, SM401, SM404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..fixes import SAFE, UNSAFE
from ..wording import show_key

VALUE, RENAME, REMOVE, REMOVE_FIRST, MOVE = "value", "rename", "remove", "remove-first", "move"


@dataclass(frozen=True)
class Proposal:
    """A fix before it has positions: ``op`` on the field at ``path``."""

    title: str
    applicability: str
    op: str  # VALUE: write ``value`` at path; RENAME: the key at path becomes ``value``;
    # REMOVE: the entry at path goes; REMOVE_FIRST: the earlier of a duplicate key goes;
    # MOVE: the entry at path goes to the end of the object at ``value`` (a path)
    path: tuple
    value: object = None
    at: object = None  # REMOVE_FIRST: the Position of the key to remove


_FIXERS: dict = {}


def fixer(*rule_ids: str):
    def register(fn: Callable):
        for rule_id in rule_ids:
            _FIXERS[rule_id] = fn
        return fn

    return register


def propose(rule_id: str, path: tuple, error=None, request=None, duplicate=None) -> Proposal | None:
    """The proposal of rule ``rule_id`` for its finding at ``path``; None when the fix is a
    decision (which policy to keep, which alarms to add) or cannot be known."""
    fn = _FIXERS.get(rule_id)
    if fn is None:
        return None
    try:
        return fn(path, error=error, request=request, duplicate=duplicate)
    except Exception:  # noqa: BLE001 - a fix that cannot be worked out is no fix, never a crash
        return None


def shown(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


@fixer("SM002")
def _duplicate(path, duplicate=None, **_):
    if duplicate is None:
        return None
    return Proposal(f"remove the first {show_key(path[-1])}", SAFE, REMOVE_FIRST, path, at=duplicate.first)


@fixer("SM102")
def _unknown_field(path, error=None, **_):
    """A misspelt key with one close member becomes that member (safe); a misplaced member
    moves to the object it belongs under (unsafe: the request then does what that member
    says, which it did not before)."""
    if error is None or not error.invalidates[1:]:
        return None
    meant = error.invalidates[1]
    if meant[-1] == path[-1] and meant[:-1] != path[:-1]:
        where = meant[-2] if len(meant) > 1 else "the request"
        return Proposal(f"move {show_key(path[-1])} under {where}", UNSAFE, MOVE, path, meant[:-1])
    if meant[:-1] != path[:-1]:
        return None
    return Proposal(f"rename {show_key(path[-1])} to {meant[-1]}", SAFE, RENAME, path, meant[-1])


@fixer("SM103")
def _wrong_type(path, error=None, **_):
    if error is None or error.suggestion is None:
        return None
    return Proposal(f"write {shown(error.suggestion)} without quotes", SAFE, VALUE, path, error.suggestion)


@fixer("SM104")
def _out_of_range(path, error=None, **_):
    if error is None or not isinstance(error.suggestion, int):
        return None
    return Proposal(f"clamp to {error.suggestion}", UNSAFE, VALUE, path, error.suggestion)


@fixer("SM105")
def _enum(path, error=None, **_):
    if error is None or not isinstance(error.suggestion, str):
        return None
    return Proposal(f"replace with {shown(error.suggestion)}", SAFE, VALUE, path, error.suggestion)


_STEP_BOUNDS = {"SM204": (0, 50), "SM205": (10, 50), "SM206": (5, 50)}


@fixer(*_STEP_BOUNDS)
def _step_size(path, request=None, rule_id=None, **_):
    from ..checks.schedule import COUNT, PERCENT, capacity

    if path[-1] == "Type":
        return None  # no Value of that Type fits the fleet: the fix is another Type, a decision
    if path[-1] == "Value":  # (the findings point at the number that is wrong)
        path = path[:-1]
    size = capacity(request.get(*path)) if request is not None else None
    if size is None:
        return None
    low, high = _STEP_BOUNDS[_rule_of(path)]
    if size.type == PERCENT:
        value = min(max(size.value, low, 1), high)
    elif size.type == COUNT and request.fleet_size:
        fleet = request.fleet_size
        least, most = max(-(-low * fleet // 100), 1), high * fleet // 100
        if least > most:
            return None  # no whole number of instances fits: the fix is another strategy
        value = min(max(size.value, least), most)
    else:
        return None
    if value == size.value:
        return None
    return Proposal(f"set Value to {value}, the nearest allowed", UNSAFE, VALUE, path + ("Value",), value)


def _rule_of(path) -> str:
    return {"CanarySize": "SM204", "LinearStepSize": "SM205", "MaximumBatchSize": "SM206"}[path[-1]]


@fixer("SM208", "SM209")
def _timeout(path, request=None, **_):
    """The timeout SM208 and SM209 suggest, the larger of the two, so that it clears both."""
    from ..checks.deployment import BLUE_GREEN, ROLLING, timeout_proposal

    if request is None or path[:-1] not in (BLUE_GREEN, ROLLING):
        return None
    if not isinstance(request.get(*path[:-1]), dict):
        return None
    value = timeout_proposal(request, path[:-1])
    if value is None:
        return None
    return Proposal(f"raise the timeout to {value}", UNSAFE, VALUE, path, value)


@fixer("SM401", "SM404")
def _drop(path, **_):
    return Proposal(f"remove {path[-1]}", UNSAFE, REMOVE, path)
