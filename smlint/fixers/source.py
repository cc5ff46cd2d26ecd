"""One file's text as the fix builders read it: its syntax, offsets, parse trees made once,
and the small questions of layout (where a line starts and ends)."""

from __future__ import annotations

import ast
import json
import re

from ..fixes import Offsets

SYNTAX = {"json": "json", "yaml": "yaml", "python": "python", "notebook": "python", "terraform": "hcl"}


class Source:
    """One file's text as the edits see it."""

    def __init__(self, text: str, fmt: str):
        self.file_text = text
        self.cells = None  # notebook: (module text's Cells); edits are mapped into the JSON
        if fmt == "notebook":
            from ..readers.notebook import notebook_source

            text, self.cells = notebook_source(text)
        if fmt == "sniff":
            try:
                json.loads(text)
                fmt = "json"
            except ValueError:
                fmt = "yaml"
        self.text = text
        self.syntax = SYNTAX.get(fmt, "yaml")
        self.offsets = Offsets(text)
        self._python = None
        self._composed = None

    def python_tree(self):
        if self._python is None:
            self._python = ast.parse(self.text)
        return self._python

    def composed(self):
        """The node tree of every YAML document, for what the SourceMap does not keep (JSON's
        layout is read from its text: smlint.readers.json_spans)."""
        if self._composed is None:
            from ..readers.libyaml import compose_all

            self._composed = [n for n in compose_all(self.text) if n is not None]
        return self._composed


class Sources:
    """The Source of one file, made when a first finding proposes a fix."""

    def __init__(self, text: str, fmt: str):
        self._args = (text, fmt)
        self._source = None

    def get(self) -> Source | None:
        if self._source is None and self._args is not None:
            args, self._args = self._args, None
            try:
                self._source = Source(*args)
            except Exception:  # noqa: BLE001 - a text the edits cannot read gets no fixes
                self._source = None
        return self._source


def span(src: Source, position) -> tuple:
    return (
        src.offsets.offset(position.line, position.column),
        src.offsets.offset(position.end_line, position.end_column),
    )


def located(doc, path):
    locate = getattr(doc.source_map, "locate", None)
    return locate(path) if locate is not None else None


def column(src: Source, line: int, byte_col: int) -> int:
    text = src.text[src.offsets.starts[line - 1] :].split("\n", 1)[0]
    return len(text.encode("utf-8")[:byte_col].decode("utf-8", "ignore")) + 1


def node_start(src: Source, node) -> int:
    return src.offsets.offset(node.lineno, column(src, node.lineno, node.col_offset))


def node_end(src: Source, node) -> int:
    return src.offsets.offset(node.end_lineno, column(src, node.end_lineno, node.end_col_offset))


def newline(text: str) -> str:
    m = re.search(r"\r\n|\r|\n", text)
    return m.group(0) if m else "\n"


def line_start(text: str, at: int) -> int:
    return max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1


def line_end(text: str, at: int) -> int:
    """Just after the line break that ends the line of ``at`` (or the end of the text)."""
    m = re.compile(r"\r\n|\r|\n").search(text, at)
    return m.end() if m else len(text)


def skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t":
        at += 1
    return at
