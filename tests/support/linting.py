"""Lint a text in the tests as the command line would lint a file of it."""

from smlint.runner import Linter, Options


def lint_text(text: str, fmt: str = "json", path: str = "request.json", **options):
    """Findings for ``text`` as if it were the file ``path`` (suppression comments applied)."""
    return Linter(Options(**options)).check_text(path, text, fmt).findings


def cut_linting_at(monkeypatch, line: int, linted: list | None = None) -> None:
    """The file's time runs out (OutOfTime, as its budget raises it) when the request that
    starts on ``line`` is linted; ``linted``: gets the start line of each request linted."""
    from smlint.budgets import OutOfTime

    real = Linter.lint_document

    def slow(self, doc, config=None, texts=None, said=None):
        if linted is not None:
            linted.append(doc.source_map.start.line)
        if doc.source_map.start.line == line:
            raise OutOfTime(10.0)
        return real(self, doc, config, texts, said)

    monkeypatch.setattr(Linter, "lint_document", slow)
