"""Properties (hypothesis) of ``--fix``: requests generated from the API model's ranges
(tests/support/strategies.py), given random mistakes that smlint can fix (a misspelt or
mis-cased key, an enum value in the wrong case, a number or boolean in quotes, a value out of
range), rendered as JSON (any layout, CRLF), block YAML, a Python call, a notebook cell and a
Terraform resource.

(a) the fixed text parses, and no fix was dropped as smlint's bug (a fix that did not remove
    its finding or added one); (b) fixing again changes nothing; (c) every character outside
    the edited spans is kept, in order."""

import copy
import json
import os
import pprint
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import strategies as S
from support.payloads import render

from smlint.fixes import Offsets, apply
from smlint.fixing import _lint, fix_text, wanted
from smlint.runner import Linter, Options

SETTINGS = settings(
    max_examples=int(os.environ.get("SMLINT_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# N unknown, and two fleets (INSTANCE_COUNT sizes are judged and clamped only with N)
LINTERS = {n: Linter(Options(fleet_size=n)) for n in (None, 4, 20)}

ENUMS = {"Type", "VariantPropertyType"}
NUMBERS = {"WaitIntervalInSeconds", "TerminationWaitInSeconds", "MaximumExecutionTimeoutInSeconds", "Value"}
RANGES = {
    "WaitIntervalInSeconds": 3600,
    "TerminationWaitInSeconds": 3600,
    "MaximumExecutionTimeoutInSeconds": 28800,
}


def _walk(value, path=()):
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, path + (i,))


def _parent(data, path):
    for key in path[:-1]:
        data = data[key]
    return data


@st.composite
def mistaken(draw):
    """(kind, payload): a valid request with one to three fixable mistakes."""
    kind, payload = draw(S.requests())
    data = copy.deepcopy(S.wrap(kind, payload))
    for _ in range(draw(st.integers(1, 3))):
        sites = []
        for path, value in _walk(data):
            if not path or isinstance(path[-1], int) or (kind == S.CONFIG and len(path) < 2):
                continue
            key = path[-1]
            if key in ENUMS and isinstance(value, str) and value.upper() == value:
                sites.append(("enum", path))
            if key in NUMBERS and type(value) is int:
                sites.append(("quote", path))
            if key in RANGES and type(value) is int:
                sites.append(("range", path))
            if isinstance(value, dict) and len(path) > (1 if kind == S.CONFIG else 0):
                sites.append(("case", path))
        if not sites:
            break
        what, path = draw(st.sampled_from(sites))
        parent, key = _parent(data, path), path[-1]
        if what == "enum":
            parent[key] = draw(st.sampled_from([parent[key].lower(), parent[key].title()]))
        elif what == "quote":
            parent[key] = str(parent[key])
        elif what == "range":
            parent[key] = RANGES[key] + draw(st.integers(1, 5000))
        else:  # a key in the wrong case: canarySize
            wrong = key[0].lower() + key[1:]
            if wrong not in parent:
                parent[wrong] = parent.pop(key)
    return kind, S.unwrap(kind, data)


def _python(kind, payload) -> str:
    request = (
        payload
        if kind != S.CONFIG
        else {"EndpointName": "e", "EndpointConfigName": "c", "DeploymentConfig": payload}
    )
    body = pprint.pformat(request, indent=1, width=70, sort_dicts=False)
    return f"import boto3\n\nREQUEST = {body}\nboto3.client('sagemaker').update_endpoint(**REQUEST)\n"


def _notebook(kind, payload) -> str:
    code = _python(kind, payload)
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Deploy\n"]},
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": code.splitlines(True),
        },
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _hcl(name: str, value, indent: str) -> list:
    if isinstance(value, dict):
        lines = [f"{indent}{_snake(name)} {{"]
        for k, v in value.items():
            lines += _hcl(k, v, indent + "  ")
        return lines + [f"{indent}}}"]
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        return [line for v in value for line in _hcl(name, v, indent)]
    return [f"{indent}{_snake(name)} = {json.dumps(value)}"]


def _terraform(kind, payload) -> str:
    request = (
        payload
        if kind != S.CONFIG
        else {"EndpointName": "e", "EndpointConfigName": "c", "DeploymentConfig": payload}
    )
    lines = ['resource "aws_sagemaker_endpoint" "this" {']
    names = {"EndpointName": "name", "EndpointConfigName": "endpoint_config_name"}
    for key in ("EndpointName", "EndpointConfigName", "DeploymentConfig"):
        if key in request:
            value = request[key]
            lines += (
                _hcl(key, value, "  ")
                if key == "DeploymentConfig"
                else [f"  {names[key]} = {json.dumps(value)}"]
            )
    return "\n".join(lines + ["}"]) + "\n"


@st.composite
def files(draw):
    """(linter, name, text, format) of a request with mistakes."""
    linter = LINTERS[draw(st.sampled_from(sorted(LINTERS, key=str)))]
    kind, payload = draw(mistaken())
    fmt = draw(st.sampled_from(["json", "yaml", "python", "notebook", "terraform"]))
    if fmt == "python":
        return linter, "deploy.py", _python(kind, payload), "python"
    if fmt == "notebook":
        return linter, "deploy.ipynb", _notebook(kind, payload), "notebook"
    if fmt == "terraform":
        return linter, "main.tf", _terraform(kind, payload), "terraform"
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    indent = draw(st.sampled_from(["  ", "    "] + (["\t"] if fmt == "json" else [])))
    text = render(payload, fmt, indent, newline).text
    return linter, S.file_name(kind, fmt), text, fmt


def everything(f) -> bool:
    return wanted(f, unsafe=True)


@SETTINGS
@given(files())
def test_a_fixed_file_parses_and_no_fix_is_dropped(case):
    linter, name, text, fmt = case
    done = fix_text(linter, name, text, fmt, everything)
    assert not any(f.rule == "SM001" for f in done.findings), done.text
    assert [(f.rule, f.field, why) for f, why in done.bugs] == []
    assert not any(everything(f) for f in done.findings)  # a fixed point: nothing fixable is left


@SETTINGS
@given(files())
def test_fixing_twice_is_fixing_once(case):
    linter, name, text, fmt = case
    once = fix_text(linter, name, text, fmt, everything)
    twice = fix_text(linter, name, once.text, fmt, everything)
    assert twice.text == once.text
    assert twice.applied == []


@SETTINGS
@given(files())
def test_only_the_edited_spans_change(case):
    linter, name, text, fmt = case
    fixes = [f.fix for f in _lint(linter, name, text, fmt) if everything(f)]
    new, applied = apply(text, fixes)
    index = Offsets(text)
    spans = sorted((*index.span(e), e.text) for fix in applied for e in fix.edits)
    kept, at, rebuilt = [], 0, []
    for start, end, replacement in spans:
        assert start >= at  # (no two applied edits overlap)
        kept.append(text[at:start])
        rebuilt.append(text[at:start] + replacement)
        at = end
    kept.append(text[at:])
    rebuilt.append(text[at:])
    assert new == "".join(rebuilt)
    # what is outside the edits is in the result, in order, unchanged
    position = 0
    for piece in kept:
        found = new.find(piece, position)
        assert found >= 0
        position = found + len(piece)


def test_a_step_size_fixed_may_reveal_the_timeout_finding_it_hid():
    """Found by the property above: a 1% batch (out of range) counts no steps, so the timeout
    was not judged; fixed to 5% of a fleet of 20 (one instance a batch, 20 batches of 30 s),
    the schedule fills the 600 s timeout: SM208, revealed by the fix, not added by it."""
    from smlint.runner import Linter, Options

    text = (
        "import boto3\n\nREQUEST = {'EndpointName': 'a',\n 'EndpointConfigName': 'a',\n"
        " 'RetainAllVariantProperties': False,\n 'RetainDeploymentConfig': False,\n"
        " 'deploymentConfig': {'RollingUpdatePolicy': {'MaximumBatchSize': {'Type': 'CAPACITY_PERCENT',\n"
        "                                                                   'Value': 1},\n"
        "                                              'WaitIntervalInSeconds': 30,\n"
        "                                              'MaximumExecutionTimeoutInSeconds': 600}}}\n"
        "boto3.client('sagemaker').update_endpoint(**REQUEST)\n"
    )
    done = fix_text(Linter(Options(fleet_size=20)), "deploy.py", text, "python", everything)
    assert done.bugs == []
    assert "'DeploymentConfig': {" in done.text and "'Value': 5}" in done.text
