"""GitHub Actions workflow commands (``::error file=…,line=…::message``): each finding
becomes an annotation on the pull request's diff. The text summary line follows."""

from __future__ import annotations

from . import display_path, located_message, stored
from .text import summary

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def render(report, rules=None) -> str:
    lines = [command(f) for f in report.findings]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def command(f) -> str:
    line, column, end_line, end_column = stored(f)
    properties = (
        ("file", display_path(f.path)),
        ("line", line),
        ("col", column),
        ("endLine", end_line),
        ("endColumn", end_column),
        ("title", f"{f.rule} {f.name}"),
    )
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{LEVELS.get(f.severity, 'warning')} {props}::{escape_data(located_message(f))}"


def escape_data(text: str) -> str:
    """The message: ``%``, CR and LF would end or corrupt the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: as data, and ``:`` and ``,`` that would end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
