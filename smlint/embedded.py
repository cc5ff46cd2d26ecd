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

from .model import Document, Path, Position, SourceMap


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

    @property
    def start(self) -> Position:
        return self._inner.resolve(self._path)


@dataclass
class Unit:
    """One request as the runner lints it."""

    document: Document
    # (choices, Document): the request as each combination of Fn::If conditions makes it,
    # ``choices`` a tuple of (condition, branch: 0 true, 1 false). When given, each is
    # linted; what fails in only some of them says in which.
    variants: tuple = ()
    # (Position, field name, lead, Document): the request with a value a template Parameter
    # admits (MaxValue, AllowedValues, …); what fails there and not with the Default is
    # reported at the Parameter.
    probes: tuple = ()
    # (field name, note): appended to findings on that field (or under it), e.g. the
    # Parameter whose Default the value is.
    notes: tuple = ()


@dataclass
class Extracted:
    """What a reader of templates finds in one document (CloudFormation, Step Functions, and
    any other source of embedded requests): the runner lints the units with the context of
    the configs."""

    units: list = field(default_factory=list)  # requests, as Unit
    configs: list = field(default_factory=list)  # ENDPOINT_CONFIG Documents (known_as set)


def lint_unit(unit: Unit, lint_one) -> list:
    """Findings for ``unit``; ``lint_one(Document) -> findings``."""
    if unit.variants:
        findings = _across_variants([(choices, lint_one(doc)) for choices, doc in unit.variants])
    else:
        findings = lint_one(unit.document)
    if unit.notes:
        findings = [_noted(f, unit.notes) for f in findings]
    baseline = {(f.rule, f.field) for f in findings}
    for position, where, lead, doc in unit.probes:
        for found in lint_one(doc):
            if (found.rule, found.field) in baseline or found.rule in ("SM002", "SM003"):
                continue
            findings.append(
                replace(
                    found,
                    message=f"{lead}: {found.message}",
                    line=position.line,
                    column=position.column,
                    end_line=position.end_line,
                    end_column=position.end_column,
                    field=where,
                )
            )
    return findings


def _across_variants(runs: list) -> list:
    """One finding per problem: as is when every variant has it, else saying in which."""
    seen: dict = {}
    for choices, findings in runs:
        for f in findings:
            key = (f.rule, f.line, f.column, f.field, f.message)
            seen.setdefault(key, (f, []))[1].append(choices)
    every = [choices for choices, _ in runs]
    out = []
    for f, where in seen.values():
        if len(where) < len(runs):
            f = replace(f, message=f"{f.message} (when {_describe(where, every)})")
        out.append(f)
    return out


def _describe(where: list, every: list) -> str:
    """The conditions that pick out the variants ``where`` among ``every``: the values they
    share, when those alone select exactly them; else each variant in full."""
    shared = set(where[0]).intersection(*map(set, where[1:]))
    if sum(1 for choices in every if shared <= set(choices)) == len(where):
        return _conjunction(c for c in where[0] if c in shared)
    return " or ".join(_conjunction(choices) for choices in where)


def _conjunction(choices) -> str:
    return " and ".join(f"condition {name} is {'true' if branch == 0 else 'false'}" for name, branch in choices)


def _noted(finding, notes) -> object:
    for name, note in notes:
        if finding.field == name or finding.field.startswith((name + ".", name + "[")):
            return replace(finding, message=f"{finding.message} ({note})")
    return finding
