"""The builtins a deploy script uses to build its values: ``dict(...)``, ``int("600")``,
``str``, ``float``, ``list``, ``tuple``. Anything else called is the result of a call: unknown."""

from __future__ import annotations

import ast

from .operations import MAX_INT_DIGITS, _lifted, _merged
from .values import Alt, LDict, Lit, LList, is_unknown, lift, unknown


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
            if is_unknown(v):
                return Lit(v.value, pos)
            return unknown(f"the result of `{interp.short(e)}`", pos)

        return lift(apply, interp.ev(e.args[0], scope, d))

    return convert


def _sequence(interp, e, scope, d, pos):
    if len(e.args) != 1 or e.keywords:
        return unknown(f"the result of `{interp.short(e)}`", pos)
    value = interp.ev(e.args[0], scope, d)
    return lift(lambda v: LList(v.items, pos) if isinstance(v, LList) else unknown(f"the result of `{interp.short(e)}`", pos), value)


BUILTINS = {
    "dict": _dict_builtin,
    "int": _convert(int),
    "float": _convert(float),
    "str": _convert(str),
    "list": _sequence,
    "tuple": _sequence,
}

