"""Everything boto3 / the AWS CLI reject client-side, smlint reports.

Payloads are generated from botocore's own shapes (valid ones, and ones with wrong types,
missing required members, values below the minimum, unknown keys, empty lists and strings),
checked with ``botocore.validate.ParamValidator``, and linted by smlint with the request kind
forced (this is about the request shape, not detection).

botocore's client-side checks (botocore/validate.py) and the smlint rule each one maps to:

  missing required field -> SM101 at <structure>.<member>; or, by design (smlint/schema.py:
                            "a misspelt or misplaced key is the required member the user
                            wrote: it is not also missing"), an SM102 at the key the user
                            wrote instead, saying "did you mean <member>?" (same structure)
                            or "<member> belongs under <structure>: move it there"
  unknown field          -> SM102 at <structure>.<key>
  invalid type           -> SM103 (type_check: isinstance against SCALAR_TYPES/CONTAINER_TYPES;
                            note 'integer' is (int,), so a bool passes botocore's type check)
  invalid range          -> SM104, except for a bool given for an integer: botocore compares
                            True/False as 1/0 against ``min`` (True < 600), smlint already
                            reports the bool itself as the wrong type: SM103
  invalid length         -> a list (len < min): SM107; a string (len < min): SM106

botocore checks only ``min`` (range_check), never ``max``, enums or patterns: those are
smlint's own (SM104/SM105/SM106/SM107) and are not cross-checked here.
"""

import json
import os
import string

import botocore.session
import pytest
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support.linting import lint_text
from support.payloads import render

MODEL = botocore.session.get_session().get_service_model("sagemaker")
OPERATIONS = {"update-endpoint": "UpdateEndpoint", "create-endpoint": "CreateEndpoint"}

