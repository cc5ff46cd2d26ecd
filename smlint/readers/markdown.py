"""Markdown (``.md``, ``.markdown``, ``.mdx``): the code blocks of a document, each read as its
language.

markdown-it-py parses the document (CommonMark: fenced and indented blocks, inside lists and
blockquotes). A block is read by the reader of its language, named by the fence's info
string (``python``, ``pycon``, ``json``, ``yaml``, ``hcl``/``terraform``, ``sh``/``console``,
…) or, for a fence without one, sniffed from its text; its findings point into the ``.md``
file: the container's indentation (a list item's spaces, a blockquote's ``>``) and the
prompts of ``pycon``/``ipython``/``console`` blocks are taken off each line, and every
position is moved back once (smlint.readers.relocate). All blocks of one document are one
file for the endpoint-config context: a config in one block gives N to the request in the
next. A block that does not parse is a SM001 at its own position, and the other blocks are
still linted.

A Markdown file that never names a request key, call or command is not parsed at all.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from ..locations import LINE_END as _LINE_END
from ..locations import LineIndex
from .relocate import Relocation

EXTENSIONS = (".md", ".markdown", ".mdx")

# The info string's first word -> (reader format, prompt style)
LANGUAGES = {
    "python": ("python", ""),
    "py": ("python", ""),
    "python3": ("python", ""),
    "pycon": ("python", "pycon"),
    "python-console": ("python", "pycon"),
    "ipython": ("python", "ipython"),
    "ipython3": ("python", "ipython"),
    "json": ("json", ""),
    "jsonc": ("json", ""),
    "yaml": ("yaml", ""),
    "yml": ("yaml", ""),
    "hcl": ("terraform", ""),
    "terraform": ("terraform", ""),
    "tf": ("terraform", ""),
    "sh": ("shell", ""),
    "bash": ("shell", ""),
    "shell": ("shell", ""),
    "zsh": ("shell", ""),
    "console": ("shell", "console"),
    "shell-session": ("shell", "console"),
    "shellsession": ("shell", "console"),
    # CDK, CDKTF and Pulumi in TypeScript or JavaScript (smlint.readers.typescript)
    "typescript": ("typescript", ""),
    "ts": ("typescript", ""),
    "tsx": ("typescript", ""),
    "javascript": ("typescript", ""),
    "js": ("typescript", ""),
    "jsx": ("typescript", ""),
    "mjs": ("typescript", ""),
}


@dataclass
class Block:
    """One code block: its text as its reader reads it, and where that text came from."""

    info: str  # the info string as written ("" for an indented block or a bare fence)
    language: str  # the reader's format, or "" when smlint does not read this language
    text: str
    relocation: Relocation
    line: int  # the .md line of the block's first line of code

    @property
    def where(self) -> str:
        return f"code block at line {self.line}"


def mentions_ours(text: str) -> bool:
    """Cheap test on the document: does it name a request key, an SDK call, a CLI command or a
    Terraform endpoint anywhere?"""
    from . import code, shell
    from .detect import may_hold_request
    from .typescript import mentions as names_a_construct

    return (
        code.mentions_calls(text)
        or shell.mentions_cli(text)
        or "aws_sagemaker_endpoint" in text
        or names_a_construct(text)
        or may_hold_request(text)
    )


@cache
def _parser():
    from markdown_it import MarkdownIt

    # Block structure only: the inline rules (emphasis, links, …) are never needed.
    return MarkdownIt("commonmark").disable("inline")


def blocks(text: str) -> list:
    """Every fenced and indented code block of ``text``, in order."""
    starts = [0] + [m.end() for m in _LINE_END.finditer(text)]
    ends = [m.start() for m in _LINE_END.finditer(text)] + [len(text)]
    outer = LineIndex(text)
    out = []
    for token in _parser().parse(text):
        if token.type not in ("fence", "code_block") or not token.map:
            continue
        first = token.map[0] + (1 if token.type == "fence" else 0)
        info = token.info.strip() if token.type == "fence" else ""
        content = token.content
        lines = content.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        # each line of the content is the end of its source line (the container's prefix and
        # the fence's indentation are what markdown-it took off)
        offsets: list = []
        inner_lines = []
        for i, line in enumerate(lines):
            n = first + i
            if n >= len(starts):
                break
            source = text[starts[n] : ends[n]]
            shift = len(source) - len(line) if source.endswith(line) else max(source.find(line), 0)
            inner_lines.append(line)
            offsets.extend(range(starts[n] + shift, starts[n] + shift + len(line)))
            offsets.append(min(starts[n] + shift + len(line), len(text)))  # its line end
        inner = "\n".join(inner_lines) + ("\n" if inner_lines else "")
        if not inner_lines:
            offsets = [starts[min(first, len(starts) - 1)]]
        elif len(offsets) == len(inner):  # (the last line end is the text's end)
            offsets.append(offsets[-1])
        language, prompts = _language(info, inner)
        relocation = Relocation(inner, offsets, outer)
        if prompts:
            relocation = _strip_prompts(relocation, prompts)
        if language == "python":
            relocation = _dedent(relocation)
        out.append(Block(info, language, relocation.inner, relocation, first + 1))
    return out


def _language(info: str, text: str) -> tuple:
    """(reader format or "", prompt style or "") of a block."""
    word = info.split(None, 1)[0] if info else ""
    word = word.strip("{}.").split(",", 1)[0].lower()  # {.python}, {python title=…}
    if word.startswith("language-"):
        word = word[len("language-") :]
    if word in LANGUAGES:
        language, prompts = LANGUAGES[word]
    elif not word or word in ("text", "plain", "none"):
        language, prompts = _sniff(text), ""
    else:
        return "", ""
    body = text.lstrip()
    if language == "python" and not prompts and body.startswith(">>>"):
        prompts = "pycon"
    if language == "shell" and not prompts and body.startswith(("$ ", "% ")):
        prompts = "console"
    return language, prompts


def _sniff(text: str) -> str:
    """The language of a fence without one, from what it holds."""
    from . import code, shell
    from .detect import may_hold_request

    body = text.lstrip()
    if body.startswith(("{", "[")):
        return "json"
    if shell.mentions_cli(text) and "aws" in text:
        return "shell"
    if code.mentions_calls(text):
        return "python"
    if 'resource "aws_sagemaker' in text:
        return "terraform"
    return "yaml" if may_hold_request(text) else ""


# pycon: ">>> " and "... "; ipython: "In [3]: " and "   ...: "; console: "$ " and "% ".
_PROMPTS = {
    "pycon": re.compile(r">>> ?|\.\.\. ?(?=.)|\.\.\.$"),
    "ipython": re.compile(r"In \[\d*\]: ?|\s*\.\.\.: ?"),
    "console": re.compile(r"[$%] "),
}


def _strip_prompts(relocation: Relocation, style: str) -> Relocation:
    """The block without its prompts; the lines that are a command's output become empty."""
    prompt = _PROMPTS[style]
    text, offsets = relocation.inner, relocation.offsets
    out, kept = [], []
    pos = 0
    continuing = False  # a console command continued on the next line
    pending = ""  # console: the command so far, while the shell says it is not complete
    for line in text.split("\n"):
        end = pos + len(line)
        m = prompt.match(line)
        if m and style == "console" and not continuing:
            body_start = pos + m.end()
            pending = line[m.end() :]
        elif style == "console" and continuing:
            body_start = pos
            pending += "\n" + line
        elif m and style != "console":
            body_start = pos + m.end()
        else:
            body_start = end  # output: nothing of the line is code
        out.append(text[body_start:end])
        kept.extend(offsets[body_start:end])
        kept.append(offsets[end] if end < len(offsets) else offsets[-1])
        if style == "console":
            continuing = body_start < end and _incomplete(pending)
        pos = end + 1
    inner = "\n".join(out)
    kept = kept[: len(inner) + 1]
    while len(kept) < len(inner) + 1:
        kept.append(offsets[-1])
    return Relocation(inner, kept, relocation.outer)


