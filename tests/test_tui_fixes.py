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


def shown(widget) -> bool:
    """Whether ``widget`` is on screen (no hidden pane around it)."""
    return all(w.display for w in widget.ancestors_with_self if hasattr(w, "display")) \
        and widget.region.area > 0


def test_focus_follows_the_layout_when_the_terminal_narrows(library, start_app):
    """160 → 80 columns: the pane shown is the one with the focus, so keys reach it."""
    async def go():
        async with start_app(size=(160, 45)) as (app, pilot, main):
            await open_article(app, pilot, SEED_002)
            await pilot.press("c")  # the comments beside the article, focused
            await settle(app, pilot)
            tree = main.comments.tree
            assert app.focused is tree
            await pilot.resize_terminal(80, 45)
            await pilot.pause()
            assert main.narrow
            assert shown(app.focused), app.focused
            line = tree.cursor_line
            await pilot.press("j")
            assert tree.cursor_line == line + 1
            # wide again; then the focus moved to the list without changing `pane` (a click)
            await pilot.resize_terminal(160, 45)
            await pilot.pause()
            assert not main.narrow and shown(app.focused)
            main.article_list.focus()  # as a click on the list would (the pane stays "comments")
            await pilot.pause()
            await pilot.resize_terminal(80, 45)
            await pilot.pause()
            assert shown(app.focused) and app.focused is main.article_list
            row = main.article_list.cursor
            await pilot.press("j")
            assert main.article_list.cursor == row + 1

    run(go())


def test_b_on_a_bookmarked_paragraph_edits_that_bookmark(library, start_app):
    """A second `b` on the same paragraph opens the edit form of its bookmark: no twin."""
    import yaml

    from reader.tui.bookmark_form import BookmarkForm

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_002)
            await pilot.press("J", "J", "b")
            await pilot.pause()
            assert isinstance(app.screen, BookmarkForm)
            await pilot.press(*"first", "tab", *"ha", "enter")
            await settle(app, pilot)
            saved = yaml.safe_load(library.bookmarks.read_text(encoding="utf-8"))
            assert len(saved) == 1
            await pilot.press("b")  # the same paragraph again
            await pilot.pause()
            form = app.screen
            assert isinstance(form, BookmarkForm) and "Edit" in form.heading
            await pilot.press("ctrl+u", *"second", "enter")
            await settle(app, pilot)
            saved = yaml.safe_load(library.bookmarks.read_text(encoding="utf-8"))
            assert len(saved) == 1 and saved[0]["tags"] == ["ha"] and saved[0]["note"] == "second"

    run(go())


def test_bookmarks_view_filter_understands_tags(library, start_app):
    """`#tag` and `tag:x` in the bookmarks view filter by tag, as the core filter does."""
    from test_tui_bookmarks import _gone

    from reader.bookmarks import BookmarkStore
    from reader.tui.bookmarks_view import BookmarkList

    store = BookmarkStore(library.bookmarks)
    store.load()
    store.add(_gone("0000aaa1", SEED_002, "a passage on clusters", note="about the zoo",
                    tags=("kernel",)))
    store.add(_gone("0000aaa2", SEED_002, "another passage", note="nothing", tags=("zoo",)))

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("B")
            await pilot.pause()
            lst = app.screen.query_one(BookmarkList)
            assert lst.count == 2
            await pilot.press("slash", *"#zoo")
            assert lst.count == 1 and lst.current.id == "0000aaa2"
            await pilot.press(*["backspace"] * 4, *"tag:kernel")
            assert lst.count == 1 and lst.current.id == "0000aaa1"
            await pilot.press(*["backspace"] * 10, *"zoo")  # a word: the note and the tag
            assert lst.count == 2

    run(go())


def test_less_keys_in_the_reading_pane_and_the_help(library, start_app):
    """ctrl+d/d half a page down, ctrl+u half up, ctrl+f a page down; in the help, space pages
    down and G/g go to the end/start; ctrl+z is bound at app level to suspend."""
    from textual.containers import VerticalScroll

    from reader.tui.app import ReaderApp
    from reader.tui.help import HelpScreen

    async def go():
        async with start_app(size=(140, 20)) as (app, pilot, main):
            await open_article(app, pilot, SEED_002)
            view = main.view
            assert app.focused is view
            view.scroll_to(y=0, animate=False)
            await pilot.pause()
            page = view.scrollable_content_region.height
            half = max(1, page // 2)
            await pilot.press("ctrl+d")
            assert int(view.scroll_y) == half
            await pilot.press("d")
            assert int(view.scroll_y) == 2 * half
            await pilot.press("ctrl+u")
            assert int(view.scroll_y) == half
            await pilot.press("ctrl+f")
            assert int(view.scroll_y) == min(int(view.max_scroll_y), half + page - 1) > half
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            scroll = app.screen.query_one(VerticalScroll)
            await pilot.press("space")
            assert scroll.scroll_y > 0
            await pilot.press("G")
            assert scroll.scroll_y == scroll.max_scroll_y > 0
            await pilot.press("g")
            assert scroll.scroll_y == 0
        keys_of = {b.action: b.key for b in ReaderApp.BINDINGS}
        assert "ctrl+z" in keys_of.get("suspend_process", "")

    run(go())
