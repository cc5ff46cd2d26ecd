"""A JSON array of findings: a stable interface for tools (keys documented in the README)."""

from __future__ import annotations

import json

from . import display_path

KEYS = ("rule", "name", "severity", "message", "path", "line", "column", "end_line", "end_column", "field")


def render(report, rules=None) -> str:
    rows = [{k: getattr(f, k) for k in KEYS} for f in report.findings]
    for row in rows:
        row["path"] = display_path(row["path"])
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
