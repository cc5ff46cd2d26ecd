"""Suppression comments: ``# noqa``, ``# noqa: SM204,SM301``, ``# smlint: ignore[SM204]`` on a
finding's line, ``# smlint: ignore-file`` anywhere; and SM004 for those that suppressed nothing.

Comments are the language's own comment tokens, as the file's reader found them
(smlint.readers: each reader's ``comments``), never a search of the text: YAML's between the
scanner's tokens (so a ``#`` inside a quoted or block scalar is not one, as yamllint does
it), Python's by ``tokenize``, Terraform's from the HCL parser's own comment tokens,
TypeScript's and JavaScript's from tree-sitter's (``// smlint: ignore[SM204]``, ``// noqa``).
JSON has no comments: there, config's ``per-file-ignores`` do the job (``smlint.config``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .findings import Finding

# flake8's form: codes after the colon, separated by commas or spaces; without codes, all.
_NOQA = re.compile(r"#\s*noqa(?::[\s]?(?P<codes>[A-Z][A-Z0-9]*(?:[,\s]+[A-Z][A-Z0-9]*)*))?", re.IGNORECASE)
_SMLINT = re.compile(r"#\s*smlint:\s*(?P<what>ignore-file|ignore)\b(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)

UNUSED = "SM004"


@dataclass(frozen=True)
class Directive:
    line: int
    column: int  # of the directive's "#", 1-based, in characters
    end_column: int  # end of the comment, exclusive
    text: str  # as written, for messages
    codes: tuple | None  # None: every rule
    ours: bool  # the smlint form; a noqa without our codes may be another tool's
    file_level: bool = False
    cell: int | None = None  # a notebook's: the line counts within this cell


def has_marker(data: bytes | str) -> bool:
    """Cheap test before any scan: most files hold no suppression at all. (Substring tests on
    the lowered text: ten times faster than a case-insensitive regex.)"""
    lowered = data.lower()
    if isinstance(lowered, str):
        return "noqa" in lowered or "smlint" in lowered
    return b"noqa" in lowered or b"smlint" in lowered


def scan(comments) -> list:
    """The suppression directives in ``comments`` (smlint.readers.Comment: the reader's
    comment tokens of the file)."""
    directives = []
    for c in comments:
        directives.extend(_directives(c.line, c.column, c.text, c.cell))
    return directives


def _directives(line: int, column: int, comment: str, cell: int | None = None) -> list:
    end = column + len(comment)
    out = []
    for m in _SMLINT.finditer(comment):
        codes = _codes(m.group("codes")) if m.group("codes") is not None else None
        out.append(
            Directive(
                line,
                column + m.start(),
                end,
                _shown(m.group(0)),
                codes,
                True,
                m.group("what").lower() == "ignore-file",
                cell,
            )
        )
    for m in _NOQA.finditer(comment):
        codes = _codes(m.group("codes")) if m.group("codes") else None
        out.append(Directive(line, column + m.start(), end, _shown(m.group(0)), codes, False, cell=cell))
    return out


def _shown(directive: str) -> str:
    return "# " + directive.lstrip("#").strip()


def _codes(text: str) -> tuple:
    return tuple(dict.fromkeys(c.upper() for c in re.split(r"[,\s]+", text) if c))


def apply(path: str, text: str, findings: list, rules, selected, ignored=(), comments=None) -> tuple:
    """(findings left, number suppressed). ``ignored``: codes the config turns off for this
    file, which no comment needs to suppress (so naming them is not an unused suppression);
    ``comments() -> [Comment]``: the file's comment tokens, from its reader."""
    if comments is None:  # (the comments of the format the path's extension says)
        from .readers import comments_of, format_of

        fmt = format_of(path)
        comments = comments_of(text, fmt) if fmt else None
    directives = scan(comments()) if comments is not None and has_marker(text) else []
    if not directives:
        return findings, 0
    kept, used = _filter(findings, directives)
    suppressed = len(findings) - len(kept)
    unused_rule = rules.by_id.get(UNUSED)
    parse_failed = any(f.rule == "SM001" for f in findings)
    if unused_rule is not None and unused_rule.id in selected and not parse_failed:
        unused = _unused(path, directives, used, rules, selected, set(ignored), unused_rule, text)
        # a comment without codes cannot silence the report about itself; one naming SM004 can
        naming = [d for d in directives if d.file_level or (d.codes and UNUSED in d.codes)]
        left, _ = _filter(unused, naming)
        suppressed += len(unused) - len(left)
        kept = sorted(kept + left, key=Finding.sort_key)
    return kept, suppressed