def _incomplete(command: str) -> bool:
    """Does the shell need more lines to finish ``command`` (an open quote, a trailing \\)?"""
    if command.rstrip().endswith("\\"):
        return True
    from .shell import parse

    return parse(command).root_node.has_error


def _dedent(relocation: Relocation) -> Relocation:
    """A Python block indented as a whole (cut out of a function) at its own indentation."""
    text = relocation.inner
    lines = text.split("\n")
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    if not cut:
        return relocation
    out, kept, pos = [], [], 0
    for line in lines:
        take = min(cut, len(line) - len(line.lstrip(" ")))
        out.append(line[take:])
        kept.extend(relocation.offsets[pos + take : pos + len(line) + 1])
        pos += len(line) + 1
    inner = "\n".join(out)
    kept = kept[: len(inner) + 1]
    while len(kept) < len(inner) + 1:
        kept.append(relocation.offsets[-1])
    return Relocation(inner, kept, relocation.outer)


def _may_hold(block: Block) -> bool:
    """The cheap test of the block's own reader."""
    from . import may_hold

    return may_hold(block.text, block.language)


def extract(text: str, path: str, read_inner):
    """The requests and endpoint configs of every code block of ``text`` (Extracted), at their
    places in the Markdown file. ``read_inner(text, format) -> Extracted`` reads a block's
    text as ``format`` (the registry's reader of that format)."""
    from .extracted import Extracted
    from .relocate import relocate_extracted
    from .templates import unresolve_document

    found = Extracted()
    if not mentions_ours(text):
        return found  # (not even parsed)
    for block in blocks(text):
        if not block.language or not _may_hold(block):
            continue
        inner = read_inner(
            _shell_placeholders(block.text) if block.language == "shell" else block.text, block.language
        )
        if inner.problem is not None and block.language == "json" and _REFERENCE_SYNTAX.search(block.text):
            inner = _documentation_style(block, inner, read_inner)
        relocate_extracted(inner, block.relocation, path, block.where)
        for unit in inner.units:
            unit.document = unresolve_document(unit.document, documentation=True)
            unit.variants = tuple((c, unresolve_document(d, documentation=True)) for c, d in unit.variants)
        found.units.extend(inner.units)
        found.configs.extend(inner.configs)
        found.problems.extend(inner.problems)
        found.timed_out = found.timed_out or inner.timed_out
        if inner.problem is not None:
            found.problems.append(inner.problem)
    return found


