"""Each rule's docs say what --fix does for it (``autofix``), and its bad example proves it:
the fix it claims removes the finding, in the example's own format."""

import pytest
from click.testing import CliRunner

from smlint import fixers
from smlint.cli import main
from smlint.fixing import fix_text, wanted
from smlint.registry import builtin_rules
from smlint.runner import Linter, Options

RULES = list(builtin_rules())
EXTENSIONS = {"json": "json", "yaml": "yaml", "terraform": "tf"}
MADE_ELSEWHERE = {"SM004": "safe"}  # (the suppression comments' own: smlint.suppress)


def test_the_docs_say_what_the_fixers_do():
    documented = {r.id: r.docs.get("autofix") for r in RULES}
    assert None not in documented.values(), [i for i, a in documented.items() if a is None]
    fixable = {i for i, a in documented.items() if a != "none"}
    assert fixable == set(fixers._FIXERS) | set(MADE_ELSEWHERE)


@pytest.mark.parametrize(
    "rule", [r for r in RULES if r.docs.get("autofix") != "none" and r.examples], ids=lambda r: r.id
)
def test_the_bad_example_is_fixed_as_documented(rule):
    ex = rule.examples
    linter = Linter(Options(select=("ALL",), fleet_size=ex.get("instance-count"), kind=ex.get("kind")))
    path = f"bad.{EXTENSIONS[ex['format']]}"
    fmt = "sniff" if ex.get("kind") else ex["format"]
    unsafe = rule.docs["autofix"] == "unsafe"
    # (SM102's example is a misplaced member: its move is unsafe, a misspelt key's rename safe)
    done = fix_text(linter, path, ex["bad"], fmt, lambda f: wanted(f, True))
    assert [f.rule for f in done.applied if f.rule == rule.id], f"{rule.id}: no fix applied"
    assert done.bugs == []
    assert [f.rule for f in done.findings if f.rule == rule.id] == []
    if unsafe:  # and without --unsafe-fixes it is not applied
        assert [
            f.rule
            for f in fix_text(linter, path, ex["bad"], fmt, lambda f: wanted(f, False)).applied
            if f.rule == rule.id
        ] == []


def test_smlint_rule_says_fix():
    def shown(rule_id):
        return CliRunner().invoke(main, ["rule", rule_id]).output

    assert "\nFix: safe (`smlint check --fix` applies it)\n" in shown("SM105")
    assert (
        "\nFix: unsafe (it changes the deployment: `smlint check --fix --unsafe-fixes` applies it)\n"
        in shown("SM204")
    )
    assert "\nFix: none (the fix is the author's decision)\n" in shown("SM201")
