"""--jobs gives the serial results in the serial order; the cache gives the uncached
results, and an unchanged file is not even read."""

import os
import time
from pathlib import Path

import pytest

from smlint import sources, workers
from smlint.cache import CACHE_DIR
from smlint.runner import Linter, Options

BAD = '{"EndpointName": "e", "EndpointConfigName": "c", "DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": %d}, "WaitIntervalInSeconds": 60}}}'
YAML_BAD = "EndpointName: e\nEndpointConfigName: c\nDeploymentConfig:\n  BlueGreenUpdatePolicy:\n    TrafficRoutingConfiguration:\n      Type: CANARY\n      WaitIntervalInSeconds: 60\n      CanarySize: {Type: CAPACITY_PERCENT, Value: %d}\n"


def _tree(root, count=40):
    root.mkdir()
    for i in range(count):
        folder = root / f"d{i % 7}"
        folder.mkdir(exist_ok=True)
        if i % 3 == 0:
            (folder / f"r{i}.json").write_text(BAD % (i + 60))
        elif i % 3 == 1:
            (folder / f"r{i}.yaml").write_text(YAML_BAD % (i + 30))
        else:
            (folder / f"other{i}.json").write_text('{"name": "package", "version": "%d"}' % i)
    (root / "broken.json").write_text('{"EndpointName": "e",')
    return root


def _facts(report):
    return (report.findings, report.files, report.requests, report.failures, report.skipped)


def _lint(root, **options):
    return Linter(Options(select=("ALL",), **options)).lint_paths([str(root)])


def test_parallel_workers_give_the_serial_report(tmp_path, monkeypatch):
    root = _tree(tmp_path / "repo")
    serial = _lint(root, jobs=1)
    assert serial.requests == 27 and len(serial.findings) > 27
    monkeypatch.setattr(workers, "PARALLEL_FROM", 4)
    assert _facts(_lint(root, jobs=2)) == _facts(serial)
    assert _facts(_lint(root, jobs=3)) == _facts(serial)


def test_a_crash_in_a_worker_is_that_files_failure_only(tmp_path, monkeypatch):
    root = _tree(tmp_path / "repo", 12)
    real = Linter._lint_text

    def flaky(self, path, text, fmt, index, context):
        if path.endswith("r3.json"):
            raise RuntimeError("boom")
        return real(self, path, text, fmt, index, context)

    monkeypatch.setattr(Linter, "_lint_text", flaky)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 4)
    report = _lint(root, jobs=2)
    assert report.failures == [(str(root / "d3" / "r3.json"), "RuntimeError: boom")]
    assert report.files == 13 and report.requests == 7  # 8 requests, one lost to the crash


def test_a_second_run_reads_no_unchanged_file(tmp_path, monkeypatch):
    root = _tree(tmp_path / "repo")
    old = time.time() - 60
    for folder, _, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(folder, name), (old, old))
    first = _lint(root, cache_dir=str(tmp_path))
    assert (tmp_path / CACHE_DIR / "CACHEDIR.TAG").is_file()

    def no_reads(path):
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(sources, "read_bytes", no_reads)
    linter = Linter(Options(select=("ALL",), cache_dir=str(tmp_path)))
    second = linter.lint_paths([str(root)])
    assert _facts(second) == _facts(first)


def test_a_changed_file_is_linted_again_and_a_touched_one_is_not(tmp_path):
    root = _tree(tmp_path / "repo", 6)
    target = root / "d0" / "r0.json"
    first = _lint(root, cache_dir=str(tmp_path))
    assert [f.message for f in first.findings if f.path == str(target) and f.rule == "SM206"]
    # same size, new content, and an mtime older than the cache: only the hash can tell
    target.write_text(BAD % 20)
    old = time.time() - 3600
    os.utime(target, (old, old))
    second = _lint(root, cache_dir=str(tmp_path))
    assert [f for f in second.findings if f.path == str(target) and f.rule == "SM206"] == []
    assert _facts(second) == _facts(_lint(root))  # what an uncached run says
    os.utime(target, None)  # touched, same bytes
    third = _lint(root, cache_dir=str(tmp_path))
    assert _facts(third) == _facts(second)


def test_other_settings_never_share_results(tmp_path):
    root = _tree(tmp_path / "repo", 6)
    everything = _lint(root, cache_dir=str(tmp_path))
    only = Linter(Options(select=("SM206",), cache_dir=str(tmp_path))).lint_paths([str(root)])
    assert {f.rule for f in only.findings} == {"SM206"}
    assert {f.rule for f in everything.findings} > {"SM206"}


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05N."])
def test_a_damaged_or_unwritable_cache_is_an_empty_one(tmp_path, damage):
    root = _tree(tmp_path / "repo", 6)
    expected = _facts(_lint(root))
    _lint(root, cache_dir=str(tmp_path))
    for cached in (tmp_path / CACHE_DIR).glob("results-*"):
        cached.write_bytes(damage)
    assert _facts(_lint(root, cache_dir=str(tmp_path))) == expected
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    assert _facts(_lint(root, cache_dir=str(blocked))) == expected


def test_a_result_built_from_another_file_is_linted_again_when_that_file_changes(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    (root / "settings.py").write_text("BATCH = 20\n")
    (root / "deploy.py").write_text(
        "import boto3\nfrom settings import BATCH\n"
        "boto3.client('sagemaker').update_endpoint(EndpointName='e', EndpointConfigName='c', DeploymentConfig={\n"
        "    'RollingUpdatePolicy': {'MaximumBatchSize': {'Type': 'CAPACITY_PERCENT', 'Value': BATCH},\n"
        "                            'WaitIntervalInSeconds': 60}})\n"
    )
    old = time.time() - 60
    for name in ("settings.py", "deploy.py"):
        os.utime(root / name, (old, old))
    os.utime(root, (old, old))

    def sm206(report):
        return [f.line for f in report.findings if f.rule == "SM206"]

    deploy = str(root / "deploy.py")  # linted alone: settings.py is read as its dependency
    assert sm206(Linter(Options(cache_dir=str(tmp_path))).lint_paths([deploy])) == []
    (root / "settings.py").write_text("BATCH = 80\n")
    assert sm206(Linter(Options(cache_dir=str(tmp_path))).lint_paths([deploy])) == [4]


def test_an_edited_policy_rule_file_starts_a_fresh_cache(tmp_path, monkeypatch):
    from smlint import policies
    from smlint.config import Config

    rules = tmp_path / "policies"
    rules.mkdir()
    src = Path(__file__).parents[2] / "examples" / "policies" / "ORG002.yaml"
    text = src.read_text(encoding="utf-8")
    (rules / "ORG002.yaml").write_text(text, encoding="utf-8")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "slow.json").write_text(
        BAD.replace(
            '"WaitIntervalInSeconds": 60',
            '"WaitIntervalInSeconds": 60, "MaximumExecutionTimeoutInSeconds": 9000',
        )
        % 20
    )
    config = Config(source=str(tmp_path / ".smlint.toml"), base=str(tmp_path), rules_dirs=(str(rules),))

    def messages():
        options = Options(select=("ORG",), config=config, cache_dir=str(tmp_path))
        return [f.message for f in Linter(options).lint_paths([str(root)]).findings]

    (before,) = messages()
    assert "our deployments" in before
    (rules / "ORG002.yaml").write_text(
        text.replace("our deployments", "the platform team's deployments"), encoding="utf-8"
    )
    monkeypatch.setattr(policies, "_CACHE", {})  # as a new process: the rules read again
    (after,) = messages()  # the rule's bytes changed: not answered from the cache
    assert after == before.replace("our deployments", "the platform team's deployments")
