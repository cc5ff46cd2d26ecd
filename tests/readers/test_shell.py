"""AWS CLI commands in shell scripts, Makefiles and CI steps: the request each command sends."""

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from smlint.cli import main
from smlint.model import Unresolved
from smlint.readers import makefile
from smlint.readers.shell import find_requests
from smlint.runner import Linter, Options

SHELL = Path(__file__).parents[1] / "fixtures" / "shell"
CI = Path(__file__).parents[1] / "fixtures" / "ci"
POLICY = '{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY"}}}'


def run(*args):
    return CliRunner().invoke(main, list(args))


def found(path, *options):
    result = run("check", "--no-cache", "--format", "json", "--select", "ALL", *options, str(path))
    return [
        (Path(f["path"]).name, f["rule"], f["line"], f["column"], f["field"])
        for f in json.loads(result.stdout)
    ]


def request(text, path="deploy.sh"):
    (doc, _), *_ = find_requests(text, path).documents
    return doc


def lint(text, path="deploy.sh", fmt="shell", **options):
    linter = Linter(Options(**options))
    findings, requests = linter.lint_text(path, text, fmt)
    return sorted(linter.suppress(path, text, findings)[0], key=lambda f: f.sort_key())


TYPE = ("DeploymentConfig", "BlueGreenUpdatePolicy", "TrafficRoutingConfiguration", "Type")


@pytest.mark.parametrize(
    "argument, marker",
    [
        (f"'{POLICY}'", '"Type"'),  # '…'
        ('"' + POLICY.replace('"', '\\"') + '"', '\\"Type'),  # "…" with escapes: at the backslash
        ("$'" + POLICY.replace("CANARY", "CAN\\x41RY") + "'", '"Type"'),  # $'…'
        ("--deployment-config=" + f"'{POLICY}'", '"Type"'),
        ("--deployment=" + f"'{POLICY}'", '"Type"'),  # an abbreviation, as argparse takes it
    ],
)
def test_quoting(argument, marker):
    option = "" if argument.startswith("--") else "--deployment-config "
    text = (
        f"aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c \\\n  {option}{argument}\n"
    )
    doc = request(text)
    assert doc.payload["DeploymentConfig"] == json.loads(POLICY)
    where = doc.source_map.resolve(TYPE)
    assert (where.line, where.column) == (2, text.splitlines()[1].index(marker) + 1)
    assert doc.source_map.resolve(("DeploymentConfig",)).column == 3


def test_a_heredoc_in_a_command_substitution():
    text = (
        "aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config \"$(cat <<'EOF'\n"
        + POLICY
        + '\nEOF\n)"\n'
    )
    doc = request(text)
    assert doc.payload["DeploymentConfig"] == json.loads(POLICY)
    where = doc.source_map.resolve(TYPE)
    assert (where.line, where.column) == (2, 60)


def test_expansions_are_unresolved_with_their_reason():
    doc = request(
        'aws sagemaker update-endpoint --endpoint-name "$EP" --endpoint-config-name "c-$(date +%s)" --deployment-config "$CFG"\n'
    )
    assert {k: v.reason for k, v in doc.payload.items() if isinstance(v, Unresolved)} == {
        "EndpointName": "--endpoint-name: the shell expands `$EP` when the command runs",
        "EndpointConfigName": "--endpoint-config-name: the shell expands `$(date +%s)` when the command runs",
        "DeploymentConfig": "--deployment-config: the shell expands `$CFG` when the command runs",
    }


def test_boolean_flags_map_to_the_api_booleans_and_the_last_one_wins():
    doc = request(
        "aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c "
        "--retain-all-variant-properties --no-retain-deployment-config --no-retain-all-variant-properties\n"
    )
    assert doc.payload == {
        "EndpointName": "e",
        "EndpointConfigName": "c",
        "RetainAllVariantProperties": False,
        "RetainDeploymentConfig": False,
    }
    (dup,) = doc.duplicates
    assert (dup.path, dup.first.column, dup.second.column) == (("RetainAllVariantProperties",), 74, 136)
    findings = lint(
        "aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c \\\n"
        "  --endpoint-config-name c2\n"
    )
    assert [(f.rule, f.line, f.column, f.message, f.help) for f in findings] == [
        (
            "SM002",
            2,
            3,
            "key EndpointConfigName appears twice in the request (first at line 1); the command gives it "
            "twice (--endpoint-config-name last), and the AWS CLI keeps the last one (argparse), silently",
            "remove one of them",
        ),
    ]


