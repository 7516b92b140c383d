"""Bookmarks in the TUI, driven by Textual's Pilot on a copy of the bundled library: `b` on a
paragraph and on a selection, the tint, `m`/`M`, the bookmarks view (`B`: filter, jump, edit,
delete + undo, export), and a corrupt bookmarks.yaml (read-only, untouched)."""

from __future__ import annotations

import yaml
from tui_support import (
    SEED_002,
    SIZE,
    messages,
    open_article,
    run,
    screen_text,
    settle,
    visible,
)

from reader.bookmarks import Anchor, Bookmark, BookmarkStore
from reader.paths import Library
from reader.tui.bookmark_form import BookmarkForm, parse_tags
from reader.tui.bookmarks_view import BookmarkList, BookmarksScreen


def entries(library: Library) -> list[dict]:
    return yaml.safe_load(library.bookmarks.read_text(encoding="utf-8")) or []


async def bookmark_paragraph(app, pilot, note: str = "", tags: str = "") -> tuple[int, int]:
    """`J` twice, `b`, the form filled in, Enter: the paragraph's (start, end)."""
    await pilot.press("J", "J")
    span = app.main_screen.view.cursor_passage()
    assert span is not None
    await pilot.press("b")
    await pilot.pause()
    assert isinstance(app.screen, BookmarkForm)
    await pilot.press(*note, "tab", *tags, "enter")
    await settle(app, pilot)
    assert not isinstance(app.screen, BookmarkForm)
    return span


def test_parse_tags():
    assert parse_tags("ha, clusters #linux  ha") == ["ha", "clusters", "linux"]
    assert parse_tags(" , ") == []


def test_bookmark_a_paragraph_list_it_and_jump_back(library, start_app):
    async def go():
        async with start_app(size=(140, 16), notifications=True) as (app, pilot, main):
            await open_article(app, pilot)
            view = main.view
            start, end = await bookmark_paragraph(app, pilot, note="why HA needs this", tags="ha, kernel")

            # saved: one entry, the paragraph's text, the note and the tags
            saved = entries(library)
            assert len(saved) == 1
            entry = saved[0]
            assert entry["article"] == SEED_002
            assert entry["exact"] == view.text[start:end].strip()
            assert (entry["start"], entry["end"]) == (start, end)
            assert entry["note"] == "why HA needs this"
            assert entry["tags"] == ["ha", "kernel"]
            assert entry["title"] == main.current.article.title

            # tinted: the view knows the span, and its lines paint it under the highlights
            assert view.bookmarks == [(start, end)]
            painted = view._paint_spans(start, start + 10)
            assert (start, end, ".view--bookmark") in painted

            # B lists it with the quote and the note
            await pilot.press("B")
            await pilot.pause()
            assert isinstance(app.screen, BookmarksScreen)
            lst = app.screen.query_one(BookmarkList)
            assert lst.count == 1 and lst.current.id == entry["id"]
            text = screen_text(app)
            assert "Bookmarks 1" in text and "why HA needs this" in text and "#ha #kernel" in text
            assert view.text[start:start + 20] in text

            # away from it, then Enter in the view: back at the passage, highlighted
            app.pop_screen()
            await pilot.pause()
            await pilot.press("g")
            assert not visible(view, start)
            await pilot.press("B")
            await pilot.pause()
            await pilot.press("enter")
            await settle(app, pilot)
            assert not isinstance(app.screen, BookmarksScreen)
            assert view.passage == (start, end)
            assert visible(view, start)
            assert view.document.blocks[view.cursor].start == start
            assert app.focused is view
            assert "bookmark 1/1" in view.border_title

    run(go())


