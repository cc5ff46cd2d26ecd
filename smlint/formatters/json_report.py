"""A JSON array of findings: a stable interface for tools (keys documented in the README)."""

from __future__ import annotations

from . import display_path, escape

# ("help": what to write instead, "" when there is no suggestion; added last, after the keys
# tools already read)
KEYS = (
    "rule",
    "name",
    "severity",
    "message",
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "field",
    "help",
)


def render(report, rules=None) -> str:
    rows = [_row(f) for f in report.findings]
    return escape.json_text(rows, indent=2) + "\n"


def _row(f) -> dict:
    row = {k: getattr(f, k) for k in KEYS}
    row["path"] = display_path(row["path"])
    if f.cell is not None:  # a notebook's finding: `line` counts within this cell (other files: no key)
        row = {**{k: row[k] for k in KEYS[:5]}, "cell": f.cell, **{k: row[k] for k in KEYS[5:]}}
    if f.fix is not None:  # (findings without a fix: no key, as before)
        row["fix"] = f.fix.as_dict()
    return row
