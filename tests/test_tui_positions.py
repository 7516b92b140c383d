"""Opening an article restores where the reader left it, even when its first comment quotes a
passage elsewhere (the comment tree's initial cursor must not pull the article there)."""

from __future__ import annotations

from tui_support import SEED_002, open_article, run

SIZE = (140, 14)  # short enough that seed 002 scrolls


def test_position_survives_a_quoting_first_comment(library, start_app):
    async def go():
        async with start_app(size=SIZE) as (app, pilot, main):
            await open_article(app, pilot, SEED_002)
            article = main.current.article
            assert article.comments[0].quotes, "seed 002's first comment quotes the article"
            assert main.view.scroll_y == 0  # never opened: the top, not the quoted passage
            await pilot.press("j", "j", "j", "j", "j", "j")
            offset = main.view.top_offset
            assert offset > 0
            await pilot.press("escape")
            await open_article(app, pilot, "lwn/2004-kernel-summit-customer-panel")
            await pilot.press("escape")
            await open_article(app, pilot, SEED_002)
            assert main.view.top_offset == offset
            # going to the thread still shows the passage its first comment quotes
            await pilot.press("c")
            await pilot.pause()
            quote = article.comments[0].quotes[0]
            assert main.view.passage == (quote.start, quote.end)

    run(go())