def test_jump_opens_the_article_and_m_moves_between_bookmarks(library, start_app):
    async def go():
        async with start_app(size=SIZE, notifications=True) as (app, pilot, main):
            await open_article(app, pilot)
            view = main.view
            first, _ = await bookmark_paragraph(app, pilot, note="xyzzy one")
            await pilot.press("G")
            second = view.cursor_passage()
            await pilot.press("b")
            await pilot.pause()
            await pilot.press(*"plugh two", "enter")
            await settle(app, pilot)
            assert [s for s, _ in view.bookmarks] == sorted([first, second[0]])

            # another article, then B + Enter on "xyzzy one": the article opens at the passage
            await pilot.press("escape")
            await open_article(app, pilot, "lwn/2007-ks-customer-panel")
            assert view.bookmarks == []
            await pilot.press("B")
            await pilot.pause()
            lst = app.screen.query_one(BookmarkList)
            await pilot.press("slash", *"xyzzy", "enter")
            assert lst.count == 1 and lst.current.note == "xyzzy one"
            await pilot.press("enter")
            await settle(app, pilot)
            assert main.current.entry.id == SEED_002 and view.article_id == SEED_002
            assert view.passage is not None and view.passage[0] == first
            assert visible(view, first)

            # m / M cycle through the article's bookmarks, the title says which
            await pilot.press("g", "m")
            assert view.border_title == "bookmark 1/2" and visible(view, view.bookmarks[0][0])
            await pilot.press("m")
            assert view.border_title == "bookmark 2/2" and visible(view, view.bookmarks[1][0])
            await pilot.press("M")
            assert view.border_title == "bookmark 1/2"

    run(go())


def test_selection_spanning_two_lines_and_word_moves(library, start_app):
    async def go():
        async with start_app(size=SIZE, notifications=True) as (app, pilot, main):
            await open_article(app, pilot)
            view = main.view
            await pilot.press("J", "J")
            await pilot.press("v")
            assert view.selecting
            start, end = view.selection
            assert view.line_of(start) == view.line_of(end - 1)  # one line to begin with
            await pilot.press("j")
            start, end = view.selection
            assert view.line_of(end - 1) == view.line_of(start) + 1
            assert (start, end, ".view--selection") in view._paint_spans(start, end)
            await pilot.press("b")
            await pilot.pause()
            assert isinstance(app.screen, BookmarkForm)
            assert not view.selecting
            await pilot.press(*"two", "ctrl+j", *"lines", "enter")  # ctrl+j: a new line
            await settle(app, pilot)
            saved = entries(library)
            assert len(saved) == 1
            assert saved[0]["exact"] == view.text[start:end].strip()
            assert view.line_of(saved[0]["start"]) != view.line_of(saved[0]["end"] - 1)
            assert saved[0]["note"] == "two\nlines"
            assert "note: |-\n    two\n    lines\n" in library.bookmarks.read_text(encoding="utf-8")

            # w / e: to the next word's first character, to a word's last one
            await pilot.press("v", "e")
            head = view.selection_head
            here, after = view.text[head], view.text[head + 1]
            assert not here.isspace()  # a word ends here
            assert after.isspace() or after.isalnum() != here.isalnum()
            await pilot.press("w")
            assert view.selection_head > head
            head = view.selection_head
            here, before = view.text[head], view.text[head - 1]
            assert not here.isspace()  # a word starts here: after a blank or another kind of word
            assert before.isspace() or before.isalnum() != here.isalnum()
            assert view.selection[0] == view.selection_anchor

            # Esc drops a selection (and only then: another Esc goes back to the list)
            assert view.selecting
            await pilot.press("escape")
            assert not view.selecting and app.focused is view
            await pilot.press("escape")
            assert app.focused is main.article_list

            # Esc in the form saves nothing
            await pilot.press("enter")
            await settle(app, pilot)
            await pilot.press("b")
            await pilot.pause()
            await pilot.press(*"nope", "escape")
            await settle(app, pilot)
            assert len(entries(library)) == 1

    run(go())


