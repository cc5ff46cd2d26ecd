"""Loaders: values and positions (1-based line, column in characters) in the SourceMap, for
JSON and YAML, and the findings those positions give through the whole pipeline."""

import codecs
import json
import math

import pytest
from support.linting import lint_text
from support.parsing import load

from smlint.locations import Position
from smlint.model import Unresolved
from smlint.readers.nodes import Duplicate
from smlint.runner import Linter, Options
from smlint.sources import Problem, decode


def spans(text, fmt, doc=0):
    parsed = load(text, fmt)
    assert parsed.error is None, parsed.error.message
    return parsed.documents[doc].source_map.spans


def key(text, fmt, path, doc=0):
    """(line, column) of the key at ``path``."""
    found = spans(text, fmt, doc)
    assert path in found, f"no position for {path}: the SourceMap holds {sorted(map(str, found))}"
    loc = found[path].key
    return loc.line, loc.column


def value(text, fmt, path, doc=0):
    """(line, column) where the value at ``path`` starts."""
    loc = spans(text, fmt, doc)[path].value
    return loc.line, loc.column


def findings(text, fmt="json", path=None, **options):
    options.setdefault("select", ("ALL",))
    return [
        (f.rule, f.line, f.column, f.field) for f in lint_text(text, fmt, path or f"request.{fmt}", **options)
    ]


def lint_bytes(data: bytes, path="request.json", fmt="json", **options):
    options.setdefault("select", ("ALL",))
    found, *_ = Linter(Options(**options)).lint_bytes(path, data, fmt)
    return [(f.rule, f.line, f.column, f.field) for f in found]


TYPE = ("DeploymentConfig", "BlueGreenUpdatePolicy", "TrafficRoutingConfiguration", "Type")
TYPE_FIELD = "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.Type"

# A request whose only finding is SM105 on TrafficRoutingConfiguration.Type ("Canary").
REQUEST_JSON = """{
  "EndpointName": "churn-prod",
  "EndpointConfigName": "churn-prod-v7",
  "DeploymentConfig": {
    "BlueGreenUpdatePolicy": {
      "TrafficRoutingConfiguration": {
        "Type": "Canary",
        "WaitIntervalInSeconds": 0
      },
      "MaximumExecutionTimeoutInSeconds": 600
    }
  }
}
"""
REQUEST_YAML = """EndpointName: churn-prod
EndpointConfigName: churn-prod-v7
DeploymentConfig:
  BlueGreenUpdatePolicy:
    TrafficRoutingConfiguration:
      Type: Canary
      WaitIntervalInSeconds: 0
    MaximumExecutionTimeoutInSeconds: 600
"""


def test_the_base_requests_give_one_sm105():
    assert findings(REQUEST_JSON) == [("SM105", 7, 9, TYPE_FIELD)]
    assert findings(REQUEST_YAML, "yaml") == [("SM105", 6, 7, TYPE_FIELD)]


# --------------------------------------------------------------------------- JSON positions


def test_json_keys_and_values():
    text = '{\n  "A": {\n    "B": [1, {"C": "x"}]\n  }\n}\n'
    s = spans(text, "json")
    assert s[()].key is None and (s[()].value.line, s[()].value.column) == (1, 1)
    assert s[("A",)].key == Position(2, 3, 2, 6)
    assert (s[("A",)].value.line, s[("A",)].value.column) == (2, 8)
    assert s[("A", "B")].key == Position(3, 5, 3, 8)
    assert s[("A", "B")].value == Position(3, 10, 3, 25)
    assert s[("A", "B", 0)].key is None and s[("A", "B", 0)].value == Position(3, 11, 3, 12)
    assert s[("A", "B", 1)].value == Position(3, 14, 3, 24)
    assert s[("A", "B", 1, "C")].key == Position(3, 15, 3, 18)
    assert s[("A", "B", 1, "C")].value == Position(3, 20, 3, 23)


