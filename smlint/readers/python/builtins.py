"""The builtins a deploy script uses to build its values: ``dict(...)``, ``int("600")``,
``str``, ``float``, ``list``, ``tuple``. Anything else called is the result of a call: unknown."""

from __future__ import annotations

import ast

from ...model import Unresolved
from .operations import MAX_INT_DIGITS, _lifted, _merged
from .values import Alt, LDict, Lit, LList, is_unknown, json_type, lift, unknown


def _dict_builtin(interp, e, scope, d, pos):
    parts = []
    if len(e.args) > 1 or any(isinstance(a, ast.Starred) for a in e.args):
        return unknown(f"the result of `{interp.short(e)}`", pos)
    if e.args:
        first = interp.ev(e.args[0], scope, d)
        if not isinstance(first, (LDict, Alt)) and not is_unknown(first):
            return unknown(f"the result of `{interp.short(e)}`", pos)
        parts.append(first)
    for kw in e.keywords:
        parts.append(interp._dict_call_part(kw, scope))
    return lift(lambda *ps: _merged(ps, pos), *[_lifted(p) for p in parts]) if parts else LDict({}, pos)


def _convert(kind):
    def convert(interp, e, scope, d, pos):
        if len(e.args) != 1 or e.keywords:
            return unknown(f"the result of `{interp.short(e)}`", pos)

        def apply(v):
            if isinstance(v, Lit) and not is_unknown(v):
                x = v.value
                try:
                    if kind is int and isinstance(x, str) and len(x) > MAX_INT_DIGITS:
                        raise ValueError
                    if kind is str and not isinstance(x, (str, int)):
                        raise ValueError
                    if x is None:
                        raise TypeError
                    return Lit(kind(x), pos)
                except (ValueError, TypeError, OverflowError):
                    pass
            typed = _TYPES[kind]
            if is_unknown(v):
                return Lit(Unresolved(v.value.reason, type=typed, expr=interp.short(e)), pos)
            return unknown(f"the result of `{interp.short(e)}`", pos, type=typed, expr=interp.short(e))

        return lift(apply, interp.ev(e.args[0], scope, d))

    return convert


_TYPES = {int: "integer", float: "float", str: "string"}


def _len(interp, e, scope, d, pos):
    """``len(x)``: an integer, known when ``x`` is."""
    if len(e.args) != 1 or e.keywords or isinstance(e.args[0], ast.Starred):
        return unknown(f"the result of `{interp.short(e)}`", pos)

    def apply(v):
        if isinstance(v, LList):
            return Lit(len(v.items), pos)
        if isinstance(v, LDict) and not v.open:
            return Lit(len(v.entries), pos)
        if isinstance(v, Lit) and isinstance(v.value, str):
            return Lit(len(v.value), pos)
        reason = v.value.reason if is_unknown(v) else f"the result of `{interp.short(e)}`"
        return unknown(reason, pos, type="integer", expr=interp.short(e))

    return lift(apply, interp.ev(e.args[0], scope, d))


def _round(interp, e, scope, d, pos):
    """``round(x)`` is an integer; ``round(x, n)`` a float (an integer only for an integer ``x``)."""
    if not 1 <= len(e.args) <= 2 or e.keywords or any(isinstance(a, ast.Starred) for a in e.args):
        return unknown(f"the result of `{interp.short(e)}`", pos)
    digits = interp.ev(e.args[1], scope, d) if len(e.args) == 2 else Lit(None)

    def apply(v, n):
        if isinstance(v, Lit) and isinstance(n, Lit) and not is_unknown(v) and not is_unknown(n):
            x, k = v.value, n.value
            if isinstance(x, (int, float)) and not isinstance(x, bool) and (k is None or type(k) is int):
                try:
                    return Lit(round(x) if k is None else round(x, k), pos)
                except (OverflowError, ValueError):
                    pass
        typed = "integer" if len(e.args) == 1 or json_type(v) == "integer" else "float"
        reason = v.value.reason if is_unknown(v) else f"the result of `{interp.short(e)}`"
        return unknown(reason, pos, type=typed, expr=interp.short(e))

    return lift(apply, interp.ev(e.args[0], scope, d), digits)


def _sequence(interp, e, scope, d, pos):
    if len(e.args) != 1 or e.keywords:
        return unknown(f"the result of `{interp.short(e)}`", pos)
    value = interp.ev(e.args[0], scope, d)
    return lift(
        lambda v: (
            LList(v.items, pos)
            if isinstance(v, LList)
            else unknown(f"the result of `{interp.short(e)}`", pos)
        ),
        value,
    )


BUILTINS = {
    "dict": _dict_builtin,
    "int": _convert(int),
    "float": _convert(float),
    "str": _convert(str),
    "len": _len,
    "round": _round,
    "list": _sequence,
    "tuple": _sequence,
}
