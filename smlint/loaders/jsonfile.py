"""JSON: ``json.loads`` decides syntax and values; ruamel's composer, run on the same text,
gives the positions (JSON is YAML 1.2 flow syntax once tabs, which YAML forbids as
indentation, are replaced by spaces: same length, so columns do not move)."""

from __future__ import annotations

import json

from ..model import SourceMap
from . import Parsed, yaml_parser
from .nodes import Composed, LoadError, MAX_DEPTH, check_depth, compose_tree


def load_json(text: str) -> Parsed:
    if not text.strip():
        return Parsed()  # an empty file holds no request
    yaml = yaml_parser()
    spaced = text.replace("\t", " ")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return Parsed(error=LoadError(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno))
    except RecursionError:
        return Parsed(error=_too_deep(yaml, spaced))
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        return Parsed(error=LoadError(f"invalid JSON: {exc}"))
    try:
        check_depth(yaml, spaced)
        root = yaml.compose(spaced)
    except LoadError as exc:
        return Parsed(error=exc)
    except Exception:
        # Valid JSON that YAML cannot read (rare: keys over 1024 characters). The values
        # are right; positions fall back to the start of the file.
        return Parsed([Composed(value, SourceMap())])
    composed = compose_tree(root, build_values=False)
    composed.value = value  # json.loads is the authority for values
    return Parsed([composed])


def _too_deep(yaml, spaced: str) -> LoadError:
    try:
        check_depth(yaml, spaced)
    except LoadError as exc:
        return exc
    except Exception:
        pass
    return LoadError(f"invalid JSON: nesting deeper than {MAX_DEPTH} levels")
