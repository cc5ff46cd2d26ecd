"""SM003: values that cannot be known statically (reported once, at the outermost one)."""

from __future__ import annotations

from ..model import Unresolved, walk
from . import Request, check


@check("SM003")
def unresolved_values(req: Request):
    for path, value in walk(req.raw):
        if isinstance(value, Unresolved) and not value.invalid:
            yield (
                path,
                (
                    f"{req.field(path)} cannot be determined statically ({value.reason}); checks that need "
                    "its value were skipped"
                ),
                "to have it checked, write the value literally where it need not vary",
            )
