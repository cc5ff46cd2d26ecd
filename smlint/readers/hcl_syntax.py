"""Where tree-sitter-hcl's tree is not HCL: its ERROR and MISSING nodes worded as HCL syntax
errors, and what the grammar accepts that HCL (and so ``terraform validate``) rejects: line
breaks it ignores, templates in block labels, hexadecimal numbers, escapes HCL does not have.
It also reads ``6e2`` (valid HCL) that tree-sitter-hcl 1.2.0 cannot. smlint.readers.hcl
parses and reads the tree; this module only judges it."""

from __future__ import annotations

import json
import re

from .hcl import Tree, body, entries, expression, query


def problem(tree: Tree) -> tuple:
    """(what, character offset) of the file's first syntax error, or (None, 0)."""
    return _syntax_error(tree) if tree.root.has_error else _not_hcl(tree)


# HCL's numbers. tree-sitter-hcl 1.2.0 reads an exponent only after a fraction (``6e2`` is an
# error there, and valid HCL) and reads ``0x1F``, which HCL does not have.
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_EXPONENT = re.compile(rb"[eE][+-]?[0-9]+(?![A-Za-z0-9_.-])")


def _numbers(tree: Tree) -> list:
    return query("(numeric_lit) @node").captures(tree.root).get("node", [])


def exponents_read(tree: Tree) -> Tree:
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
        for elem in query("(object_elem) @node").captures(tree.root).get("node", ()):
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
