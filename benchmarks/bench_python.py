"""Speed of linting Python scripts, as a ratio to bare ``ast.parse`` of the same files,
measured in the same run.

    python benchmarks/bench_python.py [--files 1000] [--repeat 7]

N generated scripts: half deploy scripts with an ``update_endpoint`` call (its config built
from constants, a helper, an ``if``/``else`` and item assignments), half other code of the
same size (training and data scripts that never call the API). smlint reads each file and
parses only the first half; the baseline reads and ``ast.parse``\\ s every file.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
if not os.environ.get("PYTHONPATH"):  # (else the smlint it names: compare_speed.py times two)
    sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

from bench import best_of  # noqa: E402


def deploy_script(rng: random.Random, index: int) -> str:
    kind = rng.choice(["CANARY", "LINEAR", "ROLLING"])
    wait = rng.choice([0, 60, 300, 600])
    value = rng.choice([10, 20, 33, 60])
    if kind == "ROLLING":
        policy = (
            '"RollingUpdatePolicy": {\n'
            f'        "MaximumBatchSize": {{"Type": "CAPACITY_PERCENT", "Value": {value}}},\n'
            '        "WaitIntervalInSeconds": WAIT,\n'
            f'        "MaximumExecutionTimeoutInSeconds": {rng.choice([600, 1800, 3600])},\n'
            "    },"
        )
    else:
        size = "CanarySize" if kind == "CANARY" else "LinearStepSize"
        policy = (
            '"BlueGreenUpdatePolicy": {\n'
            '        "TrafficRoutingConfiguration": {\n'
            f'            "Type": "{kind}",\n'
            f'            "{size}": {{"Type": "CAPACITY_PERCENT", "Value": {value}}},\n'
            '            "WaitIntervalInSeconds": WAIT,\n'
            "        },\n"
            f'        "TerminationWaitInSeconds": {rng.choice([0, 300, 600])},\n'
            f'        "MaximumExecutionTimeoutInSeconds": {rng.choice([600, 1800, 3600])} * 2,\n'
            "    },"
        )
    return f'''"""Deploy model {index} to its endpoint."""

import argparse
import logging
import os

import boto3

log = logging.getLogger(__name__)
WAIT = {wait}
ALARMS = [{{"AlarmName": "model-{index}-errors"}}, {{"AlarmName": "model-{index}-latency"}}]


def deployment_config():
    return {{
    {policy}
    }}


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--stage", default="staging")
    args = parser.parse_args(argv)
    config = deployment_config()
    if args.stage == "prod":
        config["AutoRollbackConfiguration"] = {{"Alarms": ALARMS}}
    sm = boto3.client("sagemaker", region_name=os.environ.get("AWS_REGION", "us-east-1"))
    log.info("updating model-{index}")
    sm.update_endpoint(
        EndpointName="model-{index}",
        EndpointConfigName="model-{index}-v{rng.randint(1, 99)}",
        DeploymentConfig=config,
    )
    sm.get_waiter("endpoint_in_service").wait(EndpointName="model-{index}")


if __name__ == "__main__":
    main()
'''


def other_script(rng: random.Random, index: int) -> str:
    """A training script of about the same size that never calls the API."""
    epochs = rng.randint(1, 50)
    return f'''"""Train model {index}."""

import argparse
import json
import os

import numpy as np

DEFAULTS = {{"epochs": {epochs}, "lr": {rng.random():.4f}, "batch_size": {rng.choice([16, 32, 64])}}}


def load(path):
    with open(path) as fh:
        return [json.loads(line) for line in fh]


def train(rows, epochs, lr):
    weights = np.zeros(16)
    for epoch in range(epochs):
        for row in rows:
            x = np.asarray(row["features"], dtype=float)
            error = float(weights @ x) - row["label"]
            weights -= lr * error * x
        print(f"epoch {{epoch}}: done")
    return weights


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.environ.get("SM_CHANNEL_TRAIN", "."))
    parser.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR", "."))
    args = parser.parse_args(argv)
    rows = load(os.path.join(args.data, "train.jsonl"))
    weights = train(rows, DEFAULTS["epochs"], DEFAULTS["lr"])
    np.save(os.path.join(args.model_dir, "model-{index}.npy"), weights)


if __name__ == "__main__":
    main()
'''


def generate(folder: str, count: int) -> list:
    rng = random.Random(7)
    paths = []
    for index in range(count):
        text = deploy_script(rng, index) if index % 2 == 0 else other_script(rng, index)
        path = os.path.join(folder, f"script_{index:04d}.py")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from smlint.runner import Linter, Options

    linter = Linter(Options())
    with tempfile.TemporaryDirectory() as folder:
        paths = generate(folder, args.files)
        report = linter.lint_paths(paths)  # warm-up: imports, rule files, validators
        assert report.requests == (args.files + 1) // 2 and not report.failures, report.failures

        def parse_all():
            for path in paths:
                with open(path, "rb") as fh:
                    ast.parse(fh.read().decode("utf-8"))

        t_lint, t_parse = best_of(
            args.repeat, lambda: Linter(Options(), rules=linter.rules).lint_paths(paths), parse_all
        )
    n = args.files
    print(
        f"{n} Python files ({(n + 1) // 2} with an update_endpoint call, {report.requests} requests linted, "
        f"{len(report.findings)} findings)"
    )
    print(f"  smlint check       {t_lint * 1000:8.1f} ms  {n / t_lint:8.0f} files/s")
    print(f"  ast.parse only     {t_parse * 1000:8.1f} ms  {n / t_parse:8.0f} files/s")
    print(f"  ratio smlint / ast.parse: {t_lint / t_parse:.2f}")


if __name__ == "__main__":
    main()
