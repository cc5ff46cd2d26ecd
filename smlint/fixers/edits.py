"""Proposals -> edits of exact spans, in the file's own syntax.

A proposal becomes edits only where the file writes the field as a literal of its own: the
span the SourceMap gives must read back, in the file's syntax, as the value the request has
(``"300"`` in JSON, ``'300'`` in YAML, ``"300"`` in Python). A computed value (``60 * 5``), a
value from another file, a CloudFormation ``Fn::*`` has no such span: no fix.

A value written once and used in several places (a Python constant, a YAML anchor, a
CloudFormation Parameter's Default) is changed where it is written, and only when every use of
it is the same field (so every use wants the same fix).

New text keeps the style of the old: a string stays in the quotes it had (YAML plain stays
plain), removed entries take their separator and, when they stood on lines of their own,
those lines. Everything outside the edited spans is left byte for byte.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import replace

from ..fixes import Fix, Offsets
from ..model import MISSING, Unresolved, get
from . import MOVE, REMOVE, REMOVE_FIRST, RENAME, VALUE, Proposal

SYNTAX = {"json": "json", "yaml": "yaml", "python": "python", "notebook": "python", "terraform": "hcl"}


class Source:
    """One file's text as the edits see it."""

    def __init__(self, text: str, fmt: str):
        self.file_text = text
        self.cells = None  # notebook: (module text's Cells); edits are mapped into the JSON
        if fmt == "notebook":
            from ..readers.notebook import notebook_source

            text, self.cells = notebook_source(text)
        if fmt == "sniff":
            try:
                json.loads(text)
                fmt = "json"
            except ValueError:
                fmt = "yaml"
        self.text = text
        self.syntax = SYNTAX.get(fmt, "yaml")
        self.offsets = Offsets(text)
        self._python = None
        self._composed = None

    def python_tree(self):
        if self._python is None:
            self._python = ast.parse(self.text)
        return self._python

    def composed(self):
        """The node tree of every document (JSON and YAML), for what the SourceMap does not keep."""
        if self._composed is None:
            from ..readers import compose_all

            text = self.text.replace("\t", " ") if self.syntax == "json" else self.text
            self._composed = [n for n in compose_all(text) if n is not None]
        return self._composed


class Sources:
    """The Source of one file, made when a first finding proposes a fix."""

    def __init__(self, text: str, fmt: str):
        self._args = (text, fmt)
        self._source = None

    def get(self) -> Source | None:
        if self._source is None and self._args is not None:
            args, self._args = self._args, None
            try:
                self._source = Source(*args)
            except Exception:  # noqa: BLE001 - a text the edits cannot read gets no fixes
                self._source = None
        return self._source


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
        from .notebook import into_notebook

        edits = into_notebook(edits, src)
        if edits is None:
            return None
    return Fix(proposal.title, proposal.applicability, edits)


# --- where a field is written ---------------------------------------------------------------


def _span(src: Source, position) -> tuple:
    return (
        src.offsets.offset(position.line, position.column),
        src.offsets.offset(position.end_line, position.end_column),
    )


def _located(doc, path):
    locate = getattr(doc.source_map, "locate", None)
    return locate(path) if locate is not None else None


_YAML_PROPS = re.compile(r"^(?:(?:&[^\s,\[\]{}]+|![^\s,\[\]{}]*)[ \t]+)+")


def _literal(text: str, syntax: str):
    """The value ``text`` writes as a scalar literal, or MISSING."""
    try:
        if syntax == "python":
            node = ast.parse(text.strip(), mode="eval").body
            if isinstance(node, ast.Constant) and not isinstance(node.value, bytes):
                return node.value
            if (
                isinstance(node, ast.UnaryOp)
                and isinstance(node.op, ast.USub)
                and isinstance(node.operand, ast.Constant)
            ):
                value = node.operand.value
                return -value if isinstance(value, (int, float)) and not isinstance(value, bool) else MISSING
            return MISSING
        if syntax == "yaml":
            from ..readers import load_data

            if "\n" in text or text.lstrip()[:1] in ("|", ">", "*", "[", "{"):
                return MISSING
            values = load_data(text)
            return values[0] if len(values) == 1 and not isinstance(values[0], (dict, list)) else MISSING
        if syntax == "hcl" and "${" in text:
            return MISSING
        value = json.loads(text)
        return value if not isinstance(value, (dict, list)) else MISSING
    except Exception:  # noqa: BLE001 - not a literal
        return MISSING


