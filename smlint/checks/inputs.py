"""SM001–SM004: findings about the input itself rather than the request's values.

SM001 (the file or a part of it cannot be read) and SM002 (a key written twice) are made
here from what the readers report; SM003 (a value that cannot be known) is the check in
``smlint.checks.unresolved``, and here also stands for an error that holds only on a path
that may not happen; SM004 (a suppression comment that suppresses nothing) is the
suppression step's own (``smlint.suppress``).
"""

from __future__ import annotations

from dataclasses import replace

from ..findings import file_finding
from ..wording import field_name, show_key

UNREADABLE, DUPLICATE, UNKNOWN = "SM001", "SM002", "SM003"


def unreadable(rules, selected, problem) -> list:
    """SM001 for a ``sources.Problem``: the file (or a block, an argument of it) that cannot
    be read, at the place the reader says."""
    rule = rules.by_id.get(UNREADABLE)
    if rule is None or rule.id not in selected:
        return []
    return [file_finding(rule, problem.path, problem.message, problem.line, problem.column)]


def duplicate_message(dup, dialect) -> str:
    """SM002's words for a key written twice (smlint.readers.nodes.Duplicate)."""
    key = show_key(dup.path[-1])
    owner = field_name(dup.path[:-1]) if dup.path[:-1] else "the request"
    return f"key {key} appears twice in {owner} (first at line {dup.first.line}); {dup.reason or dialect.duplicate}"


def doubted(rules, selected, finding, why: str) -> list:
    """SM003 in place of an error that holds only on a path that may not happen."""
    rule = rules.by_id.get(UNKNOWN)
    if rule is None or rule.id not in selected:
        return []
    message = (
        f"{finding.field or 'the request'}: {finding.rule} was not reported, as it holds only on a path "
        f"that may not happen ({why})"
    )
    # (the error's help is not this finding's: there is nothing to change for certain)
    return [
        replace(
            finding,
            rule=rule.id,
            name=rule.name,
            severity=rule.severity,
            text=message,
            lead="",
            notes=(),
            help="",
        )
    ]
