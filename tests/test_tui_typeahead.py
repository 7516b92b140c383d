"""Keys typed in a burst: ``/kernel`` pasted or typed at once reaches the app as one read, all
its keys queued before the list handles the ``/``. It lands whole in the query line, as in
less (the ``/`` binding has priority: the App runs it before it hands on the keys after it)."""

from __future__ import annotations

from textual import events
from tui_support import run, settle


def burst(app, text: str) -> None:
    """Queue ``text``'s keys on the App at once, as the terminal driver does with one read
    (``pilot.press`` waits for each key to be handled before it sends the next)."""
    names = {"/": "slash", " ": "space"}
    for ch in text:
        app.post_message(events.Key(names.get(ch, ch), ch))


def test_a_burst_after_slash_goes_to_the_query_line(start_app):
    async def go():
        async with start_app() as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("j", "j")  # off the first row: a "k" in the list would show
            await pilot.pause()
            pane = main.list_pane
            burst(app, "/kernel")
            await pilot.pause()
            assert pane.query_mode == "search"
            assert app.focused is pane.query_input
            assert pane.query_input.value == "kernel"
            assert main.article_list.cursor == 2  # "k" did not move the list
            # in the query line, "/" is a character like any other
            burst(app, "/x")
            await pilot.pause()
            assert pane.query_input.value == "kernel/x"

    run(go())
