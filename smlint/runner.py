"""The pipeline, end to end: paths -> sources -> loaders -> Documents -> engine -> findings.

Bad input never stops a run: a file that cannot be read or parsed becomes one SM001 finding
and the next file is linted. Heavy imports (ruamel.yaml, jsonschema, the rule files) happen
only once a file looks like it may hold a request.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from . import sources
from .context import name_keys
from .detect import detect, may_hold_request
from .model import DEPLOYMENT_CONFIG, ENDPOINT_CONFIG, Document
from .templates import may_be_templated, unresolve_placeholders


@dataclass
class Options:
    select: tuple = ()
    ignore: tuple = ()
    fleet_size: int | None = None
    kind: str | None = None  # forces every document to this request kind


@dataclass
class Report:
    findings: list = field(default_factory=list)
    files: int = 0  # files read
    requests: int = 0  # documents linted as requests
    skipped: list = field(default_factory=list)  # (path, reason) not linted, said on stderr
    failures: list = field(default_factory=list)  # (path, error): smlint's own crash, exit 2

    def add(self, result: "FileResult") -> None:
        self.files += 1
        self.findings.extend(result.findings)
        self.requests += result.requests
        if result.failure is not None:
            self.failures.append((result.path, result.failure))


@dataclass
class FileResult:
    """What linting one file gave: small, plain values only."""

    path: str
    findings: list = field(default_factory=list)
    requests: int = 0
    failure: str | None = None  # smlint's own crash on this file
    # Endpoint-config context (smlint.context): the configs this file defines (ConfigRecords),
    # and the refers_to keys of its requests that no config in the file answered.
    configs: tuple = ()
    unmatched: tuple = ()


class Linter:
    def __init__(self, options: Options, rules=None):
        self.options = options
        self._rules = rules
        self._selected = None

    @property
    def rules(self):
        if self._rules is None:
            from .registry import builtin_rules

            self._rules = builtin_rules()
        return self._rules

    @property
    def selected(self) -> frozenset:
        if self._selected is None:
            self._selected = self.rules.select(self.options.select, self.options.ignore)
        return self._selected

    def lint_paths(self, paths) -> Report:
        report = Report()
        forced_format = "sniff" if self.options.kind else None
        results = []
        for item in sources.iter_sources(paths, forced_format):
            if isinstance(item, sources.Problem):
                if item.skip:
                    report.skipped.append((item.path, item.message))
                else:
                    report.findings.extend(self._problem(item))
                continue
            results.append((item, self.lint_file(item.path, item.format)))
        # Pass 2: a file whose requests name endpoint configs it does not define is linted
        # again once every file's configs are known.
        from .context import Index

        index = Index(record for _, result in results for record in result.configs)
        for position, (item, result) in enumerate(results):
            if any(index.knows(keys) for keys in result.unmatched):
                results[position] = (item, self.lint_file(item.path, item.format, index))
        for _, result in results:
            report.add(result)
        report.findings.sort(key=lambda f: f.sort_key())
        return report

    def lint_file(self, path: str, fmt: str, index=None) -> "FileResult":
        """One file, read and linted: the unit of work (what a worker or a cache holds).
        ``index``: endpoint configs found in other files (smlint.context.Index)."""
        data = sources.read_bytes(path)
        if isinstance(data, sources.Problem):
            return FileResult(path, self._problem(data))
        try:
            return self._lint_bytes(path, data, fmt, index)
        except Exception as exc:  # a bug of ours must not cost the user the other files
            if os.environ.get("SMLINT_DEBUG"):
                raise
            return FileResult(path, failure=f"{type(exc).__name__}: {exc}")

    def lint_bytes(self, path: str, data: bytes, fmt: str) -> tuple:
        """(findings, number of requests) for one file's content."""
        result = self._lint_bytes(path, data, fmt)
        return result.findings, result.requests

    def _lint_bytes(self, path: str, data: bytes, fmt: str, index=None) -> "FileResult":
        if len(data) > sources.MAX_FILE_BYTES:
            if self.options.kind or may_hold_request(data.decode("utf-8", "replace")):
                return FileResult(path, self._problem(sources.too_large(path)))
            return FileResult(path)
        text = sources.decode(path, data)
        if isinstance(text, sources.Problem):
            # Undecodable bytes are reported only where a request may be: a binary file
            # that happens to end in .json is not ours to judge.
            # (NULs dropped: a UTF-16 file without a byte-order mark still shows its words)
            if self.options.kind or may_hold_request(data.replace(b"\x00", b"").decode("latin-1")):
                return FileResult(path, self._problem(text))
            return FileResult(path)
        return self.lint_text_result(path, text, fmt, index)

    def lint_text(self, path: str, text: str, fmt: str) -> tuple:
        result = self.lint_text_result(path, text, fmt)
        return result.findings, result.requests

    def lint_text_result(self, path: str, text: str, fmt: str, index=None) -> "FileResult":
        if not self.options.kind and not may_hold_request(text):
            return FileResult(path)  # the common case in a repository: not parsed at all
        from .loaders import load

        if fmt == "sniff":  # --kind on a file of another extension: JSON if it reads as JSON
            parsed = load(text, "json")
            if parsed.error:
                parsed = load(text, "yaml")
        else:
            parsed = load(text, fmt)
        if parsed.error:
            err = parsed.error
            return FileResult(path, self._problem(sources.Problem(path, err.message, err.line, err.column)))
        from .embedded import Unit, lint_unit

        units: list = []
        configs: list = []
        for position, composed in enumerate(parsed.documents):
            embedded = None if self.options.kind else _embedded(composed, path)
            if embedded is not None:
                units.extend(embedded.units)
                configs.extend(embedded.configs)
                continue
            kind = detect(composed.value, path, self.options.kind)
            if kind is None:
                continue
            doc = self._document(path, kind, composed, position, len(parsed.documents), may_be_templated(text))
            if kind == ENDPOINT_CONFIG:
                doc.known_as = name_keys(doc.payload)
                configs.append(doc)
            else:
                doc.refers_to = name_keys(doc.payload)
                units.append(Unit(doc))
        from .context import Index, record

        records = tuple(record(doc) for doc in configs)
        local = Index(records, fallback=index)
        findings: list = []
        unmatched: dict = {}

        def lint_one(doc: Document) -> list:
            # (each Fn::If variant may name its own config)
            config = local.find(doc.refers_to) if doc.refers_to else None
            if doc.refers_to and config is None:
                unmatched[doc.refers_to] = None
            return self.lint_document(doc, config)

        for unit in units:
            findings.extend(lint_unit(unit, lint_one))
        return FileResult(path, findings, len(units), configs=records, unmatched=tuple(unmatched))

    def lint_document(self, doc: Document, config=None) -> list:
        from .engine import lint_document

        return lint_document(doc, self.rules, self.selected, self.options.fleet_size, config)

    @staticmethod
    def _document(path, kind, composed, index, total, templated: bool = True) -> Document:
        payload, source_map = composed.value, composed.source_map
        duplicates = composed.duplicates
        if kind == DEPLOYMENT_CONFIG:
            # A bare DeploymentConfig is read as the request that would carry it, so that
            # every rule speaks of DeploymentConfig.… whatever the file holds.
            prefix = ("DeploymentConfig",)
            payload, source_map = {"DeploymentConfig": payload}, source_map.prefixed(prefix)
            duplicates = [type(d)(prefix + d.path, d.first, d.second) for d in duplicates]
        origin = f"document {index + 1}" if total > 1 else ""
        if templated:
            payload, templated = unresolve_placeholders(payload)
        plain = composed.plain and not templated
        return Document(path, kind, payload, source_map, origin, duplicates, plain)

    def _problem(self, problem: sources.Problem) -> list:
        from .findings import file_finding

        rule = self.rules.by_id.get("SM001")
        if rule is None or rule.id not in self.selected:
            return []
        return [file_finding(rule, problem.path, problem.message, problem.line, problem.column)]


def _embedded(composed, path: str):
    """The requests and endpoint configs of a CloudFormation template or a Step Functions
    definition (smlint.embedded.Unit, ENDPOINT_CONFIG Documents); None for any other document."""
    from . import cloudformation, stepfunctions
    from .embedded import Extracted

    if cloudformation.is_template(composed.value):
        return cloudformation.extract(composed, path)
    if stepfunctions.is_definition(composed.value):
        found = Extracted()
        for _, item in stepfunctions.extract(composed.value, composed, path):
            (found.configs if isinstance(item, Document) else found.units).append(item)
        return found
    return None
