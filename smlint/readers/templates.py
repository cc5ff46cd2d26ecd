"""Template placeholders: values filled in at deploy time, so unknown to a static linter.

A request file rendered by envsubst, Helm, Jinja or a CI system holds `${ENDPOINT_NAME}` where
the real name will be: that is not an invalid name (SM106) but a value nobody can know yet.
"""

from __future__ import annotations

import re

from ..model import Unresolved

# A whole value that is a template placeholder, filled in at deploy time (envsubst, Helm,
# Jinja, CI variables): unknown, not a wrong name or number.
_PLACEHOLDER = re.compile(r"\$\{[^{}]+\}|\$[A-Z_][A-Z0-9_]*|\{\{.*\}\}|<<[^<>]+>>", re.DOTALL)


def may_be_templated(text: str) -> bool:
    """Cheap test on the file's text before any value is looked at."""
    return "$" in text or "{{" in text or "<<" in text


def unresolve_placeholders(value) -> tuple:
    """(value with placeholder strings made Unresolved, whether there were any)."""
    if isinstance(value, str):
        if _PLACEHOLDER.fullmatch(value.strip()):
            return Unresolved(f"template placeholder {value.strip()[:40]}"), True
        return value, False
    if isinstance(value, dict):
        changed = False
        out = {}
        for key, item in value.items():
            out[key], found = unresolve_placeholders(item)
            changed = changed or found
        return (out, True) if changed else (value, False)
    if isinstance(value, list):
        items = [unresolve_placeholders(item) for item in value]
        if any(found for _, found in items):
            return [item for item, _ in items], True
    return value, False
