"""Side by side with cfn-lint: on a set of CloudFormation templates, everything cfn-lint
reports about an AWS::SageMaker::Endpoint's properties, smlint reports too, on the same field;
and what smlint adds is listed here (``SMLINT_ADDS``), so a change in either shows.

cfn-lint runs once, in-process, over the whole set (about 7 s). Compared: its findings under
an Endpoint's ``Properties`` and on the template Parameters those properties use. Left out:
its E1xxx rules, which check the intrinsic functions themselves (a ``!GetAtt`` to a resource
that does not exist), not the properties.
"""

from pathlib import Path

import pytest
from support.parsing import load

from smlint.runner import Linter, Options
from smlint.wording import field_name

cfnlint_api = pytest.importorskip("cfnlint.api")

FIXTURES = Path(__file__).parents[1] / "fixtures"
TEMPLATES = sorted((FIXTURES / "cfn-lint").iterdir()) + sorted((FIXTURES / "cloudformation").iterdir())

# (template, rule, field) smlint reports that cfn-lint does not: the context and semantic
# rules (N from the EndpointConfig, schedules, retention), unresolved values (info), and
# what a Parameter's constraints admit.
SMLINT_ADDS = {
    ("alarms.json", "SM003", "EndpointName"),
    ("alarms.json", "SM404", "RetainDeploymentConfig"),
    ("rolling.yaml", "SM401", "ExcludeRetainedVariantProperties"),
    # CloudFormation's schema allows an empty Alarms list (cfn-lint 1.58; 1.51 did not), but
    # the UpdateEndpoint call it makes needs at least one alarm
    ("rolling.yaml", "SM107", "DeploymentConfig.AutoRollbackConfiguration.Alarms"),
    ("rolling.yaml", "SM402", "ExcludeRetainedVariantProperties[0].VariantPropertyType"),
    ("canary.json", "SM003", "EndpointName"),
    ("canary.json", "SM003", "EndpointConfigName"),
    (
        "canary.json",
        "SM204",
        "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Value",
    ),
    ("canary.json", "SM209", "DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds"),
    ("canary.yaml", "SM003", "EndpointName"),
    ("canary.yaml", "SM003", "EndpointConfigName"),
    (
        "canary.yaml",
        "SM204",
        "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Value",
    ),
    ("canary.yaml", "SM209", "DeploymentConfig.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds"),
    (
        "conditions.yaml",
        "SM203",
        "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize",
    ),
    (
        "conditions.yaml",
        "SM204",
        "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Value",
    ),
    ("misspelt-type.yaml", "SM003", "EndpointConfigName"),
    ("parameters.json", "SM204", "Parameters.CanaryPercent.MaxValue"),  # cfn-lint checks no MaxValue
    ("state-machine.yaml", "SM003", "EndpointName"),
    ("state-machine.yaml", "SM003", "EndpointConfigName"),
    ("state-machine.yaml", "SM501", "DeploymentConfig.RollingUpdatePolicy"),
}


def _endpoint_ids(path: Path) -> set:
    parsed = load(path.read_text(encoding="utf-8"), "json" if path.suffix == ".json" else "yaml")
    resources = parsed.documents[0].value["Resources"]
    return {name for name, r in resources.items() if r.get("Type") == "AWS::SageMaker::Endpoint"}


def _field(path: list) -> str:
    """cfn-lint's path as smlint names the field: from the Properties down, up to the first
    intrinsic function (``Fn::If`` branches are the field itself)."""
    keys = []
    for key in path:
        if isinstance(key, str) and (key == "Ref" or key.startswith("Fn::")):
            break
        keys.append(key)
    return field_name(tuple(keys))


@pytest.fixture(scope="module")
def cfnlint_findings():
    matches = cfnlint_api.lint_by_config(
        cfnlint_api.ManualArgs(templates=[str(p) for p in TEMPLATES], regions=["us-east-1"])
    )
    wanted = []
    for match in matches:
        path = list(match.path.path) if hasattr(match.path, "path") else list(match.path)
        template = Path(match.filename)
        if match.rule.id.startswith("E1"):
            continue
        if path[:1] == ["Resources"] and path[1] in _endpoint_ids(template) and path[2:3] == ["Properties"]:
            field = _field(path[3:])
            if match.message.endswith("is a required property"):
                field += "." + match.message.split("'")[1]
            wanted.append((template.name, match.rule.id, field, match.message))
        elif path[:1] == ["Parameters"]:
            wanted.append((template.name, match.rule.id, _field(path), match.message))
    return wanted


@pytest.fixture(scope="module")
def smlint_findings():
    report = Linter(Options(select=("ALL",))).lint_paths([str(p) for p in TEMPLATES])
    return report.findings


def _covered(template, field, findings) -> bool:
    ours = [f for f in findings if Path(f.path).name == template]
    if field.startswith("Parameters.") and field.endswith(".Default"):
        # smlint reports a Default's problem on the property that uses it, and names the parameter
        name = field.split(".")[1]
        return any(
            f.message.endswith((f"(from parameter {name}'s Default)", f"; from parameter {name}'s Default"))
            for f in ours
        )
    if any(f.field == field for f in ours):
        return True
    # a required member that a misspelt key stands for is that key's SM102 alone ("one
    # problem, one finding"): `Name` under an alarm, "did you mean AlarmName?"
    parent, _, member = field.rpartition(".")
    return any(
        f.rule == "SM102" and f.field.rpartition(".")[0] == parent and f.help == f"did you mean {member}?"
        for f in ours
    )


def test_cfnlint_ran_on_the_set(cfnlint_findings):
    # the set is meant to make cfn-lint speak: if it goes quiet the comparison is empty
    assert len(cfnlint_findings) >= 20
    assert {name for name, *_ in cfnlint_findings} >= {"shape-errors.yaml", "rolling.yaml", "alarms.json"}


def test_smlint_reports_everything_cfnlint_reports_about_endpoint_properties(
    cfnlint_findings, smlint_findings
):
    missed = [m for m in cfnlint_findings if not _covered(m[0], m[2], smlint_findings)]
    assert missed == []


def test_what_smlint_adds_is_listed(cfnlint_findings, smlint_findings):
    theirs = {(name, field) for name, _, field, _ in cfnlint_findings}
    # a parameter Default's finding is on the property (see _covered)
    defaults = {
        (name, f.field)
        for name, _, field, _ in cfnlint_findings
        for f in smlint_findings
        if field.endswith(".Default")
        and Path(f.path).name == name
        and f.message.endswith(
            (
                f"(from parameter {field.split('.')[1]}'s Default)",
                f"; from parameter {field.split('.')[1]}'s Default",
            )
        )
    }
    added = {
        (Path(f.path).name, f.rule, f.field)
        for f in smlint_findings
        if (Path(f.path).name, f.field) not in theirs | defaults
    }
    assert added == SMLINT_ADDS
