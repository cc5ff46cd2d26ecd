"""Real editors as smlint server's clients, headless: Neovim's built-in LSP client and
Emacs's eglot (skipped where the editor, or eglot, is not installed: Debian's neovim,
emacs-nox and elpa-eglot packages)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "editors"
YAML = """\
EndpointName: churn-prod
EndpointConfigName: churn-prod-v7
DeploymentConfig:
  BlueGreenUpdatePolicy:
    TrafficRoutingConfiguration:
      Type: Canary
      WaitIntervalInSeconds: 600
      CanarySize: {Type: CAPACITY_PERCENT, Value: 10}
    MaximumExecutionTimeoutInSeconds: 3600
  AutoRollbackConfiguration:
    Alarms:
      - AlarmName: churn-prod-5xx
"""
EXPECTED = "SM105 5:6-5:10 smlint\n"


def _smlint() -> str:
    found = shutil.which("smlint", path=os.path.dirname(sys.executable)) or shutil.which("smlint")
    if found is None:
        pytest.skip("smlint is not on PATH")
    return found


def _run(command, tmp_path, env) -> str:
    (tmp_path / "deploy.yaml").write_text(YAML, encoding="utf-8")
    result = tmp_path / "result.txt"
    subprocess.run(
        command,
        cwd=tmp_path,
        env=dict(os.environ, **env),
        timeout=90,
        check=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
    )
    return result.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("nvim") is None, reason="Neovim is not installed")
def test_neovim_shows_smlints_diagnostics(tmp_path):
    env = {"NVIM_FILE": "deploy.yaml", "SMLINT": _smlint()}
    command = ["nvim", "--headless", "-u", "NONE", "-i", "NONE", "-c", f"luafile {HERE / 'neovim.lua'}"]
    env["NVIM_RESULT"] = str(tmp_path / "result.txt")
    assert _run(command, tmp_path, env) == EXPECTED


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("emacs") is None, reason="Emacs is not installed")
def test_emacs_eglot_shows_smlints_diagnostics(tmp_path):
    probe = subprocess.run(
        [
            "emacs",
            "--batch",
            "-Q",
            "--eval",
            '(progn (require (quote package)) (add-to-list (quote package-directory-list) "/usr/share/emacs/site-lisp/elpa")'
            " (package-initialize) (kill-emacs (if (require (quote eglot) nil t) 0 1)))",
        ],
        capture_output=True,
        timeout=60,
    )
    if probe.returncode != 0:
        pytest.skip("eglot is not installed (Emacs 29 has it; Debian 12: elpa-eglot)")
    env = {"SMLINT_FILE": "deploy.yaml", "SMLINT": _smlint(), "SMLINT_RESULT": str(tmp_path / "result.txt")}
    assert _run(["emacs", "--batch", "-Q", "-l", str(HERE / "eglot.el")], tmp_path, env) == EXPECTED
