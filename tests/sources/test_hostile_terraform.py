"""Many Terraform resources in one file, each linted; the collector is left running after
the file (a syntax error included)."""

from __future__ import annotations

import gc

from support.linting import lint_text

GOOD = 'resource "aws_sagemaker_endpoint" "good" {\n  name                 = "good_name"\n  endpoint_config_name = "c"\n}\n'
BLOCK = 'resource "aws_sagemaker_endpoint" "e{i}" {{\n  name                 = "e{i}"\n  endpoint_config_name = "c"\n}}\n'


def _rows(text: str) -> list:
    return sorted(
        (f.rule, f.line, f.column) for f in lint_text(text, "terraform", "main.tf", select=("ALL",))
    )


def test_a_thousand_endpoints_in_one_file_and_the_last_one_linted():
    text = "".join(BLOCK.format(i=i) for i in range(1000)) + GOOD
    assert gc.isenabled()
    assert _rows(text) == [("SM106", 4 * 1000 + 2, 3)]
    assert gc.isenabled()


def test_the_collector_runs_again_after_a_syntax_error():
    rows = _rows(GOOD + 'resource "aws_sagemaker_endpoint" "bad" {\n  name = \n')
    assert rows and rows[0][0] == "SM001"
    assert gc.isenabled()


def test_a_value_nested_300_deep_is_a_type_error_not_an_internal_error():
    # past jsonschema-rs's recursion limit (~250 levels): jsonschema judges the request instead
    value = "1"
    for _ in range(300):
        value = "{ a = " + value + " }"
    text = (
        'resource "aws_sagemaker_endpoint" "e" {\n'
        '  name                 = "bad_name"\n'
        '  endpoint_config_name = "c"\n'
        "  deployment_config {\n"
        "    blue_green_update_policy {\n"
        "      traffic_routing_configuration {\n"
        '        type                     = "ALL_AT_ONCE"\n'
        f"        wait_interval_in_seconds = {value}\n"
        "      }\n    }\n  }\n}\n"
    )
    assert _rows(text) == [("SM103", 8, 9), ("SM106", 2, 3)]
