"""The pipeline, end to end: paths -> sources -> loaders -> Documents -> engine -> findings.

Bad input never stops a run: a file that cannot be read or parsed becomes one SM001 finding
and the next file is linted. Heavy imports (ruamel.yaml, jsonschema, the rule files) happen
only once a file looks like it may hold a request.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from . import sources
from .endpoint_configs import name_keys
from .model import DEPLOYMENT_CONFIG, ENDPOINT_CONFIG, Document
from .readers import code
from .readers.detect import detect, may_hold_request
from .readers.templates import may_be_templated, unresolve_placeholders


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


@dataclass
class Report:
    findings: list = field(default_factory=list)
    files: int = 0  # files read
    requests: int = 0  # documents linted as requests
    skipped: list = field(default_factory=list)  # (path, reason) not linted, said on stderr
    failures: list = field(default_factory=list)  # (path, error): smlint's own crash, exit 2
    suppressed: int = 0  # findings left out by suppression comments
    baselined: int = 0  # findings left out because the baseline file holds them
    governed: list = field(default_factory=list)  # folders with their own config, not linted here
    # For the configs of other groups of files (smlint.runner.share_configs): the endpoint
    # configs met, and the (path, format, FileResult) whose requests name none of them.
    configs: list = field(default_factory=list)
    unresolved: list = field(default_factory=list)

    def add(self, result: "FileResult") -> None:
        if result.skip is not None:
            self.skipped.append((result.path, result.skip))
            return
        self.files += 1
        self.findings.extend(result.findings)
        self.requests += result.requests
        self.suppressed += result.suppressed
        if result.failure is not None:
            self.failures.append((result.path, result.failure))

    def merge(self, other: "Report") -> None:
        self.findings.extend(other.findings)
        self.files += other.files
        self.requests += other.requests
        self.skipped.extend(other.skipped)
        self.failures.extend(other.failures)
        self.suppressed += other.suppressed
        self.baselined += other.baselined
        self.governed.extend(other.governed)


@dataclass
class FileResult:
    """What linting one file gave: small, plain values only."""

    path: str
    findings: list = field(default_factory=list)
    requests: int = 0
    failure: str | None = None  # smlint's own crash on this file
    skip: str | None = None  # why the file was not linted after all (it vanished meanwhile)
    suppressed: int = 0  # findings left out by suppression comments
    # Endpoint-config context (smlint.endpoint_configs): the configs this file defines (ConfigRecords),
    # and the refers_to keys of its requests that no config in the file answered.
    configs: tuple = ()
    unmatched: tuple = ()
    dependencies: tuple = ()  # other files read to lint this one (smlint.cache checks them)
    timed_out: bool = False  # stopped by the time budget: not kept in the cache (it may be the machine)


class Linter:
    def __init__(self, options: Options, rules=None):
        self.options = options
        self._rules = rules
        self._selected = None

    @property
    def rules(self):
        if self._rules is None:
            from .policies import ruleset

            self._rules = ruleset(self.options.config)
        return self._rules

    @property
    def selected(self) -> frozenset:
        if self._selected is None:
            from .config import selection

            self._selected = selection(self.rules, self.options)
        return self._selected

    def lint_paths(self, paths, governed=None) -> Report:
        """Pass 1 lints each file with the endpoint configs of that file, streaming, on
        workers when there are many files, from the cache when unchanged. Pass 2 lints again
        the few files whose requests name a config that another file defines.
        ``governed(folder)``: whether a folder's own config replaces this linter's (such
        folders are left out and listed in ``Report.governed``)."""
        from . import workers
        from .config import excluder

        report = Report()
        cache = self._open_cache()
        hits: list = []  # (path, format, result) from the cache
        known = Report()  # what the walk settles by itself: problems and skips

        def to_lint():
            # consumed by the workers' feeder thread when work is spread: touches only
            # `known` and `hits`, never `report`
            forced_format = "sniff" if self.options.kind else None
            for item in sources.iter_sources(paths, forced_format, excluder(self.options.config), governed):
                if isinstance(item, sources.Governed):
                    known.governed.append(item.path)
                    continue
                if isinstance(item, sources.Problem):
                    if item.skip:
                        known.skipped.append((item.path, item.message))
                    else:
                        known.findings.extend(self._problem(item))
                    continue
                hit = cache.lookup(item.path, item.format) if cache else None
                if hit is not None:
                    hits.append((item.path, item.format, hit))
                else:
                    yield item

        records: list = []  # every endpoint config met, for pass 2
        waiting: list = []  # (path, format, result) whose requests name configs found elsewhere

        def take(path: str, fmt: str, result: FileResult) -> None:
            records.extend(result.configs)
            if result.unmatched:
                waiting.append((path, fmt, result))
            else:
                report.add(result)

        jobs = self.options.jobs or workers.default_jobs()
        for outcome in workers.lint_all(self, to_lint(), jobs, hashed=cache is not None):
            result = outcome.result
            if cache and not result.timed_out:
                cache.store(
                    outcome.path, outcome.format, outcome.signature, outcome.digest, result, result.dependencies
                )
            take(outcome.path, outcome.format, result)
        for hit in hits:
            take(*hit)
        if waiting:
            from .contextfiles import context_records
            from .endpoint_configs import Index

            # (the config's context files are read only when some request needs them)
            records.extend(context_records(self, cache))
            index = Index(records)
            for path, fmt, result in waiting:
                if any(index.knows(keys) for keys in result.unmatched):
                    result = self.lint_file(path, fmt, index)
                elif result.skip is None and result.failure is None:
                    report.unresolved.append((path, fmt, result))
                report.add(result)
        report.configs = records
        if cache:
            cache.save()
        report.merge(known)
        report.findings.sort(key=lambda f: f.sort_key())
        report.skipped.sort()
        report.failures.sort()
        return report

    def _open_cache(self):
        if self.options.cache_dir is None:
            return None
        from dataclasses import replace

        from .cache import Cache, fingerprint, rule_files
        from .registry import rules_dir

        # how the work is spread does not change results, nor does the time budget (a result
        # it cut is never kept): not part of the fingerprint
        settings = replace(self.options, jobs=1, cache_dir=None, file_seconds=None)
        config = self.options.config
        folders = [rules_dir(), rules_dir() / "schema", *(config.rules_dirs if config else ())]
        return Cache(self.options.cache_dir, fingerprint(settings, rule_files(folders)))

    def lint_file(self, path: str, fmt: str, index=None) -> "FileResult":
        """One file, read and linted: the unit of work (what a worker or a cache holds).
        ``index``: endpoint configs found in other files (smlint.endpoint_configs.Index)."""
        return self.lint_data(path, sources.read_bytes(path), fmt, index)

    def lint_data(self, path: str, data, fmt: str, index=None) -> "FileResult":
        if isinstance(data, sources.Problem):
            if data.skip:
                return FileResult(path, skip=data.message)
            return FileResult(path, self._problem(data))
        from .budgets import FILE_SECONDS, OutOfTime, time_budget

        seconds = FILE_SECONDS if self.options.file_seconds is None else self.options.file_seconds
        try:
            with time_budget(seconds):
                result, dependencies = sources.recording_dependencies(self._lint_bytes, path, data, fmt, index)
                findings, suppressed = self.suppress(path, data, result.findings)
        except OutOfTime as exc:  # one slow file never stalls the run: said, and the next one
            problem = sources.Problem(path, f"{exc} of CPU time, smlint's budget for one file (--file-timeout): not linted")
            return FileResult(path, self._problem(problem), timed_out=True)
        except Exception as exc:  # a bug of ours must not cost the user the other files
            if os.environ.get("SMLINT_DEBUG"):
                raise
            return FileResult(path, failure=f"{type(exc).__name__}: {exc}")
        if fmt == "notebook" and findings:
            from .readers.notebook import with_stored_positions

            text = data if isinstance(data, str) else sources.decode(path, data)
            findings = with_stored_positions(text, findings) if isinstance(text, str) else findings
        result.findings, result.suppressed, result.dependencies = findings, suppressed, dependencies
        return result

    def read_configs(self, path: str, data, fmt: str) -> "FileResult":
        """Only the endpoint configs of one file (a context file: smlint.contextfiles);
        whatever keeps the file from being read means no config, never a finding."""
        if isinstance(data, sources.Problem) or len(data) > sources.MAX_FILE_BYTES:
            return FileResult(path)
        if fmt in code.FORMATS and not code.mentions_calls(data):
            return FileResult(path)
        text = sources.decode(path, data)
        if isinstance(text, sources.Problem):
            return FileResult(path)
        from .endpoint_configs import record

        try:
            found, dependencies = sources.recording_dependencies(self.extract, path, text, fmt)
            configs = tuple(record(doc) for doc in found.configs)
        except Exception:  # a bug of ours in a file that is not linted: no config from it
            if os.environ.get("SMLINT_DEBUG"):
                raise
            return FileResult(path)
        return FileResult(path, configs=configs, dependencies=dependencies)

    def suppress(self, path: str, data, findings: list) -> tuple:
        """(findings left, number suppressed): config's per-file ignores, then the file's
        suppression comments (smlint.suppress). ``data``: the file's bytes or text."""
        from .suppress import suppress_file

        return suppress_file(self, path, data, findings)

    def lint_bytes(self, path: str, data: bytes, fmt: str) -> tuple:
        """(findings, number of requests) for one file's content."""
        result = self._lint_bytes(path, data, fmt)
        return result.findings, result.requests

    def _lint_bytes(self, path: str, data: bytes, fmt: str, index=None) -> "FileResult":
        may_hold = _may_hold(fmt)
        if len(data) > sources.MAX_FILE_BYTES:
            # Over the limit wherever the request sits: the part past the limit is searched
            # too (streamed, never held), so a request after the first 10 MiB is not "clean".
            if self.options.kind or sources.mentions_anywhere(path, data, may_hold):
                return FileResult(path, self._problem(sources.too_large(path)))
            return FileResult(path)
        if fmt in code.FORMATS and not code.mentions_calls(data):
            # (a UTF-16 script without a byte-order mark shows its words once NULs are dropped)
            if b"\x00" not in data or not code.mentions_calls(data.replace(b"\x00", b"")):
                return FileResult(path)  # a script that calls neither API is not even decoded
        if fmt == "typescript" and not may_hold(data):
            return FileResult(path)  # no construct of ours named: not decoded, not parsed
        text = sources.decode(path, data)
        if isinstance(text, sources.Problem):
            # Undecodable bytes are reported only where a request may be: a binary file
            # that happens to end in .json is not ours to judge.
            # (NULs dropped: a UTF-16 file without a byte-order mark still shows its words)
            if self.options.kind or may_hold(data.replace(b"\x00", b"").decode("latin-1")):
                return FileResult(path, self._problem(text))
            return FileResult(path)
        return self.lint_text_result(path, text, fmt, index)

    def lint_text(self, path: str, text: str, fmt: str) -> tuple:
        """(findings, number of requests) for one file's text."""
        result = self.lint_text_result(path, text, fmt)
        return result.findings, result.requests

    def lint_text_result(self, path: str, text: str, fmt: str, index=None) -> "FileResult":
        """One file's text: its requests linted with the endpoint configs of the same file
        (then of ``index``); the configs kept for the other files."""
        from .readers.extracted import lint_unit

        found = self.extract(path, text, fmt)
        if found.problem is not None:
            findings = self._problem(found.problem)
            return FileResult(path, found.relocate(findings) if found.relocate else findings)
        from .endpoint_configs import Index, record

        records = tuple(record(doc) for doc in found.configs)
        local = Index(records, fallback=index)
        findings: list = []
        unmatched: dict = {}
        from .fixers.edits import Sources

        texts = Sources(text, fmt)  # (what fixes edit: read only when a finding proposes one)

        def lint_one(doc: Document) -> list:
            # (each alternative of a branch may name its own config)
            config = local.find(doc.refers_to) if doc.refers_to else None
            if doc.refers_to and config is None:
                unmatched[doc.refers_to] = None
            return self.lint_document(doc, config, texts)

        for unit in found.units:
            findings.extend(lint_unit(unit, lint_one, self._doubted))
        for problem in found.problems:
            findings.extend(self._problem(problem))
        if found.relocate:
            findings = found.relocate(findings)
        return FileResult(path, findings, len(found.units), configs=records, unmatched=tuple(unmatched))

    def extract(self, path: str, text: str, fmt: str):
        """The requests and endpoint configs in one file's text, or the problem that keeps it
        from being read (smlint.readers.extracted.Extracted): the one place formats are told apart."""
        from .readers.extracted import Extracted, Unit

        if fmt in code.FORMATS:
            return code.extract(path, text, fmt)
        if fmt in _EMBEDDING:  # text of other formats inside: read back through extract
            return _extract_embedded(self, path, text, fmt)
        if fmt == "typescript":
            from .readers import typescript

            return typescript.extract(path, text) if typescript.mentions(text) else Extracted()
        if fmt == "terraform":
            from .readers.terraform import load_terraform
            from .readers.terraform import may_hold_request as may_hold_resource

            if not may_hold_resource(text):
                return Extracted()
            loaded = load_terraform(path, text, _var_files(self.options.config, path))
            err = loaded.error
            if err:
                return Extracted(problem=sources.Problem(path, err.message, err.line, err.column))
            return Extracted.of(loaded.documents)
        cli = fmt == "yaml" and _mentions_cli(text)  # a CI pipeline's steps
        from .readers.terraform_plan import may_be_plan  # (its keys are snake_case)

        if not self.options.kind and not cli and not may_hold_request(text) and not may_be_plan(text):
            return Extracted()  # the common case in a repository: not parsed at all
        from .readers import load

        if fmt == "sniff":  # --kind on a file of another extension: JSON if it reads as JSON
            parsed = load(text, "json")
            if parsed.error:
                parsed = load(text, "yaml")
        else:
            parsed = load(text, fmt)
        if parsed.error:
            err = parsed.error
            return Extracted(problem=sources.Problem(path, err.message, err.line, err.column))
        found = Extracted()
        templated = None  # (the whole text's test, once: per document it was quadratic)
        for position, composed in enumerate(parsed.documents):
            embedded = None if self.options.kind else _embedded(composed, path)
            if embedded is not None:
                found.units.extend(embedded.units)
                found.configs.extend(embedded.configs)
                continue
            kind = detect(composed.value, path, self.options.kind)
            if kind is None:
                continue
            if templated is None:
                templated = may_be_templated(text)
            doc = self._document(path, kind, composed, position, len(parsed.documents), templated)
            if kind == ENDPOINT_CONFIG:
                doc.known_as = name_keys(doc.payload)
                found.configs.append(doc)
            else:
                doc.refers_to = name_keys(doc.payload)
                found.units.append(Unit(doc))
        if cli and not self.options.kind:
            from .readers import ci_steps

            steps = ci_steps.extract(parsed.documents, text, path, sources.depends_on)
            found.units.extend(steps.units)
            found.problems.extend(steps.problems)
        return found

    def lint_document(self, doc: Document, config=None, texts=None) -> list:
        """``config``: the endpoint config the request names (smlint.endpoint_configs.ConfigRecord);
        ``texts``: the file's text for fixes (smlint.fixers.edits.Sources; without it, no fix)."""
        from .engine import lint_document

        findings = lint_document(doc, self.rules, self.selected, self.options.fleet_size, config)
        if doc.target == "terraform":
            from .readers.terraform import adapt_findings

            findings = adapt_findings(doc, findings)
        from .fixers.edits import realize

        return realize(findings, doc, texts)

    @staticmethod
    def _document(path, kind, composed, index, total, templated: bool = True) -> Document:
        payload, source_map = composed.value, composed.source_map
        duplicates = composed.duplicates
        if kind == DEPLOYMENT_CONFIG:
            # A bare DeploymentConfig is read as the request that would carry it, so that
            # every rule speaks of DeploymentConfig.… whatever the file holds; a policy's
            # body alone (detect.policy_body), as the DeploymentConfig that would wrap it.
            from .readers.detect import policy_body

            policy = policy_body(payload)
            prefix = ("DeploymentConfig",) + ((policy,) if policy else ())
            for key in reversed(prefix):
                payload = {key: payload}
            source_map = source_map.prefixed(prefix)
            duplicates = [type(d)(prefix + d.path, d.first, d.second) for d in duplicates]
        origin = f"document {index + 1}" if total > 1 else ""
        if templated:
            payload, templated = unresolve_placeholders(payload)
        plain = composed.plain and not templated
        return Document(path, kind, payload, source_map, origin, duplicates, plain)

    def _doubted(self, finding, why: str) -> list:
        """SM003 in place of an error that holds only on a path that may not happen."""
        from dataclasses import replace

        rule = self.rules.by_id.get("SM003")
        if rule is None or rule.id not in self.selected:
            return []
        message = (
            f"{finding.field or 'the request'}: {finding.rule} was not reported, as it holds only on a path "
            f"that may not happen ({why})"
        )
        # (the error's help is not this finding's: there is nothing to change for certain)
        return [replace(finding, rule=rule.id, name=rule.name, severity=rule.severity, message=message, help="")]

    def _problem(self, problem: sources.Problem) -> list:
        from .findings import file_finding

        rule = self.rules.by_id.get("SM001")
        if rule is None or rule.id not in self.selected:
            return []
        return [file_finding(rule, problem.path, problem.message, problem.line, problem.column)]


