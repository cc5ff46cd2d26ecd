"""``smlint server`` driven for real: a child process, over standard input and output, by
pygls's own LanguageClient (tests/support/lsp.py). One server for the module's tests that
keep it alive; each test writes its documents in a folder of its own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types as t
from support.lsp import Client, apply

SM204_HREF = "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TrafficRoutingConfig.html"
SM204_MESSAGE = (
    "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize is 80% of the fleet; a canary "
    "must be at most 50% (SageMaker rejects it)\nhelp: use a Value of at most 50"  # (the help on a line of its own)
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    client = Client(tmp_path_factory.mktemp("workspace"))
    client.start()
    yield client
    client.stop()


@pytest.fixture
def folder(server, request):
    path = server.root / request.node.name.replace("[", "-").replace("]", "")
    path.mkdir()
    return path


def _rng(line, start, end_line, end):
    return t.Range(t.Position(line, start), t.Position(end_line, end))


def _sm204(rng, where: str = "", terraform: bool = False) -> t.Diagnostic:
    message = (
        SM204_MESSAGE.replace("CanarySize is", "CanarySize (canary_size) is") if terraform else SM204_MESSAGE
    )
    return t.Diagnostic(
        range=rng,
        message=where + message,
        severity=t.DiagnosticSeverity.Error,
        code="SM204",
        code_description=t.CodeDescription(SM204_HREF),
        source="smlint",
        data={"index": 0},
    )


def test_initialize_says_what_the_server_does(tmp_path):
    client = Client(tmp_path)
    try:
        result = client.start("--stdio")  # (what vscode-languageclient passes: accepted)
    finally:
        assert client.stop() == 0  # (shutdown, then exit: 0)
    caps = result.capabilities
    assert result.server_info.name == "smlint"
    assert caps.text_document_sync.change == t.TextDocumentSyncKind.Incremental
    assert caps.text_document_sync.open_close is True
    assert caps.text_document_sync.save == t.SaveOptions(include_text=False)
    assert caps.hover_provider is True
    assert set(caps.code_action_provider.code_action_kinds) == {
        "quickfix",
        "source.fixAll",
        "source.fixAll.smlint",
    }
    assert caps.code_action_provider.resolve_provider is True
    assert caps.position_encoding == "utf-16"


# -- every format: the diagnostic at its exact range, then none once fixed -------------------

JSON_BAD = (
    '{"EndpointName": "churn-prod", "EndpointConfigName": "cfg", "DeploymentConfig": '
    '{"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "déploiement-🚀"}]}, '
    '"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "WaitIntervalInSeconds": 600, '
    '"CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 80}}, "MaximumExecutionTimeoutInSeconds": 3600}}}\n'
)

YAML_BAD = """\
# Déploiement du modèle 🚀 (canary)
EndpointName: churn-prod
EndpointConfigName: churn-prod-v7
DeploymentConfig:
  BlueGreenUpdatePolicy:
    TrafficRoutingConfiguration:
      Type: CANARY
      WaitIntervalInSeconds: 600
      CanarySize: &canary-é🚀 {Type: CAPACITY_PERCENT, Value: 80}
    MaximumExecutionTimeoutInSeconds: 3600
  AutoRollbackConfiguration:
    Alarms:
      - AlarmName: churn-prod-5xx
"""

PYTHON_BAD = """\
import boto3

