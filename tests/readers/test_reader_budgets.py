"""Readers' budgets and linear paths, each beside a known-bad request that must still be
reported: CloudFormation Parameter probes are bounded per template and the cut is said in
SM003; a run of newlines after a JSON string and many YAML documents are read whole."""

from __future__ import annotations

import json

from smlint import budgets
from smlint.runner import Linter, Options


def lint(path: str, text: str, fmt: str) -> list:
    result = Linter(Options(select=("SM",))).lint_data(path, text.encode(), fmt)
    assert result.failure is None, result.failure
    return result.findings


def _template(endpoints: int) -> dict:
    wait = {"Ref": "Wait"}
    resources = {
        f"Ep{i}": {
            "Type": "AWS::SageMaker::Endpoint",
            "Properties": {
                "EndpointConfigName": "c",
                "DeploymentConfig": {
                    "BlueGreenUpdatePolicy": {
                        "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": wait}
                    }
                },
            },
        }
        for i in range(endpoints)
    }
    resources["Good"] = {
        "Type": "AWS::SageMaker::Endpoint",
        "Properties": {"EndpointName": "good_name", "EndpointConfigName": "c"},
    }
    allowed = list(range(0, 4000, 200))  # 20 values, 3800 among them: past 3600 is SM104
    return {"Parameters": {"Wait": {"Type": "Number", "AllowedValues": allowed}}, "Resources": resources}


def test_parameter_probes_are_bounded_per_template_and_the_cut_is_said():
    endpoints = budgets.MAX_PROBE_DOCUMENTS // 20 + 5
    findings = lint("template.json", json.dumps(_template(endpoints), indent=1), "json")
    assert [f.rule for f in findings if f.rule == "SM106"] == ["SM106"]
    probed = [f for f in findings if f.rule == "SM104" and "parameter Wait allows" in f.message]
    cut = [f for f in findings if f.rule == "SM003" and "were not tried" in f.message]
    # every endpoint the budget reached has its probe finding; the others say what was cut
    assert len(probed) == budgets.MAX_PROBE_DOCUMENTS // 20 and len(cut) == endpoints - len(probed)
    assert cut[0].message == (
        "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.WaitIntervalInSeconds cannot be "
        "determined statically (parameter Wait's other values (AllowedValues 0 and on) were not tried: smlint "
        f"tries at most {budgets.MAX_PROBE_DOCUMENTS} in one template); checks that need its value were skipped"
    )


def test_newlines_after_a_json_string_are_read():
    text = '{"EndpointName": "good_name", "EndpointConfigName": "c", "Tags": "x"' + "\n" * 50_000 + "}"
    findings = lint("request.json", text, "json")
    assert [(f.rule, f.line) for f in findings] == [("SM106", 1), ("SM103", 1)]


def test_a_key_broken_from_its_colon_by_newlines_is_located():
    text = '{"EndpointName"\n\n  : "good_name", "EndpointConfigName": "c"}'
    assert [(f.rule, f.line, f.column) for f in lint("request.json", text, "json")] == [("SM106", 1, 2)]


def test_many_yaml_documents_are_each_linted():
    doc = "EndpointName: e{i}\nEndpointConfigName: c\n"
    text = (
        "---\n".join(doc.format(i=i) for i in range(2_000))
        + "---\nEndpointName: good_name\nEndpointConfigName: c\n"
    )
    findings = lint("requests.yaml", text, "yaml")
    assert [(f.rule, f.line) for f in findings if f.rule == "SM106"] == [("SM106", 3 * 2_000 + 1)]


def test_lone_cr_line_ends_in_a_notebook_cell_keep_later_cells_lines():
    def cell(source):
        return {"cell_type": "code", "metadata": {}, "source": source, "outputs": [], "execution_count": None}

    bad = "import boto3\nboto3.client('sagemaker').update_endpoint(\n    EndpointName='good_name', EndpointConfigName='c')\n"
    nb = {
        "cells": [cell("x = 1\ry = 2\rz = 3\rw = 4\r"), cell(bad)],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    result = Linter(Options()).lint_data("nb.ipynb", json.dumps(nb).encode(), "notebook")
    assert [(f.rule, f.cell, f.line, f.column) for f in result.findings] == [("SM106", 2, 3, 5)]


def test_step_functions_tasks_deep_in_maps_are_linted():
    request = {
        "EndpointName": "e",
        "EndpointConfigName": "c",
        "DeploymentConfig": {
            "BlueGreenUpdatePolicy": {
                "TrafficRoutingConfiguration": {
                    "Type": "CANARY",
                    "WaitIntervalInSeconds": 60,
                    "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 80},
                }
            }
        },
    }
    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::sagemaker:updateEndpoint",
        "Parameters": request,
        "End": True,
    }
    for i in range(25):
        state = {
            "Type": "Map",
            "ItemProcessor": {"StartAt": f"S{i}", "States": {f"S{i}": state}},
            "End": True,
        }
    text = json.dumps({"StartAt": "Top", "States": {"Top": state}}, indent=1)
    findings = lint("machine.asl.json", text, "json")
    assert "SM204" in [f.rule for f in findings]
