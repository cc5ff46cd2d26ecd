"""AWS CLI commands in shell text: ``aws sagemaker update-endpoint`` and ``create-endpoint``.

The shell is parsed by tree-sitter-bash (a real parser: line continuations, '…', "…", $'…',
heredocs, command substitutions), never by patterns. Each command becomes the request the CLI
would send: ``--endpoint-name`` is ``EndpointName``, ``--deployment-config`` the JSON of
``DeploymentConfig`` (read as that member, with positions inside the quoted argument),
``--[no-]retain-all-variant-properties`` the boolean, ``--cli-input-json``/``-yaml`` the whole
request (options given on the command line override its members, as in the CLI).

What the text cannot tell is unresolved (SM003): ``$VAR``, ``$(…)``, and the CLI's shorthand
syntax (``Key=Value,…``, which smlint does not read). ``file://path`` is read relative to the
folder of the file holding the command (the CLI itself reads it from the working folder, which
a static linter cannot know; the script's folder is where such files usually sit, and where
make runs a Makefile's recipes), except in a GitHub workflow, whose steps run at the top of
the repository (the folder holding ``.github``); a missing file is unresolved, and a finding
about a value read from the file points at the ``file://`` argument and names the file. An
option given twice is SM002: the CLI (argparse) keeps the last one.

Positions are character offsets in the shell text; a reader of a file that embeds shell text
(Markdown, a Makefile, a CI step) relocates them once (smlint.readers.relocate).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..model import CREATE_ENDPOINT, UPDATE_ENDPOINT, Document, LineIndex, Position, SourceMap, Unresolved
from .relocate import Relocated, Relocation

OPERATIONS = {"update-endpoint": UPDATE_ENDPOINT, "create-endpoint": CREATE_ENDPOINT}
# option -> (member, how its value is read)
STRING, STRUCTURE, LIST = "string", "structure", "list"
OPTIONS = {
    "--endpoint-name": ("EndpointName", STRING),
    "--endpoint-config-name": ("EndpointConfigName", STRING),
    "--deployment-config": ("DeploymentConfig", STRUCTURE),
    "--exclude-retained-variant-properties": ("ExcludeRetainedVariantProperties", LIST),
    "--tags": ("Tags", LIST),
}
# The CLI's boolean flags: one option sets the member true, its --no- form false.
FLAGS = {
    "--retain-all-variant-properties": ("RetainAllVariantProperties", True),
    "--no-retain-all-variant-properties": ("RetainAllVariantProperties", False),
    "--retain-deployment-config": ("RetainDeploymentConfig", True),
    "--no-retain-deployment-config": ("RetainDeploymentConfig", False),
}
INPUT_OPTIONS = {"--cli-input-json": "json", "--cli-input-yaml": "yaml"}
# A command that prints a skeleton sends nothing.
NOT_SENT = ("--generate-cli-skeleton",)
# The CLI's global options that take a value (everything else starting with -- is a switch).
GLOBAL_WITH_VALUE = frozenset(
    {
        "--region",
        "--profile",
        "--output",
        "--query",
        "--endpoint-url",
        "--color",
        "--ca-bundle",
        "--cli-read-timeout",
        "--cli-connect-timeout",
        "--cli-binary-format",
        "--cli-auto-prompt",
    }
)

_KNOWN = (
    frozenset(OPTIONS) | frozenset(FLAGS) | frozenset(INPUT_OPTIONS) | frozenset(NOT_SENT) | GLOBAL_WITH_VALUE
)
_COMMAND_OPTIONS = tuple(OPTIONS) + tuple(FLAGS) + tuple(INPUT_OPTIONS) + NOT_SENT
_MEMBERS = tuple(dict.fromkeys(member for member, _ in list(OPTIONS.values()) + list(FLAGS.values())))


def _abbreviated(option: str) -> str:
    """The option an abbreviation stands for: the CLI's argparse takes a unique prefix of an
    option as that option (``--endpoint-config`` is ``--endpoint-config-name``)."""
    if option in _KNOWN or not option.startswith("--"):
        return option
    matches = [known for known in _COMMAND_OPTIONS if known.startswith(option)]
    return matches[0] if len(matches) == 1 else option


def _misspelt(option: str) -> str | None:
    """The key an unknown option stands for when it is close to a member's option
    (``--deployment-configs``: ``DeploymentConfigs``, which SM102 says is DeploymentConfig
    misspelt); None for any other option (a global option smlint does not list)."""
    from ..suggest import closest

    words = option[2:].split("-")
    if words[0] == "no":
        words = words[1:]
    key = "".join(w[:1].upper() + w[1:] for w in words if w)
    if any(known.startswith(option) for known in _COMMAND_OPTIONS):
        return None  # an ambiguous abbreviation: the CLI says so
    return key if key and key not in _MEMBERS and closest(key, _MEMBERS, 0.85) else None


WORDS = ("update-endpoint", "create-endpoint")
_WORD_BYTES = tuple(w.encode() for w in WORDS)


def mentions_cli(content) -> bool:
    """Cheap test before any parsing: the text names one of the two operations."""
    words = _WORD_BYTES if isinstance(content, bytes) else WORDS
    return any(word in content for word in words)


_PARSER = None


def parser():
    global _PARSER
    if _PARSER is None:
        import tree_sitter_bash
        from tree_sitter import Language, Parser

        _PARSER = Parser(Language(tree_sitter_bash.language()))
    return _PARSER


def parse(text: str):
    return parser().parse(text.encode("utf-8", "surrogatepass"))


@dataclass
class Found:
    """What the commands of one shell text hold."""

    documents: list = field(default_factory=list)  # request Documents
    problems: list = field(default_factory=list)  # (message, offset): SM001 at that character
    dependencies: list = field(default_factory=list)  # file:// targets read


class _Text:
    """The shell text with tree-sitter's byte offsets turned into character offsets."""

    def __init__(self, text: str, shown: str | None = None):
        self.text = text
        self.shown = text if shown is None or len(shown) != len(text) else shown  # for messages
        self.lines = LineIndex(text)
        data = text.encode("utf-8", "surrogatepass")
        self.data = data
        self._chars = None
        if len(data) != len(text):
            chars = []
            for i, ch in enumerate(text):
                chars.extend([i] * len(ch.encode("utf-8", "surrogatepass")))
            chars.append(len(text))
            self._chars = chars

    def char(self, byte: int) -> int:
        return byte if self._chars is None else self._chars[byte]

    def span(self, node) -> tuple:
        return self.char(node.start_byte), self.char(node.end_byte)

    def position(self, start: int, end: int) -> Position:
        return Position(*self.lines.position(start), *self.lines.position(max(end, start + 1)))


