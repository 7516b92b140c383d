"""TUI benchmark: first paint with rows and RSS on a big indexed library, keystroke → refreshed
hit list in the query line, and opening a 20k-word article with 400 hits highlighted.

    uv run python benchmarks/tui_bench.py                      # 100k paint, 10k search, article
    uv run python benchmarks/tui_bench.py --articles 20000     # paint at 20k instead
    uv run python benchmarks/tui_bench.py --parts paint,search

It uses the synthetic libraries that ``benchmarks/search_bench.py`` builds under ``--work``
(``lib-<N>-s1``, indexed) and never builds one: a library that is missing or not indexed is
reported and skipped. Each part runs the real ``ReaderApp`` headless (``App.run_test``, 140×40)
in a fresh process, so its peak RSS (VmHWM) is its own. Times are read at the frame: the first
``App._display`` call after the widget drew what is being waited for. Like ``reader.tui.run``,
each child freezes the objects made at start out of the cyclic GC and gives the app an
``IdleCollector`` (full collections in the reader's pauses: ``reader/tui/idle_gc.py``).

- paint: from entering ``run_test`` to the first frame with list rows; the index update (a
  stat of every file, in a worker) goes on after it and is timed too. The benchmark never
  writes to these shared libraries: the update runs only when a read-only look finds nothing
  to do (a second stat of every file), else it is skipped and the table says so. A library
  that an indexer is still building (its lock names a live process) counts as not indexed.
- search: ~30 term queries drawn from the library's text, typed into the query line one key at
  a time (100 ms apart, as a fast typist, and as fast as the pilot can send keys); latency is
  from the last key to the frame showing that query's results.
- article: a temporary library with one 20k-word Markdown article holding a word 400 times;
  search it, Enter on the result → the frame showing the article with every hit highlighted;
  ``n`` → the frame showing hit 2, repeated.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

COMMON = r"""
import asyncio, json, sys, time
T_PROCESS = time.perf_counter()
from pathlib import Path


def vmhwm_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


import reader.tui.library_index as indexmod
import reader.tui.main_screen as screenmod
from reader.index.manifest import load_manifest
from reader.index.report import Report
from reader.index.staleness import stale_reason, versions
from reader.library import Refreshed
from reader.paths import Library
from reader.tui.app import ReaderApp

T_IMPORTED = time.perf_counter()
from reader.tui.idle_gc import IdleCollector

COLLECTOR = IdleCollector()  # as reader.tui.run does before app.run()
COLLECTOR.install()
marks = {}
frame_waiters = []  # (predicate, key): the first frame after predicate() is true sets marks[key]
_display = ReaderApp._display


