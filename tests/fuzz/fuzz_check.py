"""atheris harness: the whole check on any bytes, read as JSON and as YAML, for long runs
(the bounded hypothesis version runs with the tests: tests/test_fuzz.py).

    pip install atheris
    python tests/fuzz/fuzz_check.py -max_total_time=600 -rss_limit_mb=2048 /tmp/smlint-corpus examples tests/fixtures/formatters

Any exception, a finding of an unknown rule, a position outside the file, a crashed rule or
a report a formatter cannot render is a crash: atheris stops and writes the input to
./crash-<hash>. Replay one with ``python tests/fuzz/fuzz_check.py ./crash-<hash>``.
"""

import json
import os
import re
import sys
import xml.etree.ElementTree as ET

import atheris

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

with atheris.instrument_imports(include=["smlint"]):
    import importlib
    import pkgutil

    import smlint
    from smlint import sources

    # smlint imports its loaders, engine, checks and formatters lazily: import them all here,
    # where they are instrumented, or the fuzzer would not see their branches.
    for module in pkgutil.walk_packages(smlint.__path__, "smlint."):
        if module.name not in ("smlint.__main__",):
            importlib.import_module(module.name)
    from smlint.formatters import FORMATS, render
    from smlint.registry import builtin_rules
    from smlint.runner import Linter, Options, Report

RULES = builtin_rules()
RULE_IDS = {r.id for r in RULES}
# Every rule, a fleet size for the rules that need one; one linter per detection mode.
LINTERS = [
    Linter(Options(select=("ALL",), fleet_size=4), RULES),
    Linter(Options(select=("ALL",), fleet_size=4, kind="update-endpoint"), RULES),
]


def _text_of(data: bytes) -> str:
    text = sources.decode("f", data)
    if isinstance(text, str):
        return text
    for bom, encoding in sources._BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")
    return data.decode("utf-8", "replace")


def check(findings, data: bytes) -> None:
    lines = re.split(r"\r\n|\r|\n", _text_of(data))
    for f in findings:
        if f.rule not in RULE_IDS:
            raise AssertionError(f"unknown rule {f.rule}")
        if not (1 <= f.line <= len(lines) and 1 <= f.column <= len(lines[f.line - 1]) + 1):
            raise AssertionError(f"{f.rule} at {f.line}:{f.column} is outside the file: {f.message}")
        if (f.end_line, f.end_column) < (f.line, f.column) or f.end_line > len(lines):
            raise AssertionError(f"{f.rule} ends at {f.end_line}:{f.end_column}, before it starts or past the file")
        if "crashed" in f.message:
            raise AssertionError(f.message)
    if any(f.rule == "SM001" for f in findings) and {f.rule for f in findings} != {"SM001"}:
        raise AssertionError(f"SM001 with other findings: {sorted({f.rule for f in findings})}")
    report = Report(findings=sorted(findings, key=lambda f: f.sort_key()), files=1)
    for fmt in FORMATS:
        out = render(fmt, report, RULES if fmt == "sarif" else None)
        out.encode("utf-8")
        if fmt in ("json", "sarif"):
            json.loads(out)
        elif fmt == "junit":
            ET.fromstring(out.encode("utf-8"))


def TestOneInput(data: bytes) -> None:
    for linter in LINTERS:
        for fmt, name in (("json", "request.json"), ("yaml", "request.yaml")):
            findings, *_ = linter.lint_bytes(name, data, fmt)
            check(findings, data)


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
