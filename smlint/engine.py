"""The rule engine: every selected rule on one Document -> Findings.

Order matters once: the shape rules (SM1xx) run first, and every value they reject is
replaced by an invalid Unresolved marker before the other rules run, so one wrong value
gives one finding (``"Type": "Canary"`` is SM105, not also SM203). Rules answer with field
paths; this is the one place a path becomes a line and column.
"""

from __future__ import annotations

from functools import cache, lru_cache

from .checks import CHECKS, Request
from .checks.inputs import DUPLICATE, duplicate_message
from .dialects import dialect_of
from .endpoint_configs import run_check
from .findings import Finding
from .fixers import propose
from .json_kinds import kinds
from .locations import Position
from .model import Document, Unresolved, get, walk
from .schema import shape_errors
from .wording import field_name, literal


def _new_count_applies(payload) -> bool:
    """Does the new endpoint config's InitialInstanceCount become the fleet? Not with
    RetainAllVariantProperties true (SageMaker keeps the live count) unless
    DesiredInstanceCount is excluded from what is retained; not when that is unknown."""
    if not isinstance(payload, dict):
        return False
    retain = payload.get("RetainAllVariantProperties", False)
    if retain is False:
        return True
    if retain is not True:
        return False
    excluded = payload.get("ExcludeRetainedVariantProperties")
    return isinstance(excluded, list) and any(
        isinstance(item, dict) and item.get("VariantPropertyType") == "DesiredInstanceCount"
        for item in excluded
    )


def lint_document(
    doc: Document, rules, selected, fleet_size: int | None = None, config=None, said: dict | None = None
) -> list:
    """``config``: the endpoint config the request names (smlint.endpoint_configs.ConfigRecord), if
    found; its N is used unless ``fleet_size`` (--instance-count) is given. ``said``: a memo of
    what the checks said of requests alike but for their EndpointName (``_checks_said``; the
    runner keeps one per file; None: nothing is remembered)."""
    findings: list = []
    dialect = dialect_of(doc.kind, doc.target)
    provenance = doc.source_map.provenance()  # values not written where they are read

    def emit(
        rule, path: tuple, message: str, help: str = "", position: Position | None = None, fix=None
    ) -> None:
        pos = position or doc.source_map.resolve(path)
        name = field_name(path) if path else ""
        findings.append(
            Finding(
                rule.id,
                rule.name,
                rule.severity,
                message,
                doc.path,
                pos.line,
                pos.column,
                pos.end_line,
                pos.end_column,
                name,
                fix=fix,
                notes=_origins(name, message, provenance, doc.payload) if provenance else (),
                help=help,
            )
        )

    duplicate_rule = rules.by_id.get(DUPLICATE)
    if duplicate_rule and duplicate_rule.id in selected:
        for dup in doc.duplicates:
            message = duplicate_message(dup, dialect)
            emit(
                duplicate_rule,
                dup.path,
                message,
                "remove one of them",
                dup.second,
                propose(duplicate_rule.id, dup.path, duplicate=dup),
            )

    found_kinds = kinds(doc.payload)  # (one walk, for the shape rules and the alike key)
    clean, errors = checked_payload(doc, found_kinds)
    for error in errors:
        rule = rules.by_keyword.get(error.keyword)
        if rule is not None and rule.id in selected:
            emit(rule, error.path, error.message, error.help, fix=propose(rule.id, error.path, error=error))

    source = ""
    if fleet_size is None and config is not None and config.fleet is not None and _new_count_applies(clean):
        fleet_size, source = config.fleet, config.describe()
    request = Request(clean, doc.payload, doc.kind, fleet_size, doc.target, config, source)
    for rule, path, message, help, fixable in _checks_said(doc, request, found_kinds, rules, selected, said):
        emit(rule, path, message, help, fix=propose(rule.id, path, request=request) if fixable else None)
    return findings


