"""How messages name things: a field's path, a key, an integer (the words every rule's
message is built with)."""

from __future__ import annotations

import json
from typing import Any

from .model import Path


def show_key(key: str) -> str:
    """A key as messages show it: as written, unless it could not be read as one piece of one
    line (a newline, a control character, a lone surrogate, or past 64 characters): then in
    JSON quotes with escapes, cut short."""
    if key.isprintable() and len(key) <= 64:
        return key
    shown = json.dumps(key[:64])
    return shown[:-1] + '…"' if len(key) > 64 else shown


# How each language spells the constants JSON writes null, true and false.
_CONSTANTS = {"python": {None: "None", True: "True", False: "False"}}


def literal(value: Any, language: str = "") -> str:
    """A value as the request's own language writes it (Document.language): ``None`` and
    ``True`` in Python, ``null`` and ``true`` in JSON, YAML and the rest."""
    constants = _CONSTANTS.get(language)
    if constants is None:
        return json.dumps(value)
    if value is None or isinstance(value, bool):
        return constants[value]
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{literal(k, language)}: {literal(v, language)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list):
        return "[" + ", ".join(literal(v, language) for v in value) + "]"
    return json.dumps(value)


def field_name(path: Path) -> str:
    """``DeploymentConfig.AutoRollbackConfiguration.Alarms[0].AlarmName``"""
    out = ""
    for key in path:
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            out += ("." if out else "") + show_key(key)
    return out or "(request)"


def number(value: int) -> str:
    """An integer for a message: a 4000-digit one is shown by its size, not its digits. Never
    ``str()`` of a large integer: past Python's int->str digit limit (a global setting that
    smlint does not touch) that raises."""
    if not isinstance(value, int) or isinstance(value, bool):  # a float (inf) prints as it is
        text = str(value)
        return text if len(text) <= 24 else f"{text[:8]}…({len(text.lstrip('-'))} digits)"
    size = abs(value)
    if size < 10**24:
        return str(value)
    digits = int(size.bit_length() * 0.30102999566398120) + 1  # log10(2): exact or one more
    if 10 ** (digits - 1) > size:
        digits -= 1
    head = str(size // 10 ** (digits - 8))
    return f"{'-' if value < 0 else ''}{head}…({digits} digits)"
