"""CloudFormation parameter files beside a template: the values a deployment gives its
Parameters, in place of their Defaults.

Found by convention: for a template ``<stem>.yaml`` (``.yml``, ``.json``, ``.template``,
``.template.json``) the file ``<stem>.parameters.json`` in the same folder. Two forms are read:

- the AWS CLI's (``aws cloudformation deploy --parameter-overrides file://…``, ``create-stack
  --parameters file://…``): ``[{"ParameterKey": "X", "ParameterValue": "v"}, …]``;
- CodePipeline's template configuration: ``{"Parameters": {"X": "v", …}}``.

A parameter given ``UsePreviousValue`` is the stack's current value: unknown.
"""

from __future__ import annotations

import json
import os

SUFFIXES = (".template.json", ".template.yaml", ".template", ".yaml", ".yml", ".json")
MAX_BYTES = 1 << 20


def file_for(template: str, depends_on=None) -> str | None:
    """The parameter file of ``template`` by the convention, if it exists; ``depends_on(path)``
    is told of the file looked for."""
    name = os.path.basename(template)
    stem = next((name[: -len(s)] for s in SUFFIXES if name.lower().endswith(s)), None)
    if not stem or name.lower().endswith(".parameters.json"):
        return None
    candidate = os.path.join(os.path.dirname(template), stem + ".parameters.json")
    if depends_on is not None:
        depends_on(candidate)  # (also when missing: one added later changes the result)
    return candidate if os.path.isfile(candidate) else None


def given(template: str, depends_on=None) -> tuple:
    """(name -> value, the file's name) the parameter file sets; ({}, "") without one."""
    from ..model import Unresolved

    path = file_for(template, depends_on)
    if path is None:
        return {}, ""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            data = json.loads(fh.read(MAX_BYTES))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}, ""
    values: dict = {}
    if isinstance(data, dict) and isinstance(data.get("Parameters"), dict):
        values = {k: v for k, v in data["Parameters"].items() if isinstance(v, (str, int, float, bool))}
    elif isinstance(data, list):
        for item in data:
            if not isinstance(item, dict) or not isinstance(item.get("ParameterKey"), str):
                continue
            if item.get("UsePreviousValue") is True:
                values[item["ParameterKey"]] = Unresolved("the stack's previous value (UsePreviousValue)")
            elif isinstance(item.get("ParameterValue"), (str, int, float, bool)):
                values[item["ParameterKey"]] = item["ParameterValue"]
    return values, os.path.basename(path)
