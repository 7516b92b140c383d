"""bookmarks.yaml (reader.bookmarks.store): format, merges, corrupt files, crashes, concurrency."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO_ROOT
from reader.bookmarks import (
    Anchor,
    Bookmark,
    BookmarkNotFound,
    BookmarkStore,
    BookmarksUnreadable,
    new_bookmark,
    reanchor_article,
)

TEXT = ("The vendors asked for stable driver interfaces.\n\nThe kernel developers said no, "
        "and Linus agreed.\n\nA customer panel talked about failover in clusters.")


def make(note: str = "", tags=(), article: str = "lwn/a", quote: str = "stable driver interfaces") -> Bookmark:
    i = TEXT.index(quote)
    return new_bookmark(article, TEXT, i, i + len(quote), note=note, tags=tags, title="A title: with colon")


def open_store(path: Path) -> BookmarkStore:
    store = BookmarkStore(path)
    store.load()
    return store


# -- format -------------------------------------------------------------------------------------

def test_missing_file_is_empty_and_writable(tmp_path):
    store = open_store(tmp_path / "bookmarks.yaml")
    assert store.bookmarks == [] and store.error is None and not store.read_only
    assert not (tmp_path / "bookmarks.yaml").exists()  # reading creates nothing


def test_file_is_hand_editable_yaml_with_block_strings(tmp_path):
    path = tmp_path / "bookmarks.yaml"
    store = open_store(path)
    b = store.add(make(note="first line\nsecond line", tags=["ha", "clusters"]))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "  note: |-\n    first line\n    second line\n" in text
    assert "tags: [ha, clusters]" in text
    data = yaml.safe_load(text)
    assert data == [b.to_mapping()]
    assert list(data[0])[:8] == ["id", "article", "title", "exact", "prefix", "suffix", "start", "end"]
    assert open_store(path).bookmarks == [b]


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=120)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note=texts, quote=texts.filter(lambda s: s != ""), tags=st.lists(texts, max_size=4),
       extra=st.dictionaries(st.text("abcxyz_", min_size=1, max_size=8), st.one_of(texts, st.integers()), max_size=3))
def test_any_text_round_trips(note, quote, tags, extra):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "bookmarks.yaml"
        b = Bookmark(id="abc123", article="x/y", anchor=Anchor(quote, "pre", "suf", 3, 3 + len(quote)), note=note,
                     tags=[t for t in dict.fromkeys(" ".join(t.split()) for t in tags) if t],
                     created="2026-01-01T00:00:00Z", updated="2026-01-01T00:00:00Z",
                     extra={k: v for k, v in extra.items() if k not in Bookmark.__dataclass_fields__})
        open_store(path).add(b)
        again = open_store(path)
        assert again.error is None
        assert again.bookmarks == [b]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(texts.filter(lambda s: s != ""), texts, texts, texts), min_size=2, max_size=4))
def test_many_entries_with_any_text_round_trip(items):
    """Entries are appended to the file one by one: whatever one holds (a prefix ending in a
    line break, a note of blank lines…), the next one still parses after it."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "bookmarks.yaml"
        store = open_store(path)
        made = []
        for i, (quote, prefix, suffix, note) in enumerate(items):
            b = Bookmark(id=f"id{i}", article="x/y", anchor=Anchor(quote, prefix, suffix, 0, len(quote)),
                         note=note, created="2026-01-01T00:00:00Z")
            made.append(store.add(b))
        again = open_store(path)
        assert again.error is None, again.error
        assert again.bookmarks == made
        assert yaml.safe_load(path.read_text(encoding="utf-8")) == [b.to_mapping() for b in made]


def test_text_ending_in_a_line_break_does_not_end_the_stream(tmp_path):
    path = tmp_path / "bookmarks.yaml"
    store = open_store(path)
    a = store.add(Bookmark(id="a1", article="x", anchor=Anchor("quote", "end of paragraph.\n\n", "\n", 0, 5),
                           note="two lines\nending in a break\n"))
    b = store.add(make())
    assert "\n...\n" not in path.read_text(encoding="utf-8")
    assert open_store(path).bookmarks == [a, b]


