"""A config's path patterns applied: which files its ``exclude`` leaves out and which
findings its ``per-file-ignores`` drop. (smlint.config reads and validates the config.)

A glob without ``/`` matches any file or folder name on the path; one with ``/`` the path
relative to the config's folder, as ruff's do.
"""

from __future__ import annotations

import fnmatch
import os


def matches(path: str, pattern: str, base: str) -> bool:
    """A glob without ``/`` matches any file or folder name on the path; one with ``/`` the
    path relative to the config's folder (``*`` also crosses ``/``; ``**/`` may match no
    folder at all)."""
    rel = os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/") if base else path
    if "/" not in pattern:
        return any(
            fnmatch.fnmatchcase(part, pattern) for part in rel.split("/") if part not in ("", ".", "..")
        )
    if rel.startswith("../"):
        return False
    return fnmatch.fnmatchcase(rel, pattern) or (
        pattern.startswith("**/") and fnmatch.fnmatchcase(rel, pattern[3:])
    )


def excluder(config):
    """``(path, named) -> bool`` for the walk (``config``: smlint.config.Config, or None): is
    this file or folder excluded? A path named on the command line is excluded only with
    ``force-exclude`` (ruff's rule)."""
    if config is None or not config.exclude:
        return None

    def excluded(path: str, named: bool = False) -> bool:
        if named and not config.force_exclude:
            return False
        return any(matches(path, pattern, config.base) for pattern in config.exclude)

    return excluded


def file_ignores(options, path: str, findings: list) -> tuple:
    """(codes ignored for the whole file, findings left) after ``per-file-ignores``."""
    from .registry import _matches

    config = getattr(options, "config", None)
    if config is None or not config.per_file_ignores:
        return (), findings
    whole: list = []
    scoped: list = []
    for glob, field, codes in config.per_file_ignores:
        if matches(path, glob, config.base):
            (whole if not field else scoped).append((field, codes))
    if not whole and not scoped:
        return (), findings
    whole_codes = tuple(c for _, codes in whole for c in codes)
    kept = []
    for f in findings:
        if whole_codes and _matches(f.rule, whole_codes):
            continue
        if any(_under(f.field, field) and _matches(f.rule, codes) for field, codes in scoped):
            continue
        kept.append(f)
    return whole_codes, kept


def _under(field: str, prefix: str) -> bool:
    return field == prefix or field.startswith(prefix + ".") or field.startswith(prefix + "[")