class _Value:
    """A shell word's value as the command receives it, and where each character came from;
    or why it cannot be known."""

    __slots__ = ("text", "offsets", "unknown")

    def __init__(self, text: str = "", offsets=None, unknown: str = ""):
        self.text, self.offsets, self.unknown = text, offsets if offsets is not None else [], unknown


_EXPANSIONS = frozenset(
    {
        "simple_expansion",
        "expansion",
        "command_substitution",
        "process_substitution",
        "arithmetic_expansion",
        "brace_expression",
    }
)
_ANSI_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "v": "\v",
}


def _value(node, src: _Text) -> _Value:
    kind = node.type
    start, end = src.span(node)
    raw = src.text[start:end]
    shown = src.shown[start:end]
    if kind == "raw_string":  # '…': every character as written
        return _Value(raw[1:-1], list(range(start + 1, end - 1)))
    if kind in ("word", "number"):
        return _unescape(raw, start, lambda ch: True)
    if kind == "string":
        return _double_quoted(node, src)
    if kind == "ansi_c_string":
        return _ansi_c(raw, start)
    if kind == "concatenation":
        out = _Value()
        for child in node.children:
            part = _value(child, src)
            if part.unknown:
                return part
            out.text += part.text
            out.offsets += part.offsets
        return out
    if kind == "command_substitution":
        body = _heredoc_cat(node, src)
        if body is not None:
            return body
    if kind in _EXPANSIONS:
        return _Value(unknown=_expanded(shown))
    return _Value(unknown=f"`{_short(shown)}` is not a literal shell word")


