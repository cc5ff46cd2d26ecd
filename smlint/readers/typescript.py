"""TypeScript and JavaScript (.ts, .tsx, .js, .mjs): endpoints written as infrastructure code.

- AWS CDK L1: ``new sagemaker.CfnEndpoint(this, 'Id', {...})`` is an AWS::SageMaker::Endpoint's
  Properties (the CloudFormation dialect); ``new sagemaker.CfnEndpointConfig(...)`` gives context;
- CDKTF: ``new SagemakerEndpoint(this, 'id', {...})`` and ``SagemakerEndpointConfiguration``;
- Pulumi AWS: ``new aws.sagemaker.Endpoint('name', {...})`` and ``EndpointConfiguration``
  (both the Terraform dialect: the provider's schema, SM601/SM602).

The file is parsed with tree-sitter's TypeScript grammar (the TSX one for .tsx and JavaScript,
which may hold JSX), imported only when the file names one of ``WORDS``. Values are followed
where the file itself says them: literals (template literals whose parts are known), object
and array literals with their spreads, ``const`` bindings of the file (a name declared once;
``let``/``var`` may change), ``as``/``satisfies``/``!``, member access into known objects,
``c ? a : b`` (each branch linted).
Anything else (a parameter, an import, a call, ``process.env``) is Unresolved. Names are mapped
to the API's by smlint.readers.members.
"""

from __future__ import annotations

from ..locations import Position
from ..model import CFN_ENDPOINT, ENDPOINT_CONFIG, UPDATE_ENDPOINT, Unresolved
from .extracted import Extracted
from .python.values import LDict, Lit, LList, branches, unknown

FORMAT = "typescript"  # (smlint.sources: .ts, .tsx, .js, .mjs)
WORDS = ("CfnEndpoint", "SagemakerEndpoint", "sagemaker.Endpoint", "deploymentConfig")
_WORD_BYTES = tuple(w.encode() for w in WORDS)
CONSTRUCT_WORDS = WORDS[:3]  # a file naming one is ours: SM001 when it does not parse

MAX_DEPTH = 60  # nested expressions (and const indirections) followed
MAX_STEPS = 50_000  # expression nodes evaluated per file

# constructor (its last name) -> (dialect, request kind or config, index of the props argument)
CONSTRUCTS = {
    "CfnEndpoint": ("cloudformation", CFN_ENDPOINT, 2),
    "CfnEndpointConfig": ("cloudformation", ENDPOINT_CONFIG, 2),
    "SagemakerEndpoint": ("terraform", UPDATE_ENDPOINT, 2),
    "SagemakerEndpointConfiguration": ("terraform", ENDPOINT_CONFIG, 2),
}
# Pulumi's classes are named as the provider's resources; told apart from a CDK L2 construct
# (``new sagemaker.Endpoint(this, …)``) by the file importing @pulumi/aws and the name first.
PULUMI = {"Endpoint": UPDATE_ENDPOINT, "EndpointConfiguration": ENDPOINT_CONFIG}
PULUMI_IMPORT = "@pulumi/aws"


def mentions(content) -> bool:
    words = _WORD_BYTES if isinstance(content, bytes) else WORDS
    return any(word in content for word in words)


_PARSERS: dict = {}


def parser(path: str):
    """tree-sitter's parser for the file: TypeScript for .ts, TSX for the others."""
    return parser_for(not path.lower().endswith(".ts"))


def parser_for(tsx: bool):
    found = _PARSERS.get(tsx)
    if found is None:
        import tree_sitter
        import tree_sitter_typescript

        grammar = (
            tree_sitter_typescript.language_tsx() if tsx else tree_sitter_typescript.language_typescript()
        )
        found = _PARSERS[tsx] = tree_sitter.Parser(tree_sitter.Language(grammar))
    return found


_QUERIES: dict = {}


def _query(tsx: bool):
    found = _QUERIES.get(tsx)
    if found is None:
        import tree_sitter

        language = parser_for(tsx).language
        query = tree_sitter.Query(language, "(new_expression) @new (lexical_declaration) @decl")
        found = _QUERIES[tsx] = tree_sitter.QueryCursor(query)
    return found


def extract(path: str, text: str) -> Extracted:
    from .. import sources

    data = text.encode("utf-8")
    try:
        tree = parser(path).parse(data)
    except Exception as exc:  # noqa: BLE001 - the parser's own failure is bad input, said as such
        return Extracted(problem=sources.Problem(path, f"cannot be parsed ({type(exc).__name__})"))
    reader = _Reader(path, data, text, not path.lower().endswith(".ts"))
    if tree.root_node.has_error:
        if not any(word in text for word in CONSTRUCT_WORDS):
            # a CodeDeploy `deploymentConfig` in a file the grammar does not follow: not ours
            # to call broken (a false SM001 in a hook costs more than a missed one)
            return Extracted()
        message, line, column = reader.syntax_error(tree.root_node)
        return Extracted(problem=sources.Problem(path, message, line, column))
    try:
        return reader.read(tree.root_node)
    except RecursionError:
        return Extracted(problem=sources.Problem(path, "expressions nested too deeply; smlint stops here"))


