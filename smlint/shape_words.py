"""How a shape failure is worded: the field, the value written, the limit, who rejects it (in
the words of the request's dialect) and what to write instead, from one jsonschema error
(or jsonschema-rs's, seen the same way: smlint.schema)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from .dialects import API, SAGEMAKER, Dialect
from .model import CREATE_ENDPOINT, Unresolved
from .readers.detect import UPDATE_ONLY
from .shapes import api_schema
from .suggest import closest
from .wording import field_name, literal, number, show_key


@dataclass(frozen=True)
class ShapeError:
    keyword: str
    path: tuple
    message: str
    invalidates: tuple = ()  # paths of the values other rules must treat as unknown
    # the value to write instead, when one follows from the error (a fix: smlint.fixers)
    suggestion: object = None
    help: str = ""  # what to write instead, in words (Finding.help)


def explain(error, kind: str, dialect: Dialect = API, language: str = ""):
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
