"""The rule set: rule files under ``rules/`` validated against the rule meta-schema.

A rule is data (id, name, severity, docs, examples) plus one of three implementations:
``schema-keywords`` (its findings are failures of those JSON Schema keywords against the API
schema), ``check`` (a Python function in ``smlint.checks``), or ``given`` + ``assert``
(a JSON Schema applied at a pointer, the form users write their own policies in).
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path


class RuleError(Exception):
    """A rule file is malformed: a usage error (exit 2), with its location."""


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: str
    summary: str
    docs: dict
    source: str  # the rule file
    check: str | None = None
    schema_keywords: tuple = ()
    given: str | None = None
    assertion: object = None
    message: str | None = None
    help: str = ""  # a declarative rule's suggestion, shown after its message ({field}, {value} too)
    examples: dict = field(default_factory=dict)


def rules_dir() -> Path:
    """``rules/`` ships inside the wheel as ``smlint/rules``; in a source checkout (and an
    editable install) it is the top-level folder next to the package."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if (candidate / "rule.schema.json").is_file():
            return candidate
    raise RuleError(
        f"smlint's rules folder is missing (looked in {here / 'rules'} and {here.parent / 'rules'})"
    )


class RuleSet:
    def __init__(self, rules):
        self.rules = sorted(rules, key=lambda r: r.id)
        self.by_id = {r.id: r for r in self.rules}
        self.by_keyword = {kw: r for r in self.rules for kw in r.schema_keywords}

    def __iter__(self):
        return iter(self.rules)

    def select(self) -> frozenset:
        """The rules on by default: every rule except info-level advice (what --select,
        --ignore and the config change: smlint.settings.selection)."""
        return frozenset(r.id for r in self.rules if r.severity != "info")


def _matches(rule_id: str, patterns) -> bool:
    for pattern in patterns:
        pattern = pattern.strip().upper()
        if pattern == "ALL" or rule_id.startswith(pattern) or fnmatch.fnmatchcase(rule_id, pattern):
            return True
    return False


def load_rule_file(path: Path, validate: bool = True, known: dict | None = None) -> Rule:
    """The rule in ``path``. ``known``: an index of rule files already read (``INDEX``),
    whose data stands for a file whose bytes it has the digest of."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule file: {exc}") from None
    entry = (known or {}).get(path.name)
    if entry is not None and entry.get("sha256") == _digest(text):
        data = entry["rule"]
    else:
        data = _read_rule(path, text, validate)
    return Rule(
        id=data["id"],
        name=data["name"],
        severity=data["severity"],
        summary=data["summary"],
        docs=data["docs"],
        source=str(path),
        check=data.get("check"),
        schema_keywords=tuple(data.get("schema-keywords", ())),
        given=data.get("given"),
        assertion=data.get("assert"),
        message=data.get("message"),
        help=data.get("help", ""),
        examples=data.get("examples", {}),
    )


def _read_rule(path: Path, text: str, validate: bool) -> dict:
    try:
        # Fast path: the C loader, no positions. Only a broken file is read again with
        # positions, to say where it is broken.
        from .readers.libyaml import load_data

        documents = load_data(text)
    except Exception:
        documents = None
    if documents is None or len(documents) != 1 or not isinstance(documents[0], dict):
        _raise_located(path, text)
    if validate and next(_meta_validator().iter_errors(documents[0]), None):
        _raise_located(path, text)
    if validate:
        _check_policy(path, text, documents[0])
    return documents[0]


# The shipped rule files as JSON, each with the digest of its YAML's bytes: start-up reads
# this one file instead of composing 35 YAML documents (~35 ms of a one-file run). A rule
# file whose bytes differ from its digest (edited since) is read from its YAML, so the index
# can be stale but never wrong; a test keeps it current (SMLINT_REGOLD=1 rewrites it).
INDEX = "index.json"


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _index(folder: Path) -> dict:
    import json

    try:
        index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return index if isinstance(index, dict) else {}


def index_of(folder: Path) -> dict:
    """The index of ``folder``'s rule files, as ``INDEX`` holds it."""
    return {
        name: {"sha256": _digest(text), "rule": _read_rule(folder / name, text, validate=True)}
        for name in sorted(os.listdir(folder))
        if name.endswith((".yaml", ".yml"))
        for text in [(folder / name).read_text(encoding="utf-8")]
    }


