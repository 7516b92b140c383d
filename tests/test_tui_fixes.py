"""Pilot tests of the issue-10 TUI bugs: each fails on the code before its fix."""

from __future__ import annotations

from tui_support import SEED_000, SEED_002, SIZE, open_article, run, settle

from test_tui_search import search

SEED_BLOG = "blogs/2011-linuxcon-emea-second-day"


def test_comments_pane_shows_the_first_comment_of_each_article_opened(library, start_app):
    """With the comments pane open, a newly opened article's first comment is shown at once
    (the tree's cursor stayed on line 0, so no highlight came and the detail stayed empty)."""
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_002)
            await pilot.press("c")
            await settle(app, pilot)
            body = main.comments.body
            assert "StevenCole" in body.head.meta
            main.show_pane("list")
            await pilot.pause()
            await open_article(app, pilot, SEED_BLOG)  # one comment
            tree = main.comments.tree
            assert tree.cursor_node is not None and tree.cursor_node.data.author == "VPSmart"
            assert body.document is not None and "VPSmart" in body.head.meta
            main.show_pane("list")
            await pilot.pause()
            await open_article(app, pilot, SEED_000)  # no comments
            assert body.empty_text == "No comments." and body.document is None
            main.show_pane("list")
            await pilot.pause()
            await open_article(app, pilot, SEED_002)
            assert body.document is not None and "StevenCole" in body.head.meta

    run(go())


def test_comment_hit_shows_that_comment_at_once(library, start_app):
    """A comment hit of another article opens the comments pane on that comment, its text
    shown and its hits reachable with `n`."""
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_BLOG)
            await pilot.press("c")
            await settle(app, pilot)
            results = await search(app, pilot, "kernel")
            await pilot.press("enter")
            index = next(i for i, it in enumerate(results.items)
                         if it.kind == "comment" and it.group and it.group.article == SEED_002
                         and it.hit is not None and it.hit.comment)
            item = results.items[index]
            results.move_to(index)
            await pilot.press("enter")
            await settle(app, pilot)
            await pilot.pause()
            comments = main.comments
            tree, body = comments.tree, comments.body
            assert tree.cursor_node.data.id == item.hit.comment
            assert body.document is not None
            count = body.hit_count
            assert count >= 1 and body.border_title == f"hit 1/{count}"
            if count > 1:
                await pilot.press("n")
                assert body.border_title == f"hit 2/{count}"

    run(go())
