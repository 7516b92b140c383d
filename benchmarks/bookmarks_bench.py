"""Bookmarks benchmark: 10,000 bookmarks over the bundled library (issue 5's targets).

    uv run python benchmarks/bookmarks_bench.py [--count 10000] [--repeats 5]   # ~30 s here
    uv run python benchmarks/bookmarks_bench.py --tier 100k                     # ~5 min here

A temporary copy of ``content/`` gets ``--count`` bookmarks spread over its five articles
(random sentence-sized passages, written as the store writes entries), then:

- store load: a fresh ``BookmarkStore(path).load()`` of the whole file (with the store's parse
  cache, then with the cache removed: a full YAML parse);
- add one: ``store.add`` on the loaded store (lock, re-read check, merge, atomic write of the
  whole file), and the same after another writer changed the file (so the add re-reads what
  it appended); then a fresh load again (cached prefix + the appended entries parsed);
- re-anchor: ``reanchor_article`` for one article's share of the bookmarks (all exact);
- bookmarks view open: headless ``ReaderApp.run_test``, from pressing ``B`` to the first frame
  that draws rows (the first ``render_line`` with rows of the new screen's list);
- filter keystroke: typing ``kernel`` then deleting it in the view's filter line, from each key
  to the first frame drawn after it.

Prints a table of p50/p95 (ms) against the targets: the view opens in ≤ 300 ms, adding one
bookmark takes ≤ 50 ms.

``--tier 100k`` (issue 14: a 132k-entry file took 26 s and 1 GB to list, over a minute to add
one): 100,000 bookmarks (~50 MB of YAML), the store measurements without re-anchoring and the
view, plus ``reader bookmarks list`` and ``reader bookmarks add`` in a subprocess, first
without the parse cache (the whole file read) and then with it, with their peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from reader.bookmarks import BookmarkStore, new_bookmark, reanchor_article  # noqa: E402
from reader.content.anchor import plain_text  # noqa: E402
from reader.library import entries, load_article  # noqa: E402
from reader.paths import Library  # noqa: E402

TARGETS = {"bookmarks view open": 300.0, "add one bookmark": 50.0}
WORDS = "kernel cluster panic driver failover memory patch review linux server".split()


def make_library(work: Path, count: int, seed: int = 7) -> tuple[Library, dict[str, str]]:
    """A copy of the bundled library with ``count`` bookmarks; returns it and article texts."""
    shutil.copytree(ROOT / "content", work / "content")
    library = Library(work, "bench")
    rng = random.Random(seed)
    texts: dict[str, str] = {}
    titles: dict[str, str] = {}
    for entry in entries(library):
        article = load_article(library, entry.id, entry.path)
        texts[article.id] = plain_text(article.body)
        titles[article.id] = article.title
    ids = sorted(texts)
    bookmarks = []
    taken: set[str] = set()
    for i in range(count):
        article_id = ids[i % len(ids)]
        text = texts[article_id]
        starts = [m.start() for m in re.finditer(r"(?<=[.!?] )[A-Z]", text)] or [0]
        start = rng.choice(starts)
        end = min(len(text), start + rng.randint(40, 240))
        note = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 8)))
        tags = rng.sample(WORDS, rng.randint(0, 3))
        b = new_bookmark(article_id, text, start, end, note=note, tags=tags, title=titles[article_id])
        b.created = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z"
        b.updated = b.created
        while b.id in taken:  # 8 random hex digits: 100k of them hold a repeat or two
            b.id = f"{rng.getrandbits(32):08x}"
        taken.add(b.id)
        bookmarks.append(b)
    # One file, written the way the store writes entries (update_many would look every id up
    # in a growing list: quadratic for a set-up step).
    from reader.atomic import atomic_write_text
    from reader.bookmarks.store import HEADER, dump_entry

    atomic_write_text(library.bookmarks, HEADER + "".join(dump_entry(b.to_mapping()) for b in bookmarks))
    check = BookmarkStore(library.bookmarks)
    check.load()
    assert check.error is None and len(check.bookmarks) == count, check.error
    return library, texts


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def timed(fn, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def bench_store(library: Library, texts: dict[str, str], repeats: int, anchor: bool = True
                ) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {}

    def load() -> None:
        BookmarkStore(library.bookmarks).load()

    slow = min(repeats, 3)  # full parses of the whole file take seconds each
    results["store load"] = timed(load, slow)

    def cold_load() -> None:  # the store keeps a parse cache under XDG_CACHE_HOME: without it
        shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)
        load()

    results["store load, no parse cache"] = timed(cold_load, slow)

    store = BookmarkStore(library.bookmarks)
    store.load()
    article_id = sorted(texts)[0]
    text = texts[article_id]
    rng = random.Random(1)

    def add() -> None:
        start = rng.randrange(0, max(1, len(text) - 100))
        store.add(new_bookmark(article_id, text, start, start + 80, note="bench"))

    results["add one bookmark"] = timed(add, repeats * 3)

    other = BookmarkStore(library.bookmarks)
    other.load()
    samples = []
    for _ in range(slow):
        other.add(new_bookmark(article_id, text, 200, 260, note="other writer"))  # the file moves
        t = time.perf_counter()
        add()
        samples.append((time.perf_counter() - t) * 1000)
    results["add after another writer"] = samples
    # a new process after those adds: the parse cache covers the file up to its last rewrite,
    # the entries appended since are parsed from the YAML
    results["store load after the adds"] = timed(load, slow)

    def reanchor() -> None:
        reanchor_article(store, article_id, text)

    if anchor:
        results[f"re-anchor one article ({len(store.for_article(article_id))})"] = timed(reanchor, repeats)
    return results


async def bench_view(library: Library, repeats: int) -> dict[str, list[float]]:
    from reader.tui import bookmarks_view
    from reader.tui.app import ReaderApp
    from reader.tui.bookmarks_view import BookmarkList, BookmarksScreen

    frames: list[float] = []  # when a list with rows drew a line
    original = BookmarkList.render_line

    def render_line(self, y):
        strip = original(self, y)
        if self._view:
            frames.append(time.perf_counter())
        return strip

    bookmarks_view.BookmarkList.render_line = render_line
    opens: list[float] = []
    keys: list[float] = []
    try:
        app = ReaderApp(library)
        async with app.run_test(size=(140, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await app.workers.wait_for_complete()
            total = len(app.bookmarks.bookmarks)
            for _ in range(repeats):
                frames.clear()
                t = time.perf_counter()
                await pilot.press("B")
                while not frames:
                    await pilot.pause(0.005)
                opens.append((frames[0] - t) * 1000)
                assert isinstance(app.screen, BookmarksScreen)
                assert app.screen.query_one(BookmarkList).count == total
                await pilot.press("escape")
                await pilot.pause()
            await pilot.press("B")
            await pilot.pause()
            await pilot.press("slash")
            await pilot.pause()
            lst = app.screen.query_one(BookmarkList)
            for key in [*"kernel", *["backspace"] * 6]:
                frames.clear()
                t = time.perf_counter()
                await pilot.press(key)
                waited = 0
                while not frames and waited < 200:
                    await pilot.pause(0.005)
                    waited += 1
                if frames:
                    keys.append((frames[0] - t) * 1000)
            assert lst.count == total
    finally:
        bookmarks_view.BookmarkList.render_line = original
    return {"bookmarks view open": opens, "filter keystroke": keys}


def bench_cli(library: Library, repeats: int) -> dict[str, list[float]]:
    """`reader bookmarks list` / `add` in a subprocess: wall time, and peak memory (MB) printed."""
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    results: dict[str, list[float]] = {}

    # the command as `python -m reader`, reporting its own peak memory (VmHWM: ru_maxrss would
    # carry this big process's peak over the fork) on its last stderr line, in kB
    wrapper = ("import runpy, sys\nsys.argv = ['reader', *sys.argv[1:]]\ntry:\n"
               "    runpy.run_module('reader', run_name='__main__')\nfinally:\n"
               "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
               "    sys.stderr.write(f'\\nMAXRSS {hwm}\\n')\n")

    empty = library.root.parent / "empty"
    empty.mkdir(exist_ok=True)

    def run(name: str, *args: str, cold: bool = False, root: Path = library.root) -> None:
        if cold:
            shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", wrapper, "--library", str(root), *args],
                              env=env, capture_output=True, text=True, timeout=600)
        results.setdefault(name, []).append((time.perf_counter() - t) * 1000)
        assert proc.returncode == 0, proc.stderr[-2000:]
        peak = int(proc.stderr.rsplit("MAXRSS ", 1)[1]) / 1024
        memory[name] = max(memory.get(name, 0.0), peak)

    memory: dict[str, float] = {}
    for _ in range(repeats):  # what the command pays before it reads a byte (imports)
        run("`bookmarks list`, no bookmarks", "bookmarks", "list", root=empty)
    run("`bookmarks list`, no parse cache", "bookmarks", "list", cold=True)
    for _ in range(repeats):
        run("`bookmarks list`", "bookmarks", "list")
    add = ("bookmarks", "add", "lwn/2004-kernel-summit-customer-panel", "--quote", "customer panel was")
    run("`bookmarks add`, no parse cache", *add, cold=True)
    for _ in range(repeats):
        run("`bookmarks add`", *add)
    print("peak memory (MB): " + ", ".join(f"{k}: {v:.0f}" for k, v in memory.items()))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--tier", choices=("10k", "100k"), default=None,
                        help="10k: the default; 100k: 100,000 bookmarks, store and CLI only")
    args = parser.parse_args()
    large = args.tier == "100k"
    if large:  # (--count still sets the size: --tier 100k --count 2000 tries the tier quickly)
        args.count = 100_000 if args.count == 10_000 else args.count
        args.repeats = min(args.repeats, 3)
    with tempfile.TemporaryDirectory(prefix="reader-bookmarks-bench-") as tmp:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")  # never the user's own caches
        t = time.perf_counter()
        library, texts = make_library(Path(tmp), args.count)
        size = library.bookmarks.stat().st_size
        print(f"{args.count} bookmarks over {len(texts)} articles; bookmarks.yaml "
              f"{size / 1e6:.1f} MB (built in {time.perf_counter() - t:.1f} s)")
        results = bench_store(library, texts, args.repeats, anchor=not large)
        if large:
            results.update(bench_cli(library, args.repeats))
        else:
            results.update(asyncio.run(bench_view(library, args.repeats)))
    print()
    print(f"{'measurement':<34} {'n':>3} {'p50 ms':>9} {'p95 ms':>9} {'target':>8}  ok")
    for name, samples in results.items():
        target = TARGETS.get(name)
        p50, p95 = pct(samples, 0.5), pct(samples, 0.95)
        ok = "" if target is None else ("yes" if p95 <= target else "NO")
        shown = f"≤{target:.0f}" if target else ""
        print(f"{name:<34} {len(samples):>3} {p50:>9.1f} {p95:>9.1f} {shown:>8}  {ok}")


if __name__ == "__main__":
    main()
