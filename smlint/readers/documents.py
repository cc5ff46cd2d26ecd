"""The documents of a JSON or YAML file -> requests and endpoint configs.

Each document is offered to the document readers (``smlint.readers.DOCUMENT_READERS``:
CloudFormation templates, Kubernetes ACK resources, Terraform plans, Step Functions
definitions), the one place they are tried; a document none of them claims is a request, a
bare DeploymentConfig (or a policy's body alone) or an endpoint config when
``smlint.readers.detect`` says so, and is left alone otherwise.
"""

from __future__ import annotations

from ..model import DEPLOYMENT_CONFIG, ENDPOINT_CONFIG, Document, name_keys
from ..sources import Problem
from . import document_readers
from .detect import detect, may_hold_request
from .extracted import Extracted, Unit
from .templates import may_be_templated, unresolve_placeholders


def worth_parsing(text: str, context) -> bool:
    """Can ``text`` hold a request or a plan? The common case in a repository, a JSON or YAML
    file of something else, is not parsed at all."""
    if context.kind or may_hold_request(text):
        return True
    from .terraform_plan import may_be_plan  # (its keys are snake_case)

    return may_be_plan(text)


def read_parsed(parsed, text: str, path: str, context) -> Extracted:
    """Every document of ``parsed`` (smlint.readers.nodes.Parsed) read."""
    if parsed.error:
        err = parsed.error
        return Extracted(problem=Problem(path, err.message, err.line, err.column))
    found = Extracted()
    found.problems.extend(Problem(path, err.message, err.line, err.column) for err in parsed.cut)
    templated = None  # (the whole text's test, once: per document it was quadratic)
    for position, composed in enumerate(parsed.documents):
        if not context.kind:
            inner = next(
                (
                    e
                    for e in (r.read_document(composed, path, context) for r in document_readers())
                    if e is not None
                ),
                None,
            )
            if inner is not None:
                found.units.extend(inner.units)
                found.configs.extend(inner.configs)
                continue
        kind = detect(composed.value, path, context.kind)
        if kind is None:
            continue
        if templated is None:
            templated = may_be_templated(text)
        doc = _document(path, kind, composed, position, len(parsed.documents), templated)
        if kind == ENDPOINT_CONFIG:
            doc.known_as = name_keys(doc.payload)
            found.configs.append(doc)
        else:
            doc.refers_to = name_keys(doc.payload)
            found.units.append(Unit(doc))
    return found


def _document(path, kind, composed, index, total, templated: bool = True) -> Document:
    payload, source_map = composed.value, composed.source_map
    duplicates = composed.duplicates
    if kind == DEPLOYMENT_CONFIG:
        # A bare DeploymentConfig is read as the request that would carry it, so that
        # every rule speaks of DeploymentConfig.… whatever the file holds; a policy's
        # body alone (detect.policy_body), as the DeploymentConfig that would wrap it.
        from .detect import policy_body

        policy = policy_body(payload)
        prefix = ("DeploymentConfig",) + ((policy,) if policy else ())
        for key in reversed(prefix):
            payload = {key: payload}
        source_map = source_map.prefixed(prefix)
        duplicates = [type(d)(prefix + d.path, d.first, d.second) for d in duplicates]
    origin = f"document {index + 1}" if total > 1 else ""
    if templated:
        payload, templated = unresolve_placeholders(payload)
    return Document(path, kind, payload, source_map, origin, duplicates)
