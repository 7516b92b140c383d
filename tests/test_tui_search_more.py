"""Issue 10 in the app's search results, on a copy of the bundled library: "+N more" under an
article's hits and Enter (or +) to show them all, snippets centred on their hit for the pane's
width, and the hits-over-time line above the results (< > Enter, or a click, narrow the search)."""

from __future__ import annotations

import pytest
from tui_support import SEED_002, run, screen_text, settle

from reader.index import narrow, searching, timeline
from reader.tui.hits_timeline import HitsTimeline
from reader.tui.search_results import SearchResults

MANY = "in:comments a*"  # 9 comment hits in the 2003 summit page: 5 shown, "+4 more"


@pytest.fixture(autouse=True)
def whole_searches(monkeypatch):
    """No search cut short by its time budget on a loaded machine: the counts here are exact."""
    monkeypatch.setattr(searching, "TIME_LIMIT", 60.0)
    monkeypatch.setattr(searching, "QUICK_TIME_LIMIT", 60.0)


async def search(app, pilot, query: str) -> SearchResults:
    await settle(app, pilot)
    await pilot.press("slash", "ctrl+u", *query)
    await pilot.pause(0.3)
    await settle(app, pilot)
    await pilot.press("enter")  # to the results
    await settle(app, pilot)
    return app.main_screen.search_results


def texts(results: SearchResults) -> list[str]:
    return [c.plain for _, c in results.lines]


def test_plus_n_more_and_enter_shows_every_hit(library, start_app):
    async def go():
        async with start_app(size=(140, 40)) as (app, pilot, main):
            results = await search(app, pilot, MANY)
            header = results.header
            assert header.startswith("0 articles · 9 comments")
            group = next(g for g in results.results.articles if g.article == SEED_002)
            assert group.omitted == 4 and len(group.hits) == 5
            assert any(t.strip() == "+4 more (Enter shows every hit of this article)" for t in texts(results))
            assert "+4 more" in screen_text(app)
            more = next(i for i, item in enumerate(results.items) if item.kind == "more")
            results.move_to(more)
            await pilot.press("enter")
            await settle(app, pilot)
            after = next(g for g in results.results.articles if g.article == SEED_002)
            assert len(after.hits) == 9 and after.omitted == 0
            assert not any("more" in t and t.strip().startswith("+") for t in texts(results))
            assert results.header == header  # the counts stay true
            shown = {item.hit.id for item in results.items if item.kind == "comment"}
            assert shown == {h.id for h in after.hits}
            # the cursor is on the first hit that was left out, not back at the top
            assert results.current.kind == "comment" and results.current.hit.id not in {h.id for h in group.hits}
            assert app.focused is results

    run(go())


def test_plus_key_expands_the_article_under_the_cursor(library, start_app):
    async def go():
        async with start_app(size=(140, 40)) as (app, pilot, main):
            results = await search(app, pilot, MANY)
            assert results.current.group.article == SEED_002 and results.current.group.omitted == 4
            await pilot.press("plus")
            await settle(app, pilot)
            assert len(next(g for g in results.results.articles if g.article == SEED_002).hits) == 9
            assert "+4 more" not in screen_text(app)

    run(go())


def _snippet_rows(app, results: SearchResults) -> list[tuple[str, str]]:
    """(screen text, highlighted words) of each snippet line drawn in the results pane."""
    out = []
    width = results.scrollable_content_region.width
    for y, (index, content) in enumerate(results.lines):
        snip = results.snippets.get(y)
        if snip is None or not snip.fragment.spans:
            continue
        s, e = snip.fragment.spans[0]
        drawn = results.render_line(y - int(results.scroll_y)).text
        assert len(drawn) <= width
        out.append((drawn, snip.fragment.text[s:e]))
    return out


def test_snippets_are_centred_on_the_hit_and_again_after_a_resize(library, start_app):
    async def go():
        async with start_app(size=(100, 40)) as (app, pilot, main):
            results = await search(app, pilot, "in:comments linux")
            rows = _snippet_rows(app, results)
            assert len(rows) == 4
            # the fragments run past the pane: uncentred, some hits fell beyond the edge
            assert any(len(r.snippets[y].fragment.text) > r.scrollable_content_region.width
                       for r in [results] for y in r.snippets)
            for drawn, word in rows:
                assert word in drawn, (drawn, word)
            await pilot.resize_terminal(70, 40)
            await settle(app, pilot)
            narrow_rows = _snippet_rows(app, results)
            assert [w for _, w in narrow_rows] == [w for _, w in rows]
            for drawn, word in narrow_rows:
                assert word in drawn, (drawn, word)

    run(go())


