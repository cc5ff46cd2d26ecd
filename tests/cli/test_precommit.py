"""The pre-commit hook, through the real framework: ``pre-commit run`` with the README's own
snippet (its .pre-commit-config.yaml and .smlint.toml) installs this repository (a snapshot
of the working tree, committed) into its own virtualenv and runs the hook on a project
repository. Only the snippet's ``repo``/``rev`` are pointed at the snapshot; that the
documented ``rev`` exists is checked against this repository's history."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
BAD = (ROOT / "examples" / "canary-copied-from-a-notebook.yaml").read_text(encoding="utf-8")
FIXED = (
    BAD.replace("Value: 75", "Value: 25").replace(
        "MaximumExecutionTimeoutInSeconds: 1200", "MaximumExecutionTimeoutInSeconds: 3600"
    )
    + "  AutoRollbackConfiguration:\n    Alarms:\n      - AlarmName: churn-5xx\n"
)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def test_hook_definition():
    (hook,) = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "smlint"
    assert hook["entry"] == "smlint check"
    assert hook["language"] == "python"
    assert hook["types_or"] == [
        "json",
        "yaml",
        "python",
        "jupyter",
        "terraform",
        "markdown",
        "mdx",
        "shell",
        "makefile",
        "ts",
        "tsx",
        "javascript",
    ]
    assert "files" not in hook  # it would be ANDed with types_or
    assert hook["require_serial"] is True  # a request and its endpoint config in one process
    assert tuple(map(int, hook["minimum_pre_commit_version"].split("."))) >= (3, 0, 0)


def test_identify_tags_the_files_the_hook_wants():
    from identify.identify import tags_from_filename

    (hook,) = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    wanted = set(hook["types_or"])
    for name in (
        "deploy.json",
        "deploy.yaml",
        "deploy.yml",
        "deploy.py",
        "deploy.ipynb",
        "main.tf",
        "README.md",
        "guide.markdown",
        "page.mdx",
        "deploy.sh",
        "deploy.bash",
        "Makefile",
        "deploy.mk",
        "stack.ts",
        "stack.tsx",
        "stack.js",
        "stack.mjs",
        "terraform.tfvars",
    ):
        assert wanted & tags_from_filename(name), name
    assert not wanted & tags_from_filename("notes.txt")


def test_identify_tags_a_shebang_script_as_shell(tmp_path):
    from identify.identify import tags_from_path

    (hook,) = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    script = tmp_path / "promote"
    script.write_text(
        "#!/usr/bin/env bash\naws sagemaker update-endpoint --endpoint-name e\n", encoding="utf-8"
    )
    script.chmod(0o755)
    assert set(hook["types_or"]) & tags_from_path(str(script)) == {"shell"}


def readme_snippets() -> tuple:
    """The README's pre-commit section: its .pre-commit-config.yaml and its .smlint.toml."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## pre-commit\n")
    section = readme[start : readme.index("\n## ", start + 1)]
    (hooks,) = re.findall(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", section, flags=re.S)
    (config,) = re.findall(r"```toml\n(# \.smlint\.toml\n.*?)```", section, flags=re.S)
    return hooks, config


def _documented_repo() -> dict:
    hooks, _ = readme_snippets()
    (repo,) = YAML(typ="safe").load(hooks)["repos"]
    return repo


def test_readme_snippet_uses_the_hook_with_warnings_failing():
    repo = _documented_repo()
    assert repo["repo"] == "https://github.com/smlint/smlint"
    (hook,) = repo["hooks"]
    assert hook == {"id": "smlint", "args": ["--fail-on", "warning"]}
    _, config = readme_snippets()
    assert "context" in tomllib.loads(config)


def test_readme_rev_is_a_commit_of_this_repository_with_the_documented_hook():
    """The rev the README shows exists (a commit of main, so that it ships with any clone),
    and its hook is the one documented: serial, and its config knows ``context``."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (an sdist): the history is not here to look in")
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True, text=True
    )
    if shallow.stdout.strip() == "true":
        pytest.skip("a shallow clone holds no history to look the rev up in")
    rev = str(_documented_repo()["rev"])
    assert len(rev) == 40, "show a full commit sha: pre-commit fetches the rev by name"
    found = subprocess.run(["git", "cat-file", "-t", rev], cwd=ROOT, capture_output=True, text=True)
    assert found.stdout.strip() == "commit", f"README's rev {rev} is not a commit of this repository"

    def at_rev(path):
        return subprocess.run(
            ["git", "show", f"{rev}:{path}"], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout

    (hook,) = YAML(typ="safe").load(at_rev(".pre-commit-hooks.yaml"))
    assert hook["id"] == "smlint" and hook["require_serial"] is True
    assert '"context"' in at_rev("smlint/config.schema.json")


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """This working tree (tracked and untracked, not ignored) as a committed repository."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True, capture_output=True
        )
        .stdout.decode()
        .split("\0")
    )
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


