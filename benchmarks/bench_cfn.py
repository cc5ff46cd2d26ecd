"""smlint against cfn-lint on the same CloudFormation templates, measured side by side.

    python benchmarks/bench_cfn.py [--templates 500] [--repeat 7] [--python PATH] [--cfn-lint PATH]

1. One template holding a SageMaker endpoint (its EndpointConfig, Model and the Endpoint with
   a DeploymentConfig): wall time of `smlint check` and of `cfn-lint` on it, each a fresh
   process, medians of --repeat interleaved runs (the way a pre-commit hook or an editor runs them).
2. --templates such templates (half JSON, half YAML) in one call of each tool.

Both are run in subprocesses of the same interpreter, cold (smlint with --no-cache). The
ratio is cfn-lint's time over smlint's. cfn-lint is a benchmark-only dependency
(`pip install cfn-lint`); the templates are generated with the same seed every run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from bench import request  # noqa: E402  (the same request generator as the core benchmark)


def template(rng: random.Random, index: int) -> dict:
    body = request(rng, index, careless=index % 4 == 0)
    endpoint = {k: v for k, v in body.items() if k not in ("EndpointName", "EndpointConfigName")}
    endpoint["EndpointName"] = f"endpoint-{index}"
    endpoint["EndpointConfigName"] = {"Fn::GetAtt": ["Config", "EndpointConfigName"]}
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"Model endpoint {index}",
        "Parameters": {
            "ImageUri": {"Type": "String", "Default": "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1"}
        },
        "Resources": {
            "Model": {
                "Type": "AWS::SageMaker::Model",
                "Properties": {
                    "ExecutionRoleArn": "arn:aws:iam::123456789012:role/sagemaker",
                    "PrimaryContainer": {"Image": {"Ref": "ImageUri"}},
                },
            },
            "Config": {
                "Type": "AWS::SageMaker::EndpointConfig",
                "Properties": {
                    "ProductionVariants": [
                        {
                            "VariantName": "AllTraffic",
                            "ModelName": {"Fn::GetAtt": ["Model", "ModelName"]},
                            "InitialInstanceCount": rng.choice([1, 2, 4, 8]),
                            "InstanceType": rng.choice(["ml.m5.xlarge", "ml.c5.2xlarge", "ml.g5.xlarge"]),
                            "InitialVariantWeight": 1.0,
                        }
                    ]
                },
            },
            "Endpoint": {"Type": "AWS::SageMaker::Endpoint", "Properties": endpoint},
        },
    }


def to_yaml(data) -> str:
    import io

    from ruamel.yaml import YAML

    out = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.dump(data, out)
    return out.getvalue()


def write_templates(folder: str, count: int) -> list:
    rng = random.Random(20261124)
    paths = []
    for i in range(count):
        data = template(rng, i)
        if i % 2:
            path = os.path.join(folder, f"stack-{i:04d}.yaml")
            text = to_yaml(data)
        else:
            path = os.path.join(folder, f"stack-{i:04d}.json")
            text = json.dumps(data, indent=2)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        paths.append(path)
    return paths


def timed(command: list) -> float:
    """The wall time of one run of ``command``, outside any checkout (``python -m`` puts the
    working folder before the installed smlint)."""
    start = time.perf_counter()
    subprocess.run(
        command, cwd=tempfile.gettempdir(), env=_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


# (bytecode written and read: both tools import as installed, not compiling from source each run)
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--templates", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--python", default=sys.executable, help="interpreter that has smlint installed")
    parser.add_argument("--cfn-lint", default=shutil.which("cfn-lint"), help="the cfn-lint command")
    args = parser.parse_args()
    if not args.cfn_lint:
        sys.exit("cfn-lint is not installed: pip install cfn-lint (a benchmark-only dependency)")
    version = subprocess.run([args.cfn_lint, "--version"], capture_output=True, text=True).stdout.strip()
    smlint = [args.python, "-m", "smlint", "check", "--no-cache", "--format", "json"]
    cfn = [args.cfn_lint, "--format", "json"]
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("one", "many"):
            os.makedirs(os.path.join(tmp, name))
        one = write_templates(os.path.join(tmp, "one"), 1)
        many = write_templates(os.path.join(tmp, "many"), args.templates)
        print(f"cfn-lint {version}; smlint from {args.python}; medians of {args.repeat} interleaved runs")
        for label, paths in (("one template", one), (f"{len(many)} templates, one call", many)):
            # interleaved: a slow moment of the machine hits both tools alike (after a run of
            # each that writes their bytecode, not counted)
            timed(smlint + paths)
            timed(cfn + paths)
            s_times, c_times = [], []
            for _ in range(args.repeat):
                s_times.append(timed(smlint + paths))
                c_times.append(timed(cfn + paths))
            s_time, c_time = statistics.median(s_times), statistics.median(c_times)
            found = subprocess.run(
                smlint + paths, cwd=tempfile.gettempdir(), capture_output=True, text=True
            ).stdout
            print(
                f"{label:28s} smlint {s_time:7.3f} s   cfn-lint {c_time:7.3f} s   "
                f"ratio {c_time / s_time:5.1f}x   (best runs: {min(c_times) / min(s_times):.1f}x; "
                f"{len(json.loads(found or '[]'))} smlint findings)"
            )


if __name__ == "__main__":
    main()
