"""Operations on located values: dict displays and merges, item assignment, arithmetic.
Each returns a new value (values are never changed in place: a name bound before an
assignment keeps what it had)."""

from __future__ import annotations

import ast

from ... import budgets
from ...model import Unresolved
from .positions import short
from .values import Alt, LDict, Lit, LList, is_unknown, json_type, lift, truth, unknown

MAX_STR = 100_000
MAX_INT_DIGITS = 4300


class _Item:
    """One ``key: value`` of a dict display (spreads are plain nodes)."""

    __slots__ = ("key", "kpos", "value")

    def __init__(self, key, kpos, value):
        self.key, self.kpos, self.value = key, kpos, value


def _lifted(part):
    """A dict item whose key branches is an Alt of items (a value that branches stays where
    it is: only that field has alternatives)."""
    if isinstance(part, _Item) and isinstance(part.key, Alt):
        return lift(lambda k: _Item(k, part.kpos, part.value), part.key)
    return part


def _merged(parts, pos, replaceable: bool = False) -> LDict:
    """Dict items and ``**spreads`` in order: later keys win, an unknown spread leaves the
    dict open (any member may be present) and, in a dict display (``replaceable``), makes
    the keys before it unknown, since it may replace them. (In a call or ``dict(...)`` a
    repeated keyword is a TypeError, so there it replaces nothing.)"""
    entries: dict = {}
    open_reason = None
    for part in parts:
        if replaceable and is_unknown(part):
            reason = f"an unknown `**` spread after it may replace it ({part.value.reason})"
            entries = {k: (kpos, unknown(reason, v.pos)) for k, (kpos, v) in entries.items()}
        if isinstance(part, _Item):
            key = part.key
            if isinstance(key, Lit) and not isinstance(key.value, Unresolved) and _hashable(key.value):
                entries.pop(key.value, None)
                entries[key.value] = (part.kpos, part.value)
            else:
                reason = key.value.reason if is_unknown(key) else "a key not known statically"
                open_reason = open_reason or reason
        elif isinstance(part, LDict):
            for k, entry in part.entries.items():
                entries.pop(k, None)
                entries[k] = entry
            open_reason = open_reason or part.open
        elif is_unknown(part):
            open_reason = open_reason or f"an unknown `**` spread ({part.value.reason})"
        else:
            open_reason = open_reason or "`**` of a value that is not a dict"
    return LDict(entries, pos, open_reason)


def _with_dups(node, dups):
    if not dups:
        return node
    if isinstance(node, LDict):
        return LDict(node.entries, node.pos, node.open, tuple(dups))
    if isinstance(node, Alt):
        return Alt(node.id, [(c, _with_dups(o, dups)) for c, o in node.options], node.pos)
    return node


def _hashable(value) -> bool:
    return isinstance(value, (str, int, float, bool)) or value is None


def _pascal(node) -> bool:
    """Does any alternative name a member the API way (``EndpointName``, not ``endpoint_name``)?"""
    if isinstance(node, Alt):
        return any(_pascal(o) for _, o in node.options)
    return isinstance(node, LDict) and any(isinstance(k, str) and k[:1].isupper() for k in node.entries)


def _put(base, keys, value):
    """``base`` with ``value`` stored at ``keys`` (copy on write; None deletes)."""
    (key, kpos), rest = keys[0], keys[1:]

    def put(b, k):
        if isinstance(b, LDict):
            if is_unknown(k) or not isinstance(k, Lit) or not _hashable(k.value):
                return LDict(
                    b.entries, b.pos, b.open or "an item set with a key not known statically", b.dups
                )
            entries = dict(b.entries)
            if rest:
                old = entries.get(k.value)
                if old is None:
                    return b  # a KeyError at run time: not ours to guess
                entries[k.value] = (old[0], _put(old[1], rest, value))
            elif value is None:
                entries.pop(k.value, None)
            else:
                entries.pop(k.value, None)
                entries[k.value] = (kpos, value)
            return LDict(entries, b.pos, b.open, b.dups)
        if isinstance(b, LList) and isinstance(k, Lit) and type(k.value) is int:
            items = list(b.items)
            if not -len(items) <= k.value < len(items):
                return b
            if rest:
                items[k.value] = _put(items[k.value], rest, value)
            elif value is None:
                del items[k.value]
            else:
                items[k.value] = value
            return LList(items, b.pos)
        return b

    return lift(put, base, key)


def _update(base, others):
    if not isinstance(base, LDict):
        return None
    merged = _merged([base] + others, base.pos, True)
    return LDict(merged.entries, base.pos, merged.open, base.dups)


