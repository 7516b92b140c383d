"""New comments since last read (issue 11, item 3): stable comment ids, seen marks in
state.yaml, and `reader refresh` of an LWN page that gained two comments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from add_support import Route, comment_chunks, server, without_two_comments  # noqa: F401 (fixture)
from conftest import run_reader
from reader.bookmarks import BookmarkStore
from reader.content.clean import clean_text
from reader.state import State

LWN = "corpus/lwn/lwn-dump--rust-never-type-2026.md"


@pytest.fixture
def lwn(shared_dir: Path) -> str:
    return (shared_dir / LWN).read_text(encoding="utf-8")


def test_recleaning_a_page_with_two_more_comments_keeps_the_old_ids(lwn):
    full = clean_text(lwn, article_id="x").comments
    older, gone = without_two_comments(lwn, full)
    before = clean_text(older, article_id="x").comments
    assert len(before) == len(full) - 2
    kept = [c for i, c in enumerate(full) if i not in gone]
    # the same comment (author, date, place in its thread) has the same id, parent included
    assert [(c.id, c.parent, c.author, c.date) for c in before] == [(c.id, c.parent, c.author, c.date) for c in kept]
    assert len({c.id for c in full}) == len(full)


def test_ids_tell_apart_one_authors_comments_of_one_minute():
    text = "# T\n\nBody.\n\n" + "".join(
        f"### Same titlePosted Sep 9, 2026 11:48 UTC (Wed)\n by**alice**(subscriber, #1)\n [Link]Reply {n}.\n"
        for n in range(3))
    comments = clean_text(text, article_id="x", form="markdown").comments
    assert len(comments) == 3 and len({c.id for c in comments}) == 3


def test_state_seen_comments_round_trip_and_old_files(tmp_path: Path):
    path = tmp_path / "state.yaml"
    path.write_text("read: [a]\npositions: {a: 3}\nfuture_key: kept\n")
    state = State(path)
    assert state.new_comments("a", ["c1"]) == set()  # never opened: nothing is "new"
    state.mark_seen("a", ["c1", "c2"])
    state.save()
    data = yaml.safe_load(path.read_text())
    assert data["seen_comments"] == {"a": "c1 c2"} and data["future_key"] == "kept" and data["read"] == ["a"]
    again = State(path)
    assert again.has_seen("a") and again.new_comments("a", ["c1", "c2", "c3"]) == {"c3"}
    # a file without the key is written without it (older readers see the file they know)
    other = tmp_path / "other.yaml"
    other.write_text("read: [b]\n")
    s = State(other)
    s.mark_read("c")
    s.save()
    assert "seen_comments" not in yaml.safe_load(other.read_text())


def test_refresh_reports_two_new_comments_and_bookmarks_still_resolve(lwn, server, tmp_path):
    lib = tmp_path / "lib"
    (lib / "content").mkdir(parents=True)
    full = clean_text(lwn, article_id="x").comments
    older, gone = without_two_comments(lwn, full)
    server.routes["/never"] = Route(older.encode("utf-8"), content_type="text/markdown; charset=utf-8", etag='"old"')
    added = run_reader("--library", str(lib), "add", "--json", server.url("/never"))
    assert added.returncode == 0, added.stderr
    info = json.loads(added.stdout)
    article_id = info["id"]
    assert article_id == "lwn/2026-stabilizing-rusts-never-type" and info["comments"] == len(full) - 2
    # the user read it: its comments are seen; a passage of the body is bookmarked
    old_ids = [c.id for c in clean_text(older, article_id=article_id).comments]
    state = State(lib / "state.yaml")
    state.mark_seen(article_id, old_ids)
    state.save()
    mark = run_reader("--library", str(lib), "bookmarks", "add", article_id,
                      "--quote", "A function's return type is supposed to indicate the kind of data")
    assert mark.returncode == 0, mark.stderr
    # the page, fetched again, has two more comments
    server.routes["/never"] = Route(lwn.encode("utf-8"), content_type="text/markdown; charset=utf-8", etag='"new"')
    proc = run_reader("--library", str(lib), "refresh", article_id)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"{article_id}: updated (+2 comments, body unchanged)"
    assert server.requests[-1][1]["If-None-Match"] == '"old"'
    # the bookmark was re-anchored in the new text, and still finds its passage
    store = BookmarkStore(lib / "bookmarks.yaml")
    store.load()
    (bookmark,) = store.bookmarks
    assert bookmark.status == "exact"
    check = run_reader("--library", str(lib), "bookmarks", "check")
    assert "1 exact" in check.stdout, check.stdout
    # the two new comments are the new ones since last read, by id
    cleaned = json.loads(run_reader("--library", str(lib), "clean", "--json", info["path"]).stdout)
    now = [c["id"] for c in cleaned["comments"]]
    assert State(lib / "state.yaml").new_comments(article_id, now) == {full[i].id for i in gone}
    # and the comments are searchable under their new ids
    found = json.loads(run_reader("--library", str(lib), "search", "--json", "--scope", "comments",
                                  f"by:{full[gone[0]].author}").stdout)
    assert any(c["comment"] == full[gone[0]].id for a in found["articles"] for c in a["comments"])


def test_is_new_finds_the_comments_that_came_since_the_last_visit(lwn, tmp_path):
    """``in:comments is:new`` (core and CLI): the two comments a refresh brought, and none of
    an article never opened; a bad ``is:`` value is a one-line error."""
    from reader.index import QueryError, SearchIndex, update
    from reader.paths import Library

    lib = Library(tmp_path / "lib", "test")
    (lib.content / "lwn").mkdir(parents=True)
    article_id = "lwn/never"
    full = clean_text(lwn, article_id=article_id).comments
    older, gone = without_two_comments(lwn, full)
    (lib.content / "lwn" / "never.md").write_text(lwn, encoding="utf-8")
    (lib.content / "lwn" / "other.md").write_text(lwn, encoding="utf-8")  # the same page, never opened
    update(lib)
    state = State(lib.state)
    state.mark_seen(article_id, [c.id for c in clean_text(older, article_id=article_id).comments])
    state.save()
    new_ids = {f"{article_id}#{full[i].id}" for i in gone}
    with SearchIndex(lib.index) as ix:
        res = ix.search("in:comments is:new", seen=state.seen, limit=10, per_article=None)
        assert {h.id for a in res.articles for h in a.hits} == new_ids
        assert ix.search("is:new", seen=state.seen).counts == {"articles": 0, "comments": 2, "bookmarks": 0}
        assert ix.search("is:new", seen={}).total == 0  # nothing opened: nothing new
        assert ix.count("in:comments is:new", seen=state.seen) == 2 and ix.count("is:new") == 0
        word = full[gone[0]].body.split()[0]
        assert ix.search(f"is:new {word}", seen=state.seen).counts["comments"] >= 1
        with pytest.raises(QueryError, match="say is:new"):
            ix.search("is:old", seen=state.seen)
    proc = run_reader("--library", str(lib.root), "search", "--json", "in:comments is:new")
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert {h["id"] for a in found["articles"] for h in a["comments"]} == new_ids
