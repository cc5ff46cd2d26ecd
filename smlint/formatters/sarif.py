"""SARIF 2.1.0, the format code-scanning services read (GitHub code scanning, Azure DevOps,
VS Code's SARIF viewer): one run, every rule as a reportingDescriptor, one result per
finding with its region and a fingerprint that survives lines moving."""

from __future__ import annotations

import re
from urllib.parse import quote

from .. import __version__
from ..fingerprint import fingerprint, normalized_path
from . import escape, located_message, stored

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/smlint/smlint"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# v2: the message without its help (v1 hashed the two as one message)
FINGERPRINT = "smlint/v2"

__all__ = ["render", "fingerprint", "normalized_path"]

# Characters a URI path may hold as they are (RFC 3986 pchar and "/"); others are %-encoded.
_URI_SAFE = "/!$&'()*+,;=:@-._~"


def render(report, rules=None) -> str:
    descriptors, index = _descriptors(report.findings, rules)
    run = {
        "tool": {
            "driver": {
                "name": "smlint",
                "informationUri": INFORMATION_URI,
                "version": __version__,
                "rules": descriptors,
            }
        },
        # smlint counts columns in characters (code points), not UTF-16 code units.
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule]) for f in report.findings],
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return escape.json_text(log, indent=2) + "\n"


def _descriptors(findings, rules) -> tuple:
    descriptors: list = []
    index: dict = {}
    for rule in rules or ():
        index[rule.id] = len(descriptors)
        descriptors.append(_descriptor(rule))
    # Without rule metadata (or for a finding of a rule not in it), what the finding says.
    for f in sorted(findings, key=lambda f: f.rule):
        if f.rule not in index:
            index[f.rule] = len(descriptors)
            descriptors.append({"id": f.rule, "name": f.name})
    return descriptors, index


def _descriptor(rule) -> dict:
    docs = rule.docs or {}
    descriptor = {"id": rule.id, "name": rule.name, "shortDescription": {"text": _collapse(rule.summary)}}
    if docs.get("what"):
        descriptor["fullDescription"] = {"text": _collapse(docs["what"])}
    if docs.get("fix"):
        descriptor["help"] = {"text": _collapse(docs["fix"])}
    uri = help_uri(rule)
    if uri:
        descriptor["helpUri"] = uri
    descriptor["defaultConfiguration"] = {"level": LEVELS.get(rule.severity, "warning")}
    descriptor["properties"] = {"tags": ["sagemaker", rule.severity]}
    return descriptor


def help_uri(rule) -> str | None:
    """Where a rule's documentation points people (SARIF's helpUri, the language server's
    codeDescription): its first reference."""
    references = (rule.docs or {}).get("references") or ()
    return references[0].get("url") or None if references else None


def _result(f, rule_index: int) -> dict:
    path = normalized_path(f.path)
    artifact = {"uri": _uri(path)}
    if not _is_absolute(path):
        artifact["uriBaseId"] = "%SRCROOT%"
    location = {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": dict(zip(("startLine", "startColumn", "endLine", "endColumn"), stored(f), strict=True)),
        }
    }
    if f.field:
        location["logicalLocations"] = [{"fullyQualifiedName": f.field}]
    result = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS.get(f.severity, "warning"),
        "message": {"text": located_message(f)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT: fingerprint(f)},
    }
    if f.fix is not None and f.fix.edits:
        result["fixes"] = [_fix(f.fix, artifact)]
    if f.help:
        # SARIF 2.1.0 has no per-result help: reportingDescriptor.help is the rule's (its YAML
        # fix, above), and a fix needs artifact changes. A result's property bag (§3.8) is the
        # standard place for what the format does not name.
        result["properties"] = {"help": f.help}
    return result


def _fix(fix, artifact: dict) -> dict:
    """A fix as SARIF's: one artifact change, a replacement per edit (its region in the file,
    columns in code points as the run says)."""
    return {
        "description": {"text": fix.title},
        "artifactChanges": [
            {
                "artifactLocation": artifact,
                "replacements": [
                    {
                        "deletedRegion": {
                            "startLine": e.line,
                            "startColumn": e.column,
                            "endLine": e.end_line,
                            "endColumn": e.end_column,
                        },
                        "insertedContent": {"text": e.text},
                    }
                    for e in fix.edits
                ],
            }
        ],
        "properties": {"applicability": fix.applicability},
    }


def _is_absolute(path: str) -> bool:
    return path.startswith("/") or bool(re.match(r"[A-Za-z]:/", path))


def _uri(path: str) -> str:
    """A URI reference: relative paths stay relative (resolved against %SRCROOT%), absolute
    ones become file URIs; spaces, ``%``, ``#``, ``?`` and non-ASCII are %-encoded."""
    if re.match(r"[A-Za-z]:/", path):  # a Windows drive
        return "file:///" + path[:2] + quote(path[2:], safe=_URI_SAFE)
    if path.startswith("/"):
        return "file://" + quote(path, safe=_URI_SAFE)
    encoded = quote(path, safe=_URI_SAFE)
    # A first segment with ":" would read as a scheme ("c:x.json"): make it plainly relative.
    first = encoded.split("/", 1)[0]
    return "./" + encoded if ":" in first else encoded


def _collapse(text: str) -> str:
    """Folded YAML prose (line breaks, a trailing newline) as one line."""
    return " ".join(str(text).split())
