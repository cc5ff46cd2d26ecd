"""The evaluator's budgets: values that grow exponentially are unresolved "too large to
evaluate" (one SM003 at the value) in bounded time and memory, and the known-bad request
beside them is still reported. (Growth is measured by benchmarks/bench_hostile.py, not here.)"""

from __future__ import annotations

import pytest

from smlint.runner import Linter, Options

HEAD = "import os\nimport boto3\nsm = boto3.client('sagemaker')\n"
BAD = "sm.update_endpoint(EndpointName='good_name', EndpointConfigName='c')\n"


def lint(text: str) -> list:
    result = Linter(Options(select=("SM",))).lint_data("deploy.py", text.encode(), "python")
    assert result.failure is None, result.failure
    return [(f.rule, f.line, f.message) for f in result.findings]


def _case(body: str, arg: str) -> tuple:
    text = HEAD + body + f"sm.update_endpoint(EndpointName='e', EndpointConfigName='c', Tags={arg})\n" + BAD
    return text, text.count("\n")  # (the call's line, the neighbour's line)


@pytest.mark.parametrize(
    "body, arg, reason",
    [
        ("x = 1\n" + "x = [x, x]\n" * 40, "x", "a value of more than 100,000 parts: too large to evaluate"),
        ("x = [1]\n" + "x = x + x\n" * 40, "x", "a list of more than 10,000 items: too large to evaluate"),
        ("A = 'ab'\n" + "A = A + A\n" * 24, "A", "a string too long to follow"),
    ],
)
def test_exponential_value_is_one_unresolved_and_the_neighbour_is_reported(body, arg, reason):
    text, last = _case(body, arg)
    found = lint(text)
    assert [f[:2] for f in found if f[0] == "SM106"] == [("SM106", last)]
    (unresolved,) = [f for f in found if f[0] == "SM003"]
    assert unresolved[1] == last - 1 and f"({reason})" in unresolved[2]


def test_extend_doubling_stays_within_the_list_budget():
    text, last = _case("x = [1]\n" + "x.extend(x)\n" * 40, "x")
    found = lint(text)
    assert ("SM106", last) in [f[:2] for f in found]
    assert any(f[0] == "SM003" and f[1] == last - 1 for f in found)


def test_many_names_then_many_ifs_keep_their_values():
    names = "".join(f"N{i} = {i}\n" for i in range(3000))
    ifs = "".join(f"if os.environ['V{i}']:\n    N{i} = 'x'\n" for i in range(0, 3000, 2))
    body = names + ifs + "W = {'Key': 'k', 'Value': str(N1)}\n"
    text, last = _case(body, "[W]")
    found = lint(text)
    assert ("SM106", last) in [f[:2] for f in found] and not [f for f in found if f[0] == "SM003"]


def test_a_name_deleted_in_one_branch_is_not_its_old_value():
    body = "T = [{'Key': 'k', 'Value': 'v'}]\nif os.environ['X']:\n    del T\n"
    text, last = _case(body, "T")
    found = lint(text)
    assert any(f[0] == "SM003" and "deleted at line 6" in f[2] for f in found)


def test_an_imported_module_python_cannot_parse_whole_still_gives_its_other_names(tmp_path):
    deep = "50"
    for _ in range(5000):
        deep = f"[{deep}]"
    (tmp_path / "settings.py").write_text(f"DEEP = {deep}\nSIZE = 80\n", encoding="utf-8")
    request = (
        "import boto3\nfrom settings import DEEP, SIZE\nsm = boto3.client('sagemaker')\n"
        "sm.update_endpoint(EndpointName='e', EndpointConfigName='c', DeploymentConfig={'BlueGreenUpdatePolicy': "
        "{'TrafficRoutingConfiguration': {'Type': 'CANARY', 'WaitIntervalInSeconds': 60, 'CanarySize': "
        "{'Type': 'CAPACITY_PERCENT', 'Value': SIZE}}}}, Tags=DEEP)\n"
    )
    path = tmp_path / "deploy.py"
    path.write_text(request, encoding="utf-8")
    result = Linter(Options(select=("SM",))).lint_data(str(path), request.encode(), "python")
    found = [(f.rule, f.line, f.message) for f in result.findings]
    assert ("SM204", 4) in [f[:2] for f in found]
    assert any(
        f[0] == "SM003"
        and "(`DEEP` at line 1 of settings.py is nested too deeply for Python's parser)" in f[2]
        for f in found
    )


def test_a_long_unknown_helper_result_is_described_by_its_head():
    body = (
        "def helper(x):\n    return x.get(\n" + "".join(f"        'a{i}',\n" for i in range(2000)) + "    )\n"
    )
    calls = "".join(f"v{i} = helper(os.environ)\n" for i in range(200))
    text = HEAD + body + calls + "sm.update_endpoint(EndpointName='good_name', EndpointConfigName=v1)\n"
    found = lint(text)
    last = text.count("\n")
    assert ("SM106", last) in [f[:2] for f in found]
    (unresolved,) = [f for f in found if f[0] == "SM003"]
    assert unresolved[2] == (
        "EndpointConfigName cannot be determined statically (the result of `x.get( 'a0', 'a1', 'a2', 'a3', "
        "'a4', …`); checks that need its value were skipped"
    )
