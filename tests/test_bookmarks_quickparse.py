"""reader.bookmarks.quickparse reads what libyaml's safe loader reads, or declines.

The quick reader is only worth having if it never disagrees with the loader: on entries the
store writes (random values through ``dump_entry``) and on random YAML-ish text, whatever it
accepts must be exactly what ``yaml.CSafeLoader`` (PyYAML's when libyaml is missing) reads,
types included; an item it declines is left to the loader.
READER_PROPERTY_EXAMPLES raises the example counts (derandomized by default).
"""

from __future__ import annotations

import os

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.bookmarks.quickparse import _WORDS, read_all, read_item
from reader.bookmarks.yamlfile import dump_entry, same

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
EXAMPLES = int(os.environ.get("READER_PROPERTY_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize="READER_PROPERTY_EXAMPLES" not in os.environ,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

scalars = st.one_of(st.text(max_size=30), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False),
                    st.dates(), st.text(" \n\t'\":#-|>", max_size=8))
values = st.one_of(scalars, st.lists(scalars, max_size=4), st.text(max_size=200))
entries = st.dictionaries(st.text("abcdefxyz_", min_size=1, max_size=5), values, max_size=6)
# Pieces of YAML, glued at random after `- k: `: indicators, quotes, escapes, block headers,
# indentation, words the resolver knows.
PIECES = list("ab:- #'\"|[],\\\t0123yn.~&*!>%@`{}") + ["\n", "  ", "    ", "- ", "  k: ", "|-", "|2-", "\\x41",
                                                        "''", "yes", "Off", "null", "0x1F", "1_0", "2020-01-01"]
yamlish = st.lists(st.sampled_from(PIECES), max_size=50).map("".join)


def loaded(text: str):
    """The text as libyaml's safe loader (the store's, without its limits) reads it."""
    loader = LOADER(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


@SETTINGS
@given(st.lists(entries, min_size=1, max_size=4),
       st.sampled_from(["", "# mine\n", "# a\n\n", "---\n", "# a\n--- \n\n"]))
def test_entries_the_store_writes_read_as_the_loader_reads_them(items, head):
    text = head + "".join(dump_entry({"id": f"x{i}", **d}) for i, d in enumerate(items))
    got = read_all(text)
    assert got is not None  # the store's own layout is always cut into items
    header, chunks, values = got
    assert header == head and "".join(chunks) == text[len(head):]
    for chunk, value, expected in zip(chunks, values, loaded(text)):
        assert value is None or same(value, expected), (chunk, value, expected)
        assert read_item(chunk) is None or same(read_item(chunk), expected)


def test_bookmarks_as_the_store_writes_them_need_no_loader():
    from reader.bookmarks import new_bookmark

    text = ("The vendors asked for stable driver interfaces.\n\nThe kernel developers said no: "
            "Linus agreed, and 'that' was #1.\n\n  Indented — café, 日本語, \"quoted\".")
    made = [new_bookmark("lwn/a", text, s, e, note=n, tags=t, title="A title: with colon")
            for s, e, n, t in ((4, 40, "", []), (50, 120, "two\nlines", ["ha", "x y"]),
                               (0, len(text), "# not a comment", ["#tag", "yes"]), (122, 140, "-1", []))]
    page = "".join(dump_entry(b.to_mapping()) for b in made)
    header, chunks, values = read_all(page)
    assert None not in values
    assert values == loaded(page) == [b.to_mapping() for b in made]


@SETTINGS
@given(yamlish, yamlish)
def test_random_text_is_read_as_the_loader_reads_it_or_declined(first, second):
    text = f"- id: a\n  k: {first}\n- id: b\n  k: {second}\n"
    got = read_all(text)
    if got is None:
        return
    for chunk, value in zip(*got[1:]):
        if value is None:
            continue
        try:
            expected = loaded(chunk)
        except yaml.YAMLError:
            pytest.fail(f"read an item the loader refuses: {chunk!r} → {value!r}")
        assert isinstance(expected, list) and len(expected) == 1 and same(value, expected[0]), (chunk, value)


@SETTINGS
@given(yamlish)
def test_one_item_is_read_as_the_loader_reads_it_or_declined(body):
    text = f"- k: {body}\n"
    value = read_item(text)
    if value is None:
        return
    try:
        expected = loaded(text)
    except yaml.YAMLError:
        pytest.fail(f"read an item the loader refuses: {text!r} → {value!r}")
    assert same([value], expected), (text, value, expected)


def test_the_words_are_the_resolvers_own():
    """Every spelling in the table resolves (as PyYAML reads a plain scalar) to what the table
    says, and near misses stay text."""
    for table in _WORDS.values():
        for word, value in table.items():
            try:
                expected = loaded(f"k: {word}\n")["k"]
            except yaml.YAMLError:
                continue  # `=`: no constructor; the table declines it
            if isinstance(value, (bool, type(None))):
                assert same(value, expected), word
    for near in ("yEs", "NUll", "tRUE", "ofF", "y", "n", "Yes!", "nulls"):
        assert loaded(f"k: {near}\n")["k"] == near
        assert read_item(f"- k: {near}\n") == {"k": near}
