"""Speed of the core pipeline, as ratios against baselines measured in the same run.

    python benchmarks/bench.py [--files 1000] [--repeat 7] [--python PATH]

1. Lint N generated request files (half JSON, half YAML) in one
   process, against the parse floor: the same files read and only parsed, in the same
   process. Two floors are shown: the value parse (json.loads / libyaml's safe loader) and
   the position-keeping parse (libyaml's composer for both formats).
2. Wall time of `smlint check` on one request file and on one file with no request, against
   the interpreter's own start-up (`python -c pass`) in the same run. `--python` picks the
   interpreter: a clean virtualenv shows what users see, without a crowded site-packages.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if not os.environ.get("PYTHONPATH"):  # (else the smlint it names: compare_speed.py times two)
    sys.path.insert(0, os.path.dirname(HERE))


def request(rng: random.Random, index: int, careless: bool) -> dict:
    """A realistic UpdateEndpoint request. A careless one draws from values that include the
    usual mistakes (quoted or out-of-range waits, oversized steps, no alarms, zero bakes,
    short timeouts); a careful one is clean."""
    kind = rng.choice(["CANARY", "LINEAR", "ALL_AT_ONCE", "ROLLING"])
    if careless:
        wait = rng.choice([0, 60, 300, 600]) if index % 3 else rng.choice([600, 4000, "600"])
        canary, batch, timeouts = [10, 20, 75], [10, 25, 50, 80], [600, 1800, 3600, 7200]
    else:
        wait = rng.choice([60, 300, 600])
        canary, batch, timeouts = [10, 20], [10, 25, 50], [14400, 28800]
    config: dict = {}
    if kind == "ROLLING":
        config["RollingUpdatePolicy"] = {
            "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": rng.choice(batch)},
            "WaitIntervalInSeconds": wait,
            "MaximumExecutionTimeoutInSeconds": rng.choice(timeouts),
        }
    else:
        routing: dict = {"Type": kind, "WaitIntervalInSeconds": wait}
        if kind == "CANARY":
            routing["CanarySize"] = {"Type": "CAPACITY_PERCENT", "Value": rng.choice(canary)}
        if kind == "LINEAR":
            routing["LinearStepSize"] = {"Type": "INSTANCE_COUNT", "Value": rng.choice([1, 2, 3])}
        config["BlueGreenUpdatePolicy"] = {
            "TrafficRoutingConfiguration": routing,
            "TerminationWaitInSeconds": rng.choice([0, 300, 600]),
            "MaximumExecutionTimeoutInSeconds": rng.choice(timeouts),
        }
    if not careless or rng.random() < 0.7:
        config["AutoRollbackConfiguration"] = {
            "Alarms": [{"AlarmName": f"model-{index}-alarm-{i}"} for i in range(rng.randint(1, 3))]
        }
    return {
        "EndpointName": f"model-{index}",
        "EndpointConfigName": f"model-{index}-v{rng.randint(1, 99)}",
        "DeploymentConfig": config,
    }


def to_yaml(value, indent: int = 0) -> str:
    pad = "  " * indent
    lines = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            lines.append(to_yaml(item, indent + 1))
        elif isinstance(item, list):
            lines.append(f"{pad}{key}:")
            for element in item:
                body = to_yaml(element, indent + 2).lstrip()
                lines.append(f"{pad}  - {body}")
        else:
            lines.append(f"{pad}{key}: {json.dumps(item)}")
    return "\n".join(lines)


def generate(folder: str, count: int, careless_share: float) -> list:
    rng = random.Random(7)
    paths = []
    for index in range(count):
        data = request(rng, index, careless=rng.random() < careless_share)
        if index % 2:
            path = os.path.join(folder, f"request-{index:04d}.yaml")
            text = to_yaml(data) + "\n"
        else:
            path = os.path.join(folder, f"request-{index:04d}.json")
            text = json.dumps(data, indent=2) + "\n"
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        paths.append(path)
    return paths


def best_of(repeat: int, *fns) -> list:
    """The best time of each function over ``repeat`` rounds, run in turn within each round
    (so that a noisy moment hits all of them), with the garbage collector off, as timeit does."""
    import gc

    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for index, fn in enumerate(fns):
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                fn()
                best[index] = min(best[index], time.perf_counter() - start)
            finally:
                gc.enable()
    return best


def yaml_values(text):
    """libyaml's safe loader: YAML text to Python data, the fastest way there is."""
    from ruamel.yaml.cyaml import CSafeLoader

    loader = CSafeLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def floors(paths):
    """The fastest ways to parse the same files: values only (json.loads; libyaml's safe
    loader, constructing Python data), and a node tree with positions (libyaml's composer,
    what any linter that reports lines must at least do)."""
    from ruamel.yaml.cyaml import CSafeLoader

    def yaml_nodes(text):
        loader = CSafeLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()

    def values():
        for path in paths:
            with open(path, "rb") as fh:
                text = fh.read().decode("utf-8")
            if path.endswith(".json"):
                json.loads(text)
            else:
                yaml_values(text)

    def positions():
        for path in paths:
            with open(path, "rb") as fh:
                text = fh.read().decode("utf-8")
            yaml_nodes(text.replace("\t", " "))

    return values, positions


