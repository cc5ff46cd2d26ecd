"""ruamel.yaml node trees -> plain data + SourceMap, for YAML (JSON is walked by its own
scanner: smlint.readers.json_spans), and the limits and results both readers share.

ruamel's C composer gives every node its start and end mark. We walk the composed tree once
and record, for every field path, the span of its key and of its value. The walk is where
the input limits are enforced: alias expansion (nodes are shared, so a "billion laughs"
document composes small but would expand exponentially) and nesting depth (the C composer
recurses and can overflow the C stack, so depth is checked on the event stream first).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..locations import LineIndex, Position, SourceMap
from ..model import Unresolved

MAX_DEPTH = 200  # a request nests 7 levels; CloudFormation templates about 20
MAX_VALUES = 100_000  # values after alias expansion, per document
MAX_INT_DIGITS = 4300  # Python's own limit for reading and printing decimal integers

_CORE = "tag:yaml.org,2002:"


class Tagged(Unresolved):
    """A value under a tag no core schema knows (CloudFormation's ``!Ref X``): unknown to the
    rules, but its tag and plain value are kept for the readers of templates."""

    __slots__ = ("tag", "value")

    def __init__(self, tag: str, value):
        super().__init__(f"YAML tag {tag}")
        self.tag = tag
        self.value = value


class LoadError(Exception):
    """The text cannot be read as data: reported as SM001 at ``line``/``column`` (1-based)."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class OverBudget(LoadError):
    """A document past the value budget (aliases, merges): an SM001 at its place, and the
    file's other documents are read all the same."""


@dataclass(frozen=True)
class Duplicate:
    """A key seen twice in one mapping: ``first`` is the one the parser ignores."""

    path: tuple
    first: Position
    second: Position
    # what happens to the two, when not the readers' usual "the last is kept" (a CLI option)
    reason: str = ""


@dataclass
class Composed:
    value: object
    source_map: SourceMap
    duplicates: list = field(default_factory=list)


@dataclass
class Parsed:
    """A JSON or YAML file: its documents, or the error that keeps it from being read."""

    documents: list = field(default_factory=list)  # list[Composed]
    error: LoadError | None = None
    # documents past a budget (alias expansion), each an SM001 at its place: the file's other
    # documents are read all the same
    cut: list = field(default_factory=list)  # list[OverBudget]


def span(node, lines: LineIndex) -> Position:
    s, e = node.start_mark, node.end_mark
    return Position(*lines.position(s.index), *lines.position(e.index))


_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r\n]|$)", re.MULTILINE)


def could_nest_deeper_than(text: str, limit: int) -> bool:
    """Cheap upper bound, so that the event pre-pass runs only where the depth could be
    reached. Every flow collection opens with ``[`` or ``{``; a block collection nested in
    another starts at a greater column, or at the same column (a sequence as a mapping's
    value) and then the next level deeper does: block nesting is at most twice the longest
    line, plus one. Both are counted per document (a line starting ``---`` or ``...`` always
    ends one, even inside a scalar), since 50,000 three-line documents with a ``{}`` each are
    as shallow as one."""
    if sum(text.count(ch) for ch in "[{-:?") < limit:  # (each collection opens with one)
        return False
    block = 2 * (max(map(len, text.split("\n"))) + 2)
    if block >= limit:
        return True
    start = 0
    for marker in _DOCUMENT_MARKER.finditer(text):
        if text.count("[", start, marker.start()) + text.count("{", start, marker.start()) + block >= limit:
            return True
        start = marker.start()
    return text.count("[", start) + text.count("{", start) + block >= limit


def check_depth(text: str, lines: LineIndex, limit: int = MAX_DEPTH, parse=None) -> None:
    """Walk the parser's events (libyaml keeps its own stack, so this never recurses) and
    refuse a document nested deeper than ``limit`` before the recursive composer sees it.
    ``parse``: text -> events, when not libyaml's (the pure-Python parser's)."""
    if not could_nest_deeper_than(text, limit):
        return
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

    if parse is None:
        from .libyaml import events as parse

    depth = 0
    for event in parse(text):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > limit:
                raise LoadError(
                    f"nesting deeper than {limit} levels; smlint stops here",
                    *lines.position(event.start_mark.index),
                )
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


