"""What linting gives, as plain data: ``FileResult`` for one file (what a worker sends back and
the cache keeps) and ``Report`` for a run (what the formatters and the exit code read)."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    # For the configs of other groups of files (smlint.passes.share_configs): the endpoint
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
