"""HCL as tree-sitter-hcl parses it (in C: 10,000 resources, 1 MB, in ~0.7 s of CPU):
the tree, its parts (blocks, labels, bodies, attributes, traversals) and their character
offsets, literal values with HCL's escapes, and the comments. This is the only module that
knows the tree's node types; what a Terraform resource means is smlint.readers.terraform's.

tree-sitter recovers from errors; a tree with an ERROR or MISSING node is a syntax error here
(``parse`` raises LoadError at the first one), so a broken file is never read in part."""

from __future__ import annotations

import json
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
    tree = Tree(text)
    message, offset = _problem(tree)
    if message is not None:
        again = _exponents(tree)  # (``6e2`` reads as an error, or as `6` and a block `e2 …`)
        if again is not tree:
            tree = again
            message, offset = _problem(tree)
    if message is None:
        return tree
    line, column = LineIndex(text).position(offset)
    raise LoadError(f"HCL syntax error: {message} (terraform validate rejects this file)", line, column)


def _problem(tree: Tree) -> tuple:
    return _syntax_error(tree) if tree.root.has_error else _not_hcl(tree)


# HCL's numbers. tree-sitter-hcl 1.2.0 reads an exponent only after a fraction (``6e2`` is an
# error there, and valid HCL) and reads ``0x1F``, which HCL does not have.
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_EXPONENT = re.compile(rb"[eE][+-]?[0-9]+(?![A-Za-z0-9_.-])")


@cache
def _query(pattern: str):
    from tree_sitter import Query, QueryCursor

    return QueryCursor(Query(parser().language, pattern))


def _numbers(tree: Tree) -> list:
    return _query("(numeric_lit) @node").captures(tree.root).get("node", [])


def _exponents(tree: Tree) -> Tree:
    """The file parsed again with each ``6e2`` (the digits the grammar read as a number, and the
    exponent it could not) given to the parser as a number of the same length it reads
    (``0x0``); its value is read from the text as written (``literal``)."""
    data = tree.data
    if b"e" not in data and b"E" not in data:
        return tree
    cuts = []
    for node in _numbers(tree):
        found = _EXPONENT.match(data, node.end_byte)
        if found and data[node.start_byte : node.end_byte].isdigit():
            cuts.append((node.start_byte, found.end()))
    if not cuts:
        return tree
    parsed, last = [], 0
    for start, end in sorted(cuts):
        parsed += [data[last:start], b"0x" + b"0" * (end - start - 2)]
        last = end
    parsed.append(data[last:])
    return Tree(tree.text, data, b"".join(parsed))


