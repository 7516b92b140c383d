"""Pilot tests of the comments pane (issue 10): previews, fold counts, capped indentation,
matched comments, the pane's width and zoom, Tab. Each fails on the code before its change."""

from __future__ import annotations

from tui_support import SEED_002, SIZE, open_article, run, settle

NARROW = (80, 40)  # one pane at a time: the thread is 78 columns wide


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


def rows(tree) -> list[str]:
    """The thread's rows as drawn (the lines in view)."""
    return [tree.render_line(y).text.rstrip() for y in range(tree.scrollable_content_region.height)]


def row_of(tree, author: str) -> str:
    return next(r for r in rows(tree) if f" {author} " in f" {r} ")


async def comments_of(app, pilot, main, article_id: str):
    await open_article(app, pilot, article_id)
    await pilot.press("c")
    await settle(app, pilot)
    return main.comments.tree


def test_rows_preview_the_text_when_the_title_says_nothing_new(library, start_app):
    """A reply that repeats the title it answers (LWN's way) shows the start of its words,
    cut to the pane; a comment with a title of its own keeps it."""
    async def go():
        async with start_app(size=NARROW) as (app, pilot, main):
            tree = await comments_of(app, pilot, main, SEED_002)
            width = tree.scrollable_content_region.width
            assert "Calls to panic in the kernel." in row_of(tree, "StevenCole")
            reply = rows(tree)[8]  # job's reply to ofranja, titled as ofranja's
            assert reply.startswith("└─ ▼ job  2003-07-31  Did you read the article? If a driver")
            assert "Kernel Summit" not in reply
            assert reply.endswith("…") and all(len(r) <= width for r in rows(tree))

    run(go())


def test_comments_without_titles_show_their_text(shared_dir, tmp_path, start_app):
    """Blog comments have no titles: each row says who, when, and how the comment starts."""
    import shutil

    from reader.content import clean_file
    from reader.paths import Library

    page = shared_dir / "corpus" / "pages" / "dragnet--nikonrumors.com--R47.html"
    root = tmp_path / "nikon"
    (root / "content").mkdir(parents=True)
    shutil.copy(page, root / "content")
    comments = clean_file(page).comments
    assert comments and not any(c.title for c in comments)

    async def go():
        async with start_app(Library(root, "nikon"), size=NARROW) as (app, pilot, main):
            tree = await comments_of(app, pilot, main, "dragnet--nikonrumors.com--R47")
            first = rows(tree)[0]
            assert first.startswith("▼ tuye  2012-10-29  thats it. no more DX pros.")
            second = rows(tree)[1]
            assert "burgerman  2012-10-29  DX and pro is a contradiction" in second

    run(go())


def test_a_folded_thread_says_how_many_comments_it_hides(library, start_app):
    async def go():
        async with start_app(size=NARROW) as (app, pilot, main):
            tree = await comments_of(app, pilot, main, SEED_002)
            assert "(+" not in "".join(rows(tree))  # all unfolded: nothing hidden
            while tree.cursor_node.data.author != "copsewood":
                await pilot.press("j")
            await pilot.press("space")  # copsewood's thread: ggoebel, and iabervon under him
            assert "▶ copsewood  2003-07-22  (+2)" in row_of(tree, "copsewood")
            await pilot.press("z")
            assert "(+1)" in row_of(tree, "stuart") and "(+2)" in row_of(tree, "ofranja")
            assert "(+" not in row_of(tree, "StevenCole")
            await pilot.press("Z")
            assert "(+" not in "".join(rows(tree))

    run(go())


def depth_of(comment, by_id) -> int:
    depth = 0
    while comment.parent in by_id and depth < 1000:
        comment, depth = by_id[comment.parent], depth + 1
    return depth


def test_a_deep_thread_keeps_names_readable_at_80_columns(shared_dir, tmp_path, start_app):
    """An 11-level LWN thread at 80 columns: the indentation stops at 8 levels, deeper rows
    say their depth (⋮9), and every row shows its author's whole name."""
    import shutil

    from reader.paths import Library

    page = shared_dir / "corpus" / "lwn" / "lwn-dump--rust-never-type-2026.md"
    root = tmp_path / "rust"
    (root / "content").mkdir(parents=True)
    shutil.copy(page, root / "content")

    async def go():
        async with start_app(Library(root, "rust"), size=(80, 100)) as (app, pilot, main):
            tree = await comments_of(app, pilot, main, "lwn-dump--rust-never-type-2026")
            comments = main.current.article.comments
            by_id = {c.id: c for c in comments}
            assert max(depth_of(c, by_id) for c in comments) == 11
            drawn = rows(tree)
            assert len(comments) == 42 and drawn[41] and not drawn[42]  # all in view
            deep = 0
            for y, row in enumerate(drawn[:42]):
                comment = tree.get_node_at_line(y).data
                depth = depth_of(comment, by_id)
                name = comment.author
                assert f" {name}  " in f" {row}", row
                assert row.index(name) <= 8 * 3 + len("⋮11 ▼ ❝ "), row  # capped indentation
                if depth > 8:
                    deep += 1
                    assert row[8 * 3:].startswith(f"⋮{depth} "), row
                else:
                    assert "⋮" not in row[: row.index(name)]
            assert deep >= 4

    run(go())