def _filter(findings, directives) -> tuple:
    whole_file = [d for d in directives if d.file_level]
    by_line: dict = {}  # (notebook cell or None, line) -> directives
    for d in directives:
        if not d.file_level:
            by_line.setdefault((d.cell, d.line), []).append(d)
    used: dict = {}  # directive -> codes it suppressed
    kept = []
    for f in findings:
        hit = None
        for d in whole_file + by_line.get((f.cell, f.line), []):
            if d.codes is None or f.rule in d.codes:
                hit = d
                used.setdefault(d, set()).add(f.rule)
        if hit is None:
            kept.append(f)
    return kept, used


def _unused(path, directives, used, rules, selected, ignored, rule, text: str = "") -> list:
    out = []
    for d in directives:
        if d.file_level:
            continue  # ignore-file is a policy for the file, not a claim about one line
        done = used.get(d, set())
        if d.codes is None:
            if d.ours and not done:
                out.append(
                    _finding(
                        rule,
                        path,
                        d,
                        f"`{d.text}` suppresses nothing; there is no finding on this line",
                        "remove the comment",
                        _removal(text, d),
                    )
                )
            continue
        # Our own form names only our rules; in a noqa, an unknown code is ours only by its
        # prefix (E501 belongs to flake8, SM24 is a typo of ours).
        unknown = [c for c in d.codes if c not in rules.by_id and (d.ours or c.startswith("SM"))]
        idle = [
            c for c in d.codes if c in rules.by_id and c in selected and c not in ignored and c not in done
        ]
        codes = idle + unknown
        if not codes:
            continue
        reasons = []
        if idle:
            reasons.append(f"there is no {' or '.join(idle)} finding on this line")
        if unknown:
            reasons.append(f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} no smlint rule")
        if len(codes) == len(d.codes):
            head, fix = "suppresses nothing", "remove the comment"
        else:
            head, fix = f"needs no {', '.join(codes)}", f"remove {', '.join(codes)} from it"
        removal = _removal(text, d) if len(codes) == len(d.codes) else None
        out.append(_finding(rule, path, d, f"`{d.text}` {head}; {'; '.join(reasons)}", fix, removal))
    return out


def _finding(rule, path: str, d: Directive, message: str, help: str, fix=None) -> Finding:
    return Finding(
        rule.id,
        rule.name,
        rule.severity,
        message,
        path,
        d.line,
        d.column,
        d.line,
        d.end_column,
        cell=d.cell,
        fix=fix,
        help=help,
    )


def _removal(text: str, d: Directive):
    """The fix of an unused suppression: the comment goes (a notebook's, from its cell's
    JSON string)."""
    if not text:
        return None
    from .fixers.edits import comment_removal

    return comment_removal(text, d.line, d.column, d.end_column, d.cell)


def suppress_file(options, selection, path: str, data, findings: list, comments) -> tuple:
    """What the runner calls once per file: config's ignores for this file (and field), then
    the file's suppression comments. ``data`` is the file's bytes or text; ``selection() ->
    (rules, selected)``; ``comments() -> [Comment]``, asked for only when ``data`` may hold
    a suppression."""
    ignored: tuple = ()
    if getattr(options, "config", None) is not None:
        from .config_paths import file_ignores

        ignored, findings = file_ignores(options, path, findings)
    if not has_marker(data):
        return findings, 0
    if isinstance(data, bytes):
        from . import sources

        data = sources.decode(path, data)
        if isinstance(data, sources.Problem):
            return findings, 0
    rules, selected = selection()
    return apply(path, data, findings, rules, selected, ignored, comments)
