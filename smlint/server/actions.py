"""Code actions: each finding's fix as a quick fix (safe ones first, unsafe ones said so),
"suppress SMxxx on this line" where the file's language has comments, and "fix all" of the
safe fixes (``source.fixAll.smlint``, what editors run on save)."""

from __future__ import annotations

import os

from lsprotocol import types

from . import linting

FIX_ALL = "source.fixAll.smlint"
_NO_SUPPRESSION = ("notebook", "markdown")  # (comments inside JSON strings, code blocks)
_SLASHES = (".ts", ".tsx", ".js", ".mjs")


def wanted(kind: str, only) -> bool:
    """Is an action of ``kind`` asked for by the request's ``only`` (kinds are prefixes)?"""
    return not only or any(kind == o or kind.startswith(o + ".") for o in only)


def _overlaps(diagnostic: types.Range, asked: types.Range) -> bool:
    """A diagnostic is on the range asked about when they share a line: a cursor anywhere on
    the line of a mistake gets its fixes (editors ask with the cursor's position)."""
    return diagnostic.start.line <= asked.end.line and asked.start.line <= diagnostic.end.line


def _chosen(doc, params: types.CodeActionParams) -> list:
    """(index, finding, diagnostic) the request is about: the diagnostics it names (ours),
    else every one on its range."""
    published = {d.data["index"]: d for d in _diagnostics(doc)}
    named = [
        d.data["index"]
        for d in params.context.diagnostics or ()
        if d.source == "smlint" and isinstance(d.data, dict) and d.data.get("index") in published
    ]
    if not named:
        named = [i for i, d in published.items() if _overlaps(d.range, params.range)]
    return [(i, doc.outcome.findings[i], published[i]) for i in sorted(set(named))]


def _diagnostics(doc) -> list:
    from .diagnostics import diagnostics

    return diagnostics(doc.outcome, doc.lines)


def _edit(doc, edits) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={doc.uri: edits})


def fix_actions(doc, chosen) -> list:
    safe, unsafe = [], []
    for _, f, diagnostic in chosen:
        fix = f.fix
        if fix is None or not fix.edits:
            continue
        edits = [
            types.TextEdit(doc.lines.range(e.line, e.column, e.end_line, e.end_column), e.text)
            for e in fix.edits
        ]
        is_safe = fix.applicability == "safe"
        title = f"{f.rule}: {fix.title}" + ("" if is_safe else " (unsafe: it changes the deployment)")
        action = types.CodeAction(
            title=title,
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            edit=_edit(doc, edits),
            is_preferred=is_safe or None,
        )
        (safe if is_safe else unsafe).append(action)
    return safe + unsafe


def suppress_actions(doc, chosen) -> list:
    """``# noqa: SMxxx`` at the end of the finding's line (added to a noqa already there),
    offered only when smlint then reads it as a suppression of that rule on that line."""
    fmt = linting.format_of(doc.path)
    if not linting.has_comments(doc.path) or fmt in _NO_SUPPRESSION:
        return []
    out, seen = [], set()
    directives = None
    for _, f, diagnostic in chosen:
        if (f.rule, f.line) in seen or f.cell is not None:
            continue
        seen.add((f.rule, f.line))
        if directives is None:
            directives = linting.suppressions(doc.path, doc.text)
        edit = _suppression(doc, f.rule, f.line, directives)
        if edit is None:
            continue
        out.append(
            types.CodeAction(
                title=f"Suppress {f.rule} on this line",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=_edit(doc, [edit]),
            )
        )
    return out


