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


# -- new comments: "+K new" in the list, marks in the thread, `.` to the next -----------------

def lwn_pages(shared_dir: Path) -> tuple[str, str, list[str], list[str]]:
    """(the page less two comments, the whole page, the ids of all its comments, the two's)."""
    whole = (shared_dir / LWN).read_text(encoding="utf-8")
    comments = clean_text(whole, article_id=LWN_ID).comments
    older, gone = without_two_comments(whole, comments)
    return older, whole, [c.id for c in comments], [comments[i].id for i in gone]


def add_older_and_read_it(server, library: Library, older: str) -> str:
    """The page as it was (less two comments) added from the test server, its comments seen."""
    from reader.adding import AddOptions, add_sources

    server.routes["/never"] = Route(older.encode("utf-8"), content_type="text/markdown; charset=utf-8",
                                    etag='"old"')
    url = server.url("/never")
    [outcome] = add_sources(library, [url], AddOptions())
    assert outcome.ok and outcome.change.id == LWN_ID, outcome.error
    state = State(library.state)
    state.mark_seen(LWN_ID, [c.id for c in clean_text(older, article_id=LWN_ID).comments])
    state.save()
    return url


def serve_whole(server, whole: str) -> None:
    server.routes["/never"] = Route(whole.encode("utf-8"), content_type="text/markdown; charset=utf-8",
                                    etag='"new"')


def row_of(app, title_start: str) -> str:
    return next(line for line in screen_text(app).splitlines() if title_start in line)


def test_refreshed_elsewhere_the_list_shows_new_and_the_thread_marks_them(shared_dir, server, library, start_app):
    from reader.adding import FetchOptions, refresh_articles

    older, whole, all_ids, gone = lwn_pages(shared_dir)
    add_older_and_read_it(server, library, older)
    serve_whole(server, whole)
    [outcome] = refresh_articles(library, [LWN_ID], FetchOptions())  # `reader refresh`, as the CLI does
    assert sorted(outcome.change.comments_added) == sorted(gone)

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            assert "+2 new" in row_of(app, "Stabilizing Rust")
            assert screen_text(app).count(" new ") == 1  # the seeds were never opened: unread as a whole
            # the search finds them too (the read state goes with the query)
            await pilot.press("slash", *"is:new", "enter")
            pane = main.list_pane
            assert await wait_until(app, pilot, lambda: pane.results is not None and pane.results.query == "is:new")
            assert {h.comment for a in pane.results.articles for h in a.comments} == set(gone)
            pane.leave_search()
            await settle(app, pilot)
            await open_article(app, pilot, LWN_ID)
            pane = main.comments
            assert sorted(pane.new) == sorted(gone)
            assert "2 new" in str(pane.border_title)
            assert pane.tree.new == set(gone)
            # seen now: the list's mark goes as the article opens
            assert "+2 new" not in row_of(app, "Stabilizing Rust")
            assert app.state.new_comments(LWN_ID, all_ids) == set()
            # `.` in the thread: the new ones in thread order, then round to the first
            await pilot.press("c")
            await settle(app, pilot)
            assert app.focused is pane.tree
            order = [c.id for c in pane.comments]
            first, second = sorted(gone, key=order.index)
            tree = pane.tree

            def cursor_row() -> str:  # the row as drawn
                return tree.render_line(tree.cursor_line - int(tree.scroll_offset.y)).text

            assert "new " not in cursor_row()  # the first comment: not a new one
            await pilot.press("full_stop")
            await pilot.pause()
            assert tree.cursor_node.data.id == first
            assert "new " in cursor_row()
            await pilot.press("full_stop")
            assert pane.tree.cursor_node.data.id == second
            await pilot.press("full_stop")
            assert pane.tree.cursor_node.data.id == first
            await pilot.press("Q")
        # saved on the way out: the next start shows nothing new
        assert State(library.state).new_comments(LWN_ID, all_ids) == set()

    run(go())