def comments(text: str, path: str = "x.ts") -> list:
    """(line, column, comment) of every ``//`` and ``/* */`` comment, as the parser reads them
    (never one inside a string), its opening marker written ``# `` (same width) so that the
    suppression directives read as in every other language."""
    data = text.encode("utf-8")
    try:
        tree = parser(path).parse(data)
    except Exception:  # noqa: BLE001 - a file the parser fails on has no comments for us
        return []
    import tree_sitter

    reader = _Reader(path, data, text, not path.lower().endswith(".ts"))
    language = parser(path).language
    out = []
    for node in (
        tree_sitter.QueryCursor(tree_sitter.Query(language, "(comment) @c"))
        .captures(tree.root_node)
        .get("c", ())
    ):
        body = reader.text(node)
        body = body.split("\n", 1)[0].rstrip("\r")
        if body.endswith("*/"):
            body = body[:-2]
        p = reader.pos(node)
        out.append((p.line, p.column, "# " + body[2:]))
    return out


class _Construct(Unresolved):
    """A name bound to ``new CfnEndpointConfig(...)`` (or CDKTF's, Pulumi's): unknown as a
    value, but a request naming it (``config.attrEndpointConfigName``) learns its fleet."""

    __slots__ = ("key",)

    def __init__(self, reason: str, key: tuple):
        super().__init__(reason)
        self.key = key


