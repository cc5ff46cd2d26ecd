"""Which files to lint, and their text.

Walks the paths the user gave, decides each file's format by its extension, reads the bytes
and decodes them. Nothing here parses: problems become ``Problem`` values that the runner
turns into SM001 findings, and the walk goes on.
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from typing import Iterator

from .model import LineIndex

FORMATS = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".tf": "terraform"}

# Folders that never hold the user's own requests: VCS data, dependencies, virtualenvs, caches.
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".smlint_cache",
        ".terraform",
        ".aws-sam",
        "cdk.out",
        "site-packages",
        "dist",
        "build",
        ".eggs",
    }
)

MAX_FILE_BYTES = 10 * 1024 * 1024  # a request is a few KB; larger files are data, not requests


@dataclass(frozen=True)
class SourceFile:
    path: str  # as shown to the user
    format: str  # "json" | "yaml"


@dataclass(frozen=True)
class Problem:
    """A path that cannot be linted: SM001 when the user named it or it looked like ours."""

    path: str
    message: str
    line: int = 1
    column: int = 1
    skip: bool = False  # not an error: a reason, said on stderr, why the path is not linted


def file_format(path: str) -> str | None:
    return FORMATS.get(os.path.splitext(path)[1].lower())


def _is_virtualenv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def iter_sources(paths, forced_format: str | None = None) -> Iterator[SourceFile | Problem]:
    """Files to lint in a stable order. A file named explicitly is linted whatever its
    extension when ``forced_format`` is given; folders contribute only known extensions."""
    seen: set[str] = set()
    for given in paths:
        try:
            mode = os.stat(given).st_mode
        except (OSError, ValueError):
            mode = 0
        if stat.S_ISDIR(mode):
            yield from _walk(given, seen)
        elif stat.S_ISREG(mode):
            fmt = file_format(given) or forced_format
            if fmt is None:
                yield Problem(
                    given,
                    "not a JSON, YAML or Terraform file (.json, .yaml, .yml, .tf); use --kind to lint it anyway",
                    skip=True,
                )
            elif _first_visit(given, seen):
                yield SourceFile(given, fmt)
        elif os.path.islink(given):
            yield Problem(given, "dangling symbolic link: its target does not exist")
        else:
            yield Problem(given, "no such file or folder")


def _first_visit(path: str, seen: set) -> bool:
    # os.walk follows no symlinked folder, so a file is met twice only when the user's
    # paths overlap (`smlint check . deploy/`): a normalized absolute path is enough.
    key = os.path.normcase(os.path.abspath(path))
    if key in seen:
        return False
    seen.add(key)
    return True


def _walk(root: str, seen: set) -> Iterator[SourceFile | Problem]:
    # os.walk does not follow symlinked folders, so link loops cannot trap us.
    for folder, dirs, files in os.walk(root, onerror=None):
        dirs[:] = sorted(
            d for d in dirs if d not in SKIP_DIRS and not _is_virtualenv(os.path.join(folder, d))
        )
        for name in sorted(files):
            fmt = file_format(name)
            if fmt is None:
                continue
            path = os.path.join(folder, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue  # links inside folders are not followed: their targets are linted as themselves
            if _first_visit(path, seen):
                yield SourceFile(path, fmt)


def read_bytes(path: str) -> bytes | Problem:
    """The file's bytes; at most MAX_FILE_BYTES + 1 of them (the caller decides what a file
    over the limit means: a model's 14 MB tokenizer.json is simply not ours)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return Problem(path, f"cannot read file: {exc.strerror or exc}")


def too_large(path: str) -> Problem:
    return Problem(path, f"file is larger than {MAX_FILE_BYTES} bytes, the most smlint reads")


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(path: str, data: bytes) -> str | Problem:
    """UTF-8 (JSON's and YAML's default), or UTF-16/32 announced by a byte-order mark.
    The BOM is dropped so that columns count from the first real character."""
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], name
            break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode(encoding, "replace")
        bad = data[exc.start : exc.end]
        shown = " ".join(f"0x{b:02x}" for b in bad)
        return Problem(
            path,
            f"cannot decode as {encoding.upper()}: {'byte' if len(bad) == 1 else 'bytes'} {shown} "
            f"{'is' if len(bad) == 1 else 'are'} not valid there (save the file as UTF-8)",
            *LineIndex(before).position(len(before)),
        )
    if "\x00" in text:
        return Problem(
            path,
            "file contains a NUL character: it is binary or in an unknown encoding",
            *LineIndex(text).position(text.index("\x00")),
        )
    return text
