"""What the pilot tests of the TUI share: running a coroutine, the screen as text, the notices
shown, waiting for workers, opening an article. (The library copy and the app's start-up are
fixtures in conftest.py: ``library``, ``start_app``.)"""

from __future__ import annotations

import asyncio
import weakref
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_000 = "lwn/2004-kernel-summit-customer-panel"
SEED_002 = "lwn/2003-kernel-summit-high-availability"
SIZE = (120, 30)

# app -> [(message, markup)] of every notice it showed (recorded by the start_app fixture)
NOTICES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def run(coro):
    return asyncio.run(coro)


# Textual has no public way to read the screen back (as text, as segments, as what the driver
# would write): these two are the only reach into Textual's internals the tests make.

def screen_strips(app) -> list:
    """The current screen as Textual draws it: one ``Strip`` (of segments) per line."""
    return list(app.screen._compositor.render_strips())


def terminal_output(app) -> str:
    """What the driver would write for a full repaint of the current screen."""
    from rich.console import Console

    console = Console(color_system="truecolor", force_terminal=True, width=app.size.width,
                      legacy_windows=False, safe_box=False)
    return app.screen._compositor.render_full_update().render_segments(console)


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in screen_strips(app))


def messages(app) -> list[str]:
    """The notices ``app`` showed, as shown (recorded by the ``start_app`` fixture)."""
    return [message for message, _markup in NOTICES.get(app, [])]


def notices(app) -> list[tuple[str, bool]]:
    """``messages`` with their markup flag: (message, markup)."""
    return list(NOTICES.get(app, []))


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()  # a worker started by a callback of the first ones
    await pilot.pause()


async def open_article(app, pilot, article_id: str = SEED_002) -> None:
    await settle(app, pilot)
    main = app.main_screen
    assert main.article_list.select(article_id)
    await pilot.press("enter")
    await settle(app, pilot)
    assert main.current is not None and main.current.entry.id == article_id
    assert main.view.article_id == article_id


def visible(view, offset: int) -> bool:
    """Whether the line holding ``offset`` is inside the pane's viewport."""
    y = view.line_of(offset)
    top = int(view.scroll_y)
    return top <= y < top + view.scrollable_content_region.height
