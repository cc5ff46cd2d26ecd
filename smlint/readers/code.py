"""Python scripts and notebooks through the pipeline.

A request call whose values depend on branches is linted once per alternative (see
smlint.embedded: a finding that holds in every alternative is reported once, as it is, and
one that holds in some says when: ``… (when `mode == "prod"` at line 12 is false)``).
Notebook findings are told by cell and line within the cell.
"""

from __future__ import annotations

from dataclasses import replace

from .. import sources

FORMATS = ("python", "notebook")
# A file must contain one of these to hold a call we read (create_endpoint_config contains
# create_endpoint); tested on the bytes, before anything is decoded or parsed.
# (and, from smlint.readers.python.constructs, the CDK's, CDKTF's, Pulumi's and SDK v3's names)
CALL_WORDS = (
    "update_endpoint",
    "create_endpoint",
    "CfnEndpoint",
    "SagemakerEndpoint",
    "sagemaker_core",
    "sagemaker.core",
    "aws_cdk",
    "cdktf",
    "pulumi_aws",
)
_CALL_BYTES = tuple(w.encode() for w in CALL_WORDS)


def mentions_calls(content) -> bool:
    words = _CALL_BYTES if isinstance(content, bytes) else CALL_WORDS
    return any(word in content for word in words)


def extract(path: str, text: str, fmt: str):
    """The request calls and endpoint configs of a script or notebook (embedded.Extracted);
    a call whose values depend on branches is a Unit with one variant per alternative."""
    from functools import partial

    from .extracted import Extracted, Unit
    from .nodes import LoadError
    from .python import Project, load_python

    relocate = None
    if fmt == "notebook":
        from .notebook import notebook_source

        try:
            text, cells = notebook_source(text)
        except LoadError as err:
            return Extracted(problem=sources.Problem(path, err.message, err.line, err.column))
        relocate = partial(_in_cells, cells=cells)
    loaded = load_python(text, path, Project())
    if loaded.error is not None:
        err = loaded.error
        return Extracted(problem=sources.Problem(path, err.message, err.line, err.column), relocate=relocate,
                         locate=cells.locate if fmt == "notebook" else None)
    units = []
    for call in loaded.requests:
        (_, first), *others = call.alternatives
        variants = tuple(call.alternatives) if others else ()
        units.append(Unit(first, variants=variants, undecided=tuple(call.doubts.items()) if others else ()))
    if fmt == "notebook":
        _name_cells([doc for call in loaded.requests for _, doc in call.alternatives], loaded.configs, cells)
    return Extracted(units=units, configs=list(loaded.configs), relocate=relocate,
                     locate=cells.locate if fmt == "notebook" else None)


def _name_cells(requests: list, configs: list, cells) -> None:
    """A notebook's calls are named by cell and line within it (``call at line 3 of cell 8``),
    and its endpoint configs placed so (``nb.ipynb:cell 3:5``), as its findings are."""
    for doc in [*requests, *configs]:
        cell, line = cells.locate(doc.source_map.start.line)
        if cell is not None:
            doc.origin = f"call at line {line} of cell {cell}"
    for doc in configs:
        cell, line = cells.locate(doc.source_map.resolve(("ProductionVariants",)).line)
        if cell is not None:
            doc.where = f"{doc.path}:cell {cell}:{line}"


def _in_cells(findings: list, cells) -> list:
    """Findings told by notebook cell, and line within the cell."""
    out = []
    for f in findings:
        cell, line = cells.locate(f.line)
        end_cell, end_line = cells.locate(f.end_line)
        if end_cell != cell:
            end_line = line
        out.append(replace(f, cell=cell, line=line, end_line=end_line))
    return out
