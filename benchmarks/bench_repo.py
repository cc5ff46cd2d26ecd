"""A monorepo: 20,000 files of which 1% hold requests. Wall time and peak memory of
`smlint check` on it, against baselines measured in the same run, as ratios.

    python benchmarks/bench_repo.py [--files 20000] [--share 0.01] [--repeat 3] [--keep DIR]
                                    [--python PATH] [--profile] [--importtime] [-- EXTRA SMLINT ARGS]

The repository mixes what a monorepo holds: Python sources, JSON package and config files,
YAML CI workflows and Kubernetes manifests, Markdown, images and other binaries, a vendored
node_modules and a .git folder; 1% of the files are requests (JSON and YAML, and a few
Python files calling update_endpoint), and a few are look-alikes that mention request keys
(CloudFormation templates, DescribeEndpoint dumps, HyperPod configs).

Every command runs in a child process; its wall time is the best of --repeat, its peak
memory the child's own maximum resident set (os.wait4's rusage). Baselines, same run:
  - `python -c pass`: the interpreter's start-up;
  - walk + read: a child that walks the same tree (same skipped folders) and reads every
    file whose extension smlint reads: the I/O floor of any linter of these files.
--profile runs smlint under cProfile and prints what dominates; --importtime runs it with
`python -X importtime` on a copy of the repository without requests and lists the modules
that cost most and whether heavy ones (ruamel.yaml, jsonschema, the rules) were imported.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from bench import request, to_yaml  # noqa: E402  (the request generator of bench.py)

# share of the non-request files, by kind
MIX = (
    ("py", 0.34),
    ("json", 0.12),
    ("yaml", 0.12),
    ("md", 0.12),
    ("binary", 0.10),
    ("other", 0.10),
    ("vendored", 0.07),  # node_modules/…, skipped by smlint
    ("git", 0.03),  # .git/objects/…, skipped by smlint
)

PY_BODY = '''"""{name}: feature pipeline step."""

import logging
import os

import numpy as np

LOG = logging.getLogger(__name__)
THRESHOLD = {n}


class {cls}:
    def __init__(self, config: dict):
        self.config = config
        self.window = config.get("window", {n})

    def transform(self, rows):
        out = []
        for row in rows:
            if row["score"] > THRESHOLD:
                out.append({{"id": row["id"], "score": float(np.log1p(row["score"]))}})
        LOG.info("kept %d of %d rows", len(out), len(rows))
        return out


def handler(event, context):
    step = {cls}({{"window": int(os.environ.get("WINDOW", "{n}"))}})
    return step.transform(event.get("rows", []))
'''

PY_REQUEST = '''"""Roll the new model out behind a canary."""

import boto3

sagemaker = boto3.client("sagemaker")


def deploy(config_name: str) -> None:
    sagemaker.update_endpoint(
        EndpointName="{name}",
        EndpointConfigName=config_name,
        DeploymentConfig={config},
    )
'''

K8S = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels: {{app: {name}, tier: backend}}
spec:
  replicas: {n}
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      containers:
        - name: {name}
          image: registry.example.com/{name}:1.{n}.0
          ports: [{{containerPort: 8080}}]
          resources:
            limits: {{cpu: "500m", memory: 512Mi}}
          env:
            - {{name: LOG_LEVEL, value: info}}
"""

WORKFLOW = """name: ci-{name}
on:
  push: {{branches: [main]}}
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {{python-version: "3.12"}}
      - run: pip install -e '.[test]' && pytest -q
"""

CFN = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointName: {name}
      EndpointConfigName: !Ref EndpointConfig
      DeploymentConfig:
        BlueGreenUpdatePolicy:
          TrafficRoutingConfiguration: {{Type: ALL_AT_ONCE, WaitIntervalInSeconds: 300}}
