"""The YAML loader remembers the tag of each plain scalar's text (smlint.readers.libyaml):
what it gives is ruamel's own resolution, for every text, however often it comes again."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.cyaml import CSafeLoader

from smlint.readers import libyaml

SPECIAL = [
    "yes",
    "No",
    "on",
    "~",
    "null",
    "Null",
    "true",
    "False",
    "1e3",
    "0x1F",
    "0o17",
    "1_000",
    ".inf",
    "-.Inf",
    ".nan",
    "2001-12-14",
    "12:30:45",
    "+12",
    "-0",
    "0.5",
    "=",
    "<<",
    "600",
    "600.0",
]
TEXTS = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(st.sampled_from("0123456789.-+_:eExXoOabnulyst"), min_size=1, max_size=8),
)


def _tags(loader, text: str) -> list:
    node = None
    parser = loader(text)
    try:
        node = parser.get_single_node()
    finally:
        parser.dispose()
    return [(key.value, str(key.tag), value.value, str(value.tag)) for key, value in node.value]


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=6))
def test_a_plain_scalar_has_the_tag_ruamel_resolves(texts):
    text = "".join(f"k{i}: {value}\n" for i, value in enumerate(texts))
    try:
        expected = _tags(CSafeLoader, text)
    except Exception:  # (not a mapping of plain scalars: nothing to compare)
        return
    for _ in range(2):  # (the second time from what was remembered)
        assert _tags(libyaml.loader_class(), text) == expected


def test_what_is_remembered_is_bounded(monkeypatch):
    monkeypatch.setattr(libyaml, "_PLAIN_TAGS", {})
    monkeypatch.setattr(libyaml, "_PLAIN_TAGS_SIZE", 3)
    text = "".join(f"k{i}: {i}\n" for i in range(10)) + "long: " + "1" * 100 + "\n"
    tags = _tags(libyaml.loader_class(), text)
    assert len(libyaml._PLAIN_TAGS) <= 3
    assert "1" * 100 not in libyaml._PLAIN_TAGS
    assert [tag for _, _, _, tag in tags] == [tag for _, _, _, tag in _tags(CSafeLoader, text)]
