"""Properties (hypothesis) of suppression comments on generated YAML requests: a comment
naming each finding's rule on its line suppresses exactly those findings, and nothing else
changes; a comment naming a rule that does not fire there is one SM004."""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import strategies as S
from support.payloads import render

from smlint.findings import Finding
from smlint.runner import Linter, Options

SETTINGS = settings(
    max_examples=int(os.environ.get("SMLINT_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# Requests with findings: generated valid ones, then one field moved out of the model.
requests = st.one_of(S.requests(), S.mutated().map(lambda m: (m[0], m[1])))


def lint(kind, text):
    linter = Linter(Options(select=("ALL",), fleet_size=4))
    name = S.file_name(kind, "yaml")
    findings, _ = linter.lint_text(name, text, "yaml")
    kept, suppressed = linter.suppress(name, text, findings)
    return sorted(kept, key=Finding.sort_key), suppressed


def with_comments(text: str, comments: dict) -> str:
    lines = text.split("\n")
    for line, comment in comments.items():
        lines[line - 1] += "  # " + comment
    return "\n".join(lines)


@SETTINGS
@given(requests)
def test_noqa_with_the_rules_of_each_line_suppresses_exactly_them(request):
    kind, payload = request
    text = render(payload, "yaml").text
    before, _ = lint(kind, text)
    by_line: dict = {}
    for f in before:
        by_line.setdefault(f.line, set()).add(f.rule)
    suppressed_text = with_comments(
        text, {line: "noqa: " + ",".join(sorted(rules)) for line, rules in by_line.items()}
    )
    after, count = lint(kind, suppressed_text)
    assert (after, count) == ([], len(before))
    # the same with smlint's own form
    own = with_comments(
        text, {line: f"smlint: ignore[{', '.join(sorted(rules))}]" for line, rules in by_line.items()}
    )
    assert lint(kind, own) == ([], len(before))


@SETTINGS
@given(requests, st.data())
def test_a_suppression_of_a_rule_that_does_not_fire_there_is_one_sm004(request, data):
    kind, payload = request
    text = render(payload, "yaml").text
    before, _ = lint(kind, text)
    lines = [n for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    line = data.draw(st.sampled_from(lines))
    firing = {f.rule for f in before if f.line == line}
    idle = data.draw(
        st.sampled_from([r for r in ("SM204", "SM205", "SM206", "SM301", "SM102") if r not in firing])
    )
    after, count = lint(kind, with_comments(text, {line: f"noqa: {idle}"}))
    assert count == 0
    unused = [f for f in after if f.rule == "SM004"]
    assert [(f.line, f.message, f.help) for f in unused] == [
        (
            line,
            f"`# noqa: {idle}` suppresses nothing; there is no {idle} finding on this line",
            "remove the comment",
        )
    ]
    assert [f for f in after if f.rule != "SM004"] == before
