"""libyaml through ruamel.yaml: the C-accelerated composer, event stream and safe loader that
the JSON and YAML readers, YAML's comments and smlint's own rule files read with."""

from __future__ import annotations

from functools import cache


@cache
def loader_class():
    """ruamel.yaml's C-accelerated safe loader (libyaml through ruamel.yaml.clib); the pure
    Python one where the C extension is not built (PyPy). We only compose: no constructor
    runs, so unknown tags and duplicate keys reach us as nodes."""
    try:
        from ruamel.yaml.cyaml import CSafeLoader as loader
    except ImportError:  # pragma: no cover - CPython wheels ship the C extension
        from ruamel.yaml.loader import SafeLoader as loader
    return loader


def items(text: str, has: str, get: str):
    """Iterate one of libyaml's streams over ``text`` (nodes, data, events or tokens),
    disposing of the C parser however the iteration ends."""
    loader = loader_class()(text)
    try:
        while getattr(loader, has)():
            yield getattr(loader, get)()
    finally:
        loader.dispose()


def compose_all(text: str):
    """The node tree of every document in ``text``. (ruamel's ``YAML().compose_all`` builds
    a loader class per call and keeps a record per document: 3x slower, and it grows.)"""
    return items(text, "check_node", "get_node")


def load_data(text: str) -> list:
    """Every document of ``text`` as plain Python data (the safe constructor: no positions,
    standard tags only). For smlint's own YAML (rule files), not for users' requests."""
    return list(items(text, "check_data", "get_data"))


def events(text: str):
    return items(text, "check_event", "get_event")
