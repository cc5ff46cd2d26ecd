"""action.yml, the ready-made GitHub Action: valid YAML with the keys GitHub documents for a
composite action, and its steps' scripts run as the runner would run them (bash -e, the
step's env with ``${{ inputs.* }}`` and ``${{ github.action_path }}`` filled in)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
# metadata syntax for GitHub Actions: the top-level keys, an input's keys, a composite run
TOP_KEYS = {"name", "author", "description", "inputs", "outputs", "runs", "branding"}
INPUT_KEYS = {"description", "required", "default", "deprecationMessage"}
STEP_KEYS = {
    "name",
    "id",
    "if",
    "run",
    "shell",
    "uses",
    "with",
    "env",
    "working-directory",
    "continue-on-error",
}
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def action() -> dict:
    return YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))


def test_action_yml_is_a_composite_action_with_the_documented_keys():
    meta = action()
    assert set(meta) <= TOP_KEYS and {"name", "description", "runs"} <= set(meta)
    assert meta["runs"]["using"] == "composite"
    assert set(meta["inputs"]) == {"paths", "args", "format", "version", "sarif", "sarif-file"}
    for name, spec in meta["inputs"].items():
        assert set(spec) <= INPUT_KEYS and spec["description"], name
        assert isinstance(spec.get("default", ""), str), name  # inputs are strings
    assert meta["inputs"]["format"]["default"] == "github"
    assert meta["inputs"]["paths"]["default"] == "."
    for name, spec in meta["outputs"].items():
        assert set(spec) == {"description", "value"}, name
    steps = meta["runs"]["steps"]
    for step in steps:
        assert set(step) <= STEP_KEYS, step
        assert ("run" in step) != ("uses" in step), step
        if "run" in step:
            assert step["shell"] == "bash"  # a composite action's run step must name its shell
            # inputs reach the script through env, never pasted into its text (no injection)
            assert "${{" not in step["run"], step["name"]
    (upload,) = [s for s in steps if "uses" in s]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert (
        "inputs.sarif == 'true'" in upload["if"]
        and upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    )


def step_env(step: dict, inputs: dict) -> dict:
    """The step's env as the runner sets it: its expressions evaluated."""

    def value(match) -> str:
        expression = match.group(1)
        if expression == "github.action_path":
            return str(ROOT)
        assert expression.startswith("inputs."), expression
        return inputs[expression.removeprefix("inputs.")]

    return {key: EXPRESSION.sub(value, str(text)) for key, text in step.get("env", {}).items()}


def run_step(step: dict, inputs: dict, runner: Path, path_dirs=(), cwd=ROOT):
    """Run a step's script with bash as GitHub does (``bash --noprofile --norc -eo pipefail``)."""
    env = {
        **os.environ,
        **step_env(step, inputs),
        "RUNNER_TEMP": str(runner),
        "GITHUB_PATH": str(runner / "github_path"),
        "GITHUB_OUTPUT": str(runner / "github_output"),
        "GITHUB_ACTIONS": "true",
        "SMLINT_CACHE_DIR": str(runner),
    }
    env["PATH"] = os.pathsep.join([*map(str, path_dirs), env["PATH"]])
    script = runner / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def defaults(**changes) -> dict:
    inputs = {name: spec.get("default", "") for name, spec in action()["inputs"].items()}
    inputs.update(changes)
    return inputs


def check_step() -> dict:
    return next(s for s in action()["runs"]["steps"] if s.get("id") == "check")


@pytest.mark.slow
def test_the_check_step_annotates_and_fails_on_the_examples(tmp_path):
    bin_dir = Path(shutil.which("smlint")).parent
    result = run_step(check_step(), defaults(paths="examples/"), tmp_path, [bin_dir])
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::warning file=examples/canary-copied-from-a-notebook.yaml,line=4,col=1,")
    assert sum(1 for line in lines if line.startswith("::error ")) == 7
    assert lines[-1].startswith("Found 10 problems")
    assert (tmp_path / "github_output").read_text(encoding="utf-8") == "exit-code=1\n"
    assert not (tmp_path / "smlint.sarif").exists()


