"""Linting many files on several processes: the same results, in the same order as serial.

Worth it only when there are many files: starting workers costs tens of milliseconds, more
than linting a few dozen files. Workers are forked where the platform forks safely (Linux),
inheriting the linter; elsewhere they are spawned and receive it pickled.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from itertools import chain, islice
from typing import Iterable, Iterator

from . import sources

# Below this many files to read, one process is faster than starting others.
PARALLEL_FROM = 256
_CHUNK = 32

_linter = None  # the worker process's linter


@dataclass
class Outcome:
    """A FileResult with what the cache needs to know about the bytes it came from."""

    path: str
    format: str
    result: object  # runner.FileResult
    signature: tuple | None  # stat before the read
    digest: str | None  # hash of the bytes read (None when a cache is not kept)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def lint_one(linter, path: str, fmt: str, hashed: bool) -> Outcome:
    if not hashed:
        return Outcome(path, fmt, linter.lint_data(path, sources.read_bytes(path), fmt), None, None)
    from .cache import content_hash, stat_signature

    signature = stat_signature(path)
    data = sources.read_bytes(path)
    result = linter.lint_data(path, data, fmt)
    return Outcome(path, fmt, result, signature, content_hash(data) if isinstance(data, bytes) else None)


def _init(linter) -> None:
    global _linter
    _linter = linter


def _work(task) -> Outcome:
    path, fmt, hashed = task
    return lint_one(_linter, path, fmt, hashed)


def lint_all(linter, items: Iterable, jobs: int, hashed: bool = False) -> Iterator[Outcome]:
    """An Outcome per SourceFile, in the order of ``items``, which are consumed lazily: files
    are linted while the walk goes on."""
    tasks = ((item.path, item.format, hashed) for item in items)
    head = list(islice(tasks, PARALLEL_FROM)) if jobs > 1 else []
    if len(head) < PARALLEL_FROM:
        for task in chain(head, tasks):
            yield lint_one(linter, *task)
        return
    import multiprocessing  # 15 ms of imports: only when there is work to spread

    _ = linter.selected  # load the rules once, before the workers fork
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    with context.Pool(jobs, initializer=_init, initargs=(linter,)) as pool:
        yield from pool.imap(_work, chain(head, tasks), chunksize=_CHUNK)
