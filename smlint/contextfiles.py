"""The config's ``context``: files read only for the endpoint configs they define.

pre-commit passes only the files that changed, so a request committed after its endpoint
config would lose the fleet size N. The files, folders and globs ``context`` names are read
for their endpoint configs (smlint.endpoint_configs.ConfigRecord), which join the index the linted
files' requests are matched against. They are never linted and nothing in them is reported:
a file that cannot be read or parsed simply gives no config. Their records are cached like
linted files' results (under a key of their own, so the two never mix).
"""

from __future__ import annotations

import glob
import os

from . import sources

_KEY = "context:"  # cache key prefix: a context read is not a lint of the same file


def context_files(config) -> list:
    """(path, format) of every readable file the config's ``context`` names, in order, once."""
    from .config import glob_magic

    named: list = []
    for entry in config.context if config is not None else ():
        matches = sorted(glob.glob(entry, recursive=True)) if glob_magic(entry) else [entry]
        named.extend(_relative(m) for m in matches)
    found, seen = [], set()
    for item in sources.iter_sources(named):
        if isinstance(item, sources.SourceFile) and item.path not in seen:
            seen.add(item.path)
            found.append((item.path, item.format))
    return found


def context_records(linter, cache=None) -> list:
    """The ConfigRecords of the config's context files."""
    from .cache import content_hash, stat_signature

    records: list = []
    for path, fmt in context_files(linter.options.config):
        result = cache.lookup(path, _KEY + fmt) if cache else None
        if result is None:
            signature = stat_signature(path)
            data = sources.read_bytes(path)
            result = linter.read_configs(path, data, fmt)
            if cache and isinstance(data, bytes):
                cache.store(path, _KEY + fmt, signature, content_hash(data), result, result.dependencies)
        records.extend(result.configs)
    return records


def index_of(linter, cache=None):
    """An Index of the context's endpoint configs, or None when the config names none."""
    config = linter.options.config
    if config is None or not config.context:
        return None
    from .endpoint_configs import Index

    return Index(context_records(linter, cache))


def _relative(path: str) -> str:
    """As paths are shown in messages: from the working folder (``../infra/config.json``)."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
