"""Whatever the file system does, a run ends and says what it could not lint, once per path:
unreadable files and folders, link loops, pipes and devices named like requests, files that
vanish, change kind or grow between the walk and the read. And the documented input limits,
exactly at the limit and one past it. Also: a crash inside one rule is that rule's finding."""

import errno
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.linting import lint_text
from test_bad_input import GOOD_BAD, GOOD_BAD_FINDING, run  # noqa: F401  (the same one-finding request)

import smlint.engine
import smlint.sources as sources
from smlint.checks import CHECKS
from smlint.readers.nodes import MAX_DEPTH, MAX_INT_DIGITS, MAX_VALUES
from smlint.runner import Linter, Options

ROOT = Path(__file__).resolve().parents[2]


def message_of(findings, path):
    (finding,) = [f for f in findings if f["path"] == path]
    return finding["message"]


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SMLINT_DEBUG", raising=False)
    (tmp_path / "good-bad.json").write_text(GOOD_BAD, encoding="utf-8")
    return tmp_path


def _deny(monkeypatch, name: str, target: str) -> None:
    """``sources.os.<name>`` fails with EACCES on ``target`` (the tests run as root, for whom
    chmod 000 denies nothing)."""
    real = getattr(os, name)

    def denied(path, *args, **kwargs):
        if isinstance(path, str) and os.path.basename(path.rstrip("/")) == target:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(sources.os, name, denied)


def _after_the_walk(monkeypatch, name: str, change) -> None:
    """Run ``change(path)`` on the file ``name`` right after the walk yields it, before it is
    read: the race of a build that writes the tree while smlint reads it."""
    real = sources.iter_sources

    def racing(*args, **kwargs):
        for item in real(*args, **kwargs):
            if isinstance(item, sources.SourceFile) and os.path.basename(item.path) == name:
                change(item.path)
            yield item

    monkeypatch.setattr(sources, "iter_sources", racing)


# --------------------------------------------------------------------------- unreadable


def test_unreadable_file_is_sm001_once_and_the_run_goes_on(work, monkeypatch):
    (work / "secret.json").write_text(GOOD_BAD, encoding="utf-8")
    _deny(monkeypatch, "open", "secret.json")
    code, summary, findings, stderr = run(".", "secret.json")
    assert summary == [("good-bad.json", "SM106", 2, 3), ("secret.json", "SM001", 1, 1)]
    assert message_of(findings, "secret.json") == "cannot read file: Permission denied"
    assert code == 1 and stderr == ""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads a mode-000 file")
def test_mode_000_file_is_sm001(work):
    (work / "secret.json").write_text(GOOD_BAD, encoding="utf-8")
    os.chmod(work / "secret.json", 0)
    try:
        code, summary, findings, _ = run("secret.json", "good-bad.json")
    finally:
        os.chmod(work / "secret.json", 0o600)
    assert summary == [GOOD_BAD_FINDING, ("secret.json", "SM001", 1, 1)]
    assert message_of(findings, "secret.json") == "cannot read file: Permission denied"


def test_unreadable_folder_is_sm001_once_and_its_siblings_are_linted(work, monkeypatch):
    # SM001, not a quiet skip: requests may be in there, and "all clear" would lose them.
    (work / "locked").mkdir()
    (work / "locked" / "inner.json").write_text(GOOD_BAD, encoding="utf-8")
    (work / "open").mkdir()
    (work / "open" / "z.json").write_text(GOOD_BAD, encoding="utf-8")
    _deny(monkeypatch, "scandir", "locked")
    code, summary, findings, stderr = run(".", "locked", "./locked/")
    assert summary == [
        ("good-bad.json", "SM106", 2, 3),
        ("locked", "SM001", 1, 1),
        (os.path.join("open", "z.json"), "SM106", 2, 3),
    ]
    assert message_of(findings, "locked") == "cannot read folder: Permission denied"
    assert code == 1 and stderr == ""


def test_unreadable_folder_named_explicitly(work, monkeypatch):
    (work / "locked").mkdir()
    _deny(monkeypatch, "scandir", "locked")
    code, summary, findings, _ = run("locked", "good-bad.json")
    assert summary == [GOOD_BAD_FINDING, ("locked", "SM001", 1, 1)]
    assert code == 1


