"""Results of unchanged files, kept between runs in ``.smlint_cache/``.

One cache file per settings fingerprint (smlint's version, the rule set, the options and
configuration): a change to any of them starts a fresh file, so nothing is invalidated by
hand. Inside, each linted path keeps the stat signature and the content hash it had and
the ``FileResult`` it gave. An unchanged file then costs a stat and a dictionary lookup; a
file whose stat changed but whose bytes did not (a checkout, ``touch``) costs a read and a
hash. A result that depends on other files (an imported module, a Terraform variable, an
endpoint config elsewhere) records them, and is used only while they are unchanged too.

Trust: the cache folder sits in the repository being linted, so its files are input like any
other and may have been written by someone else (committed to a fork, planted in a clone).
It holds JSON of plain values only, never pickles: reading it runs nothing. It is signed with
an HMAC under a key of this user's (kept outside the repository, see ``_key``), so a cache
file written elsewhere, even a well-formed one claiming that a file is clean, is a miss. Every
entry is checked against the layout below when it is used; anything unexpected is a miss.

Racy writes: a file modified within the clock tick of its last lint could keep its old
mtime, so a stat signature younger than ``_RACY_SECONDS`` before the cache was written is
never trusted alone (git's "racily clean" rule); its content hash decides.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import time

from . import __version__, fixes
from .endpoint_configs import ConfigRecord
from .findings import SEVERITIES, Finding

CACHE_DIR = ".smlint_cache"
_RACY_SECONDS = 2.0
_FORMAT = 6  # bump when the entry layout changes (1 was a pickle: never read again; 4 has fixes; 5 help; 6 a finding's parts)
_KEY_BYTES = 32


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


def _key() -> bytes:
    """This user's signing key, kept outside any repository (``$XDG_CACHE_HOME/smlint/key``,
    readable by the user alone) and made on first use. Where it cannot be kept, a key for this
    process only: the cache then still serves nothing it did not write itself."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    target = os.path.join(base, "smlint", "key")
    try:
        with open(target, "rb") as fh:
            key = fh.read(_KEY_BYTES + 1)
        if len(key) == _KEY_BYTES:
            return key
    except OSError:
        pass
    key = secrets.token_bytes(_KEY_BYTES)
    try:
        os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".key-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        os.replace(tmp, target)  # mkstemp made it 0600
        with open(target, "rb") as fh:  # another process may have won the race: use its key
            return fh.read(_KEY_BYTES + 1) if os.path.getsize(target) == _KEY_BYTES else key
    except OSError:
        return key


def _sign(key: bytes, body: bytes) -> str:
    return hmac.new(key, body, hashlib.sha256).hexdigest()


class Cache:
    """``lookup`` before linting a file, ``store`` after, ``save`` once at the end."""

    def __init__(self, root: str, settings: str):
        self.folder = os.path.join(root, CACHE_DIR)
        self.file = os.path.join(self.folder, f"results-{settings}.json")
        self._settings = settings
        self._key = _key()
        self._entries: dict = {}  # (path, format) -> the entry as stored: checked when used
        self._written_at = 0.0
        self._dirty = False
        self._load()

    def _load(self) -> None:
        """Only a file this user's smlint signed, for these settings, is read; anything else
        is an empty cache (never an error)."""
        try:
            with open(self.file, "rb") as fh:
                signature, _, body = fh.read().partition(b"\n")
            if not hmac.compare_digest(signature, _sign(self._key, body).encode()):
                return
            loaded = json.loads(body)
            if (
                type(loaded) is dict
                and loaded.get("format") == _FORMAT
                and loaded.get("settings") == self._settings
                and type(loaded.get("written_at")) is float
                and type(loaded.get("entries")) is list
            ):
                entries = {}
                for entry in loaded["entries"]:
                    if (
                        type(entry) is list
                        and len(entry) == 6
                        and type(entry[0]) is str
                        and type(entry[1]) is str
                    ):
                        entries[(entry[0], entry[1])] = entry[2:]
                self._entries, self._written_at = entries, loaded["written_at"]
        except (OSError, ValueError, RecursionError):
            pass

    def _fresh(self, signature, recorded) -> bool:
        return (
            signature is not None
            and signature == recorded
            and signature[1] / 1e9 < self._written_at - _RACY_SECONDS
        )

    def lookup(self, path: str, key: str):
        """The cached result for ``path`` (read as ``key``: its format), or None."""
        stored = self._entries.get((path, key))
        if stored is None:
            return None
        try:
            signature, digest, dependencies = _decode_stamp(stored)
        except _Unexpected:
            del self._entries[(path, key)]
            return None
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
            stored = self._entries[(path, key)] = [list(current), digest, stored[2], stored[3]]
            self._dirty = True
        try:
            return _decode_result(path, stored[2])
        except _Unexpected:
            del self._entries[(path, key)]
            return None

    def store(self, path: str, key: str, signature, digest: str | None, result, dependencies=()) -> None:
        """Remember a result. ``signature`` was taken before the read and ``digest`` is the
        hash of the bytes read: a file changed since is seen as changed next time, never the
        reverse."""
        if digest is None or signature is None or result.failure is not None:
            return
        deps = [[dep, _listed(stat_signature(dep))] for dep in dependencies]
        self._entries[(path, key)] = [list(signature), digest, _encode_result(result), deps]
        self._dirty = True

    def save(self) -> None:
        """Write atomically; a cache that cannot be written is simply not kept."""
        if not self._dirty:
            return
        body = json.dumps(
            {
                "format": _FORMAT,
                "smlint": __version__,
                "settings": self._settings,
                "written_at": time.time(),
                "entries": [[path, key, *entry] for (path, key), entry in self._entries.items()],
            },
            ensure_ascii=True,  # one line: the signature is the line before it
            separators=(",", ":"),
        ).encode("ascii")
        try:
            os.makedirs(self.folder, exist_ok=True)
            _mark(self.folder)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(_sign(self._key, body).encode() + b"\n" + body)
            os.replace(tmp, self.file)
        except OSError:
            pass


