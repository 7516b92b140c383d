"""The Line-API widgets at scale: 100k list rows filtered, a 20k-word article with 400 hits
moved through. How fast: ``benchmarks/tui_bench.py`` (no clock in a test)."""

from __future__ import annotations

import asyncio
import random

from textual.app import App

from reader.library import Entry
from reader.tui.article_list import ArticleList
from reader.tui.article_view import ArticleView, Head
from reader.tui.document import parse


class Bench(App):
    def compose(self):
        yield ArticleList()
        yield ArticleView()


def test_hundred_thousand_rows_and_a_long_article():
    rng = random.Random(7)
    words = "the kernel panic linux driver code system memory lock thread".split()
    entries = [Entry(f"a/{i}", f"Title {i} {rng.choice(words)}", rng.choice(["LWN.net", "blog"]),
                     f"20{rng.randint(0, 24):02d}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                     comments=rng.randint(0, 50)) for i in range(100_000)]
    body = "\n\n".join(" ".join(rng.choice(words) for _ in range(200)) for _ in range(100))

    async def go():
        app = Bench()
        async with app.run_test(size=(140, 40)) as pilot:
            lst, view = app.query_one(ArticleList), app.query_one(ArticleView)
            lst.set_entries(entries)
            await pilot.pause()
            assert lst.count == 100_000
            lst.set_filter("panic 99")
            await pilot.pause()
            assert 0 < lst.count < 100_000

            doc = parse(body)
            view.show("long", doc, Head("Long"))
            spans = []
            at = doc.text.find("panic")
            while at >= 0 and len(spans) < 400:
                spans.append((at, at + 5))
                at = doc.text.find("panic", at + 1)
            view.set_highlights(spans)
            await pilot.pause()
            assert view.hit_count == 400 and view.border_title == "hit 1/400"
            for _ in range(50):
                view.action_next_hit()
            await pilot.pause()
            assert view.border_title == "hit 51/400"

    asyncio.run(go())
