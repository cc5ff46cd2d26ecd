"""Markdown: every code block read as its language, findings at their places in the .md file."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smlint.cli import main
from smlint.readers import markdown
from smlint.readers.markdown import blocks
from smlint.runner import Linter, Options

DOCS = Path(__file__).parents[1] / "fixtures" / "docs"


def run(*args):
    return CliRunner().invoke(main, list(args))


def found(path, *options):
    result = run("check", "--no-cache", "--format", "json", *options, str(path))
    return [(f["rule"], f["line"], f["column"], f["field"]) for f in json.loads(result.stdout)]


def lint(text, path="doc.md", **options):
    linter = Linter(Options(**options))
    findings, requests = linter.lint_text(path, text, "markdown")
    return sorted(linter.suppress(path, text, findings)[0], key=lambda f: f.sort_key()), requests


def test_block_text_and_where_each_character_came_from():
    text = (
        "# T\n\n"
        "1. Step:\n\n"
        "   ```json\n"
        '   {"DeploymentConfig": {}}\n'
        "   ```\n\n"
        "> ```yaml\n"
        "> EndpointName: e\n"
        ">   # more\n"
        "> ```\n\n"
        "    indented\n"
    )
    first, second, third = blocks(text)
    assert (first.info, first.language, first.line, first.text) == (
        "json",
        "json",
        6,
        '{"DeploymentConfig": {}}\n',
    )
    assert first.relocation.point(0) == (6, 4)
    assert (second.language, second.line, second.text) == ("yaml", 10, "EndpointName: e\n  # more\n")
    assert second.relocation.point(second.text.index("#")) == (11, 5)
    assert (third.info, third.language, third.text) == ("", "", "indented\n")
    for block in (first, second, third):
        for i, ch in enumerate(block.text):
            if ch != "\n":
                assert text[block.relocation.offsets[i]] == ch


@pytest.mark.parametrize(
    "info, language",
    [
        ("python", "python"),
        ("py", "python"),
        ("pycon", "python"),
        ("ipython3", "python"),
        ("json", "json"),
        ("yml", "yaml"),
        ("hcl", "terraform"),
        ("terraform", "terraform"),
        ("tf", "terraform"),
        ("bash", "shell"),
        ("console", "shell"),
        ("{.python}", "python"),
        ("python title='deploy.py'", "python"),
        ("text", ""),
        ("ruby", ""),
    ],
)
def test_languages_by_info_string(info, language):
    (block,) = blocks(f"```{info}\nx = 1\n```\n")
    assert block.language == language


@pytest.mark.parametrize(
    "body, language",
    [
        ('{"DeploymentConfig": {}}', "json"),
        ("aws sagemaker update-endpoint --endpoint-name e", "shell"),
        ("sm.update_endpoint(EndpointName='e')", "python"),
        ('resource "aws_sagemaker_endpoint" "e" {}', "terraform"),
        ("EndpointConfigName: c", "yaml"),
        ("make deploy", ""),
    ],
)
def test_unlabelled_fences_are_sniffed(body, language):
    (block,) = blocks(f"```\n{body}\n```\n")
    assert block.language == language


def test_prompts_are_stripped_and_output_left_out():
    text = (
        "```pycon\n"
        ">>> sm.update_endpoint(EndpointName='e',\n"
        "...     EndpointConfigName='c')\n"
        "{'EndpointArn': 'arn'}\n"
        "```\n"
        "```console\n"
        "$ aws sagemaker update-endpoint --endpoint-name e --deployment-config '{\n"
        '  "A": 1}\'\n'
        "{\n"
        '    "EndpointArn": "arn"\n'
        "}\n"
        "```\n"
    )
    pycon, console = blocks(text)
    assert pycon.text == "sm.update_endpoint(EndpointName='e',\n    EndpointConfigName='c')\n\n"
    assert pycon.relocation.point(0) == (2, 5)
    assert pycon.relocation.point(pycon.text.index("EndpointConfigName")) == (3, 9)
    assert console.text.startswith(
        "aws sagemaker update-endpoint --endpoint-name e --deployment-config '{\n  \"A\": 1}'\n"
    )
    assert console.text.strip().endswith("1}'")  # the JSON the command printed is output
    assert console.relocation.point(0) == (7, 3)


def test_a_python_block_indented_as_a_whole_is_read_at_its_indentation():
    (block,) = blocks("```python\n    sm.update_endpoint(\n        EndpointName='e')\n```\n")
    assert block.text == "sm.update_endpoint(\n    EndpointName='e')\n"
    assert block.relocation.point(block.text.index("EndpointName")) == (3, 9)


def test_a_document_without_our_words_is_not_parsed(monkeypatch):
    def fail():
        raise AssertionError("parsed")

    monkeypatch.setattr(markdown, "_parser", fail)
    assert lint("# Notes\n\n```python\nprint('hello')\n```\n") == ([], 0)


def test_runbook_with_cli_steps():
    assert found(DOCS / "runbook.md", "--select", "ALL") == [
        (
            "SM105",
            26,
            27,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Type",
        ),
        ("SM001", 43, 26, ""),
        ("SM003", 50, 3, "DeploymentConfig"),
    ]
    result = run("check", "--no-cache", str(DOCS / "runbook.md"))
    assert result.exit_code == 1
    assert (
        f"{DOCS / 'runbook.md'}:43:26: SM001 [error] --deployment-config: JSON members without the outer {{ }}: "
        "the AWS CLI reads a value that does not start with { as its shorthand syntax and rejects this one; "
        "wrap the members in braces"
    ) in result.output


def test_guide_with_python_and_hcl_blocks_context_across_blocks_and_noqa_in_a_block():
    result = run("check", "--no-cache", "--select", "ALL", str(DOCS / "guide.md"))
    lines = result.output.splitlines()
    assert lines[0] == (
        f"{DOCS / 'guide.md'}:31:62: SM205 [error] DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration."
        "LinearStepSize is 3 of 4 instances (75% of the fleet); a linear step must be 10-50% of the fleet (SageMaker "
        "rejects it); fleet of 4 instances: endpoint config `ranking-v3`, "
        f"{DOCS / 'guide.md'}:9"
    )
    assert lines[1] == "  help: use a Value between 1 and 2"
    # the SM301 of the pycon block is suppressed by the noqa comment on its line
    lines = [line for line in lines if not line.startswith("  help: ")]
    assert [line.split(" [")[0].rsplit(":", 3)[1:] for line in lines[:-1]] == [
        ["31", "62", " SM205"],
        ["47", "37", " SM302"],
    ]
    assert (
        lines[-1]
        == "Found 2 problems (1 error, 1 warning) in 1 file checked, 2 requests linted; 1 suppressed."
    )


def test_placeholders_of_a_reference_page_are_unresolved_not_errors():
    rules = [(rule, line) for rule, line, _, _ in found(DOCS / "api-reference.md", "--select", "ALL")]
    assert {rule for rule, _ in rules} == {"SM003", "SM104", "SM101"}
    # the only errors: a literal 123 timeout (below 600), and ALL_AT_ONCE without its wait
    assert [r for r in rules if r[0] != "SM003"] == [("SM104", 48), ("SM101", 60)]
    # "string", number, boolean, <your-…>, YOUR_…, {…}, 'A'|'B': each said once, as unknown
    assert [line for rule, line in rules if rule == "SM003"] == [
        11,
        16,
        17,
        20,
        21,
        23,
        24,
        28,
        29,
        30,
        38,
        39,
        43,
        45,
        50,
        58,
        59,
    ]


def test_a_json_block_that_is_not_json_is_sm001_there_and_the_rest_is_linted():
    text = (
        "Broken:\n\n"
        "```json\n"
        '{"DeploymentConfig": {"BlueGreenUpdatePolicy": {}}\n'
        "```\n\n"
        "```yaml\n"
        "RollingUpdatePolicy: {MaximumBatchSize: {Type: CAPACITY_PERCENT, Value: 90}, WaitIntervalInSeconds: 60}\n"
        "```\n"
    )
    findings, requests = lint(text)
    assert [(f.rule, f.line, f.column) for f in findings] == [
        ("SM001", 4, 51),
        ("SM301", 8, 1),
        ("SM206", 8, 66),
    ]
    assert findings[0].message == "invalid JSON: the file ends too early: a closing } or ] is missing"
    assert requests == 1


def test_sarif_regions_point_into_the_markdown_file():
    result = run("check", "--no-cache", "--format", "sarif", str(DOCS / "runbook.md"))
    sarif = json.loads(result.stdout)
    regions = [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]) for r in sarif["runs"][0]["results"]
    ]
    assert regions[0] == ("SM105", {"startLine": 26, "startColumn": 27, "endLine": 26, "endColumn": 33})


def test_plan_on_a_markdown_file():
    result = run("plan", str(DOCS / "guide.md"))
    assert result.exit_code in (0, 1), result.output
    first = result.output.splitlines()[0]
    assert first == f"{DOCS / 'guide.md'}:24:4: code block at line 21"
    assert "fleet of 4 instances (endpoint config `ranking-v3`" in result.output


def test_a_folder_run_lints_markdown():
    result = run("check", "--no-cache", "--format", "json", str(DOCS))
    paths = {Path(f["path"]).name for f in json.loads(result.stdout)}
    assert paths == {"runbook.md", "guide.md", "api-reference.md"}  # (cli-reference.md: info only)


def test_the_cli_references_json_syntax_is_read_with_its_placeholders_unknown():
    # "Type": "ALL_AT_ONCE"|"CANARY"|"LINEAR", "Value": integer, a line "..." for more items
    assert found(DOCS / "cli-reference.md", "--select", "ALL") == [
        ("SM003", 9, 7, "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.Type"),
        (
            "SM003",
            10,
            7,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.WaitIntervalInSeconds",
        ),
        (
            "SM003",
            12,
            9,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Type",
        ),
        (
            "SM003",
            13,
            9,
            "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Value",
        ),
        ("SM003", 16, 5, "DeploymentConfig.BlueGreenUpdatePolicy.TerminationWaitInSeconds"),
        ("SM003", 17, 5, "DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds"),
        ("SM003", 22, 9, "DeploymentConfig.AutoRollbackConfiguration.Alarms[0].AlarmName"),
    ]


def test_broken_json_without_reference_syntax_stays_sm001():
    findings, _ = lint('```json\n{"DeploymentConfig": {"RollingUpdatePolicy": {},}}\n```\n')
    assert [(f.rule, f.line, f.column, f.message) for f in findings] == [
        ("SM001", 2, 48, "invalid JSON: trailing comma before }: JSON allows none, remove it"),
    ]


def test_an_html_comment_of_the_document_holds_a_file_level_directive():
    text = (
        "<!-- smlint: ignore-file[SM206] -->\n\n# Bad examples, on purpose\n\n```json\n"
        '{"EndpointName": "e", "EndpointConfigName": "c", "DeploymentConfig": {"RollingUpdatePolicy": '
        '{"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 90}, "WaitIntervalInSeconds": 60}}}\n```\n'
    )
    findings, _ = lint(text)
    assert [(f.rule, f.line, f.column) for f in findings] == [("SM301", 6, 50)]
    assert markdown.comments(text) == [(1, 1, "# smlint: ignore-file[SM206]")]


CDK_GUIDE = """\
# Deploying with the CDK

1. The stack:

   ```typescript
   new sagemaker.CfnEndpoint(this, 'Endpoint', {
     endpointConfigName: 'cfg',
     deploymentConfig: {
       blueGreenUpdatePolicy: {
         trafficRoutingConfiguration: { type: 'CANARY', canarySize: { type: 'CAPACITY_PERCENTAGE', value: 10 }, waitIntervalInSeconds: 300 },
       },
     },
   });
   ```
"""


def test_a_typescript_block_is_read_as_cdk_code_at_its_place_in_the_document():
    findings, requests = lint(CDK_GUIDE)
    assert requests == 1
    assert [(f.rule, f.line, f.column) for f in findings] == [("SM301", 8, 6), ("SM105", 10, 71)]
    (sm105,) = [f for f in findings if f.rule == "SM105"]
    assert (
        sm105.message.endswith("(CloudFormation rejects it)")
        and sm105.help == "did you mean CAPACITY_PERCENT?"
    )
