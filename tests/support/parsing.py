"""A JSON or YAML text parsed as its reader parses it (smlint.readers.json / .yaml)."""

from smlint.readers.json import load_json
from smlint.readers.yaml import load_yaml


def load(text: str, fmt: str):
    """The Parsed documents of ``text`` read as ``fmt`` ("json" or "yaml")."""
    return {"json": load_json, "yaml": load_yaml}[fmt](text)


def libyaml_json_map(text: str):
    """(SourceMap, duplicates) of the JSON ``text`` as smlint found them before
    smlint.readers.json_spans: the text composed by libyaml as YAML flow syntax and the node
    tree walked. The oracle of the JSON walk's tests; raises where libyaml cannot compose."""
    from smlint.locations import LineIndex
    from smlint.readers.json import _for_yaml
    from smlint.readers.libyaml import compose_all
    from smlint.readers.nodes import Walker

    walker = Walker(LineIndex(text), record=True, budget=False)
    walker.walk(next(compose_all(_for_yaml(text))), (), None)
    return walker.source_map, walker.duplicates
