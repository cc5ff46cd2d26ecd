"""The JSON reader's positions: the json module's scanner walked over the text
(smlint.readers.json_spans) against libyaml's composition of the same text, which gave them
before (the tests' oracle, tests/support/parsing.py), in the same process.

    python benchmarks/bench_json_spans.py [--resources 2000] [--repeat 7]

One CloudFormation JSON template of --resources resources (Model, EndpointConfig and
Endpoint, as bench_cfn.py writes them), read as ``smlint check`` reads it: ``load_json``
(json.loads), then the spans of every field (what the CloudFormation reader asks for), then
also a Position for every one of them (what findings on each would resolve). Medians of
--repeat interleaved runs, in milliseconds. The libyaml side is the same load_json, then the
composition and its walk.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))

from bench_cfn import template  # noqa: E402
from support.parsing import libyaml_json_map  # noqa: E402

from smlint.readers.json import load_json  # noqa: E402


def big_template(resources: int) -> str:
    rng = random.Random(7)
    out = template(rng, 0)
    out["Resources"] = {
        f"{name}{index}": body
        for index in range(-(-resources // 3))
        for name, body in template(rng, index)["Resources"].items()
    }
    return json.dumps(out, indent=2)


def walked(text: str, resolve: bool) -> int:
    source_map = load_json(text).documents[0].source_map
    source_map.fill()
    return sum(1 for path in source_map.spans if source_map.resolve(path)) if resolve else 0


def composed(text: str, resolve: bool) -> int:
    load_json(text)  # (the values: then the positions, as the reader found them before)
    source_map, _ = libyaml_json_map(text)
    return sum(1 for path in source_map.spans if source_map.resolve(path)) if resolve else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resources", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    text = big_template(args.resources)
    fields = walked(text, True)
    assert fields == composed(text, True)
    print(f"template: {args.resources} resources, {len(text):,} characters, {fields:,} fields; medians, ms")
    for resolve in (False, True):
        times: dict = {walked: [], composed: []}
        for _ in range(args.repeat):
            for run in times:
                start = time.perf_counter()
                run(text, resolve)
                times[run].append(time.perf_counter() - start)
        walk, compose = (statistics.median(times[run]) * 1000 for run in (walked, composed))
        what = "read + spans + a Position for every field" if resolve else "read + spans"
        print(f"  {what:42} json scanner {walk:7.1f}  libyaml {compose:7.1f}  ratio {compose / walk:5.2f}")


if __name__ == "__main__":
    main()
