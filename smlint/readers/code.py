"""Python scripts: the request calls the evaluator (smlint.readers.python) finds.

A request call whose values depend on branches is linted once per alternative (see
smlint.readers.extracted: a finding that holds in every alternative is reported once, as it
is, and one that holds in some says when: ``… (when `mode == "prod"` at line 12 is false)``).
Notebooks are read as one module of their code cells (smlint.readers.notebook).
"""

from __future__ import annotations

from ..sources import Problem
from .extracted import Extracted

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


def may_hold_bytes(data: bytes) -> bool:
    """A script that calls neither API is not even decoded. (A UTF-16 script without a
    byte-order mark shows its words once NULs are dropped.)"""
    return mentions_calls(data) or (b"\x00" in data and mentions_calls(data.replace(b"\x00", b"")))


may_hold = mentions_calls


def read(text: str, path: str, context):
    """The request calls and endpoint configs of a script (Extracted); a call whose values
    depend on branches is a Unit with one variant per alternative."""
    from .python import Project, load_python  # (the evaluator: only once a file may hold a call)

    project = context.run.get("python")
    if project is None:
        project = context.run["python"] = Project()  # each helper module evaluated once per run
    loaded = load_python(text, path, project, context.depends_on, context.lint_now)
    if loaded.error is not None:
        err = loaded.error
        return Extracted(problem=Problem(path, err.message, err.line, err.column))
    found = Extracted(units=loaded.requests, configs=loaded.configs, streamed=loaded.streamed)
    found.timed_out = loaded.timed_out  # (what was found before the file's time ran out is linted)
    found.problems.extend(Problem(path, cut.message, cut.line, cut.column) for cut in loaded.cuts)
    return found


def comments(text: str) -> list:
    """Python's comments, by ``tokenize`` (never a ``#`` inside a string)."""
    import io
    import tokenize

    out: list = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                out.append((tok.start[0], tok.start[1] + 1, tok.string))
    except (tokenize.TokenError, SyntaxError, ValueError):
        pass
    return out
