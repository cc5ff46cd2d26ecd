"""atheris harness: the whole check on any bytes, read as JSON and as YAML, for long runs
(the bounded hypothesis version runs with the tests: tests/engine/test_fuzz.py).

    pip install atheris
    python tests/fuzz/fuzz_check.py -max_total_time=600 -rss_limit_mb=2048 /tmp/smlint-corpus examples tests/fixtures/formatters

Any exception, a finding of an unknown rule, a position outside the file, a crashed rule or
a report a formatter cannot render is a crash: atheris stops and writes the input to
./crash-<hash>. Replay one with ``python tests/fuzz/fuzz_check.py ./crash-<hash>``.
"""

import os
import sys

import atheris

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, "..", ".."), os.path.join(HERE, ".."), os.path.join(HERE, "..", "engine")]

with atheris.instrument_imports(include=["smlint"]):
    import importlib
    import pkgutil

    import smlint

    # smlint imports its loaders, engine, checks and formatters lazily: import them all here,
    # where they are instrumented, or the fuzzer would not see their branches.
    for module in pkgutil.walk_packages(smlint.__path__, "smlint."):
        if module.name not in ("smlint.__main__",):
            importlib.import_module(module.name)
    from smlint.results import Report
    from smlint.runner import Linter, Options

from test_fuzz import RULES, _check_positions, _check_renders  # noqa: E402  (after instrumenting)

# Every rule, a fleet size for the rules that need one; one linter per detection mode.
LINTERS = [
    Linter(Options(select=("ALL",), fleet_size=4), RULES),
    Linter(Options(select=("ALL",), fleet_size=4, kind="update-endpoint"), RULES),
]


def check(findings, data: bytes, fmt: str) -> None:
    """The invariants the bounded fuzz test asserts (tests/engine/test_fuzz.py), one input at a time."""
    _check_positions(findings, data, fmt)
    _check_renders(Report(findings=sorted(findings, key=lambda f: f.sort_key()), files=1))


def TestOneInput(data: bytes) -> None:
    for linter in LINTERS:
        for fmt, name in (("json", "request.json"), ("yaml", "request.yaml")):
            findings, *_ = linter.lint_bytes(name, data, fmt)
            check(findings, data, fmt)


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
