"""Suppression comments: ``# noqa``, ``# noqa: SM204,SM301``, ``# smlint: ignore[SM204]`` on a
finding's line, ``# smlint: ignore-file`` anywhere; and SM004 for those that suppressed nothing.

Comments are found as the language's own comments, never by searching the text: YAML's
between the scanner's tokens (so a ``#`` inside a quoted or block scalar is not one, as
yamllint does it), Python's by ``tokenize``, Terraform's from the HCL parser's own comment
tokens (``#`` comments), TypeScript's and JavaScript's from tree-sitter's (``// smlint:
ignore[SM204]``, ``// noqa``). JSON has no comments: there, config's
``per-file-ignores`` do the job (``smlint.config``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace

from .findings import Finding

# Formats with comments, by extension (JSON has none).
COMMENTED = (".yaml", ".yml", ".py", ".tf", ".ipynb", ".md", ".markdown", ".mdx", ".sh", ".bash", ".mk", ".ts", ".tsx", ".js", ".mjs")
_COMMENTED_NAMES = ("makefile", "gnumakefile")
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


def _commented(lowered: str) -> bool:
    name = os.path.basename(lowered)
    # (a file without an extension is linted only as a shell script: it has a shebang)
    return lowered.endswith(COMMENTED) or name in _COMMENTED_NAMES or (name and "." not in name)


def reads_comments(path: str) -> bool:
    """Whether suppression comments are read in files like ``path`` (JSON has none)."""
    return _commented(path.lower())


def has_marker(data: bytes | str) -> bool:
    """Cheap test before any scan: most files hold no suppression at all. (Substring tests on
    the lowered text: ten times faster than a case-insensitive regex.)"""
    lowered = data.lower()
    if isinstance(lowered, str):
        return "noqa" in lowered or "smlint" in lowered
    return b"noqa" in lowered or b"smlint" in lowered


def scan(path: str, text: str) -> list:
    """The suppression directives in ``text``, by the language that ``path``'s extension says."""
    lowered = path.lower()
    if not _commented(lowered):
        return []  # JSON has no comments
    if lowered.endswith(".ipynb"):
        return notebook_directives(text)
    if lowered.endswith((".md", ".markdown", ".mdx")):
        from .readers.markdown import comments as markdown_comments

        comments = markdown_comments(text)
    elif lowered.endswith((".sh", ".bash")) or ("." not in os.path.basename(lowered) and text.startswith("#!")):
        from .readers.shell import comments as shell_comments

        comments = shell_comments(text)
    elif lowered.endswith(".mk") or os.path.basename(lowered) in _COMMENTED_NAMES:
        from .readers.makefile import comments as makefile_comments

        comments = makefile_comments(text)
    elif lowered.endswith((".yaml", ".yml")):
        comments = yaml_comments(text)
    elif lowered.endswith(".tf"):
        comments = terraform_comments(text)
    elif lowered.endswith((".ts", ".tsx", ".js", ".mjs")):
        from .readers.typescript import comments as typescript_comments

        comments = typescript_comments(path, text)
    else:
        comments = python_comments(text)
    directives = []
    for line, column, comment in comments:
        directives.extend(_directives(line, column, comment))
    return directives


def _directives(line: int, column: int, comment: str) -> list:
    end = column + len(comment)
    out = []
    for m in _SMLINT.finditer(comment):
        codes = _codes(m.group("codes")) if m.group("codes") is not None else None
        out.append(
            Directive(line, column + m.start(), end, _shown(m.group(0)), codes, True, m.group("what").lower() == "ignore-file")
        )
    for m in _NOQA.finditer(comment):
        codes = _codes(m.group("codes")) if m.group("codes") else None
        out.append(Directive(line, column + m.start(), end, _shown(m.group(0)), codes, False))
    return out


def _shown(directive: str) -> str:
    return "# " + directive.lstrip("#").strip()


def _codes(text: str) -> tuple:
    return tuple(dict.fromkeys(c.upper() for c in re.split(r"[,\s]+", text) if c))


def yaml_comments(text: str) -> list:
    """(line, column, comment) for every YAML comment: a ``#`` can only start a comment
    between two tokens, and a comment runs to the end of its line. A scan error ends the
    scan (the comments before it still count)."""
    from .model import LineIndex
    from .readers import _items

    lines = LineIndex(text)
    out: list = []
    previous = 0
    try:
        for token in _items(text, "check_token", "get_token"):
            _gap_comments(text, previous, token.start_mark.index, lines, out)
            previous = max(previous, token.end_mark.index)
    except Exception:  # noqa: BLE001 - a broken file is SM001's business, not ours
        return out
    _gap_comments(text, previous, len(text), lines, out)
    return out


