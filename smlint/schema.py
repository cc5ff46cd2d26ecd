"""SM1xx: the request against the API model's JSON Schema (``rules/schema/sagemaker.json``).

jsonschema finds the failures; this module words them (field path, bad value, limit, what
to write instead) and says which values failed, so that other rules treat them as unknown.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace

from .model import (
    CFN_ENDPOINT,
    CREATE_ENDPOINT,
    DEPLOYMENT_CONFIG,
    UPDATE_ENDPOINT,
    Unresolved,
    field_name,
    literal,
    number,
    show_key,
)
from .readers.detect import UPDATE_ONLY
from .registry import rules_dir
from .suggest import closest

ROOT_SHAPES = {
    UPDATE_ENDPOINT: "UpdateEndpointInput",
    CREATE_ENDPOINT: "CreateEndpointInput",
    DEPLOYMENT_CONFIG: "DeploymentConfigFile",
    CFN_ENDPOINT: "CfnEndpointProperties",  # rules/schema/cloudformation.json
}

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


def api_schema() -> dict:
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = json.loads((rules_dir() / "schema" / "sagemaker.json").read_text(encoding="utf-8"))
    return _SCHEMA


_SCHEMA = None
_VALIDATORS: dict = {}
_TARGET_DEFS: dict = {}


def defs_for(kind: str, target: str = "") -> dict:
    """The shapes, as a target tool's own schema has them: ``rules/schema/<target>.json`` is
    a JSON Merge Patch (RFC 7386) of the API's ``$defs`` (Terraform: no retain arguments,
    alarm_name required, …; CloudFormation: the Endpoint resource's own shapes, added)."""
    defs = api_schema()["$defs"]
    if kind == CFN_ENDPOINT:
        target = "cloudformation"
    if not target:
        return defs
    if target not in _TARGET_DEFS:
        path = rules_dir() / "schema" / f"{target}.json"
        patch = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        patch = patch.get("$defs", patch)  # (a whole schema document, or a patch of $defs)
        patch.pop("$comment", None)
        _TARGET_DEFS[target] = _merge(defs, patch)
    return _TARGET_DEFS[target]


def _merge(target, patch):
    if not isinstance(patch, dict):
        return patch
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = _merge(out.get(key), value)
    return out


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


# Answer "valid?" with a compiled validator first (fastjsonschema, ~15x jsonschema; compiling
# costs ~20 ms once, less than importing jsonschema): jsonschema, which lists every failure,
# is imported and run only for a request that fails. Tests switch this off to compare.
FAST_PATH = True
_FAST: dict = {}


def _has(payload, types) -> bool:
    """Does ``payload`` hold a value of ``types`` anywhere?"""
    if isinstance(payload, dict):
        return any(_has(v, types) for v in payload.values())
    if isinstance(payload, list):
        return any(_has(v, types) for v in payload)
    return isinstance(payload, types)


def _certainly_valid(payload, kind: str, plain: bool, target: str = "") -> bool:
    """A quick yes from a compiled validator (fastjsonschema, ~15x jsonschema). It follows
    JSON Schema, where 600.0 is an integer: payloads holding a float take the full path.
    Unresolved values are validated as a marker that the compiled schema lets pass wherever
    a value stands, as the tolerant validator does (a key still counts as written)."""
    if not FAST_PATH:
        return False
    unknown = False
    if not plain:
        floats, unknown = _floats_and_unknowns(payload)
        if floats:
            return False
    key = (kind, target, unknown)
    if key not in _FAST:
        import fastjsonschema

        defs = defs_for(kind, target)
        schema = _inline(defs[ROOT_SHAPES[kind]], defs)
        _FAST[key] = (
            fastjsonschema.compile(_admitting_unknowns(schema) if unknown else schema),
            fastjsonschema.JsonSchemaException,
        )
    validate, failure = _FAST[key]
    try:
        validate(_marked(payload) if unknown else payload)
    except failure:
        return False
    return True


def _floats_and_unknowns(payload) -> tuple:
    """(holds a float, holds an Unresolved), in one walk."""
    floats = unknown = False
    stack = [payload]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, float):
            floats = True
        elif isinstance(value, Unresolved):
            unknown = True
    return floats, unknown