def _same(a, b) -> bool:
    return type(a) is type(b) and a == b


def _value_site(proposal: Proposal, doc, src: Source):
    """(start, end, key) of the literal that holds the value at the proposal's path, where
    it is written (after YAML's anchor and tag), or None."""
    loc = _located(doc, proposal.path)
    if loc is None:
        return None
    current = get(doc.payload, proposal.path)
    if current is MISSING or isinstance(current, Unresolved):
        return None
    start, end = _span(src, loc.value)
    written = src.text[start:end]
    props = _YAML_PROPS.match(written) if src.syntax == "yaml" else None
    if props:
        if written.startswith("!"):  # a tag of its own: not the core-schema value it reads as
            return _parameter_default(proposal, doc, src, start, end, current)
        start += props.end()
    if not _same(_literal(src.text[start:end], src.syntax), current):
        if src.syntax == "hcl":
            return _variable_default(proposal, doc, src, start, end, current)
        return _parameter_default(proposal, doc, src, start, end, current)
    if not _only_uses(proposal.path, src, start, end, props.group(0) if props else ""):
        return None
    return start, end


def _only_uses(path, src: Source, start: int, end: int, props: str) -> bool:
    """Is the literal at start-end used as this field only? (A YAML anchor's aliases, a
    Python name bound to the literal.) The key of every use must be the field's."""
    key = path[-1]
    if src.syntax == "yaml":
        anchor = re.search(r"&([^\s,\[\]{}]+)", props)
        if anchor is None:
            return True
        uses = [
            m.start() for m in re.finditer(r"\*" + re.escape(anchor.group(1)) + r"(?![^\s,\[\]{}])", src.text)
        ]
        uses.append(start - len(props))  # (where the anchor itself is written)
        return all(_yaml_key_before(src.text, at) == key for at in uses) and key not in ("Value", "Type")
    if src.syntax == "python":
        tree = src.python_tree()
        names = _bound_names(tree, src, start, end)
        if names is None:
            return True  # the literal is written where it is used
        if not names or key in ("Value", "Type"):
            return False
        return all(_python_use_key(tree, name) == {key} for name in names)
    return True


def _yaml_key_before(text: str, at: int):
    line_start = text.rfind("\n", 0, at) + 1
    m = re.fullmatch(r"\s*(?:-\s+)?[\"']?([A-Za-z0-9_]+)[\"']?\s*:\s*", text[line_start:at])
    return m.group(1) if m else None


