"""Applying fixes to a file without ever breaking it (``smlint check --fix``).

Each pass lints the text, applies the wanted fixes that fit together (smlint.fixes.apply:
overlapping ones wait for the next pass), and lints the result again. A result is kept only
if it still parses, every applied fix removed the finding it was for, and no finding appeared
that the fix did not reveal (a shape fix makes a value known, so other rules may then judge it:
those findings are the value's own, not the fix's). Otherwise each fix of the pass is tried
alone; one that fails alone is dropped and reported as smlint's bug. Passes repeat until
nothing is left to apply, at most ``MAX_PASSES`` times.

Writing: the file is written only if its bytes on disk are still the ones read, through a
temporary file in the same folder renamed over it, with the file's permissions; its encoding
and byte-order mark are kept.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field

from . import sources
from .fixes import SAFE, apply

MAX_PASSES = 10


@dataclass
class Fixed:
    text: str  # the fixed text (the original when nothing applied)
    applied: list = field(default_factory=list)  # findings whose fix was applied
    bugs: list = field(default_factory=list)  # (finding, why): fixes dropped as smlint's bugs
    findings: list = field(default_factory=list)  # what is left, after suppressions


def wanted(finding, unsafe: bool, fixable=None, unfixable=()) -> bool:
    """Is this finding's fix to be applied? ``fixable``/``unfixable``: rule codes or prefixes
    (config), as ruff's lists."""
    fix = finding.fix
    if fix is None or not fix.edits or (fix.applicability != SAFE and not unsafe):
        return False
    if fixable is not None and not any(_names(finding.rule, code) for code in fixable):
        return False
    return not any(_names(finding.rule, code) for code in unfixable)


def _names(rule: str, code: str) -> bool:
    return code == "ALL" or rule.startswith(code)


def _lint(linter, path: str, text: str, fmt: str) -> list:
    return linter.check_text(path, text, fmt).findings


def _key(f) -> tuple:
    return (f.rule, f.field, f.cell, f.message)


def _judge(before: list, after: list, fixes: list) -> str | None:
    """Why the result of applying ``fixes`` (findings of the fixed text) cannot be kept."""
    if any(f.rule == "SM001" for f in after):
        parse = next(f for f in after if f.rule == "SM001")
        return f"the fixed file does not parse ({parse.message})"
    left = Counter(_key(f) for f in after)
    for f in fixes:
        if left[_key(f)] >= Counter(_key(g) for g in before)[_key(f)]:
            return "the fix did not remove its finding"
    old = Counter(_key(f) for f in before)
    for f in after:
        if left[_key(f)] > old[_key(f)] and not any(_revealed(f, fixed) for fixed in fixes):
            return f"the fix added a finding: {f.rule} {f.message}"
    return None


def _revealed(f, fixed) -> bool:
    """A finding that the shape fix of ``fixed`` reveals: a value the shape rules rejected is
    unknown to every other rule, and so is what a misspelt key holds; once valid, they judge
    it. So: another rule's finding anywhere, or a shape finding inside a member of the fixed
    object (what a renamed member holds), never one about a member of that object itself.
    Likewise a step size out of range counts no steps, so the timeout rules judge the schedule
    only once it is fixed."""
    if fixed.rule in _STEP_RULES and f.rule in _SCHEDULE_RULES:
        return True  # (a step size out of range counts no steps: the schedule was unknown)
    if not fixed.rule.startswith("SM1") or f.rule.startswith("SM0"):
        return False
    if not f.rule.startswith("SM1"):
        return True
    if fixed.rule == "SM103":
        # a value of the wrong type was judged by its type alone: once it is a number, its
        # range, enum or pattern is judged too ("3601" becomes 3601, above the maximum)
        return f.field == fixed.field and f.rule in ("SM104", "SM105", "SM106")
    if fixed.rule != "SM102":
        return False  # a value fixed is a scalar: nothing inside it to reveal
    parent = fixed.field.rpartition(".")[0]
    inside = f.field.startswith(parent + ".") if parent else bool(f.field)
    return inside and _depth(f.field) > _depth(fixed.field)


_STEP_RULES = frozenset({"SM204", "SM205", "SM206"})
_SCHEDULE_RULES = frozenset({"SM208", "SM209", "SM602"})


def _depth(field: str) -> int:
    return field.count(".") + field.count("[") + 1


def fix_text(linter, path: str, text: str, fmt: str, want) -> Fixed:
    """``want(finding) -> bool``: which fixes to apply."""
    done = Fixed(text)
    refused: set = set()  # (rule, field, title) of fixes found broken
    findings = _lint(linter, path, text, fmt)
    for _ in range(MAX_PASSES):
        todo = [f for f in findings if want(f) and (f.rule, f.field, f.fix.title) not in refused]
        if not todo:
            break
        new_text, applied = apply(text, [f.fix for f in todo])
        # (findings whose fix is the same edits as one applied are fixed by it: a constant
        # read by two requests)
        edits = {fix.edits for fix in applied}
        chosen = [f for f in todo if f.fix.edits in edits]
        after = _lint(linter, path, new_text, fmt)
        problem = _judge(findings, after, chosen)
        if problem is not None:
            # find the culprits one by one; the first good one is this pass's step
            step = None
            for f in chosen:
                one_text, _ = apply(text, [f.fix])
                one_after = _lint(linter, path, one_text, fmt)
                why = _judge(findings, one_after, [f])
                if why is not None:
                    refused.add((f.rule, f.field, f.fix.title))
                    done.bugs.append((f, why))
                elif step is None:
                    step = (one_text, [f], one_after)
            if step is None:
                continue
            new_text, chosen, after = step
        text, findings = new_text, after
        done.applied.extend(chosen)
    done.text, done.findings = text, findings
    return done


@dataclass
class Read:
    """A file's content as read for fixing: what to compare with before writing it back."""

    data: bytes
    text: str
    bom: bytes
    encoding: str


def read(path: str):
    """A Read, or None when the file cannot be read or decoded (then it is not fixed)."""
    data = sources.read_bytes(path)
    if isinstance(data, sources.Problem):
        return None
    return from_bytes(path, data)


def from_bytes(path: str, data: bytes):
    text = sources.decode(path, data)
    if isinstance(text, sources.Problem):
        return None
    bom, encoding = b"", "utf-8"
    for mark, name in sources._BOMS:
        if data.startswith(mark):
            bom, encoding = mark, name
            break
    return Read(data, text, bom, encoding)


def encode(read_: Read, text: str) -> bytes:
    return read_.bom + text.encode(read_.encoding, "surrogatepass")


class Changed(Exception):
    """The file changed on disk since it was read: not overwritten."""


def write(path: str, read_: Read, text: str) -> None:
    """Atomically replace ``path`` with ``text`` in its encoding, if it is unchanged since
    ``read_``; raises Changed otherwise, OSError when it cannot be written."""
    with open(path, "rb") as fh:
        if fh.read() != read_.data:
            raise Changed(path)
    mode = os.stat(path).st_mode
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".smlint-fix-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(encode(read_, text))
        os.chmod(tmp, mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
