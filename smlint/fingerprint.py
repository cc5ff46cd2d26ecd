"""A finding's identity across runs: what SARIF's partialFingerprints and the baseline file
both use. It leaves out the line and column, so that a finding keeps its fingerprint when
lines are added above it."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import replace

from .formatters import display_path, located_message

# "line 12" and "column 3" inside a message (SM002's "first at line 3", parsers' errors):
# left out so that the fingerprint does not change when lines move.
_POSITION = re.compile(r"\b(line|column) \d+")
# A file named inside a message (where an endpoint config is: "infra/config.json:3") is
# spelt from the working folder: left out, so that running from elsewhere changes nothing.
_PATH = re.compile(r"[^\s`'\"(),;]*\.(?:json|ya?ml|py|ipynb|tf|tfvars)(?![\w.])(?::\d+)*")


def fingerprint(f, path: str | None = None) -> str:
    """sha256 of rule, path, field and message. ``path`` replaces the finding's own (the
    baseline keys paths to its own folder). The help is left out: rewording a suggestion
    does not make a finding new."""
    return _digest(f, located_message(f), path)


# How a message ran on into its suggestion before ``help`` was a field of its own.
_JOINS = (": ", "; ")


def legacy_fingerprints(f, path: str | None = None) -> tuple:
    """The fingerprints the finding had when its help was the end of its message (baselines
    written before keep holding): one per way the two were joined."""
    if not f.help:
        return ()
    return tuple(
        _digest(f, located_message(replace(f, text=f"{f.text}{join}{f.help}")), path) for join in _JOINS
    )


def _digest(f, message: str, path: str | None) -> str:
    message = _PATH.sub("<file>", message)
    message = _POSITION.sub(r"\1", message)  # (a notebook's cell is part of it)
    key = "\0".join((f.rule, normalized_path(f.path if path is None else path), f.field, message))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def normalized_path(path: str) -> str:
    """The path as given, with forward slashes and without ``./`` prefixes or doubled slashes."""
    path = display_path(path)
    for sep in (os.sep, os.altsep):
        if sep and sep != "/":
            path = path.replace(sep, "/")
    head = "/" if path.startswith("/") else ""
    parts = [p for p in path.split("/") if p and p != "."]
    return head + "/".join(parts) if parts else (head or ".")