def _bound_names(tree, src: Source, start: int, end: int):
    """None when the literal at start-end is not the value of an assignment; else the names
    it is bound to (empty: bound some other way, such as to an attribute)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            value = node.value
            if src.offsets.offset(value.lineno, _col(src, value.lineno, value.col_offset)) == start:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if all(isinstance(t, ast.Name) for t in targets):
                    return [t.id for t in targets]
                return []
    return None


def _col(src: Source, line: int, byte_col: int) -> int:
    text = src.text[src.offsets.starts[line - 1] :].split("\n", 1)[0]
    return len(text.encode("utf-8")[:byte_col].decode("utf-8", "ignore")) + 1


def _python_use_key(tree, name: str) -> set:
    """The field names under which ``name`` is read (a keyword argument or a dict value);
    None among them for any other read."""
    keys: set = set()
    placed: set = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and isinstance(node.value, ast.Name) and node.value.id == name:
            keys.add(node.arg)
            placed.add(id(node.value))
        elif isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values, strict=True):
                if isinstance(v, ast.Name) and v.id == name:
                    keys.add(k.value if isinstance(k, ast.Constant) and isinstance(k.value, str) else None)
                    placed.add(id(v))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Name)
            and node.id == name
            and isinstance(node.ctx, ast.Load)
            and id(node) not in placed
        ):
            keys.add(None)
    return keys


def _parameter_default(proposal, doc, src: Source, start: int, end: int, current):
    """A CloudFormation ``Ref`` to a Parameter whose literal Default gave the value: the
    Default is changed, when every Ref to the Parameter is this same field."""
    from ..readers.extracted import Rebased

    smap = doc.source_map
    if not isinstance(smap, Rebased) or src.syntax not in ("json", "yaml"):
        return None
    written = src.text[start:end].strip()
    m = re.fullmatch(r"!Ref\s+['\"]?([A-Za-z0-9]+)['\"]?", written) if src.syntax == "yaml" else None
    if m is None:
        try:
            value = json.loads(written) if src.syntax == "json" else None
        except ValueError:
            value = None
        if value is None and src.syntax == "yaml":
            m2 = re.fullmatch(r"Ref\s*:\s*['\"]?([A-Za-z0-9]+)['\"]?", written)
            name = m2.group(1) if m2 else None
        else:
            name = value.get("Ref") if isinstance(value, dict) and len(value) == 1 else None
    else:
        name = m.group(1)
    if not isinstance(name, str):
        return None
    loc = smap.root_locate(("Parameters", name, "Default"))
    if loc is None:
        return None
    # (a Parameter that constrains its values would then refuse its own Default)
    if any(smap.root_locate(("Parameters", name, c)) for c in _CONSTRAINTS):
        return None
    d_start, d_end = _span(src, loc.value)
    default = _literal(src.text[d_start:d_end], src.syntax)
    if default is MISSING or not (_same(default, current) or str(default) == str(current)):
        return None
    if _parameter_uses(src, name) != {tuple(proposal.path[-2:])}:
        return None
    return d_start, d_end


def _variable_default(proposal, doc, src: Source, start: int, end: int, current):
    """A Terraform ``var.x`` whose ``variable "x"`` in this same file has a literal default:
    the default is changed, when every read of ``var.x`` (in this file; none in the folder's
    other files) is this same argument of this same block."""
    from ..readers.terraform import (
        _blocks,
        _body,
        _expression,
        _labels,
        _name,
        _traversal,
        _trees,
        parse,
        snake,
    )

    m = re.fullmatch(r"var\.([A-Za-z_][A-Za-z0-9_-]*)", src.text[start:end].strip())
    if m is None or len(proposal.path) < 2:
        return None
    name = m.group(1)
    tree = parse(src.text)
    default = None
    for block in _blocks(tree.children[0]):
        if _name(block) == "variable" and _labels(block) == [name]:
            for attr in _trees(_body(block)):
                if attr.data == "attribute" and _name(attr) == "default":
                    default = _expression(attr)
    if default is None or getattr(default, "meta", None) is None or default.meta.empty:
        return None
    d_start, d_end = default.meta.start_pos, default.meta.end_pos
    value = _literal(src.text[d_start:d_end], "hcl")
    if value is MISSING or not (_same(value, current) or str(value) == str(current)):
        return None
    wanted = (snake(str(proposal.path[-2])), snake(str(proposal.path[-1])))
    reads: set = set()
    stack = [(None, tree.children[0])]
    while stack:
        parent, node = stack.pop()
        for child in _trees(node):
            if child.data == "block":
                stack.append((_name(child), _body(child)))
            elif child.data == "attribute":
                if _traversal(_expression(child)) == ["var", name]:
                    reads.add((parent, _name(child)))
                elif re.search(
                    r"\bvar\." + re.escape(name) + r"\b", src.text[child.meta.start_pos : child.meta.end_pos]
                ):
                    reads.add(None)
    if reads != {wanted} or _read_elsewhere(doc.path, name):
        return None
    return d_start, d_end


def _read_elsewhere(path: str, name: str) -> bool:
    """Does another .tf file of ``path``'s folder read ``var.name``?"""
    import os

    folder = os.path.dirname(os.path.abspath(path))
    try:
        names = os.listdir(folder)
    except OSError:
        return True
    pattern = re.compile(r"\bvar\." + re.escape(name) + r"\b")
    for other in names:
        full = os.path.join(folder, other)
        if other.endswith(".tf") and full != os.path.abspath(path):
            try:
                with open(full, encoding="utf-8", errors="replace") as fh:
                    if pattern.search(fh.read()):
                        return True
            except OSError:
                return True
    return False