SETTINGS = settings(
    max_examples=int(os.environ.get("SMLINT_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

WRONG = st.one_of(
    st.text(max_size=5),
    st.integers(-5, 5000),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.just([]),
    st.just({}),
    st.just(["x"]),
    st.just({"x": 1}),
)
NAMES = st.one_of(
    st.text(string.ascii_letters + string.digits + "-", min_size=1, max_size=63).filter(
        lambda s: s[0] != "-" and s[-1] != "-"
    ),
    st.sampled_from(["", "a_b", "-a", "a" * 64]),
)


def _string(shape):
    if shape.enum:
        return st.one_of(st.sampled_from(shape.enum), st.sampled_from(["", "canary", "CAPACITY_PERCENTAGE"]))
    if shape.name in ("EndpointName", "EndpointConfigName"):
        return NAMES
    low, high = shape.metadata.get("min", 0), shape.metadata.get("max", 300)
    return st.one_of(
        st.text(min_size=low, max_size=min(high, 40)), st.sampled_from(["", " ", "x" * (high + 1)])
    )


def _integer(shape):
    low = shape.metadata.get("min", -(2**31))
    high = shape.metadata.get("max", low + 10**6)
    return st.one_of(
        st.integers(low, high),
        st.integers(low - 1000, low - 1),
        st.integers(high + 1, high + 1000),
        st.sampled_from([low, high, low - 1, high + 1, 0, -1]),
    )


@st.composite
def values(draw, shape, depth=0, p_wrong=0.08):
    """A value for ``shape``: mostly right, sometimes of the wrong type, at any depth."""
    if depth > 0 and draw(st.floats(0, 1)) < p_wrong:
        return draw(WRONG)
    kind = shape.type_name
    if kind == "structure":
        out = {}
        required = shape.metadata.get("required", [])
        for name, member in shape.members.items():
            keep = draw(st.floats(0, 1)) < (0.93 if name in required else 0.5)
            if keep:
                out[name] = draw(values(member, depth + 1, p_wrong))
        if draw(st.floats(0, 1)) < 0.1:  # an unknown key: a typo, another shape's member
            key = draw(
                st.sampled_from(
                    [
                        "canarySize",
                        "CanarySize",
                        "Alarms",
                        "Tags",
                        "Xyzzy",
                        "type",
                        "RetainAllVariantProperties",
                        "WaitIntervalInSeconds",
                    ]
                )
            )
            if key not in shape.members:
                out[key] = draw(WRONG)
        return out
    if kind == "list":
        low, high = shape.metadata.get("min", 0), shape.metadata.get("max", 5)
        size = draw(st.sampled_from(sorted({0, low, min(high, 3), high + 1} - {-1})))
        if size > 12:
            size = draw(st.sampled_from([size, 3]))
        return [draw(values(shape.member, depth + 1, p_wrong)) for _ in range(size)]
    if kind == "string":
        return draw(_string(shape))
    if kind == "integer":
        return draw(_integer(shape))
    if kind == "boolean":
        return draw(st.booleans())
    raise AssertionError(f"shape type {kind} is not in these requests")


def requests(kind):
    return values(MODEL.operation_model(OPERATIONS[kind]).input_shape)


def _dotted(name: str) -> str:
    return name[1:] if name.startswith(".") else name


def _join(parent: str, member: str) -> str:
    parent = _dotted(parent)
    return f"{parent}.{member}" if parent else member


def _value_at(params, name: str):
    """The value botocore named ``.A.B[0].C``."""
    value = params
    for part in _dotted(name).replace("[", ".[").split("."):
        if not part:
            continue
        value = value[int(part[1:-1])] if part.startswith("[") else value[part]
    return value


def expected_findings(params, kind) -> set:
    """(rule, field) smlint must report for each of botocore's client-side errors."""
    shape = MODEL.operation_model(OPERATIONS[kind]).input_shape
    report = ParamValidator().validate(params, shape)
    out = set()
    for error_type, name, info in report._errors:
        if error_type == "missing required field":
            out.add(("SM101", _join(name, info["required_name"])))
        elif error_type == "unknown field":
            out.add(("SM102", _join(name, info["unknown_param"])))
        elif error_type == "invalid type":
            out.add(("SM103", _dotted(name)))
        elif error_type == "invalid range":
            out.add(("SM103" if isinstance(info["param"], bool) else "SM104", _dotted(name)))
        elif error_type == "invalid length":
            out.add(("SM107" if isinstance(_value_at(params, name), list) else "SM106", _dotted(name)))
        else:
            raise AssertionError(f"botocore reported {error_type!r}, which this test does not map")
    return out


def _lint(params, kind, fmt):
    text = json.dumps(params) if fmt == "json" else render(params, "yaml").text
    return lint_text(text, fmt, f"request.{fmt}", select=("SM1",), kind=kind)


def smlint_findings(params, kind, fmt):
    return {(f.rule, f.field) for f in _lint(params, kind, fmt)}


def _covered(rule, field, found) -> bool:
    if (rule, field) in {(f.rule, f.field) for f in found}:
        return True
    if rule != "SM101":
        return False
    owner, _, member = field.rpartition(".")
    for f in found:
        if f.rule != "SM102":
            continue
        parent = f.field.rpartition(".")[0]
        if parent == owner and f.help == f"did you mean {member}?":
            return True  # `type` for `Type`: the member is there, misspelt
        if (
            f.field.rpartition(".")[2] == member
            and f"{member} belongs under {owner.rpartition('.')[2] or owner}: move it there" in f.help
        ):
            return True  # the member is there, in the wrong object
    return False


def _check(params, kind, fmt):
    expected = expected_findings(params, kind)
    found = _lint(params, kind, fmt)
    missing = [e for e in sorted(expected) if not _covered(*e, found)]
    assert not missing, (
        f"botocore rejects {missing}; smlint reported {sorted((f.rule, f.field) for f in found)}"
    )
    return expected, found


# --------------------------------------------------------------------------- the mapping itself

VALID = {
    "EndpointName": "churn-prod",
    "EndpointConfigName": "churn-prod-v7",
    "DeploymentConfig": {
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {
                "Type": "CANARY",
                "WaitIntervalInSeconds": 600,
                "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10},
            },
            "TerminationWaitInSeconds": 600,
            "MaximumExecutionTimeoutInSeconds": 3600,
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "churn-prod-5xx"}]},
    },
}
BG = "DeploymentConfig.BlueGreenUpdatePolicy"
TRC = BG + ".TrafficRoutingConfiguration"


