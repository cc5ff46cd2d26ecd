"""``smlint check --fix / --unsafe-fixes / --diff / --fix-only``: the files with fixable
findings, fixed (smlint.fixing), and the report updated to what is left."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .fixing import Changed, encode, fix_text, from_bytes, read, wanted, write
from .formatters import display_path


@dataclass
class Mode:
    write: bool = True  # --fix (False: --diff)
    unsafe: bool = False
    fixable: tuple | None = None  # config's lists
    unfixable: tuple = ()


@dataclass
class Outcome:
    fixed: int = 0
    diffs: list = field(default_factory=list)  # unified diffs (--diff)
    notes: list = field(default_factory=list)  # said on stderr
    stdout: bytes | None = None  # standard input, fixed (--fix with -)


def _want(mode: Mode, config):
    fixable = mode.fixable
    unfixable = mode.unfixable
    if config is not None:
        fixable = fixable if fixable is not None else getattr(config, "fixable", None)
        unfixable = tuple(unfixable) + tuple(getattr(config, "unfixable", ()) or ())
    return lambda f: wanted(f, mode.unsafe, fixable, unfixable)


def fix_report(report, linter, mode: Mode, outcome: Outcome, stdin=None) -> None:
    """Fix the files of ``report`` that have fixable findings; their findings in the report
    become what is left. ``stdin``: (path, data, fmt) of standard input, if linted."""
    from . import sources

    want = _want(mode, linter.options.config)
    paths = sorted({f.path for f in report.findings if want(f)} - ({stdin[0]} if stdin else set()))
    replaced: dict = {}
    for path in paths:
        content = read(path)
        fmt = sources.file_format(path) or ("sniff" if linter.options.kind else None)
        if content is None or fmt is None:
            continue
        done = _fixed(linter, path, content.text, fmt, want, outcome)
        if done is None or done.text == content.text:
            continue
        if not mode.write:
            outcome.diffs.append(_diff(path, content.text, done.text))
            outcome.fixed += len(done.applied)
            continue
        try:
            write(path, content, done.text)
        except Changed:
            outcome.notes.append(f"smlint: {display_path(path)} changed while smlint ran: not fixed")
            continue
        except OSError as exc:
            outcome.notes.append(f"smlint: cannot write {display_path(path)}: {exc.strerror or exc}")
            continue
        outcome.fixed += len(done.applied)
        replaced[path] = done.findings
    if stdin is not None:
        path, data, fmt = stdin
        content = from_bytes(path, data)
        if content is None or fmt is None:
            outcome.stdout = data if mode.write else None  # (not ours: given back as it came)
        else:
            done = _fixed(linter, path, content.text, fmt, want, outcome)
            if done is None:
                outcome.stdout = data if mode.write else None
            elif mode.write:
                outcome.stdout = encode(content, done.text)
                replaced[path] = done.findings
            elif done.text != content.text:
                outcome.diffs.append(_diff(path, content.text, done.text))
            if done is not None:
                outcome.fixed += len(done.applied)
    if replaced:
        report.findings = [f for f in report.findings if f.path not in replaced]
        for findings in replaced.values():
            report.findings.extend(findings)
        report.findings.sort(key=lambda f: f.sort_key())


def _fixed(linter, path: str, text: str, fmt: str, want, outcome: Outcome):
    """fix_text, or None (said on stderr) when smlint itself fails on the file."""
    import os

    try:
        done = fix_text(linter, path, text, fmt, want)
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not cost the other files
        if os.environ.get("SMLINT_DEBUG"):
            raise
        outcome.notes.append(
            f"smlint: internal error while fixing {display_path(path)}: {type(exc).__name__}: {exc} "
            "(not fixed; please report it)"
        )
        return None
    _note_bugs(done, outcome)
    return done


def _note_bugs(done, outcome: Outcome) -> None:
    for f, why in done.bugs:
        where = f"{display_path(f.path)}:{f.line}:{f.column}"
        outcome.notes.append(
            f"smlint: internal error: the fix for {f.rule} at {where} ({f.fix.title}) was not applied: "
            f"{why} (this is a bug in smlint; please report it)"
        )


def _diff(path: str, before: str, after: str) -> str:
    name = display_path(path).lstrip("/")
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(
        line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines
    )


def summary(report, outcome: Outcome, unsafe: bool) -> str:
    """``2 fixed, 1 remaining (1 fixable with --unsafe-fixes)``"""
    remaining = len(report.findings)
    text = f"{outcome.fixed} fixed, {remaining} remaining"
    more = (
        sum(1 for f in report.findings if f.fix is not None and f.fix.applicability != "safe")
        if not unsafe
        else 0
    )
    if more:
        text += f" ({more} fixable with --unsafe-fixes)"
    return text
