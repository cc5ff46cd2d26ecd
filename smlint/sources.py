"""Which files to lint, and their text.

Walks the paths the user gave, decides each file's format by its extension, reads the bytes
and decodes them. Nothing here parses: problems become ``Problem`` values that the runner
turns into SM001 findings, and the walk goes on.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from dataclasses import dataclass
from typing import Iterator

from .locations import LineIndex
from .readers import EXTENSIONS as FORMATS  # extension -> format: the readers' registry
from .readers import format_of
from .readers import max_bytes as _format_max_bytes

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

# smlint.config.NAMES (not imported: the walk must not load the config module's imports)
CONFIG_NAMES = frozenset({".smlint.toml", ".smlint.yaml", ".smlint.yml", "pyproject.toml"})

MAX_FILE_BYTES = 10 * 1024 * 1024  # a request is a few KB; larger files are data, not requests


def max_bytes(fmt: str | None) -> int:
    """The most bytes of a file of format ``fmt`` smlint reads: its format's limit (the
    readers' registry: a notebook's JSON) or MAX_FILE_BYTES."""
    return _format_max_bytes(fmt) or MAX_FILE_BYTES


@dataclass(frozen=True)
class SourceFile:
    path: str  # as shown to the user
    format: str  # "json" | "yaml" | "python" | "notebook"


@dataclass(frozen=True)
class Governed:
    """A folder below the walk's root with a config of its own: linted under that config
    (ruff's rule: the nearest config applies to each file), not by this walk."""

    path: str


@dataclass(frozen=True)
class Problem:
    """A path that cannot be linted: SM001 when the user named it or it looked like ours."""

    path: str
    message: str
    line: int = 1
    column: int = 1
    skip: bool = False  # not an error: a reason, said on stderr, why the path is not linted


def file_format(path: str) -> str | None:
    """The format of the file ``path``, as the readers' registry says (smlint.readers)."""
    return format_of(path, lambda: _head(path))


def _head(path: str) -> bytes:
    """The first bytes of a regular file (never of a named pipe or a device): what tells a
    script without an extension."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:
        return b""
    try:
        return os.read(fd, 128) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
    except OSError:
        return b""
    finally:
        os.close(fd)


def _is_virtualenv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def iter_sources(
    paths, forced_format: str | None = None, exclude=None, governed=None
) -> Iterator[SourceFile | Problem]:
    """Files to lint in a stable order. A file named explicitly is linted whatever its
    extension when ``forced_format`` is given; folders contribute only known extensions.
    Every path that cannot be linted is one Problem, said once, and the walk goes on.
    ``exclude(path, named)``: the config's excludes (smlint.config_paths.excluder).
    ``governed(folder)``: does a config file in that folder (below a root) replace the one
    the walk lints under? Such a folder is one Governed item, and not walked."""
    seen: set[str] = set()
    for given in paths:
        given = tidy(given)
        try:
            mode = os.stat(given).st_mode
        except (OSError, ValueError) as exc:
            if _first_visit(given, seen):
                yield Problem(given, _stat_error(given, exc))
            continue
        if exclude is not None and exclude(given, named=True):
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(given, seen, exclude, governed)
        elif not _first_visit(given, seen):
            continue
        elif not stat.S_ISREG(mode):
            # A FIFO would block the read, a device never end: never opened.
            yield Problem(given, f"not a regular file ({_file_type(mode)}): smlint reads only files")
        elif (fmt := file_format(given) or forced_format) is None:
            yield Problem(given, not_ours(), skip=True)
        else:
            yield SourceFile(given, fmt)


def not_ours() -> str:
    """Why a file named on the command line is not linted: its extension."""
    return f"not a file smlint reads ({', '.join(FORMATS)}); use --kind to lint it anyway"


def _stat_error(path: str, exc: Exception) -> str:
    code = getattr(exc, "errno", None)
    if code == errno.ELOOP:
        return "symbolic link loop: the link leads back to itself"
    if code in (errno.ENOENT, errno.ENOTDIR) or code is None:
        if os.path.islink(path):
            return "dangling symbolic link: its target does not exist"
        return "no such file or folder"
    return f"cannot read: {exc.strerror or exc}"


_FILE_TYPES = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _file_type(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    return next((name for test, name in _FILE_TYPES if test(mode)), "not a file")


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _first_visit(path: str, seen: set, key: str | None = None) -> bool:
    # Links inside folders are not followed, so a path is met twice only when the user's
    # paths overlap (`smlint check . deploy/`): a normalized absolute path is enough.
    key = key or _key(path)
    if key in seen:
        return False
    seen.add(key)
    return True


def _walk(root: str, seen: set, exclude=None, governed=None) -> Iterator[SourceFile | Problem]:
    """Depth first, files of a folder before its subfolders, each level sorted by name (the
    order of ``os.walk``). ``os.scandir`` tells files, folders and links apart without a
    stat per file. Links are not followed (so link loops cannot trap us, and a target is
    linted as itself); named pipes and devices are never opened."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=_name)
        except OSError as exc:
            if not _first_visit(folder, seen):
                continue
            if exc.errno in _GONE:
                yield Problem(folder, _VANISHED, skip=True)
            else:
                # SM001, not a skip: requests may be in there, and an "all clear" that did
                # not look would lose them. (ruff's E902 and flake8's E902 do the same.)
                yield Problem(folder, f"cannot read folder: {exc.strerror or exc}")
            continue
        if governed is not None and folder != root and any(e.name in CONFIG_NAMES for e in entries):
            if governed(folder):
                yield Governed(folder)
                continue
        folders = []
        base = _key(folder)  # once per folder, not per file
        for entry in entries:
            try:
                if entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if (
                        entry.name not in SKIP_DIRS
                        and not _is_virtualenv(entry.path)
                        and not (exclude and exclude(entry.path))
                    ):
                        folders.append(tidy(entry.path))
                    continue
                regular = entry.is_file(follow_symlinks=False)
                fmt = file_format(entry.path if regular else entry.name)
                if fmt is None or (exclude is not None and exclude(entry.path)):
                    continue
                mode = 0 if regular else entry.stat(follow_symlinks=False).st_mode
            except OSError:  # gone since the listing: nothing left to lint
                continue
            if not _first_visit(entry.path, seen, os.path.join(base, os.path.normcase(entry.name))):
                continue
            if regular:
                yield SourceFile(tidy(entry.path), fmt)
            else:
                yield Problem(
                    tidy(entry.path), f"not a regular file ({_file_type(mode)}), not read", skip=True
                )
        stack.extend(reversed(folders))


def tidy(path: str) -> str:
    """``./deploy.py`` -> ``deploy.py`` (as ruff shows it); ``.`` and ``-`` stay."""
    while path[:2] in ("./", "." + os.sep) and len(path) > 2:
        path = path[2:].lstrip("/" + os.sep) or "."
    return path


def _name(entry) -> str:
    return entry.name


# Non-blocking: a file replaced by a named pipe after the walk must not hang the run (for
# regular files the flag changes nothing). No controlling terminal from a tty device.
_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
)


