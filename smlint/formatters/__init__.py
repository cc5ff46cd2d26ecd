"""Formatters: pure functions ``render(report, rules) -> str``, one module each. They know
findings and rule metadata, never which rule produced what or how."""

from __future__ import annotations

import importlib

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab", "concise")
_MODULES = {"json": "json_report"}  # format -> module where they differ (no two modules share a name)


def display_path(path: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by the OS as surrogates) shown
    as U+FFFD, so that output stays valid UTF-8."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def render(name: str, report, rules, failing=None) -> str:
    """``failing``: the findings at or above --fail-on, for the formats that tell them apart
    (JUnit's failures)."""
    module = importlib.import_module(f"{__name__}.{_MODULES.get(name, name)}")
    if failing is not None and getattr(module, "SHOWS_FAILING", False):
        return module.render(report, rules, failing=failing)
    return module.render(report, rules)


def stored(f) -> tuple:
    """(line, column, end line, end column) in the file as stored: for a notebook's finding,
    where its cell's line sits in the notebook's JSON (what an annotation or a SARIF region
    on the file must point at); else the finding's own."""
    if f.file_line is not None:
        return f.file_line, f.file_column, f.file_end_line, f.file_end_column
    return f.line, f.column, f.end_line, f.end_column


def located_message(f) -> str:
    """The message, saying the cell for a notebook's finding: formats with no place for a
    cell (SARIF, GitHub annotations, JUnit) say the cell and the line within it."""
    return f"cell {f.cell}, line {f.line}: {f.message}" if f.cell is not None else f.message
