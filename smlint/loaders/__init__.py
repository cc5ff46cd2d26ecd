"""Loaders: text in one format -> parsed documents with positions.

Each loader returns a ``Parsed``: the documents of the file (plain data + SourceMap) and
the input problems it met (SM001 parse errors, SM002 duplicate keys). Loaders know nothing
of requests or rules; ``smlint.detect`` decides what a document is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .nodes import Composed, Duplicate, LoadError


@dataclass
class Parsed:
    documents: list = field(default_factory=list)  # list[Composed]
    error: LoadError | None = None


def load(text: str, fmt: str) -> Parsed:
    if fmt == "json":
        from .jsonfile import load_json

        return load_json(text)
    from .yamlfile import load_yaml

    return load_yaml(text)


def yaml_parser():
    """One ruamel.yaml instance per process, on the C parser (about 6x the pure one)."""
    global _YAML
    if _YAML is None:
        from ruamel.yaml import YAML

        _YAML = YAML(typ="safe", pure=False)
    return _YAML


_YAML = None

__all__ = ["Composed", "Duplicate", "LoadError", "Parsed", "load", "yaml_parser"]
