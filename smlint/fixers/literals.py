"""Where a field's value is written as a literal of the file's own, and whether changing it
there changes that field only.

The span the SourceMap gives for a value must read back, in the file's syntax, as the value
the request has (``"300"`` in JSON, ``'300'`` in YAML, ``"300"`` in Python): a computed value
(``60 * 5``), a value from another file, a CloudFormation ``Fn::*`` has no such span. A value
written once and read in several places (a Python constant, a YAML anchor, a CloudFormation
Parameter's Default, a Terraform variable's default) is changed where it is written, and only
when every read of it is the same field, so that every use wants the same fix.
"""

from __future__ import annotations

import ast
import json
import re

from ..model import MISSING, Unresolved, get
from . import Proposal
from .source import Source, column, located, span

_YAML_PROPS = re.compile(r"^(?:(?:&[^\s,\[\]{}]+|![^\s,\[\]{}]*)[ \t]+)+")


def literal(text: str, syntax: str):
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
            from ..readers.libyaml import load_data

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


def same(a, b) -> bool:
    return type(a) is type(b) and a == b


def value_site(proposal: Proposal, doc, src: Source):
    """(start, end, key) of the literal that holds the value at the proposal's path, where
    it is written (after YAML's anchor and tag), or None."""
    loc = located(doc, proposal.path)
    if loc is None:
        return None
    current = get(doc.payload, proposal.path)
    if current is MISSING or isinstance(current, Unresolved):
        return None
    start, end = span(src, loc.value)
    written = src.text[start:end]
    props = _YAML_PROPS.match(written) if src.syntax == "yaml" else None
    if props:
        if written.startswith("!"):  # a tag of its own: not the core-schema value it reads as
            return _parameter_default(proposal, doc, src, start, end, current)
        start += props.end()
    if not same(literal(src.text[start:end], src.syntax), current):
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
    for node in _statements(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            value = node.value
            if src.offsets.offset(value.lineno, column(src, value.lineno, value.col_offset)) == start:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if all(isinstance(t, ast.Name) for t in targets):
                    return [t.id for t in targets]
                return []
    return None


def _statements(tree):
    """Every statement of ``tree``, in blocks at any depth, without walking into expressions
    (an assignment is a statement; no expression holds one)."""
    stack = list(reversed(tree.body))
    while stack:
        node = stack.pop()
        yield node
        for name in _BLOCKS:
            block = getattr(node, name, None)
            if block:
                stack.extend(reversed(block))


# (the fields that hold statements: bodies, else and finally blocks, except handlers and match
# cases, whose own bodies hold them)
_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


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
    d_start, d_end = span(src, loc.value)
    default = literal(src.text[d_start:d_end], src.syntax)
    if default is MISSING or not (same(default, current) or str(default) == str(current)):
        return None
    if _parameter_uses(src, name) != {tuple(proposal.path[-2:])}:
        return None
    return d_start, d_end


def _variable_default(proposal, doc, src: Source, start: int, end: int, current):
    """A Terraform ``var.x`` whose ``variable "x"`` in this same file has a literal default:
    the default is changed, when every read of ``var.x`` (in this file; none in the folder's
    other files) is this same argument of this same block."""
    from ..readers import hcl
    from ..readers.terraform import snake

    m = re.fullmatch(r"var\.([A-Za-z_][A-Za-z0-9_-]*)", src.text[start:end].strip())
    if m is None or len(proposal.path) < 2:
        return None
    name = m.group(1)
    tree = hcl.parse(src.text)
    default = None
    for block in hcl.block_list(tree.body):
        if hcl.name_of(block) == "variable" and hcl.labels(block) == [name]:
            for attr in hcl.attributes(hcl.body(block)):
                if hcl.name_of(attr) == "default":
                    default = hcl.expression(attr)
    if default is None:
        return None
    d_start, d_end = tree.span(default)
    value = literal(src.text[d_start:d_end], "hcl")
    if value is MISSING or not (same(value, current) or str(value) == str(current)):
        return None
    wanted = (snake(str(proposal.path[-2])), snake(str(proposal.path[-1])))
    reads: set = set()
    stack = [(None, tree.body)]
    while stack:
        parent, node = stack.pop()
        for child in hcl.entries(node):
            if hcl.is_block(child):
                stack.append((hcl.name_of(child), hcl.body(child)))
            else:
                if hcl.traversal(hcl.expression(child)) == ["var", name]:
                    reads.add((parent, hcl.name_of(child)))
                elif re.search(r"\bvar\." + re.escape(name) + r"\b", src.text[slice(*tree.span(child))]):
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
    if src.syntax == "json":
        return _json_parameter_uses(src.text, name)
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


class _Members(list):
    """A JSON object as written: its (key, value) pairs, a repeated key's included."""


def _json_parameter_uses(text: str, name: str) -> set:
    """``_parameter_uses`` of a JSON template, read as the YAML composer reads it: every
    member kept (a repeated key's too), every scalar as its text."""
    root = json.loads(text, object_pairs_hook=_Members, parse_int=str, parse_float=str, parse_constant=str)
    keys: set = set()
    stack = [((None, None), root)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, _Members):
            if len(value) == 1 and value[0][0] == "Ref" and _scalar_text(value[0][1]) == name:
                keys.add(key)
                continue
            stack.extend(((key[1], k), v) for k, v in value)
        elif isinstance(value, list):
            stack.extend(((key[1], None), v) for v in value)
        elif "${" + name in _scalar_text(value):
            keys.add(None)
    return keys


def _scalar_text(value) -> str | None:
    """A JSON scalar's text (strings decoded; numbers come as written); None for a collection."""
    if isinstance(value, list):
        return None
    return value if isinstance(value, str) else json.dumps(value)