def test_create_endpoint_global_options_and_commands_inside_shell_constructs():
    text = (
        "deploy() {\n"
        '  if [ -n "$1" ]; then\n'
        "    aws --region eu-west-1 sagemaker --no-cli-pager create-endpoint --endpoint-name e --endpoint-config-name c "
        "--tags Key=team,Value=ml\n"
        "  fi\n"
        "}\n"
        "aws sagemaker describe-endpoint --endpoint-name e | jq .\n"
        "aws sagemaker update-endpoint --generate-cli-skeleton\n"
    )
    ((doc, _),) = find_requests(text, "x.sh").documents
    assert doc.kind == "create-endpoint"
    assert doc.payload["EndpointName"] == "e"
    assert isinstance(doc.payload["Tags"], Unresolved)  # shorthand: not read


@pytest.mark.parametrize(
    "argument, message, column",
    [
        (
            "'\"BlueGreenUpdatePolicy\": {}'",
            "--deployment-config: JSON members without the outer { }: the AWS CLI "
            "reads a value that does not start with { as its shorthand syntax and rejects this one; wrap the members in "
            "braces",
            24,
        ),
        (
            '\'{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {}}\'',
            "--deployment-config: invalid JSON: "
            "the JSON ends too early: a closing } is missing (3 { opened, 2 closed)",
            85,
        ),
        (
            "'{\"RollingUpdatePolicy\": {,}}'",
            "--deployment-config: invalid JSON: keys need double quotes",
            49,
        ),
    ],
)
def test_invalid_json_in_an_argument_is_sm001_at_its_place(argument, message, column):
    findings = lint(
        f"aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c \\\n  --deployment-config {argument}\n"
    )
    assert [(f.rule, f.line, f.column, f.message) for f in findings] == [("SM001", 2, column, message)]


def test_shorthand_is_unresolved_never_an_error():
    findings = lint(
        "aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c "
        "--deployment-config BlueGreenUpdatePolicy={TrafficRoutingConfiguration={Type=CANARY}} "
        "--exclude-retained-variant-properties VariantPropertyType=DesiredWeight VariantPropertyType=DesiredWeight\n",
        select=("ALL",),
    )
    assert [(f.rule, f.field) for f in findings] == [
        ("SM003", "DeploymentConfig"),
        ("SM003", "ExcludeRetainedVariantProperties"),
        ("SM401", "ExcludeRetainedVariantProperties"),  # given, whatever its items, without RetainAll…
    ]


def test_file_targets_are_read_from_the_scripts_folder_and_are_cache_dependencies(tmp_path):
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "dc.json").write_text(
        '{"RollingUpdatePolicy": {"WaitIntervalInSeconds": 60}}', encoding="utf-8"
    )
    script = tmp_path / "deploy.sh"
    script.write_text(
        "aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config file://cfg/dc.json\n"
        "aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config file://gone.json\n",
        encoding="utf-8",
    )
    result = Linter(Options(select=("ALL",))).lint_file(str(script), "shell")
    findings = sorted(result.findings, key=lambda f: f.sort_key())
    # what the file holds is told at the argument (its member at the option), naming the file
    assert [(f.rule, f.line, f.column, f.field) for f in findings] == [
        ("SM301", 1, 74, "DeploymentConfig"),
        ("SM101", 1, 94, "DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize"),
        ("SM003", 2, 74, "DeploymentConfig"),
    ]
    assert findings[1].message.endswith(f"(read from file://cfg/dc.json: {tmp_path / 'cfg' / 'dc.json'})")
    assert (
        f"file://gone.json is not there (smlint reads it from {tmp_path / 'gone.json'})"
        in findings[2].message
    )
    assert result.dependencies == (str(tmp_path / "cfg" / "dc.json"), str(tmp_path / "gone.json"))


