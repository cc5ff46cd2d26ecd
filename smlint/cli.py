"""``smlint`` command line (click). Exit codes: 0 nothing at or above --fail-on, 1 findings
at or above it, 2 usage or configuration error, or an internal failure."""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .findings import SEVERITIES
from .formatters import FORMATS, escape
from .model import KINDS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class Failure(click.ClickException):
    """A broken rule file, an unwritable output file: reported in one line, exit 2."""

    exit_code = EXIT_USAGE


def _codes(values) -> tuple:
    """--select SM1,SM204 --select SM3 -> ("SM1", "SM204", "SM3")"""
    return tuple(code.strip().upper() for value in values for code in value.split(",") if code.strip())


def _internal_error(exc: Exception) -> None:
    if os.environ.get("SMLINT_DEBUG"):
        raise exc
    click.echo(
        f"smlint: internal error: {type(exc).__name__}: {exc} (set SMLINT_DEBUG=1 for details; please report it)",
        err=True,
    )
    sys.exit(EXIT_USAGE)


def _ruleset():
    from .registry import RuleError, builtin_rules

    try:
        return builtin_rules()
    except RuleError as exc:
        raise Failure(str(exc)) from None


def _instance_count(help_text: str):
    return click.option(
        "--instance-count", "fleet_size", type=click.IntRange(min=1, max=1_000_000), metavar="N", help=help_text
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="smlint")
def main():
    """Lint SageMaker UpdateEndpoint / CreateEndpoint deployment requests."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format. Default: text; github when GITHUB_ACTIONS=true.",
)
@click.option(
    "--output-file",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these rules: ids or prefixes, comma-separated (SM2,SM301). Default: all but info rules.",
)
@click.option("--extend-select", multiple=True, metavar="CODES", help="Add these rules to the selection.")
@click.option(
    "--ignore", multiple=True, metavar="CODES", help="Skip these rules: ids or prefixes, comma-separated."
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    help="Exit 1 when a finding is at least this severe.  [default: error]",
)
@_instance_count(
    "Fleet size N (the variant's total instance count) for the rules that need it; "
    "overrides the N found in the endpoint config a request names."
)
@click.option(
    "--kind", type=click.Choice(KINDS), help="Lint every document as this request kind, skipping detection."
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Use this config file (pyproject.toml, .smlint.toml, .smlint.yaml) instead of searching.",
)
@click.option("--isolated", is_flag=True, help="Ignore every config file.")
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="Lint standard input (the path -) as if it were this file: config, format and kind by its name.",
)
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), help="Leave out the findings this baseline file holds.")
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False),
    help="Record every current finding in this baseline file, and exit 0.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Count the findings per rule, after the report.")
@click.option("-q", "--quiet", is_flag=True, help="Print the findings only: no summary, no notes.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Worker processes when there are many files. Default 0: one per CPU.",
)
@click.option(
    "--file-timeout",
    type=click.FloatRange(min=0),
    default=None,
    metavar="SECONDS",
    help="CPU-time budget of one file: past it the file is one SM001 and the run goes on. "
    "Default 10; 0: no budget.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Do not read or write .smlint_cache/ (results of unchanged files, kept in the working folder).",
)
def check(paths, fmt, output_file, select, extend_select, ignore, fail_on, fleet_size, kind, config_path,
          isolated, stdin_filename, baseline_path, write_baseline, exit_zero, statistics, quiet, jobs, no_cache,
          file_timeout):
    """Lint the requests in PATHS (files or folders, searched recursively; - for standard input)."""
    from .formatters import render

    select, extend_select, ignore = _codes(select), _codes(extend_select), _codes(ignore)
    if not paths:
        paths = ("-",) if stdin_filename else ()
    if not paths:
        raise click.UsageError("give the files or folders to lint (or - with --stdin-filename)")
    if stdin_filename and "-" not in paths:
        raise click.UsageError("--stdin-filename names standard input: give the path - with it")
    _tolerant_streams()
    try:
        cli = {"select": select, "extend_select": extend_select, "ignore": ignore,
               "fleet_size": fleet_size, "kind": kind, "fail_on": fail_on, "jobs": jobs,
               "file_seconds": file_timeout,
               "cache_dir": None if no_cache else os.environ.get("SMLINT_CACHE_DIR", ".")}
        runs = [_run(config, group, cli, stdin_filename) for config, group in
                _groups(paths, config_path, isolated, stdin_filename)]
        report = _merged([r for r, _, _ in runs])
        if write_baseline:
            from .baseline import BaselineError, write

            try:
                count = write(write_baseline, report.findings)
            except BaselineError as exc:
                raise Failure(str(exc)) from None
            click.echo(f"smlint: wrote {count} finding{'s' if count != 1 else ''} to {write_baseline}", err=True)
            sys.exit(EXIT_USAGE if report.failures else EXIT_CLEAN)
        if baseline_path:
            from .baseline import BaselineError, apply, read

            try:
                known = read(baseline_path)
            except BaselineError as exc:
                raise Failure(str(exc)) from None
            for group_report, _, _ in runs:
                apply(group_report, baseline_path, known)
            report = _merged([r for r, _, _ in runs])
        if not quiet:
            for path, reason in report.skipped:
                click.echo(f"smlint: skipped {escape.path(path)}: {escape.text(reason)}", err=True)
        if fmt is None:  # in a GitHub Actions job, annotations on the pull request
            fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
        # (rule metadata for SARIF only: the rule files are read when a file needs them)
        output = render(fmt, report, _merged_rules([linter.rules for _, linter, _ in runs]) if fmt == "sarif" else None)
        if quiet and fmt in ("text", "github"):  # (their last line is the summary)
            output = "".join(output.splitlines(keepends=True)[:-1])
        if output_file:
            try:
                with open(output_file, "w", encoding="utf-8", errors="backslashreplace") as fh:
                    fh.write(output)
            except OSError as exc:
                raise Failure(f"cannot write {output_file}: {exc.strerror or exc}") from None
        else:
            click.echo(output, nl=False)
        if statistics and report.findings:
            machine = fmt in ("json", "sarif", "junit") and not output_file
            click.echo(_statistics(report.findings), nl=False, err=machine)
        for path, error in report.failures:
            click.echo(
                f"smlint: internal error on {escape.path(path)}: {escape.text(error)} (please report it)", err=True
            )
    except click.ClickException:
        raise
    except Exception as exc:  # noqa: BLE001 - a traceback shown to a user is a bug
        _internal_error(exc)
    if report.failures:
        sys.exit(EXIT_USAGE)
    failing = any(f.at_least(threshold) for r, _, threshold in runs for f in r.findings)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)


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
        raise Failure(str(exc)) from None


def _run(config, paths, cli, stdin_filename) -> tuple:
    """(report, linter, fail-on) for the paths under one config."""
    from .runner import Linter, Options

    options = Options(
        select=cli["select"],
        ignore=cli["ignore"],
        extend_select=cli["extend_select"],
        fleet_size=cli["fleet_size"] or config.instance_count,
        kind=cli["kind"],
        config=config if config.source else None,
        jobs=cli["jobs"],
        file_seconds=cli.get("file_seconds"),
        cache_dir=cli["cache_dir"],
    )
    linter = Linter(options)
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
            raise Failure(str(exc)) from None
        unknown = unknown_codes(ids, codes)
        if unknown:
            raise click.UsageError(f"no rule matches {', '.join(unknown)} (see `smlint rules`)")
    files = [p for p in paths if p != "-"]
    report = linter.lint_paths(files)
    if "-" in paths:
        _lint_stdin(linter, report, stdin_filename or "-")
    return report, linter, cli.get("fail_on") or config.fail_on or "error"


def _lint_stdin(linter, report, path: str) -> None:
    """Standard input as if it were the file ``path``: the way editors call linters."""
    from . import sources
    from .config import excluder

    excluded = excluder(linter.options.config)
    if excluded is not None and path != "-" and excluded(path, named=True):
        return
    fmt = sources.file_format(path) or ("sniff" if linter.options.kind or path == "-" else None)
    if fmt is None:
        report.skipped.append((path, sources.not_ours()))
        return
    report.add(linter.lint_data(path, sys.stdin.buffer.read(), fmt))  # (as for a file: a crash is exit 2)
    report.findings.sort(key=lambda f: f.sort_key())


def _merged(reports):
    from .runner import Report

    if len(reports) == 1:
        return reports[0]
    merged = Report()
    for r in reports:
        merged.merge(r)
    merged.findings.sort(key=lambda f: f.sort_key())
    return merged


def _merged_rules(rulesets):
    """Every rule of every config's rule set, for SARIF's rule metadata (first one wins)."""
    if len(rulesets) == 1:
        return rulesets[0]
    from .registry import RuleSet

    seen: dict = {}
    for rules in rulesets:
        for rule in rules:
            seen.setdefault(rule.id, rule)
    return RuleSet(seen.values())


def _statistics(findings) -> str:
    """One line per rule, most frequent first: ``    3  SM204  canary-too-large`` (flake8's
    --statistics)."""
    from collections import Counter

    counts = Counter((f.rule, f.name) for f in findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    width = max(len(rule) for (rule, _), _ in rows)
    return "".join(f"{n:>5}  {rule:<{width}}  {name}\n" for (rule, name), n in rows)


def _tolerant_streams() -> None:
    """Text that the terminal's encoding cannot show (a cp1252 console, a lone surrogate in a
    key) is escaped, never a UnicodeEncodeError that loses the whole report."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):  # not a text file (click's test runner)
            pass


