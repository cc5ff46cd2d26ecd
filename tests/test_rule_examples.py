"""Each rule's documented examples are tests: the bad one fires exactly that rule at the
documented line (with every rule selected), the good one is clean."""

import pytest

from smlint.registry import builtin_rules
from conftest import lint_text

RULES = [r for r in builtin_rules() if r.examples]


def _lint(rule, key):
    ex = rule.examples
    return lint_text(
        ex[key], ex["format"], path=f"{key}.{ex['format']}", select=("ALL",),
        fleet_size=ex.get("instance-count"), kind=ex.get("kind"),
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_bad_example_fires_exactly_this_rule(rule):
    found = [(f.rule, f.line) for f in _lint(rule, "bad")]
    assert found == [(rule.id, rule.examples["bad-line"])]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_good_example_is_clean(rule):
    assert [(f.rule, f.line, f.message) for f in _lint(rule, "good")] == []


def test_every_rule_has_examples():
    assert [r.id for r in builtin_rules() if not r.examples] == []
