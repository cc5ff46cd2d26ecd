"""The server's parts on their own: positions, the session's handling of a linter that
fails, and the adapter's limits (the same as the command line's)."""

from __future__ import annotations

import asyncio
import json

import pytest
from click.testing import CliRunner
from lsprotocol import types as t

from smlint.cli import main
from smlint.server import linting
from smlint.server.diagnostics import Lines, path_of, uri_of
from smlint.server.open_documents import Session

# -- positions ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding, character", [("utf-16", 4), ("utf-8", 7), ("utf-32", 3)])
def test_code_point_columns_become_the_encodings_units(encoding, character):
    lines = Lines('"é🚀x"\n', encoding)  # x: code point 4; before it é (1, 2, 1 units), 🚀 (2, 4, 1)
    assert lines.to_lsp(1, 4) == t.Position(0, character)
    assert lines.from_lsp(t.Position(0, character)) == (1, 4)


def test_utf16_positions_of_text_after_astral_characters():
    lines = Lines("x\n🚀é = 1\r\nlast")
    assert lines.to_lsp(2, 1) == t.Position(1, 0)
    assert lines.to_lsp(2, 2) == t.Position(1, 2)  # (the emoji is a surrogate pair)
    assert lines.to_lsp(2, 3) == t.Position(1, 3)
    assert lines.to_lsp(3, 5) == t.Position(2, 4)  # (CRLF ends line 2)
    assert lines.range(2, 3, 2, 4) == t.Range(t.Position(1, 3), t.Position(1, 4))
    assert lines.from_lsp(t.Position(1, 3)) == (2, 3)
    assert lines.to_lsp(9, 1) == t.Position(2, 4)  # (past the end: the end)


def test_a_lone_cr_ends_a_line_as_in_smlint():
    lines = Lines("a\rbé\rc")
    assert lines.to_lsp(2, 3) == t.Position(1, 2)
    assert lines.line_text(1) == "bé"


def test_file_uris_and_paths(tmp_path):
    path = tmp_path / "a b" / "dé.yaml"
    assert path_of(uri_of(str(path))) == str(path)
    assert path_of("untitled:Untitled-1") is None


# -- a crash linting one document ---------------------------------------------------------


class _Client:
    def __init__(self):
        self.published, self.logs = [], []

    def publish(self, uri, version, diagnostics):
        self.published.append((uri, version, diagnostics))

    def log(self, kind, message):
        self.logs.append((kind, message))


class _Failing:
    """An engine whose linter raises, or reports its own crash."""

    def __init__(self, how):
        self.how = how

    async def lint(self, path, text, records):
        if self.how == "raise":
            raise RuntimeError("the linter broke")
        return linting.Outcome(failure="KeyError: 'x'")

    def reset(self):
        pass


@pytest.mark.parametrize(
    "how, said",
    [("raise", "RuntimeError: the linter broke"), ("failure", "KeyError: 'x'")],
)
def test_a_crash_linting_a_document_is_a_log_message_and_no_diagnostics(tmp_path, how, said):
    client = _Client()
    uri = uri_of(str(tmp_path / "deploy.yaml"))

    async def scenario():
        session = Session(client, _Failing(how))
        session.opened(uri, "EndpointName: x\n", 1)
        await asyncio.gather(*session._tasks.values())
        return session

    session = asyncio.run(scenario())
    assert client.published == [(uri, 1, [])]
    assert len(client.logs) == 1
    kind, message = client.logs[0]
    assert kind == t.MessageType.Error
    assert said in message and str(tmp_path / "deploy.yaml") in message
    assert session.docs[uri].outcome.findings == []  # (and the session lives on)


class _Slow:
    """An engine whose lint waits until it is let go, and a workspace scan that ends while
    it waits."""

    def __init__(self):
        self.given, self.go = [], None

    async def lint(self, path, text, records):
        self.given.append(records)
        if len(self.given) == 1:
            await self.go.wait()
        return linting.Outcome()

    async def configs_on_disk(self, paths):
        return {paths[0]: (_Record(),)}

    def reset(self):
        pass


class _Record:
    keys = (("name", "prod-v9"),)
    where = "prod-config.json:3"

    def facts(self):
        return (4,)


def test_a_config_found_on_disk_while_a_document_is_linted_lints_it_again(tmp_path):
    client, engine = _Client(), _Slow()
    uri = uri_of(str(tmp_path / "update.json"))

    async def scenario():
        engine.go = asyncio.Event()
        session = Session(client, engine)
        session.opened(uri, '{"EndpointName": "e", "EndpointConfigName": "prod-v9"}', 1)
        await asyncio.sleep(0)  # (the lint has started and waits)
        await session._rescan([str(tmp_path / "prod-config.json")])  # (ends meanwhile)
        engine.go.set()
        while session._tasks:
            await asyncio.gather(*session._tasks.values())

    asyncio.run(scenario())
    assert [len(records) for records in engine.given] == [0, 1]
    assert client.published == [(uri, 1, [])]  # (once: the first result, stale, is not published)


