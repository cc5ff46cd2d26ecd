"""A JSON or YAML text parsed as its reader parses it (smlint.readers.json / .yaml)."""

from smlint.readers.json import load_json
from smlint.readers.yaml import load_yaml


def load(text: str, fmt: str):
    """The Parsed documents of ``text`` read as ``fmt`` ("json" or "yaml")."""
    return {"json": load_json, "yaml": load_yaml}[fmt](text)
