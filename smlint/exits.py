"""How an ``smlint`` command ends: its exit codes, a failure said in one line (a broken rule
file, an unwritable output file: exit 2), an internal error said without a traceback."""

from __future__ import annotations

import os
import sys

import click

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class Failure(click.ClickException):
    """A broken rule file, an unwritable output file: reported in one line, exit 2."""

    exit_code = EXIT_USAGE


def internal_error(exc: Exception) -> None:
    """A bug, said in one line on standard error (exit 2); SMLINT_DEBUG=1 raises it instead."""
    if os.environ.get("SMLINT_DEBUG"):
        raise exc
    click.echo(
        f"smlint: internal error: {type(exc).__name__}: {exc} (set SMLINT_DEBUG=1 for details; please report it)",
        err=True,
    )
    sys.exit(EXIT_USAGE)