def test_comments_matching_the_search_are_marked_and_n_goes_through_them(library, start_app):
    """Opened from a `kernel` comment hit, the tree marks ● the comments whose text or
    title says kernel; `n` in the tree goes through the shown comment's hits, then on to the next
    matched comment; `N` back, to the previous one's last hit."""
    import re

    from test_tui_search import search

    async def go():
        async with start_app(size=NARROW) as (app, pilot, main):
            await open_article(app, pilot, SEED_002)
            comments = main.current.article.comments
            steven = next(c for c in comments if c.author == "StevenCole")
            results = await search(app, pilot, "kernel")
            await pilot.press("enter")
            index = next(i for i, it in enumerate(results.items)
                         if it.kind == "comment" and it.hit is not None and it.hit.comment == steven.id)
            results.move_to(index)
            await pilot.press("enter")
            await settle(app, pilot)
            pane = main.comments
            tree, body = pane.tree, pane.body
            assert app.focused is tree and tree.cursor_node.data is steven
            saying = [c for c in comments if re.search(r"\bkernels?\b", c.title + " " + c.body, re.I)]
            assert [c.author for c in saying] == ["StevenCole", "ggoebel", "ofranja", "job", "mmarq"]
            assert tree.matched == {c.id for c in saying}
            assert pane.border_title.endswith("· ● 5")
            for c in comments:
                row = next(r for y, r in enumerate(rows(tree)) if tree.get_node_at_line(y).data is c)
                assert ("● " in row) == (c in saying), row
            count = body.hit_count
            for n in range(2, count + 1):
                await pilot.press("n")
                assert body.border_title == f"hit {n}/{count}"
            await pilot.press("n")  # past Steven's last hit: ggoebel's first
            await pilot.pause()
            assert tree.cursor_node.data.author == "ggoebel" and body.hit_index == 0
            await pilot.press("N")  # back: Steven's last hit
            await pilot.pause()
            assert tree.cursor_node.data is steven and body.border_title == f"hit {count}/{count}"
            await pilot.press("escape", "escape")  # the article, the list; then out of the search
            await pilot.press("escape")
            await pilot.pause()
            assert not main.list_pane.searching
            assert not tree.matched and "●" not in pane.border_title

    run(go())


def test_the_pane_widens_narrows_and_zooms_and_its_width_is_remembered(library, start_app):
    """`<` widens the comments pane and `>` narrows it, by 5% of the screen; `=` gives it the
    whole screen and back; the width is kept in state.yaml for the next start."""
    import yaml

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            tree = await comments_of(app, pilot, main, SEED_002)
            pane = main.comments
            before = pane.outer_size.width
            await pilot.press("less_than_sign")
            await pilot.pause()
            wider = pane.outer_size.width
            assert wider > before and main.comments_width == round(before * 100 / SIZE[0] / 5) * 5 + 5
            assert wider == SIZE[0] * main.comments_width // 100
            await pilot.press("greater_than_sign", "greater_than_sign")
            await pilot.pause()
            assert pane.outer_size.width < before
            narrower = pane.outer_size.width
            await pilot.press("equals_sign")
            await pilot.pause()
            assert pane.outer_size.width == SIZE[0] and app.focused is tree
            assert not main.list_pane.display and not main.view.display
            await pilot.press("equals_sign")
            await pilot.pause()
            assert pane.outer_size.width == narrower and main.view.display and main.list_pane.display
            await pilot.press("equals_sign", "tab")  # zoomed, Tab goes on to the list: shown again
            await pilot.pause()
            assert app.focused is main.article_list and main.list_pane.display
            assert pane.outer_size.width == narrower
            await pilot.press("shift+tab", "equals_sign", "slash")  # zoomed, / shows the query line
            await pilot.pause()
            assert main.list_pane.display and app.focused is main.query_input
            await pilot.press("escape")
            width = main.comments_width
            main.save_state()  # as quitting does (and every 30 s)
        assert yaml.safe_load(library.state.read_text(encoding="utf-8"))["comments_width"] == width
        async with start_app(size=SIZE) as (app, pilot, main):
            await comments_of(app, pilot, main, SEED_002)
            assert main.comments.outer_size.width == narrower
            await pilot.resize_terminal(80, 40)  # one pane at a time: the whole width
            await pilot.pause()
            assert main.narrow and main.comments.display and main.comments.outer_size.width == 80

    run(go())


def test_a_by_search_marks_the_authors_comments(library, start_app):
    """`by:mmarq` has no words to highlight: the comment it found is marked all the same."""
    from test_tui_search import search

    async def go():
        async with start_app(size=NARROW) as (app, pilot, main):
            await search(app, pilot, "by:mmarq")
            await pilot.press("enter", "enter")
            await settle(app, pilot)
            tree = main.comments.tree
            mmarq = tree.cursor_node.data
            assert mmarq.author == "mmarq" and tree.matched == {mmarq.id}
            assert "● mmarq" in rows(tree)[tree.cursor_line]

    run(go())


def test_help_explains_the_comment_rows():
    from reader.tui.help import help_content

    text = help_content().plain
    section = text[text.index("Comment rows"):]
    assert "●" in section and "(+12)" in section and "⋮12" in section
    assert "<" in text and "Widen the pane" in text and "Zoom the pane" in text


def test_the_comment_shown_gets_the_searchs_hits_when_a_search_opens_the_article(library, start_app):
    """The comments pane open on StevenCole's comment; the article's own hit for `panic` opens
    it: the comment shown highlights `panic` too, and loses it when the search ends."""
    from test_tui_search import search

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            tree = await comments_of(app, pilot, main, SEED_002)
            body = main.comments.body
            assert tree.cursor_node.data.author == "StevenCole" and body.hit_count == 0
            results = await search(app, pilot, "panic")
            await pilot.press("enter")
            results.move_to(next(i for i, it in enumerate(results.items)
                                 if it.kind == "article" and it.group and it.group.article == SEED_002))
            await pilot.press("enter")
            await settle(app, pilot)
            assert main.view.hit_count and body.hit_count >= 3
            main.list_pane.leave_search()
            await pilot.pause()
            assert body.hit_count == 0 and not tree.matched

    run(go())
