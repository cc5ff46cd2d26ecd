"""JSON: ``json.loads`` decides syntax and values; the json module's own scanner, run again
over the same text, gives the positions (smlint.readers.json_spans): ruamel is not loaded.

Positions are found only when first asked for: a clean request (most of them) is never
walked at all. Duplicate keys are noticed during json.loads, and only then is the text
walked up front to locate them. Only nesting past the limit, a rare error, is located on
libyaml's event stream (JSON is YAML 1.2 flow syntax once ``_for_yaml`` has replaced what
YAML reads otherwise by as many characters).
"""

from __future__ import annotations

import json
import re

from ..locations import LineIndex
from . import no_comments
from .detect import may_hold_request as may_hold  # noqa: F401 - the reader contract (smlint.readers)
from .documents import read_parsed, worth_parsing
from .extracted import Extracted
from .json_spans import JsonSourceMap
from .nodes import (
    MAX_DEPTH,
    MAX_INT_DIGITS,
    Composed,
    LoadError,
    Parsed,
    check_depth,
    too_long,
)

_LONG_INTEGER = re.compile(r"-?\d{%d,}" % (MAX_INT_DIGITS + 1))


def _has_duplicates(pairs):
    value = dict(pairs)
    if len(value) != len(pairs):  # (a key written twice counts once)
        raise _Duplicated
    return value


class _Duplicated(Exception):
    pass


# One decoder for every file (json.loads with a hook makes a decoder and its scanner per
# call); it keeps no state between texts.
_DECODER = json.JSONDecoder(object_pairs_hook=_has_duplicates)


def _decoded(text: str):
    if text.startswith("\ufeff"):  # (json.loads says so in its own words; its decoder does not look)
        return json.loads(text, object_pairs_hook=_has_duplicates)
    return _DECODER.decode(text)


# Valid JSON that libyaml refuses or reads differently, each replaced by as many characters
# (read as YAML only to locate nesting past the limit: offsets must not move): tabs, which YAML
# forbids as indentation; characters YAML calls unprintable (DEL, C1 controls, U+FFFE/F) and
# the line breaks only YAML knows (NEL, LS, PS), all legal raw inside JSON strings; and
# surrogate escapes such as json.dumps writes for an emoji (\ud83d\ude00). Positions are
# computed from character offsets in the original text, so only the lengths must match.
_NOT_FOR_YAML = re.compile(r"[\t\x7f-\x9f\u2028\u2029\ufffe\uffff]|\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


# A line break between a key and its colon is fine in JSON; a YAML flow key must stay on one line.
# (blanks, then the first line break, then any whitespace: one way to match, so linear; two
# stars over the same class would try every split, quadratic in a run of newlines)
_BROKEN_KEY = re.compile(r'(?<=")[ \t]*[\r\n][ \t\r\n]*(?=:)')


def _for_yaml(text: str) -> str:
    text = _NOT_FOR_YAML.sub(lambda m: " " if len(m.group()) == 1 else r"\u0020", text)
    return _BROKEN_KEY.sub(lambda m: " " * len(m.group()), text)


def load_json(text: str) -> Parsed:
    if not text.strip():
        return Parsed()  # an empty file holds no request
    lines = LineIndex(text)
    duplicated = False
    try:
        try:
            value = _decoded(text)
        except _Duplicated:
            duplicated = True  # last value wins, as every JSON reader does
            value = json.loads(text)
    except json.JSONDecodeError as exc:
        return Parsed(error=_syntax_error(text, exc, lines))
    except RecursionError:
        return Parsed(error=_too_deep(text, lines))
    except ValueError:  # an integer of more than Python's 4300 digits
        match = _LONG_INTEGER.search(text)
        digits = len(match.group().lstrip("-")) if match else MAX_INT_DIGITS + 1
        return Parsed(error=LoadError(too_long(digits), *lines.position(match.start() if match else 0)))
    # (fewer brackets than the limit cannot nest deeper than it: most files skip the walk)
    if text.count("{") + text.count("[") > MAX_DEPTH and _depth(value) > MAX_DEPTH:
        return Parsed(error=_too_deep(text, lines))
    source_map = JsonSourceMap(text, lines)
    duplicates = []
    if duplicated:  # rare: walk now to say where both keys are
        source_map.fill()
        duplicates = source_map.duplicates
    return Parsed([Composed(value, source_map, duplicates)])


def _depth(value) -> int:
    """How deeply ``value`` nests (iteratively: the point is not to recurse)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                stack.extend(
                    (child, depth + 1) for child in (item.values() if isinstance(item, dict) else item)
                )
    return deepest


def _too_deep(text: str, lines: LineIndex) -> LoadError:
    """Where the nesting passes the limit, found on libyaml's event stream."""
    try:
        check_depth(_for_yaml(text), lines)
    except LoadError as exc:
        return exc
    except Exception:
        pass
    return LoadError(f"invalid JSON: nesting deeper than {MAX_DEPTH} levels")


def _syntax_error(text: str, exc: json.JSONDecodeError, lines: LineIndex) -> LoadError:
    """json's message, reworded where it misleads for the common hand-editing mistakes."""
    pos, msg = exc.pos, exc.msg

    def _at(_text, offset, message):
        return LoadError(message, *lines.position(offset))

    if pos >= len(text.rstrip()):
        return _at(
            text, len(text.rstrip()), "invalid JSON: the file ends too early: a closing } or ] is missing"
        )
    char = text[pos]
    before = text[:pos].rstrip()
    if text.startswith(("//", "/*", "#"), pos):
        return _at(text, pos, "invalid JSON: JSON has no comments: remove it, or write the request as YAML")
    if msg == "Extra data" and text.lstrip().startswith('"'):
        return _at(
            text, pos, "invalid JSON: members without the enclosing { }: wrap the whole text in braces"
        )
    if msg == "Extra data":
        return _at(text, pos, "invalid JSON: more text after the end of the JSON value")
    if char in "}]" and before.endswith(","):
        return _at(
            text, len(before) - 1, f"invalid JSON: trailing comma before {char}: JSON allows none, remove it"
        )
    if msg.startswith("Expecting property name") and char == "'":
        return _at(text, pos, "invalid JSON: keys need double quotes, not single quotes")
    if msg.startswith("Expecting property name"):
        return _at(text, pos, "invalid JSON: keys need double quotes")
    if msg == "Expecting value" and char == "'":
        return _at(text, pos, "invalid JSON: strings need double quotes, not single quotes")
    if msg == "Expecting ',' delimiter" and char == '"':
        return _at(text, pos, "invalid JSON: a comma is missing before this member")
    return _at(text, pos, f"invalid JSON: {msg}")


def read(text: str, path: str, context):
    """The requests and endpoint configs of a JSON file (smlint.readers.documents). JSON has
    no comments."""
    if not worth_parsing(text, context):
        return Extracted(comments=no_comments)
    found = read_parsed(load_json(text), text, path, context)
    found.comments = no_comments
    return found
