"""Hostile values and files, each beside a known-bad request that must still be reported:
no value is an internal error (complex numbers, integers past Python's int->str digit limit,
Terraform escapes outside Unicode), Terraform's undecodable files are SM001, a file over the
size limit is SM001 wherever its request sits, an unreadable path named on the command line
is one SM001."""

from __future__ import annotations

import errno
import json
import os

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import smlint.sources as sources
from smlint.cli import main
from smlint.runner import Linter, Options
from smlint.wording import number

# The known-bad neighbour: SM106 on its EndpointName, at the line given below per format.
PY_HEAD = "import boto3\nsm = boto3.client('sagemaker')\n"
PY_GOOD = "sm.update_endpoint(EndpointName='good_name', EndpointConfigName='c')\n"
TF_GOOD = 'resource "aws_sagemaker_endpoint" "good" {\n  name                 = "good_name"\n  endpoint_config_name = "c"\n}\n'


def py_request(value: str) -> str:
    return (
        PY_HEAD + "sm.update_endpoint(EndpointName='e', EndpointConfigName='c', DeploymentConfig={"
        "'BlueGreenUpdatePolicy': {'TrafficRoutingConfiguration': {'Type': 'ALL_AT_ONCE', "
        f"'WaitIntervalInSeconds': {value}}}}}}})\n" + PY_GOOD
    )


def tf_request(value: str) -> str:
    return (
        'resource "aws_sagemaker_endpoint" "e" {\n  name                 = "e"\n  endpoint_config_name = "c"\n'
        "  deployment_config {\n    blue_green_update_policy {\n      traffic_routing_configuration {\n"
        f'        type                     = "ALL_AT_ONCE"\n        wait_interval_in_seconds = {value}\n'
        "      }\n    }\n  }\n}\n" + TF_GOOD
    )


def lint(path: str, data, **options) -> list:
    """[(rule, line, message)] of one file's content; smlint's own crash fails the test."""
    linter = Linter(Options(select=("SM",), **options))
    data = data.encode("utf-8") if isinstance(data, str) else data
    result = linter.lint_data(path, data, sources.file_format(path))
    assert result.failure is None, result.failure
    return [(f.rule, f.line, f.message) for f in result.findings]


WAIT = "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.WaitIntervalInSeconds"


@pytest.mark.parametrize(
    "value, reason",
    [
        ("(-8) ** 0.5", "a complex value"),
        ("3j", "a complex value"),
        ("b'600'", "a bytes value"),
        ("0x" + "f" * 5000, "an integer of 20000 bits: too large to evaluate"),
        ("0b" + "1" * 20000, "an integer of 20000 bits: too large to evaluate"),
        ("1" + "0" * 5000, "a 5001-digit integer: too large to evaluate"),
        ("1_" + "0" * 5000 + " + 1", "a 5001-digit integer: too large to evaluate"),
    ],
)
def test_python_value_of_any_kind_is_unresolved_not_a_crash(value, reason):
    found = lint("deploy.py", py_request(value))
    assert ("SM106", 4, found[-1][2]) in found  # the neighbour
    (unresolved,) = [f for f in found if f[0] == "SM003"]
    assert unresolved[1] == 3
    assert (
        unresolved[2]
        == f"{WAIT} cannot be determined statically ({reason}); checks that need its value were skipped"
    )


@pytest.mark.parametrize(
    "value, reason",
    [
        ("1" + "0" * 5000, "a 5001-digit integer: too large to evaluate"),
        ('"\\UFFFFFFFF"', "a string escape \\UFFFFFFFF outside Unicode (Terraform rejects it)"),
        ('"\\U00110000"', "a string escape \\U00110000 outside Unicode (Terraform rejects it)"),
    ],
)
def test_terraform_value_of_any_kind_is_unresolved_not_a_crash(value, reason):
    found = lint("main.tf", tf_request(value))
    assert [f[:2] for f in found if f[0] == "SM106"] == [("SM106", 14)]
    (unresolved,) = [f for f in found if f[0] == "SM003"]
    assert unresolved[1] == 8 and f"({reason})" in unresolved[2]