def display(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is None:
        return
    now = time.perf_counter()
    for item in list(frame_waiters):
        predicate, key = item
        if predicate():
            marks[key] = now
            marks[key + "_rss"] = vmhwm_mb()  # at this frame: workers go on after it
            frame_waiters.remove(item)


ReaderApp._display = display


def watch(predicate, key):
    # from now on, marks[key] = the time of the first frame drawn once predicate() holds
    marks.pop(key, None)
    frame_waiters.append((predicate, key))


async def frame(key, timeout=120.0):
    deadline = time.perf_counter() + timeout
    while key not in marks:
        if time.perf_counter() > deadline:
            raise SystemExit(f"timed out waiting for {key}")
        await asyncio.sleep(0.001)
    return marks[key]


def guard_update(lib):
    # The benchmark never writes to a shared library: the app's update runs only when it has
    # nothing to do (the same read-only look update() takes first), else it is skipped.
    from reader.index.walk import content_files
    from reader.index.manifest import scan

    real = indexmod.refresh_index

    def guarded(library, **kwargs):
        # read here, in the app's worker, after the paint: the manifest of 100k files is ~20 MB
        # of JSON, and reading it first would count in the RSS at first paint
        m = load_manifest(library.index)
        reason = "not indexed" if m is None else stale_reason(m, versions(library))
        if not reason:
            files, _dupes = content_files(library)
            if not scan(library.content, m, files).nothing_to_do():
                reason = "files changed since indexing"
        if reason:
            out["skipped_update"] = reason
            return Refreshed(report=Report())
        return real(library, **kwargs)

    indexmod.refresh_index = guarded
    return ""
"""

PAINT = COMMON + r"""
from reader.tui.article_list import ArticleList

lib = Library(Path(sys.argv[1]), "bench")
out = {"skipped_update": guard_update(lib)}
_render = ArticleList.render_line
drawn = {}


def render_line(self, y):
    if self.entries and self.count:
        drawn["rows"] = True
    return _render(self, y)


ArticleList.render_line = render_line


async def go():
    app = ReaderApp(lib, collector=COLLECTOR)
    watch(lambda: drawn.get("rows"), "paint")
    t = time.perf_counter()
    async with app.run_test(size=(140, 40)) as pilot:
        painted = await frame("paint")
        out["paint"] = painted - t
        out["paint_from_process"] = painted - T_PROCESS
        out["rss_at_paint"] = marks["paint_rss"]
        out["rows"] = app.main_screen.article_list.count
        deadline = time.perf_counter() + 300
        while not app.main_screen.list_pane.index.ready and time.perf_counter() < deadline:
            await asyncio.sleep(0.01)
        out["update"] = time.perf_counter() - t if app.main_screen.list_pane.index.ready else None
        await pilot.pause()  # the whole list's message, posted before Ready, reaches the list
        out["rows_after"] = app.main_screen.article_list.count

asyncio.run(go())
out["imports"] = T_IMPORTED - T_PROCESS
out["rss"] = vmhwm_mb()
"""

SEARCH = COMMON + r"""
from reader.tui.search_results import SearchResults

lib = Library(Path(sys.argv[1]), "bench")
queries = json.loads(sys.argv[2])
gap = float(sys.argv[3])
out = {"skipped_update": guard_update(lib), "lat": [], "hits": [], "searches": 0, "search_s": []}
from reader.index import SearchIndex

_search = SearchIndex.search


def timed(self, text, **kwargs):
    t = time.perf_counter()
    try:
        return _search(self, text, **kwargs)
    finally:
        out["searches"] += 1
        out["search_s"].append(time.perf_counter() - t)


SearchIndex.search = timed


async def go():
    app = ReaderApp(lib, collector=COLLECTOR)
    async with app.run_test(size=(140, 40)) as pilot:
        while not app.main_screen.list_pane.index.ready:
            await asyncio.sleep(0.01)
        await pilot.press("slash")
        await pilot.press("w", "a", "r", "m")  # opens the searcher
        await app.workers.wait_for_complete()
        out["searches"] = 0
        out["search_s"] = []
        results = app.main_screen.search_results
        for q in queries:
            await pilot.press("ctrl+u")
            await app.workers.wait_for_complete()
            await pilot.pause()
            for ch in q[:-1]:
                await pilot.press(ch)
                if gap:
                    await asyncio.sleep(gap)
            watch(lambda: results.results is not None and results.results.query == q, "results")
            t = time.perf_counter()
            await pilot.press(q[-1])
            shown = await frame("results")
            out["lat"].append(shown - t)
            out["hits"].append(results.results.total)
        await app.workers.wait_for_complete()

asyncio.run(go())
out["rss"] = vmhwm_mb()
"""

ARTICLE = COMMON + r"""
from reader.index import update

lib = Library(Path(sys.argv[1]), "bench")
word = sys.argv[2]
update(lib)
out = {"next": [], "parts": {}}


def timed(owner, name, label):
    # add each call's duration to out["parts"][label] (the open's breakdown)
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            out["parts"][label] = out["parts"].get(label, 0.0) + time.perf_counter() - t

    setattr(owner, name, wrapper)


from reader.tui.article_view import ArticleView

timed(screenmod, "load_article", "clean the file (worker)")
timed(screenmod, "parse", "parse the Markdown (worker)")
timed(screenmod, "spans_in", "find the hits: spans_in (UI thread)")
timed(ArticleView, "show", "lay out the article (UI thread)")
timed(ArticleView, "set_highlights", "highlight the hits (UI thread)")


async def go():
    app = ReaderApp(lib, collector=COLLECTOR)
    async with app.run_test(size=(140, 40)) as pilot:
        while not app.main_screen.list_pane.index.ready:
            await asyncio.sleep(0.01)
        await pilot.press("slash", *word)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")  # to the results
        await pilot.pause()
        view = app.main_screen.view
        watch(lambda: view.hit_count > 0, "open")
        t = time.perf_counter()
        await pilot.press("enter")  # open the article at its first hit
        opened = await frame("open")
        out["open"] = opened - t
        out["parts"] = dict(out["parts"])  # the n presses below add nothing to it
        out["hits"] = view.hit_count
        out["words"] = len(view.text.split())
        for i in range(30):
            title = f"hit {i + 2}/{view.hit_count}"
            watch(lambda: view.border_title == title, "next")
            t = time.perf_counter()
            await pilot.press("n")
            shown = await frame("next")
            out["next"].append(shown - t)

asyncio.run(go())
out["rss"] = vmhwm_mb()
"""


def child(code: str, *args: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    script = code + "\nprint(json.dumps(out))\n"
    proc = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def ms(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds * 1000:.0f}"


def indexed(lib: Path) -> bool:
    """Indexed, and no indexer at work on it (its lock record names a live process)."""
    index = lib / "index"
    if not ((index / "catalogue.json").is_file() and (index / "manifest.json").is_file()
            and (index / "catalogue.json").stat().st_size > 1000):
        return False
    try:
        pid = int(json.loads((index / "reader.lock").read_text(encoding="utf-8"))["pid"])
        os.kill(pid, 0)
    except (OSError, ValueError, KeyError, TypeError):
        return True  # no record, or its process is gone
    return False


def synthetic_catalogue(work: Path, n: int, root: Path) -> Path | None:
    """A library of ``n`` catalogue rows and no files: the rows of the biggest indexed library
    under ``work``, repeated with new ids, written as the indexer writes them (with the
    catalogue's head). The first paint reads nothing else."""
    sys.path.insert(0, str(ROOT))
    from reader.index.catalogue import entry_of_row, save_rows

    sources = sorted((p for p in work.glob("lib-*-s1") if indexed(p)),
                     key=lambda p: int(p.name.split("-")[1]))
    if not sources:
        return None
    data = json.loads((sources[-1] / "index" / "catalogue.json").read_text(encoding="utf-8"))
    rows, copy = [], 0
    while len(rows) < n:
        for row in data["articles"][: n - len(rows)]:
            rows.append([f"{row[0]}-{copy}", *row[1:]])
        copy += 1
    lib = root / f"catalogue-{n}"
    (lib / "content").mkdir(parents=True)
    (lib / "index").mkdir()
    entries = (entry_of_row(row) for row in rows)
    save_rows(lib / "index", {e.id: e for e in entries if e is not None})
    return lib


def part_paint(work: Path, n: int, synthetic: bool) -> list[str]:
    lib = work / f"lib-{n}-s1"
    with tempfile.TemporaryDirectory(prefix="reader-tui-bench-") as tmp:
        if not indexed(lib):
            if not synthetic:
                return [f"paint: {lib} is missing or not indexed yet; skipped (try --articles 20000, "
                        "or --synthetic-catalogue)"]
            lib = synthetic_catalogue(work, n, Path(tmp))
            if lib is None:
                return [f"paint: no indexed library under {work} to copy catalogue rows from"]
        r = child(PAINT, str(lib))
    note = f" (index update skipped: {r['skipped_update']})" if r["skipped_update"] else ""
    if lib.name.startswith("catalogue-"):
        note = " (synthetic: the catalogue only, no files, no index update)"
    return [
        f"### First paint, {r['rows_after'] or r['rows']:,} articles ({lib.name}){note}",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| run_test entered → first frame with rows ({r['rows']:,} rows in the list then: "
        f"{'the catalogue head' if r['rows'] != r['rows_after'] else 'the whole catalogue'}) | {ms(r['paint'])} ms |",
        f"| process start → first frame with rows (imports {ms(r['imports'])} ms) | {ms(r['paint_from_process'])} ms |",
        f"| peak RSS at first paint | {r['rss_at_paint']:.0f} MB |",
        f"| index checked (two stats of every file, after the paint) | "
        f"{'skipped' if r['skipped_update'] else ms(r['update']) + ' ms'} |",
        f"| peak RSS at the end | {r['rss']:.0f} MB |",
    ]


def part_search(work: Path, n: int, count: int, gap: float) -> list[str]:
    lib = work / f"lib-{n}-s1"
    if not indexed(lib):
        return [f"search: {lib} is missing or not indexed; skipped"]
    sys.path.insert(0, str(HERE))
    import search_bench

    search_bench.PER_KIND = count
    queries = search_bench.make_queries(lib / "content")["term"][:count]
    rows = [f"### Keystroke → refreshed hit list, {n:,} articles, {len(queries)} term queries",
            "",
            "| typing | p50 ms | p95 ms | max ms | searches run / keys typed | one search p50 / p95 ms "
            "| median hits | peak RSS MB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    keys = sum(len(q) for q in queries)
    r = child(SEARCH, str(lib), json.dumps(queries), str(gap))
    lat, one = r["lat"], r["search_s"]
    rows.append(f"| a key every {gap * 1000:.0f} ms | {ms(statistics.median(lat))} | {ms(p95(lat))} | "
                f"{ms(max(lat))} | {r['searches']} / {keys} | {ms(statistics.median(one))} / {ms(p95(one))} | "
                f"{statistics.median(r['hits']):.0f} | {r['rss']:.0f} |")
    rows.append("")
    rows.append("Latency: from the last key of a query to the frame showing that query's results (it "
                "includes waiting for the search of the previous prefix when one is running). "
                "\"One search\": `SearchIndex.search` alone, as the app calls it (50 articles).")
    return rows


def make_article(root: Path, words: int = 20_000, hits: int = 400, word: str = "zqxhit") -> Path:
    """A library with one long Markdown article: paragraphs of 100–200 words, ``word`` spread
    evenly ``hits`` times, a few headings, emphasis and lists."""
    import random

    rng = random.Random(5)
    vocab = [w for w in ("the kernel memory driver lock thread system code patch review maintainer "
                         "scheduler network file block device power tree release merge window "
                         "developer summit panel customer vendor support stable").split()]
    every = words // hits
    out, para, n, made = ["# A very long article\n"], [], 0, 0
    while n < words:
        n += 1
        if n % every == 0 and made < hits:
            para.append(word)
            made += 1
        else:
            w = rng.choice(vocab)
            para.append(f"*{w}*" if rng.random() < 0.01 else w)
        if len(para) >= rng.randint(100, 200):
            out.append(" ".join(para) + ".\n")
            para = []
            if rng.random() < 0.05:
                out.append(f"## Section {len(out)}\n")
            if rng.random() < 0.03:
                out.append("- one item\n- another item\n")
    if para:
        out.append(" ".join(para) + ".\n")
    lib = root / "lib"
    (lib / "content").mkdir(parents=True)
    (lib / "content" / "long.md").write_text("\n".join(out), encoding="utf-8")
    return lib


def part_article() -> list[str]:
    with tempfile.TemporaryDirectory(prefix="reader-tui-bench-") as tmp:
        lib = make_article(Path(tmp))
        r = child(ARTICLE, str(lib), "zqxhit")
    nxt = r["next"]
    return [
        f"### A {r['words']:,}-word article with {r['hits']} hits",
        "",
        "| measure | ms |",
        "|---|---:|",
        f"| Enter on the search result → frame with the article, every hit highlighted | {ms(r['open'])} |",
        *[f"| … of which {label} | {ms(seconds)} |" for label, seconds in r["parts"].items()],
        f"| `n` → frame at the next hit: p50 / p95 / max over {len(nxt)} | "
        f"{ms(statistics.median(nxt))} / {ms(p95(nxt))} / {ms(max(nxt))} |",
        f"| peak RSS | {r['rss']:.0f} MB |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="library size for the first paint")
    parser.add_argument("--search-articles", type=int, default=10_000, help="library size for search")
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--gap", type=float, default=0.1, help="seconds between typed keys")
    parser.add_argument("--synthetic-catalogue", action="store_true",
                        help="when lib-<articles>-s1 is not indexed, paint a catalogue of that many rows "
                             "copied from the biggest indexed library (no files, no index update)")
    parser.add_argument("--parts", default="paint,search,article")
    parser.add_argument("--work", type=Path, default=Path("/tmp/reader-bench"))
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    load = os.getloadavg()
    print(f"# TUI benchmark — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
          f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at start\n")
    t0 = time.perf_counter()
    if "paint" in parts:
        print("\n".join(part_paint(args.work, args.articles, args.synthetic_catalogue)), end="\n\n",
              flush=True)
    if "search" in parts:
        print("\n".join(part_search(args.work, args.search_articles, args.queries, args.gap)), end="\n\n",
              flush=True)
    if "article" in parts:
        print("\n".join(part_article()), end="\n\n", flush=True)
    load = os.getloadavg()
    print(f"{time.perf_counter() - t0:.0f} s in all; load average {load[0]:.1f} / {load[1]:.1f} / "
          f"{load[2]:.1f} at the end")


if __name__ == "__main__":
    main()
