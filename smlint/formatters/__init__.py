"""Formatters: pure functions ``render(report, rules) -> str``, one module each. They know
findings and rule metadata, never which rule produced what or how."""

from __future__ import annotations

import importlib

FORMATS = ("text", "json")


def render(name: str, report, rules) -> str:
    return importlib.import_module(f"{__name__}.{name}").render(report, rules)
