"""Shell steps of CI pipelines written in YAML: GitHub Actions ``run:``, GitLab CI ``script:``
(and ``before_script:``/``after_script:``), AWS CodeBuild ``commands:`` (a string or a list of
strings). Each step's text is read as shell (smlint.readers.shell) and its positions moved
back into the YAML file.

A step's text is the YAML scalar's value: each of its lines is found in the scalar's own span
of the file (a block scalar's lines lose their indentation; a plain or quoted one-line scalar
is its text). Where a line cannot be found as written (a folded or escaped scalar), the
positions of the rest of that step are the scalar's start. GitHub's ``${{ … }}`` expressions
are substituted before the shell runs: each becomes a shell variable of the same length, so
its value is unresolved (SM003).
"""

from __future__ import annotations

import re

from ..locations import LineIndex
from .relocate import Relocation

STEP_KEYS = frozenset(
    {"run", "script", "before_script", "after_script", "commands", "pre_build", "post_build"}
)
_EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)


def steps(value, path: tuple = ()):
    """(path, text) of every step script in a parsed CI document."""
    stack = [(path, value, False)]
    while stack:
        here, item, under_step = stack.pop()
        if isinstance(item, str):
            if under_step:
                yield here, item
        elif isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                stack.append((here + (key,), child, key in STEP_KEYS))
        elif isinstance(item, list):
            for i, child in reversed(list(enumerate(item))):
                # a list under a step key is a list of commands; elsewhere, go on looking
                stack.append((here + (i,), child, under_step))


def _starts(text: str) -> list:
    return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


def located(text: str, starts: list, lines: LineIndex, script: str, position) -> Relocation:
    """The script's characters, found in the file from the scalar's start to its end: each
    line as a whole (a block scalar's), else word by word (a folded or plain scalar, whose
    line breaks became spaces); what cannot be found is at the scalar's start."""
    begin = starts[position.line - 1] + position.column - 1
    end = starts[min(position.end_line, len(starts)) - 1] + position.end_column - 1
    offsets: list = []
    cursor = begin
    for line in script.split("\n"):
        found = text.find(line, cursor, max(end, cursor) + 1) if line else cursor
        if found != -1:
            offsets.extend(range(found, found + len(line)))
            cursor = found + len(line)
        else:
            for i, word in enumerate(line.split(" ")):
                if i:
                    offsets.append(cursor)  # the space (a folded line break, maybe)
                at = text.find(word, cursor, max(end, cursor) + 1) if word else cursor
                if at == -1:
                    offsets.extend([cursor] * len(word))
                    continue
                offsets.extend(range(at, at + len(word)))
                cursor = at + len(word)
        offsets.append(cursor)  # its line end
    offsets = offsets[: len(script) + 1]
    while len(offsets) < len(script) + 1:
        offsets.append(begin)
    return Relocation(script, offsets, lines)


def extract(documents, text: str, path: str, depends_on=None):
    """The requests of the CLI commands in the step scripts of ``documents`` (Composed)."""
    from . import shell
    from .extracted import Extracted
    from .relocate import relocate_extracted

    found = Extracted()
    if not shell.mentions_cli(text):
        return found
    lines, starts = LineIndex(text), None
    base = _repository_top(path)
    for composed in documents:
        spans = None
        for where, script in steps(composed.value):
            if not shell.mentions_cli(script):
                continue
            if spans is None:
                spans, starts = composed.source_map.spans, starts or _starts(text)
            entry = spans.get(where)
            if entry is None:
                continue
            relocation = located(text, starts, lines, script, entry.value)
            shell_text = _EXPRESSION.sub(lambda m: "$" + "_" * (len(m.group()) - 1), script)
            inner = shell.extract(shell_text, path, depends_on, base, shown=script)
            relocate_extracted(inner, relocation, path, f"step {'.'.join(map(str, where))}")
            found.units.extend(inner.units)
            found.problems.extend(inner.problems)
    return found


def _repository_top(path: str) -> str | None:
    """A GitHub workflow's steps run in the checkout: the folder that holds ``.github``."""
    import os

    folder = os.path.dirname(os.path.abspath(path))
    parts = folder.replace(os.sep, "/").split("/")
    if len(parts) >= 2 and parts[-2:] == [".github", "workflows"]:
        return os.path.relpath(os.path.dirname(os.path.dirname(folder)))
    return None