"""

MD = "# {name}\n\n" + ("Service notes: how to run, deploy and roll back. " * 8 + "\n\n") * 6


def _json_config(rng: random.Random, name: str) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        value = {
            "name": name,
            "version": f"1.{rng.randrange(40)}.0",
            "private": True,
            "scripts": {"build": "vite build", "test": "vitest run", "lint": "eslint ."},
            "dependencies": {
                f"dep-{i}": f"^{rng.randrange(9)}.{rng.randrange(20)}.0" for i in range(rng.randrange(5, 30))
            },
        }
    elif kind == 1:
        value = {
            "compilerOptions": {"target": "es2022", "strict": True, "paths": {"@/*": ["src/*"]}},
            "include": ["src"],
        }
    else:
        value = {
            "feature_flags": {f"flag_{i}": rng.random() < 0.5 for i in range(rng.randrange(5, 60))},
            "owner": name,
        }
    return json.dumps(value, indent=2) + "\n"


def _lookalike(rng: random.Random, name: str) -> tuple:
    kind = rng.randrange(3)
    if kind == 0:
        return "template.yaml", CFN.format(name=name)
    if kind == 1:
        return "describe-endpoint.json", json.dumps(
            {
                "EndpointName": name,
                "EndpointArn": f"arn:aws:sagemaker:us-east-1:1:endpoint/{name}",
                "EndpointConfigName": f"{name}-v3",
                "EndpointStatus": "InService",
            },
            indent=2,
        ) + "\n"
    return "cluster.json", json.dumps(
        {
            "ClusterName": name,
            "InstanceGroups": [{"InstanceCount": 2, "InstanceGroupName": "workers"}],
            "DeploymentConfig": {
                "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}}
            },
        },
        indent=2,
    ) + "\n"


def generate(root: str, files: int, share: float, seed: int = 11) -> dict:
    """Write the repository; answer how many files of each kind it holds."""
    rng = random.Random(seed)
    requests = round(files * share)
    lookalikes = max(1, files // 2000)
    counts: dict = {}
    binary = bytes(rng.randrange(256) for _ in range(64 * 1024))

    def write(rel: str, data) -> None:
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data if isinstance(data, bytes) else data.encode("utf-8"))

    for index in range(requests):
        service = f"services/svc{index % 97:02d}"
        payload = request(rng, index, careless=rng.random() < 0.3)
        kind = ("json", "yaml", "py")[index % 10 // 4] if index % 10 < 9 else "py"  # 4 json : 4 yaml : 2 py
        if kind == "json":
            write(f"{service}/deploy/update-endpoint-{index}.json", json.dumps(payload, indent=2) + "\n")
        elif kind == "yaml":
            write(f"{service}/deploy/update-endpoint-{index}.yaml", to_yaml(payload) + "\n")
        else:
            config = json.dumps(payload["DeploymentConfig"], indent=4).replace("\n", "\n        ")
            write(
                f"{service}/src/deploy_{index}.py",
                PY_REQUEST.format(name=payload["EndpointName"], config=config),
            )
        counts["request-" + kind] = counts.get("request-" + kind, 0) + 1
    for index in range(lookalikes):
        name, text = _lookalike(rng, f"model-{index}")
        write(f"infra/stack{index}/{name}", text)
    counts["lookalike"] = lookalikes

    rest = files - requests - lookalikes
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    for index in range(rest):
        kind = rng.choices(kinds, weights)[0]
        counts[kind] = counts.get(kind, 0) + 1
        service = f"services/svc{rng.randrange(97):02d}"
        n = rng.randrange(1, 500)
        if kind == "py":
            sub = rng.choice(["src", "src/features", "src/jobs", "tests"])
            write(
                f"{service}/{sub}/mod_{index}.py",
                PY_BODY.format(name=f"mod_{index}", cls=f"Step{index}", n=n) * rng.randint(1, 4),
            )
        elif kind == "json":
            write(
                f"{service}/config/{rng.choice(['package', 'tsconfig', 'flags'])}-{index}.json",
                _json_config(rng, f"svc-{index}"),
            )
        elif kind == "yaml":
            if rng.random() < 0.3:
                write(f".github/workflows/ci-{index}.yml", WORKFLOW.format(name=f"svc-{index}"))
            else:
                write(f"{service}/k8s/deployment-{index}.yaml", K8S.format(name=f"svc-{index}", n=n))
        elif kind == "md":
            write(f"{service}/docs/notes-{index}.md", MD.format(name=f"svc-{index}"))
        elif kind == "binary":
            ext = rng.choice(["png", "jpg", "parquet", "pt", "whl"])
            size = rng.randrange(1024, 64 * 1024)
            write(f"{service}/assets/blob-{index}.{ext}", binary[:size])
        elif kind == "other":
            ext = rng.choice(["txt", "toml", "cfg", "js", "ts", "sh", "csv"])
            write(
                f"{service}/misc/file-{index}.{ext}", f"# {index}\n" + "key = value\n" * rng.randrange(5, 80)
            )
        elif kind == "vendored":
            write(
                f"web/node_modules/pkg-{index % 300}/package-{index}.json", _json_config(rng, f"pkg-{index}")
            )
        else:
            write(f".git/objects/{index % 256:02x}/{index:038x}", binary[: rng.randrange(100, 4000)])
    return counts


def run_child(cmd, env=None) -> tuple:
    """(wall seconds, peak RSS in MiB, exit code, stdout) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    # (RUSAGE_CHILDREN's ru_maxrss is the largest of all children so far, not this one's:
    # each command reports its own peak instead, see PEAK)
    peak = None
    for line in err.decode(errors="replace").splitlines():
        if line.startswith("PEAK_RSS_KB="):
            peak = int(line.split("=")[1]) / 1024
    return elapsed, peak, proc.returncode, out, err


