"""Input-derived strings as each output format may hold them: one function per format.

A file name, a key, a value, a Parameter or endpoint-config name comes from the files
linted, so it may hold a newline, an ANSI escape or a bidi control. Written raw, it would
start a line that parses as a finding smlint never made (``x.json:1:1: SM999 [error] …``),
redraw the terminal, or issue a GitHub workflow command. Every formatter passes such
strings through the function of its format here, and nowhere else.
"""

from __future__ import annotations

import json
import re
from functools import cache

# Characters that end a line for some reader (str.splitlines, editors, terminals) or
# control a terminal: C0 and DEL, C1 (NEL among them), U+2028/U+2029, and the bidi
# controls that reorder what is shown (Trojan Source, CVE-2021-42574).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# ``path:12:3:`` must stay the first ``:digits:digits:`` of a text line, which is how the
# README's VS Code, Neovim and Emacs patterns split it: a ``:`` before a digit in the file
# name is escaped.
_COLON_DIGIT = re.compile(r":(?=[0-9])")


# A lone surrogate cannot be written as UTF-8: an OS file name's undecodable byte
# (surrogateescape) or a JSON ``\\ud800`` escape.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _shown(match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def text(value) -> str:
    """One piece of one line for a terminal or a log: controls shown as escapes
    (``\\n``, ``\\x1b``, ``\\u2028``); non-UTF-8 bytes of a file name as U+FFFD."""
    return _CONTROL.sub(_shown, _SURROGATE.sub("\ufffd", str(value)))


def path(value: str) -> str:
    """A file name at the start of a ``path:line:col:`` line."""
    return _COLON_DIGIT.sub(r"\\x3a", text(value))


# A findings line as the README's editor patterns read it (VS Code's, the loosest).
_FINDING_LINE = re.compile(r"^(.+?):(\d+):(\d+): ([A-Z][A-Z0-9]*\d{3}) \[(error|warning|info)\] ")


def prose(line: str) -> str:
    """A line of text output that is not a finding (``smlint plan``) and holds names from the
    file: controls escaped, and should a name make it read as a finding
    (``…cfg x.json:1:1: SM999 [error] …``), its ``:`` before digits escaped too."""
    line = text(line)
    found = _FINDING_LINE.match(line)
    if found is None or _OWN_PLACE.fullmatch(found.group(1)):
        return line  # (smlint's own ``    cell 8:9:9: SM209 …`` lines of a plan's problems)
    return _COLON_DIGIT.sub(r"\\x3a", line)


# The place a plan's problem line starts with: indentation, and a notebook's cell.
_OWN_PLACE = re.compile(r"\s*(cell \d+)?")


def github_data(value) -> str:
    """A workflow command's message: ``%``, CR and LF encoded as the runner decodes them
    (a command can only start a line), every other control shown as text."""
    return text(str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def github_property(value) -> str:
    """A workflow command's property value: as data, and ``:`` and ``,`` that would end it."""
    return github_data(value).replace(":", "%3A").replace(",", "%2C")


@cache
def _not_xml():
    """Characters XML 1.0 cannot hold at all, even escaped (most C0 controls, lone surrogates,
    U+FFFE/U+FFFF). Compiled on first use: the class is 8 ms of a one-file run's start-up."""
    return re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml(value) -> str:
    """Text for an XML attribute or element (ElementTree then encodes ``<&"``): controls
    shown as escapes, so a report holds no raw control character; what XML cannot hold as
    U+FFFD."""
    return _not_xml().sub("\ufffd", text(value))


# JSON may hold these raw inside a string; a terminal or a JavaScript consumer would not.
_JSON_RAW = re.compile(
    "[\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


def json_text(data, **options) -> str:
    """``json.dumps`` with no raw control character in the result: C0 is escaped by json
    itself; DEL, C1, U+2028/2029, bidi controls and lone surrogates as ``\\uXXXX`` too
    (they can only stand inside strings, so the document still decodes to the same values)."""
    dumped = json.dumps(data, ensure_ascii=False, **options)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
