"""Configuration: ``.smlint.toml``, ``.smlint.yaml`` or ``[tool.smlint]`` in ``pyproject.toml``,
found from each linted path upward; validated against ``config.schema.json``.

In one folder, ``.smlint.toml`` wins over ``.smlint.yaml`` (then ``.smlint.yml``), which win
over ``pyproject.toml``; a ``pyproject.toml`` without ``[tool.smlint]`` is passed over, as ruff
does. The nearest folder with a config wins; configs are not merged. Globs and folders in a
config are relative to the folder that holds it.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path

NAMES = (".smlint.toml", ".smlint.yaml", ".smlint.yml", "pyproject.toml")
PYPROJECT_TABLE = ("tool", "smlint")


class ConfigError(Exception):
    """A config file that cannot be used: exit 2, with ``file:line``."""


@dataclass(frozen=True)
class Config:
    """One config file, resolved: plain values only (it travels with the linter's options)."""

    source: str | None = None  # the file, None for the built-in defaults
    base: str = ""  # the folder globs and rules-dirs are relative to (absolute)
    select: tuple = ()
    extend_select: tuple = ()
    ignore: tuple = ()
    per_file_ignores: tuple = ()  # (glob, field prefix or None, codes)
    severity: tuple = ()  # (rule id, severity)
    fail_on: str | None = None
    instance_count: int | None = None
    exclude: tuple = ()
    force_exclude: bool = False
    rules_dirs: tuple = ()  # absolute folders
    context: tuple = ()  # absolute files, folders or globs read only for their endpoint configs
    var_files: tuple = ()  # (absolute Terraform folder, ((absolute file, as written), …))
    locations: tuple = ()  # (rule code, key path) of every code it names, checked once rules are known
    fixable: tuple | None = None  # rules whose fixes --fix may apply (None: all), as ruff's lists
    unfixable: tuple = ()  # rules whose fixes are never applied


DEFAULT = Config()


# -- finding and reading -------------------------------------------------------------------


def discover(path: str, cache: dict | None = None) -> Config:
    """The config that applies to ``path``: the nearest one in its folder or above."""
    start = os.path.abspath(path)
    folder = start if os.path.isdir(start) else os.path.dirname(start)
    seen = []
    while True:
        if cache is not None and folder in cache:
            found = cache[folder]
            break
        found = _config_in(folder)
        seen.append(folder)
        if found is not None:
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            found = DEFAULT
            break
        folder = parent
    if cache is not None:
        for f in seen:
            cache[f] = found
    return found


def _config_in(folder: str) -> Config | None:
    for name in NAMES:
        candidate = os.path.join(folder, name)
        if not os.path.isfile(candidate):
            continue
        if name == "pyproject.toml":
            text = _read(candidate)
            if "smlint" not in text:
                continue
            data = _toml(candidate, text)
            if not isinstance(data.get("tool"), dict) or "smlint" not in data["tool"]:
                continue
        return load(candidate)
    return None


def load(path: str) -> Config:
    """Read and validate one config file (``--config PATH`` names it directly)."""
    data, locate = _read_config(path)
    _validate(path, data, locate)
    return _resolve(path, data, locate)


def _locator(path: str):
    return _read_config(path)[1]


def _read_config(path: str) -> tuple:
    """(the settings, ``keys -> "file:line"``)."""
    text = _read(path)
    name = os.path.basename(path)
    if name.endswith((".yaml", ".yml")):
        data, locate = _yaml(path, text)
    else:
        data = _toml(path, text)
        if name == "pyproject.toml":
            tool = data.get("tool")
            data = tool.get("smlint", {}) if isinstance(tool, dict) else {}
            prefix = PYPROJECT_TABLE
        else:
            prefix = ()
        if not isinstance(data, dict):
            raise ConfigError(f"{shown(path)}:1: [tool.smlint] must be a table")
        found: dict = {}

        def locate(keys: tuple) -> str:
            # (only asked for on an error: a statement at a time through tomllib is not free)
            if "lines" not in found:
                found["lines"] = toml_lines(text)
            lines, full = found["lines"], prefix + tuple(keys)
            while full and full not in lines:
                full = full[:-1]
            return f"{shown(path)}:{lines.get(full, 1)}"

    return data, locate


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{shown(path)}: cannot read config: {getattr(exc, 'strerror', None) or exc}"
        ) from None


