"""A finding is a small frozen value; everything after the engine only reads it."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    severity: str
    text: str  # what the rule says, in its own words (``message`` is the whole sentence)
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    field: str = ""  # dotted field path; empty for file-level findings (SM001)
    cell: int | None = None  # a notebook's cell (then ``line`` counts within the cell)
    # with a cell: where that line is stored in the notebook's JSON (GitHub annotations and
    # SARIF regions point there; smlint.readers.notebook_json.with_stored_positions)
    file_line: int | None = None
    file_column: int | None = None
    file_end_line: int | None = None
    file_end_column: int | None = None
    fix: object = None  # smlint.fixes.Fix: the edits that resolve it, when there are
    # what to write instead: ``message`` says what is wrong and the limit, in one sentence
    help: str = ""
    # What the context adds, said with the rule's words, never written into them: the values a
    # probe tried (``with parameter Env = "prod"``), said first; where values came from and in
    # which branches the finding holds (``from variable x's default``, ``when mode is true``),
    # said after, in order.
    lead: str = ""
    notes: tuple = ()

    @property
    def message(self) -> str:
        """The finding's sentence: composed here, the one place, from its parts."""
        said = f"{self.lead}: {self.text}" if self.lead else self.text
        for note in self.notes:
            said = qualified(said, note)
        return said

    def sort_key(self) -> tuple:
        return (self.path, self.cell or 0, self.line, self.column, self.rule, self.message)

    def at_least(self, severity: str) -> bool:
        return SEVERITY_RANK[self.severity] >= SEVERITY_RANK[severity]


def qualified(message: str, note: str) -> str:
    """A message with a qualifier added where it is built (``when …``, where N came from): in
    parentheses, or after ``; `` when the message already ends with a parenthesis (never
    ``(SageMaker rejects it) (when …)``)."""
    return f"{message}; {note}" if message.endswith(")") else f"{message} ({note})"


def file_finding(rule, path: str, message: str, line: int = 1, column: int = 1, help: str = "") -> Finding:
    """A finding about a file as a whole (cannot be read, cannot be parsed)."""
    return Finding(
        rule.id, rule.name, rule.severity, message, path, line, column, line, column + 1, help=help
    )
