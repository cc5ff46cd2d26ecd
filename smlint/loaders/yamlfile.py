"""YAML, multi-document files included, through ruamel.yaml's C composer (no constructor:
unknown tags such as CloudFormation's ``!Ref`` compose fine and become Unresolved)."""

from __future__ import annotations

from . import Parsed, yaml_parser
from .nodes import LoadError, check_depth, compose_tree


def load_yaml(text: str) -> Parsed:
    yaml = yaml_parser()
    parsed = Parsed()
    try:
        check_depth(yaml, text)
        for root in yaml.compose_all(text):
            if root is not None:
                parsed.documents.append(compose_tree(root))
    except LoadError as exc:
        parsed.error = exc
    except Exception as exc:  # ruamel's MarkedYAMLError family, ReaderError, …
        parsed.error = _yaml_error(exc, text)
    return parsed


def _yaml_error(exc: Exception, text: str) -> LoadError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    if mark is not None:
        lines = text.splitlines()
        if mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t":
            message = "invalid YAML: a tab character here; YAML indentation must use spaces"
        return LoadError(message, mark.line + 1, mark.column + 1)
    position = getattr(exc, "position", None)  # ReaderError: character offset only
    return LoadError(message, 1, (position or 0) + 1)
