"""The per-file time budget running out while a file's requests are linted: the findings of
the requests before the cut stand, and the cut is one SM001 at the first request not linted."""

from __future__ import annotations

from smlint.budgets import OutOfTime
from smlint.runner import Linter, Options

DOC = "EndpointName: bad_{i}\nEndpointConfigName: c\n"


def test_findings_before_the_cut_are_kept(monkeypatch):
    text = "---\n".join(DOC.format(i=i) for i in range(5))
    linter = Linter(Options(select=("ALL",)))
    real = Linter.lint_document
    calls = []

    def slow(self, doc, config=None, texts=None):
        calls.append(doc)
        if len(calls) == 3:
            raise OutOfTime(10.0)
        return real(self, doc, config, texts)

    monkeypatch.setattr(Linter, "lint_document", slow)
    result = linter.check_text("r.yaml", text, "yaml")
    rows = sorted((f.rule, f.line, f.column, f.message) for f in result.findings)
    assert rows == [
        (
            "SM001",
            7,
            1,
            "stopped after 10 s of CPU time, smlint's budget for one file (--file-timeout): "
            "this request and the 2 after it not linted",
        ),
        *[r for r in rows if r[0] == "SM106"],
    ]
    assert [r[1] for r in rows if r[0] == "SM106"] == [1, 4]
    assert result.timed_out