def test_json_tab_indentation_counts_a_tab_as_one_column():
    text = '{\n\t"A": {\n\t\t"B": 1,\n\t\t"C":\t"x"\n\t}\n}'
    assert key(text, "json", ("A",)) == (2, 2)
    assert value(text, "json", ("A",)) == (2, 7)
    assert key(text, "json", ("A", "B")) == (3, 3)
    assert value(text, "json", ("A", "B")) == (3, 8)
    assert key(text, "json", ("A", "C")) == (4, 3)
    assert value(text, "json", ("A", "C")) == (4, 8)
    assert load(text, "json").documents[0].value == {"A": {"B": 1, "C": "x"}}


def test_json_crlf_line_ends():
    text = '{\r\n  "A": 1,\r\n\r\n  "B": {\r\n    "C": "x"\r\n  }\r\n}\r\n'
    assert key(text, "json", ("A",)) == (2, 3)
    assert key(text, "json", ("B",)) == (4, 3)
    assert key(text, "json", ("B", "C")) == (5, 5)
    assert value(text, "json", ("B", "C")) == (5, 10)


def test_json_old_mac_cr_only_line_ends():
    # JSON allows a lone CR as whitespace; json.loads and editors count it as a line end.
    text = '{"A": 1,\r "B": 2}'
    assert load(text, "json").documents[0].value == {"A": 1, "B": 2}
    assert key(text, "json", ("B",)) == (2, 2)


@pytest.mark.parametrize(
    "before",
    ["é", "日本語", "😀", "e\u0301", "\u00a0"],
    ids=["latin", "cjk", "astral", "combining", "nbsp"],
)
def test_json_column_counts_characters_not_bytes(before):
    text = '{"x": "%s", "Key": 1}' % before
    # '{"x": "' is 7 characters, then the non-ASCII text, then '", ' (3): the key's quote.
    column = 7 + len(before) + 3 + 1
    assert len(text.encode("utf-8")) > len(text)  # the byte offset would be wrong
    assert key(text, "json", ("Key",)) == (1, column)
    assert value(text, "json", ("Key",)) == (1, column + 7)


def test_json_escapes_count_source_characters():
    text = '{"\\u00e9t\\u00e9": 1, "Key": "\\u00fc\\/", "Z": 2}'
    assert load(text, "json").documents[0].value == {"été": 1, "Key": "ü/", "Z": 2}
    assert key(text, "json", ("été",)) == (1, 2)
    assert key(text, "json", ("Key",)) == (1, 22)
    assert key(text, "json", ("Z",)) == (1, 41)


@pytest.mark.parametrize(
    "text",
    [
        '{"Note": "\\ud83d\\udea8",\n "Key": 1}',  # what json.dumps writes for an emoji
        '{"Note": "\\ud800",\n "Key": 1}',  # a lone surrogate escape: json.loads takes it
        '{"Note": "a\x7fb",\n "Key": 1}',  # a raw DEL in a string is valid JSON
        '{"Note": "a\x80b",\n "Key": 1}',  # so is a raw C1 control character
        '{"Note": "a",\n "Key"\n : 1}',  # so is a line break between a key and its colon
    ],
    ids=["surrogate-pair-escape", "lone-surrogate-escape", "raw-DEL", "raw-C1", "colon-on-next-line"],
)
def test_valid_json_that_yaml_would_refuse_still_has_positions(text):
    # json.loads accepts all of these; the positions must not fall back to 1:1.
    assert isinstance(load(text, "json").documents[0].value["Note"], str)
    assert key(text, "json", ("Key",)) == (2, 2)


