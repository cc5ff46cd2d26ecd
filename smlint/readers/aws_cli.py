"""The AWS CLI's ``aws sagemaker update-endpoint|create-endpoint`` options -> the request
the CLI would send: each option's member and how its value is read (a string, the JSON of a
structure, a list, a boolean flag, a whole ``--cli-input-json``), where each member's
positions are, and an option given twice (SM002: argparse keeps the last one). The options
themselves are smlint.readers.aws_cli_options'; the shell's own syntax is
smlint.readers.shell's."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..locations import LineIndex, Position, SourceMap
from ..model import Document, Unresolved
from .aws_cli_options import (
    FLAGS,
    INPUT_OPTIONS,
    KNOWN,
    LIST,
    NOT_SENT,
    OPTIONS,
    STRING,
    abbreviated,
    misspelt_key,
)
from .relocate import Relocated, Relocation
from .shell_values import ShellText, WordValue


@dataclass
class Found:
    """What the commands of one shell text hold."""

    documents: list = field(default_factory=list)  # request Documents
    problems: list = field(default_factory=list)  # (message, offset): SM001 at that character
    dependencies: list = field(default_factory=list)  # file:// targets read


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
    return (
        f"the command gives it twice ({option} last), and the AWS CLI keeps the last one (argparse), silently"
    )


class Command:
    def __init__(
        self, src: ShellText, path: str, node, kind: str, words: list, read_file, found: Found, folder: str
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
            option = abbreviated(option)
            if option in NOT_SENT:
                return
            if option in FLAGS:
                member, flag = FLAGS[option]
                items.append((option, member, flag, _Member(where, where), where))
                continue
            misspelt = misspelt_key(option) if option.startswith("--") and option not in KNOWN else None
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
                    argument = WordValue(inline, value.offsets[written + 1 :])
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
        from ..model import name_keys

        doc.refers_to = name_keys(doc.payload)
        self.found.documents.append((unresolve_document(doc), tuple(self.notes)))

    # --------------------------------------------------------------- arguments

    def _argument(
        self, option: str, how: str, argument: WordValue, arg_where: Position, where: Position, extra
    ):
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

    def _text_of(self, option: str, argument: WordValue, arg_where: Position):
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

    def _cli_input(self, option: str, argument: WordValue, arg_where: Position, where: Position) -> None:
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
