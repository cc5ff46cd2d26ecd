"""Template and documentation placeholders: values filled in later, so unknown to a static
linter.

A request file rendered by envsubst, Helm, Jinja or a CI system holds `${ENDPOINT_NAME}` where
the real name will be: that is not an invalid name (SM106) but a value nobody can know yet.
Documentation does the same for its reader: `<your-endpoint-name>`, `YOUR_ENDPOINT`, `...`, a
bare `string` or `integer` where a value goes (the API reference's request syntax), and the
choices `'CANARY'|'LINEAR'` (or `"CANARY" | "LINEAR"`) of an enum. In a request of a document
(a Markdown code block, the commands in it) each is unresolved (SM003), never a wrong name,
type or enum value; elsewhere `...` or `string` may be a real value (a tag's).
"""

from __future__ import annotations

import re

from ..model import Unresolved

# A whole value that is a template placeholder, filled in at deploy time (envsubst, Helm,
# Jinja, CI variables): unknown, not a wrong name or number.
_PLACEHOLDER = re.compile(r"\$\{[^{}]+\}|\$[A-Z_][A-Z0-9_]*|\{\{.*\}\}|<<[^<>]+>>", re.DOTALL)
# Documentation's: `<your-alarm>` (or `{your-alarm}`, a format field), YOUR_ENDPOINT /
# your-endpoint-name, an ellipsis, the type names of the API reference's request syntax, and
# choices `A|B|C` (a Python `'A'|'B'` is an operation the evaluator leaves unresolved itself;
# a JSON block's `"A"|"B"` is read as the one string `A | B`, see smlint.readers.markdown).
_DOC_PLACEHOLDER = re.compile(
    r"<[^<>\n]+>|\{[A-Za-z][\w.:-]*\}|(?:YOUR|Your|your)[-_][\w.-]*|\.\.\.|\u2026|"
    r"(?:string|number|integer|int|long|boolean|bool|double|float|timestamp|True\|False|true\|false)|"
    r"[A-Za-z][\w.-]*(?:['\"]?\s*\|\s*['\"]?[A-Za-z][\w.-]*)+"
)


def may_be_templated(text: str) -> bool:
    """Cheap test on the file's text before any value is looked at."""
    return "$" in text or "{{" in text or "<<" in text


def unresolve_placeholders(value, documentation: bool = False) -> tuple:
    """(value with placeholder strings made Unresolved, whether there were any).
    ``documentation``: the request is an example in a document, where the documentation
    placeholders are unresolved too."""
    if isinstance(value, str):
        if _PLACEHOLDER.fullmatch(value.strip()):
            return Unresolved(f"template placeholder {value.strip()[:40]}"), True
        if documentation and _DOC_PLACEHOLDER.fullmatch(value.strip()):
            return Unresolved(f"documentation placeholder {value.strip()[:40]}"), True
        return value, False
    if isinstance(value, dict):
        changed = False
        out = {}
        for key, item in value.items():
            out[key], found = unresolve_placeholders(item, documentation)
            changed = changed or found
        return (out, True) if changed else (value, False)
    if isinstance(value, list):
        items = [unresolve_placeholders(item, documentation) for item in value]
        if any(found for _, found in items):
            return [item for item, _ in items], True
    return value, False


def unresolve_document(doc, documentation: bool = False):
    """``doc`` with its placeholder values unresolved (its ``plain`` flag cleared if any)."""
    from dataclasses import replace

    payload, changed = unresolve_placeholders(doc.payload, documentation)
    return replace(doc, payload=payload) if changed else doc
