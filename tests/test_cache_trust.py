"""A cache folder is repository content: whatever it holds, reading it runs nothing and
changes no finding."""

import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

from smlint import cache, sources, workers
from smlint.cache import CACHE_DIR
from smlint.runner import Linter, Options

BAD = (
    '{"EndpointName": "e", "EndpointConfigName": "c", "DeploymentConfig": {"RollingUpdatePolicy": '
    '{"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": %d}, "WaitIntervalInSeconds": 60}}}'
)


class _Plant:
    """Unpickling this creates the marker file: what a crafted cache would run."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def _repo(root: Path, count: int = 12, config: bool = True) -> Path:
    root.mkdir()
    for i in range(count):
        (root / f"r{i}.json").write_text(BAD % (60 + i))
    if config:  # the requests' fleet, from another file: linted again in pass 2
        (root / "endpoint-config.json").write_text(
            '{"EndpointConfigName": "c", "ProductionVariants": [{"VariantName": "v", "InitialInstanceCount": 4}]}'
        )
    old = time.time() - 60  # older than the cache: the stat signature alone would be trusted
    for path in root.iterdir():
        os.utime(path, (old, old))
    return root


def _run(args, cwd, stdin=None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "smlint", "check", "--format", "json", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
    )


def test_a_planted_pickle_runs_nothing_and_changes_no_finding(tmp_path, monkeypatch):
    repo = _repo(tmp_path / "repo")
    marker = tmp_path / "PWNED"
    env = {**os.environ, "SMLINT_CACHE_DIR": str(repo), "XDG_CACHE_HOME": str(tmp_path / "home-cache")}
    first = _run(["."], repo, env=env)
    assert first.returncode == 1 and json.loads(first.stdout), first.stderr
    planted = [p for p in (repo / CACHE_DIR).iterdir() if p.is_file()]
    assert any(p.name.startswith("results-") for p in planted)
    for path in planted:  # every file of the populated cache, its marker files included
        path.write_bytes(pickle.dumps(_Plant(marker)))
    assert pickle.loads(planted[0].read_bytes()) is None and marker.exists()  # the payload is live
    marker.unlink()

    again = _run(["."], repo, env=env)
    stdin = _run(["--stdin-filename", "r3.json", "-"], repo, stdin=(repo / "r3.json").read_text(), env=env)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 4)
    parallel = Linter(Options(jobs=2, cache_dir=str(repo))).lint_paths([str(repo)])
    uncached = Linter(Options()).lint_paths([str(repo)])

    assert not marker.exists()
    assert (again.returncode, again.stdout) == (first.returncode, first.stdout)
    assert stdin.returncode == 1 and {f["path"] for f in json.loads(stdin.stdout)} == {"r3.json"}
    assert parallel.findings == uncached.findings and parallel.files == uncached.files == 13


def _forged_clean(repo: Path, key: bytes) -> None:
    """Rewrite every cached result as "no findings", signed with ``key``."""
    for path in (repo / CACHE_DIR).glob("results-*.json"):
        _, _, body = path.read_bytes().partition(b"\n")
        data = json.loads(body)
        for entry in data["entries"]:
            entry[4][1] = []  # the result's findings
        body = json.dumps(data, separators=(",", ":")).encode()
        path.write_bytes(cache._sign(key, body).encode() + b"\n" + body)


def test_a_well_formed_cache_signed_elsewhere_is_a_miss(tmp_path):
    repo = _repo(tmp_path / "repo")
    first = Linter(Options(cache_dir=str(repo))).lint_paths([str(repo)])
    assert [f.rule for f in first.findings].count("SM206") == 12
    _forged_clean(repo, b"k" * 32)  # another machine's key (say, the one in a fork's commit)
    assert Linter(Options(cache_dir=str(repo))).lint_paths([str(repo)]).findings == first.findings


def test_an_entry_of_the_wrong_shape_is_a_miss_and_the_rest_are_used(tmp_path, monkeypatch):
    repo = _repo(tmp_path / "repo", 5, config=False)
    first = Linter(Options(cache_dir=str(repo))).lint_paths([str(repo)])
    (path,) = (repo / CACHE_DIR).glob("results-*.json")
    _, _, body = path.read_bytes().partition(b"\n")
    data = json.loads(body)
    damaged = {}
    requests = sorted(e for e in data["entries"] if e[4][1])  # the entries with findings
    for entry, bad in zip(requests[:3], ("x", [1, 2], {"py/object": "os.system"}), strict=True):
        entry[4][1] = [[*entry[4][1][0][:5], bad, *entry[4][1][0][6:]]]  # the line of its finding
        damaged[entry[0]] = bad  # (x: not a number; a list; an object some decoders would build)
    body = json.dumps(data).encode()
    path.write_bytes(cache._sign(cache._key(), body).encode() + b"\n" + body)  # signed: only the shape is off
    read = []
    real = sources.read_bytes

    def recording(file):
        read.append(os.path.basename(file))
        return real(file)

    monkeypatch.setattr(sources, "read_bytes", recording)
    again = Linter(Options(cache_dir=str(repo))).lint_paths([str(repo)])
    assert again.findings == first.findings
    assert sorted(read) == sorted(os.path.basename(p) for p in damaged)  # the others came from the cache


def test_the_signing_key_lives_outside_the_repository_readable_by_its_user_alone(tmp_path):
    repo = _repo(tmp_path / "repo", 2)
    Linter(Options(cache_dir=str(repo))).lint_paths([str(repo)])
    key = Path(os.environ["XDG_CACHE_HOME"]) / "smlint" / "key"
    assert len(key.read_bytes()) == 32 and key.stat().st_mode & 0o077 == 0
    assert sorted(p.name for p in (repo / CACHE_DIR).iterdir())[:2] == [".gitignore", "CACHEDIR.TAG"]
    assert (repo / CACHE_DIR / ".gitignore").read_text() == "# Created by smlint\n*\n"
    assert not list((repo / CACHE_DIR).glob("*.pickle"))
