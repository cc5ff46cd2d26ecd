"""HCL as tree-sitter-hcl parses it (in C: 10,000 resources, 1 MB, in ~0.7 s of CPU):
the tree, its parts (blocks, labels, bodies, attributes, traversals) and their character
offsets, literal values with HCL's escapes, and the comments. This is the only module that
knows the tree's node types; what a Terraform resource means is smlint.readers.terraform's.

tree-sitter recovers from errors; a tree with an ERROR or MISSING node, or with what HCL
rejects and the grammar accepts, is a syntax error here (``parse`` raises LoadError at the
first one, as smlint.readers.hcl_syntax judges it), so a broken file is never read in part."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from .. import budgets
from ..locations import LineIndex
from ..model import Unresolved
from .nodes import LoadError


@cache
def parser():
    import tree_sitter_hcl
    from tree_sitter import Language, Parser

    return Parser(Language(tree_sitter_hcl.language()))


_NEWLINE = re.compile(rb"\n")
_CHAR_NEWLINE = re.compile(r"\n")


class Tree:
    """A parsed file: tree-sitter's tree, the text, and tree-sitter's byte offsets as the
    character offsets the rest of smlint uses (rows are LF-separated in both)."""

    __slots__ = ("text", "data", "root", "body", "_byte_rows", "_char_rows", "_last")

    def __init__(self, text: str, data: bytes | None = None, parsed: bytes | None = None):
        self.text = text
        self.data = text.encode("utf-8", "surrogatepass") if data is None else data
        # (``parsed``: the bytes given to the parser, when they are not the text's: see _exponents)
        self.root = parser().parse(self.data if parsed is None else parsed).root_node
        self.body = next((c for c in self.root.children if c.type == "body"), None)
        self._byte_rows = self._char_rows = None
        self._last = (0, 0)  # the last (byte, character) offsets asked for

    def offset(self, byte: int) -> int:
        """The character offset of a byte offset. Counted on from the row's start, or from the
        last offset asked for when it is on the same row before this one (offsets are asked
        for in order: a long line of many nodes is not decoded again for each)."""
        if len(self.data) == len(self.text):
            return byte
        if self._byte_rows is None:
            self._byte_rows = [0] + [m.end() for m in _NEWLINE.finditer(self.data)]
            self._char_rows = [0] + [m.end() for m in _CHAR_NEWLINE.finditer(self.text)]
        row = bisect_right(self._byte_rows, byte) - 1
        start, char = self._byte_rows[row], self._char_rows[row]
        last_byte, last_char = self._last
        if start <= last_byte <= byte:
            start, char = last_byte, last_char
        char += len(self.data[start:byte].decode("utf-8", "surrogatepass"))
        self._last = (byte, char)
        return char

    def span(self, node) -> tuple:
        """(start, end) character offsets of a node."""
        return self.offset(node.start_byte), self.offset(node.end_byte)

    def source(self, node) -> str:
        """A node's text as written."""
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "surrogatepass")


def parse(text: str) -> Tree:
    """The parsed file, or LoadError at its first syntax error."""
    from .hcl_syntax import exponents_read, problem

    tree = Tree(text)
    message, offset = problem(tree)
    if message is not None:
        again = exponents_read(tree)  # (``6e2`` reads as an error, or as `6` and a block `e2 …`)
        if again is not tree:
            tree = again
            message, offset = problem(tree)
    if message is None:
        return tree
    line, column = LineIndex(text).position(offset)
    raise LoadError(f"HCL syntax error: {message} (terraform validate rejects this file)", line, column)


@cache
def query(pattern: str):
    """A tree-sitter query over HCL trees, compiled once."""
    from tree_sitter import Query, QueryCursor

    return QueryCursor(Query(parser().language, pattern))


# --- the parts of a file --------------------------------------------------------------------


def blocks(tree: Tree) -> list:
    """The types of a parsed file's top-level blocks (``resource``, ``variable``, …)."""
    return [name_of(block) for block in block_list(tree.body)]


