"""The values of a TypeScript file's expressions, as far as the file itself says them.

``Evaluator`` turns tree-sitter expression nodes into the Python reader's values (``Lit``,
``LDict``, ``LList``, ``branches``): literals (template literals whose parts are known), object
and array literals with their spreads, the file's ``const`` bindings (a name declared once),
``as``/``satisfies``/``!``, member access into known objects, ``c ? a : b`` (each branch a
value). Anything else (a parameter, an import, a call, ``process.env``) is Unresolved, with the
reason. It also owns the file's positions: tree-sitter's byte columns as character columns.
Which constructs are requests is smlint.readers.typescript's business, not this module's.
"""

from __future__ import annotations

from ..locations import Position
from ..model import Unresolved
from .python.values import LDict, Lit, LList, branches, unknown

MAX_DEPTH = 60  # nested expressions (and const indirections) followed
MAX_STEPS = 50_000  # expression nodes evaluated per file


class Construct(Unresolved):
    """A name bound to ``new CfnEndpointConfig(...)`` (or CDKTF's, Pulumi's): unknown as a
    value, but a request naming it (``config.attrEndpointConfigName``) learns its fleet."""

    __slots__ = ("key",)

    def __init__(self, reason: str, key: tuple):
        super().__init__(reason)
        self.key = key


