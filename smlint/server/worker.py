"""Where the server's linting runs: a child process, so that

- smlint's CPU-time budget per file (smlint.budgets: a timer signal in the main thread)
  applies to a buffer exactly as to a file on the command line;
- the editor's requests (hover, code actions on what is already known) are answered while a
  slow buffer is linted, and a lint that a newer edit made stale and that has not started is
  simply dropped from the queue;
- a crash of the interpreter itself (a parser's C code, memory) costs one result, and the
  next lint starts a new process.

Two processes: one lints the open documents, the other reads the workspace's endpoint configs
(a large workspace takes a while, and must not delay the first diagnostics).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from . import linting, request_members


class Engine:
    """The lint API as coroutines, run in the child processes."""

    def __init__(self):
        self._pools: dict = {}
        self._generation = 0

    def _pool(self, name: str) -> ProcessPoolExecutor:
        pool = self._pools.get(name)
        if pool is None:
            # spawned, never forked: the server has threads (its reader of standard input)
            context = multiprocessing.get_context("spawn")
            pool = ProcessPoolExecutor(
                1, mp_context=context, initializer=_start, initargs=(self._generation, os.getpid())
            )
            self._pools[name] = pool
        return pool

    async def _call(self, name: str, fn, *args):
        pool = self._pool(name)
        try:
            return await asyncio.wrap_future(pool.submit(fn, self._generation, *args))
        except BrokenProcessPool:
            self._pools.pop(name, None)
            pool.shutdown(wait=False, cancel_futures=True)
            raise

    def reset(self) -> None:
        """A config file changed: what the processes read from configs is forgotten."""
        self._generation += 1

    async def lint(self, path: str, text: str, records: tuple):
        return await self._call("lint", _lint, path, text, records)

    async def fix_all(self, path: str, text: str, records: tuple):
        return await self._call("lint", _fix_all, path, text, records)

    async def member_at(self, path: str, text: str, line: int, column: int):
        return await self._call("lint", _member_at, path, text, line, column)

    async def member_before(self, path: str, text: str, line: int, column: int):
        return await self._call("lint", _member_before, path, text, line, column)

    async def configs_on_disk(self, paths: list):
        return await self._call("scan", _configs_on_disk, list(paths))

    def close(self) -> None:
        for pool in self._pools.values():
            pool.shutdown(wait=False, cancel_futures=True)
        self._pools.clear()


# -- in the child process ----------------------------------------------------------------

_seen_generation = 0


def _start(generation: int, server: int) -> None:
    import signal
    import threading

    global _seen_generation
    _seen_generation = generation
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # (the editor's Ctrl-C is the server's to handle)
    # The server's standard output is the protocol's stream: nothing of ours may write there,
    # nor keep it open once the server is gone (the editor waits for it to close).
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)

    def orphaned():
        import time

        # (the server's pid, not the parent's as found here: it may be gone already)
        while os.getppid() == server:
            time.sleep(1.0)
        os._exit(0)  # (the server died: no one wants our results)

    threading.Thread(target=orphaned, daemon=True, name="smlint-orphaned").start()


def _current(generation: int) -> None:
    global _seen_generation
    if generation != _seen_generation:
        linting.reset()
        _seen_generation = generation


def _lint(generation, path, text, records):
    _current(generation)
    return linting.lint(path, text, records)


def _fix_all(generation, path, text, records):
    _current(generation)
    return linting.fix_all(path, text, records)


def _member_at(generation, path, text, line, column):
    _current(generation)
    return request_members.member_at(path, text, line, column)


def _member_before(generation, path, text, line, column):
    _current(generation)
    return request_members.member_before(path, text, line, column)


def _configs_on_disk(generation, paths):
    _current(generation)
    return linting.configs_on_disk(paths)
