"""The README's Markdown and AWS CLI sections: their inputs give exactly the output shown."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from smlint.cli import main

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    return README[start : README.index("\n## ", start + 1)]


@pytest.mark.parametrize(
    "title, fence, name",
    [("Markdown", "````markdown\n", "deploy.md"), ("AWS CLI commands", "```bash\n", "deploy.sh")],
)
def test_readme_input_gives_the_output_shown(tmp_path, monkeypatch, title, fence, name):
    text = section(title)
    start = text.index(fence) + len(fence)
    source = text[start : text.index(fence[: fence.index("`") + fence.count("`")] + "\n", start)]
    command = f"$ smlint check {name}\n"
    shown = text[text.index(command) + len(command) : text.index("```", text.index(command))]
    (tmp_path / name).write_text(source, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["check", name]).output == shown