sm = boto3.client("sagemaker")
note = "é🚀"; size = {"Type": "CAPACITY_PERCENT", "Value": 80}
sm.update_endpoint(
    EndpointName="churn-prod",
    EndpointConfigName="churn-prod-v7",
    DeploymentConfig={
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {"Type": "CANARY", "WaitIntervalInSeconds": 600, "CanarySize": size},
            "MaximumExecutionTimeoutInSeconds": 3600,
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "churn-prod-5xx"}]},
    },
)
"""

TERRAFORM_BAD = """\
resource "aws_sagemaker_endpoint" "churn" {
  name                 = "churn-prod"
  endpoint_config_name = "churn-prod-v7"

  deployment_config {
    blue_green_update_policy {
      traffic_routing_configuration {
        type                     = "CANARY"
        wait_interval_in_seconds = 600
        canary_size {
          type  = "CAPACITY_PERCENT" # é🚀
          value = 80
        }
      }
      maximum_execution_timeout_in_seconds = 3000
    }
    auto_rollback_configuration {
      alarms {
        alarm_name = "churn-prod-5xx"
      }
    }
  }
}
"""


def _notebook(value: int) -> str:
    code = [
        "import boto3\n",
        "sm = boto3.client('sagemaker')\n",
        "sm.update_endpoint(EndpointName='churn-prod', EndpointConfigName='churn-prod-v7', DeploymentConfig={\n",
        "    'BlueGreenUpdatePolicy': {'TrafficRoutingConfiguration': {'Type': 'CANARY', 'WaitIntervalInSeconds': 600,\n",
        f"        'CanarySize': {{'Type': 'CAPACITY_PERCENT', 'Value': {value}}}}}, 'MaximumExecutionTimeoutInSeconds': 3600}},\n",
        "    'AutoRollbackConfiguration': {'Alarms': [{'AlarmName': 'churn-prod-5xx'}]}})",
    ]
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Déployer 🚀\n"]},
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": code},
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


CASES = {
    # `"Value"` starts at code point 305 (0-based) of the line; the emoji before it is 2 UTF-16
    # code units, "é" one: character 306
    "request.json": (JSON_BAD, _rng(0, 306, 0, 313), ('"Value": 80', '"Value": 20')),
    # `Value` at code point 55 of line 9, after the anchor's "é" and "🚀": characters 55..60
    "deploy.yaml": (YAML_BAD, _rng(8, 55, 8, 60), ("Value: 80", "Value: 20")),
    # code points 49..56 of line 4, after "é" (1 unit) and "🚀" (2 units): characters 50..57
    "deploy.py": (PYTHON_BAD, _rng(3, 50, 3, 57), ('"Value": 80', '"Value": 20')),
    "main.tf": (TERRAFORM_BAD, _rng(11, 10, 11, 15), ("value = 80", "value = 20")),
    # the cell's line as stored in the notebook's JSON (line 20 of the file: the raw .ipynb
    # is the editor's document), at 'Value' inside that JSON string; the message says the cell
    "deploy.ipynb": (_notebook(80), _rng(19, 56, 19, 63), None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_diagnostic_at_its_exact_range_then_none_once_fixed(server, folder, name):
    text, rng, (old, new) = CASES[name][0], CASES[name][1], CASES[name][2] or (None, None)
    uri = server.open(f"{folder.name}/{name}", text)
    where = "cell 2, line 5: " if name.endswith(".ipynb") else ""
    assert server.diagnostics(uri, version=1) == [_sm204(rng, where, terraform=name.endswith(".tf"))]
    fixed = _notebook(20) if name.endswith(".ipynb") else text.replace(old, new)
    assert fixed != text
    server.change(uri, fixed, 2)
    assert server.diagnostics(uri, version=2) == []


# -- code actions ---------------------------------------------------------------------

YAML_CASE = """\
EndpointName: churn-prod
EndpointConfigName: churn-prod-v7
DeploymentConfig:
  BlueGreenUpdatePolicy:
    TrafficRoutingConfiguration:
      Type: Canary
      WaitIntervalInSeconds: 600
      CanarySize: {Type: CAPACITY_PERCENT, Value: 80}
    MaximumExecutionTimeoutInSeconds: 3600
  AutoRollbackConfiguration:
    Alarms:
      - AlarmName: churn-prod-5xx
