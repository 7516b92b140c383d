"""Pilot tests of the reading-pane basics (issue 10): reading progress in the border, `q` back
one level (`Q` quits), `f` pages down, numbered links and their list, history, the table of
contents. On the seeds: SEED_2007 has five links (two to LWN articles) and three headings."""

from __future__ import annotations

from tui_support import SEED_000, SEED_002, SIZE, messages, open_article, run, screen_text, settle

from reader.tui.article_view import progress
from test_tui_search import search

SEED_2007 = "lwn/2007-ks-customer-panel"


def test_progress_counts_down_to_the_last_line_on_screen():
    assert progress(0, 10, 100) == 10
    assert progress(90, 10, 100) == 100
    assert progress(0, 30, 12) == 100  # it fits: all of it is read
    assert progress(0, 10, 0) == 100


def test_progress_shows_in_the_border_and_follows_the_scroll(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_002)
            view = main.view
            first = view.border_subtitle
            assert first.endswith("%") and 0 < int(first[:-1]) < 100
            await pilot.press("space")
            second = view.border_subtitle
            assert int(second[:-1]) > int(first[:-1])
            await pilot.press("G")
            assert view.border_subtitle == "100%"
            await pilot.press("g")
            assert view.border_subtitle == first
            await pilot.press("v")  # selecting: the hint takes the border, then gives it back
            assert "selecting" in view.border_subtitle
            await pilot.press("escape")
            assert view.border_subtitle == first

    run(go())


def test_f_pages_down_in_the_reading_pane(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_2007)
            view = main.view
            assert view.scroll_y == 0
            await pilot.press("f")
            assert view.scroll_y == view.scrollable_content_region.height - 1 < view.max_scroll_y
            assert main.list_pane.query_mode == ""  # not the list's filter

    run(go())


def test_q_goes_back_one_level_and_quits_at_the_top(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_002)
            await pilot.press("c")
            await settle(app, pilot)
            assert main.focused_pane() == "comments"
            await pilot.press("question_mark", "q")  # a dialog closes
            assert app.screen is main and app.is_running
            await pilot.press("q")  # comments → article
            assert main.focused_pane() == "article"
            await pilot.press("q")  # article → list
            assert main.focused_pane() == "list"
            await search(app, pilot, "kernel")
            await pilot.press("enter", "enter")  # the results, then an article
            await settle(app, pilot)
            assert main.focused_pane() == "article"
            await pilot.press("q")  # article → the results
            assert main.list_pane.searching and app.focused is main.search_results
            await pilot.press("q")  # out of the search
            assert not main.list_pane.searching and app.focused is main.article_list
            assert app.is_running
            await pilot.press("q")  # the top: quit
            await pilot.pause()
            assert not app.is_running

    run(go())


def test_Q_quits_from_the_reading_pane(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_000)
            await pilot.press("Q")
            await pilot.pause()
            assert not app.is_running

    run(go())


# -- numbered links ------------------------------------------------------------------------------

LINKED = """See [hotplug](https://example.org/hotplug) and [the panel](/Articles/94559/) now.

## Fault isolation

Text with [x](https://lwn.net/Articles/1/) at the end.
"""


def test_document_lists_links_and_headings_without_changing_the_text():
    from reader.content.anchor import plain_text
    from reader.tui.document import parse

    doc = parse(LINKED)
    assert doc.text == plain_text(LINKED) and "[1]" not in doc.text
    assert [(link.number, link.text, link.url) for link in doc.links] == [
        (1, "hotplug", "https://example.org/hotplug"), (2, "the panel", "/Articles/94559/"),
        (3, "x", "https://lwn.net/Articles/1/")]
    assert all(doc.text[link.start:link.end] == link.text for link in doc.links)
    assert [(h.level, h.text) for h in doc.headings] == [(2, "Fault isolation")]
    assert doc.section_at(0) is None
    assert doc.section_at(doc.text.index("Text with")) == 0


def test_numbered_layout_makes_room_for_the_markers():
    from reader.tui.document import layout, parse

    doc = parse(LINKED)
    plain = layout(doc, 20)
    numbered = layout(doc, 20, numbered=True)
    # "See hotplug and the" fits 20 cells; "See hotplug[1] and " leaves no room for "the"
    assert doc.text[plain.lines[0].start:plain.lines[0].end] == "See hotplug and the "
    assert doc.text[numbered.lines[0].start:numbered.lines[0].end] == "See hotplug and "
    for line in numbered.lines:  # every line, markers included, fits
        shown = doc.text[line.start:line.end].rstrip()
        marks = [m for rel, m in doc.link_marks.get(line.block, [])
                 if line.start < doc.blocks[line.block].start + rel <= line.end]
        assert len(shown) + sum(len(m) for m in marks) <= 20, (shown, marks)


