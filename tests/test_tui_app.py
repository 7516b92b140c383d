"""The library view driven by Textual's Pilot on a copy of the bundled library."""

from __future__ import annotations

import time

import yaml
from tui_support import (
    SEED_002,
    SIZE,
    messages,
    open_article,
    run,
    screen_text,
    settle,
    visible,
)

from reader.tui import keys, library_index
from reader.tui.app import ReaderApp
from reader.tui.comments import CommentTree
from reader.tui.help import HelpScreen


def test_list_open_and_move(unindexed_library, start_app):
    """A library never indexed: the first start builds its index and lists it."""
    async def go():
        async with start_app(unindexed_library, size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            assert (unindexed_library.index / "catalogue.json").is_file()
            assert main.article_list.count == 5
            assert "Articles 5" in screen_text(app)
            await open_article(app, pilot, "lwn/2004-kernel-summit-customer-panel")
            view = main.view
            assert app.focused is view
            assert view.document is not None and view.text
            assert "Kernel Summit" in screen_text(app)
            top, cursor = view.scroll_y, view.cursor
            await pilot.press("j", "j")
            assert view.scroll_y == top + 2
            await pilot.press("J")
            assert view.cursor == cursor + 1 or view.cursor > cursor
            before = view.cursor
            await pilot.press("K")
            assert view.cursor < before
            await pilot.press("space")
            assert view.scroll_y > top + 2
            await pilot.press("G")
            assert view.scroll_y == view.max_scroll_y
            await pilot.press("g")
            assert view.scroll_y == 0
            # opened counts as read; the mark shows in the list
            assert app.state.is_read("lwn/2004-kernel-summit-customer-panel")
            await pilot.press("u")
            assert not app.state.is_read("lwn/2004-kernel-summit-customer-panel")
            await pilot.press("u")
            await pilot.press("escape")
            assert app.focused is main.article_list

    run(go())


def test_reading_position_is_remembered(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, "lwn/2004-kernel-summit-customer-panel")
            await pilot.press("space", "j", "j")
            offset = main.view.top_offset
            assert offset > 0
            await pilot.press("escape")
            await open_article(app, pilot, SEED_002)
            await pilot.press("escape")
            await open_article(app, pilot, "lwn/2004-kernel-summit-customer-panel")
            assert main.view.top_offset == offset
            await pilot.press("Q")
        data = yaml.safe_load(library.state.read_text())
        assert "lwn/2004-kernel-summit-customer-panel" in data["read"]
        assert data["positions"]["lwn/2004-kernel-summit-customer-panel"] == offset

    run(go())


def test_comments_fold_and_quote_jump(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_002)
            article = main.current.article
            assert len(article.comments) == 10
            await pilot.press("c")
            await pilot.pause()
            tree = app.query_one(CommentTree)
            assert app.focused is tree
            text = screen_text(app)
            assert "Comments 10" in text and "StevenCole" in text

            # StevenCole's comment quotes the article: highlighting it shows the passage
            steven = next(c for c in article.comments if c.author == "StevenCole")
            quote = steven.quotes[0]
            view = main.view
            assert tree.cursor_node.data is steven  # the first comment
            await pilot.pause()
            assert view.passage == (quote.start, quote.end)
            assert view.text[quote.start:quote.end] == quote.exact
            assert visible(view, quote.start)
            assert view.document.blocks[view.cursor].start <= quote.start

            # away and back: scroll the article to the top, then `a` jumps again
            view.scroll_to(y=0, animate=False)
            await pilot.press("j")  # stuart: no quote, the passage stays
            assert tree.cursor_node.data.author == "stuart"
            await pilot.press("k", "p")
            await pilot.pause()
            assert view.passage == (quote.start, quote.end)

            # fold a thread: stuart's has a reply
            await pilot.press("j")
            node = tree.cursor_node
            assert node.children and node.is_expanded
            await pilot.press("space")
            assert not node.is_expanded
            await pilot.press("enter")
            assert node.is_expanded
            await pilot.press("j")  # fiberbit, the reply
            assert tree.cursor_node.data.parent == node.data.id
            await pilot.press("u")  # to the parent
            assert tree.cursor_node is node
            await pilot.press("right_square_bracket")
            assert tree.cursor_node.data.author == "copsewood"
            await pilot.press("left_square_bracket")
            assert tree.cursor_node is node
            await pilot.press("z")
            assert all(not n.is_expanded for n in tree.root.children if n.children)
            await pilot.press("Z")
            assert all(n.is_expanded for n in tree.root.children if n.children)
            await pilot.press("c")
            assert not main.comments.display
            assert app.focused is view

    run(go())


def test_filter_the_list(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            lst = main.article_list
            await pilot.press("f")
            assert app.focused is main.query_input
            await pilot.press(*"google")
            assert lst.count == 1 and "Google" in lst.current.title
            assert app.is_running  # typing `q`-free text never quits, see below
            await pilot.press("enter")
            assert app.focused is lst and lst.filter_text == "google"
            await pilot.press("f", "backspace", "backspace", "backspace", "backspace",
                              "backspace", "backspace", *"quit")
            assert app.is_running and lst.count == 0
            assert "No article matches" in screen_text(app)
            await pilot.press("escape")
            assert lst.count == 5 and lst.filter_text == "" and app.focused is lst
            await pilot.press("s")
            assert lst.sort == "title"
            titles = [lst.entries[i].title.casefold() for i in lst._view]
            assert titles == sorted(titles)

    run(go())


def test_theme_help_and_palette(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            theme = app.theme
            await pilot.press("ctrl+t")
            assert app.theme != theme
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            help_text = str(app.screen.query_one("#help-text").render())
            for _, bindings in keys.SCOPES.values():
                for binding in bindings:
                    assert binding.description in help_text
            await pilot.press("escape")
            assert not isinstance(app.screen, HelpScreen)
            titles = [c.title for c in app.get_system_commands(app.screen)]
            for title, bindings in keys.SCOPES.values():
                for binding in bindings:
                    if binding.action != "quit":
                        assert f"{title}: {binding.description}" in titles
            # a palette command runs its action on the right pane
            command = next(c for c in app.get_system_commands(app.screen)
                           if c.title == "Article list: Last article")
            await command.callback()
            assert main.article_list.cursor == main.article_list.count - 1

    run(go())


def test_narrow_terminal_switches_panes(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.resize_terminal(60, 30)
            await pilot.pause()
            assert main.narrow
            assert main.list_pane.display and not main.view.display
            await pilot.press("enter")
            await settle(app, pilot)
            assert main.view.display and not main.list_pane.display
            assert app.focused is main.view
            await pilot.press("c")
            await pilot.pause()
            assert main.comments.display and not main.view.display
            await pilot.press("escape")
            await pilot.pause()
            assert main.view.display and not main.comments.display
            await pilot.press("escape")
            await pilot.pause()
            assert main.list_pane.display and app.focused is main.article_list
            text = screen_text(app)
            assert max(len(line) for line in text.splitlines()) <= 60
            # `/` from the list while the reading pane is hidden: the hits still scroll into view
            await pilot.press("slash", *"kernel")
            await pilot.pause(0.3)
            await settle(app, pilot)
            await pilot.press("enter")  # to the results
            assert app.focused is main.search_results
            text = screen_text(app)
            assert max(len(line) for line in text.splitlines()) <= 60
            main.search_results.move_to(next(
                i for i, it in enumerate(main.search_results.items)
                if it.kind == "article" and it.group.article == SEED_002))
            await pilot.press("enter")  # open it at its first hit
            await settle(app, pilot)
            view = main.view
            assert view.display and view.hit_count > 1
            await pilot.press("n", "n")
            await pilot.pause()
            assert view.border_title == f"hit 3/{view.hit_count}"
            assert visible(view, view.highlights.current[0])
            await pilot.press("escape")
            await pilot.pause()
            await pilot.resize_terminal(140, 40)
            await pilot.pause()
            assert not main.narrow and main.view.display and main.list_pane.display

    run(go())


def test_unreadable_article_is_a_one_line_notification(library, start_app):
    async def go():
        async with start_app(size=SIZE, notifications=True) as (app, pilot, main):
            await settle(app, pilot)
            entry = main.article_list.current
            (library.content / entry.path).unlink()
            await pilot.press("enter")
            await settle(app, pilot)
            assert app.is_running and main.current is None
            assert any("Cannot open" in m and "\n" not in m for m in messages(app))

    run(go())


def test_empty_article_and_keys_everywhere(library, start_app):
    """An article with no body and no comments: every key of every pane is harmless."""
    (library.content / "empty.md").write_text("", encoding="utf-8")

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            assert main.article_list.select("empty")
            await pilot.press("enter")
            await settle(app, pilot)
            assert app.focused is main.view
            await pilot.press(*"jkJKgGnNbu", "space", "right_curly_bracket", "left_curly_bracket")
            await pilot.press("c")
            await pilot.pause()
            await pilot.press(*"jkzZup", "space", "enter", "left_square_bracket",
                              "right_square_bracket", "g", "G")
            await pilot.press("tab", "tab", "tab", "shift+tab")
            await pilot.press("escape", "escape", "escape")
            await pilot.press(*"jkgGs", "space", "b")
            assert app.is_running

    run(go())


def test_list_comes_from_the_catalogue_before_the_index_update(library, monkeypatch, start_app):
    """First paint does not wait for the update's stat of every file: the catalogue is listed
    first, and the list is refreshed when the update changed something."""
    from reader.index import update
    from reader.library import refresh_index

    update(library)  # indexed: 5 articles in the catalogue
    (library.content / "late.md").write_text("# A late article\n\nSome words.\n", encoding="utf-8")
    shown_at_update: list[int] = []

    def spy(lib, **kwargs):
        # the update waits here (up to 5 s) for the list to show the catalogue: it is shown
        # while the update has not run yet, not after it
        deadline = time.monotonic() + 5
        while app.main_screen.article_list.count == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        shown_at_update.append(app.main_screen.article_list.count)
        return refresh_index(lib, **kwargs)

    monkeypatch.setattr(library_index, "refresh_index", spy)

    async def go():
        async with start_app(app=app, size=SIZE) as (app_, pilot, main):
            await settle(app, pilot)
            assert shown_at_update == [5]  # listed from the catalogue before the update ran
            assert main.article_list.count == 6 and main.list_pane.index.ready  # refreshed after it
            assert main.article_list.select("late")

    app = ReaderApp(library)
    run(go())


def test_search_starts_at_once_and_only_the_newest_query_waits(library, monkeypatch, start_app):
    import threading

    from reader.index import SearchIndex
    from reader.index.searching import SearchCancelled
    from reader.tui import library_index

    gate = threading.Event()
    searched: list[tuple[str, bool]] = []
    original = SearchIndex.search

    cancelled: list[str] = []

    def slow_first(self, text, **kwargs):
        searched.append((text, kwargs.get("suggest", True)))
        if len(searched) == 1:
            gate.wait(10)  # the first search is still running while more keys come
        try:
            return original(self, text, **kwargs)
        except SearchCancelled:
            cancelled.append(text)
            raise

    monkeypatch.setattr(SearchIndex, "search", slow_first)

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("slash", "k")
            assert main.list_pane.index.running  # no debounce: the first key searched at once
            await pilot.press(*"ernel")
            assert main.list_pane.index.queued == ("kernel", main.list_pane.index.generation, False)  # only the newest waits
            gate.set()
            await settle(app, pilot)
            await settle(app, pilot)
            # k, ke, ker, kern, kerne never ran; typed searches skip "did you mean"
            assert searched == [("k", False), ("kernel", False)]
            assert cancelled == ["k"]  # stopped once "kernel" was waiting: its answer was stale
            assert main.search_results.results.query == "kernel"
            assert not main.list_pane.index.running and main.list_pane.index.queued is None

            # a word that is not there: "did you mean" comes once the typing pauses (a pause
            # of a second here, so that a loaded machine's settle() does not make one)
            monkeypatch.setattr(library_index, "SUGGEST_AFTER", 1.0)
            searched.clear()
            await pilot.press("ctrl+u", *"kernal")
            await settle(app, pilot)
            assert all(not suggest for _, suggest in searched)
            assert main.search_results.results.corrected is None
            await pilot.pause(1.2)
            await settle(app, pilot)
            assert searched[-1] == ("kernal", True)
            assert main.search_results.results.corrected == "kernel"

    run(go())
