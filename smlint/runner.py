"""The pipeline, end to end, for one file: bytes -> readers -> Documents -> engine -> findings
-> suppressions (``Linter``, with its ``Options``). A run over many files is smlint.passes',
what a file and a run give smlint.results'.

Bad input never stops a run: a file that cannot be read or parsed becomes one SM001 finding
and the next file is linted. Heavy imports (ruamel.yaml, jsonschema, the rule files) happen
only once a file looks like it may hold a request.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

from . import readers, sources
from .budgets import FILE_SECONDS, CutSaid, OutOfTime, settle, stopped, time_budget
from .endpoint_configs import Index, record
from .fixers.edits import Sources
from .model import Document
from .readers.collector import frozen
from .readers.extracted import lint_unit
from .results import FileResult, Report
from .suppress import suppress_file


@dataclass
class Options:
    select: tuple = ()
    ignore: tuple = ()
    fleet_size: int | None = None
    kind: str | None = None  # forces every document to this request kind
    jobs: int = 1  # worker processes for many files; 0: one per CPU
    cache_dir: str | None = None  # keep results of unchanged files in <cache_dir>/.smlint_cache
    extend_select: tuple = ()
    config: object = None  # smlint.config.Config: rules-dirs, severity, per-file-ignores, exclude
    file_seconds: float | None = None  # time budget of one file (smlint.budgets); None: the default


class Linter:
    def __init__(self, options: Options, rules=None):
        self.options = options
        self._rules = rules
        self._selected = None
        self._run: dict = {}  # what readers keep for the whole run (smlint.readers.Context.run)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_run": {}}  # (a worker starts its own)

    @property
    def rules(self):
        if self._rules is None:
            from .policies import ruleset

            self._rules = ruleset(self.options.config)
        return self._rules

    @property
    def selected(self) -> frozenset:
        if self._selected is None:
            from .settings import selection

            self._selected = selection(self.rules, self.options)
        return self._selected

    def lint_paths(self, paths, governed=None) -> Report:
        """Every file under ``paths``, in two passes (smlint.passes.lint_paths).
        ``governed(folder)``: whether a folder's own config replaces this linter's (such
        folders are left out and listed in ``Report.governed``)."""
        from .passes import lint_paths

        return lint_paths(self, paths, governed)

    def lint_file(self, path: str, fmt: str, index=None) -> "FileResult":
        """One file, read and linted: the unit of work (what a worker or a cache holds).
        ``index``: endpoint configs found in other files (smlint.endpoint_configs.Index)."""
        return self.lint_data(path, sources.read_bytes(path), fmt, index)

    def lint_data(self, path: str, data, fmt: str, index=None) -> "FileResult":
        if isinstance(data, sources.Problem):
            if data.skip:
                return FileResult(path, skip=data.message)
            return FileResult(path, self.unreadable(data))
        seconds = FILE_SECONDS if self.options.file_seconds is None else self.options.file_seconds
        try:
            context = self.context(path)
            with time_budget(seconds):
                result, comments = self._lint_bytes(path, data, fmt, index, context)
                findings, suppressed = self._suppress(path, data, result.findings, comments)
        except OutOfTime as exc:  # one slow file never stalls the run: said, and the next one
            problem = sources.Problem(path, stopped(exc.seconds, "not linted"))
            return FileResult(path, self.unreadable(problem), timed_out=True)
        except Exception as exc:  # a bug of ours must not cost the user the other files
            if os.environ.get("SMLINT_DEBUG"):
                raise
            return FileResult(path, failure=f"{type(exc).__name__}: {exc}")
        if findings and readers.stores_positions(fmt):
            text = data if isinstance(data, str) else sources.decode(path, data)
            findings = readers.stored_positions(text, fmt, findings) if isinstance(text, str) else findings
        result.findings, result.suppressed, result.dependencies = (
            findings,
            suppressed,
            tuple(context.dependencies),
        )
        return result

    def context(self, path: str) -> readers.Context:
        """What the readers of the file ``path`` are given (smlint.readers.Context)."""
        return readers.Context(
            kind=self.options.kind, var_files=_var_files(self.options.config, path), run=self._run
        )

    def read_configs(self, path: str, data, fmt: str) -> "FileResult":
        """Only the endpoint configs of one file (a context file: smlint.contextfiles);
        whatever keeps the file from being read means no config, never a finding."""
        if isinstance(data, sources.Problem) or len(data) > sources.max_bytes(fmt):
            return FileResult(path)
        if not readers.may_hold_bytes(data, fmt):
            return FileResult(path)
        text = sources.decode(path, data)
        if isinstance(text, sources.Problem):
            return FileResult(path)
        context = self.context(path)
        try:
            found = readers.read(text, path, fmt, context)
            configs = tuple(record(doc) for doc in found.configs)
        except Exception:  # a bug of ours in a file that is not linted: no config from it
            if os.environ.get("SMLINT_DEBUG"):
                raise
            return FileResult(path)
        return FileResult(path, configs=configs, dependencies=tuple(context.dependencies))

    def suppress(self, path: str, data, findings: list) -> tuple:
        """(findings left, number suppressed) for the file ``path`` whose bytes or text is
        ``data``: config's per-file ignores, then its suppression comments (smlint.suppress),
        read by the reader of its format."""
        fmt = sources.file_format(path)
        return self._suppress(path, data, findings, _later(path, data, fmt) if fmt else readers.no_comments)

    def _suppress(self, path: str, data, findings: list, comments) -> tuple:
        return suppress_file(self.options, self._selection, path, data, findings, comments)

    def _selection(self) -> tuple:
        return self.rules, self.selected

    def lint_bytes(self, path: str, data: bytes, fmt: str) -> tuple:
        """(findings, number of requests) for one file's content."""
        result, _ = self._lint_bytes(path, data, fmt, None, self.context(path))
        return result.findings, result.requests

    def _lint_bytes(self, path: str, data: bytes, fmt: str, index, context) -> tuple:
        """(FileResult, its comments: () -> [Comment])."""
        unread = _later(path, data, fmt)
        limit = sources.max_bytes(fmt)  # (the format's: a notebook's JSON may be larger)
        if len(data) > limit:
            # Over the limit wherever the request sits: the part past the limit is searched
            # too (streamed, never held), so a request after the first 10 MiB is not "clean".
            may_hold = readers.reader(fmt).may_hold
            if self.options.kind or sources.mentions_anywhere(path, data, may_hold, limit):
                return FileResult(path, self.unreadable(sources.too_large(path, limit))), unread
            return FileResult(path), unread
        if not readers.may_hold_bytes(data, fmt):
            return FileResult(path), unread  # (not even decoded)
        text = sources.decode(path, data)
        if isinstance(text, sources.Problem):
            # Undecodable bytes are reported only where a request may be: a binary file
            # that happens to end in .json is not ours to judge.
            # (NULs dropped: a UTF-16 file without a byte-order mark still shows its words)
            if self.options.kind or readers.may_hold(data.replace(b"\x00", b"").decode("latin-1"), fmt):
                return FileResult(path, self.unreadable(text)), readers.no_comments
            return FileResult(path), readers.no_comments
        return self._lint_text(path, text, fmt, index, context)

    def lint_text(self, path: str, text: str, fmt: str) -> tuple:
        """(findings, number of requests) for one file's text."""
        result = self.lint_text_result(path, text, fmt)
        return result.findings, result.requests

    def lint_text_result(self, path: str, text: str, fmt: str, index=None) -> "FileResult":
        """One file's text: its requests linted with the endpoint configs of the same file
        (then of ``index``); the configs kept for the other files."""
        context = self.context(path)
        result, _ = self._lint_text(path, text, fmt, index, context)
        result.dependencies = tuple(context.dependencies)
        return result

    def check_text(self, path: str, text: str, fmt: str, index=None) -> "FileResult":
        """One file's text linted and its suppressions applied (the comments from what its
        reader already parsed): what a fix's re-lint, a rule's examples and an editor's
        buffer need."""
        context = self.context(path)
        result, comments = self._lint_text(path, text, fmt, index, context)
        result.findings, result.suppressed = self._suppress(path, text, result.findings, comments)
        result.dependencies = tuple(context.dependencies)
        return result

    def _lint_text(self, path: str, text: str, fmt: str, index, context) -> tuple:
        texts = Sources(text, fmt)  # (what fixes edit: read only when a finding proposes one)
        findings: list = []
        unmatched: dict = {}
        # (a reader hands units over as it reads only when the file defines no endpoint
        # config: until the file's configs are read, the other files' are all there are)
        local = Index((), fallback=index)
        # What the checks said of the file's requests alike but for their EndpointName (a
        # script updating many endpoints the same way), from its second request on: a file of
        # one request works out no key (smlint.engine.lint_document's ``said``).
        said: dict | None = None
        linted = 0

        def lint_one(doc: Document) -> list:
            nonlocal said, linted
            # (each alternative of a branch may name its own config)
            config = local.find(doc.refers_to) if doc.refers_to else None
            if doc.refers_to and config is None:
                unmatched[doc.refers_to] = None
            linted += 1
            if linted == 2:
                said = {}
            return self.lint_document(doc, config, texts, said)

        def lint_now(unit) -> None:  # (readers.Context.lint_now)
            try:
                findings.extend(lint_unit(unit, lint_one, self._doubted))
            except OutOfTime as exc:  # what was established stands, and the cut is said
                findings.extend(self.unreadable(_cut(path, exc, unit, None)))
                raise CutSaid from None
            except Exception as exc:  # (through the reader untouched: an error of ours, as below)
                raise _Failed(exc) from None

        try:
            found = readers.read(text, path, fmt, context, lint_now)
        except _Failed as failed:
            raise failed.error from None
        if found.problem is not None:
            findings = self.unreadable(found.problem)
            return FileResult(path, found.relocate(findings) if found.relocate else findings), found.comments
        records = tuple(record(doc) for doc in found.configs)
        local = Index(records, fallback=index)

        timed_out = False
        with frozen():  # (the file's documents, alive throughout, are not walked by every collection)
            for done, unit in enumerate(found.units):
                try:
                    findings.extend(lint_unit(unit, lint_one, self._doubted))
                except OutOfTime as exc:  # what was established stands, and the cut is said
                    findings.extend(self.unreadable(_cut(path, exc, unit, len(found.units) - done)))
                    timed_out = True
                    break
            if found.timed_out:  # (the reader was cut: the time it left for linting ends here)
                settle()
        for problem in found.problems:
            findings.extend(self.unreadable(problem))
        if found.relocate:
            findings = found.relocate(findings)
        requests = found.streamed + len(found.units)
        result = FileResult(path, findings, requests, configs=records, unmatched=tuple(unmatched))
        result.timed_out = timed_out or found.timed_out
        return result, found.comments

    def extract(self, path: str, text: str, fmt: str):
        """The requests and endpoint configs in one file's text, or the problem that keeps it
        from being read (smlint.readers.extracted.Extracted)."""
        return readers.read(text, path, fmt, self.context(path))

    def lint_document(self, doc: Document, config=None, texts=None, said: dict | None = None) -> list:
        """``config``: the endpoint config the request names (smlint.endpoint_configs.ConfigRecord);
        ``texts``: the file's text for fixes (smlint.fixers.edits.Sources; without it, no fix);
        ``said``: the file's memo of what the checks said (smlint.engine.lint_document)."""
        lint_document, realize = _stages()
        findings = lint_document(doc, self.rules, self.selected, self.options.fleet_size, config, said)
        return realize(findings, doc, texts)

    def _doubted(self, finding, why: str) -> list:
        from .checks.inputs import doubted

        return doubted(self.rules, self.selected, finding, why)

    def unreadable(self, problem: sources.Problem) -> list:
        """The SM001 finding of a file (or a part of one) that cannot be read."""
        from .checks.inputs import unreadable

        return unreadable(self.rules, self.selected, problem)


