"""jsonschema-rs against jsonschema (smlint's validator) on requests that break the schema.

    pip install jsonschema-rs   # not a dependency: this measures whether it should be one
    python benchmarks/bench_jsonschema_rs.py [N [ROUNDS]]

Counts the errors and compares their instance paths, and shows how each treats 600.0 and
True where the schema wants an integer (botocore: ``isinstance(value, int)``).
"""

import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import jsonschema_rs  # noqa: E402

from smlint import schema  # noqa: E402
from smlint.model import UPDATE_ENDPOINT  # noqa: E402

rng = random.Random(7)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
print("generating", flush=True)
reqs = []
i = 0
while len(reqs) < N:
    i += 1
    r = bench.request(rng, i, careless=True)
    if schema.shape_errors(r, UPDATE_ENDPOINT, plain=False):
        reqs.append(r)
print("generated", len(reqs), flush=True)
v = schema._validator(UPDATE_ENDPOINT, False)
rs = jsonschema_rs.Draft202012Validator(v.schema)


def run_py():
    return [[(e.validator, tuple(e.absolute_path)) for e in v.iter_errors(r)] for r in reqs]


def run_rs():
    out = []
    for r in reqs:
        out.append(
            [
                (getattr(e.kind, "keyword", None) or type(e.kind).__name__, tuple(e.instance_path))
                for e in rs.iter_errors(r)
            ]
        )
    return out


def timed(fn):
    t = time.perf_counter()
    res = fn()
    return time.perf_counter() - t, res


tp, tr = [], []
for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 7):  # interleaved
    a, py = timed(run_py)
    tp.append(a)
    b, rr = timed(run_rs)
    tr.append(b)
npy = sum(map(len, py))
nrs = sum(map(len, rr))
same_paths = sum(1 for x, y in zip(py, rr, strict=True) if sorted(p for _, p in x) == sorted(p for _, p in y))
print(
    f"1000 requests that break the schema; jsonschema {statistics.median(tp) * 1000:.1f} ms, jsonschema-rs {statistics.median(tr) * 1000:.1f} ms, ratio {statistics.median(tp) / statistics.median(tr):.1f}x (medians of 7 interleaved)"
)
print(
    f"errors: jsonschema {npy}, jsonschema-rs {nrs}; requests with the same instance paths: {same_paths}/1000"
)
# the integer rule: 600.0 and True must not be integers (botocore: isinstance(value, int))
probe = {
    "EndpointName": "e",
    "DeploymentConfig": {
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 600.0}
        }
    },
}
print(
    "600.0 as an integer: jsonschema",
    [e.validator for e in v.iter_errors(probe)],
    "jsonschema-rs",
    [str(e.message) for e in rs.iter_errors(probe)],
)
probe2 = {
    "EndpointName": "e",
    "DeploymentConfig": {
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": True}
        }
    },
}
print(
    "True as an integer: jsonschema",
    [e.validator for e in v.iter_errors(probe2)],
    "jsonschema-rs",
    [str(e.message) for e in rs.iter_errors(probe2)],
)
kinds = {}
for y in rr:
    for k, _ in y:
        kinds[k] = kinds.get(k, 0) + 1
print("jsonschema-rs kinds:", dict(sorted(kinds.items())))
