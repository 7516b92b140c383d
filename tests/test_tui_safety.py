"""Hostile text from an article never runs an action or reaches the terminal as an escape.

Static, Label, Tree str labels and notify parse markup (``[@click=app.quit]`` would run an
action) and every widget passes escape sequences through; the app sanitises all article text
and hands widgets ``Content``/``Text`` only."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from reader.content.anchor import Anchor
from reader.content.model import Article, Comment
from reader.library import Entry
from reader.paths import Library
from reader.tui import library_index, main_screen
from reader.tui.comments import comment_label
from reader.tui.sanitize import clean, content, one_line, text
from tui_support import notices, screen_strips, screen_text, terminal_output

CLICK = "[@click=app.quit]x[/]"
BOLD = "[bold]"
CLEAR = "\x1b[2J"
TITLE = "\x1b]0;PWNED\x07"
OSC8 = "\x1b]8;;http://evil.example/\x1b\\evil link\x1b]8;;\x1b\\"
HOSTILE = f"{CLICK} {BOLD}loud {CLEAR}{TITLE}{OSC8} \x9b31m\x07\x08\x1bPdcs\x1b\\ end"

ESCAPES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def test_sanitize_removes_every_control_and_sequence():
    cleaned = clean(HOSTILE)
    assert not ESCAPES.search(cleaned)
    assert "PWNED" not in cleaned and "dcs" not in cleaned
    assert CLICK in cleaned and BOLD in cleaned and "evil link" in cleaned
    assert one_line("a\n\tb\r\nc") == "a b c"
    c = content(HOSTILE, "bold")
    assert c.plain == one_line(HOSTILE) and CLICK in c.plain  # not parsed as markup
    t = text(HOSTILE)
    assert t.plain == one_line(HOSTILE)


def _hostile_article() -> Article:
    body = (f"# Heading {CLICK}\n\nFirst paragraph {HOSTILE}.\n\n"
            f"> quoted {BOLD} text {TITLE}\n\nLast paragraph with a [real link](http://x.example/).")
    quote_text = "First paragraph"
    return Article(
        id="evil/article",
        title=f"Title {HOSTILE}",
        author=f"Mallory {CLICK}",
        date=dt.date(2024, 1, 2),
        site=f"evil{TITLE}.example",
        url=f"http://evil.example/{CLEAR}",
        tags=[f"tag{BOLD}", f"t{OSC8}"],
        body=body,
        comments=[
            Comment(id="c1", author=f"Eve {CLICK}", title=f"Re: {HOSTILE}", body=f"Body {HOSTILE}",
                    quotes=[Anchor(quote_text, "", "", 2 + len("Heading ") + len(CLICK),
                                   2 + len("Heading ") + len(CLICK) + len(quote_text))]),
            Comment(id="c2", parent="c1", author=f"Trent{TITLE}", title=f"{BOLD}reply",
                    body=f"[@click=app.quit]click me[/] {OSC8}", kind="pingback"),
        ],
    )


def _terminal_output(app) -> str:
    """What the driver would write for a full repaint of the current screen."""
    return terminal_output(app)


def _screen_text(app) -> str:
    return screen_text(app)


def _actions_on_screen(app) -> list[tuple[str, object]]:
    """Every segment on screen that carries a click action (``@click`` meta)."""
    found = []
    for strip in screen_strips(app):
        for segment in strip:
            style = segment.style
            meta = style.meta if style is not None else {}
            if meta and "@click" in meta:
                found.append((segment.text, meta["@click"]))
    return found


def _assert_clean_output(app, *, payload_gone: bool = True) -> None:
    assert _actions_on_screen(app) == []
    shown = _screen_text(app)
    assert not ESCAPES.search(shown), repr(ESCAPES.search(shown))
    out = _terminal_output(app)
    assert "\x1b]" not in out  # no OSC at all: no title, no hyperlink
    assert "\x1b[2J" not in out and "\x07" not in out
    if payload_gone:  # sanitize removes whole sequences, payload included
        assert "PWNED" not in out
    assert "\x1bP" not in out and "\x9b" not in out


def _click_text(app, pilot, needle: str):
    """Click on every place the screen shows ``needle``."""
    lines = _screen_text(app).splitlines()
    spots = [(line.index(needle), y) for y, line in enumerate(lines) if needle in line]
    return spots


@pytest.fixture
def hostile(monkeypatch, tmp_path):
    library = Library(tmp_path / "lib", "test")
    (library.content).mkdir(parents=True)
    article = _hostile_article()
    entry = Entry.of(article, "evil/article.md")
    monkeypatch.setattr(library_index, "entries", lambda lib, **kw: [entry])
    monkeypatch.setattr(main_screen, "load_article", lambda lib, article_id, hint="": article)
    return library, article


def test_hostile_article_is_plain_text_everywhere(hostile, start_app):
    library, article = hostile

    async def go():
        async with start_app(library, size=(140, 40), notifications=True) as (app, pilot, main):
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown = _screen_text(app)
            assert CLICK in shown  # the list row shows the title literally
            _assert_clean_output(app)
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("c")
            await pilot.pause()
            shown = _screen_text(app)
            assert shown.count("[@click=app.quit]") >= 4  # list, title block, heading, tree, body
            assert "[bold]" in shown
            _assert_clean_output(app)
            # clicking the would-be action links does nothing
            spots = _click_text(app, pilot, "[@click=app.quit]")
            assert spots
            for x, y in spots:
                await pilot.click(offset=(x + 1, y))
                await pilot.click(offset=(x + len("[@click=app.quit]") + 1, y))
                await pilot.pause()
                assert app.is_running
            # the pingback reply: its body holds a click link and an OSC 8 link
            await pilot.press("j")
            await pilot.pause()
            assert app.focused is not None and app.is_running
            _assert_clean_output(app)
            # theme change re-renders every cached line: still clean
            await pilot.press("ctrl+t")
            await pilot.pause()
            _assert_clean_output(app)
            # the quoting comment's passage is highlighted at the right offsets
            assert main.view.passage is not None
            s, e = main.view.passage
            assert main.view.text[s:e] == "First paragraph"
            # notifications carry no markup either
            for message, markup in notices(app):
                assert not markup or "[" not in message
        assert app.return_code in (None, 0)

    asyncio.run(go())


def test_tree_labels_are_text_not_markup():
    article = _hostile_article()
    label = comment_label(article.comments[0])
    assert CLICK in label.plain
    assert not ESCAPES.search(label.plain)
    assert all("@click" not in str(span.style) for span in label.spans)


def test_hostile_file_through_the_cleaner(tmp_path, start_app):
    """The same strings in a real file, cleaned by reader.content, then shown."""
    root = tmp_path / "lib"
    shutil.copytree(Path(__file__).resolve().parents[1] / "content" / "blogs", root / "content" / "blogs")
    page = root / "content" / "evil.md"
    page.write_text(f"# Evil {HOSTILE}\n\nA body {HOSTILE}\n\nMore text {CLICK}.\n", encoding="utf-8")
    library = Library(root, "test")

    async def go():
        async with start_app(library, size=(140, 40)) as (app, pilot, main):
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert main.article_list.select("evil")
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert main.current is not None
            assert "[@click=app.quit]" in _screen_text(app)
            # The cleaner's decoder drops lone ESC bytes before its strip_controls runs, so
            # an OSC payload can survive there as harmless text; no escape byte does.
            _assert_clean_output(app, payload_gone=False)
            for x, y in _click_text(app, pilot, "[@click=app.quit]"):
                await pilot.click(offset=(x + 1, y))
                await pilot.pause()
                assert app.is_running

    asyncio.run(go())


OSC52 = "\x1b]52;c;UFdORUQ=\x07"


def _hostile_links_article() -> Article:
    """Link texts, addresses and headings that try markup and escapes."""
    body = (f"# Top {CLICK} {OSC52}\n\n"
            f"Some text with [{CLICK} link {OSC52}](http://evil.example/[bold]x[/]) and "
            f"[plain](https://ok.example/{BOLD}a) here.\n\n"
            f"## Second {BOLD}x[/] {TITLE}\n\nMore text.\n")
    return Article(id="evil/links", title=f"Links {CLICK}", author="", date=dt.date(2024, 1, 2),
                   site="evil.example", url=f"http://evil.example/{OSC52}", tags=[], body=body,
                   comments=[Comment(id="c1", author=f"Eve {CLICK}{OSC52}", title="",
                                     body=f"[@click=app.quit]preview[/] {OSC52} text {BOLD}")])


def test_links_contents_and_notices_are_plain_text(monkeypatch, tmp_path, start_app):
    """``L`` (the links list), ``t`` (the table of contents), comment previews and the add
    form's notices show hostile strings literally: no action, no escape."""
    library = Library(tmp_path / "lib", "test")
    library.content.mkdir(parents=True)
    article = _hostile_links_article()
    entry = Entry.of(article, "evil/links.md")
    monkeypatch.setattr(library_index, "entries", lambda lib, **kw: [entry])
    monkeypatch.setattr(main_screen, "load_article", lambda lib, article_id, hint="": article)

    async def go():
        async with start_app(library, size=(140, 40), notifications=True) as (app, pilot, main):
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            _assert_clean_output(app)
            main.view.focus()
            await pilot.pause()
            await pilot.press("L")
            await pilot.pause()
            shown = _screen_text(app)
            assert "2 links" in shown and f"1  {CLICK} link" in shown, shown
            assert "http://evil.example/%5Bbold%5Dx" in shown, shown  # as the markdown wrote it
            _assert_clean_output(app)
            for x, y in _click_text(app, pilot, "[@click=app.quit]"):
                await pilot.click(offset=(x + 1, y))
                await pilot.pause()
                assert app.is_running
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("t")
            await pilot.pause()
            shown = _screen_text(app)
            assert f"Top {CLICK}" in shown and "Second [bold]x[/]" in shown, shown
            _assert_clean_output(app)
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("c")  # the comments pane: the preview of an untitled comment
            await pilot.pause()
            shown = _screen_text(app)
            assert "[@click=app.quit]preview[/]" in shown, shown
            _assert_clean_output(app)
            # the add form: what is typed comes back in a notice, literally
            monkeypatch.setattr(main.fetcher, "add", lambda source: True)
            await pilot.press("a")
            await pilot.pause()
            app.screen.query_one("#add-source").value = f"{CLICK} {OSC52}"
            await pilot.press("enter")
            await pilot.pause()
            for message, markup in notices(app):
                assert not markup or "[" not in message
                assert not ESCAPES.search(message), repr(message)
            assert any(CLICK in message for message, _ in notices(app))
            _assert_clean_output(app)
        assert app.return_code in (None, 0)

    asyncio.run(go())


