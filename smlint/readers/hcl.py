"""HCL as python-hcl2 parses it: the raw Lark tree (every node keeps its position), its parts
(blocks, labels, bodies, attributes, traversals), literal values with HCL's escapes, and the
comment tokens. What a Terraform resource means is smlint.readers.terraform's."""

from __future__ import annotations

import json
import re

from .. import budgets
from ..locations import LineIndex
from ..model import Unresolved
from .nodes import LoadError


def parse(text: str):
    """The Lark tree of a .tf file (python-hcl2's), or LoadError with the parser's position."""
    import hcl2
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

    try:
        return hcl2.parses_to_tree(text)
    except UnexpectedInput as exc:
        lines = LineIndex(text)
        offset = getattr(exc, "pos_in_stream", None)
        if isinstance(exc, UnexpectedToken) and exc.token.type == "$END" or isinstance(exc, UnexpectedEOF):
            what, offset = "end of file", len(text.rstrip())
        elif isinstance(exc, UnexpectedToken):
            shown = str(exc.token.value).strip() or repr(str(exc.token.value))
            what = "a line break" if exc.token.type == "NL_OR_COMMENT" else json.dumps(shown[:30])
        elif isinstance(exc, UnexpectedCharacters):
            what = json.dumps(text[offset : offset + 1]) if offset is not None else "a character"
        else:  # pragma: no cover - the three above are all Lark raises
            what = "input"
        if offset is None or offset < 0:
            line, column = getattr(exc, "line", 1) or 1, getattr(exc, "column", 1) or 1
        else:
            line, column = lines.position(min(offset, len(text)))
        raise LoadError(
            f"HCL syntax error: unexpected {what} (terraform validate rejects this file)", line, column
        ) from None
    except RecursionError:
        raise LoadError("expressions nested too deeply; smlint stops here") from None
    except Exception as exc:  # noqa: BLE001 - the parser's own failure on odd input is still bad input
        raise LoadError(f"HCL cannot be parsed ({type(exc).__name__}: {str(exc)[:80]})") from None


def blocks(tree) -> list:
    """The types of a parsed file's top-level blocks (``resource``, ``variable``, …)."""
    return [name_of(block) for block in block_list(tree.children[0])] if tree.children else []


def is_tree(node) -> bool:
    return hasattr(node, "data")


def trees(node):
    return [c for c in node.children if is_tree(c)]


def block_list(body):
    return [c for c in body.children if is_tree(c) and c.data == "block"]


def name_of(node) -> str:
    """The name of an attribute or the type of a block (an identifier or a keyword)."""
    first = node.children[0]
    return str(first.children[0]) if is_tree(first) else str(first)


def labels(block) -> list:
    out = []
    for child in block.children[1:]:
        if not is_tree(child):
            break  # the opening brace
        if child.data == "string":
            out.append("".join(str(p.children[0]) for p in trees(child)))
        elif child.data == "identifier":
            out.append(str(child.children[0]))
    return out


def body(block):
    return next(c for c in block.children if is_tree(c) and c.data == "body")


def expression(attribute):
    return attribute.children[-1]


def unwrap(node):
    """The expression inside ``expr_term`` and parentheses."""
    while is_tree(node) and node.data == "expr_term":
        inner = trees(node)
        inner = [c for c in inner if c.data != "new_line_or_comment"]
        if len(inner) != 1:
            break
        node = inner[0]
    return node


def traversal(node, indexes: bool = False) -> list | None:
    """``var.x`` -> ["var", "x"]; None for anything but a chain of attribute accesses (with
    ``indexes``, ``a.b[0].c`` and ``a.b["k"].c`` are ["a", "b", "c"] too)."""
    node = unwrap(node)
    if node.data == "identifier":
        return [str(node.children[0])]
    if indexes and node.data == "index_expr_term":
        return traversal(node.children[0], indexes)
    if node.data == "get_attr_expr_term":
        head, attr = node.children
        names = traversal(head, indexes)
        target = attr.children[1]
        if names is None or target.data != "identifier":
            return None
        return names + [str(target.children[0])]
    return None


_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))", re.S)


class _OutsideUnicode(ValueError):
    """``"\\UFFFFFFFF"``: Terraform rejects an escape past U+10FFFF."""