def _expanded(shown: str) -> str:
    if shown.startswith("${{"):
        return f"`{_short(shown)}` is the CI system's expression, filled in when the step runs"
    return f"the shell expands `{_short(shown)}` when the command runs"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def _unescape(raw: str, start: int, escapes) -> _Value:
    """Backslash escapes: ``\\x`` is x where ``escapes(x)``; a backslash-newline is removed."""
    out, offsets, i = [], [], 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw) and (raw[i + 1] == "\n" or escapes(raw[i + 1])):
            if raw[i + 1] != "\n":
                out.append(raw[i + 1])
                offsets.append(start + i)
            i += 2
            continue
        out.append(ch)
        offsets.append(start + i)
        i += 1
    return _Value("".join(out), offsets)


def _double_quoted(node, src: _Text) -> _Value:
    out = _Value()
    start, end = src.span(node)
    cursor = start + 1  # past the opening quote
    for child in node.children:
        c_start, c_end = src.span(child)
        if child.type == '"':
            continue
        if child.type in _EXPANSIONS or child.type not in ("string_content",):
            part = _value(child, src) if child.type == "command_substitution" else None
            if part is None or part.unknown:
                return part or _Value(unknown=_expanded(src.shown[c_start:c_end]))
            out.text += part.text
            out.offsets += part.offsets
            cursor = c_end
            continue
        if c_start > cursor:  # text tree-sitter left between nodes
            piece = _unescape(src.text[cursor:c_start], cursor, '$`"\\'.__contains__)
            out.text += piece.text
            out.offsets += piece.offsets
        piece = _unescape(src.text[c_start:c_end], c_start, '$`"\\'.__contains__)
        out.text += piece.text
        out.offsets += piece.offsets
        cursor = c_end
    if end - 1 > cursor:
        piece = _unescape(src.text[cursor : end - 1], cursor, '$`"\\'.__contains__)
        out.text += piece.text
        out.offsets += piece.offsets
    return out


def _ansi_c(raw: str, start: int) -> _Value:
    """``$'…'``: bash's ANSI-C escapes."""
    body, base = raw[2:-1], start + 2
    out, offsets, i = [], [], 0
    while i < len(body):
        ch = body[i]
        if ch != "\\" or i + 1 == len(body):
            out.append(ch)
            offsets.append(base + i)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt in _ANSI_ESCAPES:
            out.append(_ANSI_ESCAPES[nxt])
            size = 2
        elif nxt == "x" and i + 2 < len(body) and body[i + 2] in "0123456789abcdefABCDEF":
            digits = body[i + 2 : i + 4]
            digits = (
                digits
                if len(digits) == 2 and all(c in "0123456789abcdefABCDEF" for c in digits)
                else digits[0]
            )
            out.append(chr(int(digits, 16)))
            size = 2 + len(digits)
        elif nxt in "uU":
            width = 4 if nxt == "u" else 8
            digits = ""
            for c in body[i + 2 : i + 2 + width]:
                if c not in "0123456789abcdefABCDEF":
                    break
                digits += c
            if not digits:
                return _Value(unknown="an ANSI-C escape smlint does not read")
            out.append(chr(int(digits, 16)))
            size = 2 + len(digits)
        elif nxt in "01234567":
            digits = ""
            for c in body[i + 1 : i + 4]:
                if c not in "01234567":
                    break
                digits += c
            out.append(chr(int(digits, 8)))
            size = 1 + len(digits)
        else:  # \\ \' \" \? and any other character: itself
            out.append(nxt)
            size = 2
        offsets.append(base + i)
        i += size
    return _Value("".join(out), offsets)


