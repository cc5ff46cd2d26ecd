"""Makefiles: the shell of their recipes, where ``aws sagemaker update-endpoint`` runs.

A recipe line is a line that starts with a tab after a rule (make's own definition); make
hands it to the shell after taking off the ``@``/``-``/``+`` prefixes, joining backslash
continuations (the shell sees them too) and turning ``$$`` into ``$``. A make variable
``$(NAME)`` or ``${NAME}`` is left as it is: the shell reads it as an expansion, so its value
is unresolved (SM003), as make would substitute it. Only this much of make is read: no
includes, no conditionals, no variable values.
"""

from __future__ import annotations

import re

from ..locations import LineIndex
from .relocate import Relocation

NAMES = ("makefile", "gnumakefile")
EXTENSIONS = (".mk", ".make")

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def is_makefile(name: str) -> bool:
    lowered = name.lower()
    return lowered in NAMES or lowered.endswith(EXTENSIONS)


def recipes(text: str) -> Relocation:
    """The recipe lines of ``text`` as one shell text (other lines left empty, so the shell
    text has the Makefile's line numbers), and where each character came from."""
    out: list = []
    offsets: list = []
    in_rule = continued = False
    pos = 0
    for m in _LINE.finditer(text):
        raw = m.group()
        if not raw and m.start() == len(text):
            break
        line = raw.rstrip("\r\n")
        start = m.start()
        recipe = continued or (line.startswith("\t") and in_rule)
        if not recipe:
            stripped = line.strip()
            if stripped and not stripped.startswith("#"):
                # a rule line (`target: prerequisites`), not an assignment (`X := y`, `X = y`)
                in_rule = ":" in line and not re.match(r"^[^:#=]*(?:[:+?!]?=)", line)
        if recipe:
            body = 1 if line.startswith("\t") else 0
            if not continued:
                while body < len(line) and line[body] in "@-+ \t":
                    body += 1
            i = body
            while i < len(line):
                if line.startswith("$$", i):
                    out.append("$")
                    offsets.append(start + i)
                    i += 2
                    continue
                out.append(line[i])
                offsets.append(start + i)
                i += 1
            continued = line.endswith("\\")
        out.append("\n")
        offsets.append(start + len(line))
        pos = m.end()
    offsets.append(pos)
    return Relocation("".join(out), offsets, LineIndex(text))


def extract(text: str, path: str, depends_on=None):
    from . import shell
    from .relocate import relocate_extracted

    if not shell.mentions_cli(text):
        from .extracted import Extracted

        return Extracted()
    relocation = recipes(text)
    return relocate_extracted(shell.extract(relocation.inner, path, depends_on), relocation, path)


def comments(text: str) -> list:
    """Make's own ``#`` comments outside recipes are not the shell's: only the recipes'
    shell comments are read (make passes them to the shell)."""
    from . import shell

    relocation = recipes(text)
    out = []
    for line, column, comment in shell.comments(relocation.inner):
        out.append((*relocation.point(relocation.offset(line, column)), comment))
    return out


def may_hold(content) -> bool:
    from .shell import may_hold as shell_may_hold

    return shell_may_hold(content)


def read(text: str, path: str, context):
    return extract(text, path, context.depends_on)
