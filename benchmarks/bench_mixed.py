"""1,500 mixed request files (JSON, YAML, Python calling update_endpoint): smlint in one
process against the parse floor, the same files read and only parsed in the same process.

    python benchmarks/bench_mixed.py [--files 1500] [--repeat 7]

smlint is measured as ``Linter.lint_paths`` on the folder: whatever formats it reads today
(a format smlint does not read yet, such as Python before its loader lands, costs smlint
one directory entry and nothing else). The floor parses exactly the files smlint read (by
its own ``sources.file_format``): json.loads for JSON, libyaml's safe loader (values, no
positions) for YAML, ast.parse for Python. A second floor parses every file, whatever smlint
reads. Best of --repeat, the runs interleaved so that a noisy moment hits both sides. Each
counted run is a run of its own (a new Linter, the rules loaded once): what the warm-up
found is not remembered.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
if not os.environ.get("PYTHONPATH"):  # (else the smlint it names: compare_speed.py times two)
    sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

from bench import best_of, request, to_yaml, yaml_values  # noqa: E402
from bench_repo import PY_REQUEST  # noqa: E402

PY_KWARGS = '''"""Blue/green update with the request built as a dict first."""

import boto3

REQUEST = {request}


def main():
    boto3.client("sagemaker").update_endpoint(**REQUEST)
'''


def generate(folder: str, count: int) -> list:
    """A third of each: JSON, YAML, Python (keyword arguments, or a dict unpacked)."""
    rng = random.Random(5)
    paths = []
    for index in range(count):
        payload = request(rng, index, careless=rng.random() < 0.3)
        kind = index % 3
        if kind == 0:
            name, text = f"update-{index:04d}.json", json.dumps(payload, indent=2) + "\n"
        elif kind == 1:
            name, text = f"update-{index:04d}.yaml", to_yaml(payload) + "\n"
        elif index % 2:
            config = json.dumps(payload["DeploymentConfig"], indent=4).replace("\n", "\n        ")
            name, text = (
                f"deploy_{index:04d}.py",
                PY_REQUEST.format(name=payload["EndpointName"], config=config),
            )
        else:
            name, text = f"deploy_{index:04d}.py", PY_KWARGS.format(request=json.dumps(payload, indent=4))
        path = os.path.join(folder, name)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        paths.append(path)
    return paths


def parse_floor(paths):
    parsers = {".json": json.loads, ".yaml": yaml_values, ".yml": yaml_values, ".py": ast.parse}

    def floor():
        for path in paths:
            with open(path, "rb") as fh:
                text = fh.read().decode("utf-8")
            parsers[os.path.splitext(path)[1]](text)

    return floor


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=1500)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from smlint import engine, sources
    from smlint.runner import Linter, Options

    with tempfile.TemporaryDirectory() as folder:
        paths = generate(folder, args.files)
        linted = [p for p in paths if sources.file_format(p)]
        linter = Linter(Options())
        report = linter.lint_paths([folder])  # warm-up: imports, rule files, validators
        floor_same, floor_all = parse_floor(linted), parse_floor(paths)
        floor_same()
        floor_all()

        def lint():
            # A run of its own each time, as the command line's: nothing the warm-up found is
            # remembered. (Revisions before 2026-12-02 kept the checks' memo in the process,
            # not the run, smlint.engine._SAID: cleared, so that both are measured alike.)
            getattr(engine, "_SAID", {}).clear()
            Linter(Options(), rules=linter.rules).lint_paths([folder])

        t_lint, t_same, t_all = best_of(args.repeat, lint, floor_same, floor_all)
        by_ext: dict = {}
        for path in linted:
            ext = os.path.splitext(path)[1]
            by_ext[ext] = by_ext.get(ext, 0) + 1
        skipped = sorted({os.path.splitext(p)[1] for p in paths} - set(by_ext))
        print(
            f"{args.files} mixed files; smlint read {report.files} "
            f"({', '.join(f'{n} {e}' for e, n in sorted(by_ext.items()))}"
            f"{'; not read: ' + ', '.join(skipped) if skipped else ''}), linted {report.requests} requests, "
            f"{len(report.findings)} findings; best of {args.repeat}:"
        )
        print(f"  smlint lint_paths                  {t_lint:7.3f} s  {args.files / t_lint:8.0f} files/s")
        print(
            f"  parse floor, the files smlint read {t_same:7.3f} s   ratio smlint/floor = {t_lint / t_same:.2f}"
            f"   (target <= 2.5)"
        )
        print(
            f"  parse floor, every file            {t_all:7.3f} s   ratio smlint/floor = {t_lint / t_all:.2f}"
        )


if __name__ == "__main__":
    main()