def _heredoc_cat(node, src: _Text) -> _Value | None:
    """``$(cat <<'EOF' … EOF)``: the heredoc's text, the way JSON is usually passed inline."""
    inner = [c for c in node.children if c.type not in ("$(", ")")]
    if len(inner) != 1 or inner[0].type != "redirected_statement":
        return None
    statement = inner[0]
    command = statement.children[0] if statement.children else None
    redirects = statement.children[1:]
    if (
        command is None
        or command.type != "command"
        or len(command.children) != 1
        or src.text[slice(*src.span(command))] != "cat"
        or len(redirects) != 1
        or redirects[0].type != "heredoc_redirect"
    ):
        return None
    redirect = redirects[0]
    start = next((c for c in redirect.children if c.type == "heredoc_start"), None)
    body = next((c for c in redirect.children if c.type == "heredoc_body"), None)
    if start is None or body is None or any(c.type == "file_redirect" for c in redirect.children):
        return None
    b_start, b_end = src.span(body)
    quoted = src.text[slice(*src.span(start))][:1] in "'\"\\"
    if quoted:
        return _Value(src.text[b_start:b_end], list(range(b_start, b_end)))
    for child in body.children:
        if child.type in _EXPANSIONS:
            return _Value(unknown=_expanded(src.shown[slice(*src.span(child))]))
    return _unescape(src.text[b_start:b_end], b_start, "$`\\".__contains__)


# ----------------------------------------------------------------------------- commands


def commands(tree):
    """Every simple command in the tree, outermost first (commands inside $(…), pipelines,
    conditionals, functions and loops included)."""
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "command":
            yield node
        stack.extend(reversed(node.children))


def _arguments(command):
    """(name word, argument nodes) of a simple command; None if it has no name."""
    name = command.child_by_field_name("name")
    if name is None:
        return None
    args = [c for c in command.children if c.start_byte >= name.end_byte and c.type not in ("comment",)]
    return name, [a for a in args if a.type not in ("file_redirect", "herestring_redirect")]


def find_requests(
    text: str, path: str, read_file=None, base: str | None = None, shown: str | None = None
) -> Found:
    """The requests of the ``aws sagemaker update-endpoint|create-endpoint`` commands in
    ``text``. ``read_file(path) -> str | None`` reads a file:// target (None: missing);
    relative targets are read from ``base`` (default: the folder of ``path``). ``shown``: the
    text as written, when ``text`` stands in for parts of it (same length: a CI step's
    expressions), for messages."""
    found = Found()
    if not mentions_cli(text):
        return found
    src = _Text(text, shown)
    tree = parse(text)
    for command in commands(tree):
        parts = _arguments(command)
        if parts is None:
            continue
        name, args = parts
        if src.text[slice(*src.span(name))].rsplit("/", 1)[-1] != "aws":
            continue
        words = [(_value(a, src), a) for a in args]
        operation = _operation(words)
        if operation is None:
            continue
        index, kind = operation
        folder = os.path.dirname(path) if base is None else base
        _Command(src, path, command, kind, words[index + 1 :], read_file, found, folder).build()
    return found


def _operation(words) -> tuple | None:
    """(index of the operation word, request kind) for ``[global options] sagemaker
    [global options] update-endpoint|create-endpoint``."""
    service = None
    skip = False
    for i, (value, _) in enumerate(words):
        if skip:
            skip = False
            continue
        if value.unknown:
            return None
        word = value.text
        if word.startswith("--"):
            skip = word in GLOBAL_WITH_VALUE
            continue
        if service is None:
            if word != "sagemaker":
                return None
            service = i
            continue
        return (i, OPERATIONS[word]) if word in OPERATIONS else None
    return None


class _Member:
    """One member of the request as the command gives it: the option's span, and how to find
    the positions of what is under it."""

    __slots__ = ("key", "value", "inner", "prefix")

    def __init__(self, key: Position, value: Position, inner: SourceMap | None = None, prefix: tuple = ()):
        self.key, self.value, self.inner, self.prefix = key, value, inner, prefix

    def resolve(self, rest: tuple) -> Position:
        if self.inner is not None and (rest or self.prefix):
            return self.inner.resolve(self.prefix + rest)
        return self.key if not rest else self.value