def test_cli_input_json_is_the_request_and_options_override_it():
    text = (
        "aws sagemaker update-endpoint --cli-input-json '{\n"
        '  "EndpointName": "e",\n'
        '  "EndpointConfigName": "c",\n'
        '  "DeploymentConfig": {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE"}}}\n'
        "}' --endpoint-name e2\n"
    )
    doc = request(text)
    assert doc.payload["EndpointName"] == "e2"
    assert doc.source_map.resolve(("EndpointConfigName",)).line == 3
    assert [(f.rule, f.line, f.column) for f in lint(text)] == [("SM101", 4, 50)]


def test_deployment_script_and_a_shebang_script_without_an_extension():
    assert found(SHELL / "deploy-canary.sh") == [
        ("deploy-canary.sh", "SM003", 12, 3, "EndpointName"),
        ("deploy-canary.sh", "SM003", 13, 3, "EndpointConfigName"),
        (
            "deploy-canary.sh",
            "SM205",
            18,
            62,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.LinearStepSize.Value",
        ),
        ("deploy-canary.sh", "SM402", 26, 44, "ExcludeRetainedVariantProperties[0].VariantPropertyType"),
        ("deploy-canary.sh", "SM003", 29, 31, "EndpointName"),
        (
            "deploy-canary.sh",
            "SM104",
            30,
            23,
            "DeploymentConfig.BlueGreenUpdatePolicy.TerminationWaitInSeconds",
        ),
        ("deploy-canary.sh", "SM002", 31, 38, "RetainAllVariantProperties"),
    ]
    assert found(SHELL / "promote") == [
        ("promote", "SM301", 3, 3, "DeploymentConfig"),
        ("promote", "SM206", 4, 75, "DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize.Value"),
    ]


def test_makefile_target():
    assert found(SHELL / "Makefile") == [
        ("Makefile", "SM003", 8, 32, "EndpointName"),
        ("Makefile", "SM003", 9, 4, "EndpointConfigName"),
        ("Makefile", "SM301", 10, 4, "DeploymentConfig"),
        (
            "Makefile",
            "SM208",
            10,
            140,
            "DeploymentConfig.RollingUpdatePolicy.MaximumExecutionTimeoutInSeconds",
        ),
    ]


def test_makefile_recipes_as_shell():
    text = "X := 1\nall: dep\n\t@aws sagemaker update-endpoint \\\n\t  --endpoint-name $$EP\n# a comment\nnot: a recipe\n"
    relocation = makefile.recipes(text)
    assert relocation.inner == "\n\naws sagemaker update-endpoint \\\n  --endpoint-name $EP\n\n\n"
    assert relocation.point(relocation.inner.index("$EP")) == (4, 20)  # at make's $$


def test_github_gitlab_and_codebuild_steps():
    assert found(SHELL / ".github") == [
        ("deploy.yml", "SM003", 16, 13, "EndpointConfigName"),
        ("deploy.yml", "SM301", 17, 13, "DeploymentConfig"),
        (
            "deploy.yml",
            "SM208",
            17,
            196,
            "DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds",
        ),
        # a folded scalar (`run: >-`): found word by word
        (
            "deploy.yml",
            "SM101",
            20,
            59,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.WaitIntervalInSeconds",
        ),
    ]
    assert found(SHELL / ".gitlab-ci.yml") == [
        (".gitlab-ci.yml", "SM107", 9, 267, "DeploymentConfig.AutoRollbackConfiguration.Alarms"),
    ]
    assert found(SHELL / "buildspec.yml") == [
        ("buildspec.yml", "SM003", 6, 40, "EndpointName"),
        ("buildspec.yml", "SM003", 6, 68, "EndpointConfigName"),
        ("buildspec.yml", "SM301", 6, 101, "DeploymentConfig"),
        (
            "buildspec.yml",
            "SM202",
            6,
            151,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration",
        ),
    ]
    result = run("check", "--no-cache", "--select", "ALL", str(SHELL / ".github"))
    assert (
        "(--endpoint-config-name: `${{ inputs.config }}` is the CI system's expression, filled in when the step runs)"
        in result.output
    )


def test_a_workflow_step_reads_file_targets_from_the_repository_top():
    # the step runs in the checkout: requests/DeploymentConfig.json is looked for next to .github
    assert found(CI / "folded-run-step.yml") == [
        ("folded-run-step.yml", "SM003", 15, 11, "EndpointConfigName"),
        ("folded-run-step.yml", "SM003", 16, 11, "DeploymentConfig"),
    ]


