"""rules/schema/sagemaker.json against the AWS API model that botocore ships.

Every shape reachable from UpdateEndpointInput and CreateEndpointInput is compared: members,
required members, types, enums, integer min/max, string minLength/maxLength, list
minItems/maxItems, patterns. One test per field, named by its path, so that when AWS changes
the model (a new enum value, a raised timeout) the failing test says which field and how.

Allowed differences, and only these:
  * a botocore ``min`` of 0 for a string or list is no constraint: ours may leave it out;
  * patterns: botocore's are matched against the whole value by the service; ours are either
    the same text (AlarmName: ``(?!\\s*$).+``) or anchored as ``^<pattern>$(?!\\n)`` (the names:
    jsonschema uses re.search, and Python's ``$`` also matches before a final newline, which
    ``(?!\\n)`` refuses);
  * Tag Key/Value: botocore's pattern ``([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)`` uses Unicode property
    classes that Python's ``re`` cannot compile, so ours has no pattern there (deliberately;
    the schema's $comment says so). Any other missing pattern is a failure.
"""

import json
import re

import botocore.session
import pytest

from smlint.registry import rules_dir

MODEL = botocore.session.get_session().get_service_model("sagemaker")
SCHEMA = json.loads((rules_dir() / "schema" / "sagemaker.json").read_text(encoding="utf-8"))
DEFS = SCHEMA["$defs"]
ROOTS = ("UpdateEndpointInput", "CreateEndpointInput")
TYPES = {
    "structure": "object",
    "list": "array",
    "string": "string",
    "integer": "integer",
    "boolean": "boolean",
}
UNCOMPILABLE = "\\p{"  # Unicode property classes: Java/ICU regex, not Python's re


def _resolve(node):
    """(schema node, $defs name or None) with a $ref followed."""
    ref = node.get("$ref")
    if ref:
        assert ref.startswith("#/$defs/"), ref
        name = ref.rsplit("/", 1)[1]
        assert name in DEFS, f"$ref to a missing definition: {ref}"
        return DEFS[name], name
    return node, None


def _reachable():
    """(path, botocore shape, our schema node) for every field under the two inputs."""
    out = []

    def walk(path, shape, node):
        out.append((path, shape, node))
        ours, _ = _resolve(node)
        if shape.type_name == "structure":
            for member, sub in shape.members.items():
                if member in ours.get("properties", {}):
                    walk(f"{path}.{member}", sub, ours["properties"][member])
        elif shape.type_name == "list" and "items" in ours:
            walk(f"{path}[]", shape.member, ours["items"])

    for root in ROOTS:
        walk(root, MODEL.operation_model(root[: -len("Input")]).input_shape, {"$ref": f"#/$defs/{root}"})
    return out


FIELDS = _reachable()


def _no_min(value):
    return None if value in (None, 0) else value


def differences(path, shape, node) -> list:
    """How our node differs from botocore's shape, as readable lines."""
    ours, ref = _resolve(node)
    meta = shape.metadata
    diffs = []

    def same(what, mine, theirs):
        if mine != theirs:
            diffs.append(f"{path}: {what}: ours {mine!r}, botocore {theirs!r} (shape {shape.name})")

    want = TYPES.get(shape.type_name)
    same("type", ours.get("type"), want)
    if ours.get("type") != want:
        return diffs
    if shape.type_name == "structure":
        same("$defs name", ref, shape.name)
        same("members", sorted(ours.get("properties", {})), sorted(shape.members))
        same("required", sorted(ours.get("required", [])), sorted(shape.required_members))
        same("additionalProperties", ours.get("additionalProperties"), False)
    elif shape.type_name == "list":
        same("minItems", _no_min(ours.get("minItems")), _no_min(meta.get("min")))
        same("maxItems", ours.get("maxItems"), meta.get("max"))
    elif shape.type_name == "integer":
        same("minimum", ours.get("minimum"), meta.get("min"))
        same("maximum", ours.get("maximum"), meta.get("max"))
    elif shape.type_name == "string":
        same("enum", sorted(ours.get("enum", [])), sorted(shape.enum or []))
        same("minLength", _no_min(ours.get("minLength")), _no_min(meta.get("min")))
        same("maxLength", ours.get("maxLength"), meta.get("max"))
        theirs, mine = meta.get("pattern"), ours.get("pattern")
        if theirs is None:
            same("pattern", mine, None)
        elif mine is None:
            if UNCOMPILABLE not in theirs:
                diffs.append(f"{path}: pattern: ours none, botocore {theirs!r} (shape {shape.name})")
        elif mine not in (theirs, f"^{theirs}$(?!\\n)"):
            diffs.append(f"{path}: pattern: ours {mine!r}, botocore {theirs!r} (shape {shape.name})")
    for keyword in (
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "enum",
        "pattern",
    ):
        if (
            keyword in ours
            and shape.type_name
            not in {
                "minimum": ("integer",),
                "maximum": ("integer",),
                "minLength": ("string",),
                "maxLength": ("string",),
                "minItems": ("list",),
                "maxItems": ("list",),
                "enum": ("string",),
                "pattern": ("string",),
            }[keyword]
        ):
            diffs.append(f"{path}: ours has {keyword} on a {shape.type_name}")
    return diffs