class CommandMap(SourceMap):
    """A command's request: each member at its option (or in the --cli-input-json text), the
    request itself at the command."""

    def __init__(self, start: Position, members: dict, lines: LineIndex):
        super().__init__(start=start, lines=lines)
        self.members = members

    def resolve(self, path) -> Position:
        member = self.members.get(path[0]) if path else None
        return member.resolve(tuple(path[1:])) if member is not None else self.start

    @property
    def start(self) -> Position:
        return self._start


def _cli_wins(option: str) -> str:
    return f"the command gives it twice ({option} last), and the AWS CLI keeps the last one (argparse), silently"


class _Command:
    def __init__(
        self, src: _Text, path: str, node, kind: str, words: list, read_file, found: Found, folder: str
    ):
        self.src, self.path, self.node, self.kind, self.words = src, path, node, kind, words
        self.folder = folder
        self.read_file, self.found = read_file, found
        self.payload: dict = {}
        self.members: dict = {}
        self.given: dict = {}  # member -> Position of the option that last gave it
        self.duplicates: list = []
        self.notes: list = []

    def build(self) -> None:
        from .nodes import Duplicate

        items: list = []  # (option, member, value, _Member, option Position)
        inputs: list = []
        i = 0
        words = self.words
        while i < len(words):
            value, node = words[i]
            i += 1
            where = self.src.position(*self.src.span(node))
            word = value.text if not value.unknown else ""
            option, inline = (word.split("=", 1) + [None])[:2] if word.startswith("--") else (word, None)
            written = len(option)
            option = _abbreviated(option)
            if option in NOT_SENT:
                return
            if option in FLAGS:
                member, flag = FLAGS[option]
                items.append((option, member, flag, _Member(where, where), where))
                continue
            misspelt = _misspelt(option) if option.startswith("--") and option not in _KNOWN else None
            if misspelt is not None:
                # The CLI refuses an option it does not know; one that is close to a member's
                # is read as that key, so that the schema says what was meant (SM102).
                if inline is None and i < len(words) and not words[i][0].text.startswith("--"):
                    argument, arg_node = words[i]
                    i += 1
                    value = Unresolved(f"{option}: {argument.unknown}") if argument.unknown else argument.text
                else:
                    value = inline if inline is not None else True
                items.append((option, misspelt, value, _Member(where, where), where))
                continue
            if option in OPTIONS or option in INPUT_OPTIONS:
                if inline is not None:
                    argument = _Value(inline, value.offsets[written + 1 :])
                    arg_node = node
                elif i < len(words) and not (words[i][0].text.startswith("--") and not words[i][0].unknown):
                    argument, arg_node = words[i]
                    i += 1
                else:
                    continue  # the CLI says the argument is missing; nothing is sent
                arg_where = self.src.position(*self.src.span(arg_node))
                if option in INPUT_OPTIONS:
                    inputs.append((option, argument, arg_where, where))
                    continue
                member, how = OPTIONS[option]
                extra = []
                if how == LIST:  # nargs='+': the words up to the next option
                    while i < len(words) and not (
                        words[i][0].text.startswith("--") and not words[i][0].unknown
                    ):
                        extra.append(words[i])
                        i += 1
                parsed = self._argument(option, how, argument, arg_where, where, extra)
                if parsed is not None:
                    items.append((option, member, parsed[0], parsed[1], where))
        for option, argument, arg_where, where in inputs:
            self._cli_input(option, argument, arg_where, where)
        for option, member, value, located, where in items:
            if member in self.given:
                self.duplicates.append(
                    Duplicate((member,), self.given[member], where, reason=_cli_wins(option))
                )
            self.given[member] = where
            self.payload[member] = value
            self.members[member] = located
        start = self.src.position(*self.src.span(self.node.child_by_field_name("name")))
        source_map = CommandMap(start, self.members, self.src.lines)
        from .templates import unresolve_document

        doc = Document(self.path, self.kind, self.payload, source_map, duplicates=self.duplicates)
        from ..endpoint_configs import name_keys

        doc.refers_to = name_keys(doc.payload)
        self.found.documents.append((unresolve_document(doc), tuple(self.notes)))

    # --------------------------------------------------------------- arguments

    def _argument(self, option: str, how: str, argument: _Value, arg_where: Position, where: Position, extra):
        if argument.unknown:
            return Unresolved(f"{option}: {argument.unknown}"), _Member(where, arg_where)
        if how == STRING:
            return argument.text, _Member(where, arg_where)
        if extra:  # a list given as several words: shorthand, one item each
            return Unresolved(
                f"{option}: the AWS CLI's shorthand syntax, which smlint does not read"
            ), _Member(where, arg_where)
        text, relocation, pinned = self._text_of(option, argument, arg_where)
        if text is None:
            return relocation, _Member(where, arg_where)  # (an Unresolved: missing file)
        stripped = text.lstrip()
        if not stripped.startswith(("{", "[")):
            if stripped.startswith('"'):
                at = relocation.offsets[len(text) - len(stripped)] if relocation else None
                self._problem(
                    f"{option}: JSON members without the outer {{ }}: the AWS CLI reads a value that does "
                    "not start with { as its shorthand syntax and rejects this one; wrap the members in braces",
                    at,
                    arg_where,
                )
                return _said(option), _Member(where, arg_where)
            return Unresolved(
                f"{option}: the AWS CLI's shorthand syntax, which smlint does not read"
            ), _Member(where, arg_where)
        from .json import load_json

        parsed = load_json(text)
        if parsed.error is not None:
            self._json_problem(option, text, parsed.error, relocation, arg_where)
            return _said(option), _Member(where, arg_where)
        if not parsed.documents:
            return Unresolved(f"{option}: empty"), _Member(where, arg_where)
        composed = parsed.documents[0]
        inner = Relocated(composed.source_map, relocation) if relocation is not None else pinned
        member = OPTIONS[option][0]
        for dup in composed.duplicates:
            first, second = (
                (dup.first, dup.second)
                if pinned
                else (relocation.position(dup.first), relocation.position(dup.second))
            )
            self.duplicates.append(type(dup)((member,) + dup.path, first, second))
        return composed.value, _Member(where, arg_where, inner)

    def _text_of(self, option: str, argument: _Value, arg_where: Position):
        """(text, Relocation into the shell text or None, pinned map) of an argument: the
        argument itself, or the file a file:// argument names (then every position is the
        argument's)."""
        if argument.text.startswith(("file://", "fileb://")):
            name = argument.text.split("://", 1)[1]
            target = os.path.normpath(os.path.join(self.folder, os.path.expanduser(name)))
            text = self.read_file(target) if self.read_file else None
            self.found.dependencies.append(target)
            if text is None:
                return (
                    None,
                    Unresolved(f"{option}: {argument.text} is not there (smlint reads it from {target})"),
                    None,
                )
            member = OPTIONS[option][0] if option in OPTIONS else ""
            if member:
                self.notes.append((member, f"read from {argument.text}: {target}"))
            return text, None, _PinnedAt(arg_where)
        relocation = Relocation(
            argument.text,
            argument.offsets + [argument.offsets[-1] + 1 if argument.offsets else 0],
            self.src.lines,
        )
        return argument.text, relocation, None

    def _problem(self, message: str, offset, where: Position) -> None:
        line, column = self.src.lines.position(offset) if offset is not None else (where.line, where.column)
        self.found.problems.append((message, line, column))

    def _json_problem(self, option: str, text: str, error, relocation, arg_where: Position) -> None:
        message = error.message.replace("invalid JSON: ", "", 1)
        opened, closed = text.count("{"), text.count("}")
        if "ends too early" in message:
            message = "the JSON ends too early: " + (
                f"a closing }} is missing ({opened} {{ opened, {closed} closed)"
                if opened > closed
                else "a closing } or ] is missing"
            )
        message = f"{option}: invalid JSON: {message}"
        if relocation is None:
            self.found.problems.append((message, arg_where.line, arg_where.column))
            return
        line, column = relocation.point(relocation.offset(error.line, error.column))
        self.found.problems.append((message, line, column))

    def _cli_input(self, option: str, argument: _Value, arg_where: Position, where: Position) -> None:
        if argument.unknown:
            return  # every member may come from it: the ones the command line gives still count
        text, relocation, pinned = self._text_of(option, argument, arg_where)
        if text is None:
            return
        if INPUT_OPTIONS[option] == "json":
            from .json import load_json as load
        else:
            from .yaml import load_yaml as load
        parsed = load(text)
        if parsed.error is not None:
            if option == "--cli-input-json":
                self._json_problem(option, text, parsed.error, relocation, arg_where)
            else:
                message = f"{option}: {parsed.error.message}"
                if relocation is None:
                    self.found.problems.append((message, arg_where.line, arg_where.column))
                else:
                    line, column = relocation.point(relocation.offset(parsed.error.line, parsed.error.column))
                    self.found.problems.append((message, line, column))
            return
        if not parsed.documents or not isinstance(parsed.documents[0].value, dict):
            return
        composed = parsed.documents[0]
        inner = Relocated(composed.source_map, relocation) if relocation is not None else pinned
        for dup in composed.duplicates:
            first, second = (
                (dup.first, dup.second)
                if pinned
                else (relocation.position(dup.first), relocation.position(dup.second))
            )
            self.duplicates.append(type(dup)(dup.path, first, second))
        for key, value in composed.value.items():
            self.payload[key] = value
            self.members[key] = _Member(where, arg_where, inner, (key,))
            self.given.pop(key, None)


