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
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .aws_cli import Found


WORDS = ("update-endpoint", "create-endpoint")


_WORD_BYTES = tuple(w.encode() for w in WORDS)


def mentions_cli(content) -> bool:
    """Cheap test before any parsing: the text names one of the two operations."""
    words = _WORD_BYTES if isinstance(content, bytes) else WORDS
    return any(word in content for word in words)


@cache
def parser():
    import tree_sitter_bash
    from tree_sitter import Language, Parser

    return Parser(Language(tree_sitter_bash.language()))


def parse(text: str):
    return parser().parse(text.encode("utf-8", "surrogatepass"))


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
    from .aws_cli import Command, Found  # (imported once a text names a command of ours)
    from .aws_cli_options import operation
    from .shell_values import ShellText, word_value

    found = Found()
    if not mentions_cli(text):
        return found
    src = ShellText(text, shown)
    tree = parse(text)
    for command in commands(tree):
        parts = _arguments(command)
        if parts is None:
            continue
        name, args = parts
        if src.text[slice(*src.span(name))].rsplit("/", 1)[-1] != "aws":
            continue
        words = [(word_value(a, src), a) for a in args]
        found_operation = operation(words)
        if found_operation is None:
            continue
        index, kind = found_operation
        folder = os.path.dirname(path) if base is None else base
        Command(src, path, command, kind, words[index + 1 :], read_file, found, folder).build()
    return found


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
    from .shell_values import ShellText

    src = ShellText(text)
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


is_script = is_shell_script


def may_hold(content) -> bool:
    """A command of ours, or a request's JSON in a here-document or a variable."""
    from .detect import may_hold_request

    return mentions_cli(content) or may_hold_request(content)


def read(text: str, path: str, context):
    return extract(text, path, context.depends_on)