# -- the adapter: the command line's limits ---------------------------------------------


def _billion_laughs(levels=12, width=10):
    text = "EndpointName: churn-prod\nEndpointConfigName: churn-prod-v7\nDeploymentConfig:\n  AutoRollbackConfiguration:\n"
    text += "    l0: &l0 [" + ", ".join(['"lol"'] * width) + "]\n"
    for i in range(1, levels):
        text += f"    l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]\n"
    return text + f"    Alarms: *l{levels - 1}\n"


def test_a_policy_edited_between_two_lints_of_a_buffer_is_read_again(tmp_path):
    # (no watcher told the session, nothing was reset: the linter of the config sees that
    # its rule files changed, as the command line would read them anew)
    from pathlib import Path

    policy_text = (Path(__file__).parents[2] / "examples" / "policies" / "ORG001.yaml").read_text(
        encoding="utf-8"
    )
    (tmp_path / "policies").mkdir()
    (tmp_path / ".smlint.toml").write_text('rules-dirs = ["policies"]\n', encoding="utf-8")
    policy = tmp_path / "policies" / "ORG001.yaml"
    policy.write_text(policy_text, encoding="utf-8")
    path, text = str(tmp_path / "update.json"), '{"EndpointName": "ranker-prod", "EndpointConfigName": "c"}\n'
    first = linting.lint(path, text)
    assert ([f.rule for f in first.findings], first.rules_dirs) == (["ORG001"], (str(tmp_path / "policies"),))
    policy.write_text(policy_text.replace("id: ORG001", "id: ORG009"), encoding="utf-8")
    assert [f.rule for f in linting.lint(path, text).findings] == ["ORG009"]


def test_a_context_file_edited_between_two_lints_is_read_again(tmp_path, monkeypatch):
    # (the config's context may lie outside the workspace, where no watcher looks)
    from pathlib import Path

    fixtures = Path(__file__).parents[1] / "fixtures" / "context"
    (tmp_path / "infra").mkdir()
    (tmp_path / "app").mkdir()
    config = tmp_path / "infra" / "prod-config.json"
    config.write_text((fixtures / "prod-config.json").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "app" / ".smlint.toml").write_text(
        'context = ["../infra/prod-config.json"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path / "app")
    path, text = str(tmp_path / "app" / "update.json"), (fixtures / "update.json").read_text(encoding="utf-8")
    assert [f.rule for f in linting.lint(path, text).findings] == ["SM206", "SM207"]  # (3 and 6 of 4)
    config.write_text(
        config.read_text(encoding="utf-8").replace('"InitialInstanceCount": 4', '"InitialInstanceCount": 12'),
        encoding="utf-8",
    )
    assert [f.rule for f in linting.lint(path, text).findings] == []


HOSTILE = {
    "bomb.yaml": _billion_laughs(),
    "huge.json": '{"DeploymentConfig": "' + "x" * (11 * 1024 * 1024) + '"}',
    "deep.json": '{"DeploymentConfig": ' + "[" * 1000 + "]" * 1000 + "}",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_buffers_meet_the_command_lines_limits(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    path = str(tmp_path / name)
    outcome = linting.lint(path, HOSTILE[name])
    result = CliRunner().invoke(
        main,
        ["check", "--no-cache", "--isolated", "--format", "json", "--stdin-filename", path, "-"],
        input=HOSTILE[name],
    )
    expected = [(f["rule"], f["line"], f["column"], f["message"]) for f in json.loads(result.output)]
    assert [(f.rule, f.line, f.column, f.message) for f in outcome.findings] == expected
    assert [f.rule for f in outcome.findings] == ["SM001"]


def test_a_lint_process_that_dies_costs_one_result_and_the_next_lint_has_a_new_one(tmp_path):
    import os
    from concurrent.futures.process import BrokenProcessPool

    from smlint.server.worker import Engine

    path = str(tmp_path / "deploy.yaml")
    text = "EndpointName: a\nEndpointConfigName: b\nDeploymentConfig:\n  RollingUpdatePolicy: 3\n"

    async def scenario():
        engine = Engine()
        try:
            with pytest.raises(BrokenProcessPool):
                await engine._call("lint", os._exit)  # (the process ends, as a crash in C would end it)
            return await engine.lint(path, text, ())
        finally:
            engine.close()

    outcome = asyncio.run(scenario())
    assert [(f.rule, f.line, f.column) for f in outcome.findings] == [("SM103", 4, 3)]


def test_the_futures_of_handled_notifications_are_not_kept():
    """pygls 2.1 keeps every notification's future (and each step of its built-in generator
    handlers') forever; the server's protocol forgets them once done (memory over a session)."""
    from smlint.server.protocol import build

    protocol = build().protocol
    seen = []

    def handler(params):
        seen.append(params)

    def builtin(params):  # (as pygls's own didChange: a generator that yields the user's handler)
        yield handler, (params,), None

    for n in range(100):
        protocol._execute_handler(f"notification-{n}", builtin, callback=lambda future: None, args=(n,))
    assert seen == list(range(100))
    assert protocol._request_futures == {}