# A child reports its own peak RSS at exit (ru_maxrss of RUSAGE_SELF, KiB on Linux).
PEAK = (
    "import atexit, resource, sys; atexit.register(lambda: sys.stderr.write("
    "'PEAK_RSS_KB=%d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)); "
)


def smlint_cmd(python: str, repo: str, extra) -> list:
    code = (
        PEAK
        + "import sys; sys.argv = ['smlint', 'check', *sys.argv[1:]]; from smlint.cli import main; main()"
    )
    return [python, "-c", code, repo, *extra]


WALK_READ = (
    PEAK
    + """
import os, sys
sys.path.insert(0, {root!r})
from smlint.sources import SKIP_DIRS, file_format
total = files = 0
for folder, dirs, names in os.walk(sys.argv[1]):
    dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
    for name in sorted(names):
        if file_format(name) is None:
            continue
        with open(os.path.join(folder, name), "rb") as fh:
            total += len(fh.read().decode("utf-8", "replace"))
            files += 1
print(files, total)
"""
)


def best(cmd, repeat: int, env=None, ok=(0,)) -> tuple:
    runs = []
    for _ in range(repeat):
        elapsed, peak, code, out, err = run_child(cmd, env)
        if code not in ok:
            sys.exit(f"{cmd[:3]} failed ({code}): {err.decode(errors='replace')[-500:]}")
        runs.append((elapsed, peak, out))
    return min(r[0] for r in runs), max((r[1] or 0) for r in runs), runs[0][2]