_CONSTRAINTS = ("AllowedValues", "AllowedPattern", "MinValue", "MaxValue", "MinLength", "MaxLength")


def _parameter_uses(src: Source, name: str) -> set:
    """The (parent key, key) pairs under which the template reads Parameter ``name``; None
    for a read in a ``Fn::Sub``."""
    keys: set = set()
    stack = [((None, None), n) for n in src.composed()]
    while stack:
        key, node = stack.pop()
        if node.id == "scalar":
            tag = str(node.tag) if node.tag is not None else ""
            if tag.endswith("Ref") and node.value == name:
                keys.add(key)
            elif "${" + name in str(node.value):
                keys.add(None)
        elif node.id == "mapping":
            pairs = node.value
            if (
                len(pairs) == 1
                and pairs[0][0].value == "Ref"
                and pairs[0][1].id == "scalar"
                and pairs[0][1].value == name
            ):
                keys.add(key)
                continue
            stack.extend(((key[1], k.value if k.id == "scalar" else None), v) for k, v in pairs)
        else:
            stack.extend(((key[1], None), v) for v in node.value)
    return keys


# --- the new text ---------------------------------------------------------------------------


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
    site = _value_site(proposal, doc, src)
    if site is None:
        return None
    start, end = site
    new = render_value(proposal.value, src.syntax, src.text[start:end])
    if new is None:
        return None
    return [(start, end, new)]


def _rename_edit(proposal: Proposal, doc, src: Source):
    loc = _located(doc, proposal.path)
    if loc is None or loc.key is None:
        return None
    start, end = _span(src, loc.key)
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
    if not _same(_literal(old, src.syntax), name):
        return None
    new = render_string(new_name, src.syntax, old)
    return [(start, end, new)] if new is not None else None


def _remove_edit(proposal: Proposal, doc, src: Source):
    loc = _located(doc, proposal.path)
    if loc is None or loc.key is None:
        return None
    key_start, _ = _span(src, loc.key)
    _, value_end = _span(src, loc.value)
    return _entry_removal(src, key_start, value_end)


def _remove_first_edit(proposal: Proposal, src: Source):
    key_start, _ = _span(src, proposal.at)
    value_end = _entry_end(src, key_start)
    if value_end is None:
        return None
    return _entry_removal(src, key_start, value_end)


def _entry_end(src: Source, key_start: int):
    """Where the entry whose key starts at ``key_start`` ends (its value's end)."""
    if src.syntax in ("json", "yaml"):
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
                    if k is not None and _node_start(src, k) == key_start:
                        return _node_end(src, v)
        return None
    if src.syntax == "hcl":
        from ..readers.terraform import parse

        for tree in parse(src.text).iter_subtrees():
            if tree.data in ("attribute", "block") and not tree.meta.empty:
                head = tree.children[0]
                head_start = (
                    head.meta.start_pos
                    if hasattr(head, "meta") and not head.meta.empty
                    else getattr(head, "start_pos", None)
                )
                if head_start == key_start:
                    return tree.meta.end_pos
        return None
    return None


def _node_start(src: Source, node) -> int:
    return src.offsets.offset(node.lineno, _col(src, node.lineno, node.col_offset))


def _node_end(src: Source, node) -> int:
    return src.offsets.offset(node.end_lineno, _col(src, node.end_lineno, node.end_col_offset))