@pytest.mark.parametrize("path, shape, node", FIELDS, ids=[f[0] for f in FIELDS])
def test_field_matches_botocore(path, shape, node):
    assert differences(path, shape, node) == []


def test_every_reachable_botocore_shape_is_compared():
    """No botocore member escapes the comparison, no definition of ours is unused."""
    paths = {p for p, _, _ in FIELDS}
    for path, shape, _ in FIELDS:
        if shape.type_name == "structure":
            for member in shape.members:
                assert f"{path}.{member}" in paths, f"{path}.{member} is in botocore's model, not in ours"
    used = {_resolve(n)[1] for _, _, n in FIELDS} - {None}
    assert set(DEFS) - used == {"DeploymentConfigFile"}
    assert len(FIELDS) > 40


def test_deployment_config_file_is_a_bare_deployment_config():
    assert DEFS["DeploymentConfigFile"] == {
        "$comment": DEFS["DeploymentConfigFile"].get("$comment"),
        "type": "object",
        "additionalProperties": False,
        "required": ["DeploymentConfig"],
        "properties": {"DeploymentConfig": {"$ref": "#/$defs/DeploymentConfig"}},
    }


def test_only_the_tag_patterns_are_left_out():
    omitted = sorted(
        f"{path} {shape.metadata['pattern']}"
        for path, shape, node in FIELDS
        if shape.type_name == "string" and "pattern" in shape.metadata and "pattern" not in _resolve(node)[0]
    )
    assert omitted == [
        "CreateEndpointInput.Tags[].Key ([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)",
        "CreateEndpointInput.Tags[].Value ([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)",
    ]
    for _path, shape, _node in FIELDS:
        if (
            shape.type_name == "string"
            and "pattern" in shape.metadata
            and UNCOMPILABLE not in shape.metadata["pattern"]
        ):
            re.compile(shape.metadata["pattern"])  # everything else Python can check


NAME_SAMPLES = [
    "",
    "a",
    "A1",
    "churn-prod",
    "churn--prod",
    "-churn",
    "churn-",
    "churn_prod",
    "churn prod",
    "churn.prod",
    "a" * 63,
    "a" * 64,
    "a-" * 31 + "a",
    "churn\n",
    "\nchurn",
    "churn\r\n",
    "chürn",
    "churn\x00",
]


def _patterns():
    """(path, ours, botocore's) for every string both sides give a pattern."""
    out = []
    for path, shape, node in FIELDS:
        ours = _resolve(node)[0].get("pattern")
        if shape.type_name == "string" and ours and "pattern" in shape.metadata:
            out.append((path, ours, shape.metadata["pattern"]))
    return out


def test_unanchored_patterns_are_the_alarm_names_only():
    same = sorted(path for path, ours, theirs in _patterns() if ours == theirs)
    assert same == [
        "CreateEndpointInput.DeploymentConfig.AutoRollbackConfiguration.Alarms[].AlarmName",
        "UpdateEndpointInput.DeploymentConfig.AutoRollbackConfiguration.Alarms[].AlarmName",
    ]


@pytest.mark.parametrize(
    "path, ours, theirs",
    [p for p in _patterns() if p[1] != p[2]],
    ids=[p[0] for p in _patterns() if p[1] != p[2]],
)
def test_anchored_pattern_accepts_exactly_what_a_whole_match_of_botocores_accepts(path, ours, theirs):
    """jsonschema's ``pattern`` is re.search; the service matches the whole value."""
    for sample in NAME_SAMPLES:
        assert bool(re.search(ours, sample)) == bool(re.fullmatch(theirs, sample)), (path, sample)


class _Shape:
    """A stand-in for a botocore shape whose model AWS has changed."""

    def __init__(self, shape, **metadata):
        self.name, self.type_name, self.enum = shape.name, shape.type_name, getattr(shape, "enum", None)
        self.metadata = dict(shape.metadata, **metadata)
        if "enum" in metadata:
            self.enum = metadata["enum"]


def _field(path):
    return next((s, n) for p, s, n in FIELDS if p == path)


def test_a_changed_range_fails_and_says_which():
    path = "UpdateEndpointInput.DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds"
    shape, node = _field(path)
    assert differences(path, _Shape(shape, max=43200), node) == [
        f"{path}: maximum: ours 28800, botocore 43200 (shape MaximumExecutionTimeoutInSeconds)"
    ]
    path = "UpdateEndpointInput.DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.Type"
    shape, node = _field(path)
    assert differences(path, _Shape(shape, enum=["ALL_AT_ONCE", "CANARY", "LINEAR", "SHADOW"]), node) == [
        f"{path}: enum: ours ['ALL_AT_ONCE', 'CANARY', 'LINEAR'], botocore ['ALL_AT_ONCE', 'CANARY', 'LINEAR', 'SHADOW']"
        " (shape TrafficRoutingConfigType)"
    ]
    path = "UpdateEndpointInput.DeploymentConfig.AutoRollbackConfiguration.Alarms"
    shape, node = _field(path)
    assert differences(path, _Shape(shape, max=20), node) == [
        f"{path}: maxItems: ours 10, botocore 20 (shape AlarmList)"
    ]
