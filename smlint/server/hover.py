"""Hover: on a request key, the member's API documentation (type, range or values, required,
what it does: the schema the SM1xx rules check against, and the API model's own words); on
a rule id in a suppression comment or on a diagnostic, the rule's summary and fix."""

from __future__ import annotations

from lsprotocol import types

from . import linting, request_members
from .diagnostics import Lines


def _word_at(text: str, column: int) -> tuple:
    """(word, start column, end column) of the letters and digits around ``column`` (1-based)."""
    i = column - 1
    if not (0 <= i < len(text) and text[i].isalnum()):
        if i > 0 and i - 1 < len(text) and text[i - 1].isalnum():
            i -= 1  # (just after the word)
        else:
            return "", column, column
    start = end = i
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end], start + 1, end + 1


def rule_markdown(rule) -> str:
    title = f"**{rule.id}** `{rule.name}` ({rule.severity})"
    if rule.href:
        title += f" · [docs]({rule.href})"
    parts = [title, rule.summary]
    if rule.fix:
        parts.append(f"**Fix:** {rule.fix}")
    return "\n\n".join(parts)


def _type_of(info: dict) -> str:
    schema = info["schema"] if isinstance(info["schema"], dict) else {}
    kind = schema.get("type", "")
    if info["shape"]:
        return f"object `{info['shape']}`"
    if kind == "array":
        return f"list of `{info['items_shape']}`" if info["items_shape"] else "list"
    return kind or "value"


def _limits(schema: dict) -> list:
    out = []
    if "enum" in schema:
        out.append("one of " + " | ".join(f"`{v}`" for v in schema["enum"]))
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        out.append(f"from {low} to {high}")
    elif low is not None:
        out.append(f"at least {low}")
    elif high is not None:
        out.append(f"at most {high}")
    if schema.get("minLength") is not None or schema.get("maxLength") is not None:
        out.append(f"{schema.get('minLength', 0)} to {schema.get('maxLength', '…')} characters")
    if schema.get("pattern"):
        out.append(f"pattern `{schema['pattern']}`")
    if schema.get("maxItems") is not None:
        out.append(f"at most {schema['maxItems']} items")
    return out


def member_markdown(member, info: dict) -> str:
    dotted = ".".join(str(k) if isinstance(k, str) else f"[{k}]" for k in member.field).replace(".[", "[")
    schema = info["schema"] if isinstance(info["schema"], dict) else {}
    facts = [_type_of(info), "required" if info["required"] else "optional"] + _limits(schema)
    parts = [f"**{info['member']}** (`{info['owner']}`)", f"`{dotted}`", " · ".join(facts)]
    what = _member_doc(info["owner"], info["member"])
    if what:
        parts.append(what)
    return "\n\n".join(parts)


def _member_doc(owner: str, member: str) -> str:
    docs = request_members.member_docs()
    for shape in (owner, owner.removeprefix("Cfn"), "UpdateEndpointInput", "CreateEndpointInput"):
        text = docs.get(f"{shape}.{member}")
        if text:
            return text
    return ""


def _rule(doc, rule_id: str, known: dict):
    return known.get(rule_id) or linting.builtin_rule_doc(rule_id)


def _known_rules(docs) -> dict:
    out: dict = {}
    for d in docs:
        out.update(d.outcome.rules)
    return out


async def hover(doc, position: types.Position, engine, all_docs=()) -> types.Hover | None:
    lines = Lines(doc.text, doc.lines.encoding if doc.lines else "utf-16")
    line, column = lines.from_lsp(position)
    known = _known_rules(all_docs or (doc,))
    text = lines.line_text(line - 1)
    # a rule id in a suppression comment
    if linting.has_comments(doc.path) and ("noqa" in text.lower() or "smlint" in text.lower()):
        for d in linting.suppressions(doc.path, doc.text):
            if d.line == line and d.cell is None and d.column <= column <= d.end_column and d.codes:
                word, start, end = _word_at(text, column)
                if word.upper() in d.codes:
                    rule = _rule(doc, word.upper(), known)
                    if rule is not None:
                        return types.Hover(
                            types.MarkupContent(types.MarkupKind.Markdown, rule_markdown(rule)),
                            lines.range(line, start, line, end),
                        )
    parts: list = []
    where = None
    member = await engine.member_at(doc.path, doc.text, line, column)
    if member is not None:
        info = request_members.member_schema(member.kind, member.target, member.field)
        if info is not None:
            parts.append(member_markdown(member, info))
            where = lines.range(member.line, member.column, member.end_line, member.end_column)
    # the rules of the diagnostics under the cursor (of the text as linted)
    if doc.lines is not None and doc.linted == doc.version:
        seen = set()
        for f in doc.outcome.findings:
            start_line, start_column, end_line, end_column = linting.stored(f)
            if (start_line, start_column) <= (line, column) <= (end_line, end_column) and f.rule not in seen:
                seen.add(f.rule)
                rule = _rule(doc, f.rule, known)
                if rule is not None:
                    parts.append(rule_markdown(rule))
    if not parts:
        return None
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(parts)), where)


async def completion(doc, position: types.Position, engine) -> types.CompletionList | None:
    """The values of an enum member, when its value is being typed (``Type: |``, ``"Type":
    "|"``), in a text that parses as it is."""
    lines = Lines(doc.text, doc.lines.encoding if doc.lines else "utf-16")
    line, column = lines.from_lsp(position)
    member = await engine.member_before(doc.path, doc.text, line, column)
    if member is None:
        return None
    info = request_members.member_schema(member.kind, member.target, member.field)
    schema = info["schema"] if info and isinstance(info["schema"], dict) else {}
    values = [v for v in schema.get("enum") or () if isinstance(v, str)]
    if not values:
        return None
    before = lines.line_text(line - 1)[: column - 1]
    quoted = before.endswith(('"', "'")) or linting.format_of(doc.path) == "yaml"
    return types.CompletionList(
        is_incomplete=False,
        items=[
            types.CompletionItem(
                label=value,
                kind=types.CompletionItemKind.EnumMember,
                detail=f"{info['owner']}.{info['member']}",
                insert_text=value if quoted else f'"{value}"',
            )
            for value in values
        ],
    )