def _with(path, value):
    params = json.loads(json.dumps(VALID))
    target = params
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return params


@pytest.mark.parametrize(
    "path, value, expected",
    [
        (("EndpointConfigName",), KeyError, {("SM101", "EndpointConfigName")}),
        (
            (
                "DeploymentConfig",
                "BlueGreenUpdatePolicy",
                "TrafficRoutingConfiguration",
                "WaitIntervalInSeconds",
            ),
            KeyError,
            {("SM101", TRC + ".WaitIntervalInSeconds")},
        ),
        (
            ("DeploymentConfig", "BlueGreenUpdatePolicy", "CanarySize"),
            {"Type": "CAPACITY_PERCENT", "Value": 10},
            {("SM102", BG + ".CanarySize")},
        ),
        (
            ("DeploymentConfig", "BlueGreenUpdatePolicy", "TerminationWaitInSeconds"),
            "600",
            {("SM103", BG + ".TerminationWaitInSeconds")},
        ),
        (
            ("DeploymentConfig", "BlueGreenUpdatePolicy", "TerminationWaitInSeconds"),
            600.0,
            {("SM103", BG + ".TerminationWaitInSeconds")},
        ),
        (
            ("DeploymentConfig", "BlueGreenUpdatePolicy", "MaximumExecutionTimeoutInSeconds"),
            True,
            {("SM103", BG + ".MaximumExecutionTimeoutInSeconds")},
        ),  # botocore: invalid range (1 < 600)
        (
            ("DeploymentConfig", "BlueGreenUpdatePolicy", "TerminationWaitInSeconds"),
            -1,
            {("SM104", BG + ".TerminationWaitInSeconds")},
        ),
        (
            (
                "DeploymentConfig",
                "BlueGreenUpdatePolicy",
                "TrafficRoutingConfiguration",
                "CanarySize",
                "Value",
            ),
            0,
            {("SM104", TRC + ".CanarySize.Value")},
        ),
        (
            ("DeploymentConfig", "AutoRollbackConfiguration", "Alarms"),
            [],
            {("SM107", "DeploymentConfig.AutoRollbackConfiguration.Alarms")},
        ),
        (
            ("DeploymentConfig", "AutoRollbackConfiguration", "Alarms"),
            [{"AlarmName": ""}],
            {("SM106", "DeploymentConfig.AutoRollbackConfiguration.Alarms[0].AlarmName")},
        ),
        (
            ("DeploymentConfig", "AutoRollbackConfiguration", "Alarms"),
            {"AlarmName": "a"},
            {("SM103", "DeploymentConfig.AutoRollbackConfiguration.Alarms")},
        ),
        (("RetainAllVariantProperties",), "true", {("SM103", "RetainAllVariantProperties")}),
    ],
    ids=[
        "missing-name",
        "missing-wait",
        "misplaced-canary",
        "string-int",
        "float-int",
        "bool-int",
        "below-min",
        "capacity-zero",
        "empty-alarms",
        "empty-alarm-name",
        "object-for-list",
        "string-bool",
    ],
)
def test_botocore_error_kinds_map_to_rules(path, value, expected):
    params = _with(path, value)
    assert expected_findings(params, "update-endpoint") == expected  # botocore says exactly this
    for fmt in ("json", "yaml"):
        assert smlint_findings(params, "update-endpoint", fmt) == expected


def test_misplaced_required_member_is_one_sm102_not_also_sm101():
    params = _with(
        ("DeploymentConfig", "BlueGreenUpdatePolicy", "TrafficRoutingConfiguration"), {"Type": "ALL_AT_ONCE"}
    )
    params["DeploymentConfig"]["BlueGreenUpdatePolicy"]["WaitIntervalInSeconds"] = 600
    assert expected_findings(params, "update-endpoint") == {
        ("SM102", BG + ".WaitIntervalInSeconds"),
        ("SM101", TRC + ".WaitIntervalInSeconds"),
    }
    found = _lint(params, "update-endpoint", "json")
    assert [(f.rule, f.field) for f in found] == [("SM102", BG + ".WaitIntervalInSeconds")]
    assert found[0].help == "WaitIntervalInSeconds belongs under TrafficRoutingConfiguration: move it there"
    _check(params, "update-endpoint", "yaml")


