"""The JSON reader's positions (smlint.readers.json_spans): the json module's scanner walked
over the text gives the spans libyaml's composition gave (the oracle, tests/support), in the
same order, with the same duplicate keys; and where libyaml cannot read valid JSON or reads
its keys otherwise, the spans the text really has."""

import json
import subprocess
import sys

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from support.parsing import libyaml_json_map, load

from smlint.locations import LineIndex, Position
from smlint.readers.json_spans import JsonSourceMap
from smlint.readers.nodes import Duplicate

# Keys libyaml reads otherwise (the reader's _for_yaml hides, as spaces, what YAML refuses in
# them: surrogate escapes, so characters past the BMP and lone surrogates written escaped; DEL
# and C1 controls, NEL/LS/PS, U+FFFE/F): where a key holds one,
# libyaml's paths are not JSON's and only the walk's own consistency is checked.
_YAML_READS_OTHERWISE = set(map(chr, range(0x7F, 0xA0))) | {"\u2028", "\u2029", "\ufffe", "\uffff"}


def _read_otherwise(char: str) -> bool:
    return char in _YAML_READS_OTHERWISE or "\ud800" <= char <= "\udfff" or char > "\uffff"


_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _u(code: int) -> str:
    return "\\u%04x" % code


def _escaped(char: str, rng) -> str:
    """``char`` written as a JSON escape (a surrogate pair past the BMP, as json.dumps does)."""
    code = ord(char)
    if code > 0xFFFF:
        code -= 0x10000
        return _u(0xD800 + (code >> 10)) + _u(0xDC00 + (code & 0x3FF))
    if char in _SHORT_ESCAPES and rng.random() < 0.5:
        return _SHORT_ESCAPES[char]
    if char == "/" and rng.random() < 0.5:
        return "\\/"
    return _u(code) if rng.random() < 0.5 else _u(code).upper().replace("\\U", "\\u")


def _string(text: str, rng) -> str:
    if rng.random() < 0.3:
        return json.dumps(text, ensure_ascii=rng.random() < 0.5)
    out = []
    for char in text:
        must = char in '"\\' or char < " "
        out.append(_escaped(char, rng) if must or rng.random() < 0.2 else char)
    return '"' + "".join(out) + '"'


_BLANKS = ["", "", "", " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n    ", " \t\r\n\t ", "\n\t\t"]


def _blank(rng) -> str:
    return rng.choice(_BLANKS)


def write(tree, rng) -> str:
    """``tree`` as JSON text, with blanks, escapes and separators drawn from ``rng``."""
    kind, body = tree
    if kind == "scalar":
        return body
    if kind == "str":
        return _string(body, rng)
    if kind == "arr":
        if not body:
            return "[" + _blank(rng) + "]"
        inner = ("," + _blank(rng)).join(write(item, rng) + _blank(rng) for item in body)
        return "[" + _blank(rng) + inner + "]"
    if not body:
        return "{" + _blank(rng) + "}"
    members = (
        _string(name, rng) + _blank(rng) + ":" + _blank(rng) + write(item, rng) + _blank(rng)
        for name, item in body
    )
    return "{" + _blank(rng) + ("," + _blank(rng)).join(members) + "}"


_NUMBERS = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(json.dumps),
    st.sampled_from(["-0", "0", "1e5", "1E+5", "-0.0e-3", "0.5", "-12.5E-10", "10000000000000000000001"]),
)
_LEAVES = st.one_of(
    st.tuples(st.just("scalar"), _NUMBERS),
    st.tuples(st.just("scalar"), st.sampled_from(["true", "false", "null"])),
    st.tuples(st.just("str"), st.text(max_size=12)),
)
# a small pool of names makes duplicate keys common
_KEYS = st.one_of(
    st.sampled_from(["a", "B", "é", "x y", "", "\u00e9t\u00e9", "k/", "\\"]),
    st.text(st.characters(max_codepoint=0x7E), max_size=8),
    st.text(st.characters(max_codepoint=0xFFFF).filter(lambda c: c not in _YAML_READS_OTHERWISE), max_size=8),
    # (one key in ten of any character: emoji, C1 controls, LS/PS…)
    st.integers(0, 9).flatmap(lambda n: st.text(max_size=4) if n == 0 else st.just("a")),
)
TREES = st.recursive(
    _LEAVES,
    lambda children: st.one_of(
        st.tuples(st.just("arr"), st.lists(children, max_size=5)),
        st.tuples(st.just("obj"), st.lists(st.tuples(_KEYS, children), max_size=5)),
    ),
    max_leaves=30,
)


def _positions(source_map) -> list:
    return [(path, loc.key, loc.value) for path, loc in source_map.spans.items()]


def _keys(tree):
    stack = [tree]
    while stack:
        kind, body = stack.pop()
        if kind == "obj":
            for name, item in body:
                yield name
                stack.append(item)
        elif kind == "arr":
            stack.extend(body)


def _offset(lines: LineIndex, text: str, line: int, column: int) -> int:
    return next(i for i in range(len(text) + 1) if lines.position(i) == (line, column))