def test_unknown_keys_and_comments_survive_an_add(tmp_path):
    path = tmp_path / "bookmarks.yaml"
    path.write_text(
        "# my own header\n"
        "- id: aaaa0001\n"
        "  article: lwn/a\n"
        "  exact: stable driver interfaces\n"
        "  start: 24\n"
        "  end: 48\n"
        "  colour: green   # a key reader does not know\n"
        "  rating: 5\n", encoding="utf-8")
    store = open_store(path)
    assert store.bookmarks[0].extra == {"colour": "green", "rating": 5}
    store.add(make(quote="failover in clusters"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my own header\n- id: aaaa0001\n")
    assert "colour: green   # a key reader does not know" in text  # untouched entries as written
    data = yaml.safe_load(text)
    assert data[0]["colour"] == "green" and data[0]["rating"] == 5 and len(data) == 2
    # an update rewrites the entry, and still keeps its unknown keys
    b = store.get("aaaa0001")
    b.note = "edited"
    store.update(b)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data[0]["colour"] == "green" and data[0]["note"] == "edited"


def test_entries_that_are_not_bookmarks_are_kept_and_warned(tmp_path):
    path = tmp_path / "bookmarks.yaml"
    path.write_text("- just a string\n- id: only-an-id\n- [1, 2]\n- id: dup1\n  article: a\n"
                    "- id: dup1\n  article: b\n  note: second\n", encoding="utf-8")
    store = open_store(path)
    assert [b.article for b in store.bookmarks] == ["a"]
    assert len(store.warnings) == 4 and all("kept as it is" in w for w in store.warnings)
    assert "line 1" in store.warnings[0]
    store.add(make())
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data[:5] == ["just a string", {"id": "only-an-id"}, [1, 2], {"id": "dup1", "article": "a"},
                        {"id": "dup1", "article": "b", "note": "second"}]
    assert len(data) == 6


WRONG_TYPES = {
    "id": ("  id: 12345678\n", "id: expected text, found a number"),
    "article": ("  article: {a: b}\n", "article: expected text, found a mapping"),
    "note": ("  note: [x]\n", "note: expected text, found a list"),
    "created": ("  created: 2020-01-01\n", "created: expected text, found a date"),
    "updated": ("  updated: 2026-11-21T11:20:05Z\n", "updated: expected text, found a timestamp"),
    "start": ("  start: nonsense\n", "start: expected a whole number (0 or more), found text ('nonsense')"),
    "end": ("  end: -3\n", "end: expected a whole number (0 or more), found a number (-3)"),
    "tags": ("  tags: [1, two]\n", "tags: expected a list of text, found a list"),
}


@pytest.mark.parametrize("key", sorted(WRONG_TYPES))
def test_a_value_of_the_wrong_type_is_reported_and_kept_as_written(tmp_path, key):
    """Issue 14: `bookmarks check` used to rewrite `created: 2020-01-01` or `note: [x]` as text.
    Such an entry is now one warning naming it, and it stays in the file byte for byte."""
    line, problem = WRONG_TYPES[key]
    entry = {"id": "  id: bad00001\n", "article": "  article: lwn/a\n"}
    entry[key] = line
    body = "".join(entry.values()) + "  exact: x\n" + "".join(v for k, v in entry.items() if k not in ("id", "article"))
    body = "- " + body[2:] if key != "tags" else "- " + body[2:]
    text = "# mine\n- id: good0001\n  article: lwn/a\n  exact: fine\n" + body
    path = tmp_path / "bookmarks.yaml"
    path.write_text(text, encoding="utf-8")
    store = open_store(path)
    assert [b.id for b in store.bookmarks] == ["good0001"]
    assert len(store.warnings) == 1 and "\n" not in store.warnings[0]
    assert store.warnings[0].startswith("bookmarks.yaml line 5: ") and problem in store.warnings[0]
    assert store.warnings[0].endswith("; kept as it is")
    if key != "id":
        assert "entry bad00001" in store.warnings[0]
    b = store.get("good0001")
    b.note = "edited"
    store.update(b)
    after = path.read_text(encoding="utf-8")
    assert after.endswith(body)  # the odd entry, byte for byte
    assert yaml.safe_load(after)[1] == yaml.safe_load(text)[1]


def test_hand_written_text_values_and_tags_as_one_string_are_read(tmp_path):
    path = tmp_path / "bookmarks.yaml"
    path.write_text("- id: '12345678'\n  article: lwn/a\n  exact: x\n  created: '2026-11-21T11:20:05Z'\n"
                    "  tags: one, two\n  note:\n  status: weird\n", encoding="utf-8")
    b = open_store(path).bookmarks[0]
    assert b.id == "12345678" and b.created == "2026-11-21T11:20:05Z" and b.note == ""
    assert b.tags == ["one", "two"] and b.anchor.start == 0 and b.status == "fuzzy"


# -- editing ------------------------------------------------------------------------------------

def test_add_update_delete_and_undo(tmp_path):
    path = tmp_path / "bookmarks.yaml"
    store = open_store(path)
    a, b = store.add(make(note="a")), store.add(make(quote="failover in clusters"))
    assert [x.id for x in open_store(path).bookmarks] == [a.id, b.id]
    a.note, a.tags = "changed", ["t"]
    before = a.updated
    store.update(a)
    again = open_store(path)
    assert again.get(a.id).note == "changed" and again.get(a.id).tags == ["t"]
    assert again.get(a.id).updated >= before
    gone = store.delete(a.id)
    assert gone.id == a.id and [x.id for x in open_store(path).bookmarks] == [b.id]
    with pytest.raises(BookmarkNotFound):
        store.delete(a.id)
    store.add(gone)  # undo
    assert {x.id for x in open_store(path).bookmarks} == {a.id, b.id}


def test_the_same_passage_is_found_not_twinned(tmp_path):
    """A second bookmark of a passage already bookmarked finds the first (the app edits it)."""
    path = tmp_path / "bookmarks.yaml"
    store = open_store(path)
    first = store.add(make(note="first"))
    again = make()
    assert open_store(path).same_passage("lwn/a", again.anchor).id == first.id
    assert store.same_passage("lwn/b", again.anchor) is None  # another article
    other = make(quote="failover in clusters")
    assert store.same_passage("lwn/a", other.anchor) is None  # another passage
    # the same words elsewhere in the text are another passage
    moved = Anchor(again.anchor.exact, "", "", again.anchor.start + 40, again.anchor.end + 40)
    assert store.same_passage("lwn/a", moved) is None


def test_two_stores_merge_by_id(tmp_path):
    """Each write re-reads the file: a second instance's additions and edits are never lost."""
    path = tmp_path / "bookmarks.yaml"
    one, two = open_store(path), open_store(path)
    a = one.add(make(note="from one"))
    b = two.add(make(note="from two", quote="failover in clusters"))
    assert {x.id for x in two.bookmarks} == {a.id, b.id}
    one.delete(b.id)
    a2 = two.get(a.id)
    a2.note = "edited by two"
    two.update(a2)
    final = open_store(path)
    assert [(x.id, x.note) for x in final.bookmarks] == [(a.id, "edited by two")]


def test_an_id_already_taken_gets_a_fresh_one(tmp_path):
    path = tmp_path / "bookmarks.yaml"
    store = open_store(path)
    a = store.add(make())
    other = make(quote="failover in clusters")
    other.id = a.id
    added = store.add(other)
    assert added.id != a.id and len(open_store(path).bookmarks) == 2


def test_reanchor_article_saves_statuses(tmp_path):
    path = tmp_path / "bookmarks.yaml"
    store = open_store(path)
    kept = store.add(make())
    lost = store.add(make(quote="failover in clusters"))
    new_text = "A new opening paragraph.\n\n" + TEXT.replace("failover in clusters", "something else")
    results = dict((b.id, r) for b, r in reanchor_article(store, "lwn/a", new_text))
    assert results[kept.id].status == "moved" and results[lost.id].status == "orphaned"
    saved = {b.id: b for b in open_store(path).bookmarks}
    assert saved[kept.id].status == "moved" and saved[kept.id].anchor.start == kept.anchor.start + 26
    assert saved[lost.id].status == "orphaned" and saved[lost.id].exact == "failover in clusters"
    # another process deletes one meanwhile: re-anchoring a stale copy does not bring it back
    stale = open_store(path)
    open_store(path).delete(kept.id)
    reanchor_article(stale, "lwn/a", "Intro.\n\n" + new_text)
    assert [b.id for b in open_store(path).bookmarks] == [lost.id]
    open_store(path).add(saved[kept.id])
    # the same text again: now exact, nothing lost
    again = dict((b.id, r.status) for b, r in reanchor_article(open_store(path), "lwn/a", new_text))
    assert again == {kept.id: "exact", lost.id: "orphaned"}


# -- corrupt files ------------------------------------------------------------------------------

CORRUPT = {
    "bad indentation": (b"- id: a1\n  article: x\n exact: oops\n   note: worse\n", 3),
    "binary junk": (b"- id: a1\n  article: x\n\x00\xff\xfe junk \x89PNG\r\n", 3),
    "invalid utf-8": (b"- id: a1\n  article: x\n  note: caf\xe9\n", 3),
    "python tag": (b"- id: a1\n  article: x\n- !!python/object:os.system\n  args: [echo pwned]\n", 3),
    "python apply": (b"- id: a1\n- !!python/object/apply:os.system [\"touch PWNED\"]\n", 2),
    "not a list": (b"id: a1\narticle: x\n", 1),
}


@pytest.mark.parametrize("name", sorted(CORRUPT))
def test_a_corrupt_file_is_named_and_never_written(tmp_path, name, monkeypatch):
    data, line = CORRUPT[name]
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "bookmarks.yaml"
    path.write_bytes(data)
    store = open_store(path)
    assert store.read_only and store.error
    assert f"bookmarks.yaml line {line}:" in store.error and "\n" not in store.error
    assert store.bookmarks == []
    with pytest.raises(BookmarksUnreadable) as exc:
        store.add(make())
    assert f"line {line}" in exc.value.message
    for attempt in (lambda: store.update(make()), lambda: store.delete("a1"),
                    lambda: store.update_many([make()]), lambda: reanchor_article(store, "x", TEXT)):
        try:
            attempt()
        except BookmarksUnreadable:
            pass
    assert path.read_bytes() == data
    assert not (tmp_path / "PWNED").exists()


def test_a_fixed_file_is_writable_again(tmp_path):
    path = tmp_path / "bookmarks.yaml"
    path.write_bytes(b"- id: [unclosed\n")
    store = open_store(path)
    assert store.read_only
    path.write_text("- id: a1\n  article: x\n  exact: y\n", encoding="utf-8")
    store.add(make())
    assert not store.read_only and len(open_store(path).bookmarks) == 2


# -- processes ------------------------------------------------------------------------------------

ADDER = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from reader.bookmarks import BookmarkStore, new_bookmark
text = "alpha beta gamma delta " * 20
store = BookmarkStore(Path(sys.argv[1]))
store.load()
for i in range(int(sys.argv[2])):
    store.add(new_bookmark("lwn/a", text, 6, 16, note=f"{{sys.argv[3]}} {{i}}"))
    print(i + 1, flush=True)
"""


def _python(code: str, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code.format(root=str(REPO_ROOT)), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def test_two_processes_adding_at_once_lose_nothing(tmp_path):
    path = tmp_path / "bookmarks.yaml"
    procs = [_python(ADDER, str(path), "200", name) for name in ("one", "two")]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    bookmarks = open_store(path).bookmarks
    assert len(bookmarks) == 400
    assert len({b.id for b in bookmarks}) == 400
    notes = {b.note for b in bookmarks}
    assert notes == {f"{n} {i}" for n in ("one", "two") for i in range(200)}
    assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), list)


@pytest.mark.slow
def test_kill_9_during_saves_never_loses_a_confirmed_bookmark(tmp_path):
    """A process adds bookmarks to a file of 2,000 (each save writes ~1 MB) and prints the count
    after each confirmed save; it is killed at random moments, 12 times in a row."""
    path = tmp_path / "bookmarks.yaml"
    seed = open_store(path)
    text = "alpha beta gamma delta " * 20
    seed.update_many([new_bookmark("lwn/seed", text, 0, 10, note=f"seed {i}\nline two") for i in range(2000)])
    rng = random.Random(9)
    confirmed = 2000
    saves: list[int] = []
    for round_ in range(12):
        proc = _python(ADDER, str(path), "100000", f"r{round_}")
        time.sleep(rng.uniform(0.4, 1.6))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        done = int(out.split()[-1]) if out.split() else 0
        store = open_store(path)
        assert store.error is None, store.error
        n = len(store.bookmarks)
        # the old set or the new one: every confirmed save is there, at most the one in flight more
        assert confirmed + done <= n <= confirmed + done + 1
        saves.append(done)
        confirmed = n
    assert sum(saves) > 12  # the kills did land among saves, not only before the first


def test_the_parse_cache_is_only_a_copy(tmp_path):
    """A new process reads the JSON copy of an unchanged file; a hand edit or a broken cache
    file means the YAML is read again."""
    from reader.bookmarks.cache import cache_path

    path = tmp_path / "bookmarks.yaml"
    store = open_store(path)
    a = store.add(make(note="one"))
    store.add(make(note="two", quote="failover in clusters"))
    cache = cache_path(path)
    assert cache.is_file()
    assert [b.note for b in open_store(path).bookmarks] == ["one", "two"]
    path.write_text(path.read_text(encoding="utf-8").replace("note: one", "note: edited by hand"),
                    encoding="utf-8")
    assert [b.note for b in open_store(path).bookmarks] == ["edited by hand", "two"]
    cache.write_text('{"v": 1, "sha1": "x"\nnot json', encoding="utf-8")
    again = open_store(path)
    assert [b.note for b in again.bookmarks] == ["edited by hand", "two"] and again.get(a.id)


def test_odd_line_breaks_in_a_hand_edited_file_do_not_shift_entries(tmp_path):
    path = tmp_path / "bookmarks.yaml"
    path.write_text("- id: a1\n  article: x\n  note: 'one\u2028two'\n- id: a2\n  article: y\n"
                    "  note: \"tab\there\"\r\n", encoding="utf-8")
    store = open_store(path)
    before = [(b.id, b.note) for b in store.bookmarks]
    store.add(make())
    after = open_store(path)
    assert [(b.id, b.note) for b in after.bookmarks][:2] == before and len(after.bookmarks) == 3


def _many(store: BookmarkStore, n: int, note: str = "n") -> list[Bookmark]:
    text = "alpha beta gamma delta " * 20
    return [store.add(new_bookmark("lwn/a", text, 6 * (i % 5), 6 * (i % 5) + 10, note=f"{note} {i}"))
            for i in range(n)]


def test_appending_keeps_the_parse_cache_and_a_new_process_parses_only_the_rest(tmp_path, monkeypatch):
    """An add does not rewrite the cache: a new store reads the cached prefix and parses the
    entries appended after it; past TAIL_MAX of them a save rewrites the cache."""
    from reader.bookmarks import store as store_module
    from reader.bookmarks.cache import cache_path

    path = tmp_path / "bookmarks.yaml"
    store = open_store(path)
    first = _many(store, 3)
    store.delete(first[0].id)  # a change inside what the cache covers: it is rewritten
    cache = cache_path(path)
    copy = cache.read_bytes()
    added = _many(store, 4, "later")
    assert cache.read_bytes() == copy  # appends left it alone
    parsed: list[str] = []
    original = BookmarkStore._parse

    def spy(self, text, **kw):
        parsed.append(text)
        return original(self, text, **kw)

    monkeypatch.setattr(BookmarkStore, "_parse", spy)
    again = open_store(path)
    assert [b.note for b in again.bookmarks] == ["n 1", "n 2"] + [f"later {i}" for i in range(4)]
    assert again.bookmarks == [first[1], first[2], *added]
    assert len(parsed) == 1 and parsed[0].count("\n- id:") == 3  # the 4 appended, not the file
    assert path.read_bytes().endswith(parsed[0].encode("utf-8"))
    # more than TAIL_MAX appended after the cache: the next save rewrites it
    monkeypatch.setattr(store_module, "TAIL_MAX", 5)
    _many(store, 2, "more")
    assert cache.read_bytes() != copy
    parsed.clear()
    assert len(open_store(path).bookmarks) == 8 and parsed == []


def test_a_hand_appended_entry_after_the_cache_is_read_with_its_line(tmp_path):
    path = tmp_path / "bookmarks.yaml"
    store = open_store(path)
    a = store.add(make(note="one"))
    lines = path.read_text(encoding="utf-8").count("\n")
    with path.open("a", encoding="utf-8") as f:
        f.write(f"- id: {a.id}\n  article: lwn/b\n  note: a repeated id\n- id: hand1\n  article: lwn/c\n")
    again = open_store(path)
    assert [b.id for b in again.bookmarks] == [a.id, "hand1"]
    assert again.warnings == [f"bookmarks.yaml line {lines + 1}: id {a.id} repeated; kept as it is"]
    # appended text that does not stand alone: the whole file is read, and says where
    with path.open("a", encoding="utf-8") as f:
        f.write("  note: [unclosed\n")
    broken = open_store(path)
    with pytest.raises(yaml.MarkedYAMLError) as exc:
        yaml.safe_load(path.read_text(encoding="utf-8"))
    assert broken.read_only and f"line {exc.value.problem_mark.line + 1}:" in broken.error


def test_refresh_rereads_only_a_changed_file(tmp_path):
    path = tmp_path / "bookmarks.yaml"
    one, two = open_store(path), open_store(path)
    assert one.refresh() is False
    a = two.add(make(note="from two"))
    assert one.refresh() is True and [b.id for b in one.bookmarks] == [a.id]
    assert one.refresh() is False
    two.delete(a.id)
    assert one.refresh() is True and one.bookmarks == []
    path.write_bytes(b"- id: [unclosed\n")
    assert one.refresh() is True and one.read_only and "bookmarks.yaml line" in one.error
    assert one.refresh() is False  # still the same error


def test_another_writers_appends_and_edits_are_merged_with_the_index_by_id(tmp_path):
    """Each store finds bookmarks by an id index: it must follow the other store's appends,
    a delete in the middle (indexes move) and an edit."""
    path = tmp_path / "bookmarks.yaml"
    one, two = open_store(path), open_store(path)
    made = _many(one, 5)
    two.delete(made[1].id)
    extra = _many(two, 2, "two")
    b = one.get(made[3].id)
    assert b is not None and b.note == "n 3"
    b.note = "edited by one"
    one.update(b)
    assert one.get(made[1].id) is None and one.get(extra[1].id) == extra[1]
    final = open_store(path)
    assert [x.note for x in final.bookmarks] == ["n 0", "n 2", "edited by one", "n 4", "two 0", "two 1"]
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == [x.to_mapping() for x in final.bookmarks]


def test_a_new_id_reads_back_as_text_even_unquoted(monkeypatch):
    """An id a user copies into the file by hand must read back as the same text: ids that
    YAML would take as a number (all digits, 0b and ones) are drawn again."""
    import yaml

    from reader.bookmarks import model

    numbers = ["28024494", "0b101101", "01234567"]
    assert all(not isinstance(yaml.safe_load(n), str) for n in numbers)
    draws = iter([*numbers, "3f2a9c01"])
    monkeypatch.setattr(model.secrets, "token_hex", lambda n: next(draws))
    assert model.new_id() == "3f2a9c01"
    monkeypatch.undo()
    ids = [model.new_id() for _ in range(3000)]
    assert all(yaml.safe_load(f"id: {i}")["id"] == i for i in ids)
