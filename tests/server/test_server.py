"""``smlint server`` driven for real: a child process, over standard input and output, by
pygls's own LanguageClient (tests/support/lsp.py). One server for the module's tests that
keep it alive; each test writes its documents in a folder of its own."""

from __future__ import annotations

import json

import pytest
from lsprotocol import types as t
from support.lsp import Client

SM204_HREF = "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TrafficRoutingConfig.html"
SM204_MESSAGE = (
    "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize is 80% of the fleet; a canary "
    "must be at most 50% (SageMaker rejects it): use a Value of at most 50"
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


def _sm204(rng, where: str = "") -> t.Diagnostic:
    return t.Diagnostic(
        range=rng,
        message=where + SM204_MESSAGE,
        severity=t.DiagnosticSeverity.Error,
        code="SM204",
        code_description=t.CodeDescription(SM204_HREF),
        source="smlint",
        data={"index": 0},
    )


def test_initialize_says_what_the_server_does(tmp_path):
    client = Client(tmp_path)
    try:
        result = client.start()
    finally:
        assert client.stop() == 0  # (shutdown, then exit: 0)
    caps = result.capabilities
    assert result.server_info.name == "smlint"
    assert caps.text_document_sync.change == t.TextDocumentSyncKind.Incremental
    assert caps.text_document_sync.open_close is True
    assert caps.text_document_sync.save == t.SaveOptions(include_text=False)
    assert caps.hover_provider is True
    assert set(caps.code_action_provider.code_action_kinds) == {"quickfix", "source.fixAll", "source.fixAll.smlint"}
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
    "deploy.py": (PYTHON_BAD, _rng(3, 50, 3, 57), ("\"Value\": 80", "\"Value\": 20")),
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
    assert server.diagnostics(uri, version=1) == [_sm204(rng, where)]
    fixed = _notebook(20) if name.endswith(".ipynb") else text.replace(old, new)
    assert fixed != text
    server.change(uri, fixed, 2)
    assert server.diagnostics(uri, version=2) == []