def _check_consistent(text: str, value, spans: dict) -> None:
    """Every path of the value json.loads reads has a span, whose text json reads as that
    value, and a key span whose text json reads as that key."""
    lines = LineIndex(text)
    stack = [((), value)]
    while stack:
        path, item = stack.pop()
        loc = spans[path]
        start = _offset(lines, text, loc.value.line, loc.value.column)
        end = _offset(lines, text, loc.value.end_line, loc.value.end_column)
        assert json.loads(text[start:end]) == item
        if path and isinstance(path[-1], str):
            start = _offset(lines, text, loc.key.line, loc.key.column)
            end = _offset(lines, text, loc.key.end_line, loc.key.end_column)
            assert json.loads(text[start:end]) == path[-1]
        else:
            assert loc.key is None
        if isinstance(item, dict):
            stack.extend((path + (k,), v) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((path + (i,), v) for i, v in enumerate(item))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TREES, st.randoms(use_true_random=False))
def test_spans_and_duplicates_are_libyamls(tree, rng):
    text = _blank(rng) + write(tree, rng) + _blank(rng)
    value = json.loads(text)
    parsed = load(text, "json")
    assert parsed.error is None
    doc = parsed.documents[0]
    assert doc.value == value
    source_map = doc.source_map
    _check_consistent(text, value, source_map.spans)
    if any(_read_otherwise(char) for name in _keys(tree) for char in name):
        event("a key libyaml reads otherwise")
        return
    try:
        oracle, duplicates = libyaml_json_map(text)
    except Exception:
        event("libyaml cannot compose it")
        return
    assert _positions(source_map) == _positions(oracle)
    assert source_map.duplicates == duplicates
    assert doc.duplicates == duplicates  # (found up front when json.loads saw any)
    assert source_map.start == oracle.start
    _check_fix_layout(text, source_map)


def _check_fix_layout(text: str, source_map) -> None:
    """The fixes' questions about the layout (where a member ends, which member is an object's
    last) have the answers libyaml's composition gave."""
    from smlint.fixers.edits import _entry_end, _last_entry
    from smlint.fixers.source import Source
    from smlint.readers.json import _for_yaml

    # (the fixes composed the text with only its tabs replaced: where libyaml then refused
    # it, a surrogate escape say, there was no fix; it is composed here as the reader did)
    walked, composed = Source(text, "json"), Source(_for_yaml(text), "yaml")
    for loc in source_map.spans.values():
        start = _offset(LineIndex(text), text, loc.value.line, loc.value.column)
        assert _last_entry(walked, start) == _last_entry(composed, start)
        if loc.key is not None:
            start = _offset(LineIndex(text), text, loc.key.line, loc.key.column)
            assert _entry_end(walked, start) == _entry_end(composed, start)


TEXT = (
    '{\r\n\t"Name": "a\\u00e9\\ud83d\\ude00",\r\n'
    '\t"Config": {"Empty": {}, "List": [ -0, 1e5,\r\n\t\t[] ,true ],\n'
    '\t\t"Nested"\n\t\t: null},\r'
    '\t"é": "raw é"\r\n}\r\n'
)


def test_which_fields_read_a_parameter_is_told_as_libyaml_told_it():
    from smlint.fixers.literals import _parameter_uses
    from smlint.fixers.source import Source

    text = json.dumps(
        {
            "Parameters": {"Bake": {"Type": "Number", "Default": 600}, "5": {"Type": "Number"}},
            "Resources": {
                "E": {
                    "Properties": {
                        "Wait": {"Ref": "Bake"},
                        "List": [{"Ref": "Bake"}, {"Ref": "Bake", "Other": 1}, {"Ref": 5}],
                        "Name": {"Fn::Sub": "x-${Bake}-y"},
                        "N": 5,
                    }
                }
            },
        },
        indent=1,
    )
    # a repeated member counts too (the YAML composer kept both)
    text = text.replace('"Wait": {', '"Wait": {"Ref": "Bake"}, "Wait": {', 1)
    for name in ("Bake", "5", "Other", "Wait"):
        assert _parameter_uses(Source(text, "json"), name) == _parameter_uses(Source(text, "yaml"), name)
    assert _parameter_uses(Source(text, "json"), "Bake") == {("Properties", "Wait"), ("List", None), None}
    assert _parameter_uses(Source(text, "json"), "5") == {("List", None)}


def test_exact_positions_with_tabs_crlf_escapes_and_empty_collections():
    spans = load(TEXT, "json").documents[0].source_map.spans
    found = {path: (loc.key, loc.value) for path, loc in spans.items()}
    assert found == {
        (): (None, Position(1, 1, 8, 2)),
        ("Name",): (Position(2, 2, 2, 8), Position(2, 10, 2, 31)),
        ("Config",): (Position(3, 2, 3, 10), Position(3, 12, 6, 10)),
        ("Config", "Empty"): (Position(3, 13, 3, 20), Position(3, 22, 3, 24)),
        ("Config", "List"): (Position(3, 26, 3, 32), Position(3, 34, 4, 13)),
        ("Config", "List", 0): (None, Position(3, 36, 3, 38)),
        ("Config", "List", 1): (None, Position(3, 40, 3, 43)),
        ("Config", "List", 2): (None, Position(4, 3, 4, 5)),
        ("Config", "List", 3): (None, Position(4, 7, 4, 11)),
        ("Config", "Nested"): (Position(5, 3, 5, 11), Position(6, 5, 6, 9)),
        ("é",): (Position(7, 2, 7, 5), Position(7, 7, 7, 14)),
    }
    assert _positions(load(TEXT, "json").documents[0].source_map) == _positions(libyaml_json_map(TEXT)[0])