def share_configs(runs) -> None:
    """Groups of files linted under different configs (a folder with its own) still see each
    other's endpoint configs: a request whose config another group defines is linted again
    with it. ``runs``: [(Report, Linter)]."""
    from .endpoint_configs import Index

    index = Index([rec for report, _ in runs for rec in report.configs])
    for report, linter in runs:
        redone = False
        for path, fmt, old in report.unresolved:
            if not any(index.knows(keys) for keys in old.unmatched):
                continue
            new = linter.lint_file(path, fmt, index)
            if new.skip is not None or new.failure is not None:
                continue  # (changed meanwhile: the first result stands)
            report.findings = [f for f in report.findings if f.path != path] + new.findings
            report.suppressed += new.suppressed - old.suppressed
            redone = True
        report.unresolved = []
        if redone:
            report.findings.sort(key=lambda f: f.sort_key())


_EMBEDDING = ("markdown", "shell", "makefile")


def _mentions_cli(text: str) -> bool:
    from .readers.shell import mentions_cli

    return mentions_cli(text)


def _extract_embedded(linter: Linter, path: str, text: str, fmt: str):
    """Markdown's code blocks, and the AWS CLI commands of shell scripts and Makefiles; each
    block's text is read back through ``Linter.extract`` as its own format."""
    if fmt == "markdown":
        from .readers import markdown

        return markdown.extract(text, path, lambda inner, inner_fmt: linter.extract(path, inner, inner_fmt))
    if fmt == "shell":
        from .readers import shell

        return shell.extract(text, path, sources.depends_on)
    from .readers import makefile

    return makefile.extract(text, path, sources.depends_on)