def test_finding_in_json_written_by_json_dumps_with_an_emoji():
    payload = {
        "EndpointName": "churn_prod",
        "EndpointConfigName": "churn-prod-v7",
        "DeploymentConfig": {"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "latency \U0001f6a8"}]}},
    }
    text = json.dumps(payload, indent=2)  # ensure_ascii: the emoji becomes "\ud83d\udea8"
    assert "\\ud83d\\udea8" in text
    assert findings(text, select=("SM1",)) == [("SM106", 2, 3, "EndpointName")]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"], ids=["LS", "PS", "NEL"])
def test_json_unicode_line_separator_inside_a_string_is_not_a_line_end(separator):
    # JSON, json.loads' error positions and editors end lines at LF/CR only; a U+2028 inside
    # a string is an ordinary character, so the key on the next line is on line 2.
    text = '{"Note": "a%sb",\n "Key": 1}' % separator
    assert load(text, "json").documents[0].value == {"Note": f"a{separator}b", "Key": 1}
    assert key(text, "json", ("Key",)) == (2, 2)


def test_json_values_come_from_json_loads():
    text = '{"I": 600, "F": 600.0, "E": 6e2, "B": true, "N": null, "S": "600", "Big": %s, "Neg": -0}' % (
        "9" * 400
    )
    v = load(text, "json").documents[0].value
    assert v == {
        "I": 600,
        "F": 600.0,
        "E": 600.0,
        "B": True,
        "N": None,
        "S": "600",
        "Big": int("9" * 400),
        "Neg": 0,
    }
    assert type(v["I"]) is int and type(v["F"]) is float and type(v["E"]) is float


def test_json_nan_and_infinity_are_floats():
    v = load('{"A": NaN, "B": Infinity, "C": -Infinity}', "json").documents[0].value
    assert math.isnan(v["A"]) and v["B"] == math.inf and v["C"] == -math.inf


def test_json_duplicate_keys_keep_both_positions_and_the_last_value():
    text = '{\n  "A": 1,\n  "B": {"X": 1, "X": 2},\n  "A": 3\n}'
    parsed = load(text, "json")
    doc = parsed.documents[0]
    assert doc.value == json.loads(text) == {"A": 3, "B": {"X": 2}}
    assert doc.duplicates == [
        Duplicate(("B", "X"), Position(3, 9, 3, 12), Position(3, 17, 3, 20)),
        Duplicate(("A",), Position(2, 3, 2, 6), Position(4, 3, 4, 6)),
    ]
    # the span is the one whose value counts: the last
    assert key(text, "json", ("A",)) == (4, 3)


def test_json_empty_file_has_no_document_and_no_error():
    for text in ("", "   \n\t\n"):
        parsed = load(text, "json")
        assert parsed.documents == [] and parsed.error is None


@pytest.mark.parametrize(
    "text, line, column",
    [
        ('{"A": 1', 1, 8),
        ('{\n  "A": 1,\n  "B": \n}', 4, 1),
        ('{\n  "A": [1, 2,,]\n}', 2, 14),
        ("{'A': 1}", 1, 2),
    ],
)
def test_json_syntax_error_is_at_json_loads_position(text, line, column):
    parsed = load(text, "json")
    assert parsed.documents == []
    assert (parsed.error.line, parsed.error.column) == (line, column)
    assert parsed.error.message.startswith("invalid JSON: ")


# --------------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    "encoding",
    ["utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-32"],
)
def test_bom_is_dropped_and_columns_count_from_the_first_character(encoding):
    text = '{"é": 1,\n "Key": {"Type": "x"}}'
    if encoding == "utf-16-le-bom":
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    decoded = decode("x.json", data)
    assert decoded == text
    assert key(decoded, "json", ("é",)) == (1, 2)
    assert key(decoded, "json", ("Key", "Type")) == (2, 10)


def test_undecodable_byte_is_a_problem_at_its_character_position():
    data = '{\n  "é": "ü'.encode("utf-8") + b"\xff" + b'"}'
    problem = decode("x.json", data)
    assert isinstance(problem, Problem)
    assert (problem.line, problem.column) == (2, 10)
    assert "UTF-8" in problem.message and "0xff" in problem.message


# --------------------------------------------------------------------------- YAML positions


