"""``smlint`` command line (click): the commands' options, and what ``check`` and ``plan``
print (``smlint rule`` and ``smlint rules`` are smlint.rule_commands'). Exit codes
(smlint.exits): 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or
configuration error, or an internal failure."""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .exits import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, Failure, internal_error
from .findings import SEVERITIES
from .formatters import FORMATS, escape
from .model import KINDS
from .rule_commands import rule, rules_


def _codes(values) -> tuple:
    """--select SM1,SM204 --select SM3 -> ("SM1", "SM204", "SM3")"""
    return tuple(code.strip().upper() for value in values for code in value.split(",") if code.strip())


def _instance_count(help_text: str):
    return click.option(
        "--instance-count",
        "fleet_size",
        type=click.IntRange(min=1, max=1_000_000),
        metavar="N",
        help=help_text,
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="smlint")
def main():
    """Lint SageMaker UpdateEndpoint / CreateEndpoint deployment requests."""


main.add_command(rule)
main.add_command(rules_)


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
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    help="Leave out the findings this baseline file holds.",
)
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
    help="CPU-time budget of one file: past it, an SM001 where it stopped (what was linted "
    "before stands) and the run goes on. Default 10; 0: no budget.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Do not read or write .smlint_cache/ (results of unchanged files, kept in the working folder).",
)
@click.option("--fix", is_flag=True, help="Apply the safe fixes in place, then report what is left.")
@click.option(
    "--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply fixes that change the deployment."
)
@click.option(
    "--diff",
    is_flag=True,
    help="Print a unified diff of what --fix would change; write nothing (exit 1 if any).",
)
@click.option("--fix-only", is_flag=True, help="Apply the fixes, and report nothing else (exit 0).")
def check(
    paths,
    fmt,
    output_file,
    select,
    extend_select,
    ignore,
    fail_on,
    fleet_size,
    kind,
    config_path,
    isolated,
    stdin_filename,
    baseline_path,
    write_baseline,
    exit_zero,
    statistics,
    quiet,
    jobs,
    no_cache,
    fix,
    unsafe_fixes,
    diff,
    fix_only,
    file_timeout,
):
    """Lint the requests in PATHS (files or folders, searched recursively; - for standard input)."""
    from . import session
    from .formatters import render

    select, extend_select, ignore = _codes(select), _codes(extend_select), _codes(ignore)
    if not paths:
        paths = ("-",) if stdin_filename else (".",)
    if config_path and isolated:
        raise click.UsageError("--config and --isolated contradict each other: give one of them")
    if stdin_filename and "-" not in paths:
        raise click.UsageError("--stdin-filename names standard input: give the path - with it")
    _tolerant_streams()
    try:
        cli = {
            "select": select,
            "extend_select": extend_select,
            "ignore": ignore,
            "fleet_size": fleet_size,
            "kind": kind,
            "fail_on": fail_on,
            "jobs": jobs,
            "file_seconds": file_timeout,
            "cache_dir": None if no_cache else os.environ.get("SMLINT_CACHE_DIR", "."),
        }
        try:
            runs = session.lint(paths, cli, config_path, isolated, stdin_filename)
        except (session.BadCodes, session.UnknownInput) as exc:
            raise click.UsageError(str(exc)) from None
        except session.BrokenSetup as exc:
            raise Failure(str(exc)) from None
        report = session.merged([r for r, _, _ in runs])
        fixing = None
        if fix or diff or fix_only:
            from .fixcli import Mode, Outcome, fix_report

            fixing = Outcome()
            mode = Mode(write=not diff, unsafe=unsafe_fixes)
            for group_report, linter, _ in runs:
                fix_report(group_report, linter, mode, fixing, getattr(linter, "stdin", None))
            report = session.merged([r for r, _, _ in runs])
            for note in fixing.notes:
                click.echo(note, err=True)
            if diff or fix_only or fixing.stdout is not None:
                sys.exit(_fix_output(fixing, report, diff, quiet, unsafe_fixes))
            report.fixed = fixing.fixed
        if write_baseline:
            from .baseline import BaselineError, write

            try:
                count = write(write_baseline, report.findings)
            except BaselineError as exc:
                raise Failure(str(exc)) from None
            click.echo(
                f"smlint: wrote {count} finding{'s' if count != 1 else ''} to {write_baseline}", err=True
            )
            sys.exit(EXIT_USAGE if report.failures else EXIT_CLEAN)
        if baseline_path:
            from .baseline import BaselineError, apply, read

            try:
                known = read(baseline_path)
            except BaselineError as exc:
                raise Failure(str(exc)) from None
            for group_report, _, _ in runs:
                apply(group_report, baseline_path, known)
            report = session.merged([r for r, _, _ in runs])
        if not quiet:
            for path, reason in report.skipped:
                click.echo(f"smlint: skipped {escape.path(path)}: {escape.text(reason)}", err=True)
        report.unsafe_fixes = unsafe_fixes  # (the text output marks those fixes too)
        if fmt is None:  # in a GitHub Actions job, annotations on the pull request
            fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
        # (rule metadata for SARIF only: the rule files are read when a file needs them)
        failing = {f for r, _, threshold in runs for f in r.findings if f.at_least(threshold)}
        output = render(
            fmt,
            report,
            session.merged_rules([linter.rules for _, linter, _ in runs]) if fmt == "sarif" else None,
            failing=failing,
        )
        if quiet and fmt in ("text", "github"):  # (their last line is the summary)
            output = "".join(output.splitlines(keepends=True)[:-1])
        elif fixing is not None and fmt == "text":
            from .fixcli import summary

            output += summary(report, fixing, unsafe_fixes) + "\n"
        if output_file:
            try:
                with open(output_file, "w", encoding="utf-8", errors="backslashreplace") as fh:
                    fh.write(output)
            except OSError as exc:
                raise Failure(f"cannot write {output_file}: {exc.strerror or exc}") from None
        else:
            click.echo(output, nl=False)
        if statistics and report.findings:
            machine = fmt in ("json", "sarif", "junit", "gitlab") and not output_file
            click.echo(_statistics(report.findings), nl=False, err=machine)
        for path, error in report.failures:
            click.echo(
                f"smlint: internal error on {escape.path(path)}: {escape.text(error)} (please report it)",
                err=True,
            )
    except click.ClickException:
        raise
    except Exception as exc:  # noqa: BLE001 - a traceback shown to a user is a bug
        internal_error(exc)
    if report.failures:
        sys.exit(EXIT_USAGE)
    failing = any(f.at_least(threshold) for r, _, threshold in runs for f in r.findings)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)