def _checks_said(doc, request, found_kinds, rules, selected, memo: dict | None) -> list:
    """What the check and declarative rules say of ``request``, in the rules' order:
    remembered in ``memo`` for requests alike but for their EndpointName."""
    active, alike, alike_ids, each = _plan(rules, selected)
    key = _alike_key(doc.payload, found_kinds) if alike and memo is not None else None
    if key is not None:  # (the checks themselves too: a test, or a plugin's, may replace one)
        checks = tuple(map(CHECKS.get, alike_ids))
        context = (request.fleet_size, request.fleet_source, request.config)
        key = (rules, selected, checks, doc.kind, doc.target, doc.language, context, key)
    try:
        said = memo.get(key) if key is not None else None
    except TypeError:  # (a part of the context that cannot be compared)
        key = said = None
    if said is None:
        said = _said(alike, request, doc.language)
        if key is not None:
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[key] = said
    if each:
        said = sorted(
            said + _said(each, request, doc.language),
            key=lambda one: active[one[0].id],
        )
    return said


def _said(rules, request, language: str) -> list:
    """(rule, path, message, help, whether a fix may be proposed) for each finding of the
    check and declarative ``rules`` on ``request``."""
    said = []
    for rule in rules:
        try:
            if rule.check:
                check = CHECKS[rule.id]
                # (a check's own findings, or with where N came from when it came from a config)
                for path, message, help in (
                    run_check(check, request) if request.fleet_source else check(request)
                ):
                    said.append((rule, tuple(path), message, help, True))
            else:
                for path, message, help in _declarative(rule, request.payload, language):
                    said.append((rule, path, message, help, False))
        except Exception as exc:  # one broken rule must not hide the others' findings
            said.append(
                (
                    rule,
                    (),
                    f"rule {rule.id} crashed on this request ({type(exc).__name__}: {exc}); other rules ran normally",
                    "please report this",
                    False,
                )
            )
    return said


# A memo (``lint_document``'s ``said``, one per file) keeps the findings of the checks and
# declarative rules on requests alike but for their EndpointName (a script updating many
# endpoints the same way): the checks never read the endpoint's own name (the shape rules judge
# it; SM003 reads the request as loaded and is run for each), so they are the same findings,
# found once. The file's, not the process's: another file, another run, finds its own. Bounded.
MEMO_SIZE = 4096
_OWN_NAME = "EndpointName"
_READS_ALL = frozenset({"SM003"})  # (checks that read every field of the request as loaded)


@lru_cache(maxsize=32)
def _plan(rules, selected: frozenset) -> tuple:
    """({rule id: its place}, the rules whose findings requests alike but for their name
    share, the rules run for each request): worked out once per run, not per request. A
    declarative rule (a policy's) that may read the name is run for each."""
    rules_in_order = _active(rules, selected)
    alike, each = [], []
    for rule in rules_in_order:
        steps = rule.given.split("/") if rule.given is not None else ()
        reads_name = rule.given is not None and (len(steps) < 2 or steps[1] in (_OWN_NAME, "*"))
        (each if rule.id in _READS_ALL or reads_name else alike).append(rule)
    places = {rule.id: i for i, rule in enumerate(rules_in_order)}
    return places, tuple(alike), tuple(rule.id for rule in alike), tuple(each)


def _alike_key(payload, found_kinds: tuple):
    """A hashable value equal for two payloads exactly when they are equal in every field
    but EndpointName, in order and type (``1``, ``True`` and ``1.0`` differ; an unresolved
    value by what it says of itself); None when a value is of no kind known here.
    ``found_kinds``: json_kinds.kinds(payload)."""
    if type(payload) is not dict:
        return None
    rest = {k: v for k, v in payload.items() if k != _OWN_NAME}
    _, unknown, exotic = found_kinds
    if not (unknown or exotic):
        # JSON's kinds only (str keys; no tuple, no object): their repr tells every one of
        # them apart, and is made in C (the walk below costs six times as much)
        try:
            said = repr(rest)
        except RecursionError:
            return None
        return said if len(said) <= _KEY_CHARACTERS else None
    budget = [_KEY_VALUES]
    try:
        return tuple((k, _value_key(v, budget)) for k, v in rest.items())
    except _NoKey:
        return None


_KEY_VALUES = 2000  # (a request has some fifty; a larger one is linted, not remembered)
_KEY_CHARACTERS = 20_000


class _NoKey(Exception):
    pass


