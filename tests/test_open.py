"""`reader open ID` / `reader open --bookmark ID` (issue 12, item 3): the deep link of the exports."""

from __future__ import annotations

from tui_support import run, settle, visible

from conftest import run_reader
from reader.bookmarks import BookmarkStore, new_bookmark, plain_text
from reader.library import load_article
from reader.tui.app import ReaderApp
from reader.tui.main_screen import StartAt

BLOG = "blogs/2011-linuxcon-emea-second-day"


def add_bookmark(library, article_id: str, quote: str):
    store = BookmarkStore(library.bookmarks)
    store.load()
    article = load_article(library, article_id)
    text = plain_text(article.body)
    at = text.index(quote)
    return store.add(new_bookmark(article_id, text, at, at + len(quote), title=article.title)), at


def test_the_app_opens_at_a_bookmarks_passage(library, start_app):
    # a passage far down a long article (its last paragraph): the pane must have scrolled to it
    text = plain_text(load_article(library, BLOG).body)
    quote = text.split("\n\n")[-1][:60].strip()
    bookmark, at = add_bookmark(library, BLOG, quote)
    assert at > len(text) // 2

    async def go():
        app = ReaderApp(library, start=StartAt(BLOG, bookmark.id))
        async with start_app(app=app, size=(140, 16)) as (app, pilot, main):
            await settle(app, pilot)
            await settle(app, pilot)
            view = main.view
            assert main.current is not None and main.current.entry.id == BLOG and view.article_id == BLOG
            assert view.passage is not None and view.text[view.passage[0]:view.passage[1]] == quote
            assert visible(view, view.passage[0]) and app.focused is view

    run(go())


def test_the_app_opens_at_an_article(library, start_app):
    async def go():
        app = ReaderApp(library, start=StartAt("lwn/2007-ks-customer-panel"))
        async with start_app(app=app) as (app, pilot, main):
            await settle(app, pilot)
            assert main.view.article_id == "lwn/2007-ks-customer-panel" and app.focused is main.view

    run(go())


def test_open_resolves_the_link_and_refuses_unknown_ones(library):
    bookmark, _at = add_bookmark(library, BLOG, "After a busy first day")
    lib = str(library.root)
    piped = run_reader("--library", lib, "open", "--bookmark", bookmark.id)
    assert piped.returncode == 0 and piped.stdout == f"{BLOG}  {bookmark.id}  > After a busy first day\n"
    missing = run_reader("--library", lib, "open", "--bookmark", "nosuchid")
    assert missing.returncode == 1 and "no bookmark with id nosuchid" in missing.stderr
    gone = run_reader("--library", lib, "open", "lwn/no-such-article")
    assert gone.returncode == 1 and "no such article" in gone.stderr
    both = run_reader("--library", lib, "open", BLOG, "--bookmark", bookmark.id)
    assert both.returncode == 2
