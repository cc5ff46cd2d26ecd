"""Readers: one file's text -> the requests and endpoint configs it holds.

Every input format is one module in this folder and one line in ``FORMATS`` below. A reader
module provides

    read(text, path, context) -> Extracted   the requests (Units), the endpoint configs, the
                                             comment tokens, the parse problems (SM001)
    may_hold(text) -> bool                   may this text hold a request? (a file too large
                                             or undecodable is SM001 only if it may)
    comments(text) -> list[Comment]          optional: its comment tokens, for suppressions
    may_hold_bytes(data) -> bool             optional: tested on the bytes, before decoding
    is_script(head) -> bool                  optional: does a file without an extension whose
                                             first bytes are ``head`` belong to this format?
    stored_positions(text, findings)         optional: the findings with where in the file
                                             their lines are stored (a notebook's JSON)

Readers of requests inside a JSON/YAML document (a CloudFormation template, a Kubernetes ACK
resource, a Terraform plan, a Step Functions definition) are listed in ``DOCUMENT_READERS``
and tried in one place, ``smlint.readers.documents``; each provides
``read_document(composed, path, context) -> Extracted | None`` (None: not its kind of
document). A reader of an embedded language (a Markdown fence, a notebook's cells, a CLI
argument) calls ``read`` here for the inner text and relocates positions once
(``smlint.readers.relocate``). A reader whose file cannot define an endpoint config may hand
its requests to the runner as it reads (``Context.lint_now``) instead of holding them.

Modules are imported on first use: a repository of files without requests never imports
the parsers. Nothing outside this registry decides by a file's format.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from functools import cache
from typing import Callable, NamedTuple


@dataclass(frozen=True)
class Format:
    name: str  # what the cache, the config and the tests call it
    module: str  # smlint.readers.<module>
    extensions: tuple = ()
    names: tuple = ()  # whole file names (lowercase): Makefile
    # the most bytes of such a file smlint reads (None: sources.MAX_FILE_BYTES). A notebook's
    # limit is on its code (smlint.readers.notebook.MAX_CODE_BYTES); its JSON, made large by
    # outputs (base64 images), is bounded here only for memory (json.loads: ~4 bytes a byte)
    max_bytes: int | None = None


# One line per format, in the order `smlint check` names them.
FORMATS = (
    Format("json", "json", (".json",)),
    Format("yaml", "yaml", (".yaml", ".yml")),
    Format("python", "code", (".py",)),
    Format("notebook", "notebook", (".ipynb",), max_bytes=64 * 1024 * 1024),
    Format("terraform", "terraform", (".tf",)),
    Format("markdown", "markdown", (".md", ".markdown", ".mdx")),
    Format("shell", "shell", (".sh", ".bash")),
    Format("makefile", "makefile", (".mk",), ("makefile", "gnumakefile")),
    # infrastructure code: CDK, CDKTF, Pulumi
    Format("typescript", "typescript", (".ts", ".tsx", ".js", ".mjs")),
    # --kind on a file of another extension (or standard input): JSON if it reads as JSON
    Format("sniff", "sniffed"),
)
DOCUMENT_READERS = ("cloudformation", "kubernetes_ack", "terraform_plan", "stepfunctions")

EXTENSIONS = {ext: f.name for f in FORMATS for ext in f.extensions}
NAMES = {name: f.name for f in FORMATS for name in f.names}
_MODULES = {f.name: f.module for f in FORMATS}
_MAX_BYTES = {f.name: f.max_bytes for f in FORMATS if f.max_bytes is not None}
SCRIPTS = ("shell",)  # formats whose reader has is_script: files without an extension


def format_of(path: str, head=None) -> str | None:
    """The format of the file ``path``: by its extension, its name (Makefile), or, for a file
    without an extension, what its first bytes say (a shell's shebang). ``head() -> bytes``
    reads them, only when needed."""
    name = os.path.basename(path)
    stem, ext = os.path.splitext(name)
    fmt = EXTENSIONS.get(ext.lower()) or NAMES.get(name.lower())
    if fmt is None and not ext and not stem.startswith(".") and head is not None:
        first = head()
        fmt = next((f for f in SCRIPTS if first and reader(f).is_script(first)), None)
    return fmt


def max_bytes(fmt: str | None) -> int | None:
    """The most bytes of a file of format ``fmt`` smlint reads, when the format says
    (else sources.MAX_FILE_BYTES applies)."""
    return _MAX_BYTES.get(fmt)


@cache
def reader(fmt: str):
    """The reader module of format ``fmt``."""
    return importlib.import_module(f"{__name__}.{_MODULES[fmt]}")


@cache
def document_readers() -> tuple:
    return tuple(importlib.import_module(f"{__name__}.{name}") for name in DOCUMENT_READERS)


class Comment(NamedTuple):
    """A comment token as the reader's language defines it."""

    line: int
    column: int  # of its first character, 1-based, in characters
    text: str
    cell: int | None = None  # a notebook's: ``line`` counts within this cell


@dataclass
class Context:
    """What a reader may use besides the text: given by the runner, one per file."""

    kind: str | None = None  # --kind: every document is read as this request kind
    var_files: tuple = ()  # Terraform: the config's var-files for this file's folder
    # what readers keep for the whole run, by reader (the Python modules evaluated once)
    run: dict = field(default_factory=dict)
    dependencies: list = field(default_factory=list)  # other files read (for the cache)
    # lint_now(Unit): the runner's, for the requests of the file itself. A reader may hand
    # each Unit to it as soon as it is built instead of holding it in Extracted.units, when
    # the file defines no endpoint config (then the context of its linting is complete): a
    # file is then never held whole. (None for a text a reader reads through ``read``: its
    # units are that reader's, to relocate.)
    lint_now: Callable | None = None

    def depends_on(self, path: str) -> None:
        """Called by a reader that reads ``path`` (or lists a folder) to read this file."""
        if path not in self.dependencies:
            self.dependencies.append(path)


def read(text: str, path: str, fmt: str, context: Context | None = None, lint_now=None):
    """The requests, endpoint configs and comments of ``text`` read as format ``fmt``;
    ``lint_now``: the runner's (Context.lint_now)."""
    context = context if context is not None else Context()
    outer, context.lint_now = context.lint_now, lint_now
    try:
        found = reader(fmt).read(text, path, context)
    finally:
        context.lint_now = outer
    if found.comments is None:
        found.comments = comments_of(text, fmt)
    found.dependencies = tuple(context.dependencies)
    return found


def may_hold(data, fmt: str) -> bool:
    """May ``data`` (text, or bytes as latin-1 text) hold a request of format ``fmt``?"""
    return reader(fmt).may_hold(data)


def may_hold_bytes(data: bytes, fmt: str) -> bool:
    """False when the bytes alone show that no request is there (not even decoded)."""
    quick = getattr(reader(fmt), "may_hold_bytes", None)
    return quick is None or quick(data)


def has_comments(fmt: str) -> bool:
    """Does format ``fmt`` have comments (a place for a suppression)? JSON has none."""
    return hasattr(reader(fmt), "comments")


def comments_of(text: str, fmt: str):
    """() -> the comment tokens of ``text`` (read only if asked for)."""
    module = reader(fmt)
    comments = getattr(module, "comments", None)
    if comments is None:
        return no_comments
    return lambda: [Comment(*c) for c in comments(text)]


def stores_positions(fmt: str) -> bool:
    return hasattr(reader(fmt), "stored_positions")


def stored_positions(text: str, fmt: str, findings: list) -> list:
    """The findings with the places in the file where their lines are stored, for formats
    whose findings are told in other terms (a notebook's cells)."""
    return reader(fmt).stored_positions(text, findings)


def no_comments() -> list:
    return []