def _fix_output(fixing, report, diff: bool, quiet: bool, unsafe: bool) -> int:
    """--diff, --fix-only, and --fix on standard input: the diff or the fixed text on standard
    output, the counts on standard error; the exit code."""
    from .fixcli import summary

    if diff:
        click.echo("".join(fixing.diffs), nl=False)
        if not quiet:
            n = fixing.fixed
            click.echo(f"smlint: would fix {n} finding{'s' if n != 1 else ''}", err=True)
        return EXIT_FINDINGS if fixing.diffs else EXIT_CLEAN
    if fixing.stdout is not None:  # (bytes: the input's own encoding and byte-order mark)
        sys.stdout.flush()
        sys.stdout.buffer.write(fixing.stdout)
        sys.stdout.buffer.flush()
    if not quiet:
        click.echo(f"smlint: {summary(report, fixing, unsafe)}", err=True)
    return EXIT_USAGE if report.failures else EXIT_CLEAN


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
@click.option(
    "--stdio", is_flag=True, help="Accepted for the clients that pass it: stdio is the only transport."
)
def server(stdio):
    """Run the language server (LSP over standard input and output) for editors."""
    try:
        from .server.protocol import serve
    except ImportError as exc:  # (pygls missing from an install without the dependencies)
        raise Failure(f"smlint server needs pygls and lsprotocol: {exc}") from None
    serve()


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, readable=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "svg", "html")),
    default="text",
    show_default=True,
    help="svg: the timeline as a picture; html: a page with that picture.",
)
@_instance_count(
    "Fleet size N (the variant's total instance count): instances per step, INSTANCE_COUNT steps."
)
@click.option("--kind", type=click.Choice(KINDS), help="Read every document as this request kind.")
def plan(files, fmt, fleet_size, kind):
    """Show each request's deployment in FILES as SageMaker would run it."""
    from .plan import run

    _tolerant_streams()
    try:
        output, code = run(files, fmt, fleet_size, kind)
    except Exception as exc:  # noqa: BLE001 - a traceback shown to a user is a bug
        internal_error(exc)
    click.echo(output, nl=False)
    sys.exit(code)
