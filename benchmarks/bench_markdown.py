"""A docs folder: 2,000 Markdown files, 1% of them holding requests (a JSON block, a Python
block, an AWS CLI command), the rest ordinary documentation with code blocks of their own.
smlint in one process against the parse floor: markdown-it-py parsing every file, in the
same run; and the same on the files with requests alone (smlint's cost per document it reads).

    python benchmarks/bench_markdown.py [--files 2000] [--repeat 5]

smlint is measured as ``Linter.lint_paths`` on the folder, no cache (cold). The floor reads
each file and parses it with markdown-it-py (CommonMark, the parser smlint uses). Best of
--repeat, the runs interleaved so that a noisy moment hits both sides.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
if not os.environ.get("PYTHONPATH"):  # (else the smlint it names: compare_speed.py times two)
    sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

from bench import best_of, request  # noqa: E402

PROSE = [
    "The service reads its settings from the environment; see the table below for the defaults.",
    "Run the unit tests before opening a pull request, and keep the changelog up to date.",
    "Each worker pulls a batch from the queue, processes it, and acknowledges it on success.",
    "Dashboards for latency and error rates live in the observability account.",
]
CODE = [
    ("python", "import logging\n\nlog = logging.getLogger(__name__)\nlog.info('ready')\n"),
    ("bash", "make install\npytest -q\n"),
    ("yaml", "service:\n  replicas: 3\n  image: app:1.4\n"),
    ("json", '{"name": "app", "version": "1.0.0"}\n'),
]


def ordinary(rng: random.Random, index: int) -> str:
    parts = [f"# Page {index}\n"]
    for section in range(rng.randint(3, 8)):
        parts.append(
            f"\n## Section {section}\n\n" + " ".join(rng.choice(PROSE) for _ in range(rng.randint(2, 6)))
        )
        parts.append("\n\n- one item\n- another item, with `inline code`\n")
        if rng.random() < 0.6:
            lang, code = rng.choice(CODE)
            parts.append(f"\n```{lang}\n{code}```\n")
    return "".join(parts)


def with_request(rng: random.Random, index: int) -> str:
    payload = request(rng, index, careless=True)
    config = json.dumps(payload["DeploymentConfig"])
    return (
        ordinary(rng, index)
        + "\n## Deploying\n\n```json\n"
        + json.dumps(payload, indent=2)
        + "\n```\n\nOr with the CLI:\n\n```bash\naws sagemaker update-endpoint --endpoint-name "
        + payload["EndpointName"]
        + " \\\n  --endpoint-config-name c --deployment-config '"
        + config
        + "'\n```\n"
    )


def generate(folder: str, count: int) -> list:
    rng = random.Random(13)
    paths = []
    for index in range(count):
        text = with_request(rng, index) if index % 100 == 0 else ordinary(rng, index)
        path = os.path.join(folder, f"page-{index:04d}.md")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from markdown_it import MarkdownIt

    from smlint.runner import Linter, Options

    with tempfile.TemporaryDirectory() as folder:
        paths = generate(folder, args.files)
        linter = Linter(Options())
        report = linter.lint_paths([folder])  # warm: the rules loaded, the parsers imported
        md = MarkdownIt("commonmark")

        def smlint_run():
            Linter(Options(), rules=linter.rules).lint_paths([folder])

        def floor():
            for path in paths:
                with open(path, encoding="utf-8") as fh:
                    md.parse(fh.read())

        holding = [path for i, path in enumerate(paths) if i % 100 == 0]

        def smlint_holding():
            Linter(Options(), rules=linter.rules).lint_paths(holding)

        def floor_holding():
            for path in holding:
                with open(path, encoding="utf-8") as fh:
                    md.parse(fh.read())

        smlint_time, floor_time, holding_time, holding_floor = best_of(
            args.repeat, smlint_run, floor, smlint_holding, floor_holding
        )
        print(
            f"{args.files} Markdown files, {sum(1 for i in range(args.files) if i % 100 == 0)} with requests; "
            f"smlint linted {report.requests} requests, {len(report.findings)} findings; best of {args.repeat}:"
        )
        print(f"  smlint lint_paths (no cache)        {smlint_time:.3f} s")
        print(
            f"  markdown-it-py parse, every file    {floor_time:.3f} s   "
            f"ratio smlint/parse = {smlint_time / floor_time:.2f}   (target <= 1.5)"
        )
        print(f"  the {len(holding)} files with requests alone:")
        print(f"  smlint lint_paths (no cache)        {holding_time:.3f} s")
        print(
            f"  markdown-it-py parse                {holding_floor:.3f} s   "
            f"ratio smlint/parse = {holding_time / holding_floor:.2f}"
        )


if __name__ == "__main__":
    main()