def entries(body) -> list:
    """The attributes and blocks of a body (``Tree.body``, or a block's ``body``; None: empty)."""
    return [c for c in body.children if c.type in ("attribute", "block")] if body is not None else []


def all_entries(tree: Tree):
    """Every attribute and block of the file, nested ones included."""
    stack = [tree.body]
    while stack:
        for node in entries(stack.pop()):
            yield node
            if node.type == "block":
                stack.append(body(node))


def block_list(body) -> list:
    return [c for c in body.children if c.type == "block"] if body is not None else []


def attributes(body) -> list:
    return [c for c in body.children if c.type == "attribute"] if body is not None else []


def is_attribute(node) -> bool:
    return node.type == "attribute"


def is_block(node) -> bool:
    return node.type == "block"


def head(node):
    """An attribute's name or a block's type: where a finding about it points."""
    return node.children[0]


def name_of(node) -> str:
    """The name of an attribute or the type of a block (or a function's name)."""
    return _text(node.children[0])


def _text(node) -> str:
    return node.text.decode("utf-8", "surrogatepass")


def labels(block) -> list:
    out = []
    for child in block.children[1:]:
        if child.type == "string_lit":
            out.append(_text(child)[1:-1])  # as written, escapes and all
        elif child.type == "identifier":
            out.append(_text(child))
        elif child.type == "block_start":
            break
    return out


def body(block):
    """A block's body, None when it is empty."""
    return next((c for c in block.children if c.type == "body"), None)


def expression(attribute):
    return next(c for c in reversed(attribute.children) if c.type == "expression")


_WRAPPERS = frozenset({"expression", "literal_value", "collection_value", "template_expr", "operation"})


def unwrap(node):
    """The expression inside the grammar's wrappers and parentheses."""
    while node.type in _WRAPPERS:
        inner = [c for c in node.named_children if c.type != "comment"]
        if len(inner) != 1:
            break  # a traversal: `var.x` is a variable_expr and a get_attr
        node = inner[0]
    return node


def traversal(node, indexes: bool = False) -> list | None:
    """``var.x`` -> ["var", "x"]; None for anything but a chain of attribute accesses (with
    ``indexes``, ``a.b[0].c`` and ``a.b["k"].c`` are ["a", "b", "c"] too)."""
    node = unwrap(node)
    if node.type == "variable_expr":
        return [name_of(node)]
    if node.type != "expression":
        return None
    names = None
    for part in node.named_children:
        if part.type == "comment":
            continue
        if names is None:
            names = traversal(part, indexes)  # a name, or a traversal in parentheses
            if names is None:
                return None
        elif part.type == "get_attr":
            names.append(_text(next(c for c in part.children if c.type == "identifier")))
        elif not (indexes and part.type == "index"):
            return None  # a splat, or an index not asked for
    return names


