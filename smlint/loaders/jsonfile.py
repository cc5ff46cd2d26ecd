"""JSON: ``json.loads`` decides syntax and values; ruamel's composer, run on the same text,
gives the positions (JSON is YAML 1.2 flow syntax once tabs, which YAML forbids as
indentation, are replaced by spaces: same length, so columns do not move).

Positions are composed only when first asked for: a clean request (most of them) is never
composed at all. Duplicate keys are noticed during json.loads, and only then is the text
composed up front to locate them.
"""

from __future__ import annotations

import json

from ..model import SourceMap
from . import Parsed, yaml_parser
from .nodes import Composed, LoadError, MAX_DEPTH, check_depth, compose_tree


class _LazySourceMap(SourceMap):
    def __init__(self, spaced: str):
        super().__init__()
        self._spaced = spaced
        self._composed: Composed | None = None

    def composed(self) -> Composed | None:
        if self._spaced is not None:
            spaced, self._spaced = self._spaced, None
            try:
                self._composed = compose_tree(yaml_parser().compose(spaced), build_values=False)
            except Exception:
                # Valid JSON that YAML cannot read (keys over 1024 characters): the values
                # are right, positions fall back to the start of the file.
                self._composed = None
            if self._composed is not None:
                self.spans = self._composed.source_map.spans
                self.start = self._composed.source_map.start
        return self._composed

    def resolve(self, path):
        self.composed()
        return super().resolve(path)

    def prefixed(self, prefix):
        self.composed()
        return super().prefixed(prefix)


def _has_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise _Duplicated
    return dict(pairs)


class _Duplicated(Exception):
    pass


def load_json(text: str) -> Parsed:
    if not text.strip():
        return Parsed()  # an empty file holds no request
    yaml = yaml_parser()
    spaced = text.replace("\t", " ")
    try:
        check_depth(yaml, spaced)
    except LoadError as exc:
        return Parsed(error=exc)
    except Exception:
        pass  # not YAML-readable: json.loads below has the last word on syntax
    duplicated = False
    try:
        try:
            value = json.loads(text, object_pairs_hook=_has_duplicates)
        except _Duplicated:
            duplicated = True
            value = json.loads(text)  # last value wins, as every JSON reader does
    except json.JSONDecodeError as exc:
        return Parsed(error=_syntax_error(text, exc))
    except RecursionError:
        return Parsed(error=LoadError(f"invalid JSON: nesting deeper than {MAX_DEPTH} levels"))
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        return Parsed(error=LoadError(f"invalid JSON: {exc}"))
    source_map = _LazySourceMap(spaced)
    duplicates = []
    if duplicated:
        composed = source_map.composed()
        duplicates = composed.duplicates if composed else []
    return Parsed([Composed(value, source_map, duplicates)])


def _at(text: str, pos: int, message: str) -> LoadError:
    line = text.count("\n", 0, pos) + 1
    return LoadError(message, line, pos - (text.rfind("\n", 0, pos) + 1) + 1)


def _syntax_error(text: str, exc: json.JSONDecodeError) -> LoadError:
    """json's message, reworded where it misleads for the common hand-editing mistakes."""
    pos, msg = exc.pos, exc.msg
    if pos >= len(text.rstrip()):
        return _at(text, len(text.rstrip()), "invalid JSON: the file ends too early: a closing } or ] is missing")
    char = text[pos]
    before = text[:pos].rstrip()
    if char in "}]" and before.endswith(","):
        return _at(text, len(before) - 1, f"invalid JSON: trailing comma before {char}: JSON allows none, remove it")
    if msg.startswith("Expecting property name") and char == "'":
        return _at(text, pos, "invalid JSON: keys need double quotes, not single quotes")
    if msg.startswith("Expecting property name"):
        return _at(text, pos, "invalid JSON: keys need double quotes")
    if msg == "Expecting value" and char == "'":
        return _at(text, pos, "invalid JSON: strings need double quotes, not single quotes")
    if msg == "Expecting ',' delimiter" and char == '"':
        return _at(text, pos, "invalid JSON: a comma is missing before this member")
    return _at(text, pos, f"invalid JSON: {msg}")
