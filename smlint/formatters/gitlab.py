"""GitLab Code Quality: the JSON report a job names under ``artifacts: reports:
codequality:``, shown in merge requests. GitLab reads an array of issues, each with
``description``, ``check_name``, ``fingerprint``, ``severity`` (info, minor, major, critical,
blocker) and ``location.path`` (relative to the repository) with ``location.lines.begin``.

The fingerprint is the one SARIF and the baseline use (it survives lines moving); GitLab
shows issues with the same fingerprint as one, so a second identical finding in a file gets
its occurrence number hashed in."""

from __future__ import annotations

import hashlib
import json
import os

from ..fingerprint import fingerprint, normalized_path
from . import located_message

# smlint's three levels on GitLab's five: an error (SageMaker or the tool rejects the request,
# or the deployment fails) blocks a merge in most teams' eyes as "major"; critical and blocker
# are left for security scanners.
SEVERITY = {"info": "info", "warning": "minor", "error": "major"}


def render(report, rules=None) -> str:
    issues = []
    seen: dict = {}
    for f in report.findings:
        path = repository_path(f.path)
        key = fingerprint(f, path)
        count = seen[key] = seen.get(key, 0) + 1
        if count > 1:
            key = hashlib.sha256(f"{key}\0{count}".encode()).hexdigest()
        issues.append(
            {
                # (one line in a merge request's widget: the help as a second sentence)
                "description": f"{f.rule} {located_message(f)}" + (f". Help: {f.help}" if f.help else ""),
                "check_name": f.rule,
                "fingerprint": key,
                "severity": SEVERITY.get(f.severity, "minor"),
                "location": {"path": path, "lines": {"begin": f.line}},
            }
        )
    # (no byte order mark: GitLab's parser refuses one)
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def repository_path(path: str) -> str:
    """The path GitLab links to: relative to the working folder (the job runs at the
    repository's root), with forward slashes and no ``./``."""
    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path)
        except ValueError:  # another drive (Windows)
            relative = path
        if not relative.startswith(".."):
            path = relative
    return normalized_path(path)
