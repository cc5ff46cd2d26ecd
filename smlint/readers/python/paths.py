"""Which combinations of branches can happen.

Each ``if`` (or ``x if c else y``) whose test is not known splits a value into alternatives
(values.Alt, option 0 where the test is true). A combination of options is a path; it is
infeasible when it contradicts itself:

- the same condition taken both ways: the same test twice, or its negation (``not x``,
  ``!=`` for ``==``, ``is not`` for ``is``), over the same bindings of the same names;
- ``x == "a"`` and ``x == "b"`` both true, or ``x == "a"`` true while ``x`` is falsy;
- a test whose value is known on that path (``if alarms:`` when nothing was appended to
  ``alarms`` on it) taken the other way.

Two conditions on the same names whose relation we cannot work out (``x > 5`` and
``x < 3``) leave the path undecided: findings that hold only there are not errors we can
stand behind (smlint.readers.extracted says so instead).
"""

from __future__ import annotations

import ast

from .values import truths

INFEASIBLE = "infeasible"


class Atom:
    """A condition as its truth value is shared: ``key`` is the same for the same test of the
    same bindings; ``negated`` when the test is the atom's negation."""

    __slots__ = ("key", "negated", "operands", "const")

    def __init__(self, key, negated: bool, operands: frozenset, const=None):
        self.key, self.negated, self.operands = key, negated, operands
        # (operand, value) for ``operand == value``; (operand, TRUTH) for a bare ``operand``
        self.const = const


TRUTH = ("truth",)  # Atom.const's value for a test of an operand's own truth


class Guard:
    """What an ``if`` splits on: its atom (or None), its test's value, how messages name it."""

    __slots__ = ("atom", "test", "phrases")

    def __init__(self, atom, test, phrases: tuple):
        self.atom, self.test, self.phrases = atom, test, phrases


def _reference(node) -> bool:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        if isinstance(node, ast.Subscript) and not isinstance(node.slice, ast.Constant):
            return False
        node = node.value
    return isinstance(node, ast.Name)


def _root(node) -> str:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id


def operand_key(node, lookup, keep: list):
    """A reference (``x``, ``args.stage``, ``cfg["mode"]``) as the value it names now: its
    text and the binding of its root name (rebinding the name makes it another operand)."""
    binding = lookup(_root(node))
    keep.append(binding)  # (ids stay unique while the bindings live)
    return (ast.dump(node), id(binding))


def operands(node, lookup, keep: list) -> frozenset:
    found = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if _reference(n):
            found.add(operand_key(n, lookup, keep))
            continue
        if isinstance(n, ast.Call):
            stack.extend(n.args)
            stack.extend(k.value for k in n.keywords)
            if isinstance(n.func, ast.Attribute):  # a method's receiver: `x.startswith(…)`
                stack.append(n.func.value)
            continue
        stack.extend(ast.iter_child_nodes(n))
    return frozenset(found)


def atom_of(test, lookup, constant, keep: list):
    """The Atom of an ``if`` test. ``lookup(name)`` gives a name's binding, ``constant(node)``
    a side's known hashable value (or raises LookupError)."""
    negated = False
    node = test
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        negated, node = not negated, node.operand
    if _reference(node):
        key = operand_key(node, lookup, keep)
        return Atom(("truth", key), negated, frozenset((key,)), (key, TRUTH))
    found = operands(node, lookup, keep)
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        op = node.ops[0]
        if isinstance(op, (ast.NotEq, ast.IsNot)):
            negated = not negated
        if isinstance(op, (ast.Eq, ast.NotEq, ast.Is, ast.IsNot)):
            left, right = node.left, node.comparators[0]
            sides = []
            for side in (left, right):
                try:
                    sides.append(("const", constant(side)))
                except LookupError:
                    sides.append(("expr", ast.dump(side), operands(side, lookup, keep)))
            key = ("eq", frozenset(sides))
            const = None
            kinds = [s[0] for s in sides]
            if sorted(kinds) == ["const", "expr"]:
                ref = left if kinds[0] == "expr" else right
                value = sides[kinds.index("const")][1]
                if _reference(ref):
                    const = (operand_key(ref, lookup, keep), value)
            return Atom(key, negated, found, const)
    return Atom(("test", ast.dump(node), found), negated, found)


def _relate(a, va: bool, b, vb: bool):
    """True: consistent; False: contradictory; None: we cannot tell."""
    if a.const is not None and b.const is not None and a.const[0] == b.const[0]:
        xa, xb = a.const[1], b.const[1]
        if xa is TRUTH and xb is TRUTH:  # (the same operand: the same atom)
            return va == vb
        if xa is TRUTH or xb is TRUTH:
            value, is_true = (xb, vb) if xa is TRUTH else (xa, va)
            own = va if xa is TRUTH else vb
            return not is_true or bool(value) == own
        return not (va and vb) or _same(xa, xb)
    return None


def _same(x, y) -> bool:
    try:
        return type(x) is type(y) and x == y
    except Exception:  # pragma: no cover - constants are plain scalars
        return False


def feasibility(choices: dict, guards: dict):
    """None when the path can happen, INFEASIBLE when it contradicts itself, else the reason
    it is undecided (a phrase)."""
    facts: dict = {}  # atom key -> (value, atom, phrase)
    for alt_id, option in choices.items():
        guard = guards.get(alt_id)
        if guard is None or guard.atom is None or option > 1:
            continue
        atom = guard.atom
        value = (option == 0) != atom.negated
        old = facts.get(atom.key)
        if old is not None:
            if old[0] != value:
                return INFEASIBLE
            continue
        facts[atom.key] = (value, atom, guard.phrases[option])

    def choose(alt_id):
        """The branch a point not on the path takes, when the path's conditions decide it."""
        if alt_id in choices:
            return choices[alt_id]
        guard = guards.get(alt_id)
        if guard is None or guard.atom is None:
            return None
        atom = guard.atom
        options = [o for o in (0, 1) if _consistent(atom, (o == 0) != atom.negated, facts)]
        return options[0] if len(options) == 1 else None

    for alt_id, option in choices.items():
        guard = guards.get(alt_id)
        if guard is not None and guard.test is not None and option <= 1:
            if (option == 0) not in truths(guard.test, choose):
                return INFEASIBLE
    doubt = None
    seen = list(facts.values())
    for i, (va, a, pa) in enumerate(seen):
        for vb, b, pb in seen[i + 1 :]:
            if not a.operands & b.operands:
                continue
            related = _relate(a, va, b, vb)
            if related is False:
                return INFEASIBLE
            if related is None and doubt is None:
                doubt = f"{pa} and {pb} may not hold together"
    return doubt


def _consistent(atom, value: bool, facts: dict) -> bool:
    hit = facts.get(atom.key)
    if hit is not None:
        return hit[0] == value
    return all(
        _relate(atom, value, other, v) is not False
        for v, other, _ in facts.values()
        if atom.operands & other.operands
    )


def implied(atom, assumed: dict):
    """The truth of an ``if`` test that the enclosing branches already decide (``if x:``
    inside ``if not x:``), else None. ``assumed``: atom key -> (value, atom)."""
    if atom is None or not assumed:
        return None
    hit = assumed.get(atom.key)
    if hit is not None:
        return hit[0] != atom.negated
    possible = []
    for value in (True, False):
        if all(
            _relate(atom, value, other, v) is not False
            for v, other in assumed.values()
            if atom.operands & other.operands
        ):
            possible.append(value)
    if len(possible) == 1:
        return possible[0] != atom.negated
    return None