def test_link_addresses_are_compared_as_pages():
    from reader.library import Entry
    from reader.linking import UrlMap, absolute, url_key

    assert url_key("http://lwn.net/Articles/243795/") == url_key("https://www.lwn.net/Articles/243795")
    assert url_key("/Articles/243795/") == "lwn.net/articles/243795"  # LWN's relative links
    assert url_key("https://lwn.net/Articles/243795/?format=printable") == "lwn.net/articles/243795"
    assert url_key("mailto:a@b.c") is None and url_key("#top") is None and url_key("x/y") is None
    assert url_key("page.html", "https://blog.example/2011/post/") == "blog.example/2011/post/page.html"
    urls = UrlMap([Entry("a", "A", "", None, url="https://lwn.net/Articles/243795/"),
                   Entry("b", "B", "", None, url="https://blog.example/post/"),
                   Entry("c", "C", "", None)])
    assert len(urls) == 2
    assert urls.article_for("http://lwn.net/Articles/243795/") == "a"
    assert urls.article_for("https://blog.example/post#comments") == "b"
    assert urls.article_for("https://lwn.net/Articles/243796/") is None
    assert absolute("/Articles/5/") == "https://lwn.net/Articles/5/"
    assert absolute("b.html", "https://x.example/a/") == "https://x.example/a/b.html"


def test_links_are_numbered_on_screen_only(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_2007)
            view = main.view
            assert "[2]" not in view.text
            link = view.document.links[1]
            assert link.text == "memory controller"
            view.scroll_to_offset(link.start)
            await pilot.pause()
            assert "controller[2]" in screen_text(app)

    run(go())


def _with_linked_article(library):
    """The seeds and a page whose address the 2007 seed links to (``memory controller``)."""
    page = library.root / "content" / "lwn" / "memcg.md"
    page.write_text("---\ntitle: Memory use controller\nurl: https://lwn.net/Articles/243795/\n"
                    "---\n\nThe memory controller patch, as [the panel](/Articles/none/) asked.\n",
                    encoding="utf-8")
    return "lwn/memcg"


def test_L_follows_a_link_to_an_article_of_the_library_and_H_comes_back(library, start_app):
    memcg = _with_linked_article(library)

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_2007)
            view = main.view
            await pilot.press("space", "j")
            left_at = view.top_offset
            assert left_at > 0
            await pilot.press("L")
            assert "5 links" in app.screen.query_one("OptionList").border_title
            await pilot.press("2", "enter")  # by its number: memory controller
            await settle(app, pilot)
            assert main.current.entry.id == memcg and view.article_id == memcg
            await pilot.press("H")
            await settle(app, pilot)
            assert view.article_id == SEED_2007 and view.top_offset == left_at
            await pilot.press("ctrl+right")
            await settle(app, pilot)
            assert view.article_id == memcg
            await pilot.press("backspace")
            await settle(app, pilot)
            assert view.article_id == SEED_2007
            await pilot.press("backspace")  # nothing before it
            await settle(app, pilot)
            assert view.article_id == SEED_2007
            assert "No article before this one" in messages(app)

    run(go())


def test_history_records_every_article_opened(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_000)
            await pilot.press("escape")
            await open_article(app, pilot, SEED_002)
            await pilot.press("H")
            await settle(app, pilot)
            assert main.view.article_id == SEED_000
            await pilot.press("alt+right")
            await settle(app, pilot)
            assert main.view.article_id == SEED_002

    run(go())


def test_a_link_out_of_the_library_opens_the_browser(library, start_app, monkeypatch):
    from reader.tui import passage

    monkeypatch.setattr(passage, "graphical_browser", lambda: True)  # as on a desktop
    opened: list[str] = []

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            app.open_url = lambda url, **kw: opened.append(url)
            await open_article(app, pilot, SEED_2007)
            await pilot.press("L", "j", "j", "j", "j", "enter")  # the fifth: Nagle algorithm
            await settle(app, pilot)
            assert opened == ["http://en.wikipedia.org/wiki/Nagle's_algorithm"]
            assert main.view.article_id == SEED_2007

            def no_browser(url, **kw):
                import webbrowser
                raise webbrowser.Error("could not locate runnable browser")

            app.open_url = no_browser
            await pilot.press("L", "1", "enter")  # swap prefetch: not in the library
            await settle(app, pilot)
            assert any(m.startswith("Cannot open the browser: could not locate") for m in messages(app))

    run(go())


def test_typing_a_number_in_the_links_moves_there(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_2007)
            await pilot.press("L", "4")
            options = app.screen.query_one("OptionList")
            assert options.highlighted == 3
            await pilot.press("9")  # no link 49: a new number, and no link 9 either
            assert options.highlighted == 3
            await pilot.press("q")
            assert app.screen is main and app.is_running

    run(go())


# -- table of contents -------------------------------------------------------------------------

def test_t_lists_the_headings_with_the_current_one_chosen(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_2007)
            view = main.view
            await pilot.press("t")
            options = app.screen.query_one("OptionList")
            assert options.option_count == 3
            assert [str(options.get_option_at_index(i).prompt) for i in range(3)] == [
                "Dreamworks", "Credit Suisse", "Linux Foundation"]
            await pilot.press("j", "enter")  # Credit Suisse
            await pilot.pause()
            heading = view.document.headings[1]
            assert view.line_of(heading.start) == int(view.scroll_y)  # at the top of the pane
            assert view.document.blocks[view.cursor].start == heading.start
            await pilot.press("J")  # into its section
            await pilot.press("t")
            assert app.screen.query_one("OptionList").highlighted == 1
            await pilot.press("escape")
            await pilot.press("g", "t")  # before the first heading: the first is offered
            assert app.screen.query_one("OptionList").highlighted == 0

    run(go())


