import pytest

from smlint.registry import builtin_rules
from smlint.runner import Linter, Options


@pytest.fixture(scope="session")
def rules():
    return builtin_rules()


def lint_text(text: str, fmt: str = "json", path: str = "request.json", **options):
    """Findings for ``text`` as if it were the file ``path`` (suppression comments applied)."""
    linter = Linter(Options(**options))
    findings, _ = linter.lint_text(path, text, fmt)
    return linter.suppress(path, text, findings)[0]
