"""Pilot tests of the comments pane (issue 10): previews, fold counts, capped indentation,
matched comments, the pane's width and zoom, Tab. Each fails on the code before its change."""

from __future__ import annotations

from tui_support import SEED_002, SIZE, open_article, run, settle


def test_tab_from_the_comment_tree_goes_to_the_next_pane(library, start_app):
    """Tab leaves the thread for the next pane (the list), shift+tab for the article: never
    into the comment text below the tree (Screen's focus_next did that)."""
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_002)
            await pilot.press("c")
            await settle(app, pilot)
            tree = main.comments.tree
            assert app.focused is tree
            await pilot.press("tab")
            await pilot.pause()
            assert main.focused_pane() == "list" and app.focused is main.article_list
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is main.view
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is tree
            await pilot.press("shift+tab")
            await pilot.pause()
            assert app.focused is main.view

    run(go())
