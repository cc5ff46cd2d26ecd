"""Lint a text in the tests as the command line would lint a file of it."""

from smlint.runner import Linter, Options


def lint_text(text: str, fmt: str = "json", path: str = "request.json", **options):
    """Findings for ``text`` as if it were the file ``path`` (suppression comments applied)."""
    return Linter(Options(**options)).check_text(path, text, fmt).findings
