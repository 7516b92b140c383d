"""The key footer (reader.tui.footer): it shows the focused pane's keys and follows focus; it
changes only when what it shows changes, relabelling the key widgets it has (Textual's own
removed and mounted every key widget on each "bindings updated" signal, most of them no change
at all), and it shows what a footer built afresh shows."""

from __future__ import annotations

from tui_support import open_article, run, screen_text, settle

from textual.widgets import Footer

from reader.tui.footer import KeyFooter

SIZE = (160, 40)


def footer_line(app) -> str:
    return screen_text(app).splitlines()[-1]


def test_footer_follows_focus_and_skips_rebuilds_that_change_nothing(start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            footer = main.query_one(KeyFooter)
            assert "Open" in footer_line(app) and "Sort" in footer_line(app)
            assert "Next hit" not in footer_line(app)
            keys_before = list(footer.children)
            labels_before = [getattr(key, "description", None) for key in keys_before]
            assert keys_before
            # the same keys: a signal that changes nothing keeps the same key widgets
            main.refresh_bindings()
            await settle(app, pilot)
            await footer.recompose()
            assert list(footer.children) == keys_before
            # another pane, other keys: rebuilt, and the line says so
            await open_article(app, pilot)
            await settle(app, pilot)
            assert "Next hit" in footer_line(app) and "Contents" in footer_line(app)
            assert "Sort" not in footer_line(app)
            # the same key widgets, relabelled
            assert [key for key in footer.children if key in keys_before]
            assert [getattr(key, "description", None) for key in footer.children] != labels_before
            # as a footer composed afresh for these keys would show them
            relabelled = footer_line(app)
            footer.call_later(Footer.recompose, footer)  # in the footer's own message loop, as Textual calls it
            await settle(app, pilot)
            assert footer_line(app) == relabelled and not any(key in keys_before for key in footer.children)
            # and back: the list's keys again
            for _ in range(4):
                if app.focused is main.article_list:
                    break
                await pilot.press("tab")
            assert app.focused is main.article_list
            await settle(app, pilot)
            assert "Sort" in footer_line(app) and "Next hit" not in footer_line(app)

    run(go())