def test_path_that_cannot_be_examined_says_why(work, monkeypatch):
    # stat fails for a reason other than absence (a parent folder without search permission)
    _deny(monkeypatch, "stat", "hidden.json")
    code, summary, findings, _ = run("hidden.json", "good-bad.json")
    assert summary == [GOOD_BAD_FINDING, ("hidden.json", "SM001", 1, 1)]
    assert message_of(findings, "hidden.json") == "cannot read: Permission denied"


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize("links", [{"self.json": "self.json"}, {"a.json": "b.json", "b.json": "a.json"}])
def test_symlink_loop_named_explicitly_is_sm001(work, links):
    for link, target in links.items():
        os.symlink(target, work / link)
    names = sorted(links)
    code, summary, findings, stderr = run(*names, "good-bad.json", *names)
    assert summary == sorted([GOOD_BAD_FINDING] + [(n, "SM001", 1, 1) for n in names])
    for name in names:
        assert message_of(findings, name) == "symbolic link loop: the link leads back to itself"
    assert code == 1 and stderr == ""


def test_symlink_loops_inside_folders_are_not_followed(work):
    (work / "requests").mkdir()
    os.symlink("self.json", work / "requests" / "self.json")
    os.symlink("..", work / "requests" / "up")
    os.symlink(work / "good-bad.json", work / "requests" / "alias.json")
    code, summary, _, stderr = run("requests")
    assert (code, summary, stderr) == (0, [], "")


def test_symlinked_folder_named_explicitly_is_walked(work):
    (work / "real").mkdir()
    (work / "real" / "r.json").write_text(GOOD_BAD, encoding="utf-8")
    os.symlink("real", work / "linked")
    code, summary, _, _ = run("linked")
    assert summary == [(os.path.join("linked", "r.json"), "SM106", 2, 3)]


# --------------------------------------------------------------------------- not files


def test_folder_named_like_a_file_inside_a_walk(work):
    (work / "deploy" / "x.json").mkdir(parents=True)
    (work / "deploy" / "x.json" / "y.yaml").mkdir()
    (work / "deploy" / "x.json" / "inner.json").write_text(GOOD_BAD, encoding="utf-8")
    code, summary, _, stderr = run("deploy", "deploy/x.json/")
    assert summary == [(os.path.join("deploy", "x.json", "inner.json"), "SM106", 2, 3)]
    assert stderr == ""