def test_duplicate_keys_are_found_where_written_and_the_last_one_counts():
    text = '{"A": {"X": 1},\n "B": [{"K": 1, "K": 2, "K": 3}],\n "A": {"Y": 2}}'
    doc = load(text, "json").documents[0]
    assert doc.value == {"A": {"Y": 2}, "B": [{"K": 3}]}
    assert doc.duplicates == [
        Duplicate(("B", 0, "K"), Position(2, 9, 2, 12), Position(2, 17, 2, 20)),
        Duplicate(("B", 0, "K"), Position(2, 17, 2, 20), Position(2, 25, 2, 28)),
        Duplicate(("A",), Position(1, 2, 1, 5), Position(3, 2, 3, 5)),
    ]
    spans = doc.source_map.spans
    assert (spans[("A",)].key, spans[("A",)].value) == (Position(3, 2, 3, 5), Position(3, 7, 3, 15))
    assert spans[("B", 0, "K")].value == Position(2, 30, 2, 31)
    assert doc.source_map.resolve(("A", "Y")) == Position(3, 8, 3, 11)


def test_keys_libyaml_cannot_read_have_their_positions():
    # libyaml refuses a flow key of more than 1024 characters (valid JSON: no positions
    # before), and read a key written with a surrogate pair as two spaces (wrong paths)
    long_key = "k" * 1100
    text = '{"%s": 1,\n "\\ud83d\\ude00": {"Value": true}}' % long_key
    spans = load(text, "json").documents[0].source_map.spans
    assert spans[(long_key,)].key == Position(1, 2, 1, 1104)
    assert spans[("😀", "Value")].value == Position(2, 28, 2, 32)


def test_what_is_not_json_has_no_positions_and_no_crash():
    for text in ('{"a": 1', '{"a" 1}', "[1,]", '{"a": 1} x', "", "{'a': 1}"):
        source_map = JsonSourceMap(text, LineIndex(text))
        assert source_map.spans == {}
        assert source_map.resolve(("a",)) == Position(1, 1, 1, 2)


def test_nesting_to_the_limit_is_walked_without_recursion():
    text = "[" * 200 + "1" + "]" * 200
    spans = load(text, "json").documents[0].source_map.spans
    assert spans[(0,) * 199].value == Position(1, 200, 1, 203)


def test_json_files_are_linted_without_loading_ruamel(tmp_path):
    template = {
        "Resources": {
            "Config": {
                "Type": "AWS::SageMaker::EndpointConfig",
                "Properties": {
                    "ProductionVariants": [
                        {
                            "VariantName": "a",
                            "ModelName": "m",
                            "InitialInstanceCount": 8,
                            "InstanceType": "ml.m5.large",
                        }
                    ]
                },
            },
            "Endpoint": {
                "Type": "AWS::SageMaker::Endpoint",
                "Properties": {
                    "EndpointConfigName": {"Fn::GetAtt": ["Config", "EndpointConfigName"]},
                    "DeploymentConfig": {
                        "BlueGreenUpdatePolicy": {
                            "TrafficRoutingConfiguration": {
                                "Type": "LINEAR",
                                "WaitIntervalInSeconds": 600,
                                "LinearStepSize": {"Type": "INSTANCE_COUNT", "Value": 1},
                            },
                            "MaximumExecutionTimeoutInSeconds": 1800,
                        }
                    },
                },
            },
        }
    }
    (tmp_path / "stack.json").write_text(json.dumps(template, indent=2))
    (tmp_path / "request.json").write_text(
        '{"EndpointName": "e", "EndpointConfigName": "c",\n "EndpointName": "f"}\n'
    )
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted(m for m in sys.modules if m.startswith('ruamel'))))\n"
        "from smlint.cli import main\n"
        "main(['check', '--no-cache', '--format', 'json', *sys.argv[1:]])\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, "stack.json", "request.json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    report, modules = run.stdout.rstrip().rsplit("\n", 1)
    found = [(f["path"], f["rule"], f["line"], f["column"]) for f in json.loads(report)]
    assert found == [
        ("request.json", "SM002", 2, 2),
        ("stack.json", "SM301", 25, 9),
        ("stack.json", "SM209", 35, 13),
    ], report
    # the duplicate's fix, as edits in the text (the first member, up to the next key)
    assert json.loads(report)[0]["fix"]["edits"] == [
        {"line": 1, "column": 2, "end_line": 1, "end_column": 23, "text": ""}
    ]
    assert modules == "[]", run.stderr
