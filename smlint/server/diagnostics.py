"""Findings as LSP diagnostics: positions, severity, rule links, related places.

smlint's positions are 1-based lines and columns counted in Unicode code points, lines broken
at LF, CRLF and a lone CR (what the LSP calls line ends too). The LSP's are 0-based, with
columns in the negotiated position encoding: UTF-16 code units unless the client and server
agreed on UTF-8 or UTF-32. ``Lines`` is the one place one becomes the other.
"""

from __future__ import annotations

import os
import re
from urllib.parse import unquote, urlparse

from lsprotocol import types

from . import linting

SOURCE = "smlint"
_LINE_END = re.compile(r"\r\n|\r|\n")
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def _units(text: str, encoding: str) -> int:
    """The length of ``text`` in the encoding's code units."""
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)  # (astral: a surrogate pair)


class Lines:
    """The lines of one text, to convert positions both ways."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16):
        self.text = text
        self.encoding = encoding
        self.starts = [0] + [m.end() for m in _LINE_END.finditer(text)]

    def line_text(self, index: int) -> str:
        """Line ``index`` (0-based) without its line end."""
        start = self.starts[index]
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def to_lsp(self, line: int, column: int) -> types.Position:
        """smlint's (line, column) -> an LSP Position; past the text's end, its end."""
        if line < 1:
            return types.Position(0, 0)
        if line > len(self.starts):
            last = len(self.starts) - 1
            return types.Position(last, _units(self.line_text(last), self.encoding))
        text = self.line_text(line - 1)
        return types.Position(line - 1, _units(text[: max(0, column - 1)], self.encoding))

    def range(self, line: int, column: int, end_line: int, end_column: int) -> types.Range:
        start, end = self.to_lsp(line, column), self.to_lsp(end_line, end_column)
        if (end.line, end.character) < (start.line, start.character):
            end = start
        return types.Range(start, end)

    def from_lsp(self, position: types.Position) -> tuple:
        """An LSP Position -> smlint's (line, column)."""
        index = min(max(position.line, 0), len(self.starts) - 1)
        text = self.line_text(index)
        units = 0
        for i, ch in enumerate(text):
            if units >= position.character:
                return index + 1, i + 1
            units += _units(ch, self.encoding)
        return index + 1, len(text) + 1

    def offset(self, position: types.Position) -> int:
        line, column = self.from_lsp(position)
        return self.starts[line - 1] + column - 1


def path_of(uri: str) -> str | None:
    """The file an URI names (only file: URIs: smlint reads files by their names)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and path.startswith("/") and len(path) > 2 and path[2] == ":":
        path = path[1:]
    return os.path.abspath(path)


def uri_of(path: str) -> str:
    from pathlib import Path

    return Path(os.path.abspath(path)).as_uri()


def diagnostic(f, lines: Lines, index: int, related=(), rule=None) -> types.Diagnostic:
    """One finding (``index``: its place in the document's list, kept in ``data`` so a code
    action finds the finding again)."""
    line, column, end_line, end_column = linting.stored(f)
    info = [
        types.DiagnosticRelatedInformation(
            types.Location(uri_of(path), types.Range(types.Position(n - 1, 0), types.Position(n - 1, 0))),
            message,
        )
        for path, n, message in related
    ]
    href = rule.href if rule is not None else None
    return types.Diagnostic(
        range=lines.range(line, column, end_line, end_column),
        message=linting.located_message(f) + (f"\nhelp: {f.help}" if f.help else ""),  # (as the text output)
        severity=_SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
        code=f.rule,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        related_information=info or None,
        data={"index": index},
    )


def diagnostics(outcome, lines: Lines) -> list:
    return [
        diagnostic(f, lines, i, outcome.related.get(i, ()), outcome.rules.get(f.rule))
        for i, f in enumerate(outcome.findings)
    ]


def config_diagnostic(problem, text: str | None) -> types.Diagnostic:
    """A config file that cannot be used, at its line (the whole line)."""
    lines = Lines(text or "")
    start = lines.to_lsp(problem.line, 1)
    end = types.Position(start.line, _units(lines.line_text(start.line), lines.encoding)) if text else start
    return types.Diagnostic(
        range=types.Range(start, end),
        message=problem.message,
        severity=types.DiagnosticSeverity.Error,
        code="config",
        source=SOURCE,
    )
