"""What a shell word says: its text once the shell's quoting is undone ('…', "…", $'…', a
here-document given to ``cat``), or unknown where the shell would expand something
(``$VAR``, ``$(…)``) — tree-sitter-bash's nodes, read as the shell reads them."""

from __future__ import annotations

from ..locations import LineIndex, Position


class ShellText:
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


class WordValue:
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


def word_value(node, src: ShellText) -> WordValue:
    kind = node.type
    start, end = src.span(node)
    raw = src.text[start:end]
    shown = src.shown[start:end]
    if kind == "raw_string":  # '…': every character as written
        return WordValue(raw[1:-1], list(range(start + 1, end - 1)))
    if kind in ("word", "number"):
        return _unescape(raw, start, lambda ch: True)
    if kind == "string":
        return _double_quoted(node, src)
    if kind == "ansi_c_string":
        return _ansi_c(raw, start)
    if kind == "concatenation":
        out = WordValue()
        for child in node.children:
            part = word_value(child, src)
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
        return WordValue(unknown=_expanded(shown))
    return WordValue(unknown=f"`{_short(shown)}` is not a literal shell word")


def _expanded(shown: str) -> str:
    if shown.startswith("${{"):
        return f"`{_short(shown)}` is the CI system's expression, filled in when the step runs"
    return f"the shell expands `{_short(shown)}` when the command runs"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def _unescape(raw: str, start: int, escapes) -> WordValue:
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
    return WordValue("".join(out), offsets)


def _double_quoted(node, src: ShellText) -> WordValue:
    out = WordValue()
    start, end = src.span(node)
    cursor = start + 1  # past the opening quote
    for child in node.children:
        c_start, c_end = src.span(child)
        if child.type == '"':
            continue
        if child.type in _EXPANSIONS or child.type not in ("string_content",):
            part = word_value(child, src) if child.type == "command_substitution" else None
            if part is None or part.unknown:
                return part or WordValue(unknown=_expanded(src.shown[c_start:c_end]))
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


def _ansi_c(raw: str, start: int) -> WordValue:
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
                return WordValue(unknown="an ANSI-C escape smlint does not read")
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
    return WordValue("".join(out), offsets)


def _heredoc_cat(node, src: ShellText) -> WordValue | None:
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
        return WordValue(src.text[b_start:b_end], list(range(b_start, b_end)))
    for child in body.children:
        if child.type in _EXPANSIONS:
            return WordValue(unknown=_expanded(src.shown[slice(*src.span(child))]))
    return _unescape(src.text[b_start:b_end], b_start, "$`\\".__contains__)
