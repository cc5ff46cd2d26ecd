"""Properties (hypothesis) of the whole pipeline, on requests generated from the API model's
ranges (tests/support/strategies.py, written by hand from botocore's model, not from smlint's
schema) and rendered by tests/support/payloads.py, which works out every position itself."""

import copy
import json
import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import strategies as S
from support.linting import lint_text
from support.parsing import load
from support.payloads import field_name, render

from smlint.registry import builtin_rules
from smlint.runner import Linter, Options

# 150 examples each keeps this file well under a minute; SMLINT_EXAMPLES=5000 for a deep run.
SETTINGS = settings(
    max_examples=int(os.environ.get("SMLINT_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
RULE_IDS = {r.id for r in builtin_rules()}

formats = st.sampled_from(["json", "yaml"])
# JSON: any indentation (tabs too) and either line end; YAML: spaces only (tabs are illegal).
layouts = st.tuples(st.sampled_from(["  ", "    ", "\t", " "]), st.sampled_from(["\n", "\r\n"]))


def _render(payload, fmt, layout):
    indent, newline = layout
    if fmt == "yaml" and "\t" in indent:
        indent = "  "
    if fmt == "yaml" and indent == " ":
        indent = "  "
    return render(payload, fmt, indent, newline)


def _lint(kind, fmt, text, **options):
    return lint_text(text, fmt, S.file_name(kind, fmt), **options)


# --------------------------------------------------------------------------- (a) valid requests


@SETTINGS
@given(S.requests(), formats, layouts)
def test_valid_request_has_no_input_or_shape_finding(request, fmt, layout):
    kind, payload = request
    rendered = _render(payload, fmt, layout)
    found = _lint(kind, fmt, rendered.text, select=("SM0", "SM1"))
    assert [(f.rule, f.field, f.message) for f in found] == []


@SETTINGS
@given(S.requests(), formats, layouts)
def test_valid_request_is_detected_as_its_kind(request, fmt, layout):
    kind, payload = request
    findings, count = Linter(Options(select=("SM1",))).lint_text(
        S.file_name(kind, fmt), _render(payload, fmt, layout).text, fmt
    )
    assert count == 1


@SETTINGS
@given(S.requests(), formats, layouts)
def test_every_key_and_value_is_where_the_renderer_put_it(request, fmt, layout):
    kind, payload = request
    rendered = _render(payload, fmt, layout)
    parsed = load(rendered.text, fmt)
    assert parsed.error is None
    (doc,) = parsed.documents
    assert doc.value == payload
    spans = doc.source_map.spans
    for path, where in rendered.keys.items():
        assert (spans[path].key.line, spans[path].key.column) == where, path
    for path, where in rendered.values.items():
        assert (spans[path].value.line, spans[path].value.column) == where, path


# --------------------------------------------------------------------------- (b) one field out of the model


@SETTINGS
@given(S.mutated(), formats, layouts)
@example(
    (
        "update-endpoint",
        {
            "EndpointName": "a",
            "EndpointConfigName": "b",
            "DeploymentConfig": {
                "BlueGreenUpdatePolicy": {
                    "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 3601}
                }
            },
        },
        (
            "SM104",
            (
                "DeploymentConfig",
                "BlueGreenUpdatePolicy",
                "TrafficRoutingConfiguration",
                "WaitIntervalInSeconds",
            ),
        ),
    ),
    "yaml",
    ("  ", "\n"),
)
@example(
    (
        "deployment-config",
        {"AutoRollbackConfiguration": {"Alarms": []}},
        ("SM107", ("DeploymentConfig", "AutoRollbackConfiguration", "Alarms")),
    ),
    "json",
    ("\t", "\r\n"),
)
def test_one_field_out_of_the_model_gives_exactly_one_shape_finding_at_that_field(case, fmt, layout):
    kind, payload, (rule, path) = case
    rendered = _render(payload, fmt, layout)
    found = _lint(kind, fmt, rendered.text, select=("SM0", "SM1"))
    line, column = rendered.where(S.file_path(kind, path))
    assert [(f.rule, f.field, f.line, f.column) for f in found] == [(rule, field_name(path), line, column)]
    assert found[0].message


@SETTINGS
@given(S.mutated(), formats)
def test_a_shape_error_never_crashes_another_rule(case, fmt):
    kind, payload, _ = case
    found = _lint(kind, fmt, _render(payload, fmt, ("  ", "\n")).text, select=("ALL",), fleet_size=4)
    assert [f.message for f in found if "crashed" in f.message] == []


# --------------------------------------------------------------------------- JSON and YAML agree


@SETTINGS
@given(
    st.one_of(S.requests().map(lambda r: (*r, None)), S.mutated()), st.one_of(st.none(), st.integers(1, 40))
)
def test_json_and_yaml_renderings_give_the_same_findings(case, fleet):
    kind, payload, _ = case
    results = []
    for fmt in ("json", "yaml"):
        found = lint_text(
            render(payload, fmt).text, fmt, "request." + fmt, select=("ALL",), fleet_size=fleet, kind=kind
        )
        results.append(sorted((f.rule, f.field, f.message) for f in found))
    assert results[0] == results[1]


@SETTINGS
@given(
    st.one_of(S.requests().map(lambda r: (*r, None)), S.mutated()),
    st.sampled_from(["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]),
    formats,
)
def test_encodings_with_a_bom_give_the_same_findings_at_the_same_places(case, encoding, fmt):
    kind, payload, _ = case
    text = render(payload, fmt).text
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = ("\ufeff" + text).encode(encoding)
    linter = Linter(Options(select=("ALL",)))
    name = S.file_name(kind, fmt)
    as_text = [(f.rule, f.line, f.column, f.field, f.message) for f in linter.lint_text(name, text, fmt)[0]]
    as_bytes = [(f.rule, f.line, f.column, f.field, f.message) for f in linter.lint_bytes(name, data, fmt)[0]]
    assert as_bytes == as_text


@SETTINGS
@given(st.one_of(S.requests().map(lambda r: (*r, None)), S.mutated()), formats)
def test_fast_and_full_shape_validation_agree(case, fmt):
    """smlint.schema answers "valid?" with a compiled validator first and lists failures
    with jsonschema; the findings must be the same with the fast path on or off."""
    from smlint import schema

    kind, payload, _ = case
    text = render(payload, fmt).text
    results = []
    saved = schema.FAST_PATH
    try:
        for fast in (False, True):
            schema.FAST_PATH = fast
            found = _lint(kind, fmt, text, select=("ALL",))
            results.append([(f.rule, f.line, f.column, f.field, f.message) for f in found])
    finally:
        schema.FAST_PATH = saved
    assert results[0] == results[1]


# --------------------------------------------------------------------------- (c) anything at all


def _check_any(findings, text):
    """Whatever the input: known rules, sane positions, SM001 alone, no crashed rule."""
    lines = text.count("\n") + text.count("\r") + 2 if isinstance(text, str) else 10**9
    for f in findings:
        assert f.rule in RULE_IDS
        assert 1 <= f.line <= lines and f.column >= 1, (f.rule, f.line, f.column)
        assert "crashed" not in f.message, f.message
    if any(f.rule == "SM001" for f in findings):
        assert [f.rule for f in findings] == ["SM001"]


def _with_marker(draw_text, position):
    return draw_text[:position] + "DeploymentConfig" + draw_text[position:]


@SETTINGS
@given(st.text(max_size=300), st.integers(0, 300), formats, st.booleans())
@example('{"DeploymentConfig": {"BlueGreenUpdatePolicy": [', 0, "json", False)
@example("DeploymentConfig: &a [*a]", 0, "yaml", False)
@example("DeploymentConfig: !!binary ===", 0, "yaml", False)
@example("DeploymentConfig: {? [a]: b}", 0, "yaml", False)
@example("? DeploymentConfig\n", 0, "yaml", False)
@example("DeploymentConfig: 0x" + "f" * 5000, 0, "yaml", False)
@example(
    "DeploymentConfig:\n  RollingUpdatePolicy: {MaximumBatchSize: {Type: INSTANCE_COUNT, Value: 1e400}}",
    0,
    "yaml",
    False,
)
def test_any_text_is_linted_without_raising(text, position, fmt, marker):
    if marker:
        text = _with_marker(text, min(position, len(text)))
    found = lint_text(text, fmt, "request." + fmt, select=("ALL",), fleet_size=3)
    _check_any(found, text)


@SETTINGS
@given(
    S.requests(),
    formats,
    st.lists(
        st.tuples(st.integers(0, 10**6), st.text(max_size=3), st.integers(0, 3)), min_size=1, max_size=4
    ),
)
def test_an_edited_request_is_linted_without_raising(request, fmt, edits):
    kind, payload = request
    text = render(payload, fmt).text
    for where, insert, delete in edits:  # random typing: insert some characters, delete some
        at = where % (len(text) + 1)
        text = text[:at] + insert + text[at + delete :]
    found = _lint(kind, fmt, text, select=("ALL",), fleet_size=5)
    _check_any(found, text)


@SETTINGS
@given(st.binary(max_size=300), formats, st.integers(0, 300))
def test_any_bytes_are_linted_without_raising(data, fmt, position):
    position = min(position, len(data))
    data = data[:position] + b"DeploymentConfig" + data[position:]
    found, *_ = Linter(Options(select=("ALL",))).lint_bytes("request." + fmt, data, fmt)
    _check_any(found, None)


@SETTINGS
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "EndpointName",
                        "EndpointConfigName",
                        "DeploymentConfig",
                        "BlueGreenUpdatePolicy",
                        "RollingUpdatePolicy",
                        "AutoRollbackConfiguration",
                        "Alarms",
                        "AlarmName",
                        "TrafficRoutingConfiguration",
                        "Type",
                        "WaitIntervalInSeconds",
                        "CanarySize",
                        "LinearStepSize",
                        "Value",
                        "MaximumBatchSize",
                        "RollbackMaximumBatchSize",
                        "TerminationWaitInSeconds",
                        "MaximumExecutionTimeoutInSeconds",
                        "Tags",
                        "ExcludeRetainedVariantProperties",
                        "VariantPropertyType",
                        "RetainAllVariantProperties",
                        "RetainDeploymentConfig",
                        "Key",
                        "x",
                    ]
                ),
                children,
                max_size=5,
            )
        ),
        max_leaves=25,
    ),
    formats,
    st.sampled_from([None, "update-endpoint", "create-endpoint", "deployment-config"]),
    st.one_of(st.none(), st.integers(1, 50)),
)
def test_any_request_shaped_data_is_linted_without_raising(data, fmt, kind, fleet):
    """Our keys with any values at any depth: every rule must cope with every type."""
    payload = {"DeploymentConfig": data} if not isinstance(data, dict) or not data else data
    text = render(payload, fmt).text if fmt == "yaml" else json.dumps(payload)
    found = lint_text(text, fmt, "request." + fmt, select=("ALL",), fleet_size=fleet, kind=kind)
    _check_any(found, text)