def test_the_query_in_the_results_border_is_not_markup(library, start_app):
    """The search's border shows its query (typed, saved in state.yaml, rewritten by the hits
    timeline) literally: ``[@click=…]`` runs nothing and a stray ``[/]`` breaks nothing."""
    from tui_support import settle

    async def go():
        async with start_app(library, size=(140, 40)) as (app, pilot, main):
            await settle(app, pilot)
            for query in (f"kernel {CLICK}", "kernel [/] x"):
                await pilot.press("slash")
                main.query_input.value = query
                await pilot.pause(0.3)
                await settle(app, pilot)
                await pilot.pause()
                assert main.list_pane.search_query == query
                subtitle = main.search_results.border_subtitle
                assert query in _screen_text(app), subtitle
                _assert_clean_output(app)
                assert app.is_running

    asyncio.run(go())


def test_the_bookmarks_filter_in_the_border_is_not_markup(library, start_app):
    """``B``'s border shows the filter typed literally (a Content): no action, no MarkupError."""
    from tui_support import settle

    from reader.tui.bookmarks_view import BookmarkList

    async def go():
        async with start_app(library, size=(140, 40)) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("B")
            await pilot.pause()
            screen = app.screen
            for typed in (CLICK, "a [/] b"):
                screen.filter_input.value = typed
                await pilot.pause()
                screen.query_one(BookmarkList)._update_titles()
                await pilot.pause()
                assert typed in _screen_text(app)
                _assert_clean_output(app)
                assert app.is_running

    asyncio.run(go())


def test_the_list_filter_in_the_border_is_not_markup(library, start_app):
    """The article list's border shows its filter literally (a Content), beside the sort and
    the unread-only mark: no action, no MarkupError."""
    from tui_support import settle

    async def go():
        async with start_app(library, size=(140, 40)) as (app, pilot, main):
            await settle(app, pilot)
            for typed in (CLICK, "a [/] b"):
                main.article_list.set_filter(typed)
                await pilot.pause()
                assert typed in _screen_text(app)
                _assert_clean_output(app)
                assert app.is_running

    asyncio.run(go())