def _may_hold(fmt: str):
    """The cheap test of whether a file of ``fmt`` may hold a request, for files that are not
    parsed (over the size limit, undecodable): each format's own words."""
    if fmt in code.FORMATS:
        return code.mentions_calls
    if fmt == "typescript":
        from .readers.typescript import mentions

        return mentions
    if fmt == "terraform":
        from .readers.terraform import may_hold_request as may_hold_resource

        return may_hold_resource
    return may_hold_request


def _embedded(composed, path: str):
    """The requests and endpoint configs of a CloudFormation template or a Step Functions
    definition (smlint.readers.extracted.Extracted); None for any other document."""
    from .readers import cloudformation, stepfunctions
    from .readers.extracted import Extracted

    if cloudformation.is_template(composed.value):
        return cloudformation.extract(composed, path)
    from .readers import kubernetes_ack, terraform_plan

    if kubernetes_ack.is_resource(composed.value):
        return kubernetes_ack.extract(composed, path)
    if terraform_plan.is_plan(composed.value):
        return terraform_plan.extract(composed, path)
    if stepfunctions.is_definition(composed.value):
        found = Extracted()
        for _, item in stepfunctions.extract(composed.value, composed, path):
            (found.configs if isinstance(item, Document) else found.units).append(item)
        return found
    return None


def _var_files(config, path: str) -> tuple:
    """The variable files the config names for the folder of the .tf file ``path``
    (config ``var-files``)."""
    if config is None or not config.var_files:
        return ()
    folder = os.path.dirname(os.path.abspath(path))
    return next((files for where, files in config.var_files if where == folder), ())
