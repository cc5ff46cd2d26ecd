import os

import pytest

from smlint.registry import builtin_rules


@pytest.fixture(scope="session")
def rules():
    return builtin_rules()


# tests/fuzz/ holds atheris harnesses for long runs, not tests (atheris is no test dependency)
collect_ignore = ["fuzz"]


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """Each test gets an empty result cache: a result cached by one test (with a rule
    monkeypatched, say) must never answer for another."""
    monkeypatch.setenv("SMLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # the cache's signing key


# CI replays the same examples on every run (a property's new counterexample is found by the
# quick loop on a developer's machine, where examples are random, and kept as a test).
if os.environ.get("CI"):
    from hypothesis import settings as _settings

    _settings.register_profile("ci", derandomize=True, database=None)
    _settings.load_profile("ci")
