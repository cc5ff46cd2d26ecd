"""libyaml through ruamel.yaml: the C-accelerated composer, event stream and safe loader that
the JSON and YAML readers, YAML's comments and smlint's own rule files read with."""

from __future__ import annotations

from functools import cache


@cache
def loader_class():
    """ruamel.yaml's C-accelerated safe loader (libyaml through ruamel.yaml.clib); the pure
    Python one where the C extension is not built (PyPy). We only compose: no constructor
    runs, so unknown tags and duplicate keys reach us as nodes. Its plain scalars' tags are
    remembered (``_resolving``)."""
    try:
        from ruamel.yaml.cyaml import CSafeLoader as loader
    except ImportError:  # pragma: no cover - CPython wheels ship the C extension
        from ruamel.yaml.loader import SafeLoader as loader
    return _resolving(loader)


@cache
def in_c() -> bool:
    """Is the loader libyaml's (whose errors count offsets in UTF-8 bytes)?"""
    try:
        from ruamel.yaml.cyaml import CParser
    except ImportError:  # pragma: no cover
        return False
    return issubclass(loader_class(), CParser)


# The tag of a plain scalar depends on its text alone (the implicit resolvers' patterns: no
# path resolvers are registered), and requests write the same few words and numbers in every
# file (DeploymentConfig, Type, 600): resolved once, not by ruamel's patterns for each
# scalar of each file (a tenth of composing a request). Bounded; long texts not kept.
_PLAIN_TAGS: dict = {}
_PLAIN_TAGS_SIZE = 4096
_PLAIN_TAG_CHARACTERS = 64


def _resolving(base):
    from ruamel.yaml.nodes import ScalarNode

    resolve = base.resolve

    class Loader(base):
        def resolve(self, kind, value, implicit):
            if kind is not ScalarNode or not implicit[0] or len(value) > _PLAIN_TAG_CHARACTERS:
                return resolve(self, kind, value, implicit)
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = resolve(self, kind, value, implicit)
                if len(_PLAIN_TAGS) >= _PLAIN_TAGS_SIZE:
                    _PLAIN_TAGS.clear()
                _PLAIN_TAGS[value] = tag
            return tag

    Loader.__name__ = Loader.__qualname__ = base.__name__
    return Loader


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
