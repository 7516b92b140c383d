"""The Line-API widgets stay fast at scale (bounds generous for slow CI; see benchmarks/ for
the real numbers): 100k list rows, a 20k-word article with 400 hits."""

from __future__ import annotations

import asyncio
import random
import time

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
            t0 = time.perf_counter()
            lst.set_entries(entries)
            await pilot.pause()
            paint = time.perf_counter() - t0
            assert lst.count == 100_000
            t0 = time.perf_counter()
            lst.set_filter("panic 99")
            await pilot.pause()
            filtered = time.perf_counter() - t0
            assert 0 < lst.count < 100_000

            t0 = time.perf_counter()
            doc = parse(body)
            view.show("long", doc, Head("Long"))
            spans = []
            at = doc.text.find("panic")
            while at >= 0 and len(spans) < 400:
                spans.append((at, at + 5))
                at = doc.text.find("panic", at + 1)
            view.set_highlights(spans)
            await pilot.pause()
            opened = time.perf_counter() - t0
            assert view.hit_count == 400 and view.border_title == "hit 1/400"
            t0 = time.perf_counter()
            for _ in range(50):
                view.action_next_hit()
            await pilot.pause()
            next_hit = (time.perf_counter() - t0) / 50
            assert view.border_title == "hit 51/400"
            return paint, filtered, opened, next_hit

    paint, filtered, opened, next_hit = asyncio.run(go())
    # measured here: 0.08 s, 0.09 s, 0.08 s, 1 ms
    assert paint < 1.5, paint
    assert filtered < 1.5, filtered
    assert opened < 1.0, opened
    assert next_hit < 0.05, next_hit