class _Failed(BaseException):
    """An error of ours while a request a reader handed over was linted: carried through the
    reader (whose ``except Exception`` must not take it for its own), then raised again."""

    def __init__(self, error: Exception):
        super().__init__(error)
        self.error = error


def _cut(path: str, exc, unit, left: int | None) -> sources.Problem:
    """The SM001 of a file whose time budget ran out while its requests were linted: at the
    first request not linted (those before it keep their findings). ``left``: the requests
    from it on (None: not known, the reader was still reading)."""
    start = unit.document.source_map.start
    if left is None:
        rest = "this request and any found after it"
    else:
        rest = f"this request and the {left - 1} after it" if left > 1 else "this request"
    return sources.Problem(
        path,
        stopped(exc.seconds, f"{rest} not linted"),
        start.line,
        start.column,
    )


def _later(path: str, data, fmt: str):
    """() -> the comments of ``data`` (bytes or text) as format ``fmt``, decoded only if asked
    for: a file that was not read (no request in it) may still hold a suppression comment."""

    def comments() -> list:
        text = sources.decode(path, data) if isinstance(data, bytes) else data
        return [] if isinstance(text, sources.Problem) else readers.comments_of(text, fmt)()

    return comments


def _var_files(config, path: str) -> tuple:
    """The variable files the config names for the folder of the .tf file ``path``
    (config ``var-files``)."""
    if config is None or not config.var_files:
        return ()
    folder = os.path.dirname(os.path.abspath(path))
    return next((files for where, files in config.var_files if where == folder), ())


@cache
def _stages() -> tuple:
    """The engine and the fix realizer, imported on the first document (not at start-up, and
    not per document: the two imports cost 4 µs a document, a quarter of a second for 60,000)."""
    from .engine import lint_document
    from .fixers.edits import realize

    return lint_document, realize