@pytest.mark.parametrize(
    "data, line, message",
    [
        (b'resource "aws_sagemaker_endpoint" "e" {\n  name = "\xff"\n}\n', 2, "cannot decode as UTF-8"),
        (
            b'resource "aws_sagemaker_endpoint" "e" {\n  name = "a\x00"\n}\n',
            2,
            "file contains a NUL character",
        ),
    ],
)
def test_terraform_undecodable_is_sm001_at_its_place(data, line, message):
    ((rule, at, text),) = lint("main.tf", data)
    assert (rule, at) == ("SM001", line) and text.startswith(message)


def test_number_never_calls_str_on_a_huge_integer():
    assert number(10**5000) == "10000000…(5001 digits)"
    assert number(-(2**100000)) == "-99900209…(30103 digits)"
    assert number(123) == "123" and number(float("inf")) == "inf"


# --------------------------------------------------------------------------- size and encoding


# (a notebook's limit is on its code, its JSON's is larger: tests/readers/test_notebook_limits.py)
@pytest.mark.parametrize("name", ["late.py", "late.json", "late.tf"])
def test_over_size_file_is_sm001_wherever_the_request_sits(tmp_path, name):
    path = tmp_path / name
    filler = b"#" + b"x" * 1000 + b"\n" if name.endswith((".py", ".tf")) else b" " * 1001
    with open(path, "wb") as fh:
        for _ in range(sources.MAX_FILE_BYTES // 1000 + 10):
            fh.write(filler)
        if name.endswith(".json"):
            fh.write(b'{"EndpointName": "x", "DeploymentConfig": {}}\n')
        elif name.endswith(".tf"):
            fh.write(TF_GOOD.encode())
        else:
            fh.write(b"sm.update_endpoint(EndpointName='x', DeploymentConfig={})\n")
    data = sources.read_bytes(str(path))
    linter = Linter(Options())
    result = linter.lint_data(str(path), data, sources.file_format(name))
    assert [(f.rule, f.line) for f in result.findings] == [("SM001", 1)]
    assert result.findings[0].message.startswith("file is larger than 10 MiB")


def test_over_size_data_file_without_a_request_is_not_ours(tmp_path):
    path = tmp_path / "tokenizer.json"
    path.write_bytes(b'{"vocab": "' + b"x" * (sources.MAX_FILE_BYTES + 5000) + b'"}')
    result = Linter(Options()).lint_data(str(path), sources.read_bytes(str(path)), "json")
    assert result.findings == []


def test_utf16_script_without_bom_is_sm001_said_as_such():
    data = (PY_HEAD + PY_GOOD).encode("utf-16-le")
    ((rule, line, message),) = lint("deploy.py", data)
    assert (rule, line) == ("SM001", 1)
    assert message.startswith("file looks like UTF-16-LE without a byte-order mark")


# --------------------------------------------------------------------------- the command line


def test_unreadable_path_named_on_the_command_line_is_one_sm001(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = {"EndpointName": "churn_prod", "EndpointConfigName": "c"}
    (tmp_path / "good.json").write_text(json.dumps(good), encoding="utf-8")
    (tmp_path / "secret.json").write_text(json.dumps(good), encoding="utf-8")
    real_access, real_open = os.access, os.open

    def access(path, mode, *args, **kwargs):  # what click's readable check asks (root may read all)
        return False if str(path).endswith("secret.json") else real_access(path, mode, *args, **kwargs)

    def denied(path, *args, **kwargs):
        if str(path).endswith("secret.json"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(sources.os, "open", denied)
    result = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", "secret.json", "good.json"])
    assert result.exit_code == 1, result.output
    rows = [(r["path"], r["rule"], r["line"]) for r in json.loads(result.stdout)]
    assert rows == [("good.json", "SM106", 1), ("secret.json", "SM001", 1)]


# --------------------------------------------------------------------------- property

_PY_LITERALS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n),
    st.integers(min_value=1, max_value=6000).map(lambda n: "0x" + "f" * n),
    st.integers(min_value=1, max_value=20000).map(lambda n: "0b" + "1" * n),
    st.integers(min_value=1, max_value=8000).map(lambda n: "0o" + "7" * n),
    st.floats(allow_nan=True, allow_infinity=True)
    .map(repr)
    .map(lambda r: f"float({r!r})" if r in ("nan", "inf", "-inf") else r),
    st.sampled_from(
        [
            "1e400",
            "-1e400",
            "3j",
            "(-8) ** 0.5",
            "2 ** 0.5j",
            "...",
            "None",
            "True",
            "b'x'",
            "{1}",
            "()",
            "[]",
            "{}",
            "'\\udcff'",
            "'\\x00\\x1b'",
            "10 ** 5000",
            "-(2 ** 64)",
            "1 / 3",
            "'a' * 10 ** 6",
        ]
    ),
    st.text(max_size=20).map(repr),
)

_HCL_LITERALS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(
        [
            "1e400",
            "true",
            "false",
            "null",
            "[]",
            "{}",
            "[1, 2]",
            "{ a = 1 }",
            '"\\UFFFFFFFF"',
            '"\\U00110000"',
            '"\\uD800"',
            '"\\U0010FFFF"',
            '"$${x}"',
            '"%%{x}"',
            '"\\q"',
        ]
    ),
    st.text(
        alphabet=st.characters(blacklist_characters='"\\$%\n\r', blacklist_categories=("Cs",)), max_size=20
    ).map(lambda s: f'"{s}"'),
)

