"""SM1xx: the request against the API model's JSON Schema (``rules/schema/sagemaker.json``).

jsonschema finds the failures; this module words them (field path, bad value, limit, what
to write instead) and says which values failed, so that other rules treat them as unknown.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache

from .dialects import API, SAGEMAKER, Dialect, dialect_of
from .model import CREATE_ENDPOINT, Unresolved, walk
from .readers.detect import UPDATE_ONLY
from .shapes import ROOT_SHAPES, api_schema, defs_for
from .suggest import closest
from .wording import field_name, literal, number, show_key

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


@dataclass(frozen=True)
class ShapeError:
    keyword: str
    path: tuple
    message: str
    invalidates: tuple = ()  # paths of the values other rules must treat as unknown
    # the value to write instead, when one follows from the error (a fix: smlint.fixers)
    suggestion: object = None
    help: str = ""  # what to write instead, in words (Finding.help)


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


# Answer "valid?" with a compiled validator first (jsonschema-rs, in Rust: ~20x jsonschema,
# compiled in about a millisecond), and list the failures of a request that holds no float and
# no unknown value with it too; jsonschema, which takes smlint's own type checker (600.0 is no
# integer) and lets unknown values pass, is imported only for the others. Tests switch the
# fast path off to compare.
FAST_PATH = True


@cache
def _compiled(kind: str, target: str, unknown: bool):
    """jsonschema-rs's validator of ``kind``'s schema (admitting smlint's markers of unknown
    values when ``unknown``); None where jsonschema-rs is not installed (its wheels are
    CPython's): jsonschema then does all the work."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - CPython wheels exist for every supported platform
        return None
    defs = defs_for(kind, target)
    schema = _inline(defs[ROOT_SHAPES[kind]], defs)
    return jsonschema_rs.validator_for(_admitting_unknowns(schema) if unknown else schema)


@cache
def _inlined(kind: str, target: str) -> dict:
    defs = defs_for(kind, target)
    return _inline(defs[ROOT_SHAPES[kind]], defs)


def _has(payload, types) -> bool:
    """Does ``payload`` hold a value of ``types`` anywhere?"""
    if isinstance(payload, dict):
        return any(_has(v, types) for v in payload.values())
    if isinstance(payload, list):
        return any(_has(v, types) for v in payload)
    return isinstance(payload, types)


def _certainly_valid(payload, kind: str, plain: bool, target: str = "") -> bool:
    """A quick yes from a compiled validator (jsonschema-rs). It follows
    JSON Schema, where 600.0 is an integer: payloads holding a float take the full path.
    Unresolved values are validated as a marker that the compiled schema lets pass wherever
    a value stands, as the tolerant validator does (a key still counts as written)."""
    if not FAST_PATH:
        return False
    floats, unknown, exotic = _kinds(payload)
    if floats or exotic:
        return False
    validator = _compiled(kind, target, unknown)
    return validator is not None and validator.is_valid(_marked(payload) if unknown else payload)


_INT64 = 1 << 63


def _kinds(payload) -> tuple:
    """(holds a float, holds an Unresolved, holds what JSON Schema in Rust cannot judge as
    Python does: an integer past 64 bits, a key that is no string, a string that is no
    UTF-8, a value of no JSON type), in one walk."""
    floats = unknown = exotic = False
    stack = [payload]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        value = pop()
        kind = type(value)
        if kind is str:
            if not value.isascii() and not _utf8(value):
                exotic = True
        elif kind is dict:
            for key, item in value.items():
                if type(key) is not str or (not key.isascii() and not _utf8(key)):
                    exotic = True
                push(item)
        elif kind is list:
            extend(value)
        elif kind is int:
            if not -_INT64 <= value < _INT64:
                exotic = True
        elif kind is float:
            floats = True
        elif isinstance(value, Unresolved):
            unknown = True
        elif kind is not bool and value is not None:
            exotic = True
    return floats, unknown, exotic


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


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


def shape_errors(payload, kind: str, plain: bool = False, target: str = "", language: str = "") -> list:
    """Every shape failure of ``payload``, at most one per field, in document order.
    ``plain``: the reader saw no float and no Unresolved value in it (else we look).
    ``target``: the tool whose own schema applies (Document.target); ``language``: how the
    messages spell the user's values (Document.language)."""
    if _certainly_valid(payload, kind, plain, target):
        return []
    found: dict = {}
    floats, unknown, exotic = _kinds(payload)
    dialect = dialect_of(kind, target)  # who rejects what, in the words of the tool that sends it
    validator = _compiled(kind, target, False) if FAST_PATH and not (floats or unknown or exotic) else None
    if validator is not None:  # (JSON Schema's types are botocore's when there is no float)
        errors = (_Failure(e, _inlined(kind, target)) for e in validator.iter_errors(payload))
    else:
        errors = _validator(kind, unknown, target).iter_errors(payload)
    items = [item for error in errors for item in _explain(error, kind, dialect, language)]
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
    """A jsonschema-rs error, seen as ``_explain`` reads jsonschema's: the failing keyword, its
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


def _explain(error, kind: str, dialect: Dialect = API, language: str = ""):
    path = tuple(error.absolute_path)
    keyword = error.validator
    instance = error.instance
    schema = error.schema
    where = dialect.field(path)
    if keyword == "required":
        for name in error.validator_value:
            if isinstance(instance, dict) and name not in instance:
                expected = _describe(schema.get("properties", {}).get(name, {}))
                lacks = dialect.root_lacks if not path else f"{where} lacks"
                yield ShapeError(
                    keyword,
                    path + (name,),
                    f"{lacks} required field {name} ({expected}); {dialect.missing}",
                    help=f"add {dialect.argument(name)}",
                )
    elif keyword == "additionalProperties":
        members = list(schema.get("properties", {}))
        for name in instance:
            if name not in members:
                message, help = _unknown_field(path, name, members, kind, instance, dialect)
                yield ShapeError(
                    keyword,
                    path + (name,),
                    message,
                    # Other rules never read a non-member (an update-only field in a
                    # CreateEndpoint request is not there for them); and the member it was
                    # meant to be (`canarySize`, or a CanarySize one level too high) is
                    # unknown to them, not missing.
                    (path + (name,),) + _meant(path, name, members, instance),
                    help=help,
                )
    elif keyword == "type":
        expected = error.validator_value
        message, help = _wrong_type(where, instance, expected, language, dialect)
        yield ShapeError(keyword, path, message, (path,), _typed(instance, expected), help)
    elif keyword in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        # (an upper limit the tool checks as a rule of its own, SM601, is still said with the lower)
        stated = high if high is not None else dialect.upper_limits.get(path[-1]) if path else None
        limit = f"between {low} and {stated}" if stated is not None else f"at least {low}"
        unit = " seconds" if str(path[-1]).endswith("Seconds") else ""
        fix = low if instance < low else high
        who = dialect.client if instance < low else dialect.service  # botocore checks minimums only
        yield ShapeError(
            keyword,
            path,
            f"{where} is {number(instance)}; it must be {limit}{unit} ({who})",
            (path,),
            fix,
            f"use {fix} or a value within the range",
        )
    elif keyword == "enum":
        allowed = error.validator_value
        guess = closest(str(instance), allowed)
        hint = f"did you mean {guess}?" if guess else f"use one of {', '.join(allowed)}"
        yield ShapeError(
            keyword,
            path,
            f"{where} is {_show(instance, language)}; it must be one of {', '.join(allowed)}, case-sensitive ({dialect.service})",
            (path,),
            guess,
            hint,
        )
    elif keyword in ("pattern", "maxLength", "minLength"):
        message, help = _bad_name(where, path, instance, schema)
        yield ShapeError(keyword, path, message, (path,), help=help)
    elif keyword in ("minItems", "maxItems"):
        low, high = schema.get("minItems", 0), schema.get("maxItems")
        noun = "alarm" if path and path[-1] == "Alarms" else "item"
        count = len(instance)
        limit = f"{low} to {high}" if low else f"at most {high}"
        fix = (
            "add an alarm, or remove AutoRollbackConfiguration"
            if noun == "alarm" and count < low
            else f"keep at most {high}"
        )
        who = dialect.client if count < low else dialect.service
        if keyword in schema.get("x-sagemaker-only", ()):  # a limit of the API the target's schema lacks
            who = SAGEMAKER
        yield ShapeError(
            keyword,
            path,
            f"{where} has {count} {noun}{'s' if count != 1 else ''}; it must list {limit} ({who})",
            (path,),
            help=fix,
        )
    else:  # a keyword the schema gained without a wording here: still reported, plainly
        yield ShapeError(keyword, path, f"{where}: {error.message}", (path,))


def _unknown_field(path, key, members, kind, instance=None, dialect: Dialect = API) -> tuple:
    """(message, help)"""
    where, name = field_name(path), show_key(key)
    owner = where if path else ("CreateEndpoint" if kind == CREATE_ENDPOINT else dialect.root)
    if kind == CREATE_ENDPOINT and not path and name in UPDATE_ONLY:
        return (
            f"{name} is an UpdateEndpoint field; CreateEndpoint does not accept it (boto3 rejects it)",
            "remove it, or send this request with update_endpoint",
        )
    text = f"unknown field {field_name(path + (key,))}{dialect.unknown}: not a member of {owner}"
    guess = _guess(key, members)
    if guess:
        return text, f"did you mean {guess}?"
    home = _home_of(key, path, instance)
    if home:
        return text, f"{name} belongs under {home}: move it there"
    return f"{text} (members: {', '.join(members)})", "remove it"


def _meant(path, name, members, instance) -> tuple:
    """Paths of the member that an unknown key probably stands for."""
    guess = _guess(name, members)
    if guess:
        return () if guess in instance else (path + (guess,),)
    home = _home_of(name, path, instance)
    if home is None:
        return ()
    child = instance.get(home)
    if isinstance(child, dict):  # belongs in a child object
        return () if name in child else (path + (home, name),)
    for depth in range(len(path) - 1, -1, -1):  # belongs in an enclosing object
        if path[depth] == home:
            return (path[: depth + 1] + (name,),)
    return ()


def _guess(name: str, members) -> str | None:
    """The member a key most likely stands for: a close spelling; the name of the member's
    shape, which people write as the key (``TrafficRoutingConfig`` for
    TrafficRoutingConfiguration, ``AutoRollbackConfig``); or the one member whose name ends
    with the key (``Name`` for AlarmName)."""
    guess = closest(name, members)
    if guess or not isinstance(name, str):
        return guess
    defs = api_schema()["$defs"]
    by_shape = [
        m
        for m in members
        if _shape_name(defs, m) is not None and _shape_name(defs, m).lower() == name.lower()
    ]
    if len(by_shape) == 1:
        return by_shape[0]
    if len(name) >= 4:
        ending = [m for m in members if m.lower().endswith(name.lower()) and m.lower() != name.lower()]
        if len(ending) == 1:
            return ending[0]
    return None


def _shape_name(defs: dict, member: str) -> str | None:
    """The API shape a member holds (TrafficRoutingConfiguration holds TrafficRoutingConfig)."""
    for shape in defs.values():
        node = shape.get("properties", {}).get(member)
        if isinstance(node, dict):
            node = node.get("items", node)
            ref = node.get("$ref", "")
            if ref:
                return ref.rsplit("/", 1)[-1]
    return None


def _home_of(name: str, path: tuple = (), instance=None) -> str | None:
    """The one member, a child of this object or one of its parents, whose shape has
    ``name`` (CanarySize written under BlueGreenUpdatePolicy belongs under
    TrafficRoutingConfiguration). None when there is no such member or more than one (a
    stray Value could belong under any CapacitySize)."""
    defs = api_schema()["$defs"]
    shapes = {n for n, shape in defs.items() if name in shape.get("properties", {})}
    homes = {
        member
        for parent in defs.values()
        for member, sub in parent.get("properties", {}).items()
        if sub.get("$ref", "").rsplit("/", 1)[-1] in shapes
    }
    nearby = {m for m in homes if (isinstance(instance, dict) and m in instance) or m in path}
    candidates = nearby or homes
    return next(iter(candidates)) if len(candidates) == 1 else None


def _typed(instance, expected):
    """The value a string stands for, when it is a number or boolean written in quotes."""
    if not isinstance(instance, str):
        return None
    digits = instance.strip().lstrip("-")
    if expected == "integer" and digits.isdecimal() and digits.isascii() and len(digits) <= 18:
        return int(instance)
    if expected == "boolean" and instance.strip().lower() in ("true", "false"):
        return instance.strip().lower() == "true"
    return None


def _wrong_type(where, instance, expected, language: str = "", dialect: Dialect = API) -> tuple:
    """(message, help)"""
    true, false = literal(True, language), literal(False, language)
    want = {
        "integer": "an integer",
        "boolean": f"{true} or {false}",  # (not "a boolean (true or false) (boto3 …)")
        "string": "a string",
        "object": "an object",
        "array": "a list",
    }.get(expected, expected)
    if isinstance(instance, Unresolved):  # its value is unknown, its type is not
        kind = {"integer": "an integer", "float": "a float", "string": "a string", "boolean": "a boolean"}
        shown = kind.get(instance.type, instance.type)
        expr = f" (`{instance.expr}`)" if instance.expr else ""
        fix = (
            "convert it with int(...)"
            if expected == "integer" and instance.type in ("float", "string")
            else ""
        )
        who = dialect.service if expected == "integer" and instance.type == "boolean" else dialect.client
        return f"{where} is {shown}{expr}, whatever its value; it must be {want} ({who})", fix
    fix = ""
    digits = instance.strip().lstrip("-") if isinstance(instance, str) else ""
    if expected == "integer" and digits.isdecimal() and len(digits) <= 18:
        fix = f"write {int(instance)} without quotes"
    elif expected == "integer" and isinstance(instance, float) and math.isfinite(instance):
        fix = f"write a whole number such as {number(round(instance))}"
    elif (
        expected == "boolean" and isinstance(instance, str) and instance.strip().lower() in ("true", "false")
    ):
        fix = f"write {literal(instance.strip().lower() == 'true', language)} without quotes"
    elif expected == "boolean" and isinstance(instance, (str, int)):
        fix = f"write {true} or {false}"
    elif expected == "string" and isinstance(instance, (int, float)):  # YAML read 20260101 as a number
        fix = f'quote it: "{str(instance).lower() if isinstance(instance, bool) else instance}"'
    elif expected == "array" and isinstance(instance, dict):
        fix = "wrap the object in a list"
    elif expected == "object" and instance is not None:
        fix = "write an object of its members ({...})"
    elif instance is None:
        fix = "give it a value, or remove the key"
    shown = _show(instance, language)
    if isinstance(instance, str):
        shown = "the string " + _show(instance).removeprefix("the string ")
    elif isinstance(instance, int) and not isinstance(instance, bool):
        shown = f"the integer {number(instance)}"
    # botocore's integer check is isinstance(value, int), which a bool passes
    who = dialect.service if expected == "integer" and isinstance(instance, bool) else dialect.client
    return f"{where} is {shown}; it must be {want} ({who})", fix


def _bad_name(where, path, instance, schema) -> tuple:
    """(message, help)"""
    if "Tags" in path:
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        what = "tag key" if path[-1] == "Key" else "tag value"
        return f"{where} is {len(instance)} characters long; a {what} has {low} to {high}", "fix its length"
    if path and path[-1] == "AlarmName":
        if not instance.strip():
            return (
                f"{where} is {_show(instance)}; an alarm name must not be empty or blank",
                "name a CloudWatch alarm",
            )
        return (
            f"{where} is {len(instance)} characters long; an alarm name has at most 255",
            "use the alarm's real name",
        )
    if len(instance) > schema.get("maxLength", len(instance)):
        return (
            f"{where} is {len(instance)} characters long; SageMaker names have at most {schema['maxLength']}",
            "shorten it",
        )
    return (
        f"{where} is {_show(instance)}, not a valid SageMaker name",
        "use 1-63 letters, digits and hyphens, starting and ending with a letter or digit (no underscores, "
        "dots or spaces)",
    )


def _show(value, language: str = "") -> str:
    """A value the user wrote, for a message: spelt as the request's language spells it."""
    if isinstance(value, bool):
        return f"the boolean {literal(value, language)}"
    if isinstance(value, str):
        shown = (
            _quoted(value) if len(value) <= 80 else f'{_quoted(value[:40])[:-1]}…" ({len(value)} characters)'
        )
        return f"the string {shown}" if not value or value.strip() != value else shown
    if isinstance(value, float):
        text = (
            repr(value)
            if math.isfinite(value)
            else {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}[repr(value)]
        )
        return f"the float {text}"
    if value is None:
        return literal(None, language)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int):
        return number(value)
    return f"a {type(value).__name__} value"  # (not JSON: a complex number, bytes, …)


def _quoted(text: str) -> str:
    """JSON quotes, keeping readable characters as they are (modèle, not mod\\u00e8le)."""
    return json.dumps(text, ensure_ascii=False) if text.isprintable() else json.dumps(text)


def _describe(schema: dict) -> str:
    """What a member holds, for 'add X (…)' hints."""
    kind = schema.get("type")
    if "$ref" in schema or kind == "object":
        return "an object"
    if kind == "array":
        return "a list"
    if "enum" in schema:
        return "one of " + ", ".join(schema["enum"])
    if kind == "integer" and "minimum" in schema and "maximum" in schema:
        unit = " seconds" if schema["maximum"] >= 3600 else ""
        return f"an integer, {schema['minimum']} to {schema['maximum']}{unit}"
    if kind == "integer":
        return "an integer"
    if kind == "string":
        return "a string"
    return kind or "a value"
