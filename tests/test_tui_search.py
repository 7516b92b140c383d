"""Search in the TUI, driven by Pilot on a copy of the bundled library: the index is built on
start, `/` searches as you type, Enter opens a hit, `n`/`N` move between hits, comment hits
open the comments pane, errors and "did you mean" show in the header, recent queries recall."""

from __future__ import annotations

import threading

import yaml
from tui_support import SEED_002, SIZE, messages, run, screen_text, settle, visible

from reader.tui.library_index import LibraryIndex
from reader.tui.search_results import SearchResults


async def search(app, pilot, query: str) -> SearchResults:
    """Open the query line (clearing it), type ``query``, wait out the debounce and the worker."""
    await settle(app, pilot)
    await pilot.press("slash", "ctrl+u", *query)
    await pilot.pause(0.3)
    await settle(app, pilot)
    await pilot.pause()
    return app.main_screen.search_results


def test_start_builds_the_index_and_lists_from_the_catalogue(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            assert main.list_pane.index.ready
            assert (library.index / "catalogue.json").exists() or any(library.index.iterdir())
            assert len(main.article_list.entries) == 5
        # a second start has nothing to index: quiet
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            assert main.list_pane.index.ready
            assert not [m for m in messages(app) if "Index" in m]

    run(go())


def test_search_panic_enter_n(library, start_app):
    async def go():
        async with start_app(size=(140, 16)) as (app, pilot, main):
            results = await search(app, pilot, "panic")
            assert results.header.startswith("1 article · 1 comment")
            texts = [c.plain for _, c in results.lines]
            assert any("2003 Kernel Summit: High Availability" in t for t in texts)
            assert any(t.lstrip().startswith("↳ StevenCole") for t in texts)  # nested comment hit
            # the snippet's hit is a styled span, not markup
            snippet = results.lines[2][1]
            assert any(snippet.plain[s.start:s.end].lower() == "panic" for s in snippet.spans)
            await pilot.press("enter")  # query line → results
            assert app.focused is results
            await pilot.press("enter")  # open the article at its hit
            await settle(app, pilot)
            view = main.view
            assert app.focused is view and main.current.entry.id == SEED_002
            assert view.border_title == f"hit 1/{view.hit_count}"
            start, end = view.highlights.current
            assert view.text[start:end].lower() == "panic" and visible(view, start)
            # the comment hit: the comments pane on StevenCole's comment, its hits highlighted
            await pilot.press("escape")
            assert app.focused is results and main.query_input.value == "panic"  # query kept
            await pilot.press("down", "enter")
            await settle(app, pilot)
            await pilot.pause()
            tree, body = main.comments.tree, main.comments.body
            assert main.comments.display and tree.cursor_node.data.author == "StevenCole"
            count = body.hit_count
            assert count >= 3 and body.border_title == f"hit 1/{count}"
            top = body.scroll_y
            await pilot.press("n")
            assert body.border_title == f"hit 2/{count}"
            start, _ = body.highlights.current
            assert visible(body, start)
            await pilot.press("n", "n")
            assert body.border_title == f"hit 4/{count}"
            assert body.scroll_y != top  # the viewport moved to the hit
            await pilot.press("N")
            assert body.border_title == f"hit 3/{count}"

    run(go())


def test_search_kernel_n_moves_between_article_hits(library, start_app):
    async def go():
        async with start_app(size=(140, 20)) as (app, pilot, main):
            results = await search(app, pilot, "kernel")
            await pilot.press("enter")
            assert results.current.group.article
            results.move_to(next(i for i, it in enumerate(results.items)
                                 if it.group and it.group.article == SEED_002 and it.kind == "article"))
            await pilot.press("enter")
            await settle(app, pilot)
            view = main.view
            count = view.hit_count
            assert count >= 3 and view.border_title == f"hit 1/{count}"
            first = view.scroll_y
            seen = {first}
            for n in range(2, count + 1):
                await pilot.press("n")
                assert view.border_title == f"hit {n}/{count}"
                start, _ = view.highlights.current
                assert visible(view, start)
                seen.add(view.scroll_y)
            assert len(seen) > 1  # the viewport moved
            await pilot.press("N")
            assert view.border_title == f"hit {count - 1}/{count}"

    run(go())


def test_comment_hit_by_author_opens_the_comment(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            results = await search(app, pilot, "by:mmarq")
            assert results.header.startswith("0 articles · 1 comment")
            await pilot.press("enter")
            await pilot.press("enter")
            await settle(app, pilot)
            await pilot.pause()
            assert main.current.entry.id == SEED_002
            assert main.comments.display
            node = main.comments.tree.cursor_node
            assert node.data.author == "mmarq"
            assert app.focused is main.comments.tree

    run(go())


def test_bad_query_is_one_line_error(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            results = await search(app, pilot, "title:(")
            assert results.error and "\n" not in results.error
            assert results.header.startswith("⚠ ") and "(" in results.header
            assert len(results.lines) == 1 and not results.items
            # typing on fixes it
            await pilot.press("ctrl+u", *"panic")
            await pilot.pause(0.3)
            await settle(app, pilot)
            await pilot.pause()
            assert not results.error and results.results.counts["articles"] == 1

    run(go())


def test_did_you_mean_kernal(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            results = await search(app, pilot, "kernal")
            assert results.results.corrected == "kernel"
            assert "Did you mean kernel?" in results.lines[1][1].plain
            assert results.items[0].kind == "suggestion"
            # Enter on the suggestion applies it
            await pilot.press("escape")  # query line → results (cursor on the suggestion)
            results.move_to(0)
            results.focus()
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause(0.1)
            await settle(app, pilot)
            await pilot.pause()
            assert main.query_input.value == "kernel"
            assert results.results.query == "kernel" and results.results.counts["articles"] >= 3

    run(go())


def test_typing_searches_at_once_and_only_the_newest_query_waits(library, start_app):
    """A key searches at once when no search runs; keys typed while one runs leave only the
    newest query waiting (the ones in between never run); a stale answer is dropped."""
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await search(app, pilot, "zqxwarm")  # the index is open; the next search is quick
            started: list[str] = []
            gate = threading.Event()
            original = main.list_pane.index.searcher.search

            def slow_search(text, **kwargs):
                started.append(text)
                if text == "k":
                    gate.wait(5)  # the first search is still running while the rest is typed
                return original(text, **kwargs)

            main.list_pane.index.searcher.search = slow_search
            await pilot.press("ctrl+u", "k")
            await pilot.pause(0.05)
            await pilot.press(*"ernel panic")
            await pilot.pause(0.05)
            assert started == ["k"]
            gate.set()
            await pilot.pause(0.35)
            await settle(app, pilot)
            await pilot.pause()
            # "ke", "ker", … never ran (a pause may add the "did you mean" look of the same query)
            assert started[:2] == ["k", "kernel panic"] and set(started[1:]) == {"kernel panic"}
            assert main.search_results.results.query == "kernel panic"
            # a result that comes back after a newer search started is dropped
            old = main.search_results.results
            index = main.list_pane.index
            index.generation += 1
            index.post_message(LibraryIndex.Finished(index.generation - 1, "stale",
                                                     old.__class__(query="stale"), "", False))
            await pilot.pause()
            assert main.search_results.results is old

    run(go())


def test_esc_keeps_the_query_and_history_recalls(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await search(app, pilot, "panic")
            await pilot.press("enter")
            await search(app, pilot, "kernel")
            await pilot.press("enter")
            assert app.focused is main.search_results
            await pilot.press("escape")  # results → the article list
            assert app.focused is main.article_list and not main.search_results.display
            await pilot.press("slash")
            query = main.query_input
            assert query.value == "kernel"  # kept
            await pilot.press("ctrl+u", *"dri")
            await pilot.press("up")
            assert query.value == "kernel"
            await pilot.press("up")
            assert query.value == "panic"
            await pilot.press("down", "down")
            assert query.value == "dri"
            await pilot.press("escape", "escape", "q")
        data = yaml.safe_load(library.state.read_text())
        assert data["searches"][:2] == ["kernel", "panic"]
        # the next session recalls them
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("slash", "up")
            assert main.query_input.value == "kernel"

    run(go())


def test_snippets_are_sanitised_text_with_spans():
    from reader.tui.snippet_line import one_line_spans as _one_line_spans

    text = "a [@click=app.quit]x[/] \x1b[2J\x1b]0;PWNED\x07 [bold]panic[/bold]\n\n here"
    at = text.index("panic")
    content = _one_line_spans(text, [(at, at + 5)])
    assert "\x1b" not in content.plain and "\x07" not in content.plain and "\n" not in content.plain
    assert "[@click=app.quit]x[/]" in content.plain  # shown as text, never parsed as markup
    (span,) = content.spans
    assert content.plain[span.start:span.end] == "panic"


def test_snippet_folding_a_run_at_a_time_is_the_character_walk(seed_files):
    """Snippets with nothing to clean but whitespace are folded a run at a time (the fast path
    drawn on every key typed); the character-by-character walk is what it must equal."""
    from reader.content import clean_file, plain_text
    import random

    from reader.tui.snippet_line import _fold, _fold_and_clean

    texts = ["", " ", "a", "  lead and trail  ", "tab\there\n\nnew\u00a0nbsp\u2003em\u3000ideo",
             "x\r\ny", "\u2028line\u2029para", "é 東京 — “q”"]
    for path in seed_files:
        body = plain_text(clean_file(path).body)
        texts += [body[i:i + 300] for i in range(0, min(len(body), 6000), 300)]
    rng = random.Random(7)
    pool = "ab é東 .,\t\n\r\u00a0\u2003\u3000\u2028\x85"
    texts += ["".join(rng.choice(pool) for _ in range(rng.randrange(30))) for _ in range(500)]
    for text in texts:
        assert _fold(text) == _fold_and_clean(text), repr(text[:60])


def layout_requests(widget) -> list[bool]:
    """From now on, one entry per ``widget.refresh`` call: whether it asked for a layout."""
    asked: list[bool] = []
    refresh = widget.refresh

    def counting(*regions, layout: bool = False, **kwargs):
        asked.append(layout)
        return refresh(*regions, layout=layout, **kwargs)

    widget.refresh = counting
    return asked


def test_typing_in_the_query_line_asks_for_no_layout_and_a_long_query_scrolls(library, start_app):
    """A key in the query line repaints it; it does not lay the screen out again (Input's
    growing virtual size did, at every key: ~10 ms of the UI thread while the search runs).
    A query longer than the line still scrolls to show its end and the cursor."""
    async def go():
        async with start_app(size=(80, 24)) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("slash")
            await settle(app, pilot)  # the line shown: laid out once
            line = main.query_input
            asked = layout_requests(line)
            query = "kernel summit " * 6  # longer than the line
            line.value = query[:40]  # as a key sets it (and faster than 80 presses)
            line.cursor_position = 40
            await pilot.press(*query[40:].rstrip())
            await settle(app, pilot)
            # one at most: the line's text outgrowing it flips Input's scroll flag, once
            assert len(asked) >= len(query[40:].rstrip()) and sum(asked) <= 1
            assert line.value == query.rstrip()
            assert line.virtual_size.width == len(line.value) + 1
            assert line.scroll_x > 0 and line.cursor_position == len(line.value)
            shown = screen_text(app)
            assert "summit kernel summit" in shown  # the end of the query is on screen

    run(go())


def test_a_new_answer_lays_out_only_when_the_results_scrollbar_comes_or_goes(library, start_app):
    """Each answer gives the results list a new height. While typing, the list mostly
    overflows before and after: the scrollbar stays, so the new height is set without a
    layout of the whole screen (and a full repaint), the scrollbar told its new length. When
    the list comes to fit (or to overflow), the scrollbar goes (or comes): a layout."""
    async def search(app, pilot, main, text: str) -> None:
        main.query_input.value = text
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert main.search_results.results is not None and main.search_results.results.query == text

    async def go():
        async with start_app(size=(100, 16)) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("slash")
            await search(app, pilot, main, "kernel")
            results = main.search_results
            height = results.scrollable_content_region.height
            before = results.virtual_size.height
            assert before > height and results.show_vertical_scrollbar  # overflows
            asked = layout_requests(results)
            await search(app, pilot, main, "linux")
            rows = len(results.lines)
            assert rows != before and rows > height  # another height, overflowing still
            assert not any(asked)
            assert results.virtual_size.height == rows
            assert results.vertical_scrollbar.window_virtual_size == rows
            assert results.max_scroll_y == rows - height
            await pilot.press("enter")  # to the results: the last row can be reached
            await pilot.press("G")
            await settle(app, pilot)
            assert results.scroll_y == results.max_scroll_y > 0
            assert results.cursor == len(results.items) - 1
            # an answer that fits: the scrollbar goes, which takes a layout
            await pilot.press("slash")
            await search(app, pilot, main, "zqxnomatch")
            assert any(asked)
            assert results.virtual_size.height <= height and not results.show_vertical_scrollbar

    run(go())