def _unescape(text: str) -> str:
    def one(match):
        code = match.group(1) or match.group(2)
        if code:
            if int(code, 16) > 0x10FFFF:
                raise _OutsideUnicode(match.group(0))
            return chr(int(code, 16))
        return _ESCAPES.get(match.group(3), match.group(0))

    return _ESCAPE.sub(one, text)


def literal(node):
    """A literal expression's value (numbers, strings without interpolation, booleans, null,
    tuples and objects of literals); otherwise Unresolved, saying what the expression is."""
    node = unwrap(node)
    kind = node.data
    if kind == "int_lit":
        digits = str(node.children[0])
        if len(digits) > budgets.MAX_INT_DIGITS:  # (int() of it would raise: Python's digit limit)
            return budgets.too_large(f"a {len(digits)}-digit integer")
        return budgets.checked(int(digits))
    if kind == "float_lit":
        return float(str(node.children[0]))
    if kind == "unary_op" and str(node.children[0]) == "-":
        value = literal(node.children[1])
        return (
            -value
            if isinstance(value, (int, float)) and not isinstance(value, bool)
            else Unresolved("Terraform expression")
        )
    if kind == "literal_value":
        token = str(node.children[0])
        return {"true": True, "false": False, "null": None}[token]
    if kind == "string":
        parts = []
        for part in trees(node):
            token = part.children[0]
            if is_tree(token):
                return Unresolved("Terraform string template (interpolation or directive)")
            if token.type == "ESCAPED_INTERPOLATION":
                parts.append(str(token)[1:])  # $${ is a literal ${
            elif token.type == "ESCAPED_DIRECTIVE":
                parts.append(str(token)[1:])
            else:
                try:
                    parts.append(_unescape(str(token)))
                except _OutsideUnicode as exc:
                    return Unresolved(f"a string escape {exc} outside Unicode (Terraform rejects it)")
        return "".join(parts)
    if kind == "tuple":
        items = [literal(c) for c in trees(node) if c.data != "new_line_or_comment"]
        return items
    if kind == "object":
        out = {}
        for elem in trees(node):
            if elem.data != "object_elem":
                continue
            key_node = unwrap(elem.children[0].children[0])
            key = (
                str(key_node.children[0]) if key_node.data in ("identifier", "keyword") else literal(key_node)
            )
            if not isinstance(key, str):
                return Unresolved("Terraform object with a computed key")
            out[key] = literal(elem.children[-1])
        return out
    if kind in ("heredoc_template", "heredoc_template_trim"):
        return Unresolved("Terraform heredoc")
    if kind == "conditional":
        return Unresolved("Terraform conditional expression")
    if kind == "function_call":
        return Unresolved(f"Terraform function {name_of(node)}()")
    names = traversal(node)
    if names:
        return Unresolved(f"Terraform reference {'.'.join(names)}")
    return Unresolved("Terraform expression")


def comments(text: str) -> list:
    """``#``, ``//`` and ``/* */`` comments, as the HCL parser reads them (never one inside a
    string). The others are handed on as ``#`` comments of the same length, so that their
    directives read, and are placed, as in YAML and Python."""
    try:
        tree = parse(text)
    except LoadError:
        return []  # the file's SM001 says why
    return tree_comments(tree)


def tree_comments(tree) -> list:
    """The comments of an already parsed file (``comments``): it is not parsed twice."""
    from lark import Token

    out = []
    for tok in tree.scan_values(lambda v: isinstance(v, Token) and v.type == "NL_OR_COMMENT"):
        value = tok.value
        if value.startswith(("#", "//")):
            out.append(
                (
                    tok.line,
                    tok.column,
                    "# " + value[2:].rstrip("\r\n") if value[0] == "/" else value.rstrip("\r\n"),
                )
            )
        elif value.startswith("/*"):  # a block comment: each of its lines, the first at the "/*"
            body = "# " + value[2:-2] + "  " if value.endswith("*/") else "# " + value[2:]
            for index, line in enumerate(body.splitlines()):
                if index == 0:
                    out.append((tok.line, tok.column, line))
                elif line.strip():
                    indent = len(line) - len(line.lstrip())
                    out.append((tok.line + index, indent + 1, "#" + line[indent:]))
    return out