def test_misspelt_required_member_is_one_sm102_not_also_sm101():
    params = _with(
        ("DeploymentConfig", "BlueGreenUpdatePolicy", "TrafficRoutingConfiguration"),
        {"type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 0},
    )
    assert expected_findings(params, "update-endpoint") == {
        ("SM102", TRC + ".type"),
        ("SM101", TRC + ".Type"),
    }
    found = _lint(params, "update-endpoint", "json")
    assert [(f.rule, f.field) for f in found] == [("SM102", TRC + ".type")]
    assert found[0].help == "did you mean Type?"
    _check(params, "update-endpoint", "json")


def test_valid_request_passes_both():
    assert expected_findings(VALID, "update-endpoint") == set()
    assert smlint_findings(VALID, "update-endpoint", "json") == set()
    create = dict(VALID, Tags=[{"Key": "team", "Value": ""}])
    assert expected_findings(create, "create-endpoint") == set()
    assert smlint_findings(create, "create-endpoint", "yaml") == set()


def test_bool_for_an_integer_within_range_is_accepted_by_botocore_but_not_by_smlint():
    # isinstance(True, int): botocore lets it through when 1 >= min. smlint is stricter (the
    # service's JSON protocol would send `true`, not an integer).
    params = _with(("DeploymentConfig", "BlueGreenUpdatePolicy", "TerminationWaitInSeconds"), True)
    assert expected_findings(params, "update-endpoint") == set()
    assert smlint_findings(params, "update-endpoint", "json") == {("SM103", BG + ".TerminationWaitInSeconds")}


def test_above_maximum_is_smlints_own():
    params = _with(("DeploymentConfig", "BlueGreenUpdatePolicy", "MaximumExecutionTimeoutInSeconds"), 28801)
    assert expected_findings(params, "update-endpoint") == set()
    assert smlint_findings(params, "update-endpoint", "json") == {
        ("SM104", BG + ".MaximumExecutionTimeoutInSeconds")
    }


# --------------------------------------------------------------------------- generated


@SETTINGS
@given(requests("update-endpoint"), st.sampled_from(["json", "yaml"]))
@example({"EndpointName": "a"}, "json")
@example({"EndpointName": "a", "EndpointConfigName": "b", "Tags": []}, "json")
@example({"EndpointName": "a", "EndpointConfigName": "b", "DeploymentConfig": None}, "yaml")
@example({"EndpointName": "a", "EndpointConfigName": "b", "ExcludeRetainedVariantProperties": [{}]}, "yaml")
def test_update_endpoint_smlint_reports_everything_botocore_rejects(params, fmt):
    _check(params, "update-endpoint", fmt)


@SETTINGS
@given(requests("create-endpoint"), st.sampled_from(["json", "yaml"]))
@example({"EndpointName": "a", "EndpointConfigName": "b", "Tags": [{"Key": "", "Value": "v"}]}, "json")
@example({"EndpointName": "a", "EndpointConfigName": "b", "RetainDeploymentConfig": True}, "json")
def test_create_endpoint_smlint_reports_everything_botocore_rejects(params, fmt):
    _check(params, "create-endpoint", fmt)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values(MODEL.operation_model("UpdateEndpoint").input_shape, p_wrong=0.0))
def test_without_wrong_types_the_generator_still_finds_rejections(params):
    # the same check on payloads whose types are all right: missing members, low values,
    # empty lists and names, unknown keys only
    _check(params, "update-endpoint", "json")


def test_the_generator_reaches_every_error_kind():
    """The cross-check is only as good as its payloads: each botocore error kind occurs."""
    from hypothesis import Phase, find

    strategy = requests("update-endpoint")
    shape = MODEL.operation_model("UpdateEndpoint").input_shape
    for kind in (
        "missing required field",
        "unknown field",
        "invalid type",
        "invalid range",
        "invalid length",
    ):
        find(
            strategy,
            lambda p, k=kind: any(e[0] == k for e in ParamValidator().validate(p, shape)._errors),
            settings=settings(max_examples=2000, database=None, derandomize=True, phases=[Phase.generate]),
        )