def test_edit_delete_undo_and_export(library, start_app):
    async def go():
        async with start_app(size=SIZE, notifications=True) as (app, pilot, main):
            await open_article(app, pilot)
            start, end = await bookmark_paragraph(app, pilot, note="first note")
            (bookmark_id,) = [e["id"] for e in entries(library)]
            await pilot.press("B")
            await pilot.pause()
            lst = app.screen.query_one(BookmarkList)

            # e: the form with the note; a new note and tags are saved
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, BookmarkForm)
            await pilot.press(*" edited", "tab", *"#ha", "enter")
            await settle(app, pilot)
            (entry,) = entries(library)
            assert entry["id"] == bookmark_id
            assert entry["note"] == "first note edited" and entry["tags"] == ["ha"]
            assert isinstance(app.screen, BookmarksScreen) and lst.current.note == "first note edited"

            # d deletes, u brings the same bookmark back
            await pilot.press("d")
            await settle(app, pilot)
            assert entries(library) == [] and lst.count == 0
            assert any("press u to undo" in m for m in messages(app))
            assert main.view.bookmarks == []
            await pilot.press("u")
            await settle(app, pilot)
            (entry,) = entries(library)
            assert entry["id"] == bookmark_id and entry["note"] == "first note edited"
            assert lst.count == 1
            assert main.view.bookmarks == [(start, end)]

            # x exports Markdown (written atomically into the library), and says where
            await pilot.press("x")
            await settle(app, pilot)
            exported = library.root / "bookmarks-export.md"
            markdown = exported.read_text(encoding="utf-8")
            assert "> " + main.view.text[start:start + 40] in markdown
            assert "first note edited" in markdown
            assert any(str(exported) in m for m in messages(app))

            # Esc closes the view
            await pilot.press("escape")
            assert not isinstance(app.screen, BookmarksScreen)

    run(go())


def _gone(bid: str, article: str, quote: str, *, note: str = "", tags: tuple[str, ...] = (),
          status: str = "exact", title: str = "") -> Bookmark:
    """A bookmark of a passage that is not in the article (any more)."""
    anchor = Anchor(quote, "", "", 5, 5 + len(quote))
    return Bookmark(id=bid, article=article, anchor=anchor, note=note, tags=list(tags),
                    created=f"2026-01-0{bid[-1]}T10:00:00Z", updated="", status=status, title=title)


def test_filter_type_to_filter_and_an_orphaned_bookmark(library, start_app):
    store = BookmarkStore(library.bookmarks)
    store.load()
    store.add(_gone("0000aaa1", SEED_002, "The passage that went away entirely",
                        note="lost one", title="Kernel Summit: High Availability"))
    store.add(_gone("0000aaa2", "lwn/2007-ks-customer-panel", "another lost passage",
                        note="zebra note", tags=("zoo",), status="orphaned"))

    async def go():
        async with start_app(size=SIZE, notifications=True) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("B")
            await pilot.pause()
            screen = app.screen
            lst = screen.query_one(BookmarkList)
            assert lst.count == 2
            assert lst.current.id == "0000aaa2"  # newest first
            assert "orphaned" in screen_text(app)
            # typing a letter that is not a key here starts the filter with it
            await pilot.press("z")
            assert app.focused is screen.filter_input and screen.filter_input.value == "z"
            await pilot.press(*"ebra")
            assert lst.count == 1 and lst.current.id == "0000aaa2"
            assert "Bookmarks 1/2" in screen_text(app)
            await pilot.press("escape")  # to the list, the filter kept
            assert app.focused is lst and lst.count == 1
            # Enter on an orphaned bookmark: says so, with the quote, and stays
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, BookmarksScreen)
            assert any("no longer in the article" in m and "another lost passage" in m
                       for m in messages(app))
            # a bookmark whose passage is gone is found orphaned when its article opens
            await pilot.press("slash", *["backspace"] * 5, *"lost one", "enter", "enter")
            await settle(app, pilot)
            assert main.current is not None and main.current.entry.id == SEED_002
            assert main.view.bookmarks == []
            (lost,) = [e for e in entries(library) if e["id"] == "0000aaa1"]
            assert lost["status"] == "orphaned" and lost["note"] == "lost one"  # kept, marked

    run(go())


CORRUPT = b"- id: 1\n  article: x\n   note: bad indentation\n\x00\x01 junk\n"


def test_corrupt_bookmarks_file_is_read_only_and_untouched(library, start_app):
    library.bookmarks.write_bytes(CORRUPT)

    async def go():
        async with start_app(size=SIZE, notifications=True) as (app, pilot, main):
            await open_article(app, pilot)
            warnings = [m for m in messages(app) if "read-only" in m]
            assert warnings and "line" in warnings[0] and "\n" not in warnings[0]
            assert "bookmarks.yaml" in warnings[0]
            await pilot.press("b")
            await pilot.pause()
            assert not isinstance(app.screen, BookmarkForm)
            assert sum("read-only" in m for m in messages(app)) == 2
            await pilot.press("v", "j", "b")
            await pilot.pause()
            assert not isinstance(app.screen, BookmarkForm)
            await pilot.press("escape", "B")
            await pilot.pause()
            assert isinstance(app.screen, BookmarksScreen)
            await pilot.press("x", "d", "u", "escape")
            await settle(app, pilot)
            assert app.is_running
        assert library.bookmarks.read_bytes() == CORRUPT

    run(go())


