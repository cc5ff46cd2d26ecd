"""``--kind`` on a file of another extension (or on standard input): read as JSON if it reads
as JSON, as YAML otherwise."""

from __future__ import annotations

from .detect import may_hold_request as may_hold  # noqa: F401 - the reader contract (smlint.readers)
from .yaml import comments  # noqa: F401 - (JSON has none; a YAML comment is where one may be)


def read(text: str, path: str, context):
    from .documents import read_parsed, worth_parsing
    from .extracted import Extracted
    from .json import load_json
    from .yaml import load_yaml

    if not worth_parsing(text, context):
        return Extracted()
    parsed = load_json(text)
    if parsed.error:
        parsed = load_yaml(text)
    return read_parsed(parsed, text, path, context)