_YAML_LITERALS = st.one_of(
    st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n),
    st.integers(min_value=1, max_value=80).map(lambda n: "0x" + "f" * n),
    st.sampled_from(
        [
            ".inf",
            "-.inf",
            ".nan",
            "~",
            "null",
            "yes",
            "0o777",
            "1_000",
            "2001-12-14",
            "!!binary aGk=",
            "!!float 1e400",
            "!Ref X",
            "'\\x1b'",
            '"\\U0010FFFF"',
            "[1, 2]",
            "{a: 1}",
            "!!set {a: null}",
            "!!timestamp 2001-12-14t21:59:43.10-05:00",
            "1e400",
            "-0",
            "0b101",
        ]
    ),
    st.text(
        alphabet=st.characters(blacklist_characters='"\\\n\r', blacklist_categories=("Cs", "Cc")), max_size=20
    ).map(lambda s: json.dumps(s)),
)

_PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_PROPERTY
@given(_PY_LITERALS)
def test_property_python_reader_takes_any_literal(value):
    found = lint("deploy.py", py_request(value))
    assert ("SM106", 4) in [f[:2] for f in found]


@_PROPERTY
@given(_HCL_LITERALS)
def test_property_terraform_reader_takes_any_literal(value):
    found = lint("main.tf", tf_request(value))
    assert ("SM106", 14) in [f[:2] for f in found] or found[0][0] == "SM001"


@_PROPERTY
@given(_YAML_LITERALS)
def test_property_yaml_reader_takes_any_literal(value):
    text = (
        "EndpointName: e\nEndpointConfigName: c\nDeploymentConfig:\n  BlueGreenUpdatePolicy:\n"
        f"    TrafficRoutingConfiguration:\n      Type: ALL_AT_ONCE\n      WaitIntervalInSeconds: {value}\n"
        "---\nEndpointName: good_name\nEndpointConfigName: c\n"
    )
    found = lint("request.yaml", text)
    assert ("SM106", 9) in [f[:2] for f in found] or found[0][0] == "SM001"


