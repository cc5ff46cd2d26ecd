"""The baseline: findings a repository already had when it adopted smlint, recorded so that
only new ones are reported.

A finding is matched by its fingerprint (rule, file, field and message, not its line: the
same one SARIF's partialFingerprints carry), with the file's path taken relative to the
baseline file's folder, so that the baseline works from any working directory and survives
lines being added or removed. Each entry also says what it is, for the reviewer of the file.
A fingerprint listed twice covers two identical findings.
"""

from __future__ import annotations

import json
import os
from collections import Counter

from .fingerprint import fingerprint, legacy_fingerprints, normalized_path

VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or written: exit 2."""


def _key(finding, folder: str) -> str:
    return fingerprint(finding, _relative(finding.path, folder))


def _keys(finding, folder: str) -> tuple:
    """The finding's fingerprint, then those a baseline written before its help was split
    from its message holds for it."""
    path = _relative(finding.path, folder)
    return (fingerprint(finding, path),) + legacy_fingerprints(finding, path)


def _relative(path: str, folder: str) -> str:
    try:
        return os.path.relpath(os.path.abspath(path), folder)
    except ValueError:  # another drive (Windows)
        return os.path.abspath(path)


def write(path: str, findings) -> int:
    folder = os.path.dirname(os.path.abspath(path))
    entries = [
        {
            "fingerprint": _key(f, folder),
            "rule": f.rule,
            "path": normalized_path(_relative(f.path, folder)),
            "field": f.field,
            "message": f.message,
        }
        for f in findings
    ]
    entries.sort(key=lambda e: (e["path"], e["rule"], e["field"], e["fingerprint"]))
    data = {"smlint-baseline": VERSION, "findings": entries}
    try:
        with open(path, "w", encoding="utf-8", errors="backslashreplace") as fh:
            json.dump(data, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {path}: {exc.strerror or exc}") from None
    return len(entries)


def read(path: str) -> Counter:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise BaselineError(f"{path}: not a smlint baseline (invalid JSON: {exc})") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("smlint-baseline") != VERSION
        or not isinstance(entries, list)
        or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries)
    ):
        raise BaselineError(
            f"{path}: not a smlint baseline (version {VERSION}); write one with --write-baseline"
        )
    return Counter(e["fingerprint"] for e in entries)


def apply(report, path: str, known: Counter) -> None:
    """Leave out of ``report`` the findings the baseline holds (each entry covers one)."""
    folder = os.path.dirname(os.path.abspath(path))
    left = Counter(known)
    kept = []
    for f in report.findings:
        key = next((k for k in _keys(f, folder) if left[k] > 0), None)
        if key is not None:
            left[key] -= 1
            report.baselined += 1
        else:
            kept.append(f)
    report.findings = kept