class Evaluator:
    """One file's expressions: its bytes, its const bindings, the names bound to endpoint config
    constructs, and the evaluation budget."""

    def __init__(self, data: bytes, text: str):
        self.data = data
        self.ascii = text.isascii()
        self.lines = data.split(b"\n") if not self.ascii else None
        self.consts: dict = {}  # name -> value node, or None when declared more than once
        self.configs: dict = {}  # name -> context key of the endpoint config it is bound to
        self.steps = MAX_STEPS
        self.resolving: set = set()

    # ------------------------------------------------------------------ positions

    def column(self, row: int, byte_col: int) -> int:
        if self.ascii:
            return byte_col + 1
        line = self.lines[row] if row < len(self.lines) else b""
        return len(line[:byte_col].decode("utf-8", "replace")) + 1

    def pos(self, node) -> Position:
        (sr, sc), (er, ec) = node.start_point, node.end_point
        return Position(sr + 1, self.column(sr, sc), er + 1, self.column(er, ec))

    def text(self, node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def short(self, node, limit: int = 60) -> str:
        text = " ".join(self.text(node).split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    # ------------------------------------------------------------------ values

    def ev(self, node, depth: int):  # noqa: C901 - one dispatch on the node type
        self.steps -= 1
        pos = self.pos(node)
        if self.steps < 0:
            return unknown("smlint's evaluation budget for this file is spent", pos)
        if depth > MAX_DEPTH:
            return unknown("the expression is nested too deeply to follow", pos)
        d = depth + 1
        kind = node.type
        if kind == "object":
            return self.object(node, d, pos)
        if kind == "array":
            items = []
            for child in node.named_children:
                if child.type == "comment":
                    continue
                if child.type == "spread_element":
                    inner = self.ev(child.named_children[0], d)
                    if not isinstance(inner, LList):
                        return unknown(f"`{self.short(node)}` spreads a value not known statically", pos)
                    items.extend(inner.items)
                else:
                    items.append(self.ev(child, d))
            return LList(items, pos)
        if kind == "string":
            return Lit(self.string(node), pos)
        if kind == "template_string":
            return self.template(node, d, pos)
        if kind == "number":
            return Lit(_number(self.text(node)), pos)
        if kind in ("true", "false"):
            return Lit(kind == "true", pos)
        if kind == "null":
            return Lit(None, pos)
        if kind == "undefined":
            return Lit(UNDEFINED, pos)
        if kind == "identifier":
            return self.name(node, d, pos)
        if kind in (
            "parenthesized_expression",
            "as_expression",
            "satisfies_expression",
            "non_null_expression",
        ):
            inner = next((c for c in node.named_children if c.type != "comment"), None)
            return self.ev(inner, d) if inner is not None else unknown("an empty expression", pos)
        if kind == "member_expression":
            return self.member(node, d, pos)
        if kind == "subscript_expression":
            base = self.ev(node.child_by_field_name("object"), d)
            index = self.ev(node.child_by_field_name("index"), d)
            return self.pick(base, index.value if isinstance(index, Lit) else None, node, pos)
        if kind == "unary_expression":
            operator = node.child_by_field_name("operator")
            value = self.ev(node.child_by_field_name("argument"), d)
            if operator is not None and self.text(operator) in ("-", "+") and isinstance(value, Lit):
                number = value.value
                if isinstance(number, (int, float)) and not isinstance(number, bool):
                    return Lit(-number if self.text(operator) == "-" else number, pos)
            return unknown(f"`{self.short(node)}` is not known statically", pos)
        if kind == "ternary_expression":
            condition = node.child_by_field_name("condition")
            where = f"`{self.short(condition)}` at line {pos.line}"
            return branches(
                ("ts", node.start_byte),
                [
                    (f"{where} is true", self.ev(node.child_by_field_name("consequence"), d)),
                    (f"{where} is false", self.ev(node.child_by_field_name("alternative"), d)),
                ],
                pos,
            )
        if kind == "call_expression":
            return unknown(f"the result of `{self.short(node)}`", pos)
        return unknown(f"`{self.short(node)}` is not known statically", pos)

    def object(self, node, d: int, pos) -> LDict:
        entries: dict = {}
        seen: dict = {}
        dups = []
        open_reason = None
        for child in node.named_children:
            kind = child.type
            if kind == "pair":
                key_node = child.child_by_field_name("key")
                key = self.key(key_node)
                if key is None:
                    open_reason = open_reason or f"a computed key `{self.short(key_node)}`"
                    continue
                kpos = self.pos(key_node)
                if key in seen:
                    dups.append((key, seen[key], kpos))
                seen[key] = kpos
                value = self.ev(child.child_by_field_name("value"), d)
                entries.pop(key, None)
                if not (isinstance(value, Lit) and value.value is UNDEFINED):
                    entries[key] = (kpos, value)
            elif kind == "shorthand_property_identifier":
                key = self.text(child)
                kpos = self.pos(child)
                value = self.name(child, d, kpos)
                entries.pop(key, None)
                if not (isinstance(value, Lit) and value.value is UNDEFINED):
                    entries[key] = (kpos, value)
            elif kind == "spread_element":
                inner = self.ev(child.named_children[0], d)
                if isinstance(inner, LDict):
                    for key, entry in inner.entries.items():
                        entries.pop(key, None)
                        entries[key] = entry
                    open_reason = open_reason or inner.open
                else:
                    # what it holds may replace the members before it
                    reason = f"the spread `{self.short(child)}` ({_reason(inner)})"
                    entries = {
                        k: (kp, unknown(f"{reason} may replace it", v.pos)) for k, (kp, v) in entries.items()
                    }
                    open_reason = open_reason or reason
            elif kind in ("method_definition",):
                open_reason = open_reason or f"a method `{self.short(child, 30)}`"
        return LDict(entries, pos, open_reason, tuple(dups))

    def key(self, node):
        kind = node.type
        if kind == "property_identifier":
            return self.text(node)
        if kind == "string":
            return self.string(node)
        if kind == "number":
            return str(_number(self.text(node)))
        return None

    def name(self, node, d: int, pos):
        name = self.text(node)
        if name == "undefined":
            return Lit(UNDEFINED, pos)
        if name in self.configs:
            return Lit(Construct(f"`{name}` is an endpoint config construct", self.configs[name]), pos)
        if name not in self.consts:
            return unknown(f"`{name}` is not a const of this file", pos)
        value = self.consts[name]
        if value is None:
            return unknown(f"`{name}` is declared more than once in this file", pos)
        if name in self.resolving:
            return unknown(f"`{name}` refers to itself", pos)
        self.resolving.add(name)
        try:
            return self.ev(value, d)
        finally:
            self.resolving.discard(name)

    def member(self, node, d: int, pos):
        obj = node.child_by_field_name("object")
        prop = node.child_by_field_name("property")
        if obj.type == "identifier" and self.text(obj) in self.configs:
            key = self.configs[self.text(obj)]
            return Lit(
                Construct(f"`{self.short(node)}` is a token of the endpoint config construct", key), pos
            )
        if prop is None or prop.type != "property_identifier":
            return unknown(f"`{self.short(node)}` is not known statically", pos)
        base = self.ev(obj, d)
        return self.pick(base, self.text(prop), node, pos)

    def pick(self, base, key, node, pos):
        if isinstance(base, LDict) and isinstance(key, str) and key in base.entries:
            return base.entries[key][1]
        if isinstance(base, LList) and type(key) is int and 0 <= key < len(base.items):
            return base.items[key]
        if isinstance(base, Lit) and isinstance(base.value, Unresolved):
            return Lit(base.value, pos)
        return unknown(f"`{self.short(node)}` is not known statically", pos)

    def template(self, node, d: int, pos):
        """A template literal: its text, with each ``${…}`` a string or number known here."""
        out = []
        for child in node.named_children:
            if child.type != "template_substitution":
                out.append(_escape(self.text(child)) if child.type == "escape_sequence" else self.text(child))
                continue
            inner = next((c for c in child.named_children if c.type != "comment"), None)
            value = self.ev(inner, d) if inner is not None else None
            if (
                not isinstance(value, Lit)
                or isinstance(value.value, (bool, Unresolved, Undefined))
                or not isinstance(value.value, (str, int, float))
            ):
                shown = self.short(child, 40)
                return unknown(f"a template string with a part not known statically (`{shown}`)", pos)
            out.append(str(value.value))
        return Lit("".join(out), pos)

    def string(self, node) -> str:
        out = []
        for child in node.named_children:
            if child.type in ("string_fragment", "template_chars") or child.type == "string_content":
                out.append(self.text(child))
            elif child.type == "escape_sequence":
                out.append(_escape(self.text(child)))
        if not node.named_children:  # '' or a fragment the grammar does not name
            return self.text(node)[1:-1]
        text = "".join(out)
        if any("\ud800" <= c <= "\udfff" for c in text):  # a pair of \u escapes is one character
            text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return text


class Undefined:
    __slots__ = ()

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED = Undefined()  # a member set to undefined is left out (as JSON.stringify does)


def _reason(node) -> str:
    if isinstance(node, Lit) and isinstance(node.value, Unresolved):
        return node.value.reason
    return "not an object"


def _number(text: str):
    """A JavaScript number: a whole one is an integer in the JSON CloudFormation or Terraform
    receives (``600.0`` is sent as 600)."""
    raw = text.replace("_", "")
    try:
        if raw[:2].lower() in ("0x", "0o", "0b"):
            return int(raw, 0)
        if raw.endswith("n"):  # a BigInt
            return int(raw[:-1])
        value = float(raw)
    except ValueError:
        return Unresolved(f"the number {text}")
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _escape(text: str) -> str:
    """One JavaScript escape sequence's character."""
    body = text[1:]
    if body[:1] == "u":
        digits = body[2:-1] if body[1:2] == "{" else body[1:5]
        try:
            return chr(int(digits, 16))
        except ValueError:
            return text
    if body[:1] == "x":
        try:
            return chr(int(body[1:3], 16))
        except ValueError:
            return text
    if body[:1] in ("\n", "\r"):
        return ""  # a line continuation
    return _SIMPLE_ESCAPES.get(body, body)
