"""Segments after updates (``reader.index.merging``): an article changed again and again leaves
no dead segment behind — each would be opened and searched by every query for ever."""

from __future__ import annotations

from reader.index import SearchIndex, update
from reader.index import storage
from reader.paths import Library


def _segments(lib: Library) -> list[tuple[int, int]]:
    """(documents, live documents) of each segment in the index's TOC."""
    ix = storage.storage(lib.index).open_index(storage.INDEX_NAME)
    with ix.reader() as reader:
        return [(r.doc_count_all(), r.doc_count()) for r, _offset in reader.leaf_readers()]


def test_an_article_changed_again_and_again_leaves_no_dead_segment(library):
    page = library.content / "notes.md"
    page.write_text("# Notes\n\nA page that changes.\n", encoding="utf-8")
    update(library)
    before = _segments(library)
    assert before and all(live for _, live in before)
    for i in range(4):
        page.write_text(page.read_text(encoding="utf-8") + f"\n\nzqxedit{i} appended.\n",
                        encoding="utf-8")
        report = update(library)
        assert report.updated == 1 and not report.rebuilt, report
        segments = _segments(library)
        assert all(live for _, live in segments), segments  # no segment of deleted documents only
        assert len(segments) <= len(before) + 1, segments  # the old article's, then each new one
        with SearchIndex(library.index) as ix:
            assert ix.search(f"zqxedit{i}").total >= 1  # the newest text is found
            assert ix.search(f"zqxedit{i}").counts["articles"] == 1  # once: the old copy is gone
