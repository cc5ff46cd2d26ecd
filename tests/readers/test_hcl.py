"""smlint.readers.hcl on tree-sitter-hcl: any literal HCL can write reads as the value it
means (strings with any escape, numbers, nested tuples and objects), what HCL rejects and
tree-sitter-hcl would read anyway is SM001, and a broken file (a valid one cut anywhere) is
SM001 or findings, never a traceback and never a finding from half a tree."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smlint.model import Unresolved
from smlint.readers import hcl
from smlint.readers.nodes import LoadError
from smlint.runner import Linter, Options

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def value_of(text: str):
    tree = hcl.parse(text)
    (attribute,) = hcl.attributes(tree.body)
    return hcl.literal(hcl.expression(attribute), tree)


def error_of(text: str) -> tuple:
    with pytest.raises(LoadError) as raised:
        hcl.parse(text)
    return raised.value.line, raised.value.column, raised.value.message


# --- rendering a Python value as HCL, choosing among the spellings HCL allows -------------

_KEYWORDS = {"true", "false", "null", "for", "in", "if", "else", "endif", "endfor"}


@st.composite
def hcl_string(draw, value: str) -> str:
    out = []
    for ch in value:
        way = draw(st.integers(0, 3))
        if ch in '"\\' or ch in "\n\r\t":
            out.append({'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or way == 1:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08X}")
        elif way == 2:
            out.append(f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    text = "".join(out)
    # a literal `${` and `%{` are written `$${` and `%%{`
    return '"' + text.replace("${", "$${").replace("%{", "%%{") + '"'


def _number(draw, value) -> str:
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    if draw(st.booleans()) and value == int(value) and abs(value) < 1e15:
        whole = int(value)  # 600.0 as 6e2 or 600.0e0: an exponent with or without a fraction
        digits = str(abs(whole)).rstrip("0") or "0"
        text = ("-" if whole < 0 else "") + f"{digits}e{len(str(abs(whole))) - len(digits)}"
        if draw(st.booleans()):
            text = text.replace("e", ".0e")
    return text


@st.composite
def hcl_value(draw, value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number(draw, value)
    if isinstance(value, str):
        return draw(hcl_string(value))
    if isinstance(value, list):
        items = [draw(hcl_value(v)) for v in value]
        sep = draw(st.sampled_from([", ", ",\n  ", " ,"]))
        return "[" + sep.join(items) + (sep.strip() if items and draw(st.booleans()) else "") + "]"
    entries = []
    for key, v in value.items():
        bare = key.isidentifier() and key.isascii() and key not in _KEYWORDS and draw(st.booleans())
        written = key if bare else draw(hcl_string(key))
        entries.append(f"{written} {draw(st.sampled_from(['=', ':']))} {draw(hcl_value(v))}")
    if not entries:
        return "{}"
    if draw(st.booleans()):
        return "{\n  " + "\n  ".join(entries) + "\n}"
    return "{ " + ", ".join(entries) + " }"


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=0, max_value=10**40),
    st.floats(min_value=0, allow_nan=False, allow_infinity=False),
    _TEXT,
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and math.isclose(a, b)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), value=_VALUES)
def test_any_literal_reads_as_the_value_it_spells(data, value):
    text = f"x = {data.draw(hcl_value(value))}\n"
    assert _same(value_of(text), value), text


@pytest.mark.parametrize(
    "text, value",
    [
        ('x = "  padded\\t "\n', "  padded\t "),  # (tree-sitter-hcl's literal node leaves the blanks out)
        ('x = " "\n', " "),
        ('x = "a # not a comment // nor /* this */"\n', "a # not a comment // nor /* this */"),
        ('x = "$${var.x} %%{if}"\n', "${var.x} %{if}"),
        ('x = "$$x %x $"\n', "$$x %x $"),
        ('x = "\\U0001F600\\u00e9"\n', "\U0001f600é"),
        ("x = 6e2\n", 600.0),
        ("x = 12E-1\n", 1.2),
        ("x = -(5)\n", -5),
        ("x = 007\n", 7),
        ('x = { a = 1, "b c" : [true, null] }\n', {"a": 1, "b c": [True, None]}),
        ('x = /* a comment */ "v"\n', "v"),
    ],
)
def test_literal_values(text, value):
    assert _same(value_of(text), value)


@pytest.mark.parametrize(
    "text, reason",
    [
        ('x = "a${var.b}"\n', "Terraform string template (interpolation or directive)"),
        ('x = "%{ if a }b%{ endif }"\n', "Terraform string template (interpolation or directive)"),
        ('x = "\\U00110000"\n', "a string escape \\U00110000 outside Unicode (Terraform rejects it)"),
        ("x = <<-EOF\n  text\n  EOF\n", "Terraform heredoc"),
        ("x = { (k) = 1 }\n", "Terraform object with a computed key"),  # `(k)` is var k's value
        ("x = a ? 1 : 2\n", "Terraform conditional expression"),
        ("x = max(1, 2)\n", "Terraform function max()"),
        ('x = provider::aws::arn_parse("a")\n', "Terraform function provider::aws::arn_parse()"),
        ("x = aws_x.y[0].name\n", "Terraform expression"),
        ("x = (var.a).b\n", "Terraform reference var.a.b"),
        ("x = local.a\n", "Terraform reference local.a"),
        ("x = [for a in b : a]\n", "Terraform expression"),
        ("x = -true\n", "Terraform expression"),
        ("x = 1 + 2\n", "Terraform expression"),
    ],
)
def test_expressions_are_unresolved_saying_what_they_are(text, reason):
    value = value_of(text)
    assert isinstance(value, Unresolved) and value.reason == reason


@pytest.mark.parametrize(
    "text, names",
    [
        ("x = aws_x.y.name\n", ["aws_x", "y", "name"]),
        ("x = aws_x.y[0].name\n", ["aws_x", "y", "name"]),
        ('x = aws_x.y["k"].name\n', ["aws_x", "y", "name"]),
        ("x = aws_x.y.0.name\n", ["aws_x", "y", "name"]),
        ("x = aws_x.y[*].name\n", None),
        ("x = aws_x.y.*.name\n", None),
        ("x = f(a).b\n", None),
    ],
)
def test_traversals_with_indexes(text, names):
    tree = hcl.parse(text)
    (attribute,) = hcl.attributes(tree.body)
    assert hcl.traversal(hcl.expression(attribute), indexes=True) == names


@pytest.mark.parametrize(
    "text, line, column, what",
    [
        ("a = 1 b = 2\n", 1, 7, 'unexpected "b"'),  # HCL ends each argument with a line break
        ("blk {\n  a = 1 /* c */ b = 2\n}\n", 2, 17, 'unexpected "b"'),
        ("a = 0x1F\n", 1, 5, 'unexpected "0x1F"'),  # no hexadecimal numbers in HCL
        ('a = "x\\q"\n', 1, 7, 'invalid escape sequence "\\\\q"'),  # an escape HCL does not have
        ('a = "é\\u00"\n', 1, 7, 'invalid escape sequence "\\\\u"'),
        ("a = [1, 2\n", 1, 10, "unexpected end of file"),
        ("a = [1, 2\n\nb = 3\n", 3, 1, 'missing "]"'),
        ("blk {\n  b = [1,\n}\n", 2, 10, 'unexpected "}"'),  # where the next item should be
        ("a = {\n", 1, 6, "unexpected end of file"),
        ("a = {b = 1\n", 1, 11, "unexpected end of file"),
        ('a = "abc\n', 1, 9, "unexpected end of file"),
        ("a = 1,\n", 1, 6, 'unexpected ","'),
        ("a = 1\n/* open\n", 2, 1, "unexpected /* (a comment without its */)"),
        ('a = "/*"\nb = [\n', 2, 6, "unexpected end of file"),
    ],
)
def test_what_hcl_rejects_is_a_syntax_error_at_its_place(text, line, column, what):
    at_line, at_column, message = error_of(text)
    assert message.startswith("HCL syntax error: ") and message.endswith(
        " (terraform validate rejects this file)"
    )
    assert at_line == line and (what is None or what in message)
    assert what is None or at_column == column


def test_comments_with_their_positions():
    text = '# one\na = "é#" // two\n/* three\n   four */\nb = 1 # five\n'
    assert hcl.comments(text) == [
        (1, 1, "# one"),
        (2, 10, "#  two"),  # (the text after `//` or `/*` as it is written, after "# ")
        (3, 1, "#  three"),
        (4, 4, "#four   "),
        (5, 7, "# five"),
    ]


def test_positions_are_characters_not_bytes():
    text = 'a = "ééé"\nb = "x"\nc = "€" ; d\n'.replace(" ; d", "")
    tree = hcl.parse(text)
    starts = [tree.span(hcl.expression(a)) for a in hcl.attributes(tree.body)]
    assert [text[s:e] for s, e in starts] == ['"ééé"', '"x"', '"€"']


_VALID = sorted(FIXTURES.rglob("*.tf"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.integers(0, len(_VALID) - 1), where=st.floats(0, 1))
def test_a_valid_file_cut_anywhere_is_sm001_or_findings_never_a_crash(which, where):
    text = _VALID[which].read_text(encoding="utf-8")
    cut = text[: int(where * len(text))]
    result = Linter(Options(select=("ALL",))).lint_data("main.tf", cut.encode("utf-8"), "terraform")
    assert result.failure is None, result.failure
    rules = [f.rule for f in result.findings]
    assert "SM001" not in rules or rules == ["SM001"]  # nothing read from half a tree
    assert all(f.line >= 1 and f.column >= 1 for f in result.findings)


@pytest.mark.parametrize(
    "text, line, column, what",
    [
        ("a\n= 1\n", 2, 1, 'unexpected "="'),
        ("a =\n1\n", 2, 1, 'unexpected "1"'),
        ("a = 1 +\n2\n", 2, 1, 'unexpected "2"'),
        ("a = x ? 1 :\n2\n", 2, 1, 'unexpected "2"'),
        ("b\n{\n}\n", 2, 1, 'unexpected "{"'),
        ('b "x"\n"y" {\n}\n', 2, 1, 'unexpected "\\"y\\""'),
        ("b {\n  c = 1 }\n", 2, 9, 'unexpected "}"'),
        ("b {\n  c {\n  }}\n", 3, 4, 'unexpected "}"'),
        ("b { c = 1\n}\n", 1, 5, 'unexpected "c"'),  # a one-line block ends on its line
        ("a = {\n  k\n  = 1\n}\n", 3, 3, 'unexpected "="'),
        ('b "x${y}" {\n}\n', 1, 3, "unexpected"),  # a label is no template
        ("a = 6e2r.x\n", 1, 6, 'unexpected "e2r"'),
    ],
)
def test_line_breaks_end_arguments_and_blocks_as_in_hcl(text, line, column, what):
    at_line, at_column, message = error_of(text)
    assert (at_line, at_column) == (line, column) and what in message


@pytest.mark.parametrize(
    "text",
    [
        "a = [\n  1,\n  2,\n]\n",
        "a = f(\n  1)\n",
        "a = (1 +\n  2)\n",
        "a = {\n  b = 1\n  c = [{d = 2}]\n}\n",
        "a = x.y[\n  0]\n",
        "a = [for x in y :\n  x]\n",
        "b { c = 1 }\n",
        "b {}\nc {\n}\n",
        'a = "x" # c\nb = 1 /* d\n */\n',
        "a = <<EOF\n  x\nEOF\n",
        'b "a" "b$${c}" {}\n',
        "a = 7-200\n",
    ],
)
def test_what_hcl_accepts_over_lines_is_read(text):
    assert hcl.parse(text).root.has_error is False


def test_character_offsets_in_any_order_on_a_long_non_ascii_line():
    text = "a = 1 " + "/*é*/ " * 500 + '\nb = "€"\n'
    comments = hcl.comments(text)
    assert [c[1] for c in comments] == [7 + 6 * i for i in range(500)]
    tree = hcl.parse(text)
    data = text.encode("utf-8")
    bytes_at = [data.index("/*é*/".encode(), 6 + 7 * i) for i in (400, 3, 250, 0)] + [
        data.index("€".encode())
    ]
    assert [tree.offset(b) for b in bytes_at] == [6 + 6 * 400, 6 + 6 * 3, 6 + 6 * 250, 6, text.index("€")]
