"""Prove that two revisions of smlint give byte-identical output.

    python benchmarks/compare_output.py [BASE [NEW]]

BASE and NEW are git revisions (default: the merge base with ``main``, and the working
tree). Each revision's ``smlint/`` and ``rules/`` are exported with ``git archive`` (the
working tree is used as it is) and run with ``PYTHONPATH`` in a fresh process, on the same
copy of the inputs: every file under ``examples/`` and ``tests/fixtures/`` as BASE has
them, one by one and folder by folder, and every rule's bad and good example (as BASE's
``rules/*.yaml`` give them, with their ``instance-count`` and ``kind``), with
``--format text`` and ``--format json`` and ``--no-cache``. stdout, stderr and the exit
code must be equal, byte for byte; the first differences are shown and the exit code is 1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ("examples", "tests/fixtures")
FORMATS = ("text", "json")


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def export(rev: str | None, dest: Path, parts=("smlint", "rules")) -> Path:
    """The revision's ``parts`` under ``dest`` (None: the working tree)."""
    dest.mkdir(parents=True)
    if rev is None:
        for part in parts:
            shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        return dest
    archive = subprocess.run(
        ["git", "archive", rev, *parts], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


EXAMPLE_EXTENSIONS = {"json": "json", "yaml": "yaml", "terraform": "tf"}


def rule_examples(rules: Path, dest: Path) -> list:
    """Each rule's bad and good example written under ``dest``: (path, extra arguments)."""
    from ruamel.yaml import YAML

    dest.mkdir()
    out = []
    for rule_file in sorted(rules.glob("SM*.yaml")):
        rule = YAML(typ="safe").load(rule_file.read_text(encoding="utf-8"))
        ex = rule.get("examples") or {}
        if "format" not in ex:
            continue
        extra = []
        if ex.get("instance-count") is not None:
            extra += ["--instance-count", str(ex["instance-count"])]
        if ex.get("kind"):
            extra += ["--kind", ex["kind"]]
        for which in ("bad", "good"):
            path = dest / f"{rule['id']}-{which}.{EXAMPLE_EXTENSIONS[ex['format']]}"
            path.write_text(ex[which], encoding="utf-8")
            out.append((str(path.relative_to(dest.parent)), extra))
    return out


def targets(inputs: Path) -> list:
    """Every file and every folder of the inputs, as paths relative to ``inputs``."""
    out = []
    for top in INPUTS:
        for folder, dirs, files in os.walk(inputs / top):
            dirs.sort()
            rel = os.path.relpath(folder, inputs)
            out.append(rel)
            out.extend(os.path.join(rel, name) for name in sorted(files))
    return out


def run(tree: Path, inputs: Path, target: str, fmt: str, extra=()) -> tuple:
    env = {**os.environ, "PYTHONPATH": str(tree), "SMLINT_CACHE_DIR": str(inputs / ".no-cache")}
    env.pop("SMLINT_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "smlint", "check", "--no-cache", "--format", fmt, *extra, target],
        cwd=inputs,
        env=env,
        capture_output=True,
    )
    return proc.returncode, proc.stdout, proc.stderr


def which(tree: Path, inputs: Path) -> str:
    code = "import smlint; print(smlint.__file__)"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=inputs, env=env, capture_output=True, text=True
    ).stdout.strip()


def _around(a, b) -> str:
    """``a`` near where it first differs from ``b``."""
    if isinstance(a, int):
        return str(a)
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return repr(a[max(0, at - 200) : at + 300])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("base", nargs="?", help="git revision (default: merge base with main)")
    parser.add_argument("new", nargs="?", help="git revision (default: the working tree)")
    args = parser.parse_args()
    base = args.base or git("merge-base", "HEAD", "main").strip()
    with tempfile.TemporaryDirectory(prefix="smlint-compare-") as tmp:
        tmp = Path(tmp)
        old_tree = export(base, tmp / "old")
        new_tree = export(args.new, tmp / "new")
        inputs = export(base, tmp / "inputs", INPUTS)
        for tree in (old_tree, new_tree):
            where = which(tree, inputs)
            if not where.startswith(str(tree)):
                print(f"smlint imported from {where}, not from {tree}", file=sys.stderr)
                return 2
        runs = differ = 0
        examples = rule_examples(old_tree / "rules", inputs / "rule-examples")
        for target, extra in [(t, []) for t in targets(inputs)] + examples:
            for fmt in FORMATS:
                old = run(old_tree, inputs, target, fmt, extra)
                new = run(new_tree, inputs, target, fmt, extra)
                runs += 1
                if old != new:
                    differ += 1
                    if differ <= 5:
                        print(f"DIFFERENT: smlint check --format {fmt} {target}")
                        for name, a, b in zip(("exit code", "stdout", "stderr"), old, new, strict=True):
                            if a != b:
                                print(f"  {name}:\n    {base}: {_around(a, b)}\n    new: {_around(b, a)}")
        print(
            f"{runs} runs ({len(FORMATS)} formats), {base[:12]} vs {args.new or 'working tree'}: "
            f"{'byte-identical' if not differ else f'{differ} differ'}"
        )
        return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
