"""Results of unchanged files, kept between runs in ``.smlint_cache/``.

One cache file per settings fingerprint (smlint's version, the rule set, the options and
configuration): a change to any of them starts a fresh file, so nothing is invalidated by
hand. Inside, each linted path keeps the stat signature and the content hash it had and
the ``FileResult`` it gave. An unchanged file then costs a stat and a dictionary lookup; a
file whose stat changed but whose bytes did not (a checkout, ``touch``) costs a read and a
hash. A result that depends on other files (an imported module, a Terraform variable, an
endpoint config elsewhere) records them, and is used only while they are unchanged too.

Racy writes: a file modified within the clock tick of its last lint could keep its old
mtime, so a stat signature younger than ``_RACY_SECONDS`` before the cache was written is
never trusted alone (git's "racily clean" rule); its content hash decides.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time

from . import __version__

CACHE_DIR = ".smlint_cache"
_RACY_SECONDS = 2.0
_FORMAT = 1  # bump when the entry layout changes


def fingerprint(*parts) -> str:
    """A short stable digest of the settings a result depends on."""
    digest = hashlib.sha256(f"{__version__}\0{_FORMAT}".encode())
    for part in parts:
        digest.update(b"\0")
        digest.update(repr(part).encode("utf-8", "backslashreplace"))
    return digest.hexdigest()[:20]


def rule_files(folders) -> list:
    """(name, bytes) of every rule and schema file in ``folders``: what the rule set is made
    of, read without parsing it (a run whose files are all cached never loads the rules)."""
    found = []
    for folder in folders:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if name.endswith((".yaml", ".yml", ".json")):
                try:
                    with open(os.path.join(folder, name), "rb") as fh:
                        found.append((name, fh.read()))
                except OSError:
                    found.append((name, None))
    return found


def stat_signature(path: str):
    """(size, mtime_ns, inode) or None when the path cannot be stat'ed."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Cache:
    """``lookup`` before linting a file, ``store`` after, ``save`` once at the end."""

    def __init__(self, root: str, settings: str):
        self.folder = os.path.join(root, CACHE_DIR)
        self.file = os.path.join(self.folder, f"results-{settings}.pickle")
        self._entries: dict = {}
        self._written_at = 0.0
        self._dirty = False
        self.hits = 0
        try:
            with open(self.file, "rb") as fh:
                loaded = pickle.load(fh)
            if isinstance(loaded, dict) and loaded.get("format") == _FORMAT:
                self._entries = loaded["entries"]
                self._written_at = loaded["written_at"]
        except Exception:  # noqa: BLE001 - a missing, truncated or foreign cache is an empty one
            self._entries = {}

    def _fresh(self, signature, recorded) -> bool:
        return (
            signature is not None
            and signature == recorded
            and signature[1] / 1e9 < self._written_at - _RACY_SECONDS
        )

    def lookup(self, path: str, key: str):
        """The cached result for ``path`` (read as ``key``: its format), or None."""
        entry = self._entries.get((path, key))
        if entry is None:
            return None
        signature, digest, result, dependencies = entry
        if not all(stat_signature(dep) == sig for dep, sig in dependencies):
            return None
        current = stat_signature(path)
        if not self._fresh(current, signature):
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
            except OSError:
                return None
            if content_hash(data) != digest:
                return None
            # same bytes: remember the new stat so the next run needs no read
            self._entries[(path, key)] = (current, digest, result, dependencies)
            self._dirty = True
        self.hits += 1
        return result

    def store(self, path: str, key: str, signature, digest: str | None, result, dependencies=()) -> None:
        """Remember a result. ``signature`` was taken before the read and ``digest`` is the
        hash of the bytes read: a file changed since is seen as changed next time, never the
        reverse."""
        if digest is None or signature is None or result.failure is not None:
            return
        deps = tuple((dep, stat_signature(dep)) for dep in dependencies)
        self._entries[(path, key)] = (signature, digest, result, deps)
        self._dirty = True

    def save(self) -> None:
        """Write atomically; a cache that cannot be written is simply not kept."""
        if not self._dirty:
            return
        try:
            os.makedirs(self.folder, exist_ok=True)
            _mark(self.folder)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(
                    {"format": _FORMAT, "written_at": time.time(), "entries": self._entries},
                    fh,
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
            os.replace(tmp, self.file)
        except OSError:
            pass


def _mark(folder: str) -> None:
    """Keep the cache out of git and of backups, as ruff and pytest do."""
    for name, text in (
        (".gitignore", "# Created by smlint\n*\n"),
        ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# Created by smlint\n"),
    ):
        target = os.path.join(folder, name)
        if not os.path.exists(target):
            with open(target, "w", encoding="utf-8") as fh:
                fh.write(text)

