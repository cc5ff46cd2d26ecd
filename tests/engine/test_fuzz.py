"""Fuzzing (hypothesis) of the loaders and the whole ``check`` pipeline: random bytes, and real
requests (examples/, test fixtures, generated ones) in JSON and YAML mutated the way files get
broken: bytes flipped, truncated, lines duplicated or removed, odd Unicode inserted, values
nested deep, re-encoded. Whatever comes in: no exception, only known rule ids, every position
inside the file, and a report every formatter renders (and parses back, where it is JSON or
XML). For long runs, see tests/fuzz/ (atheris).

SMLINT_FUZZ_EXAMPLES=5000 for a deep run; the default keeps this file under 20 s."""

import atexit
import json
import os
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import strategies as S
from support.parsing import load
from support.payloads import render as render_payload

from smlint import sources
from smlint.cli import main
from smlint.formatters import FORMATS, render
from smlint.registry import builtin_rules
from smlint.runner import Linter, Options

ROOT = Path(__file__).resolve().parents[2]
RULES = builtin_rules()
RULE_IDS = {r.id for r in RULES}

EXAMPLES = int(os.environ.get("SMLINT_FUZZ_EXAMPLES", "60"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

# Real files: every request and look-alike the repository ships.
SEEDS = sorted(
    (p.name, p.read_bytes())
    for folder in ("examples", "tests/fixtures")
    for p in (ROOT / folder).rglob("*")
    if p.suffix in (".json", ".yaml", ".yml") and p.is_file()
)
assert len(SEEDS) >= 10, "the seed corpus is missing"

# Characters that break naive readers: line and paragraph separators, NEL, a BOM in the middle,
# bidi controls, a lone surrogate's replacement, combining marks, astral characters, controls.
ODD = [
    "\u2028",
    "\u2029",
    "\x85",
    "\ufeff",
    "\u202e",
    "\ufffd",
    "e\u0301",
    "\U0001f600",
    "\x00",
    "\x7f",
    "\t",
    "\r",
    "\r\n",
    "\x1b[31m",
    "\ud7ff",
    "\uffff",
    "'",
    '"',
    "\\",
    "&a",
    "*a",
    "!Ref ",
    "<<: ",
    "${X}",
]


def _lines(data: bytes) -> list:
    return data.splitlines(keepends=True) or [b""]


@st.composite
def seeds(draw):
    """A real file, or a request generated from the API model rendered as JSON or YAML."""
    if draw(st.booleans()):
        return draw(st.sampled_from(SEEDS))
    kind, payload = draw(S.requests())
    fmt = draw(st.sampled_from(["json", "yaml"]))
    return S.file_name(kind, fmt), render_payload(payload, fmt).text.encode("utf-8")


@st.composite
def mutation(draw, data: bytes) -> bytes:
    op = draw(
        st.sampled_from(["flip", "truncate", "dup-line", "drop-line", "unicode", "bytes", "nest", "encode"])
    )
    at = draw(st.integers(0, len(data)))
    if op == "flip" and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    if op == "truncate":
        return data[:at]
    if op in ("dup-line", "drop-line"):
        lines = _lines(data)
        i = draw(st.integers(0, len(lines) - 1))
        return b"".join(lines[: i + 1] + lines[i:] if op == "dup-line" else lines[:i] + lines[i + 1 :])
    if op == "unicode":
        text = draw(st.sampled_from(ODD) | st.text(min_size=1, max_size=4))
        return data[:at] + text.encode("utf-8", "surrogatepass") + data[at:]
    if op == "bytes":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    if op == "nest":  # wrap a stretch of the file in brackets, up to past the depth limit
        depth = draw(st.sampled_from([1, 2, 50, 199, 200, 201, 1000]))
        end = draw(st.integers(at, len(data)))
        opening, closing = draw(
            st.sampled_from([(b"[", b"]"), (b'{"a":', b"}"), (b"{a: ", b"}"), (b"- ", b"")])
        )
        return data[:at] + opening * depth + data[at:end] + closing * depth + data[end:]
    if op == "encode":
        encoding = draw(st.sampled_from(["utf-16", "utf-32", "utf-8-sig", "utf-16-le", "latin-1"]))
        return data.decode("utf-8", "replace").encode(encoding, "replace")
    return data


@st.composite
def mutated(draw):
    name, data = draw(seeds())
    for _ in range(draw(st.integers(1, 4))):
        data = draw(mutation(data))
    return name, data


@st.composite
def any_file(draw):
    ext = draw(st.sampled_from([".json", ".yaml", ".yml"]))
    return "random" + ext, draw(st.binary(max_size=400))


def _text_of(data: bytes) -> str:
    """The file as smlint counts positions in it: decoded (a BOM dropped), or, when it cannot
    be decoded, decoded with replacements (positions point before the first bad byte)."""
    text = sources.decode("f", data)
    if isinstance(text, str):
        return text
    for bom, encoding in sources._BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")
    return data.decode("utf-8", "replace")


def _unreadable(data: bytes, fmt: str) -> bool:
    """The file as a whole cannot be read as ``fmt`` ("json" or "yaml"): not decoded, or not
    parsed. (A part of it may be unreadable while the rest is linted: a command's
    --deployment-config in a workflow's step, beside another command.)"""
    text = sources.decode("f", data)
    return not isinstance(text, str) or load(text, fmt).error is not None


def _check_positions(findings, data: bytes, fmt: str) -> None:
    lines = re.split(r"\r\n|\r|\n", _text_of(data))
    for f in findings:
        assert f.rule in RULE_IDS, f.rule
        assert 1 <= f.line <= len(lines), (f.rule, f.line, len(lines), f.message)
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1, (f.rule, f.line, f.column, f.message)
        assert (f.line, f.column) <= (f.end_line, f.end_column), f
        assert f.end_line <= len(lines), f
        assert "crashed" not in f.message, f.message
    if _unreadable(data, fmt):  # a file that cannot be read has nothing else (or nothing, if not ours)
        assert {f.rule for f in findings} <= {"SM001"}, [f.rule for f in findings]


def _check_renders(report) -> None:
    for fmt in FORMATS:
        out = render(fmt, report, RULES if fmt == "sarif" else None)
        assert isinstance(out, str) and out.endswith("\n") or out == "", fmt
        out.encode("utf-8")  # never a lone surrogate: the output is always writable as UTF-8
        if fmt in ("json", "sarif", "gitlab"):
            json.loads(out)
        elif fmt == "junit":
            ET.fromstring(out.encode("utf-8"))
        elif fmt == "text":  # a line per finding, one per help, the summary
            assert (
                len(out.splitlines()) == len(report.findings) + sum(1 for f in report.findings if f.help) + 1
            )
        elif fmt == "concise":
            assert len(out.splitlines()) == len(report.findings)


_WORK = tempfile.mkdtemp(prefix="smlint-fuzz-")
atexit.register(shutil.rmtree, _WORK, True)


def _pipeline(name: str, data: bytes, **options):
    """The whole check on ``data`` saved as ``name``: findings checked, every format rendered."""
    folder = tempfile.mkdtemp(dir=_WORK)
    try:
        path = os.path.join(folder, name)
        with open(path, "wb") as fh:
            fh.write(data)
        report = Linter(Options(**options)).lint_paths([folder])
        assert report.failures == [], report.failures
        assert report.files == 1 and report.skipped == []
        _check_positions(report.findings, data, "json" if name.endswith(".json") else "yaml")
        _check_renders(report)
        return report
    finally:
        shutil.rmtree(folder)


@SETTINGS
@given(mutated(), st.sampled_from([("ALL",), ()]), st.one_of(st.none(), st.integers(1, 20)))
@example(("r.json", b'{"DeploymentConfig": ' + b"[" * 201 + b"]" * 201 + b"}"), ("ALL",), None)
@example(("r.yaml", b"DeploymentConfig:\n" + b"  - " * 300 + b"x\n"), ("ALL",), None)
@example(("r.yaml", "\ufeffEndpointName: a\u2028\nDeploymentConfig: {}\n".encode("utf-16")), (), None)
@example(("r.json", b'{"EndpointName": "a", "DeploymentConfig": {"\xed\xa0\x80": 1}}'), ("ALL",), None)
# (a workflow whose second command's --deployment-config breaks: an SM001 there, the first linted)
@example(
    (
        "deploy.yml",
        b'name: deploy\nname: deploy\non:\n  workflow_dispatch:\n    inputs:\n      config:\n        required: true\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Canary to prod\n        run: |\n          aws sagemaker update-endpoint \\\n            --endpoint-name search-prod \\\n            --endpoint-config-name "${{ inputs.config }}" \\\n            --deployment-config \'{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 1}, "WaitIntervalInSeconds": 600}, "MaximumExecutionTimeoutInSeconds": 600}}\'\n      - run: >-\n          aws sagemaker update-endpoint --endpoint-name search-prod --endpoint-config-name search-prod-v2\n          --deployment-config \'{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration#: {"Type": "ALL_AT_ONCE"}}}\'\n',
    ),
    ("ALL",),
    None,
)
def test_mutated_requests_through_the_pipeline(case, select, fleet):
    name, data = case
    _pipeline(name, data, select=select, fleet_size=fleet)


@SETTINGS
@given(any_file(), st.sampled_from([None, "update-endpoint", "deployment-config"]))
def test_random_bytes_through_the_pipeline(case, kind):
    name, data = case
    _pipeline(name, b"DeploymentConfig" + data if kind is None else data, select=("ALL",), kind=kind)


@SETTINGS
@given(mutated(), st.sampled_from(FORMATS))
def test_mutated_requests_through_the_command_line(case, fmt):
    name, data = case
    folder = tempfile.mkdtemp(dir=_WORK)
    try:
        with open(os.path.join(folder, name), "wb") as fh:
            fh.write(data)
        result = CliRunner().invoke(main, ["check", "--format", fmt, "--select", "ALL", folder])
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.exit_code in (0, 1), (result.exit_code, result.output[-2000:])
        assert result.stderr == "", result.stderr
    finally:
        shutil.rmtree(folder)


@SETTINGS
@given(mutated(), st.sampled_from(["json", "yaml"]))
@example(("r.yaml", "\ufffd\x00".encode()), "yaml")  # libyaml's reader errors count bytes
def test_loaders_alone(case, fmt):
    """A loader answers documents or one error, with positions inside the text."""
    _, data = case
    text = data.decode("utf-8", "replace")
    parsed = load(text, fmt)
    lines = re.split(r"\r\n|\r|\n", text)
    if parsed.error is not None:
        assert parsed.documents == [] or fmt == "yaml"  # YAML keeps the documents before the error
        assert 1 <= parsed.error.line <= len(lines)
        assert 1 <= parsed.error.column <= len(lines[parsed.error.line - 1]) + 1
        return
    for composed in parsed.documents:
        for path in list(_paths(composed.value))[:200]:
            pos = composed.source_map.resolve(path)
            assert 1 <= pos.line <= len(lines), (path, pos)
            assert 1 <= pos.column <= len(lines[pos.line - 1]) + 1, (path, pos)


def _paths(value, path=()):
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        yield where
        if isinstance(item, dict):
            stack.extend((v, where + (k,)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, where + (i,)) for i, v in enumerate(item))
