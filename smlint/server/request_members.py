"""What the language server's hover and completion ask of a buffer's requests: the member whose
key is written at a position (from the reader's source map: the units' documents and their
spans), and what the API's JSON Schema (the one SM1xx rules check against) and the API
reference say of a member.

What it uses of smlint: ``runner.Linter.extract`` (through smlint.server.linting's
``linter_of``: the buffer's nearest config), ``sources.file_format``,
``shapes.ROOT_SHAPES/defs_for``, ``registry.rules_dir`` (rules/schema/docs.json).
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import sources
from .linting import linter_of


@dataclass(frozen=True)
class Member:
    """The request member a position of the buffer names."""

    field: tuple  # its path in the request (PascalCase, list indexes)
    kind: str  # the request kind (smlint.model)
    target: str  # the tool that sends it when its schema differs ("terraform"), else ""
    line: int  # its key's span, 1-based, columns in code points, end exclusive
    column: int
    end_line: int
    end_column: int


def member_at(path: str, text: str, line: int, column: int) -> Member | None:
    """The request member whose key is written at (line, column) of the buffer (1-based,
    code points), or None."""
    keys = [m for m in _members(path, text) if _inside(m, line, column)]
    return max(keys, key=lambda m: len(m.field), default=None)  # (the innermost)


def member_before(path: str, text: str, line: int, column: int) -> Member | None:
    """The request member whose key is written on ``line`` before ``column`` (the value being
    typed after it: ``Type: |``), or None. Only for a text that parses as it is."""
    keys = [m for m in _members(path, text) if m.end_line == line and m.end_column <= column]
    return max(keys, key=lambda m: (m.end_column, len(m.field)), default=None)


def _members(path: str, text: str) -> list:
    """Every request member of the buffer whose key is written in it, as Members."""
    try:
        linter, _ = linter_of(path)
    except Exception:  # (a broken config: no hover, no completion)
        return []
    fmt = sources.file_format(path)
    if fmt is None or fmt == "notebook":  # (a notebook's keys are in its cells' lines)
        return []
    found = linter.extract(path, text, fmt)
    if found.problem is not None:
        return []
    out = []
    for unit in found.units:
        doc = unit.document
        for field_path, located in doc.source_map.spans.items():
            key = located.key
            if key is not None and field_path:
                out.append(
                    Member(
                        tuple(field_path),
                        doc.kind,
                        doc.target,
                        key.line,
                        key.column,
                        key.end_line,
                        key.end_column,
                    )
                )
    return out


def _inside(pos, line: int, column: int) -> bool:
    return (pos.line, pos.column) <= (line, column) < (pos.end_line, pos.end_column) or (
        (pos.end_line, pos.end_column) == (line, column)
    )


def member_schema(kind: str, target: str, path: tuple):
    """The member at ``path`` in the API's JSON Schema (the one SM1xx rules check against):
    the shape that has it (owner), its name, whether it is required, its schema (references
    followed), the shape it is (shape) or lists (items_shape); None when not a member."""
    from ..shapes import ROOT_SHAPES, defs_for

    defs = defs_for(kind, target)
    root = ROOT_SHAPES.get(kind)
    if root is None or root not in defs:
        return None
    shape_name, node = root, defs[root]
    owner = member = None
    required = False
    for key in path:
        node, shape_name = _deref(node, defs, shape_name)
        if isinstance(key, int):
            node = node.get("items")
            if node is None:
                return None
            continue
        props = node.get("properties") or {}
        if key not in props:
            return None
        owner, member, required = shape_name, key, key in (node.get("required") or ())
        node = props[key]
    if member is None:
        return None
    node, shape = _deref(node, defs, None)
    items = node.get("items") if isinstance(node, dict) else None
    items_shape = _deref(items, defs, None)[1] if isinstance(items, dict) else None
    return {
        "owner": owner,
        "member": member,
        "required": required,
        "schema": node,
        "shape": shape,
        "items_shape": items_shape,
    }


def _deref(node, defs, shape_name):
    ref = node.get("$ref") if isinstance(node, dict) else None
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return defs.get(name, {}), name
    return node, shape_name


def member_docs() -> dict:
    """``Shape.Member`` -> what the API reference says it does (rules/schema/docs.json)."""
    import json

    from ..registry import rules_dir

    global _DOCS
    if _DOCS is None:
        path = rules_dir() / "schema" / "docs.json"
        _DOCS = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        _DOCS.pop("$comment", None)
    return _DOCS


_DOCS = None
