"""Property: a request in a Markdown code block (JSON, YAML, Python, or an AWS CLI argument in a shell
block) gives the findings of the same request in a file of its own, at the relocated
positions."""

import os
import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from support import strategies as S
from support.linting import lint_text
from support.payloads import render

from smlint.model import CREATE_ENDPOINT, UPDATE_ENDPOINT
from smlint.readers.detect import may_hold_request
from smlint.readers.templates import unresolve_placeholders

SETTINGS = settings(
    max_examples=int(os.environ.get("SMLINT_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
HEAD = "# Deploying\n\nThe request:\n\n"  # the block's first line of code is line 6
CLI = {UPDATE_ENDPOINT: "update-endpoint", CREATE_ENDPOINT: "create-endpoint"}


def _no_placeholder(payload) -> bool:
    """(a value that reads as a documentation placeholder, `a|b` say, is unknown in a document)"""
    return not unresolve_placeholders(payload, documentation=True)[1]


def _found(findings, shift=lambda line, column: (line, column)):
    return sorted((f.rule, f.field, _json_spelling(f.message), *shift(f.line, f.column)) for f in findings)


def _json_spelling(text: str) -> str:
    """A message with the constants a Python block spells its own way (None, True) as JSON does."""
    return re.sub(
        r"\b(None|True|False)\b", lambda m: {"None": "null", "True": "true", "False": "false"}[m[1]], text
    )


@SETTINGS
@given(
    st.one_of(S.requests().map(lambda r: (*r, None)), S.mutated()),
    st.sampled_from(["json", "yaml"]),
    st.sampled_from(["", "   "]),  # a top-level block, or one in a list item
    st.one_of(st.none(), st.integers(1, 40)),
)
def test_a_block_gives_the_findings_of_its_own_file(case, fmt, indent, fleet):
    kind, payload, _ = case
    text = render(payload, fmt).text
    assume(may_hold_request(text) and _no_placeholder(payload))
    alone = lint_text(text, fmt, "request." + fmt, select=("ALL",), fleet_size=fleet, kind=kind)
    block = "".join(indent + line if line.strip() else line for line in text.splitlines(keepends=True))
    document = HEAD + ("1. Send it:\n\n" if indent else "") + f"{indent}```{fmt}\n{block}{indent}```\n"
    first = 6 + (2 if indent else 0)
    in_md = lint_text(document, "markdown", "guide.md", select=("ALL",), fleet_size=fleet, kind=kind)
    assert _found(in_md) == _found(alone, lambda line, column: (line + first - 1, column + len(indent)))


@SETTINGS
@given(
    st.one_of(
        S.requests().filter(lambda r: r[0] in CLI).map(lambda r: (*r, None)),
        S.mutated().filter(lambda c: c[0] in CLI),
    ),
    st.one_of(st.none(), st.integers(1, 40)),
)
def test_a_cli_input_json_argument_gives_the_findings_of_its_own_file(case, fleet):
    kind, payload, _ = case
    rendered = render(payload, "json")
    text = rendered.text
    assume(
        "'" not in text and isinstance(payload, dict) and may_hold_request(text) and _no_placeholder(payload)
    )
    alone = lint_text(text, "json", "request.json", select=("ALL",), fleet_size=fleet, kind=kind)
    prefix = f"aws sagemaker {CLI[kind]} --cli-input-json '"
    document = HEAD + f"```bash\n{prefix}{text}'\n```\n"
    in_md = lint_text(document, "markdown", "runbook.md", select=("ALL",), fleet_size=fleet)
    expected = []
    for f in alone:
        line, column = f.line, f.column
        # a top-level member that is missing is told at the command, as for a call in code
        if f.rule == "SM101" and "." not in f.field and "[" not in f.field:
            expected.append((f.rule, f.field, f.message, 6, 1))
        else:
            expected.append(
                (f.rule, f.field, f.message, line + 5, column + (len(prefix) if line == 1 else 0))
            )
    assert _found(in_md) == sorted(expected)


PIECES = st.sampled_from(
    [
        "```json\n",
        "```\n",
        "```bash\n",
        "```pycon\n",
        "```console\n",
        "> ",
        "   ",
        "- ",
        "\t",
        "\n",
        "'",
        '"',
        "$'",
        "\\\n",
        "$(",
        ")",
        "<<EOF\n",
        "EOF\n",
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "$ ",
        ">>> ",
        "... ",
        "aws sagemaker update-endpoint ",
        "--deployment-config ",
        "--cli-input-json ",
        "file://x.json ",
        '"DeploymentConfig": ',
        '{"BlueGreenUpdatePolicy": {}}',
        "EndpointConfigName: c\n",
        "sm.update_endpoint(",
        "--endpoint-name e ",
        "--retain-all-variant-properties ",
        "\u00e9",
        "\U0001f600",
        "\r\n",
        "# noqa\n",
    ]
)


@settings(max_examples=int(os.environ.get("SMLINT_EXAMPLES", "40")), deadline=None)
@given(
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40),
    st.sampled_from(["markdown", "shell", "yaml"]),
)
def test_any_text_is_read_without_raising_and_findings_are_in_the_file(pieces, fmt):
    text = "".join(pieces)
    path = {"markdown": "doc.md", "shell": "deploy.sh", "yaml": "ci.yml"}[fmt]
    findings = lint_text(text, fmt, path, select=("ALL",))
    lines = text.splitlines() or [""]
    for f in findings:
        assert 1 <= f.line <= len(lines) + 1 and f.column >= 1, f


@SETTINGS
@given(
    st.one_of(
        S.requests().filter(lambda r: r[0] in CLI).map(lambda r: (*r, None)),
        S.mutated().filter(lambda c: c[0] in CLI),
    ),
    st.one_of(st.none(), st.integers(1, 40)),
)
def test_a_python_block_gives_the_findings_of_the_json_file(case, fleet):
    kind, payload, _ = case
    rendered = render(payload, "json")
    text = rendered.text
    assume(isinstance(payload, dict) and may_hold_request(text) and _no_placeholder(payload))
    alone = lint_text(text, "json", "request.json", select=("ALL",), fleet_size=fleet, kind=kind)
    call = "update_endpoint" if kind == UPDATE_ENDPOINT else "create_endpoint"
    # JSON's literals are Python's once these three names are bound
    prelude = "true = True\nfalse = False\nnull = None\n"
    code = f"{prelude}sm.{call}(**{text.rstrip()})\n"
    document = HEAD + f"```python\n{code}```\n"
    in_md = lint_text(document, "markdown", "deploy.md", select=("ALL",), fleet_size=fleet)
    call_line, prefix = 6 + 3, f"sm.{call}(**"
    expected = []
    for f in alone:
        if f.rule == "SM101" and "." not in f.field and "[" not in f.field:
            where = (call_line, 4)  # a missing top-level member: at the call
        else:
            where = (f.line + call_line - 1, f.column + (len(prefix) if f.line == 1 else 0))
        expected.append((f.rule, f.field, _json_spelling(f.message), *where))
    assert _found(in_md) == sorted(expected)