def test_bookmark_text_is_shown_as_text(library, start_app):
    """Notes, tags, titles and quotes are data: markup and escape sequences in them are shown
    as plain text (or dropped), never run."""
    nasty = "[@click=app.quit]x[/] [bold]b[/bold] \x1b[2J\x1b]0;PWNED\x07 \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\"
    store = BookmarkStore(library.bookmarks)
    store.load()
    store.add(Bookmark(id="0000bad1", article=SEED_002, anchor=Anchor(nasty, "", "", 0, len(nasty)),
                       note=nasty, tags=["[red]t[/red]"], created="2026-01-01T00:00:00Z",
                       status="orphaned", title=nasty))

    async def go():
        async with start_app(size=SIZE, notifications=True) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("B")
            await pilot.pause()
            text = screen_text(app)
            assert "[@click=app.quit]x[/]" in text and "#[red]t[/red]" in text
            assert "\x1b" not in text and "\x07" not in text and "PWNED" not in text
            await pilot.click(BookmarkList, offset=(10, 1))
            await pilot.click(BookmarkList, offset=(10, 1), times=2)  # Enter: orphaned, says so
            await pilot.pause()
            assert app.is_running
            assert all("\x1b" not in m for m in messages(app))
            await pilot.press("e")  # the form shows the quote and the note as text
            await pilot.pause()
            assert isinstance(app.screen, BookmarkForm)
            text = screen_text(app)
            assert "[@click=app.quit]x[/]" in text and "\x1b" not in text
            await pilot.press("escape")
            assert app.is_running
        assert entries(library)[0]["note"] == nasty  # nothing was written

    run(go())


def test_palette_runs_bookmark_commands_from_anywhere(library, start_app):
    async def go():
        async with start_app(size=SIZE, notifications=True) as (app, pilot, main):
            await open_article(app, pilot)
            await bookmark_paragraph(app, pilot, note="from the palette")
            await pilot.press("escape")  # to the list: the bookmarks view is not open
            commands = {c.title: c for c in app.get_system_commands(app.screen)}
            await commands["Bookmarks: Export Markdown"].callback()
            await settle(app, pilot)
            assert isinstance(app.screen, BookmarksScreen)  # opened to run it
            assert "from the palette" in (library.root / "bookmarks-export.md").read_text(encoding="utf-8")
            await commands["Bookmarks: Go to passage"].callback()
            await settle(app, pilot)
            assert not isinstance(app.screen, BookmarksScreen)
            assert main.view.passage is not None and app.focused is main.view

    run(go())


def test_the_view_shows_what_another_instance_saved(library, start_app):
    """Opening `B` re-reads bookmarks.yaml when another running instance changed it."""
    other = BookmarkStore(library.bookmarks)
    other.load()

    async def go():
        async with start_app(size=SIZE, notifications=True) as (app, pilot, main):
            await open_article(app, pilot)
            await bookmark_paragraph(app, pilot, note="mine")
            await pilot.press("B")
            await settle(app, pilot)
            lst = app.screen.query_one(BookmarkList)
            assert [b.note for b in lst.rows] == ["mine"]
            await pilot.press("escape")
            text = main.view.text
            quote = "Many of these calls are unnecessary"
            at = text.index(quote)
            theirs = other.add(_gone("0000bbb1", SEED_002, quote, note="from the other instance"))
            theirs.anchor = Anchor(quote, "", "", at, at + len(quote))
            other.update(theirs)
            await pilot.press("B")
            await settle(app, pilot)
            lst = app.screen.query_one(BookmarkList)
            assert sorted(b.note for b in lst.rows) == ["from the other instance", "mine"]
            assert "from the other instance" in screen_text(app)
            assert (at, at + len(quote)) in main.view.bookmarks  # the open article's tint too
            # and a save of this instance keeps the other's bookmark (merge by id)
            await pilot.press("escape", "J", "b")
            await pilot.pause()
            await pilot.press(*"again", "enter")
            await settle(app, pilot)
            assert sorted(e["note"] for e in entries(library)) == ["again", "from the other instance", "mine"]

    run(go())


