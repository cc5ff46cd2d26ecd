"""Properties (hypothesis): the TOML key locator finds every key of a generated
``[tool.smlint]`` table, in every layout TOML allows for it, at the line it was written."""

import json
import os

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from smlint.config import toml_lines

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

SETTINGS = settings(
    max_examples=int(os.environ.get("SMLINT_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

codes = st.lists(st.sampled_from(["SM1", "SM204", "SM301", "ALL", "ORG001"]), min_size=1, max_size=4)
globs = st.sampled_from(
    ["deploy/*.json", "a b/*.yaml", "x.json#/DeploymentConfig", 'q"uote.json', "[odd].json"]
)
configs = st.fixed_dictionaries(
    {},
    optional={
        "select": codes,
        "ignore": codes,
        "fail-on": st.sampled_from(["error", "warning"]),
        "instance-count": st.integers(1, 100),
        "severity": st.dictionaries(
            st.sampled_from(["SM204", "SM301", "ORG001"]), st.sampled_from(["info", "error"]), min_size=1
        ),
        "per-file-ignores": st.dictionaries(globs, codes, min_size=1),
    },
)


def value(v, multiline: bool) -> str:
    if isinstance(v, list) and multiline:
        return "[\n" + "".join(f"  {json.dumps(x)},\n" for x in v) + "]"
    return json.dumps(v)


def write(config: dict, layout: dict) -> tuple:
    """TOML text and the line of every key path. Strings and arrays as JSON, which TOML reads."""
    lines = ["[project]", 'description = """', "[tool.smlint]", 'select = ["not this"]', '"""']
    where: dict = {}
    tables = []
    lines.append("[tool.smlint]" if layout["header"] else "[tool]")
    prefix = "" if layout["header"] else "smlint."
    if layout["header"]:
        where[("tool", "smlint")] = len(lines)
    for key, v in config.items():
        if isinstance(v, dict):
            style = layout["tables"]
            if style == "table":
                tables.append((key, v))
                continue
            if style == "inline":
                lines.append(
                    f"{prefix}{key} = {{ "
                    + ", ".join(f"{json.dumps(k)} = {value(x, False)}" for k, x in v.items())
                    + " }"
                )
                where[("tool", "smlint", key)] = len(lines)
                where.setdefault(("tool", "smlint"), len(lines))
                for k in v:
                    where[("tool", "smlint", key, k)] = len(lines)
                continue
            for k, x in v.items():  # dotted keys
                lines.append(f"{prefix}{key}.{json.dumps(k)} = {value(x, layout['multiline'])}")
                where.setdefault(("tool", "smlint", key), len(lines))
                where.setdefault(("tool", "smlint"), where[("tool", "smlint", key)])
                where[("tool", "smlint", key, k)] = len(lines)
                lines[-1:] = lines[-1].split("\n")
            continue
        text = value(v, layout["multiline"])
        lines.append(f"{prefix}{key} = {text}  # comment [with] brackets")
        where[("tool", "smlint", key)] = len(lines)
        where.setdefault(("tool", "smlint"), len(lines))
        lines[-1:] = lines[-1].split("\n")
    for key, v in tables:
        lines.append("")
        lines.append(f"[tool.smlint.{key}]")
        where[("tool", "smlint", key)] = len(lines)
        where.setdefault(("tool", "smlint"), len(lines))
        for k, x in v.items():
            lines.append(f"{json.dumps(k)} = {value(x, layout['multiline'])}")
            where[("tool", "smlint", key, k)] = len(lines)
            lines[-1:] = lines[-1].split("\n")
    return "\n".join(lines) + "\n", where


@SETTINGS
@given(
    configs,
    st.fixed_dictionaries(
        {
            "header": st.booleans(),
            "multiline": st.booleans(),
            "tables": st.sampled_from(["table", "inline", "dotted"]),
        }
    ),
)
def test_every_key_is_found_at_its_line(config, layout):
    assume(config or layout["header"])  # (no [tool.smlint] table at all otherwise)
    text, where = write(config, layout)
    assert tomllib.loads(text)["tool"]["smlint"] == config
    found = toml_lines(text)
    for path, line in where.items():
        assert found[path] == line, (path, text)
