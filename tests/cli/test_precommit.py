"""The pre-commit hook, through the real framework: ``pre-commit try-repo`` installs this
repository (a snapshot of the working tree, committed) into its own virtualenv and runs the
hook on a project repository."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
BAD = (ROOT / "examples" / "canary-copied-from-a-notebook.yaml").read_text(encoding="utf-8")
FIXED = BAD.replace("Value: 75", "Value: 25").replace(
    "MaximumExecutionTimeoutInSeconds: 1200", "MaximumExecutionTimeoutInSeconds: 2400"
)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
}


def test_hook_definition():
    (hook,) = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "smlint"
    assert hook["entry"] == "smlint check"
    assert hook["language"] == "python"
    assert hook["types_or"] == ["json", "yaml", "python", "jupyter", "terraform", "ts", "tsx", "javascript"]
    assert "files" not in hook  # it would be ANDed with types_or
    assert tuple(map(int, hook["minimum_pre_commit_version"].split("."))) >= (3, 0, 0)


def test_identify_tags_the_files_the_hook_wants():
    from identify.identify import tags_from_filename

    (hook,) = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    wanted = set(hook["types_or"])
    for name in (
        "deploy.json", "deploy.yaml", "deploy.yml", "deploy.py", "deploy.ipynb", "main.tf",
        "stack.ts", "stack.tsx", "stack.js", "stack.mjs", "terraform.tfvars",
    ):
        assert wanted & tags_from_filename(name), name
    assert not wanted & tags_from_filename("README.md")


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """This working tree (tracked and untracked, not ignored) as a committed repository."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    dest = tmp_path_factory.mktemp("smlint-src")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    _git(dest, "init", "-q")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-q", "-m", "snapshot")
    return dest


@pytest.mark.slow
def test_pre_commit_try_repo(tmp_path, snapshot):
    project = tmp_path / "project"
    (project / "deploy").mkdir(parents=True)
    _git(project, "init", "-q")
    (project / "package.json").write_text('{"name": "app", "version": "1.0.0"}\n', encoding="utf-8")
    (project / "docker-compose.yml").write_text("services:\n  web:\n    image: nginx\n", encoding="utf-8")
    (project / "broken-but-not-ours.yaml").write_text("key: [unclosed\n", encoding="utf-8")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def hook():
        _git(project, "add", "-A")
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(snapshot), "smlint", "--all-files"],
            cwd=project, env=env, capture_output=True, text=True,
        )

    unrelated = hook()
    assert unrelated.returncode == 0, unrelated.stdout + unrelated.stderr
    assert "smlint" in unrelated.stdout and "Passed" in unrelated.stdout

    (project / "deploy" / "canary.yaml").write_text(BAD, encoding="utf-8")
    failing = hook()
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "Failed" in failing.stdout
    assert "deploy/canary.yaml:9:7: SM204 [error]" in failing.stdout
    assert "deploy/canary.yaml:13:5: SM208 [error]" in failing.stdout
    assert "broken-but-not-ours" not in failing.stdout and "package.json" not in failing.stdout

    (project / "deploy" / "canary.yaml").write_text(FIXED, encoding="utf-8")
    fixed = hook()
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Passed" in fixed.stdout