def _raise_located(path: Path, text: str) -> None:
    """Say where a rule file breaks the YAML syntax or the rule meta-schema."""
    from .readers.yaml import load_yaml

    parsed = load_yaml(text)
    if parsed.error:
        raise RuleError(f"{path}:{parsed.error.line}:{parsed.error.column}: {parsed.error.message}")
    if len(parsed.documents) != 1:
        raise RuleError(f"{path}: a rule file holds exactly one YAML document")
    doc = parsed.documents[0]
    errors = sorted(_meta_validator().iter_errors(doc.value), key=lambda e: list(e.absolute_path))
    if not errors:  # e.g. a date that YAML's constructor made of a summary: not a string
        raise RuleError(
            f"{path}: not a valid rule file (see rules/rule.schema.json); quote dates and numbers"
        )
    first = errors[0]
    where = doc.source_map.resolve(tuple(first.absolute_path))
    location = "/".join(str(p) for p in first.absolute_path) or "(top level)"
    raise RuleError(f"{path}:{where.line}:{where.column}: {location}: {first.message}")


def _check_policy(path: Path, text: str, data: dict) -> None:
    """A user rule fails when it loads, never silently at lint time: its ``assert`` must be a
    valid JSON Schema (regular expressions that compile included) and its ``message`` may
    use only ``{field}`` and ``{value}``."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    if "assert" in data:
        checker = Draft202012Validator(
            Draft202012Validator.META_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        error = best_match(checker.iter_errors(data["assert"]))
        if error is not None:
            keys = ("assert", *error.absolute_path)
            what = (
                "is not a regular expression that compiles" if error.validator == "format" else error.message
            )
            shown = f"{error.instance!r} " if error.validator == "format" else ""
            raise RuleError(
                f"{_located(path, text, keys)}: {'/'.join(map(str, keys))}: {shown}{what} (assert must be a valid JSON Schema)"
            )
    for keys, ref in _refs(data.get("assert"), ("assert",)):
        if not _resolves(data["assert"], ref):
            raise RuleError(
                f"{_located(path, text, keys)}: {'/'.join(map(str, keys))}: {ref!r} does not resolve: "
                "a rule's $ref may only point inside its own assert (#/$defs/…); smlint fetches nothing"
            )
    for key in ("message", "help"):
        message = data.get(key)
        if not isinstance(message, str):
            continue
        try:
            message.format(field="", value="")
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            raise RuleError(
                f"{_located(path, text, (key,))}: {key}: only {{field}} and {{value}} can be filled in "
                f"({type(exc).__name__}: {exc}); write {{{{ and }}}} for braces"
            ) from None


def _refs(schema, keys: tuple):
    """(key path, reference) of every ``$ref`` and ``$dynamicRef`` in a schema."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key in ("$ref", "$dynamicRef") and isinstance(value, str):
                yield keys + (key,), value
            else:
                yield from _refs(value, keys + (key,))
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from _refs(value, keys + (index,))


def _resolves(schema, ref: str) -> bool:
    """A reference inside the schema itself: ``#`` or a JSON Pointer ``#/…`` that exists."""
    from urllib.parse import unquote

    if not ref.startswith("#"):
        return False
    node = schema
    for part in (p.replace("~1", "/").replace("~0", "~") for p in unquote(ref[1:]).split("/")[1:]):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False
    return True


def _located(path: Path, text: str, keys: tuple) -> str:
    from .readers.yaml import load_yaml

    parsed = load_yaml(text)
    where = parsed.documents[0].source_map.resolve(tuple(keys))
    return f"{path}:{where.line}:{where.column}"


@cache
def _meta_validator():
    import json

    from jsonschema import Draft202012Validator

    schema = json.loads((rules_dir() / "rule.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


@cache
def builtin_rules() -> RuleSet:
    """The rules shipped with smlint, loaded once per process."""
    # Shipped rule files are part of the code: the test suite validates every one of them
    # against the meta-schema, so start-up does not pay for jsonschema to do it again.
    folder = rules_dir()
    return load_rules([folder], validate=False, known=_index(folder))


def load_rules(folders, validate: bool = True, known: dict | None = None) -> RuleSet:
    from .checks import CHECKS

    rules = []
    seen: dict = {}
    for folder in folders:
        for name in sorted(os.listdir(folder)):
            if not name.endswith((".yaml", ".yml")):
                continue
            rule = load_rule_file(Path(folder) / name, validate, known)
            if rule.id in seen:
                raise RuleError(f"{rule.source}: rule id {rule.id} is already defined in {seen[rule.id]}")
            if rule.check and getattr(CHECKS.get(rule.id), "__name__", None) != rule.check:
                raise RuleError(
                    f"{rule.source}: check {rule.check!r} is not the check smlint registers for {rule.id}"
                )
            seen[rule.id] = rule.source
            rules.append(rule)
    return RuleSet(rules)