def test_yaml_block_positions():
    text = "A:\n  B: 1\n  C:\n    - x\n    - D: 2\n      E: 3\n"
    s = spans(text, "yaml")
    assert s[("A",)].key == Position(1, 1, 1, 2)
    assert s[("A", "B")].key == Position(2, 3, 2, 4)
    assert s[("A", "B")].value == Position(2, 6, 2, 7)
    assert s[("A", "C", 0)].key is None and s[("A", "C", 0)].value == Position(4, 7, 4, 8)
    assert (s[("A", "C", 1)].value.line, s[("A", "C", 1)].value.column) == (5, 7)
    assert s[("A", "C", 1, "E")].key == Position(6, 7, 6, 8)


def test_yaml_flow_style_positions():
    text = "A: {B: 1, C: [x, {D: 2}]}\nE: [1,\n    2]\n"
    assert key(text, "yaml", ("A", "B")) == (1, 5)
    assert value(text, "yaml", ("A", "B")) == (1, 8)
    assert value(text, "yaml", ("A", "C", 0)) == (1, 15)
    assert key(text, "yaml", ("A", "C", 1, "D")) == (1, 19)
    assert value(text, "yaml", ("E", 1)) == (3, 5)
    assert load(text, "yaml").documents[0].value == {"A": {"B": 1, "C": ["x", {"D": 2}]}, "E": [1, 2]}


def test_yaml_crlf_line_ends():
    text = "A: 1\r\nB:\r\n  C: x\r\n\r\n  D: y\r\n"
    assert key(text, "yaml", ("B", "C")) == (3, 3)
    assert key(text, "yaml", ("B", "D")) == (5, 3)
    assert value(text, "yaml", ("B", "D")) == (5, 6)
    assert load(text, "yaml").documents[0].value == {"A": 1, "B": {"C": "x", "D": "y"}}


@pytest.mark.parametrize("before", ["é", "日本語", "😀"], ids=["latin", "cjk", "astral"])
def test_yaml_column_counts_characters_not_bytes(before):
    text = "A: {x: %s, Key: 1}\n" % before
    column = len("A: {x: ") + len(before) + len(", ") + 1
    assert key(text, "yaml", ("A", "Key")) == (1, column)
    assert value(text, "yaml", ("A", "Key")) == (1, column + 5)


@pytest.mark.parametrize("separator", ["\u2028", "\x85"], ids=["LS", "NEL"])
def test_yaml_12_unicode_line_separator_inside_a_quoted_string_is_not_a_line_end(separator):
    # YAML 1.2 (5.4): only LF and CR are line breaks; NEL and U+2028 are content.
    text = 'Note: "a%sb"\nKey: 1\n' % separator
    assert key(text, "yaml", ("Key",)) == (2, 1)


def test_yaml_bom_and_utf16_through_decode():
    text = "A: 1\nB:\n  é: {Key: 2}\n"
    for data in (codecs.BOM_UTF8 + text.encode(), text.encode("utf-16"), text.encode("utf-32")):
        decoded = decode("x.yaml", data)
        assert decoded == text
        assert key(decoded, "yaml", ("A",)) == (1, 1)
        assert key(decoded, "yaml", ("B", "é", "Key")) == (3, 7)


def test_yaml_multi_document():
    text = "A: 1\n---\nB:\n  C: 2\n...\n---\n# only a comment\n---\nD: [3]\n"
    parsed = load(text, "yaml")
    assert parsed.error is None
    values = [d.value for d in parsed.documents]
    assert [v for v in values if v is not None] == [{"A": 1}, {"B": {"C": 2}}, {"D": [3]}]
    docs = [d for d in parsed.documents if d.value is not None]
    assert docs[1].source_map.spans[("B", "C")].key == Position(4, 3, 4, 4)
    assert docs[2].source_map.spans[("D", 0)].value == Position(9, 5, 9, 6)
    assert docs[2].source_map.start == Position(9, 1, 9, 2)