def test_R_fetches_the_open_article_again_and_marks_its_new_comments(shared_dir, server, library, start_app):
    older, whole, all_ids, gone = lwn_pages(shared_dir)
    add_older_and_read_it(server, library, older)

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("R")
            assert "Open an article first: R fetches the open article again" in messages(app)
            await open_article(app, pilot, LWN_ID)
            assert main.comments.new == []
            await pilot.press("R")  # the server answers 304 to the page's etag
            assert await wait_until(app, pilot, lambda: f"{LWN_ID}: unchanged" in messages(app))
            assert server.requests[-1][1].get("If-None-Match") == '"old"'
            serve_whole(server, whole)
            await pilot.press("R")
            assert await wait_until(app, pilot, lambda: sorted(main.comments.new) == sorted(gone))
            assert any(m.startswith(f"{LWN_ID}: updated (+2 comments") for m in messages(app))
            assert len(main.current.article.comments) == len(all_ids)
            assert await wait_until(app, pilot, lambda: main.list_pane.entry_of(LWN_ID).comments == len(all_ids))
        assert (library.content / ".history").is_dir()  # the version replaced is kept

    run(go())


# -- a library that notices new files ------------------------------------------------------------

def test_a_page_copied_into_content_while_the_app_runs_is_listed(shared_dir, library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            assert len(listed(main)) == 5
            folder = library.content / "elsewhere"
            folder.mkdir()
            shutil.copy(shared_dir / GIVEWELL, folder / "givewell.html")
            assert await wait_until(app, pilot, lambda: "elsewhere/givewell" in listed(main))
            assert "September 2018 open thread" in screen_text(app)
            (library.content / SEED_002.split("/")[0] / "2003-kernel-summit-high-availability.txt").unlink()
            assert await wait_until(app, pilot, lambda: SEED_002 not in listed(main))
            assert len(listed(main)) == 5
        # the index was brought up to date, not only the list: the new page is found
        from reader.index import SearchIndex

        with SearchIndex(library.index) as index:
            found = index.search("GiveWell", limit=5)
        assert [a.article for a in found.articles] == ["elsewhere/givewell"]

    run(go())


# -- index progress ----------------------------------------------------------------------------

def test_index_progress_shows_files_done_total_and_eta_on_the_list(start_app):
    from reader.tui.library_index import IndexProgress

    class Clock:
        now = 0.0

        def __call__(self) -> float:
            return self.now

    async def go():
        # wide enough for the whole progress line in the list's border
        async with start_app(size=(140, 30)) as (app, pilot, main):
            await settle(app, pilot)
            assert "Articles 5" in screen_text(app) and "Indexing" not in screen_text(app)
            progress = IndexProgress(main.list_pane.index)  # as the update's worker calls it
            progress.clock = clock = Clock()
            progress.start(30, "indexing")
            for _ in range(10):
                clock.now += 0.25
                progress.advance()
            await pilot.pause()
            assert "Indexing the library: 10/30 files · ETA 0:05" in screen_text(app)

    run(go())


def test_the_add_form_takes_every_letter_as_text(start_app):
    """The app's keys (a, R, q, c…) are text in the form's line, not actions."""
    from textual.widgets import Input

    from reader.tui.adding import AddForm

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, AddForm)
            await pilot.press(*"aRqcSB/?")
            assert app.screen.query_one(Input).value == "aRqcSB/?"
            assert isinstance(app.screen, AddForm) and app.is_running

    run(go())


def test_the_app_loads_no_http_client_until_an_add():
    """Nothing fetches at import or start: the HTTP client comes with the first `a` or `R`."""
    import subprocess
    import sys

    code = "import sys, reader.tui.app, reader.tui.adding; print('httpx' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_R_twice_on_one_article_fetches_it_once(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_002)
            main.fetcher.busy.add(SEED_002)  # as while its first fetch runs
            await pilot.press("R")
            assert f"Already fetching {SEED_002}" in messages(app)
            main.fetcher.busy.clear()
            await pilot.press("R")  # a page not added from an address: one line says so
            assert await wait_until(app, pilot, lambda: any("not added from an address" in m for m in messages(app)))

    run(go())
