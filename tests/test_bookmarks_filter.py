"""The one bookmark filter (``reader.bookmarks.filter_bookmarks``): words, ``#tag``, ``tag:x``.
Tags are shown (``tags: ha``, ``#ha``), so filtering by them must find them."""

from __future__ import annotations

from reader.bookmarks import Bookmark, BookmarkFilter, filter_bookmarks
from reader.content.anchor import Anchor


def bm(bid: str, *, tags=(), note="", exact="a passage") -> Bookmark:
    return Bookmark(id=bid, article="lwn/x", anchor=Anchor(exact=exact, prefix="", suffix="", start=0, end=len(exact)),
                    note=note, tags=list(tags), title="Kernel Summit")


MARKS = [bm("1", tags=["ha", "Kernel"]), bm("2", tags=["to read"], note="panic count"), bm("3", exact="high availability")]


def ids(found) -> list[str]:
    return [b.id for b in found]


def test_hash_tag_and_tag_field_find_tagged_bookmarks():
    assert ids(filter_bookmarks(MARKS, "#ha")) == ["1"]
    assert ids(filter_bookmarks(MARKS, "tag:ha")) == ["1"]
    assert ids(filter_bookmarks(MARKS, "#kernel")) == ["1"]  # case-insensitive
    assert ids(filter_bookmarks(MARKS, 'tag:"to read"')) == ["2"]
    assert ids(filter_bookmarks(MARKS, "#ker*")) == ["1"]


def test_a_tag_is_a_whole_tag_and_words_still_search_the_text():
    assert ids(filter_bookmarks(MARKS, "#h")) == []  # no tag "h"
    assert ids(filter_bookmarks(MARKS, "availability")) == ["3"]
    assert ids(filter_bookmarks(MARKS, "#ha summit")) == ["1"]  # a tag and a word, both
    assert ids(filter_bookmarks(MARKS, "panic #ha")) == []
    assert ids(filter_bookmarks(MARKS, "")) == ["1", "2", "3"]


def test_parse():
    assert BookmarkFilter.parse('#ha tag:"two  words" c# Panic') == BookmarkFilter(("c#", "panic"), ("ha", "two words"))