def _toml(path: str, text: str) -> dict:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(str(exc), text)
        raise ConfigError(f"{shown(path)}:{line}: invalid TOML: {str(exc).split(' (at ')[0]}") from None


def _toml_error_line(message: str, text: str) -> int:
    import re

    m = re.search(r"at line (\d+)", message)
    if m:
        return int(m.group(1))
    return max(1, len(text.splitlines())) if "end of document" in message else 1


def shown(path: str) -> str:
    """A config's path in messages: relative to the working folder when it is inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if rel.startswith("..") else rel


def toml_lines(text: str) -> dict:
    """Key path -> line of every key and table header of a valid TOML document. tomllib
    keeps no positions; each statement (a header, or a key/value that may span lines) is
    handed to tomllib on its own, so that tomllib, not a hand-written grammar, says where a
    statement ends and which keys it holds."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    lines: dict = {}
    table: tuple = ()
    statement, start = "", 1
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        if not statement:
            start = number
        elif not any(c in line for c in "\"']"):
            statement += line  # only a closing quote or bracket can end a multi-line statement
            continue
        statement += line
        try:
            data = tomllib.loads(statement)
        except tomllib.TOMLDecodeError:
            continue  # the statement goes on (a multi-line string or array)
        head = statement.lstrip()
        statement = ""
        if not data:
            continue  # blank lines and comments
        if head.startswith("["):
            table = _header_path(data)
            for depth in range(1, len(table) + 1):
                lines.setdefault(table[:depth], start)
            continue
        for keys in _key_paths(data):
            lines.setdefault(table + keys, start)
    return lines


def _header_path(data) -> tuple:
    path: tuple = ()
    while isinstance(data, (dict, list)) and data:
        if isinstance(data, list):
            data = data[-1]
            continue
        ((key, data),) = data.items()
        path += (key,)
    return path


def _key_paths(data, prefix: tuple = ()):
    for key, value in data.items():
        yield prefix + (key,)
        if isinstance(value, dict):
            yield from _key_paths(value, prefix + (key,))


def _yaml(path: str, text: str) -> tuple:
    from .readers.yaml import load_yaml

    parsed = load_yaml(text)
    if parsed.error:
        err = parsed.error
        raise ConfigError(f"{shown(path)}:{err.line}:{err.column}: {err.message}")
    if len(parsed.documents) > 1:
        raise ConfigError(f"{shown(path)}: a config file holds one YAML document")
    if not parsed.documents:
        return {}, lambda keys: f"{shown(path)}:1"
    doc = parsed.documents[0]

    def locate(keys: tuple) -> str:
        pos = doc.source_map.resolve(tuple(keys))
        return f"{shown(path)}:{pos.line}:{pos.column}"

    return doc.value if doc.value is not None else {}, locate


def _schema() -> dict:
    return json.loads((Path(__file__).parent / "config.schema.json").read_text(encoding="utf-8"))


def _valid(data) -> bool:
    """A quick yes from jsonschema-rs (compiled in about a millisecond; a config is read on
    every run); jsonschema, slower to import, words what is wrong. What jsonschema-rs cannot
    hold exactly (TOML's dates, an integer past 64 bits) jsonschema judges."""
    from .json_kinds import kinds

    validator = _compiled()
    return validator is not None and not kinds(data)[2] and validator.is_valid(data)


@functools.cache
def _compiled():
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover
        return None
    return jsonschema_rs.validator_for(_schema())


def _validate(path: str, data, locate) -> None:
    if _valid(data):
        return
    # jsonschema says where and what, for the error message
    from jsonschema import Draft202012Validator

    schema = _schema()
    errors = sorted(
        Draft202012Validator(schema).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))
    )
    if not errors:
        return
    first = errors[0]
    keys = tuple(first.absolute_path)
    if first.validator == "additionalProperties" and first.instance is not None:
        # name the unknown key and point at it, not at its table
        unknown = sorted(set(first.instance) - set(first.schema.get("properties", {})))
        if unknown and first.schema.get("additionalProperties") is False:
            keys += (unknown[0],)
            from .suggest import closest

            meant = closest(unknown[0], first.schema.get("properties", {}), cutoff=0.7)
            hint = f" (did you mean {meant}?)" if meant else ""
            raise ConfigError(f"{locate(keys)}: unknown config key {_dotted(keys)}{hint}")
    if "propertyNames" in first.relative_schema_path:  # a key, not a value, is wrong
        what = "is not a rule id" if keys == ("severity",) else "is not a valid key here"
        keys += (first.instance,)
        raise ConfigError(f"{locate(keys)}: {_dotted(keys)}: {first.instance!r} {what}")
    raise ConfigError(f"{locate(keys)}: {_dotted(keys) or 'config'}: {first.message}")


