"""Endpoint-config context: configs indexed from every linted file, matched to the requests
that name them (same file, or across files in a second pass); N from there, never guessed."""

import json
import pickle
from pathlib import Path

import pytest
from support.linting import lint_text

from smlint.endpoint_configs import ConfigRecord, Index
from smlint.runner import Linter, Options

CONTEXT = Path(__file__).parents[1] / "fixtures" / "context"
ALL = ("ALL",)


def lint_folder(*paths, **options):
    options.setdefault("select", ALL)
    report = Linter(Options(**options)).lint_paths([str(p) for p in paths])
    return [(Path(f.path).name, f.rule, f.line, f.column) for f in report.findings], report


def test_config_in_another_file_gives_n_and_says_where():
    found, report = lint_folder(CONTEXT)
    assert found == [("update.json", "SM206", 6, 54), ("update.json", "SM207", 8, 7)]
    where = f"{CONTEXT / 'prod-config.json'}:3"
    assert (report.findings[0].message, report.findings[0].help) == (
        "DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize is 3 of 4 instances (75% of the fleet); a rolling "
        "batch must be 5-50% of the fleet (SageMaker rejects it); "
        f"fleet of 4 instances: endpoint config `churn-prod-v9`, {where}",
        "use a Value between 1 and 2",
    )
    assert report.requests == 2  # the config is indexed, not linted as a request


def test_config_not_found_skips_the_checks_that_need_n():
    found, _ = lint_folder(CONTEXT / "orphan.json", CONTEXT / "update.json")
    assert found == []


def test_instance_count_overrides_the_context():
    found, report = lint_folder(CONTEXT, fleet_size=2)
    assert found == [
        ("orphan.json", "SM503", 6, 54),
        ("orphan.json", "SM207", 8, 7),
        ("update.json", "SM503", 6, 54),
        ("update.json", "SM207", 8, 7),
    ]
    assert all("endpoint config" not in f.message for f in report.findings)  # N is the user's


def test_pass_one_records_configs_and_unmatched_references_picklably():
    linter = Linter(Options(select=ALL))
    update = linter.lint_file(str(CONTEXT / "update.json"), "json")
    assert update.findings == [] and update.configs == ()
    assert update.unmatched == ((("name", "churn-prod-v9"),),)
    config = linter.lint_file(str(CONTEXT / "prod-config.json"), "json")
    assert config.requests == 0 and config.unmatched == ()
    (record,) = config.configs
    assert record == ConfigRecord(
        keys=(("name", "churn-prod-v9"),),
        name="`churn-prod-v9`",
        where=f"{CONTEXT / 'prod-config.json'}:3",
        variants=1,
        counts=(4,),
        instance_types=("ml.m5.xlarge",),
        serverless=(False,),
    )
    assert pickle.loads(pickle.dumps(config)) == config
    again = linter.lint_file(str(CONTEXT / "update.json"), "json", Index(config.configs))
    assert [(f.rule, f.line) for f in again.findings] == [("SM206", 6), ("SM207", 8)]


def _config(variants, name="cfg"):
    return json.dumps({"EndpointConfigName": name, "ProductionVariants": variants})


ROLLING = {
    "EndpointName": "e",
    "EndpointConfigName": "cfg",
    "DeploymentConfig": {
        "RollingUpdatePolicy": {
            "MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 3},
            "WaitIntervalInSeconds": 60,
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]},
    },
}


@pytest.mark.parametrize(
    "variants, rules",
    [
        # one variant of 4: N = 4, a batch of 3 is 75%
        ([{"VariantName": "a", "InstanceType": "ml.m5.large", "InitialInstanceCount": 4}], ["SM206"]),
        # two variants of 4 each: each deploys over 4 instances (and rolling is unsupported)
        (
            [
                {"VariantName": "a", "InitialInstanceCount": 4},
                {"VariantName": "b", "InitialInstanceCount": 4},
            ],
            ["SM501", "SM206"],
        ),
        # two variants of different sizes: N unknown, not summed, not guessed
        (
            [
                {"VariantName": "a", "InitialInstanceCount": 4},
                {"VariantName": "b", "InitialInstanceCount": 20},
            ],
            ["SM501"],
        ),
        # serverless: no instances at all
        (
            [{"VariantName": "a", "ServerlessConfig": {"MemorySizeInMB": 2048, "MaxConcurrency": 5}}],
            ["SM501"],
        ),
        # a fleet of 2: the batch of 3 is larger than the fleet
        ([{"VariantName": "a", "InitialInstanceCount": 2}], ["SM503"]),
        # a fleet of 1: nothing to roll gradually, and the batch exceeds it
        ([{"VariantName": "a", "InitialInstanceCount": 1}], ["SM504", "SM503"]),
    ],
)
def test_fleet_size_from_the_variants(tmp_path, variants, rules):
    (tmp_path / "config.json").write_text(_config(variants), encoding="utf-8")
    (tmp_path / "update.json").write_text(json.dumps(ROLLING, indent=2), encoding="utf-8")
    found, _ = lint_folder(tmp_path)
    assert [rule for _, rule, _, _ in found] == rules


def test_configs_that_disagree_under_one_name_answer_nothing(tmp_path):
    (tmp_path / "dev").mkdir()
    (tmp_path / "prod").mkdir()
    (tmp_path / "dev" / "config.json").write_text(_config([{"VariantName": "a", "InitialInstanceCount": 2}]))
    (tmp_path / "prod" / "config.json").write_text(_config([{"VariantName": "a", "InitialInstanceCount": 4}]))
    (tmp_path / "update.json").write_text(json.dumps(ROLLING, indent=2), encoding="utf-8")
    found, _ = lint_folder(tmp_path)
    assert found == []


def test_a_config_in_the_same_file_wins_and_yaml_streams_hold_both():
    text = (
        "EndpointConfigName: cfg\nProductionVariants:\n  - {VariantName: a, InitialInstanceCount: 8}\n---\n"
        + json.dumps(ROLLING)
        + "\n"
    )
    findings = lint_text(text, "yaml", "deploy.yaml", select=ALL)
    assert findings == []  # 3 of 8 is 37.5%: fine
    linter = Linter(Options(select=ALL))
    result = linter.lint_text_result("deploy.yaml", text, "yaml")
    assert result.unmatched == () and result.configs[0].counts == (8,)


def test_cloudformation_config_matched_by_name_from_another_file(tmp_path):
    (tmp_path / "template.yaml").write_text(
        "Resources:\n  Config:\n    Type: AWS::SageMaker::EndpointConfig\n    Properties:\n"
        "      EndpointConfigName: cfg\n      ProductionVariants:\n"
        "        - {VariantName: a, InstanceType: ml.inf1.xlarge, InitialInstanceCount: 4}\n",
        encoding="utf-8",
    )
    (tmp_path / "update.json").write_text(json.dumps(ROLLING, indent=2), encoding="utf-8")
    found, report = lint_folder(tmp_path)
    assert found == [("update.json", "SM502", 5, 5), ("update.json", "SM206", 8, 9)]
    assert f"endpoint config `cfg` ({tmp_path / 'template.yaml'}:6)" in report.findings[0].message
