"""Which kinds of value a payload holds, for the validators: jsonschema-rs judges JSON, and a
Python value it cannot hold exactly (an integer past 64 bits, a key that is no string) or
that JSON Schema types otherwise than botocore (a float: 600.0 is an integer there) is judged
by jsonschema instead."""

from __future__ import annotations

from .model import Unresolved

_INT64 = 1 << 63


def kinds(payload) -> tuple:
    """(holds a float, holds an Unresolved, holds what JSON Schema in Rust cannot judge as
    Python does: an integer past 64 bits, a key that is no string, a string that is no
    UTF-8, a value of no JSON type), in one walk."""
    floats = unknown = exotic = False
    stack = [payload]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        value = pop()
        kind = type(value)
        if kind is str:
            if not value.isascii() and not _utf8(value):
                exotic = True
        elif kind is dict:
            for key, item in value.items():
                if type(key) is not str or (not key.isascii() and not _utf8(key)):
                    exotic = True
                push(item)
        elif kind is list:
            extend(value)
        elif kind is int:
            if not -_INT64 <= value < _INT64:
                exotic = True
        elif kind is float:
            floats = True
        elif isinstance(value, Unresolved):
            unknown = True
        elif kind is not bool and value is not None:
            exotic = True
    return floats, unknown, exotic


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True