def test_yaml_anchors_and_aliases():
    text = "base: &b\n  X: 1\n  Y: [2]\nuse: *b\n"
    parsed = load(text, "yaml")
    doc = parsed.documents[0]
    assert doc.value == {"base": {"X": 1, "Y": [2]}, "use": {"X": 1, "Y": [2]}}
    s = doc.source_map.spans
    assert s[("use",)].key == Position(4, 1, 4, 4)
    # inside an alias, positions are those of the anchored text (where the value is written)
    assert s[("use", "X")].key == Position(2, 3, 2, 4)
    assert s[("use", "Y", 0)].value == Position(3, 7, 3, 8)


def test_yaml_merge_keys():
    text = "a: &a {X: 1, Y: 1}\nb: &b {Y: 2, Z: 2}\nm:\n  <<: [*a, *b]\n  X: 9\none:\n  <<: *b\n"
    doc = load(text, "yaml").documents[0]
    # explicit keys win over merged ones; earlier merged mappings win over later ones
    assert doc.value["m"] == {"X": 9, "Y": 1, "Z": 2}
    assert doc.value["one"] == {"Y": 2, "Z": 2}
    assert "<<" not in doc.value["m"]
    s = doc.source_map.spans
    assert s[("m", "X")].key == Position(5, 3, 5, 4)
    assert s[("m", "Y")].key == Position(1, 14, 1, 15)  # from *a
    assert s[("m", "Z")].key == Position(2, 14, 2, 15)  # from *b
    assert doc.duplicates == []


def test_yaml_duplicate_keys_keep_both_positions_and_the_last_value():
    text = "A: 1\nB:\n  X: 1\n  X: 2\nA: 3\n"
    doc = load(text, "yaml").documents[0]
    assert doc.value == {"A": 3, "B": {"X": 2}}
    assert doc.duplicates == [
        Duplicate(("B", "X"), Position(3, 3, 3, 4), Position(4, 3, 4, 4)),
        Duplicate(("A",), Position(1, 1, 1, 2), Position(5, 1, 5, 2)),
    ]


@pytest.mark.parametrize(
    "scalar, expected",
    [
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("Yes", "Yes"),
        ("true", True),
        ("True", True),
        ("FALSE", False),
        ("0x1F", 31),
        ("0o17", 15),
        ("012", 12),
        ("1_000", 1000),
        ("-42", -42),
        ("+7", 7),
        ("1.5", 1.5),
        ("600.0", 600.0),
        ("1e3", 1000.0),
        (".inf", math.inf),
        ("-.inf", -math.inf),
        (".Inf", math.inf),
        ("null", None),
        ("~", None),
        ("", None),
        ("Null", None),
        ('"600"', "600"),
        ("'0x1F'", "0x1F"),
        ("!!str 600", "600"),
        ("!!int '7'", 7),
        ("2001-12-14", "2001-12-14"),
        ("1:30", "1:30"),
    ],
)
def test_yaml_12_core_scalars(scalar, expected):
    got = load(f"V: {scalar}\n", "yaml").documents[0].value["V"]
    assert got == expected and type(got) is type(expected)


def test_yaml_nan():
    assert math.isnan(load("V: .nan\n", "yaml").documents[0].value["V"])


def test_yaml_custom_tags_are_unresolved_and_keep_positions():
    text = "A: !Ref Name\nB: !GetAtt X.Y\nC: !Sub\n  - x-${Y}\nD: !If {Cond: 1}\nE: ok\n"
    doc = load(text, "yaml").documents[0]
    for k, tag in (("A", "!Ref"), ("B", "!GetAtt"), ("C", "!Sub"), ("D", "!If")):
        assert isinstance(doc.value[k], Unresolved), k
        assert tag in doc.value[k].reason
        assert doc.value[k].invalid is False
    assert doc.value["E"] == "ok"
    s = doc.source_map.spans
    assert s[("C", 0)].value == Position(4, 5, 4, 11)
    assert s[("D", "Cond")].key == Position(5, 9, 5, 13)


def test_yaml_syntax_error_position():
    parsed = load("A: [1, 2\nB: 3\n", "yaml")
    assert parsed.documents == [] or parsed.error is not None
    assert parsed.error.message.startswith("invalid YAML: ")
    assert (parsed.error.line, parsed.error.column) == (2, 2)


