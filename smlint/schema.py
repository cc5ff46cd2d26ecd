"""SM1xx: the request against the API model's JSON Schema (``rules/schema/sagemaker.json``).

jsonschema-rs and jsonschema find the failures (this module picks the validator that judges a
request as botocore does); smlint.shape_words words them (field path, bad value, limit, what
to write instead) and says which values failed, so that other rules treat them as unknown.
"""

from __future__ import annotations

from functools import cache

from .dialects import dialect_of
from .json_kinds import kinds as _kinds
from .model import Unresolved, walk
from .shape_words import explain
from .shapes import ROOT_SHAPES, defs_for

# When one value fails several keywords, the first of these is the one reported.
_PRIORITY = (
    "type",
    "enum",
    "pattern",
    "maxLength",
    "minLength",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
)


_VALIDATORS: dict = {}


def _inline(node, defs):
    """The schema with every $ref replaced by its target: the request shapes are a tree, and
    resolving references once here saves jsonschema a registry lookup per object."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
        return {k: _inline(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def _validator(kind: str, tolerant: bool, target: str = ""):
    """A validator for ``kind``. The tolerant one lets Unresolved values pass every keyword
    (we cannot know they fail); it is slower, so it is used only where such values exist."""
    key = (kind, tolerant, target)
    if key not in _VALIDATORS:
        from jsonschema import Draft202012Validator, validators

        base = Draft202012Validator
        # Integers are ints, never 600.0 or True (botocore checks isinstance(value, int)).
        checker = base.TYPE_CHECKER.redefine(
            "integer", lambda _checker, v: isinstance(v, int) and not isinstance(v, bool)
        )
        keywords = {}
        if tolerant:

            def unknown_passes(check):
                def wrapped(validator, value, instance, schema):
                    if isinstance(instance, Unresolved):
                        return
                    yield from check(validator, value, instance, schema) or ()

                return wrapped

            def unknown_typed(validator, value, instance, schema):
                """An unknown value whose type is known (``float(x)``, an f-string) is
                still checked for type."""
                if isinstance(instance, Unresolved):
                    if instance.type is not None and instance.type not in _admitted(value):
                        from jsonschema.exceptions import ValidationError

                        yield ValidationError(f"{instance.type} is not of type {value!r}")
                    return
                yield from base.VALIDATORS["type"](validator, value, instance, schema) or ()

            keywords = {kw: unknown_passes(fn) for kw, fn in base.VALIDATORS.items()}
            keywords["type"] = unknown_typed
        cls = validators.extend(base, validators=keywords, type_checker=checker)
        defs = defs_for(kind, target)
        _VALIDATORS[key] = cls(_inline(defs[ROOT_SHAPES[kind]], defs))
    return _VALIDATORS[key]


# Answer "valid?" with jsonschema-rs (in Rust: compiled in about a millisecond where
# fastjsonschema's generated Python took ~100 ms a schema, a tenth of a one-template run, and
# faster per request too, the walk that says whether it may judge included: 0.06 s against
# 0.09 s for the 1,500 requests of bench_mixed.py), and list with it the failures of a request
# it judges as botocore does. jsonschema, which takes smlint's own type checker (600.0 is no
# integer) and lets unknown values pass, is imported only for the others. Tests switch the
# fast path off to compare.
FAST_PATH = True


@cache
def _compiled(kind: str, target: str, unknown: bool = False):
    """jsonschema-rs's validator of ``kind``'s schema (admitting smlint's markers of unknown
    values when ``unknown``); None where jsonschema-rs is not installed (its wheels are
    CPython's): jsonschema then does all the work."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - CPython wheels exist for every supported platform
        return None
    schema = _inlined(kind, target)
    return jsonschema_rs.validator_for(_admitting_unknowns(schema) if unknown else schema)


@cache
def _inlined(kind: str, target: str) -> dict:
    defs = defs_for(kind, target)
    return _inline(defs[ROOT_SHAPES[kind]], defs)


def _certainly_valid(payload, kind: str, target: str, kinds: tuple) -> bool:
    """A quick yes from jsonschema-rs. It follows JSON Schema, where 600.0 is an integer, and
    cannot hold what Python can (an integer past 64 bits, a key that is no string): payloads
    holding those take the full path. Unresolved values are validated as a marker that the
    compiled schema lets pass wherever a value stands, as the tolerant validator does (a key
    still counts as written)."""
    if not FAST_PATH:
        return False
    floats, unknown, exotic = kinds
    if floats or exotic:
        return False
    validator = _compiled(kind, target, unknown)
    try:
        return validator is not None and validator.is_valid(_marked(payload) if unknown else payload)
    except ValueError:  # nested past jsonschema-rs's recursion limit (~250 levels): jsonschema judges
        return False


_UNKNOWN = "\x00smlint:unresolved"  # (no file smlint reads can hold a NUL)
_TYPED = {kind: f"\x00smlint:unresolved {kind}" for kind in ("integer", "float", "string", "boolean")}
# the types of unknown values each JSON Schema type admits
_ADMITS = {
    "integer": ("integer",),
    "number": ("integer", "float"),
    "string": ("string",),
    "boolean": ("boolean",),
}


def _admitted(expected) -> tuple:
    kinds = expected if isinstance(expected, list) else [expected]
    return tuple(t for kind in kinds for t in _ADMITS.get(kind, ()))


def _admitting_unknowns(node):
    """The schema where every property value and list item may also be the marker."""
    if isinstance(node, list):
        return [_admitting_unknowns(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for keyword, value in node.items():
        if keyword == "properties" and isinstance(value, dict):
            out[keyword] = {name: _or_unknown(_admitting_unknowns(sub)) for name, sub in value.items()}
        elif keyword in ("items", "additionalProperties") and isinstance(value, dict):
            out[keyword] = _or_unknown(_admitting_unknowns(value))
        else:
            out[keyword] = _admitting_unknowns(value)
    return out


def _or_unknown(schema) -> dict:
    # an unknown of a known type passes only where that type may stand
    expected = schema.get("type") if isinstance(schema, dict) else None
    kinds = _admitted(expected) if expected is not None else tuple(_TYPED)
    markers = [_UNKNOWN] + [_TYPED[k] for k in kinds]
    return {"anyOf": [schema, {"enum": markers}]}  # (the usual case first)


def _marked(value):
    """A copy of the payload with every Unresolved value replaced by the marker."""
    if isinstance(value, dict):
        return {k: _marked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_marked(v) for v in value]
    if isinstance(value, Unresolved):
        return _TYPED.get(value.type, _UNKNOWN)
    return value


def shape_errors(
    payload, kind: str, target: str = "", language: str = "", kinds: tuple | None = None
) -> list:
    """Every shape failure of ``payload``, at most one per field, in document order.
    ``target``: the tool whose own schema applies (Document.target); ``language``: how the
    messages spell the user's values (Document.language); ``kinds``: json_kinds.kinds of the
    payload, when the caller has it."""
    kinds = _kinds(payload) if kinds is None else kinds
    if _certainly_valid(payload, kind, target, kinds):
        return []
    found: dict = {}
    floats, unknown, exotic = kinds
    dialect = dialect_of(kind, target)  # who rejects what, in the words of the tool that sends it
    validator = _compiled(kind, target) if FAST_PATH and not (floats or unknown or exotic) else None
    errors = None
    if validator is not None:  # (JSON Schema's types are botocore's when there is no float)
        try:
            errors = [_Failure(e, _inlined(kind, target)) for e in validator.iter_errors(payload)]
        except ValueError:  # nested past jsonschema-rs's recursion limit
            errors = None
    if errors is None:
        errors = _validator(kind, unknown, target).iter_errors(payload)
    items = [item for error in errors for item in explain(error, kind, dialect, language)]
    # A misspelt or misplaced key (SM102, "did you mean") is the required member the user
    # wrote: it is not also missing.
    meant = {p for item in items if item.keyword == "additionalProperties" for p in item.invalidates[1:]}
    for item in items:
        if item.keyword == "required" and item.path in meant:
            continue
        key = (item.path, item.keyword if item.keyword in ("required", "additionalProperties") else "value")
        old = found.get(key)
        if old is None or _rank(item.keyword) < _rank(old.keyword):
            found[key] = item
    return sorted(found.values(), key=_in_document_order(payload))


def _in_document_order(payload):
    """A sort key: where a failure's field is written in ``payload`` (a missing member, at its
    parent), whichever order the validator found them in."""
    order = {path: i for i, (path, _) in enumerate(walk(payload))}

    def key(item) -> tuple:
        path = item.path
        while path not in order and path:
            path = path[:-1]
        return (order.get(path, 0), len(item.path) - len(path))

    return key


class _Failure:
    """A jsonschema-rs error, seen as ``shape_words.explain`` reads jsonschema's: the failing keyword, its
    value and the subschema holding it (found by the error's schema path in the same inlined
    schema), the instance and its path."""

    __slots__ = ("absolute_path", "validator", "validator_value", "instance", "schema", "message")

    def __init__(self, error, root: dict):
        *where, keyword = error.schema_path
        schema = root
        for step in where:
            schema = schema[step]
        self.absolute_path = list(error.instance_path)
        self.validator, self.validator_value = keyword, schema.get(keyword)
        self.instance, self.schema, self.message = error.instance, schema, error.message


def _rank(keyword: str) -> int:
    return _PRIORITY.index(keyword) if keyword in _PRIORITY else len(_PRIORITY)