def _said(option: str) -> Unresolved:
    """The value of an argument that SM001 already reported: unknown to every rule."""
    return Unresolved(f"{option}: not valid JSON", invalid=True)


class _PinnedAt(SourceMap):
    """Every path at one place: a request read from a file:// target is told at the argument."""

    def __init__(self, where: Position):
        super().__init__(start=where)

    def resolve(self, path) -> Position:
        return self._start

    @property
    def start(self) -> Position:
        return self._start


def extract(text: str, path: str, depends_on=None, base: str | None = None, shown: str | None = None):
    """The requests of a shell text (a script, or the shell text of a Makefile, a CI step, a
    Markdown block) as an Extracted, positions in ``text``. ``depends_on(path)`` is told of
    every file:// target read; ``base``: the folder the commands run in, when it is not the
    file's own (a GitHub workflow's steps run at the repository's top)."""
    from .. import sources
    from .extracted import Extracted, Unit

    found = find_requests(text, path, _read_text, base, shown)
    for target in found.dependencies:
        if depends_on is not None:
            depends_on(target)
    return Extracted(
        units=[Unit(doc, notes=notes) for doc, notes in found.documents],
        problems=[sources.Problem(path, message, line, column) for message, line, column in found.problems],
    )


def _read_text(target: str) -> str | None:
    from .. import sources

    data = sources.read_bytes(target)
    if isinstance(data, sources.Problem):
        return None
    text = sources.decode(target, data)
    return None if isinstance(text, sources.Problem) else text


def comments(text: str) -> list:
    """(line, column, text) of every shell comment, as the parser reads them."""
    if "#" not in text:
        return []
    src = _Text(text)
    out = []
    stack = [parse(text).root_node]
    while stack:
        node = stack.pop()
        if node.type == "comment":
            start, end = src.span(node)
            out.append((*src.lines.position(start), text[start:end]))
        stack.extend(node.children)
    return sorted(out)


def is_shell_script(head: bytes) -> bool:
    """A file without an extension that starts with a shell's shebang (``#!/bin/bash``,
    ``#!/usr/bin/env sh``)."""
    if not head.startswith(b"#!"):
        return False
    words = head[2:].split(b"\n", 1)[0].split()
    if not words:
        return False
    program = words[0].rsplit(b"/", 1)[-1]
    if program == b"env" and len(words) > 1:
        program = next((w for w in words[1:] if not w.startswith(b"-")), b"")
    return program in (b"sh", b"bash", b"zsh", b"dash", b"ksh")