class _Reader:
    def __init__(self, path: str, data: bytes, text: str, tsx: bool):
        self.path = path
        self.tsx = tsx
        self.data = data
        self.ascii = text.isascii()
        self.lines = data.split(b"\n") if not self.ascii else None
        self.consts: dict = {}  # name -> value node, or None when declared more than once
        self.configs: dict = {}  # name -> context key of the endpoint config it is bound to
        self.steps = MAX_STEPS
        self.resolving: set = set()
        self.pulumi = PULUMI_IMPORT.encode() in data

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

    def syntax_error(self, root) -> tuple:
        """(message, line, column) of the first ERROR or MISSING node."""
        stack = [root]
        while stack:
            node = stack.pop()
            if node.is_missing:
                p = self.pos(node)
                return f"TypeScript syntax error: missing {node.type!r}", p.line, p.column
            if node.type == "ERROR":
                end = len(self.data.rstrip())
                if node.end_byte >= end:  # the parser ran out of input inside something open
                    row = self.data.count(b"\n", 0, end)
                    col = end - (self.data.rfind(b"\n", 0, end) + 1)
                    return "TypeScript syntax error: unexpected end of file", row + 1, self.column(row, col)
                p = self.pos(node)
                shown = self.short(node, 30) or "end of file"
                return f"TypeScript syntax error: unexpected `{shown}`", p.line, p.column
            if node.has_error:
                stack.extend(reversed(node.children))
        return "TypeScript syntax error", 1, 1  # pragma: no cover - has_error means one is found

    # ------------------------------------------------------------------ the file

    def read(self, root) -> Extracted:
        # const bindings and constructor calls, found by a query (in C: no walk in Python)
        captured = _query(self.tsx).captures(root)
        for node in captured.get("decl", ()):
            if node.child(0).type != "const":
                continue
            for decl in node.named_children:
                if decl.type == "variable_declarator":
                    name, value = decl.child_by_field_name("name"), decl.child_by_field_name("value")
                    if name is not None and name.type == "identifier" and value is not None:
                        key = self.text(name)
                        self.consts[key] = None if key in self.consts else value
        news = sorted(captured.get("new", ()), key=lambda n: n.start_byte)
        found = Extracted()
        construct_of = {}
        for node in news:
            spec = self.construct(node)
            if spec is not None:
                construct_of[node.id] = spec
                if spec[1] == ENDPOINT_CONFIG:
                    self.bind_config(node)
        for node in news:
            spec = construct_of.get(node.id)
            if spec is not None:
                self.add(found, node, *spec)
        return found

    def construct(self, node):
        ctor = node.child_by_field_name("constructor")
        args = node.child_by_field_name("arguments")
        if ctor is None or args is None or ctor.type not in ("identifier", "member_expression"):
            return None
        dotted = self.text(ctor)
        name = dotted.rsplit(".", 1)[-1]
        spec = CONSTRUCTS.get(name)
        if spec is not None:
            return spec
        given = [a for a in args.named_children if a.type != "comment"]
        if (
            name in PULUMI
            and self.pulumi
            and dotted.endswith("sagemaker." + name)
            and given
            and given[0].type != "this"
        ):
            return ("terraform", PULUMI[name], 1)
        return None

    def _bound_to(self, node) -> str | None:
        """The name a construct is bound to (``const cfg = new …``), if it is."""
        parent = node.parent
        while parent is not None and parent.type in ("parenthesized_expression", "as_expression"):
            parent = parent.parent
        if parent is not None and parent.type == "variable_declarator":
            name = parent.child_by_field_name("name")
            if name is not None and name.type == "identifier":
                return self.text(name)
        return None

    def bind_config(self, node) -> None:
        name = self._bound_to(node)
        if name is not None:
            self.configs[name] = ("ts", self.path, name)

    def add(self, found: Extracted, node, dialect: str, kind: str, index: int) -> None:
        from . import members

        args = [a for a in node.child_by_field_name("arguments").named_children if a.type != "comment"]
        ctor = node.child_by_field_name("constructor")
        last = ctor.child_by_field_name("property") if ctor.type == "member_expression" else ctor
        start = self.pos(last)
        if len(args) <= index:
            props = LDict({}, start)
        else:
            props = self.ev(args[index], 0)
            if isinstance(props, Lit):
                # the whole props from elsewhere: every member unknown, none missing
                props = LDict(
                    {}, props.pos, props.value.reason if isinstance(props.value, Unresolved) else "props"
                )
        label = self.label(args, index)
        origin = f"{self.text(last)} {label}" if label else f"{self.text(last)} at line {start.line}"
        refers = self.refers(props)
        known = ()
        if kind == ENDPOINT_CONFIG:
            known = self.config_key(node)
        if dialect == "terraform":
            names = members.TF_CONFIG_NAMES if kind == ENDPOINT_CONFIG else members.TF_ENDPOINT_NAMES
            shape = "" if kind == ENDPOINT_CONFIG else "UpdateEndpointInput"
            value = members.to_api(props, "terraform", names, members.TF_NOT_SENT, shape)
            target = "terraform"
        else:
            value = members.to_api(props, "cloudformation")
            target = ""
        unit, config = members.units(self.path, kind, value, start, origin, target, refers, known)
        if unit is not None:
            found.units.append(unit)
        else:
            found.configs.append(config)

    def label(self, args, index: int) -> str:
        """The construct's id (CDK, CDKTF) or the resource's name (Pulumi), when literal."""
        where = index - 1
        if 0 <= where < len(args) and args[where].type == "string":
            value = self.ev(args[where], 0)
            if isinstance(value, Lit) and isinstance(value.value, str):
                return repr(value.value)
        return ""

    def config_key(self, node) -> tuple:
        name = self._bound_to(node)
        return (self.configs[name],) if name in self.configs else ()

    def refers(self, props) -> tuple:
        """The context key of the config construct the props' endpointConfigName reads."""
        if not isinstance(props, LDict):
            return ()
        entry = props.entries.get("endpointConfigName")
        if entry is not None and isinstance(entry[1], Lit) and isinstance(entry[1].value, _Construct):
            return (entry[1].value.key,)
        return ()

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
            return Lit(_UNDEFINED, pos)
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
                if not (isinstance(value, Lit) and value.value is _UNDEFINED):
                    entries[key] = (kpos, value)
            elif kind == "shorthand_property_identifier":
                key = self.text(child)
                kpos = self.pos(child)
                value = self.name(child, d, kpos)
                entries.pop(key, None)
                if not (isinstance(value, Lit) and value.value is _UNDEFINED):
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
            return Lit(_UNDEFINED, pos)
        if name in self.configs:
            return Lit(_Construct(f"`{name}` is an endpoint config construct", self.configs[name]), pos)
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
                _Construct(f"`{self.short(node)}` is a token of the endpoint config construct", key), pos
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
                or isinstance(value.value, (bool, Unresolved, _Undefined))
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


class _Undefined:
    __slots__ = ()

    def __repr__(self) -> str:
        return "undefined"


_UNDEFINED = _Undefined()  # a member set to undefined is left out (as JSON.stringify does)


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


# --- the reader (smlint.readers) --------------------------------------------------------------

may_hold = may_hold_bytes = mentions  # no construct of ours named: not decoded, not parsed


def read(text: str, path: str, context):
    from functools import partial

    found = extract(path, text) if mentions(text) else Extracted()
    found.comments = partial(_comments, text, path)
    return found


def _comments(text: str, path: str) -> list:
    from . import Comment

    return [Comment(*c) for c in comments(text, path)]
