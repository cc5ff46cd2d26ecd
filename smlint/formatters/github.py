"""GitHub Actions workflow commands (``::error file=…,line=…::message``): each finding
becomes an annotation on the pull request's diff. The text summary line follows."""

from __future__ import annotations

from . import escape, located_message, stored
from .text import summary

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def render(report, rules=None) -> str:
    lines = [command(f) for f in report.findings]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def command(f) -> str:
    line, column, end_line, end_column = stored(f)
    properties = (
        ("file", f.path),
        ("line", line),
        ("col", column),
        ("endLine", end_line),
        ("endColumn", end_column),
        ("title", f"{f.rule} {f.name}"),
    )
    props = ",".join(f"{key}={escape.github_property(value)}" for key, value in properties)
    body = located_message(f) + (f"\nhelp: {f.help}" if f.help else "")  # (an annotation may hold lines)
    return f"::{LEVELS.get(f.severity, 'warning')} {props}::{escape.github_data(body)}"