def _smlint(cwd, *args, timeout=60):
    """smlint in a child process: a read that blocks fails the test (timeout) instead of
    hanging the suite."""
    return subprocess.run(
        [sys.executable, "-m", "smlint", "check", "--format", "json", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_named_pipe_never_blocks(work):
    (work / "requests").mkdir()
    os.mkfifo(work / "requests" / "pipe.json")  # nobody ever writes to it
    os.mkfifo(work / "named.yaml")
    (work / "requests" / "z.json").write_text(GOOD_BAD, encoding="utf-8")
    proc = _smlint(work, "named.yaml", ".")
    found = [(f["path"], f["rule"], f["line"], f["column"], f["message"]) for f in json.loads(proc.stdout)]
    assert found == [
        ("good-bad.json", "SM106", 2, 3, found[0][4]),
        ("named.yaml", "SM001", 1, 1, "not a regular file (a named pipe): smlint reads only files"),
        (os.path.join("requests", "z.json"), "SM106", 2, 3, found[0][4]),
    ]
    # in a folder, said once on stderr; named explicitly, SM001 (and not read again via the walk)
    assert proc.stderr.splitlines() == [
        f"smlint: skipped {os.path.join('requests', 'pipe.json')}: not a regular file (a named pipe), not read"
    ]
    assert proc.returncode == 1


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_endless_device_is_never_read(work):
    os.symlink("/dev/zero", work / "zero.json")
    proc = _smlint(work, "zero.json", "/dev/null")
    found = [(f["path"], f["rule"], f["message"]) for f in json.loads(proc.stdout)]
    assert found == [
        ("/dev/null", "SM001", "not a regular file (a character device): smlint reads only files"),
        ("zero.json", "SM001", "not a regular file (a character device): smlint reads only files"),
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_file_replaced_by_a_pipe_after_the_walk_is_not_waited_for(work):
    # the read itself must not block: open is non-blocking and the file type checked on the
    # open descriptor
    os.mkfifo(work / "pipe.json")
    code = (
        "import sys; from smlint import sources; r = sources.read_bytes('pipe.json'); "
        "print(type(r).__name__, r.message, r.skip)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout == "Problem not a regular file (a named pipe): smlint reads only files False\n", (
        proc.stderr
    )


# --------------------------------------------------------------------------- files that change


def test_file_that_vanishes_after_the_walk_is_said_once_on_stderr(work, monkeypatch):
    (work / "gone.json").write_text(GOOD_BAD, encoding="utf-8")
    _after_the_walk(monkeypatch, "gone.json", os.remove)
    code, summary, _, stderr = run(".")
    assert summary == [("good-bad.json", "SM106", 2, 3)]
    assert (
        stderr
        == "smlint: skipped gone.json: vanished before it could be read (deleted or renamed meanwhile)\n"
    )
    assert code == 1


def test_vanished_file_is_not_counted_as_checked(work, monkeypatch):
    (work / "gone.json").write_text(GOOD_BAD, encoding="utf-8")
    _after_the_walk(monkeypatch, "gone.json", os.remove)
    report = Linter(Options()).lint_paths(["."])
    assert (report.files, report.skipped) == (
        1,
        [("gone.json", "vanished before it could be read (deleted or renamed meanwhile)")],
    )


def test_folder_that_vanishes_during_the_walk_is_said_once_on_stderr(work, monkeypatch):
    (work / "tmp-build" / "out").mkdir(parents=True)
    (work / "tmp-build" / "out" / "r.json").write_text(GOOD_BAD, encoding="utf-8")
    real = os.scandir

    def scandir(path):
        if isinstance(path, str) and os.path.basename(path) == "tmp-build":
            shutil.rmtree(path)  # a build cleaning up while smlint walks
        return real(path)

    monkeypatch.setattr(sources.os, "scandir", scandir)
    code, summary, _, stderr = run(".")
    assert summary == [("good-bad.json", "SM106", 2, 3)]
    assert stderr == (
        "smlint: skipped tmp-build: vanished before it could be read (deleted or renamed meanwhile)\n"
    )


def test_file_replaced_by_a_folder_after_the_walk(work, monkeypatch):
    (work / "swap.json").write_text(GOOD_BAD, encoding="utf-8")

    def to_folder(path):
        os.remove(path)
        os.mkdir(path)

    _after_the_walk(monkeypatch, "swap.json", to_folder)
    code, summary, findings, stderr = run(".")
    assert summary == [("good-bad.json", "SM106", 2, 3), ("swap.json", "SM001", 1, 1)]
    assert message_of(findings, "swap.json") == "not a regular file (a folder): smlint reads only files"
    assert stderr == ""


def _stale_size(monkeypatch, size: int) -> None:
    """fstat reports ``size`` bytes: the file grew after its size was taken."""
    real = os.fstat

    def fstat(fd):
        info = real(fd)
        return os.stat_result((info.st_mode, *info[1:6], size, *info[7:]))

    monkeypatch.setattr(sources.os, "fstat", fstat)


def test_file_that_grows_while_read_is_read_to_its_end(work, monkeypatch):
    _stale_size(monkeypatch, 5)
    assert sources.read_bytes("good-bad.json") == GOOD_BAD.encode()
    assert run("good-bad.json")[1] == [GOOD_BAD_FINDING]


def test_file_that_grows_past_the_limit_while_read_stops_at_it(work, monkeypatch):
    with open(work / "big.json", "wb") as fh:
        fh.write(b'{"DeploymentConfig": "' + b"x" * (sources.MAX_FILE_BYTES + 10) + b'"}')
    _stale_size(monkeypatch, 100)
    assert len(sources.read_bytes("big.json")) == sources.MAX_FILE_BYTES + 1
    code, summary, _, _ = run("big.json")
    assert summary == [("big.json", "SM001", 1, 1)]


def test_file_that_shrinks_while_read(work, monkeypatch):
    _stale_size(monkeypatch, 10**6)
    assert sources.read_bytes("good-bad.json") == GOOD_BAD.encode()


def test_read_error_midway_is_sm001(work, monkeypatch):
    def failing(fd, n):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(sources.os, "read", failing)
    code, summary, findings, _ = run("good-bad.json")
    assert summary == [("good-bad.json", "SM001", 1, 1)]
    assert message_of(findings, "good-bad.json") == "cannot read file: Input/output error"


# --------------------------------------------------------------------------- a rule that crashes


CANARY_NO_ALARMS = (
    "EndpointName: churn-prod\nEndpointConfigName: churn-prod-v7\nDeploymentConfig:\n"
    "  BlueGreenUpdatePolicy:\n    TrafficRoutingConfiguration:\n      Type: CANARY\n"
    "      WaitIntervalInSeconds: 0\n      CanarySize: {Type: CAPACITY_PERCENT, Value: 75}\n"
    "    MaximumExecutionTimeoutInSeconds: 3600\n"
)


def _findings(text):
    return [(f.rule, f.line, f.column) for f in lint_text(text, "yaml", "canary.yaml")]


def test_a_crashing_check_is_its_own_finding_and_the_others_still_run(rules, monkeypatch):
    before = _findings(CANARY_NO_ALARMS)
    assert {"SM204", "SM301", "SM302"} <= {r for r, _, _ in before}
    crashing = "SM204"  # (checks are registered by rule id)

    def boom(request):
        raise ZeroDivisionError("division by zero")
        yield  # a generator, like the real checks

    monkeypatch.setitem(CHECKS, crashing, boom)
    found = lint_text(CANARY_NO_ALARMS, "yaml", "canary.yaml")
    crashed = [f for f in found if f.rule == "SM204"]
    assert [(f.line, f.column, f.field, f.severity) for f in crashed] == [(1, 1, "", "error")]
    assert (crashed[0].message, crashed[0].help) == (
        "rule SM204 crashed on this request (ZeroDivisionError: division by zero); other rules ran normally",
        "please report this",
    )
    assert [(f.rule, f.line, f.column) for f in found if f.rule != "SM204"] == [
        x for x in before if x[0] != "SM204"
    ]


def test_a_check_that_crashes_midway_keeps_what_it_found(rules, monkeypatch):
    name = "SM302"  # (checks are registered by rule id)
    real = CHECKS[name]

    def partial(request):
        yield from real(request)
        raise KeyError("late")

    monkeypatch.setitem(CHECKS, name, partial)
    found = [(f.rule, f.message.split(" (")[0]) for f in lint_text(CANARY_NO_ALARMS, "yaml", "canary.yaml")]
    assert [m for r, m in found if r == "SM302"][-1] == "rule SM302 crashed on this request"
    assert len([r for r, _ in found if r == "SM302"]) == 2  # its real finding, then the crash


def test_a_crashing_declarative_rule_is_its_own_finding(rules, monkeypatch):
    declarative = [r for r in rules if r.given is not None and not r.check and not r.schema_keywords]
    if not declarative:
        pytest.skip("no declarative rule in the built-in set")
    victim = declarative[0]
    real = smlint.engine._declarative

    def crashing(rule, data, language=""):
        if rule is victim:
            raise RuntimeError("bad pointer")
        return real(rule, data, language)

    monkeypatch.setattr(smlint.engine, "_declarative", crashing)
    found = lint_text(CANARY_NO_ALARMS, "yaml", "canary.yaml", select=("ALL",))
    assert f"rule {victim.id} crashed on this request (RuntimeError: bad pointer)" in [
        f.message.split(";")[0] for f in found
    ]
    assert {"SM204", "SM301", "SM302"} <= {f.rule for f in found}


# --------------------------------------------------------------------------- the documented limits


def _limits_table() -> dict:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("Limits, each reported as SM001") :]
    return dict(
        re.findall(
            r"^\| ([^|]+?) \| ([^|]+?) \|$", section[: section.index("\n\n", section.index("|"))], re.M
        )
    )


def test_readme_states_the_limits_the_code_has():
    table = _limits_table()
    assert (
        table["file size"] == f"{sources.MAX_FILE_BYTES >> 20} MiB"
        and sources.MAX_FILE_BYTES % (1 << 20) == 0
    )
    from smlint.readers import max_bytes
    from smlint.readers.notebook import MAX_CODE_BYTES

    assert table["notebook size"].startswith(
        f"{max_bytes('notebook') >> 20} MiB of JSON (outputs such as plots make notebooks large), "
        f"of which {MAX_CODE_BYTES >> 20} MiB of code"
    )
    assert table["nesting depth"] == f"{MAX_DEPTH} levels"
    assert table["values in one document after YAML alias expansion"].startswith(f"{MAX_VALUES:,} ")
    assert table["digits of an integer"].startswith(f"{MAX_INT_DIGITS:,} ")
    assert "64 for hexadecimal, octal and binary" in table["digits of an integer"]


def _one(text, fmt):
    found = lint_text(text, fmt, "r." + fmt, select=("ALL",))
    return [(f.rule, f.line, f.column, f.message) for f in found if f.rule == "SM001"]


def _nested(levels: int, fmt: str) -> str:
    inner = levels - 1  # the top-level mapping is the first level
    if fmt == "json":
        return '{"DeploymentConfig": ' + "[" * inner + "]" * inner + "}"
    return "DeploymentConfig: " + "[" * inner + "]" * inner + "\n"


@pytest.mark.parametrize("fmt, column", [("json", 22 + MAX_DEPTH - 1), ("yaml", 19 + MAX_DEPTH - 1)])
def test_nesting_limit_exactly(fmt, column):
    assert _one(_nested(MAX_DEPTH, fmt), fmt) == []
    assert _one(_nested(MAX_DEPTH + 1, fmt), fmt) == [
        ("SM001", 1, column, f"nesting deeper than {MAX_DEPTH} levels; smlint stops here")
    ]


def test_value_limit_exactly(monkeypatch):
    # at a limit of 1,000 (the walk costs 50-100 µs a value: 100,000 would take seconds); the
    # mapping, the list and its items: exactly the limit, then one more
    import smlint.readers.nodes as nodes

    monkeypatch.setattr(nodes, "MAX_VALUES", 1000)
    text = "DeploymentConfig: [" + ",".join(["0"] * 998) + "]\n"
    assert _one(text, "yaml") == []
    text = "DeploymentConfig: [" + ",".join(["0"] * 999) + "]\n"
    assert _one(text, "yaml") == [
        (
            "SM001",
            1,
            text.rindex("0") + 1,
            "document expands to more than 1000 values (YAML aliases nested too deep?)",
        )
    ]


def test_value_limit_through_aliases():
    # 10 * 10**5 values once the aliases are expanded, from a few hundred bytes of text
    text = "DeploymentConfig:\n  l0: &l0 [" + ", ".join(["0"] * 10) + "]\n"
    for i in range(1, 6):
        text += f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n"
    (found,) = _one(text, "yaml")
    assert found[0] == "SM001" and found[3].startswith(f"document expands to more than {MAX_VALUES} values")


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_integer_digit_limit_exactly(fmt):
    template = (
        '{"DeploymentConfig": {"RollingUpdatePolicy": {"WaitIntervalInSeconds": %s}}}'
        if fmt == "json"
        else "DeploymentConfig: {RollingUpdatePolicy: {WaitIntervalInSeconds: %s}}"
    )
    assert _one(template % ("9" * MAX_INT_DIGITS), fmt) == []
    text = template % ("9" * (MAX_INT_DIGITS + 1))
    assert _one(text, fmt) == [
        (
            "SM001",
            1,
            text.index("9") + 1,
            f"a {MAX_INT_DIGITS + 1}-digit integer: smlint reads integers of up to {MAX_INT_DIGITS} digits "
            "(SageMaker's are 32-bit)",
        )
    ]


@pytest.mark.parametrize(
    "prefix, digit, base", [("0x", "f", "hexadecimal"), ("0o", "7", "octal"), ("0b", "1", "binary")]
)
def test_non_decimal_integer_digit_limit_exactly(prefix, digit, base):
    template = "DeploymentConfig: {RollingUpdatePolicy: {WaitIntervalInSeconds: %s}}"
    assert _one(template % (prefix + digit * 64), "yaml") == []
    text = template % (prefix + digit * 65)
    assert _one(text, "yaml") == [
        (
            "SM001",
            1,
            text.index(prefix) + 1,
            f"a 65-digit {base} integer: smlint reads those of up to 64 digits (SageMaker's integers are 32-bit)",
        )
    ]


def test_file_size_limit_exactly(work):
    head, tail = b'{"DeploymentConfig": {"x": "', b'"}}'
    for name, size in (("at.json", sources.MAX_FILE_BYTES), ("over.json", sources.MAX_FILE_BYTES + 1)):
        with open(work / name, "wb") as fh:
            fh.write(head + b"x" * (size - len(head) - len(tail)) + tail)
        assert os.path.getsize(work / name) == size
    code, summary, findings, _ = run("at.json", "over.json")
    assert ("over.json", "SM001", 1, 1) in summary
    assert not [s for s in summary if s[0] == "at.json" and s[1] == "SM001"]
    assert message_of(findings, "over.json") == (
        f"file is larger than 10 MiB ({sources.MAX_FILE_BYTES} bytes), the most smlint reads; a request is a few KB"
    )


# --------------------------------------------------------------------------- found by fuzzing


@pytest.mark.parametrize(
    "text, line, column, code",
    [
        ("DeploymentConfig: ééé\x07\n", 1, 22, "0007"),
        ("EndpointName: 'churn-😀'\nDeploymentConfig: [\x01]\n", 2, 20, "0001"),
    ],
)
def test_control_character_after_non_ascii_is_located_in_characters(text, line, column, code):
    # libyaml's reader reports such errors at a UTF-8 byte offset, not a character one
    assert _one(text, "yaml") == [
        (
            "SM001",
            line,
            column,
            f"invalid YAML: unacceptable character #x{code}: control characters are not allowed",
        )
    ]


# --------------------------------------------------------------------------- streaming


def test_no_document_outlives_its_file(work, monkeypatch):
    """lint_paths streams: each file's documents are gone before the next file is read, so
    memory does not grow with the number of requests in a run."""
    import gc
    import weakref

    for index in range(5):
        (work / f"r{index}.yaml").write_text("---\n".join([GOOD_BAD] * 3), encoding="utf-8")
    alive: list = []
    real = Linter.lint_document

    def lint_document(self, doc, config=None, texts=None, said=None):
        alive.append(weakref.ref(doc))
        return real(self, doc, config, texts, said)

    reads = []
    real_read = sources.read_bytes

    def read_bytes(path):
        reads.append(sum(ref() is not None for ref in alive))
        return real_read(path)

    monkeypatch.setattr(Linter, "lint_document", lint_document)
    monkeypatch.setattr(sources, "read_bytes", read_bytes)
    gc.disable()  # freed by reference counting alone: no cycle keeps a document
    try:
        report = Linter(Options()).lint_paths(["."])
    finally:
        gc.enable()
    assert report.requests == 15 + 1 and len(alive) == 16
    assert reads == [0] * 6  # when each file is read, no document of an earlier one is alive
    assert [ref() for ref in alive] == [None] * 16


def test_the_walk_is_lazy(work, monkeypatch):
    """Files are linted while the walk goes on, not after a list of every file is built."""
    for name in "abc":
        (work / name).mkdir()
        (work / name / "r.json").write_text(GOOD_BAD, encoding="utf-8")
    events = []
    real_scandir, real_read = sources.os.scandir, sources.read_bytes
    monkeypatch.setattr(
        sources.os,
        "scandir",
        lambda path: events.append(("list", os.path.basename(path))) or real_scandir(path),
    )
    monkeypatch.setattr(sources, "read_bytes", lambda path: events.append(("read", path)) or real_read(path))
    Linter(Options()).lint_paths(["a", "b", "c"])
    assert events == [
        ("list", "a"),
        ("read", os.path.join("a", "r.json")),
        ("list", "b"),
        ("read", os.path.join("b", "r.json")),
        ("list", "c"),
        ("read", os.path.join("c", "r.json")),
    ]