ENDPOINT_CONFIG = (ROOT / "tests" / "fixtures" / "context" / "prod-config.json").read_text(encoding="utf-8")
UPDATE = (ROOT / "tests" / "fixtures" / "context" / "update.json").read_text(
    encoding="utf-8"
)  # batch 3, rollback 6


@pytest.mark.slow
def test_pre_commit_runs_the_readme_snippet(tmp_path, snapshot):
    project = tmp_path / "project"
    (project / "deploy").mkdir(parents=True)
    (project / "infra").mkdir()
    _git(project, "init", "-q")
    hooks, config = readme_snippets()
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=snapshot, check=True, capture_output=True, text=True
    ).stdout.strip()
    documented = _documented_repo()
    hooks = hooks.replace(documented["repo"], str(snapshot)).replace(str(documented["rev"]), head)
    (project / ".pre-commit-config.yaml").write_text(hooks, encoding="utf-8")
    (project / ".smlint.toml").write_text(config, encoding="utf-8")
    (project / "package.json").write_text('{"name": "app", "version": "1.0.0"}\n', encoding="utf-8")
    (project / "docker-compose.yml").write_text("services:\n  web:\n    image: nginx\n", encoding="utf-8")
    (project / "broken-but-not-ours.yaml").write_text("key: [unclosed\n", encoding="utf-8")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def hook(*args):
        _git(project, "add", "-A")
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", *args],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        )

    unrelated = hook("--all-files")
    assert unrelated.returncode == 0, unrelated.stdout + unrelated.stderr
    assert "smlint" in unrelated.stdout and "Passed" in unrelated.stdout

    (project / "deploy" / "canary.yaml").write_text(BAD, encoding="utf-8")
    failing = hook("--all-files")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "Failed" in failing.stdout
    assert "deploy/canary.yaml:11:9: SM204 [error]" in failing.stdout
    assert "deploy/canary.yaml:13:5: SM208 [error]" in failing.stdout
    assert "broken-but-not-ours" not in failing.stdout and "package.json" not in failing.stdout

    (project / "deploy" / "canary.yaml").write_text(FIXED, encoding="utf-8")
    fixed = hook("--all-files")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Passed" in fixed.stdout

    # The endpoint config was committed earlier; only the new request is staged, and the
    # hook gets only it: the config comes from the README's context.
    (project / "infra" / "prod-config.json").write_text(ENDPOINT_CONFIG, encoding="utf-8")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "config")
    (project / "deploy" / "update.json").write_text(UPDATE, encoding="utf-8")
    staged = hook()
    assert staged.returncode == 1, staged.stdout + staged.stderr
    assert "deploy/update.json:6:54: SM206 [error]" in staged.stdout
    assert (
        "; fleet of 4 instances: endpoint config `churn-prod-v9`, infra/prod-config.json:3\n" in staged.stdout
    )
    assert "Found 2 problems (1 error, 1 warning) in 1 file checked, 1 request linted." in staged.stdout
    # a warning alone fails the commit too, and is shown (--fail-on warning)
    (project / "deploy" / "update.json").write_text(
        UPDATE.replace('"Value": 3', '"Value": 2'), encoding="utf-8"
    )
    warned = hook()
    assert warned.returncode == 1, warned.stdout + warned.stderr
    assert "deploy/update.json:8:7: SM207 [warning]" in warned.stdout
    assert "Found 1 problem (1 warning) in 1 file checked, 1 request linted." in warned.stdout
