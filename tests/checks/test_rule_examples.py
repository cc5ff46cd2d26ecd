"""Each rule's documented examples are tests: the bad one fires exactly that rule at the
documented line (with every rule selected), the good one is clean."""

import pytest
from support.linting import lint_text

from smlint.registry import builtin_rules

RULES = [r for r in builtin_rules() if r.examples]


EXTENSIONS = {"json": "json", "yaml": "yaml", "terraform": "tf"}


def _lint(rule, key):
    ex = rule.examples
    return lint_text(
        ex[key],
        ex["format"],
        path=f"{key}.{EXTENSIONS[ex['format']]}",
        select=("ALL",),
        fleet_size=ex.get("instance-count"),
        kind=ex.get("kind"),
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


def test_every_shipped_rule_file_passes_the_meta_schema():
    # builtin_rules() skips this at start-up; this test is where it is enforced
    from smlint.registry import load_rules, rules_dir

    assert [r.id for r in load_rules([rules_dir()], validate=True)] == [r.id for r in builtin_rules()]


def test_the_rule_index_is_the_rule_files():
    # start-up reads rules/index.json; a stale entry is only slower (its YAML is read), but a
    # shipped index must be current: SMLINT_REGOLD=1 rewrites it
    import json
    import os

    from smlint.registry import INDEX, index_of, rules_dir

    current = index_of(rules_dir())
    path = rules_dir() / INDEX
    if os.environ.get("SMLINT_REGOLD"):
        path.write_text(
            json.dumps(current, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    assert json.loads(path.read_text(encoding="utf-8")) == current, (
        "rules/index.json is stale: run SMLINT_REGOLD=1 pytest tests/checks/test_rule_examples.py"
    )


def test_an_edited_rule_file_is_read_from_its_yaml_not_from_the_index(tmp_path, monkeypatch):
    import shutil

    from smlint import registry
    from smlint.registry import INDEX, _index, load_rules, rules_dir

    read = []
    real = registry._read_rule
    monkeypatch.setattr(
        registry, "_read_rule", lambda path, *args: read.append(path.name) or real(path, *args)
    )

    shutil.copytree(rules_dir(), tmp_path / "rules")
    edited = tmp_path / "rules" / "SM204.yaml"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("summary:", "summary: EDITED", 1), encoding="utf-8")
    known = _index(tmp_path / "rules")
    assert "SM204.yaml" in known and (tmp_path / "rules" / INDEX).is_file()
    rules = {r.id: r for r in load_rules([tmp_path / "rules"], validate=False, known=known)}
    assert rules["SM204"].summary.startswith("EDITED")
    assert rules["SM205"].summary == {r.id: r for r in builtin_rules()}["SM205"].summary
    assert read == ["SM204.yaml"]  # the others came from the index


@pytest.mark.parametrize(
    "extra, where",
    [
        ({"severity": "fatal"}, "severity"),
        ({"given": "/DeploymentConfig"}, "(top level)"),  # a check and half a declarative rule
        ({"docs": {"what": "x", "why": "y", "fix": "z", "references": []}}, "docs/references"),
    ],
)
def test_a_malformed_rule_file_is_refused_with_its_location(tmp_path, extra, where):
    import json

    from ruamel.yaml import YAML

    from smlint.registry import RuleError, load_rule_file, rules_dir

    data = YAML(typ="safe").load((rules_dir() / "SM204.yaml").read_text(encoding="utf-8"))
    data.update(extra)
    path = tmp_path / "ORG001.yaml"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")  # JSON is YAML, with lines
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    assert str(caught.value).startswith(f"{path}:")
    assert f": {where}: " in str(caught.value)