_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
# A template literal's escapes: backslash sequences, and `$${` and `%%{` for a literal `${`
# and `%{`.
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))|\$\$\{|%%\{", re.S)


class _OutsideUnicode(ValueError):
    """``"\\UFFFFFFFF"``: Terraform rejects an escape past U+10FFFF."""


def _unescape(text: str) -> str:
    def one(match):
        code = match.group(1) or match.group(2)
        if code:
            if int(code, 16) > 0x10FFFF:
                raise _OutsideUnicode(match.group(0))
            return chr(int(code, 16))
        if match.group(3) is None:
            return match.group(0)[1:]  # `$${` -> `${`
        return _ESCAPES.get(match.group(3), match.group(0))

    return _ESCAPE.sub(one, text) if "\\" in text or "{" in text else text


def _string(node):
    for part in node.children:
        if part.type in ("template_interpolation", "template_directive"):
            return Unresolved("Terraform string template (interpolation or directive)")
    # the text between the quotes (its template_literal children leave out the blanks at
    # either end: tree-sitter-hcl reads them as the whitespace between tokens)
    try:
        return _unescape(_text(node)[1:-1])
    except _OutsideUnicode as exc:
        return Unresolved(f"a string escape {exc} outside Unicode (Terraform rejects it)")


def _number(text: str):
    if text.isdigit():
        if len(text) > budgets.MAX_INT_DIGITS:  # (int() of it would raise: Python's digit limit)
            return budgets.too_large(f"a {len(text)}-digit integer")
        return budgets.checked(int(text))
    return float(text)


def literal(node, tree: Tree):  # noqa: C901 - one dispatch on the node type
    """A literal expression's value (numbers, strings without interpolation, booleans, null,
    tuples and objects of literals); otherwise Unresolved, saying what the expression is."""
    node = unwrap(node)
    kind = node.type
    if kind == "numeric_lit":
        return _number(tree.source(node))
    if kind == "bool_lit":
        return _text(node) == "true"
    if kind == "null_lit":
        return None
    if kind in ("string_lit", "quoted_template"):
        return _string(node)
    if kind == "unary_operation":
        if node.children[0].type != "-":
            return Unresolved("Terraform expression")
        value = literal(node.named_children[-1], tree)
        return (
            -value
            if isinstance(value, (int, float)) and not isinstance(value, bool)
            else Unresolved("Terraform expression")
        )
    if kind == "tuple":
        return [literal(c, tree) for c in node.named_children if c.type == "expression"]
    if kind == "object":
        out = {}
        for elem in node.named_children:
            if elem.type != "object_elem":
                continue
            key_node = elem.child_by_field_name("key")
            inner = unwrap(key_node)
            if inner.type == "variable_expr" and key_node.children[0].type != "(":
                key = name_of(inner)  # a bare name is the key itself; `(name)` is computed
            else:
                key = literal(inner, tree)
            if not isinstance(key, str):
                return Unresolved("Terraform object with a computed key")
            out[key] = literal(elem.child_by_field_name("val"), tree)
        return out
    if kind == "heredoc_template":
        return Unresolved("Terraform heredoc")
    if kind == "conditional":
        return Unresolved("Terraform conditional expression")
    if kind == "function_call":
        return Unresolved(f"Terraform function {name_of(node)}()")
    names = traversal(node)
    if names:
        return Unresolved(f"Terraform reference {'.'.join(names)}")
    return Unresolved("Terraform expression")


# --- comments -------------------------------------------------------------------------------


def comments(text: str) -> list:
    """``#``, ``//`` and ``/* */`` comments, as the HCL parser reads them (never one inside a
    string). The others are handed on as ``#`` comments of the same length, so that their
    directives read, and are placed, as in YAML and Python."""
    try:
        tree = parse(text)
    except LoadError:
        return []  # the file's SM001 says why
    return tree_comments(tree)


def tree_comments(tree: Tree) -> list:
    """The comments of an already parsed file (``comments``): it is not parsed twice."""
    if b"#" not in tree.data and b"/" not in tree.data:
        return []
    lines = LineIndex(tree.text)
    out = []
    found = query("(comment) @node").captures(tree.root).get("node", ())
    for node in sorted(found, key=lambda n: n.start_byte):
        value = tree.source(node).rstrip("\r\n")
        line, column = lines.position(tree.offset(node.start_byte))
        if value.startswith(("#", "//")):
            out.append((line, column, "# " + value[2:] if value[0] == "/" else value))
        elif value.startswith("/*"):  # a block comment: each of its lines, the first at the "/*"
            body = "# " + value[2:-2] + "  " if value.endswith("*/") else "# " + value[2:]
            for index, text in enumerate(body.splitlines()):
                if index == 0:
                    out.append((line, column, text))
                elif text.strip():
                    indent = len(text) - len(text.lstrip())
                    out.append((line + index, indent + 1, "#" + text[indent:]))
    return out