class Walker:
    """One pass over a node tree: plain values, duplicate keys, and (when ``record``) the
    span of every field."""

    def __init__(self, lines: LineIndex, record: bool, budget: bool = True):
        self.lines = lines
        self.source_map = SourceMap(lines=lines) if record else None
        self.duplicates: list[Duplicate] = []
        # Alias expansion is YAML's: JSON, already read whole by json.loads, has no budget.
        self.budget = MAX_VALUES if budget else float("inf")
        self.open: set = set()  # collections being walked: an alias to one of them loops
        self._merges: dict = {}  # (id(mapping node), depth) -> its merged (values, costs)
        self._merging: set = set()

    def walk(self, node, path: tuple, key_node):
        if len(path) > MAX_DEPTH:  # through aliases a document nests deeper than its text
            raise LoadError(
                f"nesting deeper than {MAX_DEPTH} levels; smlint stops here",
                *self.lines.position((key_node or node).start_mark.index),
            )
        if node.id != "scalar":
            if id(node) in self.open:
                where = key_node or node
                raise LoadError(
                    "a YAML alias here refers to a collection that contains it (a recursive "
                    "structure, which no request can be)",
                    *self.lines.position(where.start_mark.index),
                )
            self.open.add(id(node))
            try:
                return self._walk(node, path, key_node)
            finally:
                self.open.discard(id(node))
        return self._walk(node, path, key_node)

    def _walk(self, node, path: tuple, key_node):
        self.budget -= 1
        if self.budget < 0:
            raise OverBudget(
                f"document expands to more than {MAX_VALUES} values (YAML aliases nested too deep?)",
                *self.lines.position(node.start_mark.index),
            )
        if self.source_map is not None:
            self.source_map.add(path, key_node, node)
        tag = _tag(node)
        node_id = node.id
        if node_id == "mapping":
            if tag != _CORE + "map":
                return Tagged(tag, self._walk_children_only(node, path))
            return self._mapping(node, path)
        if node_id == "sequence":
            items = [self.walk(child, path + (i,), None) for i, child in enumerate(node.value)]
            if tag != _CORE + "seq":
                return Tagged(tag, items)
            return items
        return scalar(node, tag, self.lines)

    def _walk_children_only(self, node, path) -> dict:
        # A tagged mapping (CloudFormation's `!If {...}` style) is unknown as a whole, but its
        # parts still have values and positions for the readers of templates.
        return {
            _key_text(key_node): self.walk(value_node, path + (_key_text(key_node),), key_node)
            for key_node, value_node in node.value
        }

    def _mapping(self, node, path):
        return self._sized_mapping(node, path)[0]

    def _sized_mapping(self, node, path) -> tuple:
        """(the mapping's value, each key's cost in values): the cost, so that a merge of it
        elsewhere is charged what it adds."""
        out: dict = {}
        costs: dict = {}
        seen: dict = {}
        merged: list = []
        for key_node, value_node in node.value:
            if key_node.value == "<<" and _tag(key_node) == _CORE + "merge":
                merged.append(value_node)
                continue
            key = _key_text(key_node)
            if key in seen:
                self.duplicates.append(
                    Duplicate(path + (key,), span(seen[key], self.lines), span(key_node, self.lines))
                )
            seen[key] = key_node
            before = self.budget
            out[key] = self.walk(value_node, path + (key,), key_node)
            costs[key] = before - self.budget
        # YAML merge keys (`<<: *base`): explicit keys win, earlier merges win over later
        # ones, and a merged mapping's own merges count (it is built like any mapping).
        for source in merged:
            for mapping in source.value if source.id == "sequence" else [source]:
                if mapping.id != "mapping":
                    continue
                values, sizes = self._merged(mapping, path)
                direct = None
                for key, value in values.items():
                    if key in out:
                        continue
                    self._spend(sizes[key], mapping)  # merged values count as aliases' do
                    out[key] = value
                    costs[key] = sizes[key]
                    if self.source_map is not None:  # where the merged key was written
                        if direct is None:
                            direct = {_key_text(k): (k, v) for k, v in mapping.value}
                        if key in direct:
                            key_node, value_node = direct[key]
                            self.walk(value_node, path + (key,), key_node)
        return out, costs

    def _merged(self, mapping, path) -> tuple:
        """A merged mapping's (values, costs), built once per mapping and depth: `<<: [*b, *b]`
        thirty levels deep is 2^30 merges when each is built anew, thirty when kept (the
        values are shared, as an alias's are, and charged to the budget where merged)."""
        key = (id(mapping), len(path))
        done = self._merges.get(key)
        if done is not None:
            return done
        if key in self._merging:
            raise LoadError(
                "a YAML merge here refers to the mapping that contains it (a recursive "
                "structure, which no request can be)",
                *self.lines.position(mapping.start_mark.index),
            )
        self._merging.add(key)
        recorder, self.source_map = self.source_map, None  # values only: the keys written
        budget = self.budget  # here keep their own positions; charged where merged
        try:
            done = self._sized_mapping(mapping, path)
        finally:
            self.source_map = recorder
            self.budget = budget
            self._merging.discard(key)
        self._merges[key] = done
        return done

    def _spend(self, values: int, node) -> None:
        self.budget -= values
        if self.budget < 0:
            raise OverBudget(
                f"document expands to more than {MAX_VALUES} values (YAML aliases nested too deep?)",
                *self.lines.position(node.start_mark.index),
            )