def wall(cmd, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):  # 1 is findings; anything else did not lint
            sys.exit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-300:]}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cli-runs", type=int, default=15)
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter with smlint installed, for the CLI timings (e.g. a clean virtualenv's)",
    )
    args = parser.parse_args()

    from smlint.runner import Linter, Options

    linter = Linter(Options())
    for title, share in (
        ("careless (every file drawn from values with mistakes)", 1.0),
        ("typical (1 file in 10 careless, the rest clean)", 0.1),
    ):
        with tempfile.TemporaryDirectory() as folder:
            paths = generate(folder, args.files, share)
            linter.lint_paths(paths[:40])  # warm-up: imports, rule files, validators
            values, positions = floors(paths)
            values()
            t_lint, t_values, t_positions = best_of(
                args.repeat,
                lambda paths=paths: Linter(Options(), rules=linter.rules).lint_paths(paths),
                values,
                positions,
            )
            report = linter.lint_paths(paths)
            with_findings = len({f.path for f in report.findings})
            print(
                f"{args.files} request files, {title}: {with_findings} files with findings, "
                f"{len(report.findings)} findings; best of {args.repeat}:"
            )
            print(f"  smlint lint              {t_lint:7.3f} s  {args.files / t_lint:8.0f} files/s")
            print(
                f"  parse floor (values)     {t_values:7.3f} s  {args.files / t_values:8.0f} files/s"
                f"   ratio smlint/floor = {t_lint / t_values:.2f}"
            )
            print(
                f"  parse floor (positions)  {t_positions:7.3f} s  {args.files / t_positions:8.0f} files/s"
                f"   ratio smlint/floor = {t_lint / t_positions:.2f}"
            )

    with tempfile.TemporaryDirectory() as folder:
        paths = generate(folder, 1, 0.0)
        one = paths[0]
        other = os.path.join(folder, "package.json")
        with open(other, "w", encoding="utf-8") as fh:
            json.dump({"name": "web", "version": "1.0.0", "scripts": {"build": "vite build"}}, fh)
        smlint = [args.python, "-m", "smlint", "check"]
        t_python = wall([args.python, "-c", "pass"], args.cli_runs)
        t_one = wall(smlint + [one], args.cli_runs)
        t_none = wall(smlint + [other], args.cli_runs)
        print(f"CLI wall time, median of {args.cli_runs}:")
        print(f"  python -c pass          {t_python * 1000:6.0f} ms")
        print(
            f"  smlint check request    {t_one * 1000:6.0f} ms  ({t_one / t_python:.1f}x interpreter start-up)"
        )
        print(
            f"  smlint check no-request {t_none * 1000:6.0f} ms  ({t_none / t_python:.1f}x interpreter start-up)"
        )


if __name__ == "__main__":
    main()