# `<your-endpoint-name>` in a documented command: to the shell a redirection, to the reader a
# value to fill in. Written `{your-endpoint-name}` (same length, so no position moves), the
# shell reads one literal word and smlint a placeholder (smlint.readers.templates).
_ANGLE_PLACEHOLDER = re.compile(r"(?<![<\w$])<([A-Za-z][\w.:-]*)>(?![>&\w])")


def _shell_placeholders(text: str) -> str:
    return _ANGLE_PLACEHOLDER.sub(lambda m: "{" + m.group(1) + "}", text) if "<" in text else text


# What tells a reference page's request syntax from broken JSON (a trailing comma stays SM001)
_REFERENCE_SYNTAX = re.compile(
    r"""["']\s*\|\s*["']|^\s*(?:\.\.\.|\u2026),?\s*$|:\s*(?:string|number|integer|long|boolean|double|float|timestamp)\s*[,}\n]""",
    re.MULTILINE,
)


def _documentation_style(block: Block, inner, read_inner):
    """A JSON block that is not JSON but the request syntax of reference pages: choices
    ``"CANARY"|"LINEAR"``, bare ``integer``/``string``, a line ``...`` for more items. YAML's flow
    syntax reads such a block (bare words are strings there) once each choice list is one
    string (``"CANARY | LINEAR"``, the same length, so positions do not move); the
    placeholders are then unresolved. When YAML cannot read it either, JSON's error stands."""
    text = block.text.replace('"|"', " | ").replace("'|'", " | ").replace('" | "', "  |  ")
    # a line that is only "..." (more items like the one above) is left out
    text = "".join(
        " " * len(line.rstrip("\r\n")) + line[len(line.rstrip("\r\n")) :]
        if line.strip() in ("...", "\u2026", "...,")
        else line
        for line in text.splitlines(keepends=True)
    )
    retried = read_inner(text, "yaml")
    return inner if retried.problem is not None or retried.problems else retried


def comments(text: str) -> list:
    """(line, column, text) of the comments inside the code blocks, at their places in the
    Markdown file: the block's language's own comments (Python's tokens, YAML's, HCL's, the
    shell's); and the document's own HTML comments on lines of their own
    (``<!-- smlint: ignore-file[SM204] -->`` for a page that shows bad examples on purpose),
    read as the directive they hold."""
    from . import comments_of

    out = []
    for block in blocks(text):
        if block.language not in _HASH_COMMENTED or "#" not in block.text:
            continue
        relocation = block.relocation
        for line, column, comment, _ in comments_of(block.text, block.language)():
            out.append((*relocation.point(relocation.offset(line, column)), comment))
    return sorted(out + _html_comments(text))


# The blocks whose comments are read: the languages whose comments start with "#"
_HASH_COMMENTED = ("python", "yaml", "terraform", "shell")

_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)


def _html_comments(text: str) -> list:
    """The HTML comments of the document's HTML blocks, as markdown-it finds them."""
    if "<!--" not in text:
        return []
    starts = [0] + [m.end() for m in _LINE_END.finditer(text)]
    out = []
    for token in _parser().parse(text):
        if token.type != "html_block" or not token.map or "<!--" not in token.content:
            continue
        begin = starts[token.map[0]]
        end = starts[token.map[1]] if token.map[1] < len(starts) else len(text)
        for m in _HTML_COMMENT.finditer(text, begin, end):
            line = bisect_right(starts, m.start())
            column = m.start() - starts[line - 1] + 1
            out.append((line, column, "# " + " ".join(m.group(1).split())))
    return out


# --- the reader (smlint.readers) --------------------------------------------------------------

may_hold = mentions_ours


def read(text: str, path: str, context):
    """Every code block read as its language (through the registry) at its place in the file."""
    from . import read as read_as

    return extract(text, path, lambda inner, fmt: read_as(inner, path, fmt, context))
