"""rules/schema/docs.json (what the language server's hover says a member does) is the API
model's own documentation: botocore's SageMaker service model is the oracle."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "rules" / "schema" / "docs.json"
SCHEMA = DOCS.parent / "sagemaker.json"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "li"):
            self.parts.append(" ")


def plain(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def expected() -> dict:
    """``Shape.Member`` -> the model's documentation of it, as plain text, for every member
    of every API shape the schema checks."""
    botocore = pytest.importorskip("botocore.session")
    model = botocore.get_session().get_service_model("sagemaker")
    out = {}
    for name, shape in json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"].items():
        try:
            api = model.shape_for(name)
        except Exception:  # noqa: BLE001 - smlint's own shapes (DeploymentConfigFile)
            continue
        for member in shape.get("properties", {}):
            text = plain(api.members[member].documentation) if member in api.members else ""
            if text:
                out[f"{name}.{member}"] = text
    return out


def test_docs_are_the_api_models():
    """Every documented member, and only those; each text is the model's (its opening, so
    that a botocore release rewording a sentence's end does not fail CI: regenerate then)."""
    docs = json.loads(DOCS.read_text(encoding="utf-8"))
    docs.pop("$comment")
    model = expected()
    assert sorted(docs) == sorted(model)
    assert {k: v[:40] for k, v in docs.items()} == {k: v[:40] for k, v in model.items()}


if __name__ == "__main__":  # regenerate: python tests/server/test_member_docs.py
    data = {
        "$comment": "What each member does, from botocore's SageMaker service model (HTML made plain text); "
        "regenerate with python tests/server/test_member_docs.py",
        **expected(),
    }
    DOCS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
