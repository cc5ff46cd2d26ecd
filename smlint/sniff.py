"""What standard input holds when no file name says it (``smlint check -`` without
``--stdin-filename``): a notebook or JSON, Python, Terraform, or YAML, each told by its own
parser, or None, and the command line refuses the input rather than report it clean."""

from __future__ import annotations

import json

# Top-level blocks of a Terraform file: HCL made only of attributes is a .tfvars, no request.
TERRAFORM_BLOCKS = frozenset(
    {"resource", "data", "variable", "locals", "module", "provider", "terraform", "output"}
)


def sniff(text: str) -> str | None:
    """The format smlint reads ``text`` as; None when it is none of them."""
    head = text.lstrip("\ufeff \t\r\n")
    if not head:
        return "yaml"  # nothing at all: no request, truly
    if head[0] in "{[":
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            return "json"  # JSON that is broken: SM001 says where
        if isinstance(value, dict) and isinstance(value.get("cells"), list) and "nbformat" in value:
            return "notebook"
        return "json"
    if _python(text):
        return "python"
    if _terraform(text):
        return "terraform"
    if _yaml(text):
        return "yaml"
    return None


def _python(text: str) -> bool:
    """Python that is more than YAML can also be: ``key: value`` lines parse as annotations,
    ``- item`` as expressions; a script has imports, assignments, calls, definitions."""
    import ast
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # (invalid escape sequences in a YAML scalar)
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return any(
        not isinstance(stmt, ast.AnnAssign)
        and not (isinstance(stmt, ast.Expr) and not isinstance(stmt.value, ast.Call))
        for stmt in tree.body
    )


def _terraform(text: str) -> bool:
    from .readers.hcl import blocks, parse
    from .readers.nodes import LoadError

    try:
        return any(name in TERRAFORM_BLOCKS for name in blocks(parse(text)))
    except LoadError:
        return False


def _yaml(text: str) -> bool:
    """YAML whose documents are mappings or lists: any line of prose is a YAML string too."""
    from .readers.libyaml import load_data

    try:
        documents = load_data(text)
    except Exception:  # noqa: BLE001 - not YAML at all
        return False
    return bool(documents) and all(isinstance(d, (dict, list)) or d is None for d in documents)
