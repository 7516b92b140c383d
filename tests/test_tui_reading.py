"""Pilot tests of the reading-pane basics (issue 10): reading progress in the border, `q` back
one level (`Q` quits), `f` pages down, numbered links and their list, history, the table of
contents. On the seeds: SEED_2007 has five links (two to LWN articles) and three headings."""

from __future__ import annotations

from tui_support import SEED_000, SEED_002, SIZE, open_article, run, settle

from reader.tui.article_view import progress
from test_tui_search import search

SEED_2007 = "lwn/2007-ks-customer-panel"


def test_progress_counts_down_to_the_last_line_on_screen():
    assert progress(0, 10, 100) == 10
    assert progress(90, 10, 100) == 100
    assert progress(0, 30, 12) == 100  # it fits: all of it is read
    assert progress(0, 10, 0) == 100


def test_progress_shows_in_the_border_and_follows_the_scroll(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_002)
            view = main.view
            first = view.border_subtitle
            assert first.endswith("%") and 0 < int(first[:-1]) < 100
            await pilot.press("space")
            second = view.border_subtitle
            assert int(second[:-1]) > int(first[:-1])
            await pilot.press("G")
            assert view.border_subtitle == "100%"
            await pilot.press("g")
            assert view.border_subtitle == first
            await pilot.press("v")  # selecting: the hint takes the border, then gives it back
            assert "selecting" in view.border_subtitle
            await pilot.press("escape")
            assert view.border_subtitle == first

    run(go())


def test_f_pages_down_in_the_reading_pane(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_2007)
            view = main.view
            assert view.scroll_y == 0
            await pilot.press("f")
            assert view.scroll_y == view.scrollable_content_region.height - 1 < view.max_scroll_y
            assert main.list_pane.query_mode == ""  # not the list's filter

    run(go())


def test_q_goes_back_one_level_and_quits_at_the_top(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_002)
            await pilot.press("c")
            await settle(app, pilot)
            assert main.focused_pane() == "comments"
            await pilot.press("question_mark", "q")  # a dialog closes
            assert app.screen is main and app.is_running
            await pilot.press("q")  # comments → article
            assert main.focused_pane() == "article"
            await pilot.press("q")  # article → list
            assert main.focused_pane() == "list"
            await search(app, pilot, "kernel")
            await pilot.press("enter", "enter")  # the results, then an article
            await settle(app, pilot)
            assert main.focused_pane() == "article"
            await pilot.press("q")  # article → the results
            assert main.list_pane.searching and app.focused is main.search_results
            await pilot.press("q")  # out of the search
            assert not main.list_pane.searching and app.focused is main.article_list
            assert app.is_running
            await pilot.press("q")  # the top: quit
            await pilot.pause()
            assert not app.is_running

    run(go())


def test_Q_quits_from_the_reading_pane(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_000)
            await pilot.press("Q")
            await pilot.pause()
            assert not app.is_running

    run(go())
