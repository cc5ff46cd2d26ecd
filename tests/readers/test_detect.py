"""Request detection: what smlint lints as an UpdateEndpoint / CreateEndpoint request or a
bare DeploymentConfig, and what it leaves alone (everything else in a repository)."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.linting import lint_text
from support.parsing import load

from smlint.cli import main
from smlint.model import ENDPOINT_CONFIG
from smlint.readers.detect import detect
from smlint.runner import Linter, Options

LOOKALIKES = Path(__file__).parents[1] / "fixtures" / "lookalikes"
LOOKALIKE_FILES = sorted(p for p in LOOKALIKES.rglob("*") if p.is_file())


def fmt_of(path) -> str:
    return "json" if str(path).endswith(".json") else "yaml"


def found(text, fmt="json", path=None, **options):
    options.setdefault("select", ("ALL",))
    return sorted(
        (f.rule, f.line, f.column, f.field) for f in lint_text(text, fmt, path or f"request.{fmt}", **options)
    )


UPDATE = {
    "EndpointName": "churn-prod",
    "EndpointConfigName": "churn-prod-v7",
    "DeploymentConfig": {
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {
                "Type": "CANARY",
                "WaitIntervalInSeconds": 600,
                "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10},
            },
            "TerminationWaitInSeconds": 600,
            "MaximumExecutionTimeoutInSeconds": 3600,
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "churn-prod-5xx"}]},
    },
}


# --------------------------------------------------------------------------- detect()


@pytest.mark.parametrize(
    "value, filename, kind",
    [
        (UPDATE, "request.json", "update-endpoint"),
        ({"EndpointName": "a", "EndpointConfigName": "b"}, "request.json", "update-endpoint"),
        (
            {"EndpointName": "a", "EndpointConfigName": "b", "RetainAllVariantProperties": True},
            "x.json",
            "update-endpoint",
        ),
        (
            {"EndpointName": "a", "EndpointConfigName": "b", "RetainDeploymentConfig": True},
            "x.yaml",
            "update-endpoint",
        ),
        ({"DeploymentConfig": UPDATE["DeploymentConfig"]}, "x.json", "update-endpoint"),
        ({"EndpointName": "a", "EndpointConfigName": "b", "Tags": []}, "request.json", "create-endpoint"),
        ({"EndpointName": "a", "EndpointConfigName": "b"}, "deploy/create-endpoint.json", "create-endpoint"),
        ({"EndpointName": "a", "EndpointConfigName": "b"}, "create_endpoint.prod.yaml", "create-endpoint"),
        ({"EndpointName": "a", "EndpointConfigName": "b"}, "CreateEndpoint.json", "create-endpoint"),
        (UPDATE["DeploymentConfig"], "canary.json", "deployment-config"),
        ({"RollingUpdatePolicy": {}}, "x.yaml", "deployment-config"),
        ({"AutoRollbackConfiguration": {"Alarms": []}}, "x.yaml", "deployment-config"),
        # misspelt members still count as ours (and get "did you mean")
        (
            {"EndpointName": "a", "EndpointConfigName": "b", "DeploymentConfg": {}},
            "x.json",
            "update-endpoint",
        ),
        ({"BlueGreenUpdatePolicy": {}, "autoRollbackConfiguration": {}}, "x.json", "deployment-config"),
    ],
)
def test_detected_kind(value, filename, kind):
    assert detect(value, filename) == kind


@pytest.mark.parametrize(
    "value",
    [
        None,
        [],
        [UPDATE],
        "EndpointConfigName",
        5,
        {},
        {"name": "x", "version": "1.0.0"},
        {"EndpointName": "churn-prod"},  # nothing of ours but a name: not a request
        # another service's DeploymentConfig (ECS-style members)
        {"serviceName": "web", "DeploymentConfig": {"MaximumPercent": 200, "MinimumHealthyPercent": 50}},
        # an UpdateEndpoint buried under someone else's keys
        {"name": "x", "version": "1", "scripts": {}, "DeploymentConfig": {"BlueGreenUpdatePolicy": {}}},
        {"ClusterName": "c", "InstanceGroups": [], "DeploymentConfig": {"RollingUpdatePolicy": {}}},
        {"InferenceComponentName": "ic", "DeploymentConfig": {"RollingUpdatePolicy": {}}},
        {
            "EndpointName": "e",
            "EndpointArn": "arn:…",
            "EndpointConfigName": "c",
            "EndpointStatus": "InService",
        },
        {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"DeploymentConfig": {}}},
    ],
    ids=repr,
)
def test_not_a_request(value):
    assert detect(value, "request.json") is None


def test_an_endpoint_config_is_indexed_not_linted():
    config = {
        "EndpointConfigName": "c",
        "ProductionVariants": [{"VariantName": "v", "InitialInstanceCount": 2}],
    }
    assert detect(config, "request.json") == ENDPOINT_CONFIG
    assert detect(dict(config, EndpointName="e"), "request.json") is None


def test_forced_kind_wins_over_detection():
    describe = {"EndpointName": "e", "EndpointArn": "arn:…", "EndpointConfigName": "c"}
    assert detect(describe, "x.json", forced="update-endpoint") == "update-endpoint"
    assert detect({"Foo": 1}, "x.json", forced="create-endpoint") == "create-endpoint"
    assert detect(UPDATE, "x.json", forced="deployment-config") == "deployment-config"


# --------------------------------------------------------------------------- look-alikes


def test_every_lookalike_fixture_is_present():
    names = {p.name for p in LOOKALIKE_FILES}
    assert {
        "package.json",
        "docker-compose.yml",
        "deploy.yml",
        "openapi.yaml",
        "hyperpod-create-cluster.json",
        "hyperpod-update-cluster.yaml",
        "update-inference-component.json",
        "create-inference-component.yaml",
        "describe-endpoint.json",
        "create-endpoint-config.yaml",
    } <= names  # (linted now: a CloudFormation template, tests/readers/test_cloudformation.py; a
    # workflow whose step runs `aws sagemaker update-endpoint`, tests/readers/test_shell.py)


@pytest.mark.parametrize("path", LOOKALIKE_FILES, ids=lambda p: p.name)
def test_lookalike_has_no_findings_with_every_rule_selected(path):
    text = path.read_text(encoding="utf-8")
    # each one mentions our words, so smlint parses it: detection, not the cheap text test,
    # is what keeps it quiet
    assert "DeploymentConfig" in text or "EndpointConfigName" in text
    parsed = load(text, fmt_of(path))
    assert parsed.error is None and parsed.documents
    # (an endpoint config is read for context, never linted as a request)
    assert {detect(d.value, str(path)) for d in parsed.documents} <= {None, ENDPOINT_CONFIG}
    assert lint_text(text, fmt_of(path), str(path), select=("ALL",), fleet_size=4) == []


def test_lookalike_folder_is_all_clear_through_the_cli():
    result = CliRunner().invoke(main, ["check", "--select", "ALL", "--format", "json", str(LOOKALIKES)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert result.stderr == ""


def test_lookalike_folder_report_counts_files_but_no_requests():
    report = Linter(Options(select=("ALL",))).lint_paths([str(LOOKALIKES)])
    assert report.findings == []
    assert report.files == len(LOOKALIKE_FILES)
    assert report.requests == 0


# --------------------------------------------------------------------------- detected requests are linted


def test_update_request_in_json_and_yaml_is_clean():
    text = json.dumps(UPDATE, indent=2)
    assert found(text) == []
    assert Linter(Options(select=("ALL",))).lint_text("request.json", text, "json")[1] == 1


def test_bare_deployment_config_is_linted_under_its_request_path():
    config = json.loads(json.dumps(UPDATE["DeploymentConfig"]))
    config["BlueGreenUpdatePolicy"]["TrafficRoutingConfiguration"]["Type"] = "Canary"
    text = json.dumps(config, indent=2)
    assert found(text, path="canary.json") == [
        ("SM105", 4, 7, "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.Type")
    ]


def test_bare_deployment_config_yaml():
    text = "RollingUpdatePolicy:\n  MaximumBatchSize: {Type: CAPACITY_PERCENT, Value: 25}\n  WaitIntervalInSeconds: 600\n  MaximumExecutionTimeoutInSeconds: 1200\n"
    # 4 batches of 600 s (an estimate: N is unknown) do not fit 1200 s; nothing can roll it back
    assert found(text, "yaml", "rolling.yaml") == [
        ("SM209", 4, 3, "DeploymentConfig.RollingUpdatePolicy.MaximumExecutionTimeoutInSeconds"),
        ("SM301", 1, 1, "DeploymentConfig"),
    ]


def test_misspelt_member_is_detected_and_named():
    text = '{\n  "EndpointName": "a",\n  "EndpointConfigName": "b",\n  "DeploymentConfg": {}\n}'
    result = lint_text(text, select=("SM1",))
    assert [(f.rule, f.line, f.column, f.field) for f in result] == [("SM102", 4, 3, "DeploymentConfg")]
    assert result[0].help == "did you mean DeploymentConfig?"


def test_create_request_rejects_update_only_fields_when_forced():
    text = '{\n  "EndpointName": "a",\n  "EndpointConfigName": "b",\n  "RetainAllVariantProperties": true\n}'
    result = lint_text(text, select=("SM1",), kind="create-endpoint")
    assert [(f.rule, f.line, f.column, f.field) for f in result] == [
        ("SM102", 4, 3, "RetainAllVariantProperties")
    ]
    assert result[0].message.startswith(
        "RetainAllVariantProperties is an UpdateEndpoint field; CreateEndpoint does not accept it"
    )


def test_file_named_create_endpoint_with_an_update_only_field_is_a_create_request():
    # The catalog's SM102 covers "update-only fields in a CreateEndpoint request". A file
    # named create-endpoint.json is the user saying which call it is for; reading it as an
    # UpdateEndpoint (because of the very field that is wrong) reports nothing at all, and
    # boto3's create_endpoint(**request) then fails with "Unknown parameter".
    text = '{\n  "EndpointName": "a",\n  "EndpointConfigName": "b",\n  "RetainDeploymentConfig": true\n}'
    assert found(text, path="deploy/create-endpoint.json", select=("SM1",)) == [
        ("SM102", 4, 3, "RetainDeploymentConfig")
    ]


def test_request_without_names_is_still_a_request():
    text = '{"DeploymentConfig": {"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 0}}}'
    assert found(text, select=("SM1",)) == [
        ("SM101", 1, 2, "EndpointConfigName"),
        ("SM101", 1, 2, "EndpointName"),
    ]


# --------------------------------------------------------------------------- --kind


def test_kind_forces_a_lookalike_to_be_linted():
    path = LOOKALIKES / "describe-endpoint.json"
    result = found(path.read_text(encoding="utf-8"), path=str(path), select=("SM1",), kind="update-endpoint")
    assert result == [
        ("SM102", 3, 3, "EndpointArn"),
        ("SM102", 5, 3, "ProductionVariants"),
        ("SM102", 8, 3, "EndpointStatus"),
        ("SM102", 9, 3, "CreationTime"),
        ("SM102", 10, 3, "LastModifiedTime"),
        ("SM102", 11, 3, "LastDeploymentConfig"),
    ]


def test_kind_lints_text_without_any_of_our_words():
    assert found('{\n  "Foo": 1\n}', select=("SM1",), kind="update-endpoint") == [
        ("SM101", 2, 3, "EndpointConfigName"),
        ("SM101", 2, 3, "EndpointName"),
        ("SM102", 2, 3, "Foo"),
    ]
    assert found('{\n  "Foo": 1\n}', select=("SM1",)) == []


def test_kind_deployment_config_reads_the_file_as_a_bare_config():
    result = found(json.dumps(UPDATE, indent=2), select=("SM1",), kind="deployment-config")
    assert result == [
        ("SM102", 2, 3, "DeploymentConfig.EndpointName"),
        ("SM102", 3, 3, "DeploymentConfig.EndpointConfigName"),
        ("SM102", 4, 3, "DeploymentConfig.DeploymentConfig"),
    ]


def test_kind_create_endpoint_overrides_update_detection():
    request = dict(UPDATE, RetainAllVariantProperties=True)
    text = json.dumps(request, indent=2)
    assert found(text, select=("SM1",)) == []
    line = text.count("\n", 0, text.index('"RetainAllVariantProperties"')) + 1
    assert found(text, select=("SM1",), kind="create-endpoint") == [
        ("SM102", line, 3, "RetainAllVariantProperties")
    ]


def test_cli_kind_lints_a_file_of_any_extension(tmp_path):
    request = tmp_path / "request.txt"
    request.write_text(
        '{\n  "EndpointName": "churn_prod",\n  "EndpointConfigName": "v7"\n}\n', encoding="utf-8"
    )
    runner = CliRunner()
    plain = runner.invoke(main, ["check", str(request)])
    assert plain.exit_code == 0
    assert (
        f"smlint: skipped {request}: not a file smlint reads (.json, .yaml, .yml, .py, .ipynb" in plain.stderr
    )
    forced = runner.invoke(main, ["check", "--kind", "update-endpoint", "--format", "json", str(request)])
    assert forced.exit_code == 1
    assert [(f["rule"], f["line"], f["column"], f["field"]) for f in json.loads(forced.stdout)] == [
        ("SM106", 2, 3, "EndpointName")
    ]
    yaml_request = tmp_path / "request.conf"
    yaml_request.write_text("EndpointName: churn-prod\nEndpointConfigName: v7\nTags: {}\n", encoding="utf-8")
    forced = runner.invoke(
        main, ["check", "--kind", "create-endpoint", "--format", "json", str(yaml_request)]
    )
    assert [(f["rule"], f["line"], f["field"]) for f in json.loads(forced.stdout)] == [("SM103", 3, "Tags")]


def test_cli_kind_keeps_the_format_of_a_yaml_file(tmp_path):
    # --kind only says what the request is; a .yaml file is YAML whatever its first character
    # (flow style starts with "{"), as it is without --kind.
    request = tmp_path / "request.yaml"
    request.write_text("{EndpointName: churn_prod, EndpointConfigName: churn-prod-v7}\n", encoding="utf-8")
    runner = CliRunner()
    for extra in ([], ["--kind", "update-endpoint"]):
        result = runner.invoke(main, ["check", "--format", "json", *extra, str(request)])
        assert [(f["rule"], f["line"], f["column"], f["field"]) for f in json.loads(result.stdout)] == [
            ("SM106", 1, 2, "EndpointName")
        ], extra
        assert result.exit_code == 1


def test_cli_rejects_an_unknown_kind():
    result = CliRunner().invoke(main, ["check", "--kind", "update_endpoint", "x.json"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_copy_count_marks_a_bare_inference_component_config_but_is_an_error_in_a_request():
    rolling = {"MaximumBatchSize": {"Type": "COPY_COUNT", "Value": 1}, "WaitIntervalInSeconds": 120}
    bare = json.dumps(
        {"RollingUpdatePolicy": rolling, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]}}
    )
    assert lint_text(bare, select=("ALL",)) == []
    request = json.dumps(
        {
            "EndpointName": "a",
            "EndpointConfigName": "b",
            "DeploymentConfig": {
                "RollingUpdatePolicy": rolling,
                "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]},
            },
        }
    )
    assert [(f.rule, f.field) for f in lint_text(request, select=("SM1",))] == [
        ("SM105", "DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize.Type")
    ]


def test_hyperpod_bare_deployment_config_is_left_alone():
    hyperpod = json.dumps(
        {
            "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENTAGE", "Value": 25}},
            "WaitIntervalInSeconds": 300,
            "AutoRollbackConfiguration": [{"AlarmName": "cluster-health"}],
        }
    )
    assert lint_text(hyperpod, select=("ALL",)) == []


def test_a_request_with_tags_is_a_create_request_whatever_the_file_is_called(tmp_path):
    """Renaming examples/create-endpoint.json must not turn its author's tags into the mistake."""
    from click.testing import CliRunner

    from smlint.cli import main

    text = (Path(__file__).resolve().parents[2] / "examples" / "create-endpoint.json").read_text(
        encoding="utf-8"
    )
    for name in ("create-endpoint.json", "endpoint.json", "deploy-prod.json"):
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = CliRunner().invoke(
            main, ["check", "--isolated", "--no-cache", "--format", "json", str(tmp_path / name)]
        )
        assert [(f["rule"], f["line"], f["column"], f["field"]) for f in json.loads(result.output)] == [
            ("SM102", 10, 3, "RetainAllVariantProperties")
        ], name
    assert (
        detect(
            {"EndpointName": "a", "EndpointConfigName": "b", "RetainDeploymentConfig": True, "Tags": []},
            "x.json",
        )
        == "create-endpoint"
    )
    assert (
        detect({"EndpointName": "a", "EndpointConfigName": "b", "RetainDeploymentConfig": True}, "x.json")
        == "update-endpoint"
    )
