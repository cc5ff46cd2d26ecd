"""Requests embedded in a larger document: a CloudFormation resource's Properties, a Step
Functions Task's Parameters.

Such a request is linted like any other, on its own payload, while its findings point into the
enclosing file: ``Rebased`` maps the request's field paths to the template's. A ``Unit`` is
what the runner lints for one request: the request itself, or the alternatives it may take
(CloudFormation ``Fn::If``), plus probes (values a template Parameter admits) and notes on
where a value came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Callable

from ..locations import Position, SourceMap
from ..model import ENDPOINT_CONFIG, Document, Path


class Rebased(SourceMap):
    """The spans of a request found at ``base`` inside a document. ``aliases`` maps a request
    path to the document path (relative to ``base``) where it is written when the two differ:
    a branch of ``Fn::If``, a Step Functions key ``EndpointName.$``."""

    def __init__(self, inner: SourceMap, base: Path, aliases: dict | None = None):
        super().__init__(lines=inner.lines)
        self._inner, self._base, self._aliases = inner, base, aliases or {}

    def source_path(self, path: Path) -> Path:
        for cut in range(len(path), -1, -1):
            alias = self._aliases.get(path[:cut])
            if alias is not None:
                return self._base + alias + path[cut:]
        return self._base + path

    def resolve(self, path: Path) -> Position:
        return self._inner.resolve(self.source_path(path))

    @property
    def start(self) -> Position:
        return self._inner.resolve(self._base)

    def locate(self, path: Path):
        return self._inner.locate(self.source_path(path))

    def root_locate(self, path: Path):
        """A field of the enclosing document (a template's Parameter), by its own path."""
        return self._inner.locate(path)

    def _fill(self) -> None:
        if self._inner is not None and not self._entries:
            self._inner._fill()
            self.lines = self._inner.lines
            cut = len(self._base)
            self._entries = {
                p[cut:]: entry for p, entry in self._inner._entries.items() if p[:cut] == self._base
            }


class Pinned(SourceMap):
    """Every path at one place of ``inner``: a request inside a string (a Step Functions
    DefinitionString) has no positions of its own, so its findings point at the string's key."""

    def __init__(self, inner: SourceMap, path: Path):
        super().__init__(lines=inner.lines)
        self._inner, self._path = inner, path

    def resolve(self, path: Path) -> Position:
        return self._inner.resolve(self._path)

    def locate(self, path: Path):
        return None  # (a request inside a string: no span of its own to edit)

    @property
    def start(self) -> Position:
        return self._inner.resolve(self._path)


@dataclass
class Unit:
    """One request as the runner lints it."""

    document: Document
    # (choices, Document): the request as each combination of branches makes it (Fn::If
    # conditions, Python's if/else), ``choices`` a tuple of phrases ("condition IsProd is
    # true"). When given, each is linted; what fails in only some of them says in which.
    variants: tuple = ()
    # (Position, field name, lead, Document): the request with a value a template Parameter
    # admits (MaxValue, AllowedValues, …); what fails there and not with the Default is
    # reported at the Parameter.
    probes: tuple = ()
    # (field name, note): appended to findings on that field (or under it), e.g. the
    # Parameter whose Default the value is.
    notes: tuple = ()
    # (index in variants, why that combination may not happen): an error that holds only in
    # such combinations is not reported (SM003 says why, through ``lint_unit``'s ``doubted``).
    undecided: tuple = ()


@dataclass
class Extracted:
    """What a reader finds in one file or document (JSON/YAML requests, CloudFormation, Step
    Functions, Terraform, Python): the runner lints the units with the context of the
    configs."""

    units: list = field(default_factory=list)  # requests, as Unit
    # requests handed to the runner's Context.lint_now as they were read (linted already, not
    # in ``units``)
    streamed: int = 0
    configs: list = field(default_factory=list)  # ENDPOINT_CONFIG Documents (known_as set)
    problem: object = None  # sources.Problem: the file cannot be read (SM001)
    # sources.Problem: parts of the file that cannot be read (a Markdown block, a CLI
    # argument): SM001 each, and the rest of the file is linted all the same
    problems: list = field(default_factory=list)
    # findings -> findings, for sources whose lines are not the file's (a notebook's cells)
    relocate: Callable | None = None
    locate: Callable | None = None  # a line of the source -> (notebook cell, line in it)
    # () -> [smlint.readers.Comment]: the file's comment tokens, asked for only when the text
    # may hold a suppression (from what the reader already parsed, where it can); None: the
    # registry's (the reader module's ``comments`` of the text)
    comments: Callable | None = None
    dependencies: tuple = ()  # the other files read to read this one (the cache checks them)
    # the file's time budget stopped the reader: the units are what it had established (one of
    # ``problems`` says where it stopped), and the result is not cached (it may be the machine)
    timed_out: bool = False

    @classmethod
    def of(cls, documents) -> "Extracted":
        """Requests and endpoint configs from a list of Documents."""
        found = cls()
        for doc in documents:
            if doc.kind == ENDPOINT_CONFIG:
                found.configs.append(doc)
            else:
                found.units.append(Unit(doc))
        return found


def lint_unit(unit: Unit, lint_one, doubted=None) -> list:
    """Findings for ``unit``; ``lint_one(Document) -> findings``. ``doubted(finding, why)``:
    the SM003 findings that stand for an error left out because it holds only in
    combinations of branches that may not happen."""
    if unit.variants:
        doubts = dict(unit.undecided)
        runs = [(choices, lint_one(doc), doubts.get(i)) for i, (choices, doc) in enumerate(unit.variants)]
        findings = _across_variants(runs, doubted)
    else:
        findings = lint_one(unit.document)
    if unit.notes:
        findings = [_noted(f, unit.notes) for f in findings]
    baseline = {(f.rule, f.field) for f in findings}
    probed: set = set()
    for position, where, lead, doc in unit.probes:
        if lead is None:  # a probe cut by its budget: what it says of the values left untried
            findings.extend(f for f in lint_one(doc) if f.rule == "SM003")
            continue
        for found in lint_one(doc):
            if (found.rule, found.field) in baseline or found.rule in ("SM002", "SM003"):
                continue
            if (found.rule, position, lead, found.message) in probed:
                continue  # the same value admitted in two combinations of branches
            probed.add((found.rule, position, lead, found.message))
            findings.append(
                replace(
                    found,
                    lead=lead,
                    line=position.line,
                    column=position.column,
                    end_line=position.end_line,
                    end_column=position.end_column,
                    field=where,
                )
            )
    return findings


def _across_variants(runs: list, doubted=None) -> list:
    """One finding per problem (rule, place, field): as is when every variant has it (in the
    words of the first), else saying in which. (Two values written in two branches are two
    problems, each at its place.) ``runs``: (choices, findings, doubt), the doubt saying why
    that combination of branches may not happen (None: it can)."""
    seen: dict = {}
    for choices, findings, doubt in runs:
        for f in findings:
            key = (f.rule, f.line, f.column, f.field)
            entry = seen.setdefault(key, (f, [], []))
            if choices not in entry[1]:
                entry[1].append(choices)
                entry[2].append(doubt)
    every = [choices for choices, _, _ in runs]
    out = []
    for f, where, doubts in seen.values():
        if len(where) < len(runs):
            if f.severity == "error" and all(doubts):
                # it holds only where we cannot tell that the branches can be taken together
                out.extend(doubted(f, doubts[0]) if doubted else ())
                continue
            f = replace(f, notes=f.notes + (f"when {_describe(where, every)}",))
        out.append(f)
    return out


SHOWN_VARIANTS = 3  # a message names at most this many combinations of branches


def _describe(where: list, every: list) -> str:
    """The conditions that pick out the variants ``where`` among ``every``: the fewest of the
    values they share that alone select exactly them; else each variant in full."""
    shared = [c for c in where[0] if all(c in choices for choices in where[1:])]
    if sum(1 for choices in every if set(shared) <= set(choices)) == len(where):
        for size in range(1, min(len(shared), 3) + 1):
            for subset in combinations(shared, size):
                if sum(1 for choices in every if set(subset) <= set(choices)) == len(where):
                    return " and ".join(subset)
        return " and ".join(shared)
    shown = " or ".join(" and ".join(choices) for choices in where[:SHOWN_VARIANTS])
    more = len(where) - SHOWN_VARIANTS
    return shown + (f" or {more} other combination{'s' if more > 1 else ''} of branches" if more > 0 else "")


def _noted(finding, notes) -> object:
    for name, note in notes:
        if finding.field == name or finding.field.startswith((name + ".", name + "[")):
            return replace(finding, notes=finding.notes + (note,))
    return finding
