"""``path:line:col: SM204 message``: one line per finding and nothing else (no severity, no
help, no summary), for terminals and tools that want the shortest form (ruff's ``concise``)."""

from __future__ import annotations

from . import escape
from .text import _cell


def render(report, rules=None) -> str:
    return "".join(
        f"{escape.path(f.path)}:{_cell(f)}{f.line}:{f.column}: {escape.text(f.rule)} {escape.text(f.message)}\n"
        for f in report.findings
    )
