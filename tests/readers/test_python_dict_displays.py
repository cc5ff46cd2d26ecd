"""A dict display whose keys are all str or int constants is built directly
(smlint.readers.python.evaluate.plain_display); what it gives is what the general merge of
dict items gives: the same members in the same order, the same positions, the same
duplicate keys."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smlint.readers.python import evaluate, load_python
from smlint.readers.python.operations import _Item, _merged, _with_dups
from smlint.readers.python.values import lift

KEYS = st.one_of(st.sampled_from(["EndpointName", "DeploymentConfig", "a", "b"]), st.integers(0, 3))
LEAVES = st.one_of(
    st.integers(-5, 5), st.sampled_from(["'x'", "True", "None", "1.5", "NAME", "os.environ['V']"])
)


def _display(depth: int):
    leaf = LEAVES.map(str)
    if depth == 0:
        return leaf
    inner = _display(depth - 1)
    item = st.tuples(KEYS, inner).map(lambda kv: f"{kv[0]!r}: {kv[1]}")
    spread = st.just("**EXTRA")
    named = inner.map(lambda v: f"NAME: {v}")  # (a key that is a name: the general case)
    parts = st.lists(st.one_of(item, item, item, spread, named), max_size=6)
    return st.one_of(leaf, parts.map(lambda ps: "{" + ", ".join(ps) + "}"))


def _general(parts, pos, dups):
    items = [_Item(key, kpos, value) for key, kpos, value in parts]
    return _with_dups(lift(lambda *ps: _merged(ps, pos, True), *items), dups)


def _documents(source: str) -> list:
    text = "import os\nimport boto3\nNAME = 'b'\n" + source
    loaded = load_python(text, "deploy.py")
    return [
        (
            repr(unit.document.payload),
            sorted(unit.document.source_map._entries.items(), key=repr),
            [(d.path, d.first, d.second) for d in unit.document.duplicates],
        )
        for unit in loaded.requests
    ]


@settings(max_examples=150, deadline=None)
@given(_display(3), st.booleans())
def test_a_plain_display_reads_as_the_general_merge_reads_it(value, extra_known):
    extra = "EXTRA = {'a': 1}\n" if extra_known else "EXTRA = os.environ\n"
    source = (
        extra
        + f"CFG = {value}\n"
        + "boto3.client('sagemaker').update_endpoint(EndpointName='e', EndpointConfigName='c', "
        + "DeploymentConfig=CFG, Tags={'a': 1, 'a': CFG})\n"
    )
    direct = _documents(source)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evaluate, "plain_display", _general)
        merged = _documents(source)
    assert direct == merged


def test_a_key_written_twice_takes_its_last_value_moves_last_and_is_a_duplicate():
    source = (
        "boto3.client('sagemaker').update_endpoint(EndpointName='e', EndpointConfigName='c',\n"
        "    DeploymentConfig={'RollingUpdatePolicy': 1, 'AutoRollbackConfiguration': {}, 'RollingUpdatePolicy': 2})\n"
    )
    ((payload, _, dups),) = _documents(source)
    assert payload == (
        "{'EndpointName': 'e', 'EndpointConfigName': 'c', 'DeploymentConfig': "
        "{'AutoRollbackConfiguration': {}, 'RollingUpdatePolicy': 2}}"
    )
    assert [(path, first.line, first.column, second.column) for path, first, second in dups] == [
        (("DeploymentConfig", "RollingUpdatePolicy"), 5, 23, 82)
    ]
