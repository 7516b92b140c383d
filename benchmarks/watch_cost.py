"""What the app's look at content/ costs (``reader.watch.ContentWatch``): one idle look (a
stat per folder), one full walk (every tenth look or rarer when walks are slow, and after a
folder moved), per library size.

    uv run python benchmarks/watch_cost.py [--sizes 1000,10000] [--per-folder 100]

Files are small placeholders (the look stats, it never reads), ``--per-folder`` to a folder
as a site would hold them, made under a temporary folder and removed after. Times are the
median of ``--repeat`` runs, warm cache (a watch running every second keeps it warm).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from reader.watch import ContentWatch


def make(root: Path, n: int, per_folder: int) -> Path:
    content = root / "content"
    for i in range(n):
        folder = content / f"site{i // per_folder:04}"
        if i % per_folder == 0:
            folder.mkdir(parents=True)
        (folder / f"page-{i:06}.html").write_bytes(b"<p>x</p>")
    return content


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--per-folder", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    print("| pages | folders | idle look (ms) | full walk (ms) | walk every N looks | mean per look (ms) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in (int(s) for s in args.sizes.split(",")):
        root = Path(tempfile.mkdtemp(prefix="reader-watch-"))
        try:
            content = make(root, n, args.per_folder)
            watch = ContentWatch(content)
            watch.snapshot()
            idle = median_ms(watch._folders_moved, args.repeat)  # what a look costs when nothing moved
            full = median_ms(watch.snapshot, args.repeat)
            folders, every = len(watch.folders), max(watch.full_every, watch.every)
            mean = ((every - 1) * idle + full) / every
            print(f"| {n:,} | {folders:,} | {idle:.2f} | {full:.1f} | {every} | {mean:.1f} |")
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
