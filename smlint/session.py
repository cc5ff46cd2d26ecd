"""One ``smlint check`` run: the paths grouped by the config nearest to each (ruff's rule),
each group linted under its settings (smlint.settings), standard input as the file it names,
and the groups' reports merged. The command line (smlint.cli) parses and prints; this is
what it runs."""

from __future__ import annotations

import os
import sys


class BrokenSetup(Exception):
    """A config or rule file that cannot be used: one line, exit 2."""


class BadCodes(Exception):
    """A rule code on the command line that matches no rule (a usage error)."""


class UnknownInput(Exception):
    """Standard input whose format cannot be told (a usage error)."""


def lint(paths, cli: dict, config_path, isolated: bool, stdin_filename) -> list:
    """[(report, linter, fail-on)] per config. ``cli``: the command line's settings."""
    groups = _groups(paths, config_path, isolated, stdin_filename)
    return _lint_groups(groups, cli, stdin_filename, nearest=not (config_path or isolated))


def _groups(paths, config_path, isolated, stdin_filename) -> list:
    """[(Config, paths)]: each path linted under the config nearest to it (configs are not
    merged); one config for all with --config, none with --isolated."""
    from .config import DEFAULT, ConfigError, discover, load

    try:
        if isolated:
            return [(DEFAULT, list(paths))]
        if config_path:
            return [(load(config_path), list(paths))]
        cache: dict = {}
        groups: dict = {}
        for path in paths:
            where = stdin_filename if path == "-" and stdin_filename else "." if path == "-" else path
            groups.setdefault(discover(where, cache), []).append(path)
        return list(groups.items())
    except ConfigError as exc:
        raise BrokenSetup(str(exc)) from None


def _lint_groups(groups, cli, stdin_filename, nearest: bool) -> list:
    """[(report, linter, fail-on)] per config. ``nearest``: a folder met in a walk that has
    its own config is linted under it (ruff's rule), as a group of its own."""
    from .config import ConfigError, discover

    found: dict = {}
    pending = list(groups)
    done = {os.path.abspath(p) for _, paths in pending for p in paths if p != "-"}
    runs = []
    while pending:
        config, paths = pending.pop(0)

        def governed(folder, config=config):
            try:
                return discover(folder, found) != config
            except ConfigError:  # (said below, from this thread, not the walk's)
                return True

        report, linter, threshold = _run(config, paths, cli, stdin_filename, governed if nearest else None)
        runs.append((report, linter, threshold))
        for folder in report.governed:
            if os.path.abspath(folder) not in done:  # (unless named on the command line too)
                done.add(os.path.abspath(folder))
                try:
                    pending.append((discover(folder, found), [folder]))
                except ConfigError as exc:
                    raise BrokenSetup(str(exc)) from None
    if len(runs) > 1:
        from .passes import share_configs

        share_configs([(report, linter) for report, linter, _ in runs])
    return runs


def _run(config, paths, cli, stdin_filename, governed=None) -> tuple:
    """(report, linter, fail-on) for the paths under one config."""
    from .runner import Linter
    from .settings import fail_on, options

    linter = Linter(options(config, cli))
    codes = cli["select"] + cli["extend_select"] + cli["ignore"]
    # The rule files are read here only when something must be checked against them now;
    # otherwise when the first file that may hold a request needs them.
    if codes or config.locations or config.rules_dirs:
        from .config import ConfigError, check_codes
        from .policies import known_ids, unknown_codes
        from .registry import RuleError

        try:
            ids = known_ids(config)
            check_codes(config, ids)
        except (RuleError, ConfigError) as exc:
            raise BrokenSetup(str(exc)) from None
        unknown = unknown_codes(ids, codes)
        if unknown:
            raise BadCodes(f"no rule matches {', '.join(unknown)} (see `smlint rules`)")
    files = [p for p in paths if p != "-"]
    report = linter.lint_paths(files, governed)
    if "-" in paths:
        _lint_stdin(linter, report, stdin_filename or "-")
    return report, linter, fail_on(config, cli)


def _lint_stdin(linter, report, path: str) -> None:
    """Standard input as if it were the file ``path``: the way editors call linters."""
    from . import sources
    from .config_paths import excluder

    path = sources.tidy(path)
    data = sys.stdin.buffer.read()
    linter.stdin = (path, data, None)  # (--fix writes it back: unchanged when not linted)
    excluded = excluder(linter.options.config)
    if excluded is not None and path != "-" and excluded(path, named=True):
        return
    fmt = sources.file_format(path) or ("sniff" if linter.options.kind else None)
    if path == "-" and not linter.options.kind:
        fmt = _sniffed(data)
    if fmt is None:
        report.skipped.append((path, sources.not_ours()))
        return
    from .contextfiles import index_of

    linter.stdin = (path, data, fmt)
    # (as for a file: a crash is exit 2)
    report.add(linter.lint_data(path, data, fmt, index_of(linter)))
    report.findings.sort(key=lambda f: f.sort_key())


def _sniffed(data: bytes) -> str:
    """The format of standard input given without a name, told by its content; input smlint
    cannot tell is refused (exit 2), never reported clean unread."""
    from . import sources
    from .sniff import sniff

    text = sources.decode("-", data)
    fmt = sniff(text) if isinstance(text, str) else None
    if fmt is None:
        why = (
            text.message
            if isinstance(text, sources.Problem)
            else ("it is not JSON, YAML, Python, a notebook or Terraform that smlint can tell apart")
        )
        raise UnknownInput(f"cannot lint standard input: {why}; name it with --stdin-filename PATH")
    return fmt


def merged(reports):
    from .results import Report

    if len(reports) == 1:
        return reports[0]
    merged = Report()
    for r in reports:
        merged.merge(r)
    merged.findings.sort(key=lambda f: f.sort_key())
    return merged


def merged_rules(rulesets):
    """Every rule of every config's rule set, for SARIF's rule metadata (first one wins)."""
    if len(rulesets) == 1:
        return rulesets[0]
    from .registry import RuleSet

    seen: dict = {}
    for rules in rulesets:
        for rule in rules:
            seen.setdefault(rule.id, rule)
    return RuleSet(seen.values())
