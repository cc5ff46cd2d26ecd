"""What fixing costs next to linting, on the same files, in the same run.

    python benchmarks/bench_fix.py [--copies 40] [--repeat 3]

The fix fixtures of the test suite (tests/fixtures/fixes: JSON, YAML, Python, a notebook,
Terraform, CloudFormation, every one with findings to fix), --copies of each in a temporary
folder. Timed, each a fresh process, cold (--no-cache), best of --repeat:

1. `smlint check` (the baseline);
2. `smlint check --diff --unsafe-fixes` (every fix worked out, applied in memory, the result
   linted again until nothing is left: the work of --fix without the writes);
3. `smlint check --fix --unsafe-fixes` on a fresh copy each time (and the writes).

The figures are ratios to the baseline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "tests", "fixtures", "fixes")


def corpus(folder: str, copies: int) -> None:
    for i in range(copies):
        target = os.path.join(folder, f"copy{i}")
        shutil.copytree(FIXTURES, target)


def timed(args, cwd) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "smlint", "check", "--no-cache", "-j", "1", *args, "."],
        cwd=cwd,
        capture_output=True,
        check=False,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "source")
        corpus(source, options.copies)
        files = sum(len(names) for _, _, names in os.walk(source))
        best = {
            "check": float("inf"),
            "check --diff --unsafe-fixes": float("inf"),
            "check --fix --unsafe-fixes": float("inf"),
        }
        for _ in range(options.repeat):
            best["check"] = min(best["check"], timed([], source))
            best["check --diff --unsafe-fixes"] = min(
                best["check --diff --unsafe-fixes"], timed(["--diff", "--unsafe-fixes"], source)
            )
            work = os.path.join(tmp, "work")
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(source, work)
            best["check --fix --unsafe-fixes"] = min(
                best["check --fix --unsafe-fixes"], timed(["--fix", "--unsafe-fixes"], work)
            )
        print(f"{files} files ({options.copies} copies of tests/fixtures/fixes), best of {options.repeat}:")
        for name, seconds in best.items():
            print(f"  smlint {name:<28} {seconds:7.2f} s  {seconds / best['check']:.2f}x")


if __name__ == "__main__":
    main()
