"""The shape rules with jsonschema-rs against the same with jsonschema alone, on requests that
break the schema (the requests behind issue 10's "most of that is the shape check").

    python benchmarks/bench_jsonschema_rs.py [N [ROUNDS]]

``smlint.schema.shape_errors`` on N generated requests that each fail the API schema, with the
fast path on (jsonschema-rs answers "valid?" and lists the failures of requests that
hold no float and no unknown value) and off (jsonschema lists every failure, as before), interleaved;
the medians, their ratio, and whether both give the same errors (keyword, path, message, help)
for every request.
"""

import os
import random
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if not os.environ.get("PYTHONPATH"):  # (else the smlint it names: compare_speed.py times two)
    sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import bench  # noqa: E402

from smlint import schema  # noqa: E402
from smlint.model import UPDATE_ENDPOINT  # noqa: E402


def errors(reqs, fast: bool) -> tuple:
    schema.FAST_PATH = fast
    start = time.perf_counter()
    found = [
        [(e.keyword, e.path, e.message, e.help) for e in schema.shape_errors(r, UPDATE_ENDPOINT)]
        for r in reqs
    ]
    return time.perf_counter() - start, found


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    rng = random.Random(7)
    reqs: list = []
    i = 0
    while len(reqs) < n:
        i += 1
        r = bench.request(rng, i, careless=True)
        if schema.shape_errors(r, UPDATE_ENDPOINT):
            reqs.append(r)
    errors(reqs, True), errors(reqs, False)  # (validators built, jsonschema imported)
    fast, full = [], []
    for _ in range(rounds):
        t, with_rs = errors(reqs, True)
        fast.append(t)
        t, with_py = errors(reqs, False)
        full.append(t)
    schema.FAST_PATH = True
    same = sum(a == b for a, b in zip(with_rs, with_py, strict=True))
    count = sum(len(e) for e in with_py)
    print(
        f"{n} requests that break the schema, {count} errors; jsonschema {statistics.median(full) * 1000:.1f} ms, "
        f"with jsonschema-rs {statistics.median(fast) * 1000:.1f} ms, ratio "
        f"{statistics.median(full) / statistics.median(fast):.1f}x (medians of {rounds} interleaved)"
    )
    print(f"requests with the same errors (keyword, path, message, help): {same}/{n}")


if __name__ == "__main__":
    main()
