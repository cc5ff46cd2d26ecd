"""Regression tests: one test (or a small group) per behaviour that was fixed.

Each case states the input that used to go wrong and the exact behaviour now expected:
rule ids, positions where they matter, the words of a message that carry the fix, exit codes.
Where cheap, a control shows that the same input, slightly changed, does produce findings,
so that a test cannot pass merely because nothing was linted.
"""

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from support.linting import lint_text

import smlint.runner
from smlint.cli import main
from smlint.sources import MAX_FILE_BYTES

ALL = ("ALL",)


def rules_of(findings):
    return [f.rule for f in findings]


def invoke(*args):
    """CliRunner result of ``smlint <args>``; an exception other than SystemExit fails."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def check_json(*args):
    """(exit code, findings as dicts, stderr) of ``smlint check --format json <args>``."""
    result = invoke("check", "--format", "json", *args)
    assert "Traceback" not in result.stderr, result.stderr
    findings = json.loads(result.stdout) if result.stdout.strip() else []
    return result.exit_code, findings, result.stderr


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch):
    # SMLINT_DEBUG turns the caught internal errors back into tracebacks.
    monkeypatch.delenv("SMLINT_DEBUG", raising=False)


# --------------------------------------------------------------------------- 1. files over 10 MiB


@pytest.mark.slow
def test_large_file_without_marker_keys_is_silent(tmp_path):
    path = tmp_path / "tokenizer.json"
    # the marker words appear, but never as keys; the file is also truncated JSON, so
    # parsing it would be an SM001 of its own
    head = '{"notes": "no DeploymentConfig or EndpointConfigName here", "data": "'
    path.write_text(head + "x" * (MAX_FILE_BYTES + 1024), encoding="utf-8")
    assert path.stat().st_size > 10 * 1024 * 1024
    code, findings, stderr = check_json(path)
    assert findings == []
    assert code == 0
    assert "internal error" not in stderr


def test_large_file_with_marker_key_is_one_sm001_about_the_size(tmp_path):
    path = tmp_path / "request.json"
    head = '{"EndpointName": "a_b", "DeploymentConfig": {"Junk": "'
    path.write_text(head + "x" * (MAX_FILE_BYTES + 1024) + '"}}', encoding="utf-8")
    assert path.stat().st_size > 10 * 1024 * 1024
    code, findings, _ = check_json(path)
    assert [f["rule"] for f in findings] == ["SM001"]
    message = findings[0]["message"]
    assert "larger than" in message and str(MAX_FILE_BYTES) in message
    assert (findings[0]["line"], findings[0]["column"]) == (1, 1)
    assert code == 1


# --------------------------------------------------------------------------- 2-4. look-alikes stay silent

HYPERPOD = (
    '{"RollingUpdatePolicy":{"MaximumBatchSize":{"Type":"CAPACITY_PERCENTAGE","Value":25}},'
    '"AutoRollbackConfiguration":[{"AlarmName":"hp"}]}'
)
HYPERPOD_WAIT = HYPERPOD[:-1] + ',"WaitIntervalInSeconds":300}'
# (the top-level wait alone, without the alarm list or CAPACITY_PERCENTAGE, says HyperPod)
HYPERPOD_WAIT_ONLY = '{"RollingUpdatePolicy":{"MaximumBatchSize":{"Type":"INSTANCE_COUNT","Value":1}},"WaitIntervalInSeconds":300}'

INFERENCE_COMPONENT_ROLLBACK = (
    '{"RollingUpdatePolicy":{"MaximumBatchSize":{"Type":"CAPACITY_PERCENT","Value":10},'
    '"WaitIntervalInSeconds":120,"RollbackMaximumBatchSize":{"Type":"COPY_COUNT","Value":1}}}'
)
INFERENCE_COMPONENT_BATCH = (
    '{"RollingUpdatePolicy":{"MaximumBatchSize":{"Type":"COPY_COUNT","Value":1},"WaitIntervalInSeconds":120}}'
)

SETTINGS_MODEL = (
    '{"EndpointName":"churn-prod","EndpointConfigName":"churn-prod-v9","ModelName":"m",'
    '"InstanceType":"ml.m5.xlarge"}'
)
SETTINGS_REGION = '{"EndpointName":"a","EndpointConfigName":"b","Region":"us-east-1","Profile":"prod"}'

STEP_FUNCTIONS = (
    '{"EndpointName.$":"$.ep","EndpointConfigName.$":"$.cfg","DeploymentConfig":{"BlueGreenUpdatePolicy":{}}}'
)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(HYPERPOD, id="hyperpod"),
        pytest.param(HYPERPOD_WAIT, id="hyperpod-wait"),
        pytest.param(HYPERPOD_WAIT_ONLY, id="hyperpod-wait-only"),
        pytest.param(INFERENCE_COMPONENT_ROLLBACK, id="ic-rollback-copy-count"),
        pytest.param(INFERENCE_COMPONENT_BATCH, id="ic-batch-copy-count"),
        pytest.param(SETTINGS_MODEL, id="settings-model"),
        pytest.param(SETTINGS_REGION, id="settings-region"),
        pytest.param(STEP_FUNCTIONS, id="step-functions"),
    ],
)
def test_look_alikes_are_silent(text):
    assert lint_text(text, select=ALL) == []
    assert lint_text(text, path="deployment-config.json", select=ALL) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(HYPERPOD, id="hyperpod"),
        pytest.param(HYPERPOD_WAIT_ONLY, id="hyperpod-wait-only"),
        pytest.param(INFERENCE_COMPONENT_ROLLBACK, id="ic"),
        pytest.param(SETTINGS_MODEL, id="settings"),
        pytest.param(STEP_FUNCTIONS, id="step-functions"),
    ],
)
def test_look_alikes_do_have_findings_when_forced(text):
    # control: the silence above is detection's doing, not an input without mistakes
    kind = "update-endpoint" if "EndpointName" in text else "deployment-config"
    assert lint_text(text, select=ALL, kind=kind) != []


def test_look_alikes_are_silent_on_the_command_line(tmp_path):
    for name, text in [
        ("hyperpod.json", HYPERPOD_WAIT),
        ("ic.json", INFERENCE_COMPONENT_ROLLBACK),
        ("settings.json", SETTINGS_MODEL),
        ("deploy.json", SETTINGS_REGION),
        ("sfn.json", STEP_FUNCTIONS),
    ]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, findings, _ = check_json("--select", "ALL", tmp_path)
    assert findings == []
    assert code == 0


# --------------------------------------------------------------------------- 5. marker words outside keys

TSCONFIG = """{
  // DeploymentConfig types
  "compilerOptions": {
    "strict": true,
    "types": ["node"],
  },
}
"""
VSCODE_SETTINGS = '{"cSpell.words": ["DeploymentConfig"], // comment\n}\n'
HELM_TEMPLATE = """{{- if .Values.sagemaker.enabled }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-deploy
data:
  deployment.json: |
    {{ .Values.sagemaker.DeploymentConfig }}
{{- end }}
"""
MARKER_OUTSIDE_KEYS = [
    pytest.param(TSCONFIG, "json", "tsconfig.json", id="tsconfig"),
    pytest.param(VSCODE_SETTINGS, "json", ".vscode/settings.json", id="vscode-settings"),
    pytest.param(HELM_TEMPLATE, "yaml", "templates/configmap.yaml", id="helm"),
]


@pytest.mark.parametrize("text, fmt, path", MARKER_OUTSIDE_KEYS)
def test_marker_word_outside_a_key_is_not_parsed(text, fmt, path):
    assert lint_text(text, fmt, path, select=ALL) == []
    # control: parsed, each of them would be an SM001
    assert rules_of(lint_text(text, fmt, path, kind="update-endpoint")) == ["SM001"]


def test_marker_word_outside_a_key_on_the_command_line(tmp_path):
    (tmp_path / "tsconfig.json").write_text(TSCONFIG, encoding="utf-8")
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text(VSCODE_SETTINGS, encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "configmap.yaml").write_text(HELM_TEMPLATE, encoding="utf-8")
    code, findings, _ = check_json("--select", "ALL", tmp_path)
    assert findings == []
    assert code == 0


# --------------------------------------------------------------------------- 7-8. misspellings do not hide a request

FORGOTTEN_WRAPPER = """{
  "EndpointName": "churn-prod",
  "EndpointConfigName": "churn-prod-v8",
  "DeploymentConfig": {
    "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 300},
    "TerminationWaitInSeconds": 120
  }
}
"""


def test_forgotten_policy_wrapper_is_linted():
    findings = lint_text(FORGOTTEN_WRAPPER)
    by_field = {f.field: f for f in findings if f.rule == "SM102"}
    routing = by_field["DeploymentConfig.TrafficRoutingConfiguration"]
    assert (routing.line, routing.column) == (5, 5)
    assert routing.help == "TrafficRoutingConfiguration belongs under BlueGreenUpdatePolicy: move it there"
    termination = by_field["DeploymentConfig.TerminationWaitInSeconds"]
    assert (termination.line, termination.column) == (6, 5)
    assert termination.help == "TerminationWaitInSeconds belongs under BlueGreenUpdatePolicy: move it there"
    assert sorted(rules_of(findings)) == ["SM102", "SM102"]


MISSPELT_CONFIG_NAME = """{
  "EndpointName": "churn-prod",
  "EndpointConfigname": "churn-prod-v8"
}
"""


def test_misspelt_endpoint_config_name_is_linted():
    findings = lint_text(MISSPELT_CONFIG_NAME, select=ALL)
    assert [(f.rule, f.field, f.line, f.column) for f in findings] == [("SM102", "EndpointConfigname", 3, 3)]
    assert findings[0].help == "did you mean EndpointConfigName?"
    assert not any(f.rule == "SM101" for f in findings)


# --------------------------------------------------------------------------- 9. UpdateEndpoint vs CreateEndpoint

RETAIN_WITH_TAGS = """{
  "EndpointName": "churn-prod",
  "EndpointConfigName": "churn-prod-v8",
  "RetainAllVariantProperties": true,
  "ExcludeRetainedVariantProperties": [{"VariantPropertyType": "DesiredInstanceCount"}],
  "Tags": [{"Key": "team", "Value": "ml"}]
}
"""


@pytest.mark.parametrize("path", ["deploy/create-endpoint.json", "request.json"])
def test_a_request_with_tags_and_retain_fields_is_a_create_whatever_its_name(path):
    # (issue 11: Tags exist only in CreateEndpoint, so they say which call the request is
    # for; renaming the file must not turn its author's tags into the mistake)
    findings = lint_text(RETAIN_WITH_TAGS, path=path, select=ALL)
    assert [(f.rule, f.field, f.line) for f in findings] == [
        ("SM102", "RetainAllVariantProperties", 4),
        ("SM102", "ExcludeRetainedVariantProperties", 5),
    ]
    for finding in findings:
        assert f"{finding.field} is an UpdateEndpoint field" in finding.message
    assert not any(f.field == "Tags" for f in findings)


# --------------------------------------------------------------------------- 10. JSON syntax messages


@pytest.mark.parametrize(
    "text, words, position",
    [
        pytest.param(
            '{\n  "EndpointName": "churn-prod", // prod\n  "EndpointConfigName": "churn-prod-v8"\n}\n',
            "JSON has no comments",
            (2, 33),
            id="comment",
        ),
        pytest.param(
            '"BlueGreenUpdatePolicy": {\n'
            '  "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 300}\n'
            "}\n",
            "without the enclosing { }",
            (1, 24),
            id="no-braces",
        ),
        pytest.param(
            '{\n  "EndpointName": "churn-prod",\n  "EndpointConfigName": "churn-prod-v8",\n}\n',
            "trailing comma",
            (3, 40),
            id="trailing-comma",
        ),
        pytest.param(
            '{\n  "EndpointName": "churn-prod",\n  "EndpointConfigName": "churn-prod-v8",\n'
            '  "DeploymentConfig": {\n    "BlueGreenUpdatePolicy": {\n',
            "ends too early",
            (5, 31),
            id="truncated",
        ),
    ],
)
def test_json_syntax_messages(text, words, position):
    findings = lint_text(text, select=ALL)
    assert rules_of(findings) == ["SM001"]
    assert words in findings[0].message
    assert (findings[0].line, findings[0].column) == position


# --------------------------------------------------------------------------- 11. template placeholders

TEMPLATED = """{
  "EndpointName": "${ENDPOINT_NAME}",
  "EndpointConfigName": "churn-prod-v8",
  "DeploymentConfig": {
    "BlueGreenUpdatePolicy": {
      "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": "$WAIT"},
      "MaximumExecutionTimeoutInSeconds": 3600
    }
  }
}
"""


def test_template_placeholders_are_unresolved_not_wrong():
    assert lint_text(TEMPLATED) == []  # no SM106 for the name, no SM103 for the wait
    findings = lint_text(TEMPLATED, select=ALL)
    assert not any(f.rule in ("SM103", "SM106") for f in findings)
    unresolved = {f.field: f for f in findings if f.rule == "SM003"}
    name = unresolved["EndpointName"]
    assert "template placeholder" in name.message and "${ENDPOINT_NAME}" in name.message
    assert (name.line, name.column) == (2, 3)
    wait = unresolved[
        "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.WaitIntervalInSeconds"
    ]
    assert "template placeholder" in wait.message
    assert sorted(rules_of(findings)) == ["SM003", "SM003"]


def test_a_literal_bad_name_and_quoted_wait_are_still_reported():
    # control: without the placeholders the same request has SM106 and SM103
    text = TEMPLATED.replace("${ENDPOINT_NAME}", "churn_prod").replace('"$WAIT"', '"300"')
    assert sorted(rules_of(lint_text(text))) == ["SM103", "SM106"]


# --------------------------------------------------------------------------- 12. output encoding

ENCODING_REQUEST = """{
  "EndpointName": "churn-prod",
  "EndpointConfigName": "churn-prod-v8",
  "RetainAllVariantProperties": true,
  "DeploymentConfig": {
    "BlueGreenUpdatePolicy": {
      "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 300},
      "MaximumExecutionTimeoutInSeconds": 3600
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "churn-prod-5xx"}]}
  },
  "Extra\u56e2\u961f": 1,
  "\\ud800": 2
}
"""

NEWLINE_KEY_REQUEST = """{
  "EndpointName": "churn-prod",
  "EndpointConfigName": "churn-prod-v8",
  "x\\nfake:1:1: SM999": 1
}
"""


def test_cp1252_console_gets_escaped_output_not_a_traceback(tmp_path):
    path = tmp_path / "request.json"
    path.write_text(ENCODING_REQUEST, encoding="utf-8")
    assert "\\ud800" in path.read_text(encoding="utf-8")  # a JSON escape in the file text
    env = {k: v for k, v in os.environ.items() if k not in ("SMLINT_DEBUG", "PYTHONUTF8")}
    env["PYTHONIOENCODING"] = "cp1252"
    proc = subprocess.run(
        [sys.executable, "-m", "smlint", "check", str(path)],
        capture_output=True,
        env=env,
        timeout=60,
    )
    stdout = proc.stdout.decode("cp1252", "replace")
    stderr = proc.stderr.decode("cp1252", "replace")
    assert "Traceback" not in stderr, stderr
    assert proc.returncode == 1, (stdout, stderr)
    sm102 = [line for line in stdout.splitlines() if " SM102 " in line]
    assert len(sm102) == 2, stdout
    assert any("Extra" in line for line in sm102)
    assert any("ud800" in line for line in sm102)


def test_key_with_a_newline_cannot_forge_an_output_line(tmp_path):
    path = tmp_path / "request.json"
    path.write_text(NEWLINE_KEY_REQUEST, encoding="utf-8")
    result = invoke("check", path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert not any(line.startswith("fake:") for line in lines), result.stdout
    (sm102,) = [line for line in lines if " SM102 " in line]
    assert ":4:3: SM102 [error]" in sm102
    assert "x\\nfake:1:1: SM999" in sm102  # the key shown escaped, on the finding's own line


# --------------------------------------------------------------------------- 13. symbolic links


def test_symlink_inside_a_linted_folder_is_not_linted(tmp_path):
    folder = tmp_path / "deploy"
    folder.mkdir()
    (folder / "real.json").write_text(MISSPELT_CONFIG_NAME, encoding="utf-8")
    if not hasattr(os, "symlink"):
        pytest.skip("no os.symlink on this platform")
    try:
        os.symlink("real.json", folder / "link.json")
    except (OSError, NotImplementedError) as exc:
        pytest.skip(f"cannot create a symbolic link here: {exc}")
    code, findings, _ = check_json(folder)
    assert [(os.path.basename(f["path"]), f["rule"], f["line"]) for f in findings] == [
        ("real.json", "SM102", 3)
    ]
    assert code == 1
    result = invoke("check", folder)
    assert "in 1 file checked" in result.stdout


# --------------------------------------------------------------------------- 14. duplicate keys and floats

DUPLICATE_AND_FLOAT = """{
  "EndpointName": "churn-prod",
  "EndpointName": "churn-prod",
  "EndpointConfigName": "churn-prod-v8",
  "DeploymentConfig": {
    "BlueGreenUpdatePolicy": {
      "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 60.0},
      "MaximumExecutionTimeoutInSeconds": 3600
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "churn-prod-5xx"}]}
  }
}
"""


def test_duplicate_key_does_not_hide_a_float():
    findings = lint_text(DUPLICATE_AND_FLOAT)
    assert [(f.rule, f.line) for f in findings] == [("SM002", 3), ("SM103", 7)]
    (wrong_type,) = [f for f in findings if f.rule == "SM103"]
    assert (
        wrong_type.field
        == "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.WaitIntervalInSeconds"
    )
    assert "float 60.0" in wrong_type.message


# --------------------------------------------------------------------------- 15. a huge list


@pytest.mark.slow
def test_huge_list_does_not_stop_the_other_checks(tmp_path):
    junk = json.dumps(list(range(120_000)))
    text = (
        "{\n"
        '  "EndpointName": "a_b",\n'
        '  "EndpointConfigName": "churn-prod-v8",\n'
        '  "DeploymentConfig": {\n'
        '    "BlueGreenUpdatePolicy": {\n'
        '      "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 300},\n'
        '      "MaximumExecutionTimeoutInSeconds": 3600\n'
        "    },\n"
        '    "Junk": ' + junk + ",\n"
        '    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "churn-prod-5xx"}]}\n'
        "  }\n"
        "}\n"
    )
    path = tmp_path / "request.json"
    path.write_text(text, encoding="utf-8")
    code, findings, stderr = check_json(path)
    assert "internal error" not in stderr, stderr
    assert code == 1
    # positions too: a source map given up on would put both at 1:1
    assert [(f["rule"], f["field"], f["line"], f["column"]) for f in findings] == [
        ("SM106", "EndpointName", 2, 3),
        ("SM102", "DeploymentConfig.Junk", 9, 5),
    ]


# --------------------------------------------------------------------------- 16. YAML limits


def test_yaml_huge_hex_integer_is_one_sm001(tmp_path):
    text = (
        "EndpointName: churn-prod\nEndpointConfigName: churn-prod-v8\nDeploymentConfig:\n"
        "  BlueGreenUpdatePolicy:\n    TrafficRoutingConfiguration:\n      Type: ALL_AT_ONCE\n"
        "      WaitIntervalInSeconds: 0x" + "f" * 4000 + "\n"
    )
    findings = lint_text(text, "yaml", "request.yaml", select=ALL)
    assert rules_of(findings) == ["SM001"]
    assert findings[0].line == 7
    path = tmp_path / "request.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("check", path)
    assert result.exit_code == 1
    assert result.stdout.count(" SM001 ") == 1
    assert "internal error" not in result.stderr


def _nest(depth, inner=""):
    return "[" * depth + inner + "]" * depth


def test_yaml_nesting_through_chained_aliases_is_sm001():
    # each anchor's text nests 80 levels, far below the limit; through the aliases the
    # composed document nests 3 x 80 = 240 > 200
    text = (
        "\n".join(
            [
                "EndpointName: churn-prod",
                "EndpointConfigName: churn-prod-v8",
                "DeploymentConfig:",
                "  X:",
                "    a: &a " + _nest(80),
                "    b: &b " + _nest(80, "*a"),
                "    c: &c " + _nest(80, "*b"),
            ]
        )
        + "\n"
    )
    findings = lint_text(text, "yaml", "request.yaml", select=ALL)
    assert rules_of(findings) == ["SM001"]
    assert "nesting" in findings[0].message
    # control: one alias less stays within the limit and is linted as a request
    shallow = text.rsplit("\n    c:", 1)[0] + "\n"
    assert "SM001" not in rules_of(lint_text(shallow, "yaml", "request.yaml", select=ALL))


# --------------------------------------------------------------------------- 17. nested YAML merge keys

MERGED_CANARY = """EndpointName: churn-prod
EndpointConfigName: churn-prod-v8
DeploymentConfig:
  BlueGreenUpdatePolicy:
    TrafficRoutingConfiguration:
      Type: CANARY
      WaitIntervalInSeconds: 300
      CanarySize:
        <<: &mid
          <<: &base {Type: CAPACITY_PERCENT}
          Value: 10
    TerminationWaitInSeconds: 120
    MaximumExecutionTimeoutInSeconds: 3600
  AutoRollbackConfiguration:
    Alarms:
      - AlarmName: churn-prod-5xx