def test_t_without_headings_says_so(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_000)
            await pilot.press("t")
            assert app.screen is main
            assert "This article has no headings" in messages(app)

    run(go())


def test_no_browser_runs_nothing_and_says_so(library, start_app, monkeypatch):
    import webbrowser

    def nothing():
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", lambda *a: nothing())
    opened: list[str] = []

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            app.open_url = lambda url, **kw: opened.append(url)
            await open_article(app, pilot, SEED_2007)
            await pilot.press("L", "5", "enter")
            await settle(app, pilot)
            assert opened == []
            assert any(m.startswith("No browser to open http://en.wikipedia.org/") for m in messages(app))

    run(go())


def test_a_text_mode_browser_is_no_browser(monkeypatch):
    import webbrowser

    from reader.tui.passage import graphical_browser

    monkeypatch.setattr(webbrowser, "get", lambda *a: webbrowser.GenericBrowser("lynx"))
    assert not graphical_browser()
    monkeypatch.setattr(webbrowser, "get", lambda *a: webbrowser.BackgroundBrowser("xdg-open"))
    assert graphical_browser()


def test_q_goes_back_a_pane_in_the_narrow_layout(library, start_app):
    async def go():
        async with start_app(size=(80, 30)) as (app, pilot, main):
            await open_article(app, pilot, SEED_002)
            assert main.narrow and main.pane == "article"
            await pilot.press("c")
            await settle(app, pilot)
            assert main.pane == "comments"
            await pilot.press("q")
            assert main.pane == "article" and app.focused is main.view
            await pilot.press("q")
            await pilot.pause()
            assert main.pane == "list" and main.list_pane.display and not main.view.display
            assert app.is_running

    run(go())


def test_link_at_finds_a_link_by_its_text_or_its_number():
    from reader.tui.document import layout, parse

    doc = parse(LINKED)
    line = layout(doc, 80, numbered=True).lines[0]  # See hotplug[1] and the panel[2] now.
    shown = "See hotplug[1] and the panel[2] now."
    assert [doc.link_at(line, x) and doc.link_at(line, x).number for x in range(len(shown))] == [
        None if not (4 <= x < 14 or 19 <= x < 31) else (1 if x < 14 else 2) for x in range(len(shown))]
    assert doc.link_at(line, len(shown) + 5) is None and doc.link_at(line, -1) is None


def test_a_click_on_a_link_follows_it(library, start_app):
    memcg = _with_linked_article(library)

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_2007)
            view = main.view
            link = view.document.links[1]  # memory controller, wrapped: "controller[2]" below
            view.scroll_to_offset(link.end, where="top")
            await pilot.pause()
            row = view.line_of(link.end - 1) - int(view.scroll_y)
            line = view.body_line(view.line_of(link.end - 1))
            number = 2 + (link.end - line.start) + 1  # the gutter, the text to the link's end, "["
            await pilot.click(view, offset=(1 + number + 5, 1 + row))  # " patch" after it
            await settle(app, pilot)
            assert view.article_id == SEED_2007  # only the cursor moved
            await pilot.click(view, offset=(1 + number, 1 + row))  # on its number
            await settle(app, pilot)
            assert view.article_id == memcg

    run(go())


def test_drawn_lines_stay_true_after_n_and_cursor_moves(library, start_app):
    """`n` and the paragraph cursor redraw only the lines whose look changed (the hit left
    and the new current one, the paragraph left and the new one); every line the pane hands
    out, and every line on screen, must still be what drawing it afresh gives, style for
    style."""
    from textual.geometry import Region

    def drawn(view) -> list:
        return [list(view.render_line(y)) for y in range(view.scrollable_content_region.height)]

    def on_screen(view) -> list:  # the widget's lines as the screen has them (border included)
        outer = view.outer_size
        return [list(strip) for strip in view.render_lines(Region(0, 0, outer.width, outer.height))]

    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await search(app, pilot, "kernel")
            await pilot.press("enter", "enter")  # to the results, open the first hit
            await settle(app, pilot)
            view = main.view
            assert view.hit_count > 5
            cursors, currents = set(), set()
            for key in ["n", "n", "n", "N", "j", "j", "k", "n", "G", "N", "g", "n"]:
                await pilot.press(key)
                await pilot.pause()
                cached, shown = drawn(view), on_screen(view)
                view._strips.clear()  # (the pane's own cache of drawn lines)
                assert cached == drawn(view), key
                view.refresh()  # every line drawn afresh: the screen must not change
                await pilot.pause()
                assert shown == on_screen(view), key
                cursors.add(view.cursor)
                currents.add(view.hit_index)
            assert len(cursors) > 3 and len(currents) >= 3  # the keys did move both

    run(go())
