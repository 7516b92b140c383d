"""Getting articles in from the app (issue 11, items 1–5): `a` adds a URL served by a local
HTTP server, `R` fetches the open article again, new comments are marked and `.` goes to
them, a page copied into content/ while the app runs is listed, indexing shows its progress.

Pages come from ../shared, served on 127.0.0.1 by the test process; nothing is timed (the
waits loop on the app's state, with a bound on the number of turns)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tui_support import SEED_002, SIZE, messages, open_article, run, screen_text, settle

from add_support import Route, files_under, server, without_two_comments  # noqa: F401 (the fixture)
from reader.content.clean import clean_text
from reader.paths import Library
from reader.state import State

SEED_FILE = "seeds/002_02df9929d6e6fa34.txt"  # 2003 Kernel Summit: High Availability, no url
LWN = "corpus/lwn/lwn-dump--rust-never-type-2026.md"
LWN_ID = "lwn/2026-stabilizing-rusts-never-type"
GIVEWELL = "corpus/pages/aeb--blog.givewell.org--ac3c035520.html"


async def wait_until(app, pilot, condition, turns: int = 200) -> bool:
    """Let the app run (its workers, timers, messages) until ``condition()``; a bounded number
    of turns, never a clock."""
    for _ in range(turns):
        if condition():
            return True
        await app.workers.wait_for_complete()
        await pilot.pause(0.05)
    return condition()


def listed(main) -> set[str]:
    return {e.id for e in main.article_list.entries}


@pytest.fixture
def empty_library(tmp_path: Path) -> Library:
    (tmp_path / "lib" / "content").mkdir(parents=True)
    return Library(tmp_path / "lib", "test")


def test_a_adds_a_url_and_opens_it(shared_dir, server, library, start_app):
    server.routes["/givewell"] = Route((shared_dir / GIVEWELL).read_bytes())
    url = server.url("/givewell")

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            assert len(listed(main)) == 5
            await pilot.press("a")
            await pilot.pause()
            await pilot.press(*url)
            await pilot.press("enter")
            assert await wait_until(app, pilot, lambda: len(listed(main)) == 6
                                    and main.current is not None and main.current.entry.id not in
                                    {e for e in listed(main) if e.startswith("lwn/")})
            added = main.current.entry.id
            assert added == "blog.givewell/2018-september-2018-open-thread"
            assert main.view.article_id == added and app.focused is main.view
            assert main.current.article.url.startswith("https://blog.givewell.org/")
            assert any(m.startswith(f"Added {added}") for m in messages(app))
            assert main.article_list.current.id == added
        page = library.content / "blog.givewell/2018-september-2018-open-thread.html"
        assert page.read_bytes() == (shared_dir / GIVEWELL).read_bytes()
        assert page.with_name(page.name + ".source.yaml").is_file()

    run(go())


def test_a_reports_a_404_in_one_line_and_adds_nothing(server, library, start_app):
    before = files_under(library.content)

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("a")
            await pilot.pause()
            await pilot.press(*server.url("/gone"))
            await pilot.press("enter")
            assert await wait_until(app, pilot, lambda: any("404" in m for m in messages(app)))
            assert len(listed(main)) == 5 and main.current is None
        assert files_under(library.content) == before

    run(go())


def test_escape_in_the_add_form_adds_nothing(server, library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("a")
            await pilot.pause()
            await pilot.press("x", "escape")
            await settle(app, pilot)
            assert app.screen is main and not main.fetcher.busy
            assert not any(m.startswith("Adding") for m in messages(app))

    run(go())