# The entry layout. Plain JSON values only; ``_decode_entry`` rebuilds the values smlint uses
# and raises _Unexpected at the first thing that is not exactly what ``store`` writes.


class _Unexpected(Exception):
    pass


def _listed(signature):
    return None if signature is None else list(signature)


def _encode_result(result) -> list:
    findings = [[_encoded(f, name) for name in _FINDING] for f in result.findings]
    configs = [
        [
            _lists(c.keys),
            c.name,
            c.where,
            c.variants,
            list(c.counts),
            list(c.instance_types),
            list(c.serverless),
        ]
        for c in result.configs
    ]
    return [
        result.path,
        findings,
        result.requests,
        result.skip,
        result.suppressed,
        configs,
        _lists(result.unmatched),
        list(result.dependencies),
    ]


def _lists(value):
    """Tuples as JSON lists, all the way down."""
    return [_lists(v) for v in value] if isinstance(value, (tuple, list)) else value


def _decode_stamp(stored) -> tuple:
    """(stat signature, content hash, [(dependency, its stat signature)]) of an entry."""
    signature, digest, _, deps = _items(stored, 4)
    signature = _stat(signature)
    if signature is None or type(digest) is not str:
        raise _Unexpected
    return (
        signature,
        digest,
        tuple((_text(dep), _stat(sig)) for dep, sig in (_items(d, 2) for d in _items(deps))),
    )


_NOTHING = [[], 0, None, 0, [], [], []]  # the result of most files: no request in them


def _decode_result(path: str, result):
    """The FileResult ``store`` wrote for ``path``."""
    from .results import FileResult

    if type(result) is list and len(result) == 8 and result[0] == path and result[1:] == _NOTHING:
        return FileResult(path)
    result_path, findings, requests, skip, suppressed, configs, unmatched, read = _items(result, 8)
    if _text(result_path) != path:
        raise _Unexpected
    return FileResult(
        path,
        [_finding(finding) for finding in _items(findings)],
        _whole(requests, 0),
        skip=None if skip is None else _text(skip),
        suppressed=_whole(suppressed, 0),
        configs=tuple(_config(config) for config in _items(configs)),
        unmatched=tuple(_keys(keys) for keys in _items(unmatched)),
        dependencies=tuple(_text(dep) for dep in _items(read)),
    )


_FINDING = tuple(f.name for f in dataclasses.fields(Finding))
_TEXT = frozenset({"rule", "name", "text", "path", "field", "lead", "help"})
_PLACE = frozenset({"line", "column", "end_line", "end_column"})


def _encoded(finding: Finding, name: str):
    value = getattr(finding, name)
    return value.as_dict() if name == "fix" and value is not None else value


def _finding(value) -> Finding:
    """A Finding from its fields in order: texts, places, the fix as plain data, and every
    other field an optional 1-based number (a notebook's cell, where a line is stored in its
    JSON)."""
    values = {}
    for name, item in zip(_FINDING, _items(value, len(_FINDING)), strict=True):
        if name == "severity":
            if item not in SEVERITIES:
                raise _Unexpected
        elif name == "fix":
            try:
                item = None if item is None else fixes.from_dict(item)
            except ValueError:
                raise _Unexpected from None
        elif name in _TEXT:
            _text(item)
        elif name == "notes":
            item = tuple(_text(note) for note in _items(item))
        elif name in _PLACE or item is not None:
            _whole(item, 1)
        values[name] = item
    return Finding(**values)


def _config(value) -> ConfigRecord:
    keys, name, where, variants, counts, types, serverless = _items(value, 7)
    return ConfigRecord(
        keys=_keys(keys),
        name=_text(name),
        where=_text(where),
        variants=None if variants is None else _whole(variants, 0),
        counts=tuple(None if c is None else _whole(c, 1) for c in _items(counts)),
        instance_types=tuple(None if t is None else _text(t) for t in _items(types)),
        serverless=tuple(_flag(s) for s in _items(serverless)),
    )


def _items(value, count: int | None = None) -> list:
    if type(value) is not list or (count is not None and len(value) != count):
        raise _Unexpected
    return value


def _text(value) -> str:
    if type(value) is not str:
        raise _Unexpected
    return value


def _whole(value, low: int) -> int:
    if type(value) is not int or value < low:
        raise _Unexpected
    return value


def _flag(value):
    if value is not None and type(value) is not bool:
        raise _Unexpected
    return value


def _stat(value):
    """A stat signature (size, mtime_ns, inode), or None for a file that was not there."""
    if value is None:
        return None
    return tuple(_whole(v, 0) for v in _items(value, 3))


def _keys(value) -> tuple:
    """Context keys: tuples of strings, as ``("name", "prod-cfg")``."""
    return tuple(tuple(_text(part) for part in _items(key)) for key in _items(value))


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