# --------------------------------------------------------------------------- time budget


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_slow_file_is_sm001_stopped_and_the_rest_reported(tmp_path, monkeypatch, jobs):
    import time

    import smlint.workers as workers
    from smlint.runner import Linter as RealLinter

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)  # a pool even for three files
    good = {"EndpointName": "churn_prod", "EndpointConfigName": "c"}
    for name in ("a.json", "slow.json", "z.json"):
        (tmp_path / name).write_text(json.dumps(good), encoding="utf-8")
    real = RealLinter._lint_bytes

    def slow(self, path, data, fmt, index, context):
        if path.endswith("slow.json"):
            while True:  # a reader that never ends
                sum(range(1000))
        return real(self, path, data, fmt, index, context)

    monkeypatch.setattr(RealLinter, "_lint_bytes", slow)
    CliRunner().invoke(main, ["check", "--isolated", "--no-cache", "a.json"])  # (imports and rules: loaded)
    started = time.monotonic()
    args = [
        "check",
        "--isolated",
        "--no-cache",
        "--jobs",
        jobs,
        "--file-timeout",
        "1.5",
        "--format",
        "json",
        ".",
    ]
    result = CliRunner().invoke(main, args)
    assert time.monotonic() - started < 30
    assert result.exit_code == 1, result.output
    rows = [(r["path"], r["rule"], r["line"], r["message"]) for r in json.loads(result.stdout)]
    assert [row[:3] for row in rows] == [
        ("a.json", "SM106", 1),
        ("slow.json", "SM001", 1),
        ("z.json", "SM106", 1),
    ]
    assert (
        rows[1][3]
        == "stopped after 1.5 s of CPU time, smlint's budget for one file (--file-timeout): not linted"
    )


def test_terraform_variables_file_over_the_context_budget_is_not_read_and_said(tmp_path):
    from smlint import budgets

    block = 'variable "v{i}" {{\n  default = "value-{i}"\n}}\n'
    text = "".join(block.format(i=i) for i in range(budgets.MAX_CONTEXT_BYTES // 30))
    assert len(text) > budgets.MAX_CONTEXT_BYTES
    (tmp_path / "variables.tf").write_text(text, encoding="utf-8")
    (tmp_path / "main.tf").write_text(TF_GOOD.replace('"c"', "var.v0"), encoding="utf-8")
    report = Linter(Options(select=("SM",))).lint_paths([str(tmp_path / "main.tf")])
    found = [(f.rule, f.line, f.message) for f in report.findings]
    assert ("SM106", 2) in [f[:2] for f in found]
    (unresolved,) = [f for f in found if f[0] == "SM003"]
    assert (
        unresolved[1] == 3
        and (
            "(Terraform reference var.v0; variables.tf beside it is larger than 256 KiB and was not read for variable "
            "defaults)"
        )
        in unresolved[2]
    )


def test_the_time_budget_leaves_another_sigprof_handler_its_signals_and_fires_once_per_budget():
    import os
    import signal

    from smlint import budgets

    if not hasattr(signal, "setitimer"):
        pytest.skip("no interval timers here")
    seen = []
    previous = signal.signal(signal.SIGPROF, lambda signum, frame: seen.append(signum))
    saved = budgets._installed[:], budgets._before[:]
    budgets._installed.clear()
    try:
        with budgets.time_budget(30):  # installs smlint's handler; nothing fires in 30 s of CPU
            pass
        os.kill(os.getpid(), signal.SIGPROF)  # no budget runs: the handler from before gets it
        assert seen == [signal.SIGPROF]
        with pytest.raises(budgets.OutOfTime) as stopped:
            with budgets.time_budget(0.05):
                while True:
                    sum(range(1000))
        assert str(stopped.value) == "stopped after 0.05 s"
        assert budgets._armed == [] and signal.getitimer(signal.ITIMER_PROF)[0] == 0
    finally:
        budgets._installed[:], budgets._before[:] = saved
        signal.signal(signal.SIGPROF, previous)


def test_a_reader_cut_gets_half_its_budget_once_more_and_a_settled_file_no_more():
    import signal

    from smlint import budgets

    with budgets.time_budget(40):
        budgets.extend_for_linting()  # (as after an OutOfTime: the timer set anew)
        first = signal.getitimer(signal.ITIMER_PROF)[0]
        budgets.extend_for_linting()  # once per file: the second changes nothing
        second = signal.getitimer(signal.ITIMER_PROF)[0]
        budgets.settle()
        settled = signal.getitimer(signal.ITIMER_PROF)[0]
    assert 19 < second <= first < 20.1 and settled == 0  # (the kernel rounds to its tick)
    with budgets.time_budget(40):  # (a new file: its own extension)
        budgets.extend_for_linting()
        assert 19 < signal.getitimer(signal.ITIMER_PROF)[0] < 20.1
