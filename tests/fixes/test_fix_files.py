"""`smlint check --fix` on real files of every format: the exact text it writes (golden files
under tests/golden/fixes/, SMLINT_REGOLD=1 rewrites them), what it reports as left, and
what it leaves alone."""

import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from smlint.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "fixes"
GOLDEN = ROOT / "tests" / "golden" / "fixes"


def run(*args, input=None):
    result = CliRunner().invoke(main, ["check", "--no-cache", *args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def fixed(tmp_path, name: str, *options) -> tuple:
    """(bytes written, the run) for fixture ``name`` fixed in a copy."""
    target = tmp_path / name
    shutil.copyfile(FIXTURES / name, target)
    result = run("--fix", *options, str(target))
    return target.read_bytes(), result


def golden(name: str, data: bytes) -> bytes:
    path = GOLDEN / name
    if os.environ.get("SMLINT_REGOLD") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return path.read_bytes()


# (fixture, options, golden name, the summary's last line)
CASES = [
    ("safe.json", (), "safe.json", "5 fixed, 0 remaining"),
    ("crlf-bom.json", (), "crlf-bom.json", "2 fixed, 0 remaining"),
    ("comments.yaml", (), "comments.yaml", "9 fixed, 0 remaining"),
    ("anchors.yaml", (), "anchors.yaml", "0 fixed, 2 remaining"),
    ("deploy.py", (), "deploy.py", "7 fixed, 0 remaining"),
    ("shared.py", (), "shared.py", "0 fixed, 2 remaining"),
    ("canary.ipynb", (), "canary.ipynb", "2 fixed, 0 remaining"),
    ("endpoint.tf", (), "endpoint.tf", "2 fixed, 0 remaining"),
    ("stack.yaml", (), "stack.yaml", "1 fixed, 0 remaining"),
    ("stack.json", (), "stack.json", "1 fixed, 0 remaining"),
    ("unsafe.json", (), "unsafe.json", "0 fixed, 4 remaining (4 fixable with --unsafe-fixes)"),
    ("unsafe.json", ("--unsafe-fixes",), "unsafe.unsafe-fixes.json", "5 fixed, 0 remaining"),
    ("rolling.yaml", ("--unsafe-fixes",), "rolling.yaml", "2 fixed, 0 remaining"),
    ("linear.yaml", ("--unsafe-fixes",), "linear.yaml", "1 fixed, 0 remaining"),
    ("misplaced.yaml", (), "misplaced.yaml", "0 fixed, 1 remaining (1 fixable with --unsafe-fixes)"),
    ("misplaced.yaml", ("--unsafe-fixes",), "misplaced.unsafe-fixes.yaml", "1 fixed, 0 remaining"),
    ("misplaced.py", ("--unsafe-fixes",), "misplaced.py", "1 fixed, 0 remaining"),
    ("duplicates.tf", ("--unsafe-fixes",), "duplicates.tf", "3 fixed, 1 remaining"),  # (SM602, revealed)
    ("variables.tf", (), "variables.tf", "1 fixed, 0 remaining"),
    ("suppressions.ipynb", (), "suppressions.ipynb", "2 fixed, 0 remaining"),
]


@pytest.mark.parametrize(("name", "options", "expected", "summary"), CASES, ids=[c[2] for c in CASES])
def test_fix_writes_the_golden_text(tmp_path, name, options, expected, summary):
    data, result = fixed(tmp_path, name, *options)
    assert data == golden(expected, data)
    assert result.output.splitlines()[-1] == summary
    assert "internal error" not in result.output
    # what is written lints as the summary says, and a second run has nothing left to do
    again = run("--fix", *options, str(tmp_path / name))
    assert (tmp_path / name).read_bytes() == data
    assert again.output.splitlines()[-1].startswith("0 fixed")


def test_the_golden_texts_show_the_fixes_they_claim():
    """The goldens are not copies of their fixtures (a fix that did nothing would pass)."""
    for name, _, expected, summary in CASES:
        same = (FIXTURES / name).read_bytes() == (GOLDEN / expected).read_bytes()
        assert same == summary.startswith("0 fixed"), expected


def test_crlf_and_the_byte_order_mark_are_kept(tmp_path):
    data, _ = fixed(tmp_path, "crlf-bom.json")
    assert data.startswith(b"\xef\xbb\xbf{\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b'"Type": "CAPACITY_PERCENT"' in data and b'"WaitIntervalInSeconds": 600,\r\n' in data


def test_yaml_comments_anchors_and_quotes_are_kept(tmp_path):
    data, _ = fixed(tmp_path, "comments.yaml")
    text = data.decode()
    assert "      Type: CANARY            # 10% first\n" in text  # the comment's column too
    assert '      CanarySize: {Type: "CAPACITY_PERCENT", Value: 10}\n' in text  # flow, double quotes
    assert "      WaitIntervalInSeconds: &bake 600\n" in text  # the anchor stays
    assert "      Type: 'INSTANCE_COUNT'\n" in text  # single quotes stay
    assert "TerminationWaitInSeconds: 300" not in text  # the earlier duplicate goes
    assert "    TerminationWaitInSeconds: 600   # the later value is the one used\n" in text
    assert text.startswith(
        "# Canary for the churn model: reviewed by the platform team.\nEndpointName: churn-prod\n"
    )


def test_a_constant_is_fixed_where_it_is_written_once(tmp_path):
    text = fixed(tmp_path, "deploy.py")[0].decode()
    assert "BAKE = 600  # seconds\n" in text
    assert text.count("BAKE = ") == 1 and text.count(": BAKE,") == 2  # written once, read twice
    assert "'Type': 'LINEAR'," in text  # Python's single quotes stay


def test_a_value_read_by_two_fields_is_not_fixed(tmp_path):
    for name in ("shared.py", "anchors.yaml"):
        data, result = fixed(tmp_path, name)
        assert data == (FIXTURES / name).read_bytes()
        assert "[*]" not in result.output


def test_a_notebook_cell_is_fixed_inside_its_json_string(tmp_path):
    before = (FIXTURES / "canary.ipynb").read_text(encoding="utf-8")
    after = fixed(tmp_path, "canary.ipynb")[0].decode("utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == [
        (
            '    "            \\"TrafficRoutingConfiguration\\": {\\"Type\\": \\"canary\\", \\"WaitIntervalInSeconds\\": 300,\\n",',
            '    "            \\"TrafficRoutingConfiguration\\": {\\"Type\\": \\"CANARY\\", \\"WaitIntervalInSeconds\\": 300,\\n",',
        ),
        (
            '    "            \\"TerminationWaitInSeconds\\": \\"300\\",\\n",',
            '    "            \\"TerminationWaitInSeconds\\": 300,\\n",',
        ),
    ]
    assert "\\u00e9" in after  # (the markdown cell's escapes are not rewritten)


def test_a_parameter_default_is_fixed_at_the_parameter(tmp_path):
    text = fixed(tmp_path, "stack.yaml")[0].decode()
    assert "    Default: LINEAR   # LINEAR in production\n" in text
    assert "            Type: !Ref RoutingType\n" in text


def test_permissions_are_kept(tmp_path):
    target = tmp_path / "safe.json"
    shutil.copyfile(FIXTURES / "safe.json", target)
    target.chmod(0o640)
    run("--fix", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["safe.json"]  # no temporary file left


def test_diff_writes_nothing_and_exits_1(tmp_path):
    target = tmp_path / "safe.json"
    shutil.copyfile(FIXTURES / "safe.json", target)
    result = run("--diff", str(target))
    assert result.exit_code == 1
    assert target.read_bytes() == (FIXTURES / "safe.json").read_bytes()
    name = str(target).lstrip("/")
    assert result.stdout.startswith(f"--- a/{name}\n+++ b/{name}\n@@ -1,13 +1,12 @@\n")
    assert (
        '\n-        "Type": "Canary",\n' in result.stdout
        and '\n+        "Type": "CANARY",\n' in result.stdout
    )
    clean = tmp_path / "clean.json"
    clean.write_bytes((GOLDEN / "safe.json").read_bytes())
    assert run("--diff", str(clean)).exit_code == 0


def test_fix_only_reports_nothing_else(tmp_path):
    target = tmp_path / "unsafe.json"
    shutil.copyfile(FIXTURES / "unsafe.json", target)
    result = run("--fix-only", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "smlint: 0 fixed, 4 remaining (4 fixable with --unsafe-fixes)\n"


def test_stdin_with_fix_prints_the_fixed_text(tmp_path):
    source = (FIXTURES / "comments.yaml").read_text(encoding="utf-8")
    result = run("--fix", "--stdin-filename", "deploy/comments.yaml", "-", input=source)
    assert result.exit_code == 0
    assert result.stdout == (GOLDEN / "comments.yaml").read_text(encoding="utf-8")


def test_config_unfixable_and_fixable(tmp_path):
    shutil.copyfile(FIXTURES / "safe.json", tmp_path / "safe.json")
    (tmp_path / ".smlint.toml").write_text('unfixable = ["SM105"]\n', encoding="utf-8")
    result = run("--fix", str(tmp_path / "safe.json"))
    text = (tmp_path / "safe.json").read_text(encoding="utf-8")
    assert '"Type": "Canary"' in text and '"Type": "CAPACITY_PERCENTAGE"' in text
    assert '"WaitIntervalInSeconds": 300' in text
    assert result.output.splitlines()[-1] == "3 fixed, 2 remaining"
    shutil.copyfile(FIXTURES / "safe.json", tmp_path / "safe.json")
    (tmp_path / ".smlint.toml").write_text('fixable = ["SM002"]\n', encoding="utf-8")
    run("--fix", str(tmp_path / "safe.json"))
    text = (tmp_path / "safe.json").read_text(encoding="utf-8")
    assert text.count("EndpointConfigName") == 1 and 'TrafficRoutingConfig"' in text


def test_a_file_changed_while_smlint_ran_is_not_overwritten(tmp_path, monkeypatch):
    from smlint import fixing

    target = tmp_path / "safe.json"
    shutil.copyfile(FIXTURES / "safe.json", target)
    real = fixing.fix_text

    def meanwhile(*args, **kwargs):
        done = real(*args, **kwargs)
        target.write_text("{}\n", encoding="utf-8")  # the user saved the file meanwhile
        return done

    monkeypatch.setattr("smlint.fixcli.fix_text", meanwhile)
    result = run("--fix", str(target))
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert f"smlint: {target} changed while smlint ran: not fixed" in result.stderr


def test_a_fix_that_breaks_the_file_is_dropped_and_reported(tmp_path, monkeypatch):
    from smlint import fixers

    target = tmp_path / "crlf-bom.json"
    shutil.copyfile(FIXTURES / "crlf-bom.json", target)
    # a broken fixer: SM105 writes the value without quotes (invalid JSON)
    real = fixers._FIXERS["SM105"]

    def broken(path, **kwargs):
        proposal = real(path, **kwargs)
        return fixers.Proposal(proposal.title, proposal.applicability, fixers.RENAME, path, "{")

    monkeypatch.setitem(fixers._FIXERS, "SM105", broken)
    result = run("--fix", str(target))
    assert "smlint: internal error: the fix for SM105 at " in result.stderr
    assert "(this is a bug in smlint; please report it)" in result.stderr
    text = target.read_bytes()
    assert (
        b'"Type": "capacity_percent"' in text and b'"WaitIntervalInSeconds": 600,' in text
    )  # the other fix stays
    assert result.output.splitlines()[-1] == "1 fixed, 1 remaining"


@pytest.mark.parametrize(
    "command",
    [
        "smlint check --diff examples/",
        "smlint check --diff --unsafe-fixes examples/canary-copied-from-a-notebook.yaml",
    ],
)
def test_readme_fixing_samples_are_what_smlint_prints(monkeypatch, command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"$ {command}\n") + len(f"$ {command}\n")
    monkeypatch.chdir(ROOT)
    result = run(*command.split()[2:])
    assert result.exit_code == 1
    assert result.stdout == readme[start : readme.index("```", start)]
    assert result.stdout.count("\n+") >= 1  # a real change, not an empty diff


def test_a_terraform_variable_read_in_another_file_is_not_fixed(tmp_path):
    data, _ = fixed(tmp_path, "variables.tf")
    assert b'  default = "LINEAR" # what production uses\n' in data
    shutil.copyfile(FIXTURES / "variables.tf", tmp_path / "variables.tf")
    (tmp_path / "outputs.tf").write_text('output "routing" {\n  value = var.routing\n}\n', encoding="utf-8")
    result = run("--fix", str(tmp_path / "variables.tf"))
    assert (tmp_path / "variables.tf").read_bytes() == (FIXTURES / "variables.tf").read_bytes()
    assert result.output.splitlines()[-1] == "0 fixed, 1 remaining"


def test_stdin_not_ours_is_given_back_as_it_came():
    data = b'\xef\xbb\xbf{"a": "caf\xc3\xa9"}'
    result = CliRunner().invoke(
        main, ["check", "--no-cache", "--fix", "--stdin-filename", "notes.txt", "-"], input=data
    )
    assert result.stdout_bytes == data


def test_text_output_marks_what_fix_applies(tmp_path):
    target = tmp_path / "unsafe.json"
    shutil.copyfile(FIXTURES / "unsafe.json", target)
    plain = run(str(target)).output
    assert "[*]" not in plain  # all four fixes there are unsafe
    marked = run("--unsafe-fixes", str(target)).output
    assert f"{target}:4:3: SM404 [warning] [*] RetainDeploymentConfig is true" in marked
    assert marked.count("[*]") == 4
    shutil.copyfile(FIXTURES / "safe.json", target)
    assert f"{target}:7:7: SM102 [error] [*] unknown field" in run(str(target)).output
