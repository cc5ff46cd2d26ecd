"""The Python reader's lines (smlint.readers.python.positions.Columns): split at the line
ends Python's tokenizer knows, and the lines naming a word found by one search over the text
when it holds no CR; both as a search line by line finds them."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from smlint.locations import LINE_END
from smlint.readers.python.positions import Columns

WORDS = ("update_endpoint", "create_endpoint", "ab", "b")
PIECES = st.sampled_from([*WORDS, "\n", "\r", "\r\n", "x", " ", "a", "é"])


def _by_line(text: str, words) -> list:
    present = [w for w in words if w in text]
    if not present:
        return []
    pattern = re.compile("|".join(map(re.escape, present)))
    return [i for i, line in enumerate(LINE_END.split(text), 1) if pattern.search(line)]


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40))
def test_lines_and_the_lines_naming_a_word_are_those_found_line_by_line(pieces):
    text = "".join(pieces)
    columns = Columns(text)
    assert columns._lines == LINE_END.split(text)
    assert columns.lines_with(WORDS) == _by_line(text, WORDS)


def test_a_word_written_twice_on_a_line_counts_the_line_once():
    assert Columns("ab ab\nx\nb\n").lines_with(WORDS) == [1, 3]
    assert Columns("ab ab\rx\r\nb\n").lines_with(WORDS) == [1, 3]
