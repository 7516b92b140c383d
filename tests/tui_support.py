"""What the pilot tests of the TUI share: a copy of the bundled library, running a coroutine,
the screen as text, waiting for workers, opening an article."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from reader.paths import Library

ROOT = Path(__file__).resolve().parents[1]
SEED_000 = "lwn/2004-kernel-summit-customer-panel"
SEED_002 = "lwn/2003-kernel-summit-high-availability"
SIZE = (140, 40)


@pytest.fixture
def library(tmp_path) -> Library:
    shutil.copytree(ROOT / "content", tmp_path / "lib" / "content")
    return Library(tmp_path / "lib", "test")


def run(coro):
    return asyncio.run(coro)


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()  # a worker started by a callback of the first ones
    await pilot.pause()


async def open_article(app, pilot, article_id: str = SEED_002) -> None:
    await settle(app, pilot)
    assert app.article_list.select(article_id)
    await pilot.press("enter")
    await settle(app, pilot)
    assert app.current is not None and app.current.entry.id == article_id
    assert app.view.article_id == article_id


def visible(view, offset: int) -> bool:
    """Whether the line holding ``offset`` is inside the pane's viewport."""
    y = view.line_of(offset)
    top = int(view.scroll_y)
    return top <= y < top + view.scrollable_content_region.height
