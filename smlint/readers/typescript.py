"""TypeScript and JavaScript (.ts, .tsx, .js, .mjs): endpoints written as infrastructure code.

- AWS CDK L1: ``new sagemaker.CfnEndpoint(this, 'Id', {...})`` is an AWS::SageMaker::Endpoint's
  Properties (the CloudFormation dialect); ``new sagemaker.CfnEndpointConfig(...)`` gives context;
- CDKTF: ``new SagemakerEndpoint(this, 'id', {...})`` and ``SagemakerEndpointConfiguration``;
- Pulumi AWS: ``new aws.sagemaker.Endpoint('name', {...})`` and ``EndpointConfiguration``
  (both the Terraform dialect: the provider's schema, SM601/SM602).

The file is parsed with tree-sitter's TypeScript grammar (the TSX one for .tsx and JavaScript,
which may hold JSX), imported only when the file names one of ``WORDS``. This module finds the
constructs (the ``new`` expressions above, the ``const`` bindings of the file: a name declared
once; ``let``/``var`` may change) and makes their units and configs; the values of their
props are smlint.readers.typescript_values' (what the file itself says; anything else is
Unresolved; ``c ? a : b``: each branch linted). Names are mapped to the API's by
smlint.readers.members.
"""

from __future__ import annotations

from ..model import CFN_ENDPOINT, ENDPOINT_CONFIG, UPDATE_ENDPOINT, Unresolved
from .extracted import Extracted
from .python.values import LDict, Lit
from .typescript_values import Construct, Evaluator

FORMAT = "typescript"  # (smlint.sources: .ts, .tsx, .js, .mjs)
WORDS = ("CfnEndpoint", "SagemakerEndpoint", "sagemaker.Endpoint", "deploymentConfig")
_WORD_BYTES = tuple(w.encode() for w in WORDS)
CONSTRUCT_WORDS = WORDS[:3]  # a file naming one is ours: SM001 when it does not parse

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

    reader = Evaluator(data, text)
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


class _Reader(Evaluator):
    """The file's constructs: which ``new`` expressions are requests or endpoint configs, and
    the units and configs they make (their values are ``Evaluator``'s)."""

    def __init__(self, path: str, data: bytes, text: str, tsx: bool):
        super().__init__(data, text)
        self.path = path
        self.tsx = tsx
        self.pulumi = PULUMI_IMPORT.encode() in data

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
        if entry is not None and isinstance(entry[1], Lit) and isinstance(entry[1].value, Construct):
            return (entry[1].value.key,)
        return ()


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