def test_hits_over_time_line_and_narrowing_with_keys(library, start_app):
    async def go():
        async with start_app(size=(140, 40)) as (app, pilot, main):
            results = await search(app, pilot, "kernel")
            line = main.list_pane.timeline
            assert line.display and line.line.unit == "year"
            want = timeline(results.results.months)
            drawn = screen_text(app).splitlines()[1]
            assert f"{want.bars[0].period} {want.sparkline()} {want.bars[-1].period}" in drawn
            await pilot.press("less_than_sign")  # the newest bar
            await pilot.pause()
            assert line.picked == len(want.bars) - 1 and results.bar_picked
            await pilot.press("less_than_sign", "greater_than_sign", "greater_than_sign")
            await pilot.pause()
            assert line.picked == len(want.bars) - 1  # kept within the line
            # moving in the results drops a picked bar: Enter would open again
            await pilot.press("j")
            await pilot.pause()
            assert line.picked is None and not results.bar_picked
            await pilot.press("greater_than_sign")  # the oldest bar (never empty)
            await pilot.pause()
            picked = want.bars[0]
            assert line.picked_period == picked.period and picked.count > 0
            assert f"{picked.period}: {picked.count} hit" in screen_text(app)
            assert main.current is None
            await pilot.press("enter")  # narrows, does not open
            await settle(app, pilot)
            assert main.current is None and app.focused is results
            query = main.list_pane.query_input.value
            assert query == narrow("kernel", picked.period) == f"kernel date:{picked.period}"
            assert results.results.query == query
            dates = [h.date for g in results.results.articles for h in g.hits]
            assert dates and all(d and d.startswith(picked.period) for d in dates)
            assert line.line.bars[0].period.startswith(picked.period)  # the line follows the search

    run(go())


def test_clicking_a_bar_narrows_the_search(library, start_app):
    async def go():
        async with start_app(size=(140, 40)) as (app, pilot, main):
            results = await search(app, pilot, "kernel")
            line = main.list_pane.timeline
            bars = line.line.bars
            first = next(i for i, b in enumerate(bars) if b.count)
            x = line.styles.padding.left + len(bars[0].period) + 1 + first
            assert await pilot.click(HitsTimeline, offset=(x, 0))
            await settle(app, pilot)
            assert main.list_pane.query_input.value == f"kernel date:{bars[first].period}"
            assert results.results.query == f"kernel date:{bars[first].period}"

    run(go())


def test_rows_out_of_view_are_made_only_when_needed(library, start_app):
    """A results list is mostly out of view: its rows' content is made when a row is first
    drawn (or asked for), so typing does not pay for fifty articles' lines at every key."""
    from textual.content import Content

    async def go():
        async with start_app(size=(100, 12)) as (app, pilot, main):
            results = await search(app, pilot, "linux")
            rows = results._rows
            height = results.scrollable_content_region.height
            assert len(rows) > height + 2  # more than the pane shows
            made = [isinstance(content, Content) for _, content in rows]
            assert not any(made[height + 1:])  # below the pane: not made yet
            whole = texts(results)  # every row, asked for: made now, the same as drawn
            assert all(isinstance(content, Content) for _, content in results._rows)
            assert whole[0] == results.header and all(t.strip() for t in whole)
            await pilot.press("G")  # to the last result: its rows are drawn
            await settle(app, pilot)
            assert results.current is results.items[-1]
            assert results.render_line(0).text.strip()

    run(go())


def test_the_hits_over_time_row_stays_while_a_word_is_typed(library, start_app):
    """Once shown, the row above the results stays while the query changes, blank when nothing
    dated matches (``kernel zqx``, half typed), instead of hiding and showing again: the results
    do not jump by a row, and the screen is not laid out again at each answer. An emptied line
    hides it."""
    async def go():
        async with start_app(size=(140, 40)) as (app, pilot, main):
            line = main.list_pane.timeline
            results = main.search_results

            async def typed(*keys: str) -> None:
                await pilot.press(*keys)
                await pilot.pause(0.3)
                await settle(app, pilot)

            await settle(app, pilot)
            await typed("slash", *"kerne")  # the line opens; nothing found yet: no row
            assert results.results.query == "kerne" and results.results.total == 0
            assert not line.display
            await typed("l")
            assert results.results.total and line.line and line.display
            top = results.region.y
            await typed(*" zqx")
            assert results.results.query == "kernel zqx" and results.results.total == 0
            assert not line.line and line.display and results.region.y == top
            await typed("ctrl+u")
            assert not line.display

    run(go())
