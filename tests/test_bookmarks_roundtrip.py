"""Bookmarks written and read back through the store are the same bookmarks (issue 14), whatever
the user's file held: anchors and aliases inside an entry or shared between entries, a `---`
document marker, values of odd types in unknown keys, entries of the wrong type, entries that
are no bookmark at all.

CI and `uv run pytest` draw the same examples each run (derandomized);
READER_PROPERTY_EXAMPLES=1000 (or more) explores fresh random ones.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from reader.bookmarks import Anchor, Bookmark, BookmarkStore
from reader.bookmarks.quickparse import split_items
from reader.bookmarks.yamlfile import same

EXAMPLES = int(os.environ.get("READER_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    derandomize="READER_PROPERTY_EXAMPLES" not in os.environ,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
words = st.text("abcdefghij -_:#'\"&*!|>%@`[]{},?", min_size=1, max_size=12)
scalars = st.one_of(texts, st.integers(-10**6, 10**6), st.booleans(), st.none(),
                    st.floats(allow_nan=False, allow_infinity=True), st.dates(),
                    st.datetimes(timezones=st.just(dt.timezone.utc)).map(lambda d: d.replace(microsecond=0)))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text("xyz", min_size=1, max_size=3),
                                                                       inner, max_size=3)), max_leaves=6)
WRONG = {"article": {"a": "b"}, "note": ["x"], "created": dt.date(2020, 1, 1), "start": -3,
         "tags": [1, 2], "id": 12345678, "exact": 2007}


@st.composite
def user_files(draw) -> tuple[str, list]:
    """(a bookmarks.yaml as a user may have written it, what it holds)."""
    items: list = []
    shared = draw(st.lists(st.one_of(st.lists(words, min_size=1, max_size=3), values), min_size=1, max_size=2))
    for i in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["bookmark", "bookmark", "bookmark", "wrong", "other"]))
        if kind == "other":
            items.append(draw(st.one_of(texts, st.lists(scalars, max_size=3))))
            continue
        entry = {"id": f"b{i:07x}", "article": draw(st.sampled_from(["lwn/a", "lwn/b", "blog/c d"])),
                 "exact": draw(texts.filter(bool))}
        for key in draw(st.lists(st.sampled_from(["note", "prefix", "suffix", "title", "created"]),
                                 unique=True, max_size=3)):
            entry[key] = draw(texts)
        if draw(st.booleans()):
            entry["tags"] = draw(st.lists(words, max_size=3))
        if draw(st.booleans()):
            entry["start"] = draw(st.integers(0, 500))
            entry["end"] = entry["start"] + len(entry["exact"])
        for key in draw(st.lists(st.sampled_from(["colour", "rating", "seen", "todo", "same"]), unique=True,
                                 max_size=2)):
            entry[key] = draw(values)
        if shared and draw(st.booleans()):  # the same object in several entries: an alias
            entry[draw(st.sampled_from(["todo", "tags", "same"]))] = draw(st.sampled_from(shared))
        if kind == "wrong":
            key = draw(st.sampled_from(sorted(WRONG)))
            entry[key] = WRONG[key]
        items.append(entry)
    head = draw(st.sampled_from(["", "# my bookmarks\n", "---\n", "# notes\n\n"]))
    text = yaml.safe_dump(items, allow_unicode=True, sort_keys=False, default_flow_style=False,
                          width=draw(st.sampled_from([60, 100, 1000]))) if items else ""
    if text.startswith("---"):
        head = ""
    return head + text, yaml.safe_load(head + text) or []


def fresh_store(path: Path) -> BookmarkStore:
    """A store read as a new process reads it, without the parse cache."""
    shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)
    store = BookmarkStore(path)
    store.load()
    return store


def expected_bookmarks(items: list) -> tuple[list[Bookmark], list]:
    bookmarks, others, ids = [], [], set()
    for item in items:
        try:
            b = Bookmark.from_mapping(item) if isinstance(item, dict) else None
        except ValueError:
            b = None
        if b is not None and b.id not in ids:
            ids.add(b.id)
            bookmarks.append(b)
        else:
            others.append(item)
    return bookmarks, others


@SETTINGS
@given(user_files(), texts, st.lists(words, max_size=3), st.data())
def test_bookmarks_written_and_read_back_are_the_same(file, note, tags, data):
    text, items = file
    event(f"aliases: {'yes' if '*id' in text else 'no'}; document marker: {'yes' if '---' in text else 'no'}")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "bookmarks.yaml"
        path.write_text(text, encoding="utf-8")
        store = fresh_store(path)
        assert store.error is None, store.error
        bookmarks, others = expected_bookmarks(items)
        assert store.bookmarks == bookmarks
        assert len(store.warnings) == len(others)
        assert all("\n" not in w and w.endswith("kept as it is") for w in store.warnings)
        # the same file through the parse cache written by that read
        cached = BookmarkStore(path)
        cached.load()
        assert cached.bookmarks == bookmarks

        # one change of each kind, as the app or the CLI makes them
        clean = [t for t in dict.fromkeys(" ".join(t.split()) for t in tags) if t]
        added = store.add(Bookmark(id="new00001", article="lwn/a", anchor=Anchor("a passage", "", "", 0, 9),
                                   note=note, tags=clean, created="2026-01-01T00:00:00Z"))
        bookmarks.append(added)
        changed = {added.id}
        if len(bookmarks) > 1:
            i = data.draw(st.integers(0, len(bookmarks) - 2))
            edited = store.get(bookmarks[i].id)
            edited.note = note + " (edited)"
            store.update(edited)
            bookmarks[i] = store.get(edited.id)
            gone = data.draw(st.sampled_from([b.id for b in bookmarks if b.id != edited.id]))
            store.delete(gone)
            bookmarks = [b for b in bookmarks if b.id != gone]
            changed |= {edited.id, gone}

        after = path.read_text(encoding="utf-8")
        again = fresh_store(path)
        assert again.error is None, again.error
        assert again.bookmarks == bookmarks
        # PyYAML reads the file too (no duplicate or undefined anchor), and every entry that is
        # not a bookmark is still there, with its types
        data_now = yaml.safe_load(after)
        assert len(data_now) == len(bookmarks) + len(others)
        kept = [x for x in data_now if not (isinstance(x, dict) and x.get("id") in {b.id for b in bookmarks}
                                            and isinstance(x.get("id"), str))]
        assert len(kept) == len(others) and all(same(a, b) for a, b in zip(kept, others))
        # an entry nobody changed keeps its text, when entries could be told apart by lines
        split = split_items(text) if text and "&id" not in text else None
        if split is not None:
            for chunk in split[1]:
                value = yaml.safe_load(chunk)[0]
                if not (isinstance(value, dict) and value.get("id") in changed):
                    assert chunk in after
