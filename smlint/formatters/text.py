"""``path:line:col: SM204 [error] message``: what editors' problem matchers and vim's
errorformat read; the finding's help on the next line, indented (``  help: use …``, as
ruff shows it), where no problem matcher takes it for a finding. A summary line follows."""

from __future__ import annotations

from ..findings import SEVERITIES
from . import escape


def render(report, rules=None) -> str:
    unsafe = getattr(report, "unsafe_fixes", False)
    lines = []
    for f in report.findings:
        lines.append(
            f"{escape.path(f.path)}:{_cell(f)}{f.line}:{f.column}: {escape.text(f.rule)} [{f.severity}] "
            f"{_fixable(f, unsafe)}{escape.text(f.message)}"
        )
        if f.help:
            lines.append(help_line(f))
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def help_line(f) -> str:
    """``  help: …``: escaped as a line of prose, so that no help text (a policy's holds the
    user's values) reads as a finding to a problem matcher."""
    return escape.prose(f"  help: {f.help}")


def _fixable(f, unsafe: bool = False) -> str:
    """``[*] ``: a fix that --fix applies (ruff's mark); an unsafe one only with
    --unsafe-fixes (without, the --fix summary counts it)."""
    if f.fix is None or not f.fix.edits:
        return ""
    return "[*] " if f.fix.applicability == "safe" or unsafe else ""


def _cell(f) -> str:
    """``nb.ipynb:cell 3:5:9:``: a notebook's line counts within its cell."""
    return f"cell {f.cell}:" if f.cell is not None else ""


def summary(report) -> str:
    files = f"{report.files} file{'s' if report.files != 1 else ''}"
    requests = f"{report.requests} request{'s' if report.requests != 1 else ''}"
    left_out = _left_out(report) + _not_read(report)
    if not report.findings:
        if not report.files and getattr(report, "skipped", None):
            return f"Nothing linted: {files} checked{left_out}."  # never "All clear" for what was not read
        return f"All clear: {files} checked, {requests} linted{left_out}."
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in SEVERITIES}
    parts = [f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for s, n in reversed(counts.items()) if n]
    total = len(report.findings)
    return (
        f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) in {files} checked, "
        f"{requests} linted{left_out}."
    )


def _not_read(report) -> str:
    """ "; not read: notes.txt": files named (or met) that smlint did not lint, said here and
    not only on standard error, which a quiet hook or a CI log may not show."""
    skipped = [escape.path(path) for path, _ in getattr(report, "skipped", ())]
    if not skipped:
        return ""
    shown = ", ".join(skipped[:3]) + (f" and {len(skipped) - 3} more" if len(skipped) > 3 else "")
    return f"; not read: {shown}"


def _left_out(report) -> str:
    """ "; 2 suppressed, 5 in the baseline": findings the user chose not to see, counted."""
    parts = []
    if getattr(report, "suppressed", 0):
        parts.append(f"{report.suppressed} suppressed")
    if getattr(report, "baselined", 0):
        parts.append(f"{report.baselined} in the baseline")
    return "; " + ", ".join(parts) if parts else ""
