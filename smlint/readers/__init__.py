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
        from .json import load_json

        return load_json(text)
    from .yaml import load_yaml

    return load_yaml(text)


def _loader_class():
    """ruamel.yaml's C-accelerated safe loader (libyaml through ruamel.yaml.clib); the pure
    Python one where the C extension is not built (PyPy). We only compose: no constructor
    runs, so unknown tags and duplicate keys reach us as nodes."""
    global _LOADER
    if _LOADER is None:
        try:
            from ruamel.yaml.cyaml import CSafeLoader as loader
        except ImportError:  # pragma: no cover - CPython wheels ship the C extension
            from ruamel.yaml.loader import SafeLoader as loader
        _LOADER = loader
    return _LOADER


_LOADER = None


def _items(text: str, has: str, get: str):
    """Iterate one of libyaml's streams over ``text`` (nodes, data or events), disposing of
    the C parser however the iteration ends."""
    loader = _loader_class()(text)
    try:
        while getattr(loader, has)():
            yield getattr(loader, get)()
    finally:
        loader.dispose()


def compose_all(text: str):
    """The node tree of every document in ``text``. (ruamel's ``YAML().compose_all`` builds
    a loader class per call and keeps a record per document: 3x slower, and it grows.)"""
    return _items(text, "check_node", "get_node")


def load_data(text: str) -> list:
    """Every document of ``text`` as plain Python data (the safe constructor: no positions,
    standard tags only). For smlint's own YAML (rule files), not for users' requests."""
    return list(_items(text, "check_data", "get_data"))


def events(text: str):
    return _items(text, "check_event", "get_event")


__all__ = ["Composed", "Duplicate", "LoadError", "Parsed", "compose_all", "events", "load", "load_data"]