def profile(python: str, repo: str, extra) -> None:
    import pstats

    out = os.path.join(tempfile.gettempdir(), "smlint-bench-repo.prof")
    code = (
        "import cProfile, sys; sys.argv = ['smlint', 'check', *sys.argv[1:]]; from smlint.cli import main\n"
        f"cProfile.run('main()', {out!r})"
    )
    subprocess.run(
        [python, "-c", code, repo, "--format", "json", *extra],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    stats = pstats.Stats(out)
    print(f"\ncProfile of smlint check (cumulative, top 25; full profile in {out}):")
    stats.sort_stats("cumulative").print_stats(25)
    print("by own time (top 15):")
    stats.sort_stats("tottime").print_stats(15)


def importtime(python: str, repo: str, extra) -> None:
    """Imports of a run over the same tree without its requests (and look-alikes)."""
    with tempfile.TemporaryDirectory() as plain:
        counts = generate(plain, 2000, 0.0)
        shutil.rmtree(os.path.join(plain, "infra"))
        proc = subprocess.run(
            [python, "-X", "importtime", "-m", "smlint", "check", plain, *extra],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    rows = []  # (cumulative µs, own µs, name indented by nesting)
    for line in proc.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (.*)$", line)
        if match:
            rows.append((int(match[2]), int(match[1]), match[3]))
    names = {name.strip() for _, _, name in rows}
    total = sum(s for _, s, _ in rows)
    print(
        f"\n-X importtime on {sum(counts.values()) - counts.get('lookalike', 0)} files without requests: "
        f"{len(rows)} modules imported, {total / 1000:.0f} ms of own import time; top-level by cumulative time:"
    )
    for cumulative, _, name in sorted((r for r in rows if not r[2].startswith(" ")), reverse=True)[:12]:
        print(f"  {cumulative / 1000:7.1f} ms  {name}")
    for heavy in (
        "ruamel.yaml",
        "jsonschema",
        "smlint.registry",
        "smlint.engine",
        "smlint.readers",
        "yaml",
        "click",
    ):
        print(f"  {heavy:18s} {'IMPORTED' if heavy in names else 'not imported'}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--share", type=float, default=0.01, help="share of files holding requests")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", metavar="DIR", help="generate the repository here and keep it")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--importtime", action="store_true")
    parser.add_argument("extra", nargs="*", help="more smlint check options (after --)")
    args = parser.parse_args()

    repo = args.keep or tempfile.mkdtemp(prefix="smlint-repo-")
    os.makedirs(repo, exist_ok=True)
    # every child: this checkout's smlint; bytecode cached as in an installed package (the
    # warm-up run writes it), not compiled on every run
    os.environ["PYTHONPATH"] = ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    env = None
    try:
        if not os.listdir(repo):
            start = time.perf_counter()
            counts = generate(repo, args.files, args.share)
            made = time.perf_counter() - start
            print(
                f"generated {sum(counts.values())} files in {made:.1f} s: "
                + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            )
        # warm the page cache (every command reads from memory) and the bytecode cache
        best([args.python, "-c", WALK_READ.format(root=ROOT), repo], 1, env)
        best(smlint_cmd(args.python, repo, args.extra), 1, env, ok=(0, 1))

        t_python, m_python, _ = best([args.python, "-c", PEAK], args.repeat, env)
        t_walk, m_walk, walked = best(
            [args.python, "-c", WALK_READ.format(root=ROOT), repo], args.repeat, env
        )
        cmd = smlint_cmd(args.python, repo, ["--format", "json", *args.extra])
        t_lint, m_lint, out = best(cmd, args.repeat, env, ok=(0, 1))
        findings = json.loads(out)
        read_files, read_chars = walked.decode().split()
        print(
            f"smlint check on {args.files} files ({read_files} with a JSON/YAML extension, "
            f"{int(read_chars) / 1e6:.1f} M characters): {len(findings)} findings in "
            f"{len({f['path'] for f in findings})} files; best of {args.repeat}, peak RSS of the child:"
        )
        print(f"  python -c pass        {t_python:7.3f} s  {m_python:6.1f} MiB")
        print(f"  walk + read (floor)   {t_walk:7.3f} s  {m_walk:6.1f} MiB")
        print(
            f"  smlint check          {t_lint:7.3f} s  {m_lint:6.1f} MiB   "
            f"{t_lint / t_walk:.2f}x walk+read, {(t_lint - t_python) / (t_walk - t_python):.2f}x "
            f"walk+read beyond start-up; memory {m_lint / m_python:.2f}x an idle interpreter"
        )
        print(
            f"  targets: under 10 s ({'met' if t_lint < 10 else 'MISSED'}), "
            f"under 300 MB peak ({'met' if m_lint * 1.048576 < 300 else 'MISSED'})"
        )
        if args.profile:
            profile(args.python, repo, args.extra)
        if args.importtime:
            importtime(args.python, repo, args.extra)
    finally:
        if not args.keep:
            shutil.rmtree(repo, ignore_errors=True)


if __name__ == "__main__":
    main()