def _gap_comments(text: str, start: int, end: int, lines, out: list) -> None:
    index = text.find("#", start, end)
    while index != -1:
        stop = len(text)
        for eol in ("\n", "\r"):
            found = text.find(eol, index, stop)
            if found != -1:
                stop = found
        line, column = lines.position(index)
        out.append((line, column, text[index:stop]))
        index = text.find("#", stop, end)


def notebook_directives(text: str) -> list:
    """The directives in a notebook's code cells, each told by its cell and line in it."""
    from .readers.nodes import LoadError
    from .readers.notebook import notebook_source

    try:
        module, cells = notebook_source(text)
    except LoadError:
        return []  # the file's SM001 says why
    out = []
    for line, column, comment in python_comments(module):
        cell, within = cells.locate(line)
        out.extend(replace(d, line=within, cell=cell) for d in _directives(line, column, comment))
    return out


def python_comments(text: str) -> list:
    import io
    import tokenize

    out: list = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                out.append((tok.start[0], tok.start[1] + 1, tok.string))
    except (tokenize.TokenError, SyntaxError, ValueError):
        pass
    return out


def terraform_comments(text: str) -> list:
    """``#``, ``//`` and ``/* */`` comments, as the HCL parser reads them (never one inside a
    string). The others are handed on as ``#`` comments of the same length, so that their
    directives read, and are placed, as in YAML and Python."""
    from lark import Token

    from .readers.nodes import LoadError
    from .readers.terraform import parse

    try:
        tree = parse(text)
    except LoadError:
        return []  # the file's SM001 says why
    out = []
    for tok in tree.scan_values(lambda v: isinstance(v, Token) and v.type == "NL_OR_COMMENT"):
        value = tok.value
        if value.startswith(("#", "//")):
            out.append((tok.line, tok.column, "# " + value[2:].rstrip("\r\n") if value[0] == "/" else value.rstrip("\r\n")))
        elif value.startswith("/*"):  # a block comment: each of its lines, the first at the "/*"
            body = "# " + value[2:-2] + "  " if value.endswith("*/") else "# " + value[2:]
            for index, line in enumerate(body.splitlines()):
                if index == 0:
                    out.append((tok.line, tok.column, line))
                elif line.strip():
                    indent = len(line) - len(line.lstrip())
                    out.append((tok.line + index, indent + 1, "#" + line[indent:]))
    return out


def apply(path: str, text: str, findings: list, rules, selected, ignored=()) -> tuple:
    """(findings left, number suppressed). ``ignored``: codes the config turns off for this
    file, which no comment needs to suppress (so naming them is not an unused suppression)."""
    directives = scan(path, text) if has_marker(text) else []
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
                        rule, path, d, f"`{d.text}` suppresses nothing: there is no finding on this line: remove the comment",
                        _removal(text, d),
                    )
                )
            continue
        # Our own form names only our rules; in a noqa, an unknown code is ours only by its
        # prefix (E501 belongs to flake8, SM24 is a typo of ours).
        unknown = [c for c in d.codes if c not in rules.by_id and (d.ours or c.startswith("SM"))]
        idle = [c for c in d.codes if c in rules.by_id and c in selected and c not in ignored and c not in done]
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
        out.append(_finding(rule, path, d, f"`{d.text}` {head}: {'; '.join(reasons)}: {fix}", removal))
    return out


def _finding(rule, path: str, d: Directive, message: str, fix=None) -> Finding:
    return Finding(
        rule.id, rule.name, rule.severity, message, path, d.line, d.column, d.line, d.end_column, cell=d.cell, fix=fix
    )


def _removal(text: str, d: Directive):
    """The fix of an unused suppression: the comment goes (a notebook's, from its cell's
    JSON string)."""
    if not text:
        return None
    from .fixers.edits import comment_removal

    return comment_removal(text, d.line, d.column, d.end_column, d.cell)


def suppress_file(linter, path: str, data, findings: list) -> tuple:
    """What the runner calls once per file: config's ignores for this file (and field), then
    the file's suppression comments. ``data`` is the file's bytes or text."""
    ignored: tuple = ()
    if getattr(linter.options, "config", None) is not None:
        from .config import file_ignores

        ignored, findings = file_ignores(linter.options, path, findings)
    if not _commented(path.lower()) or not has_marker(data):
        return findings, 0
    if isinstance(data, bytes):
        from . import sources

        data = sources.decode(path, data)
        if isinstance(data, sources.Problem):
            return findings, 0
    return apply(path, data, findings, linter.rules, linter.selected, ignored)