def _value_key(value, budget: list):
    budget[0] -= 1
    if budget[0] < 0:
        raise _NoKey
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return kind, value
    if kind is float:
        return kind, repr(value)  # (-0.0 == 0.0, and nan != nan)
    if kind is dict:
        return kind, tuple((k, _value_key(v, budget)) for k, v in value.items())
    if kind is list:
        return kind, tuple(_value_key(v, budget) for v in value)
    if kind is Unresolved:
        return kind, value.reason, value.invalid, value.type, value.truthy, value.expr
    raise _NoKey  # (a reader's own kind of unresolved value: not compared)


@lru_cache(maxsize=32)  # (bounded: a language server makes a rule set per config it reads)
def _active(rules, selected: frozenset) -> tuple:
    """The selected rules that are checks or declarative rules (not shape rules), in the rule
    set's order: worked out once per run, not per request."""
    return tuple(
        rule
        for rule in rules
        if rule.id in selected and not rule.schema_keywords and (rule.check or rule.given is not None)
    )


def _origins(name: str, message: str, provenance: dict, payload) -> tuple:
    """Where the values a finding speaks of came from, when not from where they are written
    (``provenance``: field path -> "variable x's default"): the finding's own field, or a
    value its message names (``CanarySize 5``)."""
    notes = []
    for path, said in provenance.items():
        if name == field_name(path) or (path[-1] == "Value" and name == field_name(path[:-1])):
            notes.append(f"from {said}")
        elif f"{path[-1]} {get(payload, path)}" in message:
            notes.append(f"{path[-1]} from {said}")
    return tuple(notes)


def checked_payload(doc: Document, found_kinds: tuple | None = None) -> tuple:
    """(the payload with every value the shape rules reject replaced by an invalid
    Unresolved marker, the shape errors): what every rule after SM1xx reads."""
    errors = shape_errors(doc.payload, doc.kind, doc.target, doc.language, found_kinds)
    clean = _copy(doc.payload) if errors else doc.payload  # rules never write to it
    for error in errors:
        for path in error.invalidates:
            _invalidate(clean, path, error.keyword)
    return clean, errors


def _copy(value):
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _invalidate(data, path: tuple, keyword: str) -> None:
    """Replace the value at ``path`` (which may not exist yet) with an invalid marker."""
    if not path:
        return
    for key in path[:-1]:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(data, (dict, list)):
        try:
            data[path[-1]] = Unresolved(f"fails the API schema ({keyword})", invalid=True)
        except (IndexError, TypeError):
            pass


def expand(data, given: str):
    """(path, value) for every match of a JSON Pointer with ``*`` wildcards."""
    matches = [((), data)]
    for part in _pointer(given):
        step = []
        for path, value in matches:
            if isinstance(value, dict):
                keys = list(value) if part == "*" else [part] if part in value else []
                step.extend((path + (k,), value[k]) for k in keys)
            elif isinstance(value, list):
                if part == "*":
                    step.extend((path + (i,), v) for i, v in enumerate(value))
                elif part.isdigit() and int(part) < len(value):
                    step.append((path + (int(part),), value[int(part)]))
        matches = step
    return matches


@cache
def _pointer(given: str) -> tuple:
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in given.split("/")[1:]) if given else ()


_ASSERT_VALIDATORS: dict = {}


def _declarative(rule, data, language: str = ""):
    matches = expand(data, rule.given)
    if not matches:
        return  # (and jsonschema need not even be imported)
    # keyed by the schema object itself (kept alive in the entry), not the rule id, which
    # two rule sets may both use
    entry = _ASSERT_VALIDATORS.get(id(rule.assertion))
    if entry is None or entry[0] is not rule.assertion:
        from jsonschema import Draft202012Validator

        entry = _ASSERT_VALIDATORS[id(rule.assertion)] = (
            rule.assertion,
            Draft202012Validator(rule.assertion),
        )
    validator = entry[1]
    for path, value in matches:
        if any(isinstance(v, Unresolved) for _, v in walk(value)):
            continue  # what cannot be known cannot be judged
        if not validator.is_valid(value):
            shown = literal(value, language) if not isinstance(value, str) else value
            fill = {"field": field_name(path), "value": shown}
            yield path, rule.message.format(**fill), rule.help.format(**fill) if rule.help else ""