def _suppression(doc, rule: str, line: int, directives) -> types.TextEdit | None:
    if not 1 <= line <= len(doc.lines.starts):
        return None
    text = doc.lines.line_text(line - 1)
    here = [d for d in directives if d.line == line and d.cell is None and not d.file_level]
    if any(d.codes is None or rule in d.codes for d in here):
        return None  # (suppressed already: the finding is another's)
    mark = "//" if doc.path.lower().endswith(_SLASHES) else "#"
    existing = next((d for d in here if d.codes), None)
    if existing is None:
        column = len(text.rstrip()) + 1
        new = f"  {mark} noqa: {rule}"
    else:
        comment = text[existing.column - 1 : existing.end_column - 1]
        closing = comment.rfind("]") if existing.ours else -1
        at = closing if closing >= 0 else comment.rfind(existing.codes[-1]) + len(existing.codes[-1])
        column, new = existing.column + at, f", {rule}"
    edit = types.TextEdit(doc.lines.range(line, column, line, column), new)
    # smlint must read it as meant: a "#" inside a string or a block scalar is no comment
    start = doc.lines.starts[line - 1] + column - 1
    changed = doc.text[:start] + new + doc.text[start:]
    after = [d for d in linting.suppressions(doc.path, changed) if d.line == line and d.cell is None]
    if not any(d.codes and rule in d.codes for d in after):
        return None
    return edit


FIX_ALL_TITLE = "smlint: fix all safe fixes in this file"


def _has_safe_fix(doc) -> bool:
    return any(
        f.fix is not None and f.fix.edits and f.fix.applicability == "safe" for f in doc.outcome.findings
    )


async def fix_all_action(doc, engine, records, lazy: bool = False) -> types.CodeAction | None:
    """Every safe fix of the file at once (smlint check --fix), as one edit of the part of
    the text that changes; None when there is none. ``lazy``: the edit is left for
    ``codeAction/resolve`` (a light bulb's list need not pay for fixing the whole file)."""
    if not _has_safe_fix(doc):
        return None
    if lazy:
        return types.CodeAction(
            title=FIX_ALL_TITLE, kind=FIX_ALL, data={"uri": doc.uri, "version": doc.version}
        )
    fixed = await engine.fix_all(doc.path, doc.text, records)
    if fixed is None or fixed == doc.text:
        return None
    return types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL, edit=_edit(doc, [changed_part(doc, fixed)]))


async def resolve(action: types.CodeAction, docs: dict, engine, records_for) -> types.CodeAction:
    """The edit of a fix-all offered lazily (unchanged when its document changed since)."""
    data = action.data if isinstance(action.data, dict) else {}
    doc = docs.get(data.get("uri"))
    if action.kind != FIX_ALL or doc is None or doc.version != data.get("version"):
        return action
    full = await fix_all_action(doc, engine, records_for(doc.path))
    if full is not None:
        action.edit = full.edit
    return action


def changed_part(doc, new: str) -> types.TextEdit:
    """One edit from ``doc.text`` to ``new``: the span between their common start and end."""
    old = doc.text
    start = len(os.path.commonprefix([old, new]))
    limit = min(len(old), len(new)) - start
    end = 0
    while end < limit and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    lines = doc.lines
    first = _position(lines, start)
    last = _position(lines, len(old) - end)
    return types.TextEdit(types.Range(first, last), new[start : len(new) - end])


def _position(lines, offset: int) -> types.Position:
    from bisect import bisect_right

    line = bisect_right(lines.starts, offset)
    return lines.to_lsp(line, offset - lines.starts[line - 1] + 1)


async def code_actions(
    doc, params: types.CodeActionParams, engine, records, resolvable: bool = False
) -> list:
    """``resolvable``: the client resolves an action's edit later (codeAction/resolve)."""
    if doc.lines is None or doc.linted != doc.version or doc.lines.text != doc.text:
        return []  # (findings of an older text: the editor asks again once they are new)
    only = params.context.only
    out: list = []
    if wanted(types.CodeActionKind.QuickFix, only):
        chosen = _chosen(doc, params)
        out += fix_actions(doc, chosen)
        out += suppress_actions(doc, chosen)
    if only and wanted(FIX_ALL, only) or not only:
        # (asked for by name, on save: the edit now; in a list of every action: when chosen)
        action = await fix_all_action(doc, engine, records, lazy=resolvable and not only)
        if action is not None:
            out.append(action)
    return out
