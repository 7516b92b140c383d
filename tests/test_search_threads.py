"""Comment hits grouped by thread for comments-only and `by:` searches: in the core
(``Hit.thread``, ``ArticleHits.threads``), in `reader search` and in the TUI results list."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from conftest import run_reader, seed_comment_ids
from reader.index import ArticleHits, Hit, Results, SearchIndex, update
from reader.index.grouping import thread_hits
from reader.library import entries, load_article
from reader.paths import Library

ROOT = Path(__file__).resolve().parents[1]
HA = "lwn/2003-kernel-summit-high-availability"
C = seed_comment_ids(HA)  # comments by rank: C["c1"] is the first


@pytest.fixture(scope="module")
def lib(tmp_path_factory) -> Library:
    root = tmp_path_factory.mktemp("threads") / "lib"
    shutil.copytree(ROOT / "content", root / "content")
    library = Library(root, "test")
    update(library)
    return library


@pytest.fixture(scope="module")
def ix(lib):
    with SearchIndex(lib.index) as index:
        yield index


@pytest.fixture(scope="module")
def roots(lib) -> dict[tuple[str, str], str]:
    """(article, comment) → its thread root, from the articles' own comment trees."""
    out: dict[tuple[str, str], str] = {}
    for entry in entries(lib):
        article = load_article(lib, entry.id, entry.path)
        parent = {c.id: c.parent for c in article.comments}
        for c in article.comments:
            root = c.id
            while parent.get(root) in parent:
                root = parent[root]
            out[(article.id, c.id)] = root
    return out


def check_threads(results: Results, roots) -> None:
    for g in results.articles:
        assert [h.id for t in g.threads for h in t.hits] and \
            sorted(h.id for t in g.threads for h in t.hits) == sorted(h.id for h in g.comments)
        for t in g.threads:
            for h in t.hits:
                assert h.thread == t.root == roots[(g.article, h.comment)]
        assert len({t.root for t in g.threads}) == len(g.threads)


@pytest.mark.parametrize("query", ["by:job", "by:iabervon", "in:comments driver",
                                   "in:comments panic", "author:fiberbit OR by:mmarq"])
def test_comment_hits_carry_their_thread_root(ix, roots, query):
    results = ix.search(query)
    assert results.threaded and results.articles
    check_threads(results, roots)


def test_threads_of_a_deep_reply_and_of_two_threads(ix):
    (g,) = ix.search("by:iabervon").articles
    (t,) = g.threads  # c6 answers c5, which answers copsewood's c4
    assert (t.root, t.author, [h.comment for h in t.hits]) == (C["c4"], "copsewood", [C["c6"]])
    assert t.title.startswith("driver and device reliability")
    (g,) = ix.search("by:job").articles
    assert {t.root: [h.comment for h in t.hits] for t in g.threads} == {C["c7"]: [C["c7"]], C["c8"]: [C["c9"]]}
    assert next(t for t in g.threads if t.root == C["c8"]).author == "ofranja"


def test_mixed_searches_are_not_threaded(ix):
    results = ix.search("panic")
    assert not results.threaded
    group = next(g for g in results.articles if g.article == HA)
    assert group.comments and all(h.thread is None for h in group.comments)
    assert group.threads == []


def test_json_carries_the_threads(lib):
    proc = run_reader("--library", str(lib.root), "search", "by:job", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["threaded"] is True
    (article,) = data["articles"]
    assert {t["root"]: t["hits"] for t in article["threads"]} == {C["c7"]: [f"{HA}#{C['c7']}"], C["c8"]: [f"{HA}#{C['c9']}"]}
    assert {c["comment"]: c["thread"] for c in article["comments"]} == {C["c7"]: C["c7"], C["c9"]: C["c8"]}


def test_reader_search_prints_comment_hits_under_their_thread(lib):
    proc = run_reader("--library", str(lib.root), "search", "in:comments panic")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if f"▸ thread {C['c1']} by StevenCole" in line)
    assert "Calls to panic in the kernel." in lines[head]
    assert lines[head + 1].startswith(f"    ↳ comment {C['c1']} by StevenCole")
    proc = run_reader("--library", str(lib.root), "search", "by:job")
    lines = proc.stdout.splitlines()
    c8 = next(i for i, line in enumerate(lines) if f"▸ thread {C['c8']} by ofranja" in line)
    assert lines[c8 + 1].startswith(f"    ↳ comment {C['c9']} by job")
    assert any(f"▸ thread {C['c7']} by job" in line for line in lines)
    # a mixed search keeps the flat list
    proc = run_reader("--library", str(lib.root), "search", "panic")
    assert "▸ thread" not in proc.stdout and f"  ↳ comment {C['c1']} by StevenCole" in proc.stdout


# -- the walk up the parents, on a fake searcher: cycles and missing parents end it ----------------

class FakeSearcher:
    def __init__(self, docs: dict[str, dict]) -> None:
        self.docs = docs
        self.numbers = {doc_id: n for n, doc_id in enumerate(docs)}
        self.lookups = 0

    def document_number(self, id: str):
        self.lookups += 1
        return self.numbers.get(id)

    def stored_fields(self, n: int) -> dict:
        return list(self.docs.values())[n]


def comment_hit(cid: str, parent: str | None) -> Hit:
    return Hit(id=f"a#{cid}", kind="comment", article="a", score=1.0, parent=parent, comment=cid)


def test_walk_stops_at_cycles_and_missing_parents():
    docs = {
        "a#r": {"parent": "", "title": "Root", "author": "ann"},
        "a#x": {"parent": "r", "title": "", "author": "bob"},
        "a#y": {"parent": "x", "title": "", "author": "cy"},
        "a#p": {"parent": "q", "author": "dee"},  # p ↔ q: a cycle
        "a#q": {"parent": "p", "author": "eve"},
    }
    searcher = FakeSearcher(docs)
    hits = [comment_hit("y", "x"), comment_hit("x", "r"), comment_hit("p", "q"),
            comment_hit("o", "gone")]  # o's parent is not in the article
    group = ArticleHits(article="a", title="A", comments=hits)
    results = Results(query="q", articles=[group], threaded=True)
    thread_hits(searcher, results)
    # the walk from p ends where the cycle closes, back at p
    assert [h.thread for h in hits] == ["r", "r", "p", "o"]
    assert [(t.root, t.author, [h.comment for h in t.hits]) for t in group.threads] == [
        ("r", "ann", ["y", "x"]), ("p", "", ["p"]), ("o", "", ["o"])]
    assert group.threads[0].title == "Root"
    assert searcher.lookups <= 8  # each document looked up once at most


# -- the TUI results list ----------------------------------------------------------------------

def test_tui_results_show_threads_and_open_the_comment(start_app):
    async def go():
        async with start_app(size=(140, 40)) as (app, pilot, main):
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("slash", *"by:job")
            await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            await pilot.pause()
            widget = main.search_results
            assert widget.results is not None and widget.results.threaded
            texts = [content.plain for _, content in widget.lines]
            c8 = next(i for i, t in enumerate(texts) if t.startswith("   ▸ ofranja"))
            assert widget.lines[c8][0] == -1  # a thread line is not a result
            index = widget.lines[c8 + 1][0]
            item = widget.items[index]
            assert item.kind == "comment" and item.hit.comment == C["c9"]
            assert texts[c8 + 1].startswith("     ↳ job")
            assert any(t.startswith("   ▸ job") for t in texts)
            await pilot.press("enter")
            await pilot.pause()
            widget.move_to(index)
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert main.comments.display
            assert main.comments.tree.cursor_node.data.id == C["c9"]

    asyncio.run(go())