def test_github_workflow_top_folder(tmp_path):
    flows = tmp_path / ".github" / "workflows"
    flows.mkdir(parents=True)
    (tmp_path / "dc.json").write_text('{"RollingUpdatePolicy": {}}', encoding="utf-8")
    flow = flows / "deploy.yml"
    flow.write_text(
        "jobs:\n  d:\n    steps:\n      - run: |\n"
        "          aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config file://dc.json\n",
        encoding="utf-8",
    )
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = Linter(Options()).lint_file(os.path.join(".github", "workflows", "deploy.yml"), "yaml")
    finally:
        os.chdir(cwd)
    assert sorted((f.rule, f.line, f.column) for f in result.findings) == [
        ("SM101", 5, 104),
        ("SM101", 5, 104),
        ("SM301", 5, 84),
    ]
    assert result.dependencies == ("dc.json",)


def test_noqa_in_a_script():
    text = (
        "aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c \\\n"
        '  --deployment-config \'{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", '
        '"Value": 90}, "WaitIntervalInSeconds": 60}}\'  # noqa: SM301\n'
        "echo '# noqa: SM206 is not a comment here'\n"
    )
    assert [(f.rule, f.line, f.column) for f in lint(text)] == [("SM206", 2, 98)]


def test_a_script_without_the_commands_is_not_parsed(monkeypatch):
    from smlint.readers import shell

    monkeypatch.setattr(shell, "parser", lambda: (_ for _ in ()).throw(AssertionError("parsed")))
    assert lint("#!/bin/sh\naws s3 cp a b\n") == []


def test_plan_on_a_script():
    result = run("plan", str(SHELL / "promote"))
    assert result.output.splitlines()[0] == f"{SHELL / 'promote'}:2:1: update-endpoint"
    assert "rolling, fleet size unknown" in result.output


def test_abbreviations_are_the_options_they_stand_for_and_a_misspelt_option_is_sm102():
    # the CLI's argparse takes a unique prefix of an option as that option
    findings = lint(
        "aws sagemaker update-endpoint --endpoint-name e --endpoint-conf c --deployment-configs '{}' "
        "--retain-all-variants-properties --no-paginate --debug --retain '{}'\n"
    )
    assert [(f.rule, f.column, f.message, f.help) for f in findings] == [
        (
            "SM102",
            67,
            "unknown field DeploymentConfigs: not a member of the request",
            "did you mean DeploymentConfig?",
        ),
        (
            "SM102",
            93,
            "unknown field RetainAllVariantsProperties: not a member of the request",
            "did you mean RetainAllVariantProperties?",
        ),
    ]  # (--retain is ambiguous: the CLI refuses it, and smlint reads nothing from it)
    assert request("aws sagemaker update-endpoint --endpoint-conf c\n").payload == {"EndpointConfigName": "c"}


def test_noqa_in_a_shebang_script_without_an_extension(tmp_path):
    script = tmp_path / "promote"
    script.write_text(
        "#!/bin/sh\naws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config "
        '\'{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 90}, '
        '"WaitIntervalInSeconds": 60}}\'  # noqa: SM301\n',
        encoding="utf-8",
    )
    result = Linter(Options()).lint_file(str(script), "shell")
    assert ([(f.rule, f.line, f.column) for f in result.findings], result.suppressed) == (
        [("SM206", 2, 169)],
        1,
    )


def test_the_cache_watches_a_file_target(tmp_path):
    import time

    root = tmp_path / "repo"
    root.mkdir()
    (root / "dc.json").write_text(
        '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", '
        '"Value": 20}, "WaitIntervalInSeconds": 60}}\n',
        encoding="utf-8",
    )
    (root / "deploy.sh").write_text(
        "aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config file://dc.json\n",
        encoding="utf-8",
    )
    old = time.time() - 60
    for name in ("dc.json", "deploy.sh"):
        os.utime(root / name, (old, old))

    def rules():
        report = Linter(Options(cache_dir=str(tmp_path / "cache"))).lint_paths([str(root / "deploy.sh")])
        return [f.rule for f in report.findings]

    assert rules() == ["SM301"]
    (root / "dc.json").write_text(
        '{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 80}, '
        '"WaitIntervalInSeconds": 60}}\n',
        encoding="utf-8",
    )
    assert rules() == ["SM301", "SM206"]
