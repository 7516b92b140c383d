"""The two ways reader searches, timed on an indexed benchmark library: the app's (one
``SearchIndex`` kept open and read ahead with ``warm()``, 50 articles with hits over time, the
query searched at every key typed) and the CLI's (a fresh ``SearchIndex`` for one search).

    uv run python benchmarks/search_calls.py --work /tmp/reader-bench-10k --tier 10000

Reads the library ``search_bench.py`` left (``WORK/lib-TIER-s1``); writes nothing. Prints one
Markdown table. For an A/B, ``PYTHONPATH=CHECKOUT`` searches with another commit's code. Each search runs in this process; the app part takes the best of ``--repeat``
runs of each query (the machine's noise out), the CLI part the median of one run per query.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # search_bench's queries; reader itself from the environment (PYTHONPATH for a checkout)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def app_part(index: Path, words: list[str], repeat: int) -> list[str]:
    from reader.index import SearchIndex

    typed = [word[:i] for word in words for i in range(1, len(word) + 1)]
    with SearchIndex(index) as ix:
        ix.warm()
        for text in typed:  # once through: term lists and postings read, as after a while in the app
            ix.search(text, limit=50, timeline=True, suggest=False)
        rows = []
        for label, queries in (("whole words", words), ("every key typed", typed)):
            best: dict[str, float] = {}
            for _ in range(repeat):
                for text in queries:
                    t = time.perf_counter()
                    ix.search(text, limit=50, timeline=True, suggest=False)
                    best[text] = min(best.get(text, 1e9), time.perf_counter() - t)
            v = [s * 1000 for s in best.values()]
            rows.append(f"| app: {label} ({len(queries)}) | {statistics.median(v):.1f} | {pct(v, 90):.1f} | "
                        f"{pct(v, 95):.1f} | {max(v):.1f} |")
    return rows


def cli_part(index: Path, queries: dict[str, list[str]], per_kind: int) -> list[str]:
    from reader.index import SearchIndex

    rows = []
    for kind in ("term", "two terms", "field", "prefix"):
        v = []
        for text in queries[kind][:per_kind]:
            t = time.perf_counter()
            with SearchIndex(index) as ix:
                ix.search(text)
            v.append((time.perf_counter() - t) * 1000)
        rows.append(f"| one-shot (open + search): {kind} ({len(v)}) | {statistics.median(v):.1f} | "
                    f"{pct(v, 90):.1f} | {pct(v, 95):.1f} | {max(v):.1f} |")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, default=Path("/tmp/reader-bench"))
    ap.add_argument("--tier", type=int, default=10000)
    ap.add_argument("--words", type=int, default=30, help="term queries typed in the app part")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--per-kind", type=int, default=8, help="one-shot searches per query kind")
    args = ap.parse_args()
    lib = args.work / f"lib-{args.tier}-s1"
    if not (lib / "index").is_dir():
        raise SystemExit(f"{lib}: no index; build it with benchmarks/search_bench.py first")
    import search_bench

    search_bench.PER_KIND = max(args.words, args.per_kind)
    queries = search_bench.make_queries(lib / "content")
    print(f"# search calls, {lib}, {time.strftime('%Y-%m-%d %H:%M')}\n")
    print("| searches | p50 ms | p90 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for row in app_part(lib / "index", queries["term"][:args.words], args.repeat):
        print(row)
    for row in cli_part(lib / "index", queries, args.per_kind):
        print(row)


if __name__ == "__main__":
    main()
