"""'Did you mean' for field names and enum values."""

from __future__ import annotations


def closest(word: str, candidates, cutoff: float = 0.8) -> str | None:
    """The candidate ``word`` was most likely meant to be: same letters in another case or
    spacing (``canarySize``, ``canary_size``, ``Canary``), else a close spelling."""
    candidates = list(candidates)
    folded = _fold(word)
    for candidate in candidates:
        if _fold(candidate) == folded:
            return candidate
    import difflib  # only when a name is wrong: not on the start-up path

    match = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
    return match[0] if match else None


def _fold(word: str) -> str:
    return word.replace("_", "").replace("-", "").replace(" ", "").lower()