def _move_edit(proposal: Proposal, doc, src: Source):
    """The entry removed where it is and written again at the end of the object it belongs
    under, in that object's layout (YAML block: its lines, indented as that object's keys)."""
    loc, target = _located(doc, proposal.path), _located(doc, proposal.value)
    if loc is None or loc.key is None or target is None or src.syntax not in ("json", "yaml", "python"):
        return None
    key_start, _ = _span(src, loc.key)
    _, value_end = _span(src, loc.value)
    target_start, _ = _span(src, target.value)
    if src.syntax == "python" and src.text[key_start : key_start + 1] not in ("'", '"'):
        return None  # a keyword argument: not an entry of a dict
    removal = _entry_removal(src, key_start, value_end)
    last = _last_entry(src, target_start)
    if removal is None or last is None:
        return None
    last_key, last_end, block = last
    text = src.text
    if block:  # YAML block mapping: whole lines
        line_start = _line_start(text, key_start)
        if text[line_start:key_start].strip():
            return None
        stop = value_end
        while stop > key_start and text[stop - 1] in " \t\r\n":
            stop -= 1
        entry = text[line_start : _line_end(text, stop)]
        delta = (last_key - _line_start(text, last_key)) - (key_start - line_start)
        lines = entry.splitlines(keepends=True)
        if delta < 0 and any(line.strip() and not line.startswith(" " * -delta) for line in lines):
            return None
        moved = "".join(
            (" " * delta + line if delta > 0 else line[-delta:]) if line.strip() else line for line in lines
        )
        while last_end > last_key and text[last_end - 1] in " \t\r\n":
            last_end -= 1
        at = _line_end(text, last_end)
        if not moved.endswith(("\n", "\r")):
            moved += _newline(text)
        if at == len(text) and not text.endswith(("\n", "\r")):
            moved = _newline(text) + moved.rstrip("\r\n")
        return sorted([(at, at, moved), *removal])
    entry = text[key_start:value_end]
    if "\n" in entry or "\r" in entry:
        return None  # (a value over several lines would need indenting again: not done)
    at = last_end
    after = _skip_space(text, at)
    trailing = text[after : after + 1] == ","
    if trailing:
        at = after + 1
    own_line = (
        not text[_line_start(text, last_key) : last_key].strip()
        and _line_start(text, last_key) > target_start
    )
    if own_line:
        indent = text[_line_start(text, last_key) : last_key]
        insert = ("" if trailing else ",") + _newline(text) + indent + entry + ("," if trailing else "")
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
            if isinstance(node, ast.Dict) and node.keys and _node_start(src, node) == start:
                key = node.keys[-1]
                if key is None:
                    return None
                return _node_start(src, key), _node_end(src, node.values[-1]), False
        return None
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


def _newline(text: str) -> str:
    m = re.search(r"\r\n|\r|\n", text)
    return m.group(0) if m else "\n"


def _entry_removal(src: Source, start: int, end: int):
    """The span that removes an entry (key start to value end) with its separator: a comma
    after it (or, for the last one, before it) where entries are comma-separated, else its
    lines (YAML block mappings, HCL)."""
    text = src.text
    line_start = _line_start(text, start)
    own_line = not text[line_start:start].strip()
    after = _skip_space(text, end)
    if src.syntax == "hcl" or (src.syntax == "yaml" and not _in_flow(text, start)):
        if not own_line:
            return None  # `- Key: value` (the entry opens a list item) or a one-line block
        last = end
        while last > start and text[last - 1] in " \t\r\n":
            last -= 1
        stop = _line_end(text, last)
        return [(line_start, stop, "")]
    if text[after : after + 1] == ",":
        stop = _skip_space(text, after + 1)
        if own_line and text[stop : stop + 1] in ("\n", "\r", ""):
            return [(line_start, _line_end(text, stop), "")]
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
    line = text[_line_start(text, at) : at]
    return line.count("{") > line.count("}") or (not line.strip() and text[:at].rstrip().endswith((",", "{")))


def _line_start(text: str, at: int) -> int:
    return max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1


def _line_end(text: str, at: int) -> int:
    """Just after the line break that ends the line of ``at`` (or the end of the text)."""
    m = re.compile(r"\r\n|\r|\n").search(text, at)
    return m.end() if m else len(text)


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t":
        at += 1
    return at


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
            from .notebook import into_notebook

            edits = into_notebook(fix.edits, src)
        except Exception:  # noqa: BLE001 - no fix rather than a crash
            return None
        return Fix(fix.title, fix.applicability, edits) if edits else None
    offsets = Offsets(text)
    try:
        start, end = offsets.offset(line, column), offsets.offset(line, end_column)
    except ValueError:
        return None
    line_start = offsets.starts[line - 1]
    before = start
    while before > line_start and text[before - 1] in " \t":
        before -= 1
    if before == line_start:
        edit = offsets.edit(line_start, _line_end(text, end), "")
    else:
        edit = offsets.edit(before, end, "")
    return Fix("remove the unused suppression comment", SAFE, (edit,))