def test_yaml_tab_indentation_is_an_error_not_a_crash():
    parsed = load("A:\n\tB: 1\n", "yaml")
    assert parsed.error is not None and parsed.error.line == 2


def test_yaml_huge_decimal_integer_is_an_error_at_the_value():
    parsed = load("A: 1\nB: %s\n" % ("7" * 20000), "yaml")
    assert (parsed.error.line, parsed.error.column) == (2, 4)


# --------------------------------------------------------------------------- through the pipeline


def test_finding_after_tab_indentation_json():
    text = REQUEST_JSON.replace("  ", "\t")
    assert findings(text) == [("SM105", 7, 5, TYPE_FIELD)]


def test_finding_after_crlf_json_and_yaml():
    assert findings(REQUEST_JSON.replace("\n", "\r\n")) == [("SM105", 7, 9, TYPE_FIELD)]
    assert findings(REQUEST_YAML.replace("\n", "\r\n"), "yaml") == [("SM105", 6, 7, TYPE_FIELD)]


def test_finding_after_non_ascii_on_the_same_line_json():
    text = REQUEST_JSON.replace('"Type": "Canary"', '"Notiz": "Größe 😀", "Type": "Canary"')
    # the note makes an SM102 at column 9; "Type" follows 20 characters later (the emoji is
    # one character, four UTF-8 bytes)
    assert findings(text) == [
        ("SM102", 7, 9, "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.Notiz"),
        ("SM105", 7, 29, TYPE_FIELD),
    ]


