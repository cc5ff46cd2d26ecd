"""Requests alike but for their EndpointName share the findings of the checks (found once,
in the file's memo: smlint.engine.lint_document's ``said``): each still gets them at its own
place, and anything else that differs, however little, is linted on its own."""

import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import strategies as S

from smlint import engine
from smlint.engine import _alike_key as _key
from smlint.engine import lint_document
from smlint.json_kinds import kinds
from smlint.locations import Position, SourceMap
from smlint.model import UPDATE_ENDPOINT, Document, Unresolved
from smlint.runner import Linter, Options


def _lint(source: str) -> list:
    findings, _ = Linter(Options(select=("ALL",))).lint_text("deploy.py", textwrap.dedent(source), "python")
    return [(f.rule, f.line, f.column, f.message) for f in findings]


CANARY = (
    "{'BlueGreenUpdatePolicy': {'TrafficRoutingConfiguration': {'Type': 'CANARY', "
    "'CanarySize': {'Type': 'CAPACITY_PERCENT', 'Value': %s}, 'WaitIntervalInSeconds': 300}}}"
)


def test_each_request_alike_gets_the_findings_at_its_own_place():
    calls = "".join(
        f"sm.update_endpoint(EndpointName='ep-{i}', EndpointConfigName='c', DeploymentConfig={CANARY % 75})\n"
        for i in range(3)
    )
    column = calls.index("'Value'") + 1
    found = _lint(calls)
    assert [(rule, line, col) for rule, line, col, _ in found if rule == "SM204"] == [
        ("SM204", 1, column),
        ("SM204", 2, column),
        ("SM204", 3, column),
    ]
    # and exactly what each gives alone
    for i, text in enumerate(calls.splitlines()):
        alone = ["\n" * i + text + "\n"]
        assert [f for f in found if f[1] == i + 1] == _lint(alone[0])


@pytest.mark.parametrize("value", ["75", "True", "75.0", "-0.0"])
def test_a_request_that_differs_in_anything_but_its_name_is_linted_on_its_own(value):
    first = f"sm.update_endpoint(EndpointName='a', EndpointConfigName='c', DeploymentConfig={CANARY % 40})\n"
    second = (
        f"sm.update_endpoint(EndpointName='b', EndpointConfigName='c', DeploymentConfig={CANARY % value})\n"
    )
    both = _lint(first + second)
    assert [f for f in both if f[1] == 2] == _lint("\n" + second)


def _key_of(payload):
    return _key(payload, kinds(payload))


def test_the_key_tells_types_order_and_unresolved_values_apart():
    base = {"EndpointName": "a", "DeploymentConfig": {"X": 1, "Y": [1.0]}}
    assert _key_of(base) == _key_of({**base, "EndpointName": "b"})
    assert _key_of(base) == _key_of({k: base[k] for k in ("DeploymentConfig", "EndpointName")})
    for other in (
        {"EndpointName": "a", "DeploymentConfig": {"X": True, "Y": [1.0]}},
        {"EndpointName": "a", "DeploymentConfig": {"X": 1.0, "Y": [1.0]}},
        {"EndpointName": "a", "DeploymentConfig": {"X": 1, "Y": [1]}},
        {
            "EndpointName": "a",
            "DeploymentConfig": {"Y": [1.0], "X": 1},
        },  # (order: SM201 says which is second)
        {"EndpointName": "a", "DeploymentConfig": {"X": 1, "Y": (1.0,)}},
    ):
        assert _key_of(base) != _key_of(other), other
    assert _key_of({"A": -0.0}) != _key_of({"A": 0.0})
    assert _key_of({"A": Unresolved("x")}) == _key_of({"A": Unresolved("x")})
    assert _key_of({"A": Unresolved("x")}) != _key_of({"A": Unresolved("x", invalid=True)})
    assert _key_of({"A": Unresolved("x")}) != _key_of({"A": Unresolved("y")})


def test_what_is_not_remembered():
    class Own(Unresolved):  # a reader's own kind of unresolved value
        __slots__ = ()

    assert _key_of({"A": Own("x")}) is None
    assert _key_of(["not", "a", "request"]) is None
    # (past the size a request has)
    assert _key_of({"A": [[0]] * 5000}) is None
    assert _key_of({"A": [[Unresolved("x")]] * 3000}) is None


def _doc(payload) -> Document:
    return Document("r.json", UPDATE_ENDPOINT, payload, SourceMap({}, Position(1, 1, 1, 2)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(S.update_requests, st.text(min_size=1, max_size=70))
def test_remembered_findings_are_those_found_anew(payload, name):
    linter = Linter(Options(select=("ALL",)))
    renamed = {**payload, "EndpointName": name}
    fresh = []
    for one in (payload, renamed):
        fresh.append(lint_document(_doc(one), linter.rules, linter.selected))  # (no memo)
    memo: dict = {}
    lint_document(_doc(payload), linter.rules, linter.selected, said=memo)  # remembered under the other name
    assert lint_document(_doc(renamed), linter.rules, linter.selected, said=memo) == fresh[1]
    # the findings agree across the two names but for those about the name itself
    assert [f for f in fresh[0] if f.field != "EndpointName"] == [
        f for f in fresh[1] if f.field != "EndpointName"
    ]


def test_a_name_not_known_statically_is_said_for_its_request():
    first = f"sm.update_endpoint(EndpointName='a', EndpointConfigName='c', DeploymentConfig={CANARY % 75})\n"
    second = f"sm.update_endpoint(EndpointName=os.environ['E'], EndpointConfigName='c', DeploymentConfig={CANARY % 75})\n"
    both = _lint("import os\n" + first + second)
    alone = _lint("import os\n\n" + second)
    assert "SM003" in [f[0] for f in alone]
    assert [f for f in both if f[1] == 3] == alone
    assert "SM003" not in [f[0] for f in both if f[1] == 2]


def test_a_file_remembers_from_its_second_request_on_and_only_its_own(monkeypatch):
    keyed: list = []
    key = engine._alike_key
    monkeypatch.setattr(engine, "_alike_key", lambda *args: keyed.append(args) or key(*args))
    call = f"sm.update_endpoint(EndpointName='a', EndpointConfigName='c', DeploymentConfig={CANARY % 75})\n"
    linter = Linter(Options(select=("ALL",)))
    linter.lint_text("one.py", call, "python")
    assert keyed == []  # (a file of one request works out no key)
    three = _lint(call * 3)
    assert len(keyed) == 2  # (the second and third keyed: the second remembered, the third found)
    assert [f for f in three if f[1] == 3] == _lint("\n\n" + call)
    keyed.clear()
    linter.lint_text("other.py", call, "python")  # (another file: nothing of the first's)
    assert keyed == []
