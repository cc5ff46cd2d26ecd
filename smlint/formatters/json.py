"""A JSON array of findings: a stable interface for tools (keys documented in the README)."""

from __future__ import annotations

import json

KEYS = ("rule", "name", "severity", "message", "path", "line", "column", "end_line", "end_column", "field")


def render(report, rules=None) -> str:
    return json.dumps([{k: getattr(f, k) for k in KEYS} for f in report.findings], indent=2, ensure_ascii=False) + "\n"
