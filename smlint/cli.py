"""``smlint`` command line (click). Exit codes: 0 nothing at or above --fail-on, 1 findings
at or above it, 2 usage or configuration error, or an internal failure."""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .findings import SEVERITIES
from .formatters import FORMATS, display_path
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="smlint")
def main():
    """Lint SageMaker UpdateEndpoint / CreateEndpoint deployment requests."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
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
@click.option(
    "--ignore", multiple=True, metavar="CODES", help="Skip these rules: ids or prefixes, comma-separated."
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="error",
    show_default=True,
    help="Exit 1 when a finding is at least this severe.",
)
@click.option(
    "--instance-count",
    "fleet_size",
    type=click.IntRange(min=1, max=1_000_000),
    metavar="N",
    help="Fleet size N (the variant's total instance count) for the rules that need it; overrides the N found in the endpoint config a request names.",
)
@click.option(
    "--kind", type=click.Choice(KINDS), help="Lint every document as this request kind, skipping detection."
)
def check(paths, fmt, output_file, select, ignore, fail_on, fleet_size, kind):
    """Lint the requests in PATHS (files or folders, searched recursively)."""
    from .formatters import render
    from .runner import Linter, Options

    select, ignore = _codes(select), _codes(ignore)
    _tolerant_streams()
    try:
        options = Options(select=select, ignore=ignore, fleet_size=fleet_size, kind=kind)
        linter = Linter(options)
        if select or ignore:
            unknown = _ruleset().unknown_codes(select + ignore)
            if unknown:
                raise click.UsageError(f"no rule matches {', '.join(unknown)} (see `smlint rules`)")
        report = linter.lint_paths(paths)
        for path, reason in report.skipped:
            click.echo(f"smlint: skipped {display_path(path)}: {reason}", err=True)
        if fmt is None:  # in a GitHub Actions job, annotations on the pull request
            fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
        output = render(fmt, report, linter.rules if fmt == "sarif" else None)
        if output_file:
            try:
                with open(output_file, "w", encoding="utf-8", errors="backslashreplace") as fh:
                    fh.write(output)
            except OSError as exc:
                raise Failure(f"cannot write {output_file}: {exc.strerror or exc}") from None
        else:
            click.echo(output, nl=False)
        for path, error in report.failures:
            click.echo(
                f"smlint: internal error on {display_path(path)}: {error} (please report it)", err=True
            )
    except click.ClickException:
        raise
    except Exception as exc:  # noqa: BLE001 - a traceback shown to a user is a bug
        _internal_error(exc)
    if report.failures:
        sys.exit(EXIT_USAGE)
    failing = any(f.at_least(fail_on) for f in report.findings)
    sys.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


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

    rules = _ruleset()
    found = rules.by_id.get(rule_id.upper()) or next((r for r in rules if r.name == rule_id.lower()), None)
    if found is None:
        raise click.UsageError(f"no rule {rule_id!r} (see `smlint rules`)")
    click.echo(rule_text(found), nl=False)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(("text", "md")), default="text", show_default=True)
def rules_(fmt):
    """List every rule: id, name, severity, summary."""
    from .ruledocs import rules_table

    click.echo(rules_table(_ruleset(), fmt), nl=False)
