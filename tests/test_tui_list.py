"""The article list of issue 10: unread counts, next unread, only unread, a sort kept across
starts (pilot tests on a copy of the bundled library)."""

from __future__ import annotations

import asyncio
import random
import threading

import yaml
from test_catalogue_head import many, seed_entries
from tui_support import SEED_000, SEED_002, SIZE, messages, open_article, run, screen_text, settle

from reader.index.catalogue import head_path, load_head, save_rows
from reader.index.catalogue_head import HEAD_ROWS
from reader.state import State
from reader.tui import library_index
from reader.tui.app import ReaderApp

SEED_BLOG = "blogs/2011-linuxcon-emea-second-day"


def test_unread_counts_in_the_list_title(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            lst = main.article_list
            assert lst.border_title == "Articles 5 · 5 unread"
            assert "Articles 5 · 5 unread" in screen_text(app)
            await open_article(app, pilot, SEED_002)  # opened counts as read
            assert lst.border_title == "Articles 5 · 4 unread"
            main.show_pane("list")
            await pilot.pause()
            await pilot.press("f", *"kernel summit")
            assert lst.count == 2  # SEED_000 and SEED_002, one of them read
            assert lst.border_title == "Articles 2/5 · 1 unread"
            await pilot.press("enter", "u")  # the filtered row at the cursor: read or unread
            read = sum(app.state.is_read(a) for a in (SEED_000, SEED_002))
            assert lst.border_title == f"Articles 2/5 · {2 - read} unread"

    run(go())


def test_next_unread_moves_wrapping_and_says_when_there_is_none(library, start_app):
    async def go():
        state = State(library.state)
        app = ReaderApp(library, state=state)
        async with start_app(app=app, size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            lst = main.article_list
            ids = [lst.entries[i].id for i in lst._view]
            for article_id in ids[1:4]:  # only the first and the last are unread
                state.mark_read(article_id)
            lst.refresh_row(ids[1])
            lst.move_to(0)
            await pilot.press("n")
            assert lst.current.id == ids[4]
            await pilot.press("n")  # wraps
            assert lst.current.id == ids[0]
            state.mark_read(ids[4])
            await pilot.press("n")  # the only unread one is this one
            assert lst.current.id == ids[0]
            assert messages(app)[-1] == "No other unread article"
            state.mark_read(ids[0])
            lst.move_to(2)
            await pilot.press("n")
            assert lst.current.id == ids[2] and messages(app)[-1] == "No other unread article"

    run(go())


def test_only_unread_hides_read_articles(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_002)
            main.show_pane("list")
            await pilot.pause()
            lst = main.article_list
            await pilot.press("U")
            assert lst.unread_only and lst.count == 4
            assert SEED_002 not in [lst.entries[i].id for i in lst._view]
            assert "only unread" in lst.border_subtitle
            assert messages(app)[-1] == "Only unread articles"
            await pilot.press("U")
            assert not lst.unread_only and lst.count == 5
            assert messages(app)[-1] == "All articles"
            for article_id in [e.id for e in lst.entries]:
                app.state.mark_read(article_id)
            await pilot.press("U")  # every article read: the list says so, not "empty"
            assert lst.count == 0
            assert "No unread article (U shows all)." in screen_text(app)

    run(go())


def test_sort_and_only_unread_are_kept_across_starts(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("s", "U")  # title order, only unread
            assert main.article_list.sort == "title"
        data = yaml.safe_load(library.state.read_text(encoding="utf-8"))
        assert data["list"] == {"sort": "title", "unread_only": True}
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            lst = main.article_list
            assert lst.sort == "title" and lst.unread_only
            titles = [lst.entries[i].title.casefold() for i in lst._view]
            assert titles == sorted(titles) and len(titles) == 5
            assert lst.border_subtitle == "only unread · by title"

    run(go())


def test_an_unreadable_state_file_keeps_the_sort_in_memory_and_the_file_as_it_is(library, start_app):
    library.state.parent.mkdir(parents=True, exist_ok=True)
    library.state.write_text("list: {sort: title\nread: [", encoding="utf-8")
    before = library.state.read_bytes()

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            assert main.article_list.sort == "date"
            await pilot.press("s")
            assert app.state.list_view.sort == "title"
        assert library.state.read_bytes() == before

    run(go())


def hold_the_catalogue(monkeypatch):
    """The app's whole-catalogue load, held until the test lets it go: (called, release)."""
    called, release = threading.Event(), threading.Event()
    real = library_index.indexed_entries

    def held(library):
        called.set()
        release.wait()
        return real(library)

    monkeypatch.setattr(library_index, "indexed_entries", held)
    return called, release


def test_first_rows_come_from_the_head_before_the_catalogue_loads(library, start_app, monkeypatch):
    """A 1,505-row catalogue: the list paints the head's first rows in the restored sort while
    the whole catalogue's load is held back, then shows them all."""
    rows = many(seed_entries(library), 1500, random.Random(5))
    rows.update({e.id: e for e in seed_entries(library)})
    save_rows(library.index, rows)  # as the indexer writes it: with its head
    head = load_head(library.index)
    state = State(library.state)
    state.set_list_view("title", False)
    state.save()
    called, release = hold_the_catalogue(monkeypatch)

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            try:
                assert await asyncio.to_thread(called.wait, 60)  # (a guard against a hang, not a time)
                await pilot.pause()
                lst = main.article_list
                # the worker asks for the catalogue only once the head's frame is drawn
                assert lst.partial and lst.count == HEAD_ROWS
                assert [lst.entries[i].id for i in lst._view] == \
                    [head.entries[i].id for i in head.orders["title"]]
                assert lst.border_title == "Articles …"
                assert lst.current.title[:30] in screen_text(app)  # (cut to the pane)
                await pilot.press("j", "j")  # the cursor moves in the head already
                chosen = lst.current.id
            finally:
                release.set()
            await settle(app, pilot)
            assert not lst.partial and lst.count == 1505 and lst.sort == "title"
            assert lst.current.id == chosen  # the cursor stays on the row it was on
            assert lst.border_title == "Articles 1505 · 1505 unread"

    run(go())


def test_a_corrupt_head_falls_back_to_the_whole_catalogue(library, start_app, monkeypatch):
    seed_entries(library)
    head_path(library.index).write_bytes(b'{"version": 1, "rows": [[')
    called, release = hold_the_catalogue(monkeypatch)

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            try:
                assert await asyncio.to_thread(called.wait, 60)
                await pilot.pause()
                assert main.article_list.entries == []  # nothing from the broken head
            finally:
                release.set()
            await settle(app, pilot)
            assert main.article_list.count == 5 and not main.article_list.partial

    run(go())