def read_bytes(path: str, limit: int | None = None) -> bytes | Problem:
    """The file's bytes; at most ``limit`` + 1 of them (the caller decides what a file
    over the limit means: a model's 14 MB tokenizer.json is simply not ours). ``limit``:
    by default the limit of the format the path's extension names (``max_bytes``). A file
    that changed since the walk is read as it is now: grown, shrunk, or gone (a skip)."""
    if limit is None:
        limit = max_bytes(format_of(path))
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        return _read_error(path, exc)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return Problem(path, f"not a regular file ({_file_type(info.st_mode)}): smlint reads only files")
        # Sized by fstat (a read of the limit would allocate that much for every file),
        # then on to the end: a file may grow while it is read.
        limit += 1
        chunks = [os.read(fd, min(info.st_size + 1, limit))]
        size = len(chunks[0])
        while chunks[-1] and size < limit:
            chunks.append(os.read(fd, min(limit - size, 1 << 20)))
            size += len(chunks[-1])
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except OSError as exc:
        return _read_error(path, exc)
    finally:
        os.close(fd)


# Deleted or renamed since the walk found it (a build running alongside): nothing is left to
# lint, so it is said on stderr and does not fail the run.
_GONE = (errno.ENOENT, errno.ENOTDIR)
_VANISHED = "vanished before it could be read (deleted or renamed meanwhile)"


def _read_error(path: str, exc: OSError) -> Problem:
    if exc.errno in _GONE:
        return Problem(path, _VANISHED, skip=True)
    return Problem(path, f"cannot read file: {exc.strerror or exc}")


# How far past MAX_FILE_BYTES an over-size file is searched for a request's words: larger
# files are data (a model, a dataset) and are left alone.
MAX_SCAN_BYTES = 256 * 1024 * 1024
_SCAN_CHUNK = 1 << 20
_SCAN_OVERLAP = 256  # longer than any marker word or key a test looks for


def mentions_anywhere(path: str, head: bytes, test, limit: int = MAX_FILE_BYTES) -> bool:
    """Does ``test`` (a cheap marker search) hold on the file's first bytes ``head`` (read
    with ``limit``) or on any later part, read in chunks (flat memory, linear time, up to
    MAX_SCAN_BYTES)?"""

    def text(chunk: bytes) -> str:
        return chunk.replace(b"\x00", b"").decode("utf-8", "replace")

    if test(text(head)):
        return True
    if len(head) != limit + 1:
        return False  # not cut by read_bytes (standard input is read whole): all of it was seen
    try:
        with open(path, "rb") as fh:
            offset = max(0, len(head) - _SCAN_OVERLAP)
            fh.seek(offset)
            while offset < MAX_SCAN_BYTES:
                chunk = fh.read(_SCAN_CHUNK)
                if not chunk:
                    return False
                if test(text(chunk)):
                    return True
                offset += len(chunk) - _SCAN_OVERLAP
                if len(chunk) <= _SCAN_OVERLAP:
                    return False
                fh.seek(offset)
    except OSError:
        return True  # it was readable a moment ago: say it is too large rather than nothing
    return False


def too_large(path: str, limit: int = MAX_FILE_BYTES) -> Problem:
    return Problem(
        path,
        f"file is larger than {limit >> 20} MiB ({limit} bytes), the most smlint reads; a request is a few KB",
    )


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
            _utf16_hint(data) or "file contains a NUL character: it is binary or in an unknown encoding",
            *LineIndex(text).position(text.index("\x00")),
        )
    return text


def _utf16_hint(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark: every other byte of its ASCII is NUL."""
    sample = data[:4096]
    for name, zeros in (("UTF-16-LE", sample[1::2]), ("UTF-16-BE", sample[0::2])):
        if len(zeros) > 1 and zeros.count(0) >= 0.9 * len(zeros):
            return (
                f"file looks like {name} without a byte-order mark: save it as UTF-8 "
                "(or UTF-16 with a byte-order mark)"
            )
    return None
