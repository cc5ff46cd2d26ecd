"""A run over many files, in two passes: pass 1 lints each file with the endpoint configs of
that file, streaming, on workers when there are many files, from the cache when unchanged;
pass 2 lints again the few files whose requests name a config that another file defines (and,
across groups of files under different configs, ``share_configs``). One file's way through
the pipeline is smlint.runner's ``Linter``.
"""

from __future__ import annotations

from .results import FileResult, Report


def lint_paths(linter, paths, governed=None) -> Report:
    """Pass 1 lints each file with the endpoint configs of that file, streaming, on
    workers when there are many files, from the cache when unchanged. Pass 2 lints again
    the few files whose requests name a config that another file defines.
    ``governed(folder)``: whether a folder's own config replaces this linter's (such
    folders are left out and listed in ``Report.governed``)."""
    from . import sources, workers
    from .config_paths import excluder

    report = Report()
    cache = _open_cache(linter)
    hits: list = []  # (path, format, result) from the cache
    known = Report()  # what the walk settles by itself: problems and skips

    def to_lint():
        # consumed by the workers' feeder thread when work is spread: touches only
        # `known` and `hits`, never `report`
        forced_format = "sniff" if linter.options.kind else None
        for item in sources.iter_sources(paths, forced_format, excluder(linter.options.config), governed):
            if isinstance(item, sources.Governed):
                known.governed.append(item.path)
                continue
            if isinstance(item, sources.Problem):
                if item.skip:
                    known.skipped.append((item.path, item.message))
                else:
                    known.findings.extend(linter.unreadable(item))
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

    jobs = linter.options.jobs or workers.default_jobs()
    for outcome in workers.lint_all(linter, to_lint(), jobs, hashed=cache is not None):
        result = outcome.result
        if cache and not result.timed_out:
            cache.store(
                outcome.path,
                outcome.format,
                outcome.signature,
                outcome.digest,
                result,
                result.dependencies,
            )
        take(outcome.path, outcome.format, result)
    for hit in hits:
        take(*hit)
    if waiting:
        from .contextfiles import context_records
        from .endpoint_configs import Index

        # (the config's context files are read only when some request needs them)
        records.extend(context_records(linter, cache))
        index = Index(records)
        for path, fmt, result in waiting:
            if any(index.knows(keys) for keys in result.unmatched):
                result = linter.lint_file(path, fmt, index)
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


def _open_cache(linter):
    if linter.options.cache_dir is None:
        return None
    from dataclasses import replace

    from .cache import Cache, fingerprint, rule_files
    from .registry import rules_dir

    # how the work is spread does not change results, nor does the time budget (a result
    # it cut is never kept): not part of the fingerprint
    settings = replace(linter.options, jobs=1, cache_dir=None, file_seconds=None)
    config = linter.options.config
    folders = [rules_dir(), rules_dir() / "schema", *(config.rules_dirs if config else ())]
    return Cache(linter.options.cache_dir, fingerprint(settings, rule_files(folders)))


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