_UNKNOWN = "\x00smlint:unresolved"  # (no file smlint reads can hold a NUL)
_TYPED = {kind: f"\x00smlint:unresolved {kind}" for kind in ("integer", "float", "string", "boolean")}
# the types of unknown values each JSON Schema type admits
_ADMITS = {"integer": ("integer",), "number": ("integer", "float"), "string": ("string",), "boolean": ("boolean",)}


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
    return {"anyOf": [schema, {"enum": markers}]}  # (the usual case first: fastjsonschema tries in order)


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
    ``plain``: the loader saw no float and no Unresolved value in it (else we look).
    ``target``: the tool whose own schema applies (Document.target); ``language``: how the
    messages spell the user's values (Document.language)."""
    if _certainly_valid(payload, kind, plain, target):
        return []
    found: dict = {}
    tolerant = not plain and _has(payload, Unresolved)
    items = [
        item
        for error in _validator(kind, tolerant, target).iter_errors(payload)
        for item in _explain(error, kind, language)
    ]
    if kind == CFN_ENDPOINT:  # CloudFormation validates against its resource schema, not boto3
        items = [replace(item, message=_for_cloudformation(item).message) for item in items]
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
    return list(found.values())


CLIENT = "boto3 and the AWS CLI reject it before sending"
SERVICE = "SageMaker rejects it; boto3 does not check this"
SAGEMAKER = "SageMaker rejects it"  # (left as is in a target's words: the target lets it through)


_CFN_WORDING = (
    (CLIENT, "CloudFormation rejects it"),
    (SERVICE, "CloudFormation rejects it"),
    ("boto3 and the AWS CLI reject the request without it", "CloudFormation rejects the resource without it"),
    ("the request lacks", "the resource's Properties lack"),
    ("not a member of the request", "not a member of the resource's Properties"),
)


def _for_cloudformation(item: ShapeError) -> ShapeError:
    message = item.message
    for api, cfn in _CFN_WORDING:
        message = message.replace(api, cfn)
    return ShapeError(item.keyword, item.path, message, item.invalidates, item.suggestion)


def _rank(keyword: str) -> int:
    return _PRIORITY.index(keyword) if keyword in _PRIORITY else len(_PRIORITY)


def _explain(error, kind: str, language: str = ""):
    path = tuple(error.absolute_path)
    keyword = error.validator
    instance = error.instance
    schema = error.schema
    where = field_name(path)
    if keyword == "required":
        for name in error.validator_value:
            if isinstance(instance, dict) and name not in instance:
                expected = _describe(schema.get("properties", {}).get(name, {}))
                owner = "the request" if not path else where
                yield ShapeError(
                    keyword,
                    path + (name,),
                    f"{owner} lacks required field {name} ({expected}); boto3 and the AWS CLI reject "
                    "the request without it",
                    help=f"add {name}",
                )
    elif keyword == "additionalProperties":
        members = list(schema.get("properties", {}))
        for name in instance:
            if name not in members:
                message, help = _unknown_field(path, name, members, kind, instance)
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
        message, help = _wrong_type(where, instance, expected, language)
        yield ShapeError(keyword, path, message, (path,), _typed(instance, expected), help)
    elif keyword in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        limit = f"between {low} and {high}" if high is not None else f"at least {low}"
        unit = " seconds" if str(path[-1]).endswith("Seconds") else ""
        fix = low if instance < low else high
        who = CLIENT if instance < low else SERVICE  # botocore checks minimums only
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
            f"{where} is {_show(instance, language)}; it must be one of {', '.join(allowed)}, case-sensitive ({SERVICE})",
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
        who = CLIENT if count < low else SERVICE
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


def _unknown_field(path, key, members, kind, instance=None) -> tuple:
    """(message, help)"""
    where, name = field_name(path), show_key(key)
    owner = where if path else ("CreateEndpoint" if kind == CREATE_ENDPOINT else "the request")
    if kind == CREATE_ENDPOINT and not path and name in UPDATE_ONLY:
        return (
            f"{name} is an UpdateEndpoint field; CreateEndpoint does not accept it (boto3 rejects it)",
            "remove it, or send this request with update_endpoint",
        )
    text = f"unknown field {field_name(path + (key,))}: not a member of {owner}"
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


def _wrong_type(where, instance, expected, language: str = "") -> tuple:
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
        fix = "convert it with int(...)" if expected == "integer" and instance.type in ("float", "string") else ""
        who = SERVICE if expected == "integer" and instance.type == "boolean" else CLIENT
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
    who = SERVICE if expected == "integer" and isinstance(instance, bool) else CLIENT
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
