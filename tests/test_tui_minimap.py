"""The minimap beside the reading pane: marks (hits, bookmarks, quoted passages) scaled to the
article's length, the viewport band, clicks that scroll; driven by Pilot on the bundled library."""

from __future__ import annotations

from tui_support import (
    SEED_000,
    SEED_002,
    SIZE,
    open_article,
    run,
    settle,
)

from reader.tui.help import HelpScreen
from reader.tui.minimap import GLYPHS, LEGEND, TRACK, Minimap, band_of, rows_of


def at(minimap: Minimap, row: int) -> tuple[int, int]:
    """Pilot's offset (from the widget's edge) of minimap ``row`` (its content starts below
    the padding that lines it up with the reading pane's text)."""
    return 0, row + minimap.gutter.top


def glyph_at(minimap: Minimap, row: int) -> str:
    return minimap.render_line(row).text


def row_of_offset(app, minimap: Minimap, offset: int) -> int:
    view = app.main_screen.view
    return min(minimap.size.height - 1, view.line_of(offset) * minimap.size.height // view.line_count)


# -- the scaling, without an app ---------------------------------------------------------------

def test_rows_scale_lines_to_the_height():
    assert rows_of([0, 50, 99], 100, 10) == {0, 5, 9}
    assert rows_of([3], 4, 8) == {6}  # a short article spreads over the rows
    assert rows_of([5], 0, 10) == set() and rows_of([5], 10, 0) == set()


def test_band_covers_the_visible_lines():
    assert band_of(0, 25, 100, 10) == range(0, 3)  # 25 lines of 100 → rows 0..2 (ceiling)
    assert band_of(75, 25, 100, 10) == range(7, 10)
    assert band_of(0, 40, 20, 10) == range(0, 10)  # it all fits: the whole column
    assert band_of(99, 1, 1000, 10) == range(0, 1)  # never empty
    assert band_of(0, 10, 0, 10) == range(0)


# -- in the app --------------------------------------------------------------------------------

def test_minimap_marks_hits_passages_and_follows_the_viewport(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            minimap = app.query_one(Minimap)
            assert not minimap.display  # no article yet
            await pilot.press("slash", *"panic")
            await pilot.pause(0.3)
            await settle(app, pilot)
            await pilot.press("enter", "enter")  # to the results, open the first hit
            await settle(app, pilot)
            view = main.view
            assert main.current.entry.id == SEED_002 and view.hit_count >= 1
            assert minimap.display and minimap.size.height == view.scrollable_content_region.height
            await pilot.pause()
            # the current hit's row shows the current-hit glyph, every other hit a hit glyph
            current = row_of_offset(app, minimap, view.highlights.current[0])
            assert minimap.rows[current] == "current"
            assert glyph_at(minimap, current) == GLYPHS["current"][0]
            for start, _ in view.highlights.hits:
                assert minimap.rows[row_of_offset(app, minimap, start)] in ("hit", "current")
            # StevenCole's quoted passage: a passage mark on its block's row, unless a hit is there
            steven = next(c for c in main.current.article.comments if c.author == "StevenCole")
            block = view.document.blocks[view.document.block_at(steven.quotes[0].start)]
            row = row_of_offset(app, minimap, block.start)
            assert minimap.rows[row] in ("passage", "hit", "current")
            assert "passage" in minimap.rows
            assert glyph_at(minimap, minimap.rows.index("passage")) == GLYPHS["passage"][0]
            # rows with nothing outside the band are the track
            empty = [r for r, kind in enumerate(minimap.rows) if not kind and r not in minimap.band]
            assert all(glyph_at(minimap, r) == TRACK for r in empty)
            # the band is the viewport: at the top now, at the bottom after G
            assert minimap.band.start == 0
            marks = minimap._marks
            await pilot.press("G")
            await pilot.pause()
            assert view.scroll_y == view.max_scroll_y > 0
            minimap.render_line(0)
            assert minimap.band.start > 0 and minimap.band.stop == minimap.size.height
            assert minimap._marks is marks  # a scroll does not recompute the marks
            # `n` moves the current hit: the marks are recomputed
            if view.hit_count > 1:
                await pilot.press("n")
                await pilot.pause()
                minimap.render_line(0)
                assert minimap._marks is not marks

    run(go())


def test_what_is_drawn_is_the_column_after_n_and_scrolls(library, start_app):
    # `n` and scrolls repaint only the rows that changed: the rows on screen (the widget's
    # cached lines) must still be what a full render of the column gives, row for row
    from textual.geometry import Region

    def drawn(minimap: Minimap) -> list[str]:
        outer = minimap.outer_size
        lines = minimap.render_lines(Region(0, 0, outer.width, outer.height))
        top = minimap.gutter.top
        return [strip.text for strip in lines[top:top + minimap.size.height]]

    def fresh(minimap: Minimap) -> list[str]:
        return [minimap.render_line(y).text for y in range(minimap.size.height)]

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("slash", *"kernel")
            await pilot.pause(0.3)
            await settle(app, pilot)
            await pilot.press("enter", "enter")
            await settle(app, pilot)
            minimap = app.query_one(Minimap)
            view = main.view
            assert view.hit_count > 2
            seen = set()
            for key in ["n", "n", "n", "G", "N", "g", "space", "space", "n"]:
                await pilot.press(key)
                await pilot.pause()
                assert drawn(minimap) == fresh(minimap), key
                seen.add((minimap.band.start, tuple(minimap.rows)))
            assert len(seen) > 3  # the keys did move the band and the current mark

    run(go())


def test_bookmarks_show(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_000)
            minimap = app.query_one(Minimap)
            view = main.view
            assert "hit" not in minimap.rows and "current" not in minimap.rows
            last = [b for b in view.document.blocks if b.end > b.start][-1]
            view.set_bookmarks([(last.start, last.end)])
            await pilot.pause()
            minimap.render_line(0)
            row = row_of_offset(app, minimap, last.start)
            assert row > minimap.size.height // 2  # near the bottom: scaled, not the screen row
            assert minimap.rows[row] == "bookmark" and minimap.rows.count("bookmark") == 1
            assert glyph_at(minimap, row) == GLYPHS["bookmark"][0]
            view.set_bookmarks([])
            await pilot.pause()
            minimap.render_line(0)
            assert "bookmark" not in minimap.rows

    run(go())


def test_click_scrolls_the_reading_pane(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_000)
            view = main.view
            minimap = app.query_one(Minimap)
            assert view.max_scroll_y > 20 and view.scroll_y == 0
            bottom = minimap.size.height - 1
            assert app.focused is view
            await pilot.click(Minimap, offset=at(minimap, bottom))
            await pilot.pause()
            assert view.scroll_y == view.max_scroll_y
            assert app.focused is view  # the gutter takes no focus: keys still scroll
            minimap.render_line(0)
            assert bottom in minimap.band
            # the cursor follows onto the screen
            first, last = view._block_lines(view.cursor)
            assert last >= int(view.scroll_y)
            middle = minimap.size.height // 2
            await pilot.click(Minimap, offset=at(minimap, middle))
            await pilot.pause()
            line = minimap.line_at(middle)
            top = int(view.scroll_y)
            assert 0 < top < view.max_scroll_y
            assert top <= line < top + view.scrollable_content_region.height
            await pilot.click(Minimap, offset=at(minimap, 0))
            await pilot.pause()
            assert view.scroll_y == 0
            # drag: press at the top, move down with the button held, the pane follows
            await pilot.mouse_down(Minimap, offset=at(minimap, 0))
            await pilot.hover(Minimap, offset=at(minimap, middle))
            await pilot.pause()
            assert int(view.scroll_y) == top
            await pilot.hover(Minimap, offset=at(minimap, bottom))
            await pilot.pause()
            assert view.scroll_y == view.max_scroll_y
            await pilot.mouse_up(Minimap, offset=at(minimap, bottom))
            await pilot.hover(Minimap, offset=at(minimap, 0))  # released: moving does nothing
            await pilot.pause()
            assert view.scroll_y == view.max_scroll_y

    run(go())


def test_hidden_when_narrow_and_legend_in_help(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_000)
            minimap = app.query_one(Minimap)
            assert minimap.display
            await pilot.resize_terminal(60, 30)
            await pilot.pause()
            assert not minimap.display
            await pilot.resize_terminal(*SIZE)
            await pilot.pause()
            assert minimap.display
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            text = str(app.screen.query_one("#help-text").render())
            assert "Minimap" in text
            for glyph, meaning in LEGEND:
                assert glyph in text and meaning in text

    run(go())