def test_finding_after_non_ascii_on_the_same_line_yaml():
    text = REQUEST_YAML.replace(
        "    TrafficRoutingConfiguration:\n      Type: Canary\n      WaitIntervalInSeconds: 0\n",
        "    TrafficRoutingConfiguration: {Größe: 日本, Type: Canary, WaitIntervalInSeconds: 0}\n",
    )
    assert findings(text, "yaml") == [
        ("SM102", 5, 35, "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.Größe"),
        ("SM105", 5, 46, TYPE_FIELD),
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_finding_after_bom(encoding):
    assert lint_bytes(REQUEST_JSON.encode(encoding)) == [("SM105", 7, 9, TYPE_FIELD)]
    assert lint_bytes(REQUEST_YAML.encode(encoding), "request.yaml", "yaml") == [("SM105", 6, 7, TYPE_FIELD)]


def test_finding_on_one_line_json():
    text = json.dumps(json.loads(REQUEST_JSON))
    column = text.index('"Type"') + 1
    assert findings(text) == [("SM105", 1, column, TYPE_FIELD)]


def test_finding_in_the_third_yaml_document():
    text = "---\n" + REQUEST_YAML.replace("Canary", "CANARY") + "---\nfoo: bar\n---\n" + REQUEST_YAML
    offset = text.count("\n", 0, text.rindex("EndpointName"))
    assert findings(text, "yaml", select=("SM1",)) == [("SM105", offset + 6, 7, TYPE_FIELD)]


def test_finding_inside_an_alias_points_at_the_anchored_text():
    text = """EndpointName: churn-prod
EndpointConfigName: churn-prod-v7
DeploymentConfig:
  RollingUpdatePolicy:
    MaximumBatchSize: &size
      Type: CAPACITY_PERCENTAGE
      Value: 10
    WaitIntervalInSeconds: 300
    RollbackMaximumBatchSize:
      <<: *size
      Value: 20
  AutoRollbackConfiguration: {Alarms: [{AlarmName: churn-prod-5xx}]}
"""
    assert findings(text, "yaml", select=("SM1",)) == [
        ("SM105", 6, 7, "DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize.Type"),
        ("SM105", 6, 7, "DeploymentConfig.RollingUpdatePolicy.RollbackMaximumBatchSize.Type"),
    ]


def test_duplicate_key_finding_points_at_the_second_key():
    text = REQUEST_JSON.replace('"Canary"', '"CANARY"').replace(
        '"WaitIntervalInSeconds": 0\n', '"WaitIntervalInSeconds": 0,\n        "Type": "ALL_AT_ONCE"\n'
    )
    found = lint_text(text, select=("SM0", "SM1"))
    assert [(f.rule, f.line, f.column, f.field) for f in found] == [("SM002", 9, 9, TYPE_FIELD)]
    assert "first at line 7" in found[0].message
    text = REQUEST_YAML.replace(
        "      WaitIntervalInSeconds: 0\n", "      WaitIntervalInSeconds: 0\n      Type: LINEAR\n"
    )
    found = lint_text(text, "yaml", "request.yaml", select=("SM0", "SM1"))
    # the value that counts is the last one (LINEAR): no SM105 for the ignored "Canary"
    assert [(f.rule, f.line, f.column, f.field) for f in found] == [("SM002", 8, 7, TYPE_FIELD)]
    assert "first at line 6" in found[0].message


def test_unresolved_tag_gives_sm003_and_no_shape_finding():
    text = REQUEST_YAML.replace("Type: Canary", "Type: !Ref RoutingType").replace(
        "EndpointName: churn-prod", "EndpointName: !Sub '${Env}_churn'"
    )
    assert findings(text, "yaml", select=()) == []  # SM003 is info: not selected by default
    assert findings(text, "yaml", select=("SM0", "SM1")) == [
        ("SM003", 1, 1, "EndpointName"),
        ("SM003", 6, 7, TYPE_FIELD),
    ]


def test_one_decoder_for_every_file_keeps_nothing_between_texts():
    # (smlint.readers.json decodes every file with one decoder: duplicates in one text say
    # nothing of the next; a text that starts with a byte-order mark gets json's own words)
    first = load('{"a": 1, "a": 2}', "json")
    assert [(d.path, d.second.column) for d in first.documents[0].duplicates] == [(("a",), 10)]
    second = load('{"a": 1, "b": 2}', "json")
    assert second.documents[0].duplicates == [] and second.documents[0].value == {"a": 1, "b": 2}
    bom = load('\ufeff{"a": 1}', "json")
    assert (bom.error.message, bom.error.line, bom.error.column) == (
        "invalid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig)",
        1,
        1,
    )


@pytest.mark.parametrize(
    "text",
    [
        "a: {b: 1}\r\nc: [\r\n",  # an error at the end, after CRLF line ends
        "{\n\ufeff{\n  a: 1\n}\n",  # a second mark inside the stream is a character like others
        "a: {b: 1}\nc: 2\n",
    ],
)
def test_a_yaml_text_opened_by_a_bom_reads_as_the_text_after_it(text):
    # (libyaml skips a leading byte-order mark without counting it, so its offsets were one
    # short of the text's: an error at the end of a CRLF text pointed inside its line end)
    with_bom, without = load("\ufeff" + text, "yaml"), load(text, "yaml")
    if without.error is not None:
        assert (with_bom.error.message, with_bom.error.line, with_bom.error.column) == (
            without.error.message,
            without.error.line,
            without.error.column,
        )
        return
    assert [d.value for d in with_bom.documents] == [d.value for d in without.documents]
    assert with_bom.documents[0].source_map.resolve(("a", "b")) == without.documents[0].source_map.resolve(
        ("a", "b")
    )


def test_an_anchor_defined_again_is_read_without_a_word_on_stderr():
    # (valid YAML, the later definition counts for the aliases after it; libyaml's composer
    # rejects it, and ruamel's own parser, which reads it, printed a ReusedAnchorWarning)
    import warnings

    text = "EndpointName: &name first\nEndpointConfigName: &name second\nDeploymentConfig: {Note: *name}\n"
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        parsed = load(text, "yaml")
    assert [str(w.message) for w in said] == []
    assert parsed.error is None
    assert parsed.documents[0].value == {
        "EndpointName": "first",
        "EndpointConfigName": "second",
        "DeploymentConfig": {"Note": "second"},
    }
