"""Test helpers: render request payloads as JSON or block YAML *and* record where every field
lands (1-based line and column, in characters). The positions are worked out here, while
writing the text, independently of smlint's loaders, so tests can compare the two.

``render(payload, fmt, indent=..., newline=...)`` returns ``Rendered(text, keys, values)``:
``keys[path]`` is the (line, column) of the key of the field at ``path`` (absent for list
items and the root), ``values[path]`` the (line, column) where its value starts.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field


@dataclass
class Rendered:
    text: str
    keys: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)

    def where(self, path: tuple) -> tuple:
        """Where smlint must point for a finding about ``path`` (the catalog's rule): the key
        of the field, else its value (list items), else the closest ancestor that exists."""
        while path:
            if path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.first_key()

    def first_key(self) -> tuple:
        """Where a finding about the whole request points: the first key in the file."""
        return min(self.keys.values()) if self.keys else (1, 1)


class _Out:
    def __init__(self, newline: str):
        self.lines: list = []
        self.newline = newline

    @property
    def line(self) -> int:  # the 1-based number of the next line written
        return len(self.lines) + 1

    def add(self, text: str) -> None:
        self.lines.append(text)

    def text(self) -> str:
        return self.newline.join(self.lines) + self.newline


# --------------------------------------------------------------------------- JSON


def json_scalar(value) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, float) and math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return json.dumps(value, ensure_ascii=False)


def _json_value(
    out: _Out, value, path: tuple, prefix: str, level: int, indent: str, r: Rendered, suffix: str
):
    """Write ``value``; the current line starts with ``prefix`` (indentation and key)."""
    r.values[path] = (out.line, len(prefix) + 1)
    if isinstance(value, dict) and value:
        out.add(prefix + "{")
        items = list(value.items())
        for i, (k, v) in enumerate(items):
            key_prefix = indent * (level + 1)
            r.keys[path + (k,)] = (out.line, len(key_prefix) + 1)
            _json_value(
                out,
                v,
                path + (k,),
                key_prefix + json.dumps(k, ensure_ascii=False) + ": ",
                level + 1,
                indent,
                r,
                "," if i < len(items) - 1 else "",
            )
        out.add(indent * level + "}" + suffix)
    elif isinstance(value, list) and value:
        out.add(prefix + "[")
        for i, v in enumerate(value):
            _json_value(
                out,
                v,
                path + (i,),
                indent * (level + 1),
                level + 1,
                indent,
                r,
                "," if i < len(value) - 1 else "",
            )
        out.add(indent * level + "]" + suffix)
    elif isinstance(value, dict):
        out.add(prefix + "{}" + suffix)
    elif isinstance(value, list):
        out.add(prefix + "[]" + suffix)
    else:
        out.add(prefix + json_scalar(value) + suffix)


def render_json(payload, indent: str = "  ", newline: str = "\n") -> Rendered:
    out, r = _Out(newline), Rendered("")
    _json_value(out, payload, (), "", 0, indent, r, "")
    r.text = out.text()
    return r


# --------------------------------------------------------------------------- YAML

_PLAIN_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar: ASCII only, everything else escaped (YAML reads JSON's
    escapes, but raw NEL/U+2028 would be line breaks to a YAML 1.1 scanner)."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def yaml_scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        return text if ("." in text or "e" in text) else text + ".0"
    if isinstance(value, str):
        return yaml_string(value)
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, list) and not value:
        return "[]"
    raise TypeError(f"not a YAML scalar: {value!r}")


def yaml_key(key: str) -> str:
    return key if _PLAIN_KEY.match(key) and key.lower() not in _YAML_WORDS else yaml_string(key)


def _is_block(value) -> bool:
    return isinstance(value, (dict, list)) and bool(value)


def _yaml_mapping(
    out: _Out, mapping: dict, path: tuple, col: int, first_prefix: str | None, r: Rendered, unit: str
):
    """Block mapping with keys at 0-based column ``col``; the first key goes on a line that
    starts with ``first_prefix`` (a list item's "- ") when given."""
    for i, (k, v) in enumerate(mapping.items()):
        lead = first_prefix if (i == 0 and first_prefix is not None) else " " * col
        r.keys[path + (k,)] = (out.line, col + 1)
        head = lead + yaml_key(k) + ":"
        if _is_block(v):
            out.add(head)
            _yaml_block(out, v, path + (k,), col + len(unit), r, unit)
        else:
            r.values[path + (k,)] = (out.line, len(head) + 2)
            out.add(head + " " + yaml_scalar(v))


def _yaml_block(out: _Out, value, path: tuple, col: int, r: Rendered, unit: str):
    if isinstance(value, dict):
        r.values[path] = (out.line, col + 1)
        _yaml_mapping(out, value, path, col, None, r, unit)
        return
    r.values[path] = (out.line, col + 1)  # a block sequence starts at its first "-"
    for i, item in enumerate(value):
        if isinstance(item, dict) and item:
            r.values[path + (i,)] = (out.line, col + 3)  # a mapping starts at its first key
            _yaml_mapping(out, item, path + (i,), col + 2, " " * col + "- ", r, unit)
        elif isinstance(item, list) and item:
            r.values[path + (i,)] = (out.line, col + 3)
            out.add(" " * col + "- " + json.dumps(item))  # a nested list: flow style
        else:
            r.values[path + (i,)] = (out.line, col + 3)
            out.add(" " * col + "- " + yaml_scalar(item))


def render_yaml(payload, indent: str = "  ", newline: str = "\n") -> Rendered:
    if not isinstance(payload, dict):
        raise TypeError("a YAML request is a mapping")
    if not payload:
        r = Rendered("{}" + newline)
        r.values[()] = (1, 1)
        return r
    out, r = _Out(newline), Rendered("")
    _yaml_block(out, payload, (), 0, r, indent)
    r.text = out.text()
    return r


def render(payload, fmt: str, indent: str = "  ", newline: str = "\n") -> Rendered:
    return render_json(payload, indent, newline) if fmt == "json" else render_yaml(payload, indent, newline)


def field_name(path: tuple) -> str:
    """``DeploymentConfig.AutoRollbackConfiguration.Alarms[0].AlarmName`` (written here again,
    not imported, so that a change in smlint's naming shows up in the tests)."""
    out = ""
    for key in path:
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            out += ("." if out else "") + key
    return out
