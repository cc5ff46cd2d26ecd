"""Proposals -> edits of exact spans, in the file's own syntax.

A proposal becomes edits only where the file writes the field as a literal of its own
(``smlint.fixers.literals``). New text keeps the style of the old: a string stays in the quotes
it had (YAML plain stays plain), a removed entry takes its separator and, when it stood on lines
of its own, those lines; a moved one is written in the layout of the object it joins.
Everything outside the edited spans is left byte for byte.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import replace

from ..fixes import Fix, Offsets
from . import MOVE, REMOVE, REMOVE_FIRST, RENAME, VALUE, Proposal
from .literals import literal, same, value_site
from .source import (
    Source,
    Sources,
    line_end,
    line_start,
    located,
    newline,
    node_end,
    node_start,
    skip_space,
    span,
)

__all__ = ["Source", "Sources", "build", "comment_removal", "realize"]


def realize(findings: list, doc, sources: Sources | None) -> list:
    """Findings with their proposals made into Fixes (or dropped)."""
    out = []
    for f in findings:
        if isinstance(f.fix, Proposal):
            fix = None
            source = sources.get() if sources is not None else None
            if source is not None:
                try:
                    fix = build(f.fix, doc, source)
                except Exception:  # noqa: BLE001 - an edit that cannot be made is no fix
                    fix = None
            f = replace(f, fix=fix)
        out.append(f)
    return out


def build(proposal: Proposal, doc, src: Source) -> Fix | None:
    spans = None
    if proposal.op == VALUE:
        spans = _value_edit(proposal, doc, src)
    elif proposal.op == RENAME:
        spans = _rename_edit(proposal, doc, src)
    elif proposal.op == REMOVE:
        spans = _remove_edit(proposal, doc, src)
    elif proposal.op == REMOVE_FIRST:
        spans = _remove_first_edit(proposal, src)
    elif proposal.op == MOVE:
        spans = _move_edit(proposal, doc, src)
    if not spans:
        return None
    edits = tuple(src.offsets.edit(s, e, t) for s, e, t in spans)
    if src.cells is not None:
        from .cells import into_notebook

        edits = into_notebook(edits, src)
        if edits is None:
            return None
    return Fix(proposal.title, proposal.applicability, edits)


def render_value(value, syntax: str, old: str) -> str | None:
    if isinstance(value, bool):
        return ("True" if value else "False") if syntax == "python" else ("true" if value else "false")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return render_string(value, syntax, old)
    return None


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def render_string(value: str, syntax: str, old: str) -> str | None:
    """``value`` as a string literal in the quotes ``old`` used (YAML plain when it was)."""
    quote = old[:1]
    if syntax == "python":
        prefix = re.match(r"[rRuUbBfF]*", old).group(0)
        quote = old[len(prefix) : len(prefix) + 1]
        if "f" in prefix.lower() or "b" in prefix.lower() or quote not in ("'", '"'):
            return None
        if not value.isascii() or not value.isprintable() or quote in value or "\\" in value:
            return None
        return quote + value + quote
    if syntax == "yaml":
        if quote == "'":
            return "'" + value.replace("'", "''") + "'"
        if (
            quote == '"'
            or not _PLAIN.fullmatch(value)
            or value.lower() in ("true", "false", "null", "yes", "no", "on", "off", "y", "n")
        ):
            return json.dumps(value, ensure_ascii=False)
        return value
    return json.dumps(value, ensure_ascii=False)


def _value_edit(proposal: Proposal, doc, src: Source):
    site = value_site(proposal, doc, src)
    if site is None:
        return None
    start, end = site
    new = render_value(proposal.value, src.syntax, src.text[start:end])
    if new is None:
        return None
    return [(start, end, new)]


def _rename_edit(proposal: Proposal, doc, src: Source):
    loc = located(doc, proposal.path)
    if loc is None or loc.key is None:
        return None
    start, end = span(src, loc.key)
    old = src.text[start:end]
    name, new_name = proposal.path[-1], proposal.value
    if src.syntax == "hcl":
        from ..readers.terraform import pascal, snake

        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", old) or pascal(old) != name:
            return None
        return [(start, end, snake(new_name))]
    if src.syntax == "python" and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", old):
        if old != name:
            return None
        return [(start, end, new_name)]  # a keyword argument
    if not same(literal(old, src.syntax), name):
        return None
    new = render_string(new_name, src.syntax, old)
    return [(start, end, new)] if new is not None else None


def _remove_edit(proposal: Proposal, doc, src: Source):
    loc = located(doc, proposal.path)
    if loc is None or loc.key is None:
        return None
    key_start, _ = span(src, loc.key)
    _, value_end = span(src, loc.value)
    return _entry_removal(src, key_start, value_end)


def _remove_first_edit(proposal: Proposal, src: Source):
    key_start, _ = span(src, proposal.at)
    value_end = _entry_end(src, key_start)
    if value_end is None:
        return None
    return _entry_removal(src, key_start, value_end)


def _entry_end(src: Source, key_start: int):
    """Where the entry whose key starts at ``key_start`` ends (its value's end)."""
    if src.syntax == "json":
        from ..readers.json_spans import member_end

        return member_end(src.text, key_start)
    if src.syntax == "yaml":
        stack = list(src.composed())
        while stack:
            node = stack.pop()
            if node.id == "mapping":
                for k, v in node.value:
                    if k.start_mark.index == key_start:
                        return v.end_mark.index
                    stack.append(v)
            elif node.id == "sequence":
                stack.extend(node.value)
        return None
    if src.syntax == "python":
        for node in ast.walk(src.python_tree()):
            if isinstance(node, ast.Dict):
                for k, v in zip(node.keys, node.values, strict=True):
                    if k is not None and node_start(src, k) == key_start:
                        return node_end(src, v)
        return None
    if src.syntax == "hcl":
        from ..readers import hcl

        tree = hcl.parse(src.text)
        for node in hcl.all_entries(tree):
            if tree.span(hcl.head(node))[0] == key_start:
                return tree.span(node)[1]
        return None
    return None


def _move_edit(proposal: Proposal, doc, src: Source):
    """The entry removed where it is and written again at the end of the object it belongs
    under, in that object's layout (YAML block: its lines, indented as that object's keys)."""
    loc, target = located(doc, proposal.path), located(doc, proposal.value)
    if loc is None or loc.key is None or target is None or src.syntax not in ("json", "yaml", "python"):
        return None
    key_start, _ = span(src, loc.key)
    _, value_end = span(src, loc.value)
    target_start, _ = span(src, target.value)
    if src.syntax == "python" and src.text[key_start : key_start + 1] not in ("'", '"'):
        return None  # a keyword argument: not an entry of a dict
    removal = _entry_removal(src, key_start, value_end)
    last = _last_entry(src, target_start)
    if removal is None or last is None:
        return None
    last_key, last_end, block = last
    text = src.text
    if block:  # YAML block mapping: whole lines
        begin = line_start(text, key_start)
        if text[begin:key_start].strip():
            return None
        stop = value_end
        while stop > key_start and text[stop - 1] in " \t\r\n":
            stop -= 1
        entry = text[begin : line_end(text, stop)]
        delta = (last_key - line_start(text, last_key)) - (key_start - begin)
        lines = entry.splitlines(keepends=True)
        if delta < 0 and any(line.strip() and not line.startswith(" " * -delta) for line in lines):
            return None
        moved = "".join(
            (" " * delta + line if delta > 0 else line[-delta:]) if line.strip() else line for line in lines
        )
        while last_end > last_key and text[last_end - 1] in " \t\r\n":
            last_end -= 1
        at = line_end(text, last_end)
        if not moved.endswith(("\n", "\r")):
            moved += newline(text)
        if at == len(text) and not text.endswith(("\n", "\r")):
            moved = newline(text) + moved.rstrip("\r\n")
        return sorted([(at, at, moved), *removal])
    entry = text[key_start:value_end]
    if "\n" in entry or "\r" in entry:
        return None  # (a value over several lines would need indenting again: not done)
    at = last_end
    after = skip_space(text, at)
    trailing = text[after : after + 1] == ","
    if trailing:
        at = after + 1
    own_line = (
        not text[line_start(text, last_key) : last_key].strip() and line_start(text, last_key) > target_start
    )
    if own_line:
        indent = text[line_start(text, last_key) : last_key]
        insert = ("" if trailing else ",") + newline(text) + indent + entry + ("," if trailing else "")
    else:
        insert = (" " if trailing else ", ") + entry + ("," if trailing else "")
    spans = [(at, at, insert), *removal]
    if any(s < at < e for s, e, _ in removal):
        return None
    return sorted(spans)


def _last_entry(src: Source, start: int):
    """(start of the last key, end of its value, block?) of the object whose value starts at
    ``start``; None when it is empty or not found."""
    if src.syntax == "python":
        for node in ast.walk(src.python_tree()):
            if isinstance(node, ast.Dict) and node.keys and node_start(src, node) == start:
                key = node.keys[-1]
                if key is None:
                    return None
                return node_start(src, key), node_end(src, node.values[-1]), False
        return None
    if src.syntax == "json":
        from ..readers.json_spans import last_member

        found = last_member(src.text, start)
        return None if found is None else (*found, False)
    stack = list(src.composed())
    while stack:
        node = stack.pop()
        if node.id == "mapping":
            if node.start_mark.index == start and node.value:
                k, v = node.value[-1]
                return k.start_mark.index, v.end_mark.index, not node.flow_style
            stack.extend(v for _, v in node.value)
        elif node.id == "sequence":
            stack.extend(node.value)
    return None


def _entry_removal(src: Source, start: int, end: int):
    """The span that removes an entry (key start to value end) with its separator: a comma
    after it (or, for the last one, before it) where entries are comma-separated, else its
    lines (YAML block mappings, HCL)."""
    text = src.text
    begin = line_start(text, start)
    own_line = not text[begin:start].strip()
    after = skip_space(text, end)
    if src.syntax == "hcl" or (src.syntax == "yaml" and not _in_flow(text, start)):
        if not own_line:
            return None  # `- Key: value` (the entry opens a list item) or a one-line block
        last = end
        while last > start and text[last - 1] in " \t\r\n":
            last -= 1
        stop = line_end(text, last)
        return [(begin, stop, "")]
    if text[after : after + 1] == ",":
        stop = skip_space(text, after + 1)
        if own_line and text[stop : stop + 1] in ("\n", "\r", ""):
            return [(begin, line_end(text, stop), "")]
        return [(start, stop if text[stop : stop + 1] not in ("\n", "\r") else after + 1, "")]
    before = start
    while before > 0 and text[before - 1] in " \t\r\n":
        before -= 1
    if text[before - 1 : before] == ",":
        return [(before - 1, end, "")]
    if text[before - 1 : before] in ("{", "(", "["):
        return [(start, end, "")]
    return None


def _in_flow(text: str, at: int) -> bool:
    """Is the YAML entry at ``at`` inside a flow mapping (``{a: 1, b: 2}``)? Judged on its
    line: an unclosed ``{`` before it there."""
    line = text[line_start(text, at) : at]
    return line.count("{") > line.count("}") or (not line.strip() and text[:at].rstrip().endswith((",", "{")))


def comment_removal(
    text: str, line: int, column: int, end_column: int, cell: int | None = None
) -> Fix | None:
    """Remove a comment from ``column`` to ``end_column`` of ``line`` with the blanks before
    it; the whole line when nothing else is on it. ``cell``: a notebook's (``line`` counts
    within it)."""
    from ..fixes import SAFE

    if cell is not None:
        try:
            src = Source(text, "notebook")
            line += src.cells.starts[src.cells.numbers.index(cell)] - 1
            fix = comment_removal(src.text, line, column, end_column)
            if fix is None:
                return None
            from .cells import into_notebook

            edits = into_notebook(fix.edits, src)
        except Exception:  # noqa: BLE001 - no fix rather than a crash
            return None
        return Fix(fix.title, fix.applicability, edits) if edits else None
    offsets = Offsets(text)
    try:
        start, end = offsets.offset(line, column), offsets.offset(line, end_column)
    except ValueError:
        return None
    begin = offsets.starts[line - 1]
    before = start
    while before > begin and text[before - 1] in " \t":
        before -= 1
    if before == begin:
        edit = offsets.edit(begin, line_end(text, end), "")
    else:
        edit = offsets.edit(before, end, "")
    return Fix("remove the unused suppression comment", SAFE, (edit,))