"""


def test_quick_fixes_safe_first_unsafe_marked_suppression_and_fix_all(server, folder):
    uri = server.open(f"{folder.name}/deploy.yaml", YAML_CASE)
    found = server.diagnostics(uri, version=1)
    assert [(d.code, d.range) for d in found] == [("SM105", _rng(5, 6, 5, 10))]
    # (SM204 is not judged while Type is not a valid value: the shape rule's finding only)
    actions = server.code_actions(uri, _rng(5, 0, 5, 0))
    assert [(a.title, a.kind, a.is_preferred) for a in actions] == [
        ('SM105: replace with "CANARY"', "quickfix", True),
        ("Suppress SM105 on this line", "quickfix", None),
        ("smlint: fix all safe fixes in this file", "source.fixAll.smlint", None),
    ]
    fixed = apply(YAML_CASE, actions[0].edit.changes[uri])
    assert fixed == YAML_CASE.replace("Type: Canary", "Type: CANARY")
    assert apply(YAML_CASE, actions[1].edit.changes[uri]) == YAML_CASE.replace(
        "Type: Canary\n", "Type: Canary  # noqa: SM105\n"
    )
    # the fixed text reveals the canary's size: its fix changes the deployment (unsafe)
    server.change(uri, fixed, 2)
    found = server.diagnostics(uri, version=2)
    assert [(d.code, d.range) for d in found] == [("SM204", _rng(7, 43, 7, 48))]
    actions = server.code_actions(uri, found[0].range, found)
    assert [(a.title, a.is_preferred) for a in actions] == [
        ("SM204: set Value to 50, the nearest allowed (unsafe: it changes the deployment)", None),
        ("Suppress SM204 on this line", None),
    ]
    suppressed = apply(fixed, actions[1].edit.changes[uri])
    assert suppressed == fixed.replace("Value: 80}\n", "Value: 80}  # noqa: SM204\n")
    server.change(uri, suppressed, 3)
    assert server.diagnostics(uri, version=3) == []


def test_fix_all_on_save_applies_every_safe_fix(server, folder):
    text = YAML_CASE.replace("Value: 80", "Value: 10").replace(
        "Type: CAPACITY_PERCENT", "Type: capacity_percent"
    )
    uri = server.open(f"{folder.name}/deploy.yaml", text)
    assert [d.code for d in server.diagnostics(uri, version=1)] == ["SM105", "SM105"]
    actions = server.code_actions(uri, _rng(0, 0, 0, 0), only=["source.fixAll"])
    assert [a.kind for a in actions] == ["source.fixAll.smlint"]
    assert apply(text, actions[0].edit.changes[uri]) == YAML_CASE.replace(
        "Type: Canary", "Type: CANARY"
    ).replace("Value: 80", "Value: 10")
    assert server.code_actions(uri, _rng(0, 0, 0, 0), only=["quickfix"]) == []  # (none on line 1)


def test_fix_all_in_a_list_of_actions_is_resolved_when_chosen(tmp_path):
    resolving = t.ClientCapabilities(
        text_document=t.TextDocumentClientCapabilities(
            code_action=t.CodeActionClientCapabilities(
                resolve_support=t.ClientCodeActionResolveOptions(["edit"])
            )
        )
    )
    client = Client(tmp_path, resolving)
    client.start()
    try:
        uri = client.open("deploy.yaml", YAML_CASE)
        client.diagnostics(uri, version=1)
        actions = client.code_actions(uri, _rng(5, 0, 5, 0))
        fix_all = actions[-1]
        assert (fix_all.kind, fix_all.edit) == ("source.fixAll.smlint", None)
        resolved = client.run(client.lsp.code_action_resolve_async(fix_all))
        assert apply(YAML_CASE, resolved.edit.changes[uri]) == YAML_CASE.replace(
            "Type: Canary", "Type: CANARY"
        )
    finally:
        client.stop()


def test_an_existing_noqa_gains_the_code(server, folder):
    text = YAML_CASE.replace("Type: Canary", "Type: CANARY").replace("Value: 80}", "Value: 80}  # noqa: E501")
    uri = server.open(f"{folder.name}/deploy.yaml", text)
    found = server.diagnostics(uri, version=1)
    assert [d.code for d in found] == ["SM204"]
    actions = server.code_actions(uri, found[0].range, found)
    assert apply(text, actions[1].edit.changes[uri]) == text.replace("# noqa: E501", "# noqa: E501, SM204")


def test_json_has_no_comments_so_no_suppression(server, folder):
    uri = server.open(f"{folder.name}/request.json", JSON_BAD)
    found = server.diagnostics(uri, version=1)
    actions = server.code_actions(uri, found[0].range, found)
    assert [a.title for a in actions] == [
        "SM204: set Value to 50, the nearest allowed (unsafe: it changes the deployment)"
    ]


# -- hover ---------------------------------------------------------------------------


def test_hover_on_a_key_shows_the_members_api_documentation(server, folder):
    uri = server.open(f"{folder.name}/deploy.yaml", YAML_BAD)
    server.diagnostics(uri, version=1)
    hover = server.hover(uri, 7, 8)  # WaitIntervalInSeconds
    assert hover.range == _rng(7, 6, 7, 27)
    assert hover.contents.kind == "markdown"
    assert hover.contents.value == (
        "**WaitIntervalInSeconds** (`TrafficRoutingConfig`)\n\n"
        "`DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.WaitIntervalInSeconds`\n\n"
        "integer · required · from 0 to 3600\n\n"
        "The waiting time (in seconds) between incremental steps to turn on traffic on the new endpoint fleet."
    )
    assert server.hover(uri, 0, 3) is None  # (a comment)


def test_hover_on_a_key_of_a_python_call(server, folder):
    uri = server.open(f"{folder.name}/deploy.py", PYTHON_BAD)
    server.diagnostics(uri, version=1)
    hover = server.hover(uri, 9, 47)  # "Type" in the TrafficRoutingConfiguration dict
    assert hover.contents.value.startswith(
        "**Type** (`TrafficRoutingConfig`)\n\n"
        "`DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.Type`\n\n"
        "string · required · one of `ALL_AT_ONCE` | `CANARY` | `LINEAR`\n\nTraffic routing strategy type."
    )


def test_hover_on_a_rule_id_in_a_noqa_and_on_a_diagnostic(server, folder):
    text = YAML_CASE.replace("Type: Canary", "Type: CANARY").replace(
        "Value: 80}", "Value: 80}  # noqa: SM208"
    )
    uri = server.open(f"{folder.name}/deploy.yaml", text)
    server.diagnostics(uri, version=1)
    column = text.splitlines()[7].index("SM208") + 2
    hover = server.hover(uri, 7, column)
    assert hover.range == _rng(7, column - 2, 7, column + 3)
    assert hover.contents.value.startswith("**SM208** `timeout-shorter-than-waits` (error)")
    # on the diagnostic (the canary's Value): its key's documentation, then the rule
    parts = server.hover(uri, 7, 45).contents.value.split("\n\n---\n\n")
    assert parts[0].startswith("**Value** (`CapacitySize`)")
    assert parts[1].startswith(
        "**SM204** `canary-too-large` (error) · [docs](" + SM204_HREF + ")\n\n"
        "CanarySize above 50% of the fleet\n\n**Fix:** Use a Value of at most 50"
    )


# -- configs, and endpoint configs of other files --------------------------------------------

CONTEXT = Path(__file__).parents[1] / "fixtures" / "context"


def _watched(server, *paths, kind=t.FileChangeType.Changed):
    server.lsp.workspace_did_change_watched_files(
        t.DidChangeWatchedFilesParams([t.FileEvent(p.resolve().as_uri(), kind) for p in paths])
    )


def test_endpoint_config_of_another_file_gives_the_fleet_and_its_changes_relint(server, folder):
    config = folder / "prod-config.json"
    config.write_text((CONTEXT / "prod-config.json").read_text(encoding="utf-8"), encoding="utf-8")
    _watched(server, config, kind=t.FileChangeType.Created)  # (the editor saw it appear)
    uri = server.open(f"{folder.name}/update.json", (CONTEXT / "update.json").read_text(encoding="utf-8"))
    published = server.count(uri)
    found = server.diagnostics(uri)
    if [d.code for d in found] != ["SM206", "SM207"]:  # (linted before the file was read)
        found = server.diagnostics(uri, after=published + 1)
    assert [(d.code, d.range) for d in found] == [("SM206", _rng(5, 53, 5, 60)), ("SM207", _rng(7, 6, 7, 32))]
    note = f"fleet of 4 instances: endpoint config `churn-prod-v9`, {config.resolve()}:3"
    assert all(note in d.message.split("\nhelp: ")[0] for d in found)
    related = t.DiagnosticRelatedInformation(
        t.Location(config.resolve().as_uri(), _rng(2, 0, 2, 0)),
        f"endpoint config `churn-prod-v9`, {config.resolve()}:3",
    )
    assert [d.related_information for d in found] == [(related,), (related,)]
    # the config opened and edited: 12 instances, and the request is linted again
    seen = server.count(uri)
    config_uri = server.open(f"{folder.name}/prod-config.json")
    assert server.diagnostics(config_uri, version=1) == []
    server.change(
        config_uri,
        config.read_text(encoding="utf-8").replace('"InitialInstanceCount": 4', '"InitialInstanceCount": 12'),
        2,
    )
    assert server.diagnostics(uri, after=seen) == []


def test_a_broken_config_is_one_diagnostic_at_the_config_file(server, folder):
    config = folder / ".smlint.toml"
    config.write_text('select = ["SM2"]\nfail-on = "sometimes"\n', encoding="utf-8")
    uri = server.open(f"{folder.name}/deploy.yaml", YAML_BAD)
    assert server.diagnostics(uri, version=1) == []
    found = server.diagnostics(config.resolve().as_uri())
    assert len(found) == 1
    assert (found[0].code, found[0].range, found[0].severity, found[0].source) == (
        "config",
        _rng(1, 0, 1, 21),
        t.DiagnosticSeverity.Error,
        "smlint",
    )
    assert "fail-on" in found[0].message
    # fixed on disk: the diagnostic goes, the document is linted under the config
    seen = server.count(config.resolve().as_uri())
    config.write_text('select = ["SM2"]\n', encoding="utf-8")
    _watched(server, config)
    assert server.diagnostics(config.resolve().as_uri(), after=seen) == []
    assert [d.code for d in server.diagnostics(uri, after=1)] == ["SM204"]


POLICY = (Path(__file__).parents[2] / "examples" / "policies" / "ORG001.yaml").read_text(encoding="utf-8")
PROD_UPDATE = '{"EndpointName": "ranker-prod", "EndpointConfigName": "ranker-v2"}\n'


def test_a_policy_edited_relints_the_documents_under_its_config(server, folder):
    (folder / "policies").mkdir()
    (folder / ".smlint.toml").write_text('rules-dirs = ["policies"]\n', encoding="utf-8")
    policy = folder / "policies" / "ORG001.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    uri = server.open(f"{folder.name}/update.json", PROD_UPDATE)
    found = server.diagnostics(uri, version=1)
    assert [(d.code, d.severity) for d in found] == [("ORG001", t.DiagnosticSeverity.Error)]
    # changed on disk (another tool, a checkout): the documents are linted with it
    seen = server.count(uri)
    policy.write_text(POLICY.replace("severity: error", "severity: warning"), encoding="utf-8")
    _watched(server, policy)
    found = server.diagnostics(uri, after=seen)
    assert [(d.code, d.severity) for d in found] == [("ORG001", t.DiagnosticSeverity.Warning)]
    # saved in the editor (no watcher needed): the same
    seen = server.count(uri)
    policy.write_text(POLICY.replace("id: ORG001", "id: ORG009"), encoding="utf-8")
    server.save(policy.resolve().as_uri())
    assert [d.code for d in server.diagnostics(uri, after=seen)] == ["ORG009"]


def test_the_nearest_config_applies(server, folder):
    (folder / ".smlint.toml").write_text('ignore = ["SM204"]\n', encoding="utf-8")
    uri = server.open(f"{folder.name}/deploy.yaml", YAML_BAD)
    assert server.diagnostics(uri, version=1) == []


def test_edits_in_quick_succession_are_linted_once(server, folder):
    uri = server.open(f"{folder.name}/deploy.yaml", YAML_BAD)
    server.diagnostics(uri, version=1)
    for version, value in enumerate((70, 60, 10), start=2):
        server.change(uri, YAML_BAD.replace("Value: 80", f"Value: {value}"), version)
    assert server.diagnostics(uri, version=4) == []
    assert [p.version for p in server.published[uri]] == [1, 4]  # (2 and 3: superseded, never linted)


def test_a_huge_buffer_is_one_finding_as_on_the_command_line(server, folder):
    huge = YAML_BAD + "#" + "x" * (10 * 1024 * 1024) + "\n"
    uri = server.open(f"{folder.name}/deploy.yaml", huge)
    found = server.diagnostics(uri, version=1)
    assert [(d.code, d.range) for d in found] == [("SM001", _rng(0, 0, 0, 1))]
    assert "larger than 10 MiB" in found[0].message or "too large" in found[0].message


# -- the process --------------------------------------------------------------------------


def test_the_server_exits_when_its_standard_input_closes(tmp_path):
    client = Client(tmp_path)
    client.start()
    process = client.lsp._server
    process.stdin.close()
    assert client.run(process.wait(), 20) == 0
    client.stop()


def test_exit_without_shutdown_is_exit_code_1(tmp_path):
    client = Client(tmp_path)
    client.start()
    process = client.lsp._server
    client.lsp.exit(None)
    assert client.run(process.wait(), 20) == 1
    client.stop()


@pytest.mark.slow
def test_the_server_exits_when_its_editor_dies(tmp_path):
    editor = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    client = Client(tmp_path, process_id=editor.pid)
    client.start()
    editor.kill()
    editor.wait()
    assert client.run(client.lsp._server.wait(), 20) == 0
    client.stop()


# -- completion -------------------------------------------------------------------------


def _complete(server, uri, line, character):
    return server.run(
        server.lsp.text_document_completion_async(
            t.CompletionParams(t.TextDocumentIdentifier(uri), t.Position(line, character))
        )
    )


def test_completion_of_an_enums_values_as_it_is_typed(server, folder):
    text = YAML_CASE.replace("Type: Canary", "Type: ")
    uri = server.open(f"{folder.name}/deploy.yaml", text)
    server.diagnostics(uri, version=1)
    found = _complete(server, uri, 5, 12)
    assert [(i.label, i.insert_text, i.detail) for i in found.items] == [
        ("ALL_AT_ONCE", "ALL_AT_ONCE", "TrafficRoutingConfig.Type"),
        ("CANARY", "CANARY", "TrafficRoutingConfig.Type"),
        ("LINEAR", "LINEAR", "TrafficRoutingConfig.Type"),
    ]
    assert _complete(server, uri, 6, 29) is None  # (WaitIntervalInSeconds: a number)


def test_completion_in_a_json_string(server, folder):
    text = JSON_BAD.replace('"Type": "CAPACITY_PERCENT"', '"Type": ""')
    uri = server.open(f"{folder.name}/request.json", text)
    server.diagnostics(uri, version=1)
    column = text.index('"Type": ""') + len('"Type": "')
    column += sum(1 for ch in text[:column] if ord(ch) > 0xFFFF)  # (UTF-16)
    found = _complete(server, uri, 0, column)
    assert [(i.label, i.insert_text, i.detail) for i in found.items] == [
        ("INSTANCE_COUNT", "INSTANCE_COUNT", "CapacitySize.Type"),
        ("CAPACITY_PERCENT", "CAPACITY_PERCENT", "CapacitySize.Type"),
    ]
