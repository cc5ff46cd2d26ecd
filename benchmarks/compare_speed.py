"""Speed of two revisions of smlint, interleaved, on the same 1,500 mixed files.

    python benchmarks/compare_speed.py [BASE [NEW]] [--rounds 5]

Each revision's ``smlint/`` and ``rules/`` are exported (``git archive``; NEW defaults to the
working tree) and run with ``PYTHONPATH``. Per round, for each revision in turn:
``bench_mixed.py`` (smlint in one process against the parse floor, best of 3), and the command
line as a user runs it: a fresh ``smlint check --no-cache DIR`` process against a fresh process
that only parses the same files (bench_mixed's floor). Medians over the rounds.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from compare_output import export, git  # noqa: E402

FLOOR = """
import sys
sys.path.insert(0, {here!r})
from bench_mixed import parse_floor
from smlint import sources
paths = [os.path.join(d, f) for d, _, fs in os.walk({folder!r}) for f in fs]
parse_floor([p for p in paths if sources.file_format(p)])()
"""


def _bytecode(env: dict) -> dict:
    """``env`` with bytecode written and read: a fresh process then imports as an installed
    smlint does (pip compiles it), not compiling every module from source again each run."""
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def fresh(cmd, env) -> float:
    # (run outside any checkout: ``python -m`` puts the working folder before PYTHONPATH)
    start = time.perf_counter()
    subprocess.run(
        cmd,
        env=env,
        cwd=tempfile.gettempdir(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("base", nargs="?")
    parser.add_argument("new", nargs="?")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--files", type=int, default=1500)
    args = parser.parse_args()
    base = args.base or git("merge-base", "HEAD", "main").strip()
    with tempfile.TemporaryDirectory(prefix="smlint-speed-") as tmp:
        tmp = Path(tmp)
        trees = {"base": export(base, tmp / "base"), "new": export(args.new, tmp / "new")}
        from bench_mixed import generate

        folder = str(tmp / "files")
        os.mkdir(folder)
        generate(folder, args.files)
        figures: dict = {name: {"mixed": [], "cli": [], "floor": []} for name in trees}
        for tree in trees.values():  # (not counted: each tree's bytecode written)
            command = [sys.executable, "-m", "smlint", "check", "--no-cache", "--format", "json", folder]
            fresh(command, _bytecode({**os.environ, "PYTHONPATH": str(tree)}))
        for _ in range(args.rounds):
            for name, tree in trees.items():
                env = _bytecode({**os.environ, "PYTHONPATH": str(tree)})
                out = subprocess.run(
                    [
                        sys.executable,
                        str(HERE / "bench_mixed.py"),
                        "--files",
                        str(args.files),
                        "--repeat",
                        "3",
                    ],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                figures[name]["mixed"].append(
                    float(
                        re.search(
                            r"the files smlint read\s+[\d.]+ s\s+ratio smlint/floor = ([\d.]+)", out
                        ).group(1)
                    )
                )
                figures[name]["cli"].append(
                    fresh(
                        [sys.executable, "-m", "smlint", "check", "--no-cache", "--format", "json", folder],
                        env,
                    )
                )
                floor = FLOOR.format(here=str(HERE), folder=folder)
                figures[name]["floor"].append(fresh([sys.executable, "-c", "import os\n" + floor], env))
        for name in trees:
            f = figures[name]
            cli, floor = statistics.median(f["cli"]), statistics.median(f["floor"])
            print(
                f"{name:4s} ({base[:12] if name == 'base' else args.new or 'working tree'}): "
                f"in-process smlint/parse floor {statistics.median(f['mixed']):.2f}x; "
                f"fresh process check --no-cache {cli:.3f} s, parse-only process {floor:.3f} s, {cli / floor:.2f}x "
                f"(medians of {args.rounds} interleaved rounds)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