def _not_hcl(tree: Tree) -> tuple:
    r"""(what, offset) of the first thing tree-sitter-hcl reads and HCL does not, or (None, 0).
    tree-sitter-hcl skips line breaks everywhere; in HCL they end arguments and blocks: two
    arguments on one line (``a = 1 b = 2``), a name, ``=`` and the value's start on more than
    one line (``name\n= 1``, ``a =\n1``), a value that goes on past a line break outside
    brackets (``a = 1 +\n2``), a block's type, labels and ``{`` on more than one line, a
    block's first argument on the ``{`` line (only a one-line block has that), a block's ``}``
    after an argument on the same line. And a hexadecimal number."""
    data = tree.data
    found = []
    stack = [tree.body]
    while stack:
        last = None
        for node in entries(stack.pop()):
            if last is not None and data.find(b"\n", last, node.start_byte) < 0:
                found.append(node.start_byte)
                break
            last = node.end_byte
            if node.type == "block":
                template = next((c for c in node.children if _is_template_label(data, c)), None)
                if template is not None:  # a label is a plain string: no `${` or `%{` in it
                    found.append(template.start_byte)
                    break
            if data.find(b"\n", node.start_byte, node.end_byte) < 0:
                continue  # on one line: nothing more to check
            if node.type == "attribute":
                value = expression(node)
                if data.find(b"\n", node.start_byte, value.start_byte) >= 0:
                    found.append(_after_break(data, node.start_byte, value.start_byte))
                    break
                broken = _broken(data, value)
                if broken is not None:
                    found.append(broken)
                    break
                continue
            opening = next(c for c in node.children if c.type == "block_start")
            if data.find(b"\n", node.start_byte, opening.start_byte) >= 0:
                found.append(_after_break(data, node.start_byte, opening.start_byte))
                break
            inner = body(node)
            closing = node.children[-1]
            if inner is not None and data.find(b"\n", opening.end_byte, inner.start_byte) < 0:
                found.append(inner.start_byte)  # `b { c = 1` then a line break: one line or none
                break
            if inner is not None and data.find(b"\n", inner.end_byte, closing.start_byte) < 0:
                found.append(closing.start_byte)
                break
            stack.append(inner)
    if b"0x" in data or b"0X" in data:
        found += [n.start_byte for n in _numbers(tree) if not _NUMBER.fullmatch(tree.source(n))]
    if b"{" in data:  # an object's key, its `=` or `:` and its value's start on one line too
        for elem in _query("(object_elem) @node").captures(tree.root).get("node", ()):
            value = elem.child_by_field_name("val")
            if data.find(b"\n", elem.start_byte, value.start_byte) >= 0:
                found.append(_after_break(data, elem.start_byte, value.start_byte))
    if not found:
        return None, 0
    start = min(found)
    shown = data[start : start + 30].split(None, 1)[0].decode("utf-8", "replace")
    return f"unexpected {json.dumps(shown)}", tree.offset(start)


_TEMPLATE_START = re.compile(rb"(?<!\$)\$\{|(?<!%)%\{")


def _is_template_label(data: bytes, node) -> bool:
    if node.type == "template_expr":
        return True
    return (
        node.type == "string_lit" and _TEMPLATE_START.search(data, node.start_byte, node.end_byte) is not None
    )


def _after_break(data: bytes, start: int, end: int) -> int:
    """Where the first token after the first line break between start and end begins."""
    at = data.find(b"\n", start, end)
    while at < end and data[at : at + 1] in (b"\n", b"\r", b" ", b"\t"):
        at += 1
    return at


# Where a value may go on over line breaks: inside brackets, parentheses, strings, heredocs.
_BRACKETED = frozenset(
    {
        "tuple",
        "object",
        "function_call",
        "for_tuple_expr",
        "for_object_expr",
        "quoted_template",
        "string_lit",
        "heredoc_template",
        "new_index",
        "comment",
    }
)


def _broken(data: bytes, value):
    """The offset of the first token of ``value`` that follows a line break outside brackets."""
    atoms = []
    stack = [value]
    while stack:
        node = stack.pop()
        if not node.child_count or node.type in _BRACKETED or node.children[0].type == "(":
            atoms.append(node)
        else:
            stack.extend(reversed(node.children))
    for before, after in zip(atoms, atoms[1:], strict=False):
        if data.find(b"\n", before.end_byte, after.start_byte) >= 0:
            return after.start_byte
    return None


# What a missing node stands for, in a message.
_MISSING = {
    "quoted_template_end": '"',
    "block_end": "}",
    "object_end": "}",
    "tuple_end": "]",
    "template_interpolation_end": "}",
    "template_directive_end": "}",
    "heredoc_identifier": "the heredoc's closing marker",
    "identifier": "a name",
    "expression": "a value",
}
# Tokens after which something must follow: an ERROR ending in one is wrong where it stops.
_OPEN = frozenset({"=", ":", ".", "(", "[", "{", "?", "=>", "${", "%{", "!", "-", "+", "*", "/", "%"})
_OPEN |= {"&&", "||", "==", "!=", "<", ">", "<=", ">="}


