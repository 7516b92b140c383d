"""Bookmarks survive the cleaner getting better (issue 9: CLEANER_VERSION bumped).

A library holds a real LWN dump (../shared/corpus/lwn). It is first indexed as the previous
cleaner saw it — no LWN text rule beyond detection, no run-together repair, an older version
number — and passages are bookmarked in that text, chrome and glued paragraphs around them.
Then the cleaner is the current one: `reader index` rebuilds (the version changed) and
re-anchoring finds every passage in the new text. Skipped without ../shared.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import reader.content
from reader.bookmarks import BookmarkStore, new_bookmark, plain_text, sync_index
from reader.bookmarks.reanchoring import reanchor_article
from reader.content import runtogether
from reader.content.rules import load_rules
from reader.index import SearchIndex, update
from reader.library import load_article
from reader.paths import Library

DUMP = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "lwn" / "lwn-dump--ai-agent-runs-amok-fedora-2026.md"
ARTICLE = "lwn/ai-agent-runs-amok"
QUOTES = [
    "The Fedora account\nassociated with the agent has had its group privileges revoked",
    "Williamson said that he was still looking through the history of",
    "The agent's GitHub account has since been disabled.",
]


@pytest.fixture
def lib(tmp_path) -> Library:
    if not DUMP.is_file():
        pytest.skip(f"{DUMP} is absent (../shared is not beside the project)")
    root = tmp_path / "lib"
    (root / "content" / "lwn").mkdir(parents=True)
    shutil.copy(DUMP, root / "content" / "lwn" / "ai-agent-runs-amok.md")
    return Library(root, "test")


def test_bookmarks_follow_their_passages_into_the_new_cleaning(lib, monkeypatch):
    # The previous cleaner: LWN recognised, nothing of its structure understood.
    (lib.root / "rules").mkdir()
    (lib.root / "rules" / "lwn.yaml").write_text("name: lwn\ntext:\n  detect: ['\\[LWN\\.net\\]']\n")
    monkeypatch.setattr(reader.content, "CLEANER_VERSION", "1")
    monkeypatch.setattr(runtogether, "ran_together", lambda text: False)
    load_rules.cache_clear()
    update(lib, jobs=1)
    old = plain_text(load_article(lib, ARTICLE).body)
    assert "Welcome to LWN.net" in old and "ByJoe Brockmeier" in old  # the old text had chrome

    store = BookmarkStore(lib.bookmarks)
    store.load()
    made = []
    for quote in QUOTES:
        i = old.index(quote.replace("\n", " ") if quote not in old else quote)
        made.append(store.add(new_bookmark(ARTICLE, old, i, i + len(quote), note="kept", title="t")))
    sync_index(lib, store)

    # The cleaner of issue 9.
    monkeypatch.undo()
    shutil.rmtree(lib.root / "rules")
    load_rules.cache_clear()
    report = update(lib, jobs=1)
    assert report.rebuilt  # a new cleaner version rebuilds the index
    new = plain_text(load_article(lib, ARTICLE).body)
    assert "Welcome to LWN.net" not in new and new != old

    store = BookmarkStore(lib.bookmarks)
    store.load()
    results = dict((b.id, b) for b, _ in reanchor_article(store, ARTICLE, new))
    for b in made:
        got = results[b.id]
        assert got.status in ("exact", "moved", "fuzzy"), (b.exact, got.status)
        found = new[got.anchor.start:got.anchor.end]
        assert " ".join(found.split()) == " ".join(b.exact.split())
    # and they are searchable again after the rebuild
    sync_index(lib, store)
    with SearchIndex(lib.index) as ix:
        assert len([h for g in ix.search("in:bookmarks kept", limit=10).articles for h in g.bookmarks]) == 3