"""

# mid and base defined on their first use (the rolling batch), merged again by alias
MERGED_ROLLING = """EndpointName: churn-prod
EndpointConfigName: churn-prod-v8
DeploymentConfig:
  RollingUpdatePolicy:
    MaximumBatchSize: &mid
      <<: &base {Type: CAPACITY_PERCENT}
      Value: 10
    RollbackMaximumBatchSize: {<<: *mid}
    WaitIntervalInSeconds: 300
    MaximumExecutionTimeoutInSeconds: 3600
  AutoRollbackConfiguration:
    Alarms:
      - AlarmName: churn-prod-5xx
"""


@pytest.mark.parametrize("text", [MERGED_CANARY, MERGED_ROLLING], ids=["canary", "rolling-alias"])
def test_nested_merge_keys(text):
    findings = lint_text(text, "yaml", "request.yaml", select=ALL)
    assert not any(f.rule == "SM102" and "<<" in f.message for f in findings), findings
    assert not any(f.rule == "SM101" for f in findings), findings
    assert findings == []


def test_nested_merge_keys_values_reach_the_rules():
    # control: the merged Value is the one judged
    text = MERGED_CANARY.replace("Value: 10", "Value: 80")
    findings = lint_text(text, "yaml", "request.yaml")
    assert [(f.rule, f.line) for f in findings] == [("SM204", 11)]  # the merged Value
    assert "80% of the fleet" in findings[0].message


# --------------------------------------------------------------------------- 18. no cascades

LINEAR_MISSPELT_CANARY = """{
  "EndpointName": "churn-prod",
  "EndpointConfigName": "churn-prod-v8",
  "DeploymentConfig": {
    "BlueGreenUpdatePolicy": {
      "TrafficRoutingConfiguration": {
        "Type": "LINEAR",
        "WaitIntervalInSeconds": 300,
        "canarySize": {"Type": "CAPACITY_PERCENT", "Value": 10},
        "LinearStepSize": {"Type": "CAPACITY_PERCENT", "Value": 20}
      },
      "TerminationWaitInSeconds": 120,
      "MaximumExecutionTimeoutInSeconds": 3600
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "churn-prod-5xx"}]}
  }
}
"""

EXCLUDE_ONLY = """{
  "EndpointName": "churn-prod",
  "EndpointConfigName": "churn-prod-v8",
  "ExcludeRetainedVariantProperties": [{"VariantPropertyType": "DesiredInstanceCount"}]
}
"""


def test_misspelt_canary_size_is_sm102_only():
    findings = lint_text(LINEAR_MISSPELT_CANARY, select=ALL)
    assert [(f.rule, f.line, f.column) for f in findings] == [("SM102", 9, 9)]
    assert findings[0].field.endswith("TrafficRoutingConfiguration.canarySize")
    assert findings[0].help == "did you mean CanarySize?"
    # control: spelt right, the same member is an SM203
    right = LINEAR_MISSPELT_CANARY.replace("canarySize", "CanarySize")
    assert rules_of(lint_text(right, select=ALL)) == ["SM203"]


def test_exclusions_in_a_forced_create_endpoint_are_sm102_only():
    findings = lint_text(EXCLUDE_ONLY, select=ALL, kind="create-endpoint")
    assert [(f.rule, f.field, f.line) for f in findings] == [("SM102", "ExcludeRetainedVariantProperties", 4)]
    assert "is an UpdateEndpoint field" in findings[0].message
    # control: as an update request, the same text is an SM401
    assert rules_of(lint_text(EXCLUDE_ONLY, select=ALL)) == ["SM401"]


# --------------------------------------------------------------------------- 19-20. options

from test_cli import COUNT_CANARY  # noqa: E402 (the same request the CLI tests use)


def test_instance_count_range(tmp_path):
    path = tmp_path / "request.json"
    path.write_text(COUNT_CANARY, encoding="utf-8")
    too_many = invoke("check", "--instance-count", "10000000", path)
    assert too_many.exit_code == 2
    assert "--instance-count" in too_many.output and "range" in too_many.output
    most = invoke("check", "--instance-count", "1000000", path)
    assert most.exit_code == 0, most.output
    assert "All clear" in most.stdout
    # control: the option is used (3 of 5 instances is a 60% canary)
    small = invoke("check", "--format", "json", "--instance-count", "5", path)
    assert small.exit_code == 1
    assert [f["rule"] for f in json.loads(small.stdout)] == ["SM204"]


NO_POLICY_BAD_NAME = (
    '{"EndpointName": "a_b", "EndpointConfigName": "churn-prod-v8",'
    ' "DeploymentConfig": {"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "x"}]}}}'
)


def test_glob_selector(tmp_path):
    (tmp_path / "linear.json").write_text(
        LINEAR_MISSPELT_CANARY.replace("canarySize", "CanarySize"), encoding="utf-8"
    )
    (tmp_path / "nopolicy.json").write_text(NO_POLICY_BAD_NAME, encoding="utf-8")
    code, findings, stderr = check_json("--select", "SM2*", tmp_path)
    assert "no rule matches" not in stderr
    assert sorted((os.path.basename(f["path"]), f["rule"]) for f in findings) == [
        ("linear.json", "SM203"),
        ("nopolicy.json", "SM210"),  # an info rule, off by default: selected by the glob
    ]
    assert code == 0  # a warning and an info: nothing at --fail-on error
    # control: without the selector the SM106 of nopolicy.json is there, SM210 is not
    _, default, _ = check_json(tmp_path / "nopolicy.json")
    assert [f["rule"] for f in default] == ["SM106"]


# --------------------------------------------------------------------------- 21. internal failure on one file

GOOD_BAD = '{\n  "EndpointName": "churn_prod",\n  "EndpointConfigName": "churn-prod-v7"\n}\n'


def test_internal_failure_on_one_file_keeps_the_others(tmp_path, monkeypatch):
    real = smlint.runner.Linter._lint_text

    def lint_text(self, path, text, fmt, index, context):
        if str(path).endswith("boom.json"):
            raise RuntimeError("kaboom")
        return real(self, path, text, fmt, index, context)

    monkeypatch.setattr(smlint.runner.Linter, "_lint_text", lint_text)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good-bad.json").write_text(GOOD_BAD, encoding="utf-8")
    (tmp_path / "boom.json").write_text(GOOD_BAD, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "good-bad.json", "boom.json"])
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2
    # click 8.2+: stdout and stderr apart, and both in result.output
    assert "good-bad.json:2:3: SM106 [error]" in result.stdout
    assert "boom.json" not in result.stdout
    assert "internal error on boom.json" in result.stderr
    assert "RuntimeError: kaboom" in result.stderr
    assert "good-bad.json:2:3: SM106" in result.output
    assert "internal error on boom.json" in result.output
    assert "Traceback" not in result.output