def _dotted(keys) -> str:
    return ".".join(str(k) for k in keys)


def _resolve(path: str, data: dict, locate) -> Config:
    base = os.path.dirname(os.path.abspath(path))
    dirs = []
    for index, folder in enumerate(data.get("rules-dirs", ())):
        full = os.path.normpath(os.path.join(base, folder))
        if not os.path.isdir(full):
            raise ConfigError(f"{locate(('rules-dirs', index))}: rules-dirs: {folder} is not a folder")
        dirs.append(full)
    context = []
    for index, entry in enumerate(data.get("context", ())):
        full = os.path.normpath(os.path.join(base, entry))
        if not glob_magic(entry) and not os.path.exists(full):
            raise ConfigError(
                f"{locate(('context', index))}: context: {entry} is neither a file nor a folder"
            )
        context.append(full)
    var_files = []
    for folder, names in data.get("var-files", {}).items():
        found = []
        for index, name in enumerate(names):
            full = os.path.normpath(os.path.join(base, name))
            if not os.path.isfile(full):
                raise ConfigError(f"{locate(('var-files', folder, index))}: var-files: {name} is not a file")
            found.append((full, name))
        var_files.append((os.path.normpath(os.path.join(base, folder)), tuple(found)))
    per_file = []
    for pattern, codes in data.get("per-file-ignores", {}).items():
        glob, _, pointer = pattern.partition("#")
        per_file.append((_clean_glob(glob), _pointer_field(pointer) if pointer else None, _upper(codes)))
    codes_at = []  # (code, key path): located only if the code turns out to match no rule
    for key in ("select", "extend-select", "ignore", "fixable", "unfixable"):
        for index, code in enumerate(data.get(key, ())):
            codes_at.append((code.upper(), (key, index)))
    for code in data.get("severity", {}):
        codes_at.append((code.upper(), ("severity", code)))
    for pattern, codes in data.get("per-file-ignores", {}).items():
        for index, code in enumerate(codes):
            codes_at.append((code.upper(), ("per-file-ignores", pattern, index)))
    return Config(
        source=path,
        base=base,
        select=_upper(data.get("select", ())),
        extend_select=_upper(data.get("extend-select", ())),
        ignore=_upper(data.get("ignore", ())),
        per_file_ignores=tuple(per_file),
        severity=tuple((k.upper(), v) for k, v in data.get("severity", {}).items()),
        fail_on=data.get("fail-on"),
        instance_count=data.get("instance-count"),
        exclude=tuple(_clean_glob(g) for g in data.get("exclude", ())),
        force_exclude=bool(data.get("force-exclude", False)),
        rules_dirs=tuple(dirs),
        context=tuple(context),
        var_files=tuple(var_files),
        locations=tuple(codes_at),
        fixable=_upper(data["fixable"]) if "fixable" in data else None,
        unfixable=_upper(data.get("unfixable", ())),
    )


def glob_magic(pattern: str) -> bool:
    return any(c in pattern for c in "*?[")


def _upper(codes) -> tuple:
    return tuple(c.upper() for c in codes)


def _clean_glob(glob: str) -> str:
    glob = glob.strip().replace("\\", "/")
    while glob.startswith("./"):
        glob = glob[2:]
    return glob.rstrip("/") or "*"


def _pointer_field(pointer: str) -> str:
    """``/DeploymentConfig/Alarms/0`` -> ``DeploymentConfig.Alarms[0]``: findings name fields
    in this dotted form."""
    from .wording import field_name

    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    return field_name(tuple(int(p) if p.isdigit() else p for p in parts)) if parts else ""


def check_codes(config: Config, ids) -> None:
    """Every rule code the config names must match a rule id (custom rules included)."""
    from .policies import unknown_codes

    for code, keys in config.locations:
        if unknown_codes(ids, [code]):
            raise ConfigError(f"{_locator(config.source)(keys)}: no rule matches {code} (see `smlint rules`)")
