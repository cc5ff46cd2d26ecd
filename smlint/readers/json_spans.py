"""Where every field of a JSON text is written, read with the json module's own C scanner
(the scanner ``notebook_json.Walk`` sets up): for each field path, the span of its key (the
quotes included) and of its value (a collection's brackets, a string's quotes, a number's or
a literal's characters), as character offsets; and the keys written twice in one object.

One pass, linear in the text, with an explicit stack (never recursion); strings and numbers
are skipped by the scanner in C. The spans are the ones libyaml's marks gave when JSON was
composed as YAML, entered in the same order, a repeated key's overwriting the first's:
positions, fixes and duplicate-key findings stay as they were, without loading ruamel.
"""

from __future__ import annotations

from ..locations import LineIndex, Position, SourceMap
from .nodes import Duplicate
from .notebook_json import Walk


def spans(text: str, lines: LineIndex) -> tuple:
    """(path -> (key span or None, value span), duplicates) of the valid JSON ``text``; a
    span is a (start, end) pair of offsets. Raises ValueError (or IndexError) on what is not
    JSON."""
    walk = Walk(text)
    ws, string, scan, blank = walk._ws, walk._string, walk._scan, " \t\n\r"
    entries: dict = {}
    duplicates: list = []  # (path, first key span, second key span)
    # the open collections, innermost last: [start, path, key span, seen keys (None: an array), index]
    stack: list = []
    path, key, i = (), None, ws(text, 0).end()
    member = False  # whether a member of the innermost object (its key) starts at i
    while True:
        # (the whitespace regex runs only where there is whitespace: most of the time saved)
        if member:
            frame = stack[-1]
            if text[i] != '"':
                raise ValueError(i)
            name, end = string(text, i + 1)
            key, i = (i, end), end
            if text[i] != ":":
                i = ws(text, i).end()
                if text[i] != ":":
                    raise ValueError(i)
            i += 1
            if text[i] in blank:
                i = i + 1 if text[i] == " " and text[i + 1] not in blank else ws(text, i).end()
            path, seen = frame[1] + (name,), frame[3]
            if name in seen:  # the one before is the one json.loads drops
                duplicates.append((path, seen[name], key))
            seen[name] = key
        # a value starts at i: enter a collection, or step over a scalar
        char = text[i]
        if char == "{" or char == "[":
            start, i = i, i + 1
            if text[i] in blank:
                i = ws(text, i).end()
            if text[i] == ("}" if char == "{" else "]"):
                end = i + 1
                entries[path] = (key, (start, end))
            else:
                entries[path] = (key, None)  # (its place in the order: the end comes later)
                stack.append([start, path, key, {} if char == "{" else None, 0])
                member = char == "{"
                if not member:
                    path, key = path + (0,), None
                continue
        else:
            end = (string(text, i + 1) if char == '"' else scan(text, i))[1]
            entries[path] = (key, (i, end))
        # a value ends at end: the next item or member of the collection it is in, or the
        # end of that collection too
        while True:
            if not stack:
                if ws(text, end).end() != len(text):
                    raise ValueError(end)
                return entries, [
                    Duplicate(at, _position(first, lines), _position(second, lines))
                    for at, first, second in duplicates
                ]
            frame, i = stack[-1], end
            if text[i] in blank:
                i = ws(text, i).end()
            char = text[i]
            if char == ",":
                i += 1
                if text[i] in blank:
                    i = ws(text, i).end()
                member = frame[3] is not None
                if not member:
                    frame[4] += 1
                    path, key = frame[1] + (frame[4],), None
                break
            if char != ("]" if frame[3] is None else "}"):
                raise ValueError(i)
            end = i + 1
            stack.pop()
            entries[frame[1]] = (frame[2], (frame[0], end))


def _position(span: tuple, lines: LineIndex) -> Position:
    return Position(*lines.position(span[0]), *lines.position(span[1]))


class JsonSourceMap(SourceMap):
    """The SourceMap of a JSON text, filled on first use (most requests are clean: never
    walked at all). Valid JSON the walk still cannot read gives no positions: findings
    point at the start of the file."""

    def __init__(self, text: str, lines: LineIndex):
        super().__init__(lines=lines)
        self._text: str | None = text
        self.duplicates: list = []

    def fill(self) -> None:
        self._fill()

    def _fill(self) -> None:
        if self._text is None:
            return
        text, self._text = self._text, None
        try:
            self._entries, self.duplicates = spans(text, self.lines)
        except Exception:  # (json.loads read it: never expected, never a crash)
            return


def member_end(text: str, key_start: int) -> int | None:
    """Where the value ends of the object member whose key starts at ``key_start`` (None
    when no key starts there): what a fix that removes a member reads (smlint.fixers)."""
    walk = Walk(text)
    try:
        if text[key_start] != '"':
            return None
        colon = walk.skip(walk._string(text, key_start + 1)[1])
        if text[colon] != ":":
            return None
        return walk._scan(text, walk.skip(colon + 1))[1]
    except (ValueError, IndexError, RecursionError, StopIteration):
        return None


def last_member(text: str, start: int) -> tuple | None:
    """(where the key starts, where the value ends) of the last member of the object at
    ``start``; None when it is empty or no object starts there (smlint.fixers)."""
    walk, last = Walk(text), []

    def member(key: str, i: int) -> int:
        end = walk._scan(text, i)[1]
        last[:] = [walk.key_start, end]
        return end

    try:
        if text[start] != "{":
            return None
        walk.object(start, member)
    except (ValueError, IndexError, RecursionError, StopIteration):
        return None
    return tuple(last) if last else None
