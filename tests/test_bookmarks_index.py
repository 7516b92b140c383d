"""Bookmarks in the search index: `in:bookmarks`, `has:bookmarks`, and documents that survive
re-indexing, removal of their article and rebuilds, and go when the bookmark goes."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import REPO_ROOT, copy_indexed_seeds
from reader.bookmarks import BookmarkStore, new_bookmark, plain_text, sync_index
from reader.index import SearchIndex, update
from reader.index.bookmark_docs import doc_id
from reader.library import load_article
from reader.paths import Library

SEED = "lwn/2003-kernel-summit-high-availability"
RAW = "content/lwn/2003-kernel-summit-high-availability.txt"
QUOTE = "Many of these calls are unnecessary"


@pytest.fixture
def lib(tmp_path) -> Library:
    return Library(copy_indexed_seeds(tmp_path / "lib"), "test")


def bookmark(library: Library, quote: str = QUOTE, note: str = "zebrafish remark", article: str = SEED):
    store = BookmarkStore(library.bookmarks)
    store.load()
    art = load_article(library, article)
    text = plain_text(art.body)
    i = text.index(quote)
    b = store.add(new_bookmark(art.id, text, i, i + len(quote), note=note, tags=["mytag"], title=art.title))
    return store, b


def search(library: Library, query: str):
    with SearchIndex(library.index) as ix:
        return ix.search(query, limit=50)


def bookmark_hits(results):
    return [h for g in results.articles for h in g.bookmarks]


def test_a_bookmark_is_found_by_its_note_quote_and_tag(lib):
    store, b = bookmark(lib)
    assert sync_index(lib, store) == 1
    assert sync_index(lib, store) == 0  # nothing changed: nothing written
    for query in ("in:bookmarks zebrafish", "in:bookmarks unnecessary", "tag:mytag"):
        hits = bookmark_hits(search(lib, query))
        assert [h.bookmark for h in hits] == [b.id], query
        assert hits[0].article == SEED and hits[0].id == doc_id(SEED, b.id)
    res = search(lib, "zebrafish")
    assert res.counts == {"articles": 0, "comments": 0, "bookmarks": 1}
    assert res.articles[0].article == SEED and res.articles[0].bookmarks[0].comment is None


def test_has_bookmarks_limits_to_bookmarked_articles(lib):
    everywhere = {g.article for g in search(lib, "kernel").articles}
    assert len(everywhere) > 1
    assert search(lib, "has:bookmarks kernel").total == 0
    store, _ = bookmark(lib)
    sync_index(lib, store)
    res = search(lib, "has:bookmarks kernel")
    assert {g.article for g in res.articles} == {SEED}
    assert res.counts["comments"] > 0  # the article's comments come with it
    with SearchIndex(lib.index) as ix:
        assert ix.count("has:bookmarks kernel", scope="comments") == res.counts["comments"]


def test_reindexing_the_article_keeps_its_bookmark_documents(lib):
    store, b = bookmark(lib)
    sync_index(lib, store)
    raw = lib.root / RAW
    raw.write_text(raw.read_text(encoding="utf-8") + "\n\nA paragraph added later.\n", encoding="utf-8")
    report = update(lib, jobs=1)
    assert report.updated == 1
    assert [h.bookmark for h in bookmark_hits(search(lib, "zebrafish"))] == [b.id]
    assert search(lib, "added later").counts["articles"] == 1


def test_an_orphan_stays_searchable_and_a_rebuild_gets_it_back(lib):
    store, b = bookmark(lib)
    sync_index(lib, store)
    (lib.root / RAW).unlink()
    assert update(lib, jobs=1).removed == 1
    assert search(lib, "has:bookmarks panic").counts["articles"] == 0
    assert [h.bookmark for h in bookmark_hits(search(lib, "zebrafish"))] == [b.id]
    update(lib, rebuild=True, jobs=1)
    assert bookmark_hits(search(lib, "zebrafish")) == []
    assert sync_index(lib, store) == 1
    assert [h.bookmark for h in bookmark_hits(search(lib, "zebrafish"))] == [b.id]


def test_editing_and_deleting_a_bookmark_update_its_document(lib):
    store, b = bookmark(lib)
    sync_index(lib, store)
    b.note = "platypus instead"
    store.update(b)
    assert sync_index(lib, store) == 2  # the old document out, the new one in
    assert bookmark_hits(search(lib, "zebrafish")) == []
    assert [h.bookmark for h in bookmark_hits(search(lib, "platypus"))] == [b.id]
    store.delete(b.id)
    assert sync_index(lib, store) == 1
    assert bookmark_hits(search(lib, "platypus")) == []


def test_a_document_id_that_looks_like_an_article_id_touches_only_the_bookmark(lib):
    """An article whose id is ``SEED@deadbeef`` and a bookmark ``deadbeef`` of SEED share a
    document id; removing the bookmark's document leaves the article's alone."""
    odd = lib.content / "lwn" / "2003-kernel-summit-high-availability@deadbeef.md"
    odd.write_text("# Odd name\n\nA wombat article.\n", encoding="utf-8")
    update(lib, jobs=1)
    store, b = bookmark(lib)
    b2 = store.delete(b.id)
    b2.id = "deadbeef"
    store.add(b2)
    sync_index(lib, store)
    assert search(lib, "wombat").counts["articles"] == 1
    store.delete("deadbeef")
    sync_index(lib, store)
    assert search(lib, "wombat").counts["articles"] == 1
    assert bookmark_hits(search(lib, "zebrafish")) == []


def test_cli_search_shows_the_bookmark_and_index_syncs(lib, reader_cli):
    store, b = bookmark(lib)  # not synced: `reader search` does it after its update
    proc = reader_cli("search", "in:bookmarks zebrafish", cwd=lib.root)
    assert proc.returncode == 0, proc.stderr
    assert SEED in proc.stdout and b.id in proc.stdout
    assert QUOTE in proc.stdout and "zebrafish remark" in proc.stdout
    proc = reader_cli("search", "--json", "has:bookmarks", "kernel", cwd=lib.root)
    assert [a["article"] for a in json.loads(proc.stdout)["articles"]] == [SEED]
    proc = reader_cli("index", "--rebuild", cwd=lib.root)
    assert proc.returncode == 0 and "bookmarks: 1 document written" in proc.stdout
    assert reader_cli("search", "in:bookmarks zebrafish", cwd=lib.root).returncode == 0
    proc = reader_cli("search", "has:nothing", cwd=lib.root)
    assert proc.returncode == 2 and "has:bookmarks" in proc.stderr


def test_refresh_index_puts_bookmark_documents_back_after_a_rebuild(lib):
    """Issue 10: the app's index update never re-synced bookmark documents, so after an update
    that rebuilt (a new cleaner, a damaged index) `in:bookmarks` found nothing. Every front end
    now refreshes through reader.library.refresh_index."""
    from reader.library import refresh_index

    store, b = bookmark(lib)
    sync_index(lib, store)
    assert [h.bookmark for h in bookmark_hits(search(lib, "in:bookmarks zebrafish"))] == [b.id]
    update(lib, rebuild=True)  # what the app's worker called: the bookmark documents are gone
    assert bookmark_hits(search(lib, "in:bookmarks zebrafish")) == []
    done = refresh_index(lib, rebuild=True)
    assert done.report.rebuilt and done.bookmarks == 1
    assert [h.bookmark for h in bookmark_hits(search(lib, "in:bookmarks zebrafish"))] == [b.id]