@main.command()
@click.argument("rule_id")
def rule(rule_id):
    """Show a rule's documentation: what, why, examples, fix, references."""
    from .ruledocs import rule_text

    found = _find_rule(_ruleset(), rule_id)
    if found is None:  # one of the team's own rules, from the config found here
        from .config import ConfigError, discover
        from .policies import ruleset
        from .registry import RuleError

        try:
            config = discover(".")
            found = _find_rule(ruleset(config), rule_id) if config.rules_dirs else None
        except (ConfigError, RuleError) as exc:
            raise Failure(str(exc)) from None
    if found is None:
        raise click.UsageError(f"no rule {rule_id!r} (see `smlint rules`)")
    click.echo(rule_text(found), nl=False)


def _find_rule(rules, rule_id: str):
    return rules.by_id.get(rule_id.upper()) or next((r for r in rules if r.name == rule_id.lower()), None)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(("text", "md")), default="text", show_default=True)
def rules_(fmt):
    """List every rule: id, name, severity, summary."""
    from .ruledocs import rules_table

    click.echo(rules_table(_ruleset(), fmt), nl=False)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, readable=False))
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@_instance_count("Fleet size N (the variant's total instance count): instances per step, INSTANCE_COUNT steps.")
@click.option("--kind", type=click.Choice(KINDS), help="Read every document as this request kind.")
def plan(file, fmt, fleet_size, kind):
    """Show each request's deployment in FILE as SageMaker would run it."""
    from .plan import run

    _tolerant_streams()
    try:
        output, code = run(file, fmt, fleet_size, kind)
    except Exception as exc:  # noqa: BLE001 - a traceback shown to a user is a bug
        _internal_error(exc)
    click.echo(output, nl=False)
    sys.exit(code)