def test_a_bookmark_search_hit_opens_the_article_at_the_bookmark(library, start_app):
    """`in:bookmarks WORD` lists the bookmark under its article with its note; Enter on it
    opens the article at the bookmarked passage."""
    from reader.bookmarks import new_bookmark, plain_text, sync_index
    from reader.index import update
    from reader.library import load_article
    from reader.tui.result_rows import BOOKMARK_MARK

    update(library, jobs=1)
    store = BookmarkStore(library.bookmarks)
    store.load()
    article = load_article(library, SEED_002)
    text = plain_text(article.body)
    quote = "Many of these calls are unnecessary"
    at = text.index(quote)
    b = store.add(new_bookmark(SEED_002, text, at, at + len(quote), note="zebrafish remark",
                               title=article.title))
    assert sync_index(library, store) == 1

    async def go():
        async with start_app(size=(140, 16), notifications=True) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("slash", *"in:bookmarks zebrafish")
            await pilot.pause(0.3)
            await settle(app, pilot)
            results = main.search_results
            assert "1 bookmark" in results.header
            kinds = [item.kind for item in results.items]
            assert kinds == ["article", "bookmark"]
            assert results.items[1].hit.bookmark == b.id
            line = results.lines[results.items[1].first][1]
            assert line.plain.startswith(BOOKMARK_MARK) and "unnecessary zebrafish" in line.plain
            assert any(span.style == ".results--hit" and line.plain[span.start:span.end] == "zebrafish"
                       for span in line.spans)
            await pilot.press("enter")  # to the results, on the article
            await settle(app, pilot)
            assert app.focused is results and results.current.kind == "article"
            await pilot.press("j", "enter")
            await settle(app, pilot)
            view = main.view
            assert main.current.entry.id == SEED_002 and view.article_id == SEED_002
            assert view.passage is not None and view.text[view.passage[0]:view.passage[1]] == quote
            assert visible(view, view.passage[0]) and app.focused is view
            # the article's own line (only its bookmark matched) goes there as well
            await pilot.press("G")
            assert not visible(view, at)
            main.search_results.focus()
            await pilot.press("g", "enter")
            await settle(app, pilot)
            assert view.passage is not None and view.text[view.passage[0]:view.passage[1]] == quote
            assert visible(view, view.passage[0])

    run(go())


def test_the_apps_own_update_puts_bookmarks_back_after_a_rebuild(library, start_app, monkeypatch):
    """Issue 10's core bug, through the app's own start: an update that rebuilds the index (here
    a new cleaner version) dropped the bookmark documents, and `in:bookmarks` found nothing until
    the next bookmark write. The app refreshes through the same core path as the CLI."""
    import reader.content
    from reader.bookmarks import new_bookmark, plain_text, sync_index
    from reader.index.manifest import load_manifest
    from reader.library import load_article

    store = BookmarkStore(library.bookmarks)
    store.load()
    article = load_article(library, SEED_002)
    text = plain_text(article.body)
    at = text.index("Many of these calls are unnecessary")
    b = store.add(new_bookmark(SEED_002, text, at, at + 35, note="zebrafish remark", title=article.title))
    assert sync_index(library, store) == 1
    monkeypatch.setattr(reader.content, "CLEANER_VERSION", "999-test")  # the app's start rebuilds

    async def go():
        async with start_app(size=(140, 16)) as (app, pilot, main):
            await settle(app, pilot)
            for _ in range(50):  # the rebuild runs in a worker
                if main.list_pane.index.ready:
                    break
                await pilot.pause(0.1)
            assert main.list_pane.index.ready
            assert load_manifest(library.index).cleaner == "999-test"  # it did rebuild
            await pilot.press("slash", *"in:bookmarks zebrafish")
            await pilot.pause(0.3)
            await settle(app, pilot)
            results = main.search_results
            assert "1 bookmark" in results.header
            assert [item.hit.bookmark for item in results.items if item.kind == "bookmark"] == [b.id]

    run(go())
