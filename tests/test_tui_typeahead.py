"""Keys typed in a burst: ``/kernel`` sent at once (a fast typist, a paste, a macro) lands in
the query line whole, as in less, rather than the letters after ``/`` going to the list."""

from __future__ import annotations

import pytest
from tui_support import run, settle


@pytest.mark.parametrize("opener, mode", [("slash", "search"), ("f", "filter")])
def test_keys_right_after_the_opener_go_to_the_query_line(start_app, opener, mode):
    async def go():
        async with start_app() as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("j", "j")  # off the first row: a "k" in the list would show
            await pilot.pause()
            pane = main.list_pane
            cursor = main.article_list.cursor
            await pilot.press(opener, "k", "e", "r", "n", "e", "l")
            await pilot.pause()
            assert pane.query_mode == mode
            assert pane.query_input.value == "kernel"
            assert app.focused is pane.query_input
            if mode == "filter":
                assert main.article_list.filter_text == "kernel"  # the list filtered, from its top
            else:
                assert cursor == 2 and main.article_list.cursor == cursor  # "k" did not move it

    run(go())
