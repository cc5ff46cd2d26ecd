"""Formatters: pure functions ``render(report, rules) -> str``, one module each. They know
findings and rule metadata, never which rule produced what or how."""

from __future__ import annotations

import importlib

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab", "concise")


def display_path(path: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by the OS as surrogates) shown
    as U+FFFD, so that output stays valid UTF-8."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def render(name: str, report, rules, failing=None) -> str:
    """``failing``: the findings at or above --fail-on, for the formats that tell them apart
    (JUnit's failures)."""
    module = importlib.import_module(f"{__name__}.{name}")
    if failing is not None and getattr(module, "SHOWS_FAILING", False):
        return module.render(report, rules, failing=failing)
    return module.render(report, rules)


def located_message(f) -> str:
    """The message, saying the cell for a notebook's finding: formats with no place for a
    cell (SARIF, GitHub annotations, JUnit) show ``line`` as the line within that cell."""
    return f"cell {f.cell}, line {f.line}: {f.message}" if f.cell is not None else f.message