def _syntax_error(tree: Tree) -> tuple:
    """(what, character offset) of the first ERROR or MISSING node, in the text's order."""
    end = len(tree.data.rstrip())
    at_end = "unexpected end of file", tree.offset(end)
    node = _first_error(tree.root)
    if node is None:  # pragma: no cover - has_error means there is one
        return "unexpected input", 0
    comment = _open_comment(tree, node.start_byte)
    if comment is not None:
        return "unexpected /* (a comment without its */)", tree.offset(comment)
    if node.is_missing:
        if node.start_byte >= end:
            return at_end
        missing = _MISSING.get(node.type, node.type.replace("_", " "))
        return f"missing {json.dumps(missing) if len(missing) < 3 else missing}", tree.offset(node.start_byte)
    escape = _bad_escape(tree, node)
    if escape is not None:
        shown = tree.data[escape : escape + 2].decode("utf-8", "replace")
        return f"invalid escape sequence {json.dumps(shown)}", tree.offset(escape)
    leaves = list(_leaves(node))
    if (
        leaves
        and leaves[-1].end_byte == node.end_byte
        and (leaves[-1].type in _OPEN or leaves[-1].type == "," and _unclosed(leaves))
    ):
        after = _next_leaf(node)  # `name =` then `}`: the `}` is what does not fit,
        if after is None or after.start_byte >= end:
            return at_end
        where = node.end_byte  # and the error is where the value should be (a line break ends it)
        while tree.data[where : where + 1] in (b" ", b"\t"):
            where += 1
        return f"unexpected {_shown(tree, after)}", tree.offset(where)
    if node.end_byte >= end and _unclosed(leaves):  # the input ran out inside something open
        return at_end
    first = leaves[0] if leaves else node
    return f"unexpected {_shown(tree, first)}", tree.offset(first.start_byte)


# A backslash that does not start one of HCL's escapes.
_BAD_ESCAPE = re.compile(rb'\\(?![nrt"\\]|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})')


def _bad_escape(tree: Tree, node):
    """The byte offset of an invalid escape in the string the error is in, if any."""
    while node is not None and node.type not in ("string_lit", "quoted_template", "body", "config_file"):
        node = node.parent
    if node is None or node.type in ("body", "config_file"):
        return None
    text = tree.data[node.start_byte : node.end_byte]
    found = _BAD_ESCAPE.search(text.replace(b"\\\\", b"__"))  # (an escaped backslash is no start)
    return node.start_byte + found.start() if found else None


def _first_error(root):
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            return node
        if node.has_error:
            stack.extend(reversed(node.children))
    return None


_OPENERS = frozenset({"[", "(", "{", "${", "%{", "quoted_template_start", "template_interpolation_start"})
_CLOSERS = frozenset({"]", ")", "}", "quoted_template_end", "template_interpolation_end"})


def _unclosed(leaves) -> bool:
    """Is a bracket or a string opened among these tokens left open?"""
    depth = 0
    for leaf in leaves:
        depth += (leaf.type in _OPENERS) - (leaf.type in _CLOSERS)
    return depth > 0


def _leaves(node):
    stack = [node]
    while stack:
        node = stack.pop()
        if node.child_count:
            stack.extend(reversed(node.children))
        elif node.end_byte > node.start_byte:
            yield node


def _next_leaf(node):
    while node is not None:
        sibling = node.next_sibling
        while sibling is not None:
            leaf = next(_leaves(sibling), None)
            if leaf is not None:
                return leaf
            sibling = sibling.next_sibling
        node = node.parent
    return None


def _shown(tree: Tree, leaf) -> str:
    text = tree.source(leaf)
    if text.startswith(("\n", "\r")) or not text.strip():
        return "a line break"
    return json.dumps(text.strip()[:30])


def _open_comment(tree: Tree, before: int) -> int | None:
    """The offset of a ``/*`` that is never closed (tree-sitter-hcl reads `/` and `*`), before
    ``before`` and outside strings."""
    at = tree.data.rfind(b"/*", 0, before + 2)
    if at < 0 or tree.data.find(b"*/", at + 2) >= 0:
        return None
    inside = tree.root.descendant_for_byte_range(at, at + 1)
    return None if inside is not None and inside.type in ("template_literal", "comment") else at


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
    found = _query("(comment) @node").captures(tree.root).get("node", ())
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
