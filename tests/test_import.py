"""`reader import FORMAT FILE` (issue 12, item 1): each format from a fixture written after the
format's public documentation or exporter source (cited per test), carrying real pages of
../shared where the format carries article text; highlights quoting real passages of them.

Every highlight is accounted for: anchored (exact or fuzzy) or kept as an orphaned bookmark
with its text. Importing twice adds nothing; a bad file imports nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_reader
from import_support import export_file
from reader.bookmarks import BookmarkStore
from reader.importing import BadImport, ImportOptions, import_batch, parse
from reader.paths import Library
from reader.state import State


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    root = tmp_path / "lib"
    (root / "content").mkdir(parents=True)
    return Library(root, "test")


def bookmarks(lib: Library) -> list:
    store = BookmarkStore(lib.bookmarks)
    store.load()
    assert store.error is None
    return store.bookmarks


def pages(lib: Library) -> list[str]:
    return sorted(p.relative_to(lib.content).as_posix() for p in lib.content.rglob("*") if p.is_file())


def do_import(lib: Library, fmt: str, path: Path, **options):
    return import_batch(lib, parse(fmt, path), ImportOptions(**options), file=str(path))


# -- wallabag ---------------------------------------------------------------------------------

def test_wallabag_export_pages_tags_read_state_and_annotations(shared_dir, lib, tmp_path):
    """Shape from wallabag's serializer (src/Entity/Entry.php, groups entries_for_user and
    export_all; src/Helper/EntriesExport.php writes it): entries with content HTML, tags,
    is_archived and annotator.js annotations {quote, text, ranges}. Article texts: two real
    pages of ../shared (Readability's readable HTML of LWN and Mozilla Hacks articles)."""
    path = export_file(shared_dir, "wallabag-export.json", tmp_path / "in")
    report = do_import(lib, "wallabag", path)
    assert report.counts() == {"imported": 2}
    ids = {r.name: r.article for r in report.rows}
    lwn = ids["https://lwn.net/Articles/637755/"]
    hacks = ids["https://hacks.mozilla.org/2015/03/this-api-is-so-fetching/"]
    assert lwn == "lwn/2015-a-trademark-battle-in-the-arduino-community"
    assert hacks.startswith("hacks.mozilla/")
    # the pages are saved with their origin record (no network was used)
    record = (lib.content / (lwn + ".html.source.yaml")).read_text()
    assert "imported_from: wallabag" in record and "- hardware" in record

    from reader.library import load_article

    article = load_article(lib, lwn)
    assert article.title == "A trademark battle in the Arduino community"
    assert article.author == "Nathan Willis" and article.url == "https://lwn.net/Articles/637755/"
    assert {"hardware", "legal"} <= set(article.tags)
    # archived → read; the other is not
    state = State(lib.state)
    assert state.is_read(hacks) and not state.is_read(lwn)
    assert report.read_marked == 1

    marks = {b.exact: b for b in bookmarks(lib)}
    assert len(marks) == 5
    first = marks["The Arduino has been one of the biggest success stories of the open-hardware movement"]
    assert first.status == "exact" and first.note == "The whole story starts here." and first.article == lwn
    assert first.created == "2015-03-28T09:00:00Z" and first.extra["imported_from"] == "wallabag"
    # the quote wallabag took across a line break anchors exactly on the text as we show it
    assert marks["two companies that both bear the Arduino name: Arduino LLC and Arduino SRL"].status == "exact"
    # one word off: found where it is, as fuzzy
    off = next(b for b in marks.values() if b.exact.startswith("The disagreements that led to"))
    assert off.status == "fuzzy" and off.exact == "The disagreements that led to present state of affairs go back a bit further."
    # not in the page: kept, orphaned, with its text and note
    gone = marks["Nobody at either company would comment on the record for this article."]
    assert gone.status == "orphaned" and gone.note == "this passage was edited out of the page since"
    assert marks["The Fetch API intends to fix most of these problems."].article == hacks
    assert report.bookmarks() == {"exact": 3, "fuzzy": 1, "orphaned": 1}


def test_wallabag_import_twice_adds_nothing(shared_dir, lib, tmp_path):
    path = export_file(shared_dir, "wallabag-export.json", tmp_path / "in")
    do_import(lib, "wallabag", path)
    before_pages, before_marks = pages(lib), lib.bookmarks.read_bytes()
    again = do_import(lib, "wallabag", path)
    assert again.counts() == {"already there": 2}
    assert again.bookmarks() == {"already": 5}
    assert pages(lib) == before_pages and lib.bookmarks.read_bytes() == before_marks


def test_wallabag_dry_run_writes_nothing_and_says_what_it_would_do(shared_dir, lib, tmp_path):
    path = export_file(shared_dir, "wallabag-export.json", tmp_path / "in")
    report = do_import(lib, "wallabag", path, dry_run=True)
    assert report.counts() == {"imported": 2} and report.bookmarks() == {"exact": 3, "fuzzy": 1, "orphaned": 1}
    assert pages(lib) == [] and not lib.bookmarks.exists() and not lib.state.exists()
    assert "dry run" in report.summary()
