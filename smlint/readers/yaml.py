"""YAML, multi-document files included, through ruamel.yaml's C composer (no constructor:
unknown tags such as CloudFormation's ``!Ref`` compose fine and become Unresolved)."""

from __future__ import annotations

from ..locations import LineIndex
from .collector import paused
from .detect import may_hold_request as may_hold  # noqa: F401 - the reader contract (smlint.readers)
from .documents import read_parsed, worth_parsing
from .extracted import Extracted
from .libyaml import compose_all, in_c, items
from .nodes import LoadError, OverBudget, Parsed, check_depth, compose_tree
from .shell import mentions_cli


def load_yaml(text: str) -> Parsed:
    # A byte-order mark opens the stream and is no content (YAML 1.2, 5.2): dropped, as
    # sources.decode drops a file's, so that positions count from the first real character
    # (libyaml skips it without counting it; ruamel's pure parser counts it). A text that
    # reaches us with one: an embedded text (a fence's, a cell's).
    if text.startswith("\ufeff"):
        text = text[1:]
    parsed = Parsed()
    lines = LineIndex(text)
    try:
        check_depth(text, lines)
        for root in compose_all(text):
            if root is not None:
                try:
                    parsed.documents.append(compose_tree(root, lines))
                except OverBudget as exc:  # this document past a budget: the others still count
                    parsed.cut.append(exc)
    except LoadError as exc:
        parsed.error = exc
    except Exception as exc:  # ruamel's MarkedYAMLError family, ReaderError, …
        parsed.documents = []
        confirmed = _pure(text, lines, parsed)
        if confirmed is not None:
            # libyaml's complaint about a ':' is the false one: the pure parser's stands
            false_colon = "unexpected ':'" in str(getattr(exc, "problem", ""))
            parsed.error = _yaml_error(confirmed if false_colon else exc, text, lines)
    return parsed


def _pure(text: str, lines: LineIndex, parsed: Parsed):
    """libyaml 0.1.7 (bundled in ruamel.yaml.clib) rejects valid YAML that ruamel's pure
    Python parser reads: a plain scalar with ``:`` in a flow collection,
    ``Action: [sagemaker:UpdateEndpoint]`` (YAML 1.2, PyYAML 6 accept it). Before a syntax
    error is reported, the pure parser confirms it; only on this failure path, so speed is
    unchanged. Its marks count characters, as ours do. None when it reads the text, else
    its own error."""
    import warnings

    from ruamel.yaml import YAML

    try:
        # (an anchor defined again is valid YAML, the later one counts; libyaml's composer
        # rejects it, ruamel's warns on stderr: words for ruamel's users, never smlint's)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            check_depth(text, lines, parse=YAML(typ="safe", pure=True).parse)
            documents = [
                compose_tree(root, lines)
                for root in YAML(typ="safe", pure=True).compose_all(text)
                if root is not None
            ]
    except LoadError as exc:
        parsed.error = exc
        return None
    except Exception as exc:  # the pure parser agrees: the text is not YAML
        return exc
    parsed.documents = documents
    return None


def _yaml_error(exc: Exception, text: str, lines: LineIndex) -> LoadError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    index = getattr(mark, "index", None)
    if index is None:  # ReaderError: an offset only, in UTF-8 bytes when libyaml read it
        index = getattr(exc, "position", None) or 0
        if in_c():
            index = len(text.encode("utf-8", "surrogatepass")[:index].decode("utf-8", "ignore"))
    if text[index : index + 1] == "\t":
        message = "invalid YAML: a tab character here; YAML indentation must use spaces"
    return LoadError(message, *lines.position(index))


def read(text: str, path: str, context):
    """The requests and endpoint configs of a YAML file's documents
    (smlint.readers.documents), and the AWS CLI commands of a CI pipeline's steps
    (smlint.readers.ci_steps)."""
    cli = not context.kind and mentions_cli(text)  # a CI pipeline's steps
    if not cli and not worth_parsing(text, context):
        return Extracted()
    with paused():  # (a file's nodes and documents: no garbage cycles)
        parsed = load_yaml(text)
        found = read_parsed(parsed, text, path, context)
    if cli and found.problem is None:
        from . import ci_steps

        steps = ci_steps.extract(parsed.documents, text, path, context.depends_on)
        found.units.extend(steps.units)
        found.problems.extend(steps.problems)
    return found


def comments(text: str) -> list:
    """(line, column, comment) for every YAML comment: a ``#`` can only start a comment
    between two tokens, and a comment runs to the end of its line. A scan error ends the
    scan (the comments before it still count)."""
    lines = LineIndex(text)
    out: list = []
    previous = 0
    try:
        for token in items(text, "check_token", "get_token"):
            _gap_comments(text, previous, token.start_mark.index, lines, out)
            previous = max(previous, token.end_mark.index)
    except Exception:  # noqa: BLE001 - a broken file is SM001's business, not ours
        return out
    _gap_comments(text, previous, len(text), lines, out)
    return out


def _gap_comments(text: str, start: int, end: int, lines, out: list) -> None:
    index = text.find("#", start, end)
    while index != -1:
        stop = len(text)
        for eol in ("\n", "\r"):
            found = text.find(eol, index, stop)
            if found != -1:
                stop = found
        line, column = lines.position(index)
        out.append((line, column, text[index:stop]))
        index = text.find("#", stop, end)
