"""The README's infrastructure-code samples are what smlint prints (every `$ smlint check`
of that section, run from the repository's root)."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from smlint.cli import main

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
START = README.index("\n## Infrastructure code:")
SECTION = README[START : README.index("\n## ", START + 1)]
SAMPLES = re.findall(r"```console\n\$ (smlint check [^\n]+)\n(.*?)```", SECTION, flags=re.S)


def test_every_source_has_a_sample():
    named = " ".join(command for command, _ in SAMPLES)
    for source in (
        "cdk-stack.ts",
        "cdk_stack.py",
        "cdktf-stack.ts",
        "pulumi_program.py",
        "sdk_v3_update.py",
        "ack-manifest.yaml",
        "plan/plan.json",
    ):
        assert source in named


@pytest.mark.parametrize(("command", "output"), SAMPLES, ids=[c for c, _ in SAMPLES])
def test_readme_sample_is_what_smlint_prints(monkeypatch, command, output):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, command.split()[1:])
    assert result.output == output
