"""The open documents and when they are linted.

- on open and on save: linted at once; on change: after a pause in typing (``DEBOUNCE``), the
  edit replacing any lint of an older version not yet done (its task is cancelled: queued in
  the lint process, it is dropped there; running, its result is thrown away);
- results are published only for the version they were computed from;
- a document's endpoint configs are context for the others (open buffers over files on
  disk): when the configs a file defines change, the open documents whose requests asked
  for one of their names are linted again;
- a crash while linting one document is a log message and an empty result for it.

``Session`` knows the editor only through ``client`` (publish, log: smlint.server.protocol)
and smlint only through ``engine`` (smlint.server.worker.Engine).
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field

from lsprotocol import types

from . import diagnostics as diag
from .linting import CONFIG_NAMES, Outcome

DEBOUNCE = 0.3  # seconds of quiet after an edit before linting
DEPENDENT_DELAY = 0.05  # (several files saved at once: one lint of each dependent)


@dataclass
class Doc:
    uri: str
    path: str
    text: str
    version: int | None
    outcome: Outcome = field(default_factory=Outcome)
    linted: int | None = None  # the version ``outcome`` is of
    lines: diag.Lines | None = None  # of the linted text


class Session:
    def __init__(self, client, engine, encoding: str = types.PositionEncodingKind.Utf16):
        self.client = client
        self.engine = engine
        self.encoding = encoding
        self.docs: dict = {}  # uri -> Doc
        self.on_disk: dict = {}  # path -> ConfigRecords read from the file on disk
        self._tasks: dict = {}  # uri -> the pending lint task
        self._config_problems: dict = {}  # config uri -> the Diagnostic published there
        self.roots: list = []
        self._running: set = set()

    # -- events ------------------------------------------------------------------------

    def opened(self, uri: str, text: str, version: int | None) -> None:
        path = diag.path_of(uri)
        if path is None:
            return
        self.docs[uri] = Doc(uri, path, text, version)
        self.schedule(uri, 0)

    def changed(self, uri: str, text: str, version: int | None) -> None:
        doc = self.docs.get(uri)
        if doc is None:
            return
        doc.text, doc.version = text, version
        self.schedule(uri, DEBOUNCE)

    def saved(self, uri: str, text: str | None = None) -> None:
        doc = self.docs.get(uri)
        path = doc.path if doc else diag.path_of(uri)
        if path is not None and (os.path.basename(path) in CONFIG_NAMES or self._is_policy(path)):
            self.configs_changed()
        if doc is not None:
            if text is not None:
                doc.text = text
            self.schedule(uri, 0)
            self._spawn(self._rescan([doc.path]))  # (what is on disk now: context once closed)

    def closed(self, uri: str) -> None:
        task = self._tasks.pop(uri, None)
        if task is not None:
            task.cancel()
        doc = self.docs.pop(uri, None)
        if doc is None:
            return
        self.client.publish(uri, None, [])
        disk = self.on_disk.get(doc.path, ())  # (what the file on disk defines is context again)
        if _facts(doc.outcome.configs) != _facts(disk):
            self._dependents(_keys(doc.outcome.configs) | _keys(disk), None)

    def _is_policy(self, path: str) -> bool:
        """Is ``path`` a rule file of a rules-dir that an open document's config names (its
        policies: saved, created or deleted, they change the results)?"""
        return path.endswith((".yaml", ".yml")) and any(
            os.path.dirname(path) in doc.outcome.rules_dirs for doc in self.docs.values()
        )

    def configs_changed(self) -> None:
        """A config file or a policy was saved, created or deleted: every document again."""
        self.engine.reset()
        for uri in list(self.docs):
            self.schedule(uri, 0)

    def files_changed(self, paths) -> None:
        """Files changed on disk (saved elsewhere, created, deleted): their endpoint configs
        are read again."""
        paths = [os.path.abspath(p) for p in paths]
        if any(os.path.basename(p) in CONFIG_NAMES or self._is_policy(p) for p in paths):
            self.configs_changed()
        self._spawn(self._rescan(paths))

    async def scan_workspace(self, roots) -> None:
        """The endpoint configs of every file of the workspace's folders."""
        self.roots = [os.path.abspath(r) for r in roots]
        if self.roots:
            await self._rescan(self.roots)

    async def _rescan(self, paths) -> None:
        try:
            found = await self.engine.configs_on_disk(paths)
        except Exception as exc:  # noqa: BLE001 - context lost, never the server
            self.client.log(
                types.MessageType.Warning, f"smlint: cannot read the workspace's endpoint configs: {exc}"
            )
            return
        changed: set = set()
        for path in paths:
            if not os.path.isdir(path) and path not in found:
                changed.update(_keys(self.on_disk.pop(path, ())))  # (deleted)
        for path, records in found.items():
            old = self.on_disk.get(path, ())
            if _facts(old) != _facts(records):
                changed.update(_keys(old) | _keys(records))
            self.on_disk[path] = records
        self._dependents(changed, None)

    # -- linting ------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        task = self._tasks.pop(uri, None)
        if task is not None:
            task.cancel()
        self._tasks[uri] = self._spawn(self._lint_later(uri, delay))

    def _spawn(self, coro):
        task = asyncio.get_running_loop().create_task(coro)
        self._running.add(task)  # (the loop keeps only a weak reference to a task)
        task.add_done_callback(self._running.discard)
        return task

    async def _lint_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        try:
            await self.lint(uri)
        finally:
            if self._tasks.get(uri) is asyncio.current_task():
                del self._tasks[uri]

    def records_for(self, path: str) -> tuple:
        """The endpoint configs of every other file: open buffers, else the files on disk."""
        records: list = []
        open_paths = set()
        for doc in self.docs.values():
            open_paths.add(doc.path)
            if doc.path != path:
                records.extend(doc.outcome.configs)
        for where, found in self.on_disk.items():
            if where != path and where not in open_paths:
                records.extend(found)
        return tuple(records)

    async def lint(self, uri: str) -> None:
        doc = self.docs.get(uri)
        if doc is None:
            return
        version, text, records = doc.version, doc.text, self.records_for(doc.path)
        try:
            outcome = await self.engine.lint(doc.path, text, records)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - one document's crash, never the server's
            self.client.log(
                types.MessageType.Error,
                f"smlint: internal error linting {doc.path}: {type(exc).__name__}: {exc} (please report it)",
            )
            outcome = Outcome()
        if self.docs.get(uri) is not doc or doc.version != version or doc.text != text:
            return  # (a newer edit: its own lint follows)
        if _facts(self.records_for(doc.path)) != _facts(records):
            # (the endpoint configs of other files changed while it was linted: a workspace
            # scan that ended meanwhile found the config the request names; _dependents saw
            # the document's last result, not this one)
            self._tasks[uri] = self._spawn(self._lint_later(uri, 0))
            return
        if outcome.failure:
            self.client.log(
                types.MessageType.Error,
                f"smlint: internal error on {doc.path}: {outcome.failure} (please report it)",
            )
        # (the configs it defined until now: its last result's, else the file's on disk)
        before = doc.outcome.configs if doc.lines is not None else self.on_disk.get(doc.path, ())
        doc.outcome, doc.linted, doc.lines = outcome, version, diag.Lines(text, self.encoding)
        self._publish_config_problems()
        self._publish(doc)
        if _facts(before) != _facts(outcome.configs):
            self._dependents(_keys(before) | _keys(outcome.configs), uri)

    def _dependents(self, keys: set, changed_uri: str | None) -> None:
        if not keys:
            return
        for uri, doc in self.docs.items():
            if uri != changed_uri and doc.outcome.asked & keys:
                self.schedule(uri, DEPENDENT_DELAY)

    def _publish_config_problems(self) -> None:
        """One diagnostic at each config file that cannot be used (cleared once fixed)."""
        problems: dict = {}
        for doc in self.docs.values():
            problem = doc.outcome.config_problem
            if problem is not None and problem.path:
                problems.setdefault(diag.uri_of(problem.path), problem)
            elif problem is not None:
                self.client.log(types.MessageType.Error, problem.message)
        old, self._config_problems = self._config_problems, {}
        for uri, problem in problems.items():
            if uri in old and old[uri].message == problem.message:
                self._config_problems[uri] = old[uri]  # (said already)
                continue
            open_doc = self.docs.get(uri)
            self._config_problems[uri] = diag.config_diagnostic(
                problem, open_doc.text if open_doc else _read(problem.path)
            )
            if open_doc is not None:
                self._publish(open_doc)
            else:
                self.client.publish(uri, None, [self._config_problems[uri]])
        for uri in set(old) - set(problems):
            if uri in self.docs:
                self._publish(self.docs[uri])
            else:
                self.client.publish(uri, None, [])

    def _publish(self, doc: Doc) -> None:
        """A document's diagnostics (and, for a config file, why it cannot be used)."""
        found = diag.diagnostics(doc.outcome, doc.lines) if doc.lines is not None else []
        extra = self._config_problems.get(doc.uri)
        self.client.publish(doc.uri, doc.linted, found + ([extra] if extra is not None else []))

    def close(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        self._tasks.clear()


def _keys(records) -> set:
    return {key for rec in records for key in rec.keys}


def _facts(records) -> set:
    return {(rec.keys, rec.facts(), rec.where) for rec in records}


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return None
