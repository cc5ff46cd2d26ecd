"""Hostile families at 1x, 10x and 100x: wall time, peak RSS, exit code, and whether the
known-bad request beside each hostile input is still reported (its SM106 on ``good_name``).

    python benchmarks/bench_hostile.py [--scales 1,10,100] [--timeout 60] [--only NAME,...]
                                       [--baseline-src DIR]

Each run is ``smlint check --no-cache --isolated --format json`` in a fresh process on a folder
holding the hostile file and, where the family allows, the known-bad request inside the same
file (else beside it). ``--baseline-src DIR``: a checkout of an older smlint (``git archive
<commit> | tar -x -C DIR``) measured in the same run, interleaved, for a before/after table.
Exponential families scale by their exponent (doublings, merge depth) and are budget-capped;
the others scale by their count.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

PY_HEAD = "import os\nimport boto3\nsm = boto3.client('sagemaker')\n"
PY_BAD = "sm.update_endpoint(EndpointName='good_name', EndpointConfigName='c')\n"
JSON_BAD = {"EndpointName": "good_name", "EndpointConfigName": "c"}
TF_BAD = 'resource "aws_sagemaker_endpoint" "good" {\n  name                 = "good_name"\n  endpoint_config_name = "c"\n}\n'


def _py(body: str, call_arg: str = "x") -> dict:
    text = (
        PY_HEAD
        + body
        + f"sm.update_endpoint(EndpointName='e', EndpointConfigName='c', Tags={call_arg})\n"
        + PY_BAD
    )
    return {"hostile.py": text}


def doubling_list(n):  # x = [x, x]: a DAG with 2**n leaves
    return _py("x = 1\n" + "x = [x, x]\n" * n)


def doubling_add(n):  # A = A + A: a string of 2**n characters
    return _py("A = 'ab'\n" + "A = A + A\n" * n, "A")


def doubling_fstring(n):
    return _py("A = 'ab'\n" + "A = f'{A}{A}'\n" * n, "A")


def names_then_ifs(n):  # n module-level names then n `if os.environ[...]` statements
    body = "".join(f"N{i} = {i}\n" for i in range(n)) + "".join(
        f"if os.environ['V{i}']:\n    pass\n" for i in range(n)
    )
    return _py(body, "N0")


def many_calls(n):
    call = "sm.update_endpoint(EndpointName='e{i}', EndpointConfigName='c', DeploymentConfig={{}})\n"
    return {"hostile.py": PY_HEAD + "".join(call.format(i=i) for i in range(n)) + PY_BAD}


def many_distinct_calls(n):  # each with its own DeploymentConfig: no two requests alike
    call = (
        "sm.update_endpoint(EndpointName='e{i}', EndpointConfigName='c', DeploymentConfig="
        "{{'AutoRollbackConfiguration': {{'Alarms': [{{'AlarmName': 'a{i}'}}]}}}})\n"
    )
    return {"hostile.py": PY_HEAD + "".join(call.format(i=i) for i in range(n)) + PY_BAD}


def json_newlines(n):
    text = '{"EndpointName": "good_name", "EndpointConfigName": "c", "Tags": "x"' + "\n" * n + "}"
    return {"hostile.json": text}


def yaml_merge(n):  # <<: [*b, *b] n levels deep, under a key of the request
    lines = ["EndpointName: good_name", "EndpointConfigName: c", "Anchors:", "  a0: &a0 {x: 1}"]
    for i in range(1, n + 1):
        lines.append(f"  a{i}: &a{i}\n    <<: [*a{i - 1}, *a{i - 1}]")
    lines.append(f"Tags:\n  <<: *a{n}")
    return {"hostile.yaml": "\n".join(lines) + "\n"}


def yaml_documents(n):
    doc = "EndpointName: e{i}\nEndpointConfigName: c\nDeploymentConfig: {{}}\n"
    return {
        "hostile.yaml": "---\n".join(doc.format(i=i) for i in range(n))
        + "---\nEndpointName: good_name\nEndpointConfigName: c\n"
    }


def cfn_probe(n):  # a Parameter reached from n places
    wait = {"Ref": "Wait"}
    resources = {
        f"Ep{i}": {
            "Type": "AWS::SageMaker::Endpoint",
            "Properties": {
                "EndpointConfigName": "c",
                "DeploymentConfig": {
                    "BlueGreenUpdatePolicy": {
                        "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": wait},
                        "TerminationWaitInSeconds": wait,
                        "MaximumExecutionTimeoutInSeconds": wait,
                    }
                },
            },
        }
        for i in range(n)
    }
    resources["Good"] = {
        "Type": "AWS::SageMaker::Endpoint",
        "Properties": {"EndpointName": "good_name", "EndpointConfigName": "c"},
    }
    template = {
        "Parameters": {"Wait": {"Type": "Number", "AllowedValues": list(range(0, 3601, 600))}},
        "Resources": resources,
    }
    return {"template.json": json.dumps(template, indent=1)}


def tf_endpoints(n):
    block = 'resource "aws_sagemaker_endpoint" "e{i}" {{\n  name                 = "e{i}"\n  endpoint_config_name = "c"\n}}\n'
    return {"main.tf": "".join(block.format(i=i) for i in range(n)) + TF_BAD}


def tf_variables(n):  # a variables file of n variables beside main.tf, for one var.x
    variables = "".join(f'variable "v{i}" {{\n  default = {i}\n}}\n' for i in range(n))
    main = TF_BAD.replace('"c"', "var.v0")
    return {"variables.tf": variables, "main.tf": main}


def notebook_cells(n):
    cells = [
        {"cell_type": "code", "metadata": {}, "source": ["x = 1\n"], "outputs": [], "execution_count": None}
    ] * n
    cells = cells + [
        {
            "cell_type": "code",
            "metadata": {},
            "source": [PY_HEAD, PY_BAD],
            "outputs": [],
            "execution_count": None,
        }
    ]
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return {"hostile.ipynb": json.dumps(nb)}


def notebook_outputs(n):  # n plots of 600 KB (base64 PNG outputs) before the cell with the request
    png = "iVBORw0KGgo" + "A" * 600_000
    plot = {
        "cell_type": "code",
        "metadata": {},
        "source": ["plot(x)\n"],
        "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"image/png": png}}],
        "execution_count": 1,
    }
    bad = {
        "cell_type": "code",
        "metadata": {},
        "source": [PY_HEAD, PY_BAD],
        "outputs": [],
        "execution_count": None,
    }
    nb = {"cells": [plot] * n + [bad], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return {"hostile.ipynb": json.dumps(nb, indent=1)}


# (name, generator, sizes at 1x/10x/100x): the count of linear families times 10 per step;
# for exponential ones the exponent, up to the size (2**40 leaves, 2**24 characters,
# 2**30 merges), whose value a budget must cap.
FAMILIES = [
    ("py x=[x,x] doublings", doubling_list, (4, 14, 40)),
    ("py A=A+A doublings", doubling_add, (4, 14, 24)),
    ("py f-string doublings", doubling_fstring, (4, 14, 24)),
    ("py names then ifs", names_then_ifs, (200, 2_000, 20_000)),
    ("py calls in one file", many_calls, (600, 6_000, 60_000)),
    ("py distinct calls in one file", many_distinct_calls, (600, 6_000, 60_000)),
    ("json newlines after a string", json_newlines, (2_000, 20_000, 200_000)),
    ("yaml merge fan-out depth", yaml_merge, (3, 10, 30)),
    ("yaml documents", yaml_documents, (500, 5_000, 50_000)),
    ("cfn parameter probe places", cfn_probe, (30, 300, 3_000)),
    ("tf endpoints in one file", tf_endpoints, (100, 1_000, 10_000)),
    ("tf variables file", tf_variables, (300, 3_000, 30_000)),
    ("notebook cells", notebook_cells, (3_000, 30_000, 300_000)),
    ("notebook outputs (600 KB plots)", notebook_outputs, (1, 10, 100)),
]
SCALES = {1: 0, 10: 1, 100: 2}

# The child reports its own peak RSS (KB on Linux) as the last line of stderr.
LAUNCHER = (
    "import resource, runpy, sys\n"
    "try:\n"
    "    runpy.run_module('smlint', run_name='__main__', alter_sys=True)\n"
    "finally:\n"
    "    u = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    sys.stderr.write('\\nPEAKRSS=%d CPU=%.2f\\n' % (u.ru_maxrss, u.ru_utime + u.ru_stime))\n"
)


def run_one(src: str, folder: str, timeout: float) -> dict:
    env = dict(os.environ, PYTHONPATH=src)
    env.pop("SMLINT_DEBUG", None)
    cmd = [sys.executable, "-c", LAUNCHER, "check", "--no-cache", "--isolated", "--format", "json", "."]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout)
        status = proc.returncode
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        status = "timeout"
    wall = time.monotonic() - started
    rss = cpu = None
    if b"PEAKRSS=" in err:
        tail = err.rsplit(b"PEAKRSS=", 1)[1].split()
        rss, cpu = int(tail[0]) / 1024, float(tail[1].split(b"=")[1])
    try:
        rows = json.loads(out or b"[]")
    except ValueError:
        rows = []
    good = any(r["rule"] == "SM106" and "good_name" in r["message"] for r in rows)
    return {
        "wall": wall,
        "cpu": cpu,
        "status": status,
        "good": good,
        "traceback": b"Traceback" in err,
        "rss": rss,
    }


def measured(src: str, files: dict, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        for name, text in files.items():
            with open(os.path.join(folder, name), "w", encoding="utf-8") as fh:
                fh.write(text)
        return run_one(src, folder, timeout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--only", default="")
    parser.add_argument("--baseline-src", default="")
    parser.add_argument("--baseline-only", action="store_true", help="measure the baseline alone")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    sources = [] if args.baseline_only else [("after", ROOT)]
    sources += [("before", args.baseline_src)] if args.baseline_src else []
    print(
        "| family | scale | size | "
        + " | ".join(
            f"{n} wall s | {n} CPU s | {n} peak MB | {n} exit | {n} bad reported" for n, _ in sources
        )
        + " |"
    )
    print("|---|---|---|" + "---|---|---|---|---|" * len(sources))
    for name, make, sizes in FAMILIES:
        if only and not any(o in name for o in only):
            continue
        for scale in scales:
            size = sizes[SCALES[scale]]
            files = make(size)
            cells = []
            for _, src in sources:
                r = measured(src, files, args.timeout)
                rss = "?" if r["rss"] is None else f"{r['rss']:.0f}"
                cpu = "?" if r["cpu"] is None else f"{r['cpu']:.1f}"
                exit_ = f"{r['status']}{' TB' if r['traceback'] else ''}"
                cells.append(f"{r['wall']:.1f} | {cpu} | {rss} | {exit_} | {'yes' if r['good'] else 'NO'}")
            print(f"| {name} | {scale}x | {size} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