def test_the_check_step_passes_args_and_writes_sarif(tmp_path):
    bin_dir = Path(shutil.which("smlint")).parent
    sarif = tmp_path / "out.sarif"
    inputs = defaults(
        paths="examples/deploy_ranker.py examples/canary-*.yaml",
        args="--exit-zero --format json",
        format="concise",
        sarif="true",
        **{"sarif-file": str(sarif)},
    )
    result = run_step(check_step(), inputs, tmp_path, [bin_dir])
    assert result.returncode == 0, result.stderr
    # the format input wins over a --format in args (it comes after), in both runs
    assert result.stdout.startswith("examples/canary-copied-from-a-notebook.yaml:4:1: SM301 this deployment")
    assert result.stdout.splitlines()[-1].startswith("examples/deploy_ranker.py:19:13: SM209 ")
    log = json.loads(sarif.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]
    }
    assert uris == {"examples/canary-copied-from-a-notebook.yaml", "examples/deploy_ranker.py"}


def test_a_usage_error_stops_the_step_with_exit_2(tmp_path):
    bin_dir = Path(shutil.which("smlint")).parent
    result = run_step(check_step(), defaults(args="--select SM999"), tmp_path, [bin_dir])
    assert result.returncode == 2
    assert "no rule matches SM999" in result.stderr


@pytest.mark.slow
def test_the_install_step_installs_smlint_at_the_actions_ref(tmp_path):
    install = action()["runs"]["steps"][0]
    assert install["name"] == "Install smlint"
    result = run_step(install, defaults(), tmp_path)
    assert result.returncode == 0, result.stderr
    venv_bin = Path((tmp_path / "github_path").read_text(encoding="utf-8").strip())
    assert venv_bin == tmp_path / "smlint-venv" / "bin"
    version = subprocess.run([venv_bin / "smlint", "--version"], capture_output=True, text=True, check=True)
    from smlint import __version__

    assert version.stdout.strip() == f"smlint, version {__version__}"
    # and the check step finds that smlint on the PATH the runner gives the next steps
    check = run_step(check_step(), defaults(paths="examples/deploy_ranker.py"), tmp_path, [venv_bin])
    assert check.returncode == 0 and "::warning file=examples/deploy_ranker.py,line=19" in check.stdout
    assert sys.executable not in check.stdout


# --- the README's CI snippets -----------------------------------------------------------------

README = (ROOT / "README.md").read_text(encoding="utf-8")


def subsection(title: str) -> str:
    start = README.index(f"\n### {title}\n")
    end = min(i for i in (README.find("\n### ", start + 1), README.find("\n## ", start + 1)) if i != -1)
    return README[start:end]


def block(text: str, lang: str) -> str:
    (found,) = re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)
    return found


def test_readme_workflow_uses_the_action_with_its_inputs():
    text = subsection("GitHub Actions")
    workflow = YAML(typ="safe").load(block(text, "yaml"))
    (step,) = [s for s in workflow["jobs"]["smlint"]["steps"] if s["uses"].startswith("smlint/smlint@")]
    inputs = action()["inputs"]
    assert set(step["with"]) <= set(inputs)
    assert all(isinstance(v, str) for v in step["with"].values())  # inputs are strings: "true", quoted
    # the same release as the pre-commit snippet's rev
    rev = re.search(r"\n    rev: (\S+)", README).group(1)
    assert step["uses"] == f"smlint/smlint@{rev}"
    assert workflow["jobs"]["smlint"]["permissions"]["security-events"] == "write"
    # the inputs table is action.yml's inputs and defaults
    rows = re.findall(r"^\| `([\w-]+)` \| ?`?([^|`]*?)`? ?\|", text, flags=re.M)
    assert {name: default.strip() for name, default in rows} == {
        name: spec.get("default", "") for name, spec in inputs.items()
    }


@pytest.mark.slow
def test_readme_gitlab_job_writes_the_report_its_artifact_names(tmp_path):
    job = YAML(typ="safe").load(block(subsection("GitLab CI"), "yaml"))["smlint"]
    report = job["artifacts"]["reports"]["codequality"]
    assert job["artifacts"]["when"] == "always"
    install, command = job["script"]
    assert install.startswith("pip install ") and command.startswith("smlint check ")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    bin_dir = Path(shutil.which("smlint")).parent
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"},
    )
    assert result.returncode == 1, result.stderr  # the examples are bad: the job fails, the report is kept
    from support.gitlab import assert_gitlab_report

    issues = assert_gitlab_report((tmp_path / report).read_text(encoding="utf-8"))
    assert len(issues) == 10
    assert {i["location"]["path"].split("/")[0] for i in issues} == {"examples"}
    assert "SM204  canary-too-large" in result.stdout  # --statistics, in the job's log


@pytest.mark.slow
def test_readme_plain_ci_job_fails_on_findings(tmp_path):
    _, command = block(subsection("Any other CI"), "sh").strip().splitlines()
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    bin_dir = Path(shutil.which("smlint")).parent
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"},
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1].startswith("Found 10 problems (7 errors, 3 warnings)")
