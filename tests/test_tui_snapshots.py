"""Snapshot tests (pytest-textual-snapshot) of the library view, a search, the comments pane
and help. The library is synthetic and fixed (not the cleaned seeds) so that a cleaner change
does not churn the pictures; update them with ``pytest --snapshot-update`` after a deliberate
change to the look, and check the diff report.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reader.content.anchor import Anchor, plain_text
from reader.content.model import Article, Comment
from reader.index import ArticleHits, Fragment, Hit, Results
from reader.library import Entry
from reader.paths import Library
from reader.tui import library_index, main_screen
from reader.tui.app import ReaderApp

SIZE = (120, 34)

BODY = """Tux the penguin presented the **near-term needs** of high-availability users. At the top
of the list was a simple item: *write bug-free code*. If the code always works, a lot of
availability problems go away.

## Fault isolation

Failing that, the next thing is better fault isolation. There are over 1200 calls to
`panic()` in the kernel, and many of them are unnecessary:

- crash dumps and sensible log entries
- a standard interface for events
  - [hotplug](https://example.org/hotplug) is a start

> Driver faults are not sufficiently isolated from the rest of the kernel.

```c
if (broken)
        panic("Damn it Jim! I'm a doctor, not a programmer!");
```

---

Most of the problems, says Tux, are in the driver code.
"""


def _articles() -> list[Article]:
    text = plain_text(BODY)
    quoted = "There are over 1200 calls to panic() in the kernel"
    start = text.index(quoted)
    main = Article(
        id="lwn/ha", title="Kernel Summit: High Availability", author="Jonathan Corbet",
        date=dt.date(2003, 7, 21), site="LWN.net", url="https://lwn.net/Articles/40621/",
        tags=["kernel", "summit"], body=BODY, format="markdown",
        comments=[
            Comment(id="c1", author="StevenCole", date=dt.datetime(2003, 7, 22, 3, 23),
                    title="Calls to panic in the kernel.",
                    body=f"> {quoted}.\n\nA panic which shouldn't happen gives programmers a chance.",
                    quotes=[Anchor(quoted, text[max(0, start - 32):start], "", start,
                                   start + len(quoted))]),
            Comment(id="c2", author="stuart", date=dt.datetime(2003, 7, 22, 8, 15),
                    title="Internet Explorer is broke", body="It is, isn't it?"),
            Comment(id="c3", parent="c2", depth=1, author="fiberbit",
                    date=dt.datetime(2003, 7, 22, 8, 44), title="Re: Internet Explorer is broke",
                    body="Quite."),
            Comment(id="c4", author="example.org", kind="pingback",
                    title="Someone wrote about this", body="A link back."),
        ],
    )
    others = [
        Article(id=f"blog/{i}", title=title, site=site, date=dt.date(2000 + i, 1, 1), body="x")
        for i, (title, site) in enumerate([
            ("Second Day at LinuxCon EMEA", "blog.example"),
            ("How Google uses Linux", "LWN.net"),
            ("The customer panel", "LWN.net"),
        ])
    ]
    return [main, *others]


class FakeIndex:
    """The search index of the synthetic library: `kernel` finds the article and a comment."""

    def __init__(self, index_dir) -> None:
        pass

    def refresh(self) -> None:
        pass

    def close(self) -> None:
        pass

    def search(self, text: str, **kwargs) -> Results:
        snippet = "There are over 1200 calls to panic() in the kernel, and many of them"
        at = snippet.index("kernel")
        article = Hit(id="lwn/ha", kind="article", article="lwn/ha", score=2.0,
                      title="Kernel Summit: High Availability", title_spans=[(0, 6)],
                      fragments=[Fragment(snippet, 0, len(snippet), [(at, at + 6)])], terms=["kernel"])
        comment_text = "There are over 1200 calls to panic() in the kernel."
        comment = Hit(id="lwn/ha#c1", kind="comment", article="lwn/ha", score=1.0, author="StevenCole",
                      comment="c1", terms=["kernel"],
                      fragments=[Fragment(comment_text, 0, len(comment_text),
                                          [(comment_text.index("kernel"), comment_text.index("kernel") + 6)])])
        group = ArticleHits(article="lwn/ha", title="Kernel Summit: High Availability", site="LWN.net",
                            date="2003-07-21", comments_total=4, score=2.0, hit=article, comments=[comment])
        return Results(query=text, counts={"articles": 1, "comments": 1, "bookmarks": 0},
                       articles=[group], terms=["kernel"])


@pytest.fixture
def app(monkeypatch, tmp_path) -> ReaderApp:
    monkeypatch.setattr(library_index, "SearchIndex", FakeIndex)
    articles = {a.id: a for a in _articles()}
    monkeypatch.setattr(library_index, "entries",
                        lambda lib, **kw: [Entry.of(a, a.id + ".md") for a in articles.values()])
    monkeypatch.setattr(main_screen, "load_article", lambda lib, article_id, hint="": articles[article_id])
    library = Library(tmp_path / "lib", "test")
    (library.content).mkdir(parents=True)
    return ReaderApp(library)


async def _open(pilot, article_id: str = "lwn/ha") -> None:
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()
    app.main_screen.article_list.select(article_id)
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_library_view(app, snap_compare):
    async def before(pilot):
        await _open(pilot)
        await pilot.press("J")

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_search_hits(app, snap_compare):
    async def before(pilot):
        await _open(pilot)
        await pilot.press("slash", *"kernel")
        await pilot.pause(0.3)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter", "enter")  # to the results, then open the article's hit
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("n")

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_comments_pane(app, snap_compare):
    async def before(pilot):
        await _open(pilot)
        await pilot.press("c")
        # the comment tree fills and takes focus after a refresh, and the article scrolls to the
        # passage its first comment quotes: let all of it settle
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_help_screen(app, snap_compare):
    async def before(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.press("question_mark")

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_narrow_reading_pane(app, snap_compare):
    async def before(pilot):
        await _open(pilot)

    assert snap_compare(app, terminal_size=(60, 24), run_before=before)


def test_bookmarks_view(app, snap_compare):
    """Two bookmarks built through the store (fixed ids and dates): one placed, one orphaned."""
    from reader.bookmarks import Anchor, Bookmark, BookmarkStore, anchor_at

    text = plain_text(BODY)
    quote = "There are over 1200 calls to panic() in the kernel"
    start = text.index(quote)
    store = BookmarkStore(app.library.bookmarks)
    store.load()
    store.add(Bookmark(id="b0000001", article="lwn/ha", anchor=anchor_at(text, start, start + len(quote)),
                       note="Count them again in 2.6", tags=["kernel", "panic"],
                       created="2026-01-01T10:00:00Z", updated="2026-01-01T10:00:00Z",
                       title="Kernel Summit: High Availability"))
    store.add(Bookmark(id="b0000002", article="blog/0",
                       anchor=Anchor("A passage the site has since removed", "", "", 0, 36),
                       note="gone after the redesign", created="2026-01-02T10:00:00Z",
                       updated="2026-01-02T10:00:00Z", status="orphaned",
                       title="Second Day at LinuxCon EMEA"))

    async def before(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


class ManyHitsIndex(FakeIndex):
    """`in:comments kernel` finds eight comments of the article: five listed, "+3 more", dated
    over three years (the hits-over-time line)."""

    def search(self, text: str, **kwargs) -> Results:
        said = ["The kernel panics when the driver does.", "A kernel that never panics is a dream.",
                "Which kernel was that? I have seen the same panic on a much older machine here.",
                "Read the kernel log before you blame the disk: it says a lot more than you think.",
                "We patched our kernel for exactly this, long ago, and it still holds up."]
        hits = []
        for n, body in enumerate(said, 1):
            at = body.index("kernel")
            hits.append(Hit(id=f"lwn/ha#c{n}", kind="comment", article="lwn/ha", score=1.0 / n,
                            author=["StevenCole", "stuart", "fiberbit", "mmarq", "job"][n - 1],
                            comment=f"c{n}", terms=["kernel"], date=f"2003-07-2{n}",
                            fragments=[Fragment(body, 0, len(body), [(at, at + 6)])]))
        group = ArticleHits(article="lwn/ha", title="Kernel Summit: High Availability", site="LWN.net",
                            date="2003-07-21", comments_total=8, score=1.0, comments=hits, total=8, omitted=3)
        return Results(query=text, counts={"articles": 0, "comments": 8, "bookmarks": 0},
                       articles=[group], terms=["kernel"],
                       months={"2003-07": 5, "2004-02": 1, "2005-11": 2} if kwargs.get("timeline") else {})


def test_search_more_and_hits_over_time(app, snap_compare, monkeypatch):
    monkeypatch.setattr(library_index, "SearchIndex", ManyHitsIndex)

    async def before(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("slash", *"in:comments kernel")
        await pilot.pause(0.3)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter", "G", "less_than_sign")  # to the results, "+3 more", the 2005 bar
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


# -- the reading pane's links and contents (issue 10) ---------------------------------------------

READING_BODY = """The [customer panel](https://lwn.net/Articles/94559/) asked for **fewer panics** and for
[hotplug](https://example.org/hotplug) support that works; see also [the summary](/Articles/40000/).

## Fault isolation

There are over 1200 calls to `panic()` in the kernel, and many of them are unnecessary.

### Drivers

Driver faults are not sufficiently isolated from the rest of the kernel; [a proposal](https://example.org/isolate)
would run them in their own address space.

### Crash dumps

Crash dumps and sensible log entries, as [LKCD](https://example.org/lkcd) provides.

## What next

Most of the problems, says Tux, are in the driver code.
"""


@pytest.fixture
def reading_app(monkeypatch, tmp_path) -> ReaderApp:
    """The synthetic library, its first article with more headings and links."""
    monkeypatch.setattr(library_index, "SearchIndex", FakeIndex)
    articles = {a.id: a for a in _articles()}
    articles["lwn/ha"].body = READING_BODY
    articles["lwn/ha"].comments = []
    monkeypatch.setattr(library_index, "entries",
                        lambda lib, **kw: [Entry.of(a, a.id + ".md") for a in articles.values()])
    monkeypatch.setattr(main_screen, "load_article", lambda lib, article_id, hint="": articles[article_id])
    library = Library(tmp_path / "lib", "test")
    (library.content).mkdir(parents=True)
    return ReaderApp(library)


def test_links_numbered(reading_app, snap_compare):
    async def before(pilot):
        await _open(pilot)

    assert snap_compare(reading_app, terminal_size=SIZE, run_before=before)


def test_links_list(reading_app, snap_compare):
    async def before(pilot):
        await _open(pilot)
        await pilot.press("L", "2")

    assert snap_compare(reading_app, terminal_size=SIZE, run_before=before)


def test_table_of_contents(reading_app, snap_compare):
    async def before(pilot):
        await _open(pilot)
        await pilot.press("J", "J", "J", "J", "t")  # in "Drivers": it is the one chosen

    assert snap_compare(reading_app, terminal_size=SIZE, run_before=before)


# -- the comments pane: previews, fold counts, capped indentation (issue 10) ----------------------

NAMES = ["alice", "bartholomew", "chandrasekhar", "dmitri", "evelyn", "fitzgerald", "guinevere"]


def _deep_article() -> Article:
    """A blog post whose comments (no titles, as on blogs) nest 15 levels deep, then a thread
    of three that the test folds."""
    comments, parent = [], None
    for n in range(16):
        comments.append(Comment(
            id=f"d{n}", parent=parent, depth=n, author=NAMES[n % len(NAMES)],
            date=dt.datetime(2011, 10, 27, 9, n),
            body=(f"> what the one above said\n\nReply {n + 1}: I still think the scheduler "
                  "should decide this, not the driver, and here is why at some length.")))
        parent = f"d{n}"
    comments.append(Comment(id="z0", author="zed", date=dt.datetime(2011, 10, 28, 8, 0),
                            body="A fresh thread, [with a link](https://example.org) and **bold**."))
    comments += [Comment(id=f"z{n}", parent="z0", depth=1, author=NAMES[n], body=f"Answer {n}.",
                         date=dt.datetime(2011, 10, 28, 9, n)) for n in (1, 2, 3)]
    return Article(id="blog/deep", title="A very long discussion", author="Ann Author",
                   date=dt.date(2011, 10, 26), site="blog.example", body="A short post.",
                   format="markdown", comments=comments)


def test_comments_deep_thread(monkeypatch, tmp_path, snap_compare):
    """Comments with previews, a folded thread's count and the indentation capped past 8
    levels (⋮9 … ⋮15), at 80 columns."""
    monkeypatch.setattr(library_index, "SearchIndex", FakeIndex)
    article = _deep_article()
    monkeypatch.setattr(library_index, "entries", lambda lib, **kw: [Entry.of(article, "blog/deep.md")])
    monkeypatch.setattr(main_screen, "load_article", lambda lib, article_id, hint="": article)
    library = Library(tmp_path / "lib", "test")
    library.content.mkdir(parents=True)

    async def before(pilot):
        await _open(pilot, "blog/deep")
        await pilot.press("c")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("G", "u", "space", "k")  # fold zed's thread, then up into the deep one
        await pilot.pause()

    assert snap_compare(ReaderApp(library), terminal_size=(80, 40), run_before=before)


# -- the dialogs: the forms and the lists share one dialog base (reader.tui.dialog) ---------------


def test_add_form(app, snap_compare):
    async def before(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("a", *"https://lwn.net/Articles/1/")

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_bookmark_form(app, snap_compare):
    async def before(pilot):
        await _open(pilot)
        await pilot.press("b", *"count them", "tab", *"kernel")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_saved_searches(app, snap_compare):
    app.state.save_search("kernel")
    app.state.save_search("in:comments panic", "panics in comments")

    async def before(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("S", "j")

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_comment_picker(app, snap_compare):
    async def before(pilot):
        await _open(pilot)
        await pilot.press("J", "J", "C")  # the paragraph StevenCole quotes
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=before)