def _has_none(node) -> bool:
    if node is None:
        return True
    if isinstance(node, Alt):
        return any(_has_none(o) for _, o in node.options)
    return False


def _arith(op, a, b, pos, expr=None):
    if is_unknown(a) or is_unknown(b):
        first = a if is_unknown(a) else b
        kind = _arith_type(op, json_type(a), json_type(b))
        if kind is None:
            return Lit(first.value, pos)
        return Lit(Unresolved(first.value.reason, type=kind, expr=expr or first.value.expr), pos)
    kind = type(op)
    if isinstance(a, LDict) and isinstance(b, LDict) and kind is ast.BitOr:
        return _merged([a, b], pos, True)
    if isinstance(a, LList) and isinstance(b, LList) and kind is ast.Add:
        if len(a.items) + len(b.items) > budgets.MAX_ITEMS:  # (`A = A + A` doubles it)
            return Lit(budgets.too_large(f"a list of more than {budgets.MAX_ITEMS:,} items"), pos)
        return LList(a.items + b.items, pos)
    if isinstance(a, Lit) and isinstance(b, Lit):
        x, y = a.value, b.value
        numbers = all(isinstance(v, (int, float)) for v in (x, y))
        try:
            if numbers:
                if kind is ast.Pow and (abs(y) > 64 or (isinstance(x, int) and abs(x) > 10**6)):
                    raise OverflowError
                result = _ARITH[kind](x, y)
            elif isinstance(x, str) and isinstance(y, str) and kind is ast.Add:
                result = x + y
            else:
                raise TypeError
        except (KeyError, TypeError, ZeroDivisionError, OverflowError, ValueError):
            return unknown("arithmetic not evaluated statically", pos)
        if type(result) not in (int, float, str):  # (-8) ** 0.5 is a complex number
            return Lit(budgets.checked(result), pos)
        if isinstance(result, str) and len(result) > MAX_STR:
            return unknown("a string too long to follow", pos)
        if isinstance(result, int) and result.bit_length() > MAX_INT_DIGITS * 3:
            return unknown("an integer too large to follow", pos)
        return Lit(result, pos)
    return unknown("an operation not evaluated statically", pos)


def _arith_type(op, x, y):
    """The type of an arithmetic result from its operands' types (None: not known). ``/``
    always gives a float, a float operand makes any number a float; strings concatenate."""
    kind = type(op)
    numeric = ("integer", "float")
    if x == "string" or y == "string":
        if kind is ast.Add or (kind is ast.Mod and x == "string"):
            return "string"
        return None
    if kind is ast.Div and (x in numeric or y in numeric):
        return "float"
    if kind in (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod, ast.Pow) and (
        x == "float" or y == "float"
    ):
        return "float"
    if kind in (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod) and x == "integer" and y == "integer":
        return "integer"
    return None


_ARITH = {
    ast.Add: lambda x, y: x + y,
    ast.Sub: lambda x, y: x - y,
    ast.Mult: lambda x, y: x * y,
    ast.Div: lambda x, y: x / y,
    ast.FloorDiv: lambda x, y: x // y,
    ast.Mod: lambda x, y: x % y,
    ast.Pow: lambda x, y: x**y,
}

_COMPARE = {
    ast.Eq: lambda x, y: x == y,
    ast.NotEq: lambda x, y: x != y,
    ast.Lt: lambda x, y: x < y,
    ast.LtE: lambda x, y: x <= y,
    ast.Gt: lambda x, y: x > y,
    ast.GtE: lambda x, y: x >= y,
    ast.Is: lambda x, y: x is y if y is None or x is None else x == y,
    ast.IsNot: lambda x, y: x is not y if y is None or x is None else x != y,
}


def _unary(op, v, pos, e):
    if is_unknown(v):
        if isinstance(op, ast.Not):
            known = v.value.truthy
            if known is not None:
                return Lit(not known, pos)
            return Lit(Unresolved(v.value.reason, type="boolean", expr=short(e)), pos)
        if v.value.type in ("integer", "float"):
            return Lit(Unresolved(v.value.reason, type=v.value.type, expr=short(e)), pos)
        return Lit(v.value, pos)
    if isinstance(op, ast.Not) and not isinstance(v, Lit) and truth(v) is not None:
        return Lit(not truth(v), pos)
    if isinstance(v, Lit):
        x = v.value
        if isinstance(op, ast.Not):
            return Lit(not x, pos)
        if isinstance(x, (int, float)):
            if isinstance(op, ast.USub):
                return Lit(-x, pos)
            if isinstance(op, ast.UAdd):
                return Lit(+x, pos)
    return unknown(f"`{short(e)}` is not evaluated statically", pos)