def _tag(node) -> str:
    # str(Tag) percent-decodes on every call; a tag without a handle is its suffix as is
    tag = node.ctag
    if tag is None:
        return ""
    return tag.suffix if getattr(tag, "handle", "") is None else str(tag)


def _key_text(node) -> str:
    if node.id == "scalar":
        return node.value
    return f"<{node.id} key>"  # a collection as a key: never a request field


def compose_tree(root, lines: LineIndex) -> Composed:
    """Plain data, duplicate keys and positions of one composed document, in one pass."""
    walker = Walker(lines, record=True)
    value = walker.walk(root, (), None)
    return Composed(value, walker.source_map, walker.duplicates)


def scalar(node, tag: str, lines: LineIndex):
    """A YAML 1.2 core-schema scalar as Python data; other tags are Unresolved."""
    text = node.value
    if tag == _CORE + "str":
        return text
    if tag == _CORE + "int":
        return _int(node, lines)
    if tag == _CORE + "float":
        try:
            return _float(text)
        except ValueError:  # `!!float abc`
            raise LoadError(
                f"{text[:20]!r} is not a number", *lines.position(node.start_mark.index)
            ) from None
    if tag == _CORE + "bool":
        return text.lower() == "true"
    if tag == _CORE + "null":
        return None
    if tag.startswith(_CORE):  # timestamp, binary, …: keep the text, as JSON would see it
        return text
    return Tagged(tag, text)


def _int(node, lines: LineIndex) -> int:
    text = node.value.replace("_", "")
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    if len(body) > MAX_INT_DIGITS:
        raise LoadError(too_long(len(body)), *lines.position(node.start_mark.index))
    if body[:2].lower() in ("0x", "0o", "0b") and len(body) > 66:  # hex digits count for more
        raise LoadError(
            f"a {len(body) - 2}-digit {_BASES[body[1].lower()]} integer: smlint reads those of up to 64 digits "
            "(SageMaker's integers are 32-bit)",
            *lines.position(node.start_mark.index),
        )
    try:
        if body[:2].lower() in ("0x", "0o", "0b"):
            return sign * int(body[2:], {"x": 16, "o": 8, "b": 2}[body[1].lower()])
        return sign * int(body, 10)
    except ValueError:
        raise LoadError(
            f"{node.value[:20]!r} is not a number smlint can read", *lines.position(node.start_mark.index)
        ) from None


_BASES = {"x": "hexadecimal", "o": "octal", "b": "binary"}


def too_long(digits: int) -> str:
    return (
        f"a {digits}-digit integer: smlint reads integers of up to {MAX_INT_DIGITS} digits "
        "(SageMaker's are 32-bit)"
    )


def _float(text: str) -> float:
    lowered = text.lower().replace("_", "")
    if lowered in (".inf", "+.inf"):
        return math.inf
    if lowered == "-.inf":
        return -math.inf
    if lowered == ".nan":
        return math.nan
    return float(lowered)