def _with_unknowns(payload, picks):
    """``payload`` with the values at the positions ``picks`` chooses made Unresolved."""
    from smlint.model import Unresolved, walk

    paths = [p for p, _ in walk(payload) if p]
    out = copy.deepcopy(payload)
    for index in picks:
        path = paths[index % len(paths)]
        target = out
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = Unresolved("a test's unknown")
        except (KeyError, IndexError, TypeError):
            pass  # (inside a value an earlier pick already made unknown)
    return out


@SETTINGS
@given(
    st.one_of(S.requests().map(lambda r: (*r, None)), S.mutated()),
    st.lists(st.integers(0, 10**6), max_size=4),
)
def test_fast_and_full_shape_validation_agree_with_unknown_values(case, picks):
    """The compiled validator reads an Unresolved value as a marker its schema admits
    anywhere; it must say "valid" exactly when the tolerant jsonschema validator finds nothing."""
    from smlint import schema

    kind, payload, _ = case
    if kind == "deployment-config":
        kind, payload = (
            "update-endpoint",
            {"EndpointName": "e", "EndpointConfigName": "c", "DeploymentConfig": payload},
        )
    payload = _with_unknowns(payload, picks)
    saved = schema.FAST_PATH
    try:
        answers = []
        for fast in (False, True):
            schema.FAST_PATH = fast
            answers.append([(e.keyword, e.path) for e in schema.shape_errors(payload, kind)])
    finally:
        schema.FAST_PATH = saved
    assert answers[0] == answers[1]


def test_a_request_nested_past_jsonschema_rs_recursion_limit_is_judged_by_jsonschema():
    from smlint import schema

    # jsonschema-rs stops converting a value ~250 levels deep (ValueError); readers allow 200
    # for YAML and JSON, but a request may come from elsewhere: the answer must not change
    payload = {"EndpointName": "ep", "EndpointConfigName": "c", "DeploymentConfig": {}}
    inner = payload["DeploymentConfig"]
    for _ in range(300):
        inner["AutoRollbackConfiguration"] = {}
        inner = inner["AutoRollbackConfiguration"]
    fast = [(e.keyword, e.path) for e in schema.shape_errors(payload, "update-endpoint")]
    saved = schema.FAST_PATH
    try:
        schema.FAST_PATH = False
        full = [(e.keyword, e.path) for e in schema.shape_errors(payload, "update-endpoint")]
    finally:
        schema.FAST_PATH = saved
    arc = "AutoRollbackConfiguration"  # (not a member of itself)
    assert fast == full == [("additionalProperties", ("DeploymentConfig", arc, arc))]
