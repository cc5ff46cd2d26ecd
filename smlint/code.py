"""Python scripts and notebooks through the pipeline.

A request call whose values depend on branches is linted once per alternative; a finding
that holds in every alternative is reported once, as it is, and one that holds in some says
when (``… (when `mode == "prod"` at line 12 is false)``). Notebook findings are told by cell
and line within the cell.
"""

from __future__ import annotations

from dataclasses import replace

from . import sources

FORMATS = ("python", "notebook")
SHOWN_CONDITIONS = 3
# A file must contain one of these to hold a call we read (create_endpoint_config contains
# create_endpoint); tested on the bytes, before anything is decoded or parsed.
CALL_WORDS = ("update_endpoint", "create_endpoint")
_CALL_BYTES = tuple(w.encode() for w in CALL_WORDS)


def mentions_calls(content) -> bool:
    words = _CALL_BYTES if isinstance(content, bytes) else CALL_WORDS
    return any(word in content for word in words)


def lint_code(linter, path: str, text: str, fmt: str) -> tuple:
    """(findings, number of requests, ENDPOINT_CONFIG documents) for one file."""
    from .loaders.nodes import LoadError
    from .loaders.python import Project, load_python

    cells = None
    if fmt == "notebook":
        from .loaders.notebook import notebook_source

        try:
            text, cells = notebook_source(text)
        except LoadError as err:
            return linter._problem(sources.Problem(path, err.message, err.line, err.column)), 0, []
    loaded = load_python(text, path, Project())
    if loaded.error is not None:
        err = loaded.error
        found = linter._problem(sources.Problem(path, err.message, err.line, err.column))
        return (_in_cells(found, cells) if cells else found), 0, []
    findings: list = []
    for call in loaded.requests:
        findings.extend(_merged(call, linter))
    if cells is not None:
        findings = _in_cells(findings, cells)
    return findings, len(loaded.requests), loaded.configs


def _merged(call, linter) -> list:
    results = [(conditions, linter.lint_document(doc)) for conditions, doc in call.alternatives]
    if len(results) == 1:
        return results[0][1]
    seen: dict = {}  # what a finding says -> (the finding, the alternatives it holds in)
    for index, (_, found) in enumerate(results):
        for f in found:
            seen.setdefault((f.rule, f.message, f.field, f.line, f.column), (f, {}))[1][index] = None
    out = []
    for f, where in seen.values():
        if len(where) == len(results):
            out.append(f)
        else:
            out.append(replace(f, message=f.message + _when([results[i][0] for i in where], results)))
    return out


def _when(holding: list, results: list) -> str:
    """`` (when …)``: the conditions of the alternatives a finding holds in; conditions
    they share are enough when every alternative that has them is among those."""
    common = [c for c in holding[0] if all(c in conditions for conditions in holding[1:])]
    if common and len(holding) == sum(1 for conditions, _ in results if all(c in conditions for c in common)):
        holding = [tuple(common)]
    shown = [" and ".join(conditions) for conditions in holding[:SHOWN_CONDITIONS]]
    more = len(holding) - SHOWN_CONDITIONS
    tail = f" or {more} other combination{'s' if more > 1 else ''} of branches" if more > 0 else ""
    return f" (when {' or '.join(shown)}{tail})"


def _in_cells(findings: list, cells) -> list:
    out = []
    for f in findings:
        cell, line = cells.locate(f.line)
        end_cell, end_line = cells.locate(f.end_line)
        if end_cell != cell:
            end_line = line
        out.append(replace(f, cell=cell, line=line, end_line=end_line))
    return out
