"""Prefix, fuzzy and phrase costs on an index built by ``search_bench.py`` (issue 13, item 2).

    uv run python benchmarks/search_tails.py [--work /tmp/reader-bench] [--tier 1000]

One process, the benchmark's own queries (``search_bench.make_queries``), A/B where a switch
exists so the machine's load falls on both sides alike:

- expansion: pinning the prefix and fuzzy queries with a fresh reader each time (Whoosh's walk
  of the term dictionary, as before the cached lists) and with the cached term lists warm;
- phrases: the two-word phrase walk against Whoosh's span matcher (``_ExactPhraseMatcher``),
  results compared; and what a bigram field would give at best (only the matching documents
  replayed through the same scorer) and cost (the bodies analysed again, adjacent pairs counted);
- exact counts: prefix and fuzzy with ``EXACT_POSTINGS`` 0 (never searched whole) and as set.

It never builds or writes an index.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(1, str(HERE))

from search_bench import make_queries  # noqa: E402

from reader.index import SearchIndex  # noqa: E402
from reader.index import phrases as P  # noqa: E402
from reader.index import expansions as E  # noqa: E402
from reader.index import query as Q  # noqa: E402
from reader.index.schema import text_analyzer  # noqa: E402
from reader.index.terms import lists_for  # noqa: E402


def stats(xs: list[float]) -> str:
    xs = sorted(xs)
    return (f"p50 {statistics.median(xs) * 1000:.1f} ms, p95 {xs[round(0.95 * (len(xs) - 1))] * 1000:.1f} ms, "
            f"sum {sum(xs) * 1000:.0f} ms")


def expansion(index: Path, queries: dict[str, list[str]]) -> None:
    ix = SearchIndex(index)
    for kind in ("prefix", "fuzzy"):
        parsed = [Q.parse(q, ix.ix.schema, ix.parser).query for q in queries[kind]]
        walk, cached = [], []
        reader = ix.searcher.reader()
        for q in parsed:  # warm the lists once
            E.pin_expansions(q, reader)
        for q in parsed:
            nodes = [n for n in E._walk(q) if isinstance(n, E._Pinned)]
            t = time.perf_counter()
            for n in nodes:
                n.pin(reader, None)  # Whoosh's walk
            walk.append(time.perf_counter() - t)
            t = time.perf_counter()
            E.pin_expansions(q, reader)
            cached.append(time.perf_counter() - t)
        print(f"expand {kind:6}: walk {stats(walk)} | cached lists {stats(cached)}")
    lists = lists_for(ix.searcher.reader())
    t = time.perf_counter()
    for field in ("body", "title", "author", "tags", "site"):
        for c in "abcdefghijklmnopqrstuvwxyz0123456789":
            lists.bucket(field, c).masks()
    print(f"term lists: {lists.cached:,} terms of 5 fields by first character, {lists.loads} loads, "
          f"{time.perf_counter() - t:.2f} s (with what the queries loaded)")


def _old_matcher(new):
    def matcher(self, searcher, context=None):
        from whoosh import query as wq

        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if field is None or self.slop != 1 or len(self.words) != 2:
            return new(self, searcher, context)
        words = [field.to_bytes(w) for w in self.words]
        if any((self.fieldname, w) not in searcher.reader() for w in words):
            return new(self, searcher, context)
        ms = [wq.Term(self.fieldname, w).matcher(searcher, context) for w in words]
        return P._ExactPhraseMatcher(ms, slop=1, ordered=True, mindist=1)
    return matcher


def phrases(index: Path, queries: list[str], rounds: int = 3) -> None:
    ix = SearchIndex(index)
    ix.search("warmup")
    new = P.ExactPhrase.matcher
    old = _old_matcher(new)
    known: dict = {}
    walk = P._phrase_walk

    def record(ms, reader, decode, floor):
        out = list(walk(ms, reader, decode, [0]))
        known[(id(reader), tuple(P._leaf(m).term() for m in ms))] = [d for d, _ in out]
        yield from ((d, s) for d, s in out if d >= floor[0])

    def replay(ms, reader, decode, floor):  # what pair postings would hand over: the matches only
        a, b = [P._leaf(m) for m in ms]
        for d in known[(id(reader), (a.term(), b.term()))]:
            if d < floor[0]:
                continue
            if a.id() < d:
                a.skip_to(d)
            if b.id() < d:
                b.skip_to(d)
            yield d, a.score() + b.score()

    P._phrase_walk = record
    for q in queries:
        ix.search(q, time_limit=None)
    lat: dict[str, list[float]] = {"span matcher (before)": [], "phrase walk (now)": [], "matches only (bigram, at best)": []}
    same = True
    for rnd in range(rounds):
        for name in lat:
            P.ExactPhrase.matcher = old if name.startswith("span") else new
            P._phrase_walk = replay if name.startswith("matches") else walk
            for q in queries:
                t = time.perf_counter()
                r = ix.search(q, time_limit=None)
                lat[name].append(time.perf_counter() - t)
                if rnd == 0:
                    key = (q, tuple((h.id, h.score) for g in r.articles for h in g.hits), tuple(r.counts.items()))
                    known.setdefault(("result", name), []).append(key)
    P.ExactPhrase.matcher, P._phrase_walk = new, walk
    names = list(lat)
    same = known[("result", names[0])] == known[("result", names[1])] == known[("result", names[2])]
    for name, xs in lat.items():
        print(f"phrase {name:31}: {stats(xs)} ({rounds} rounds of {len(queries)})")
    print(f"phrase results identical (documents, scores, counts): {same}")
    an = text_analyzer()
    t = time.process_time()
    pairs: set[str] = set()
    postings = 0
    for fields in ix.searcher.all_stored_fields():
        prev = None
        for tok in an(fields.get("body", ""), positions=True):
            if prev is not None and tok.pos == prev[1] + 1:
                pairs.add(f"{prev[0]} {tok.text}")
                postings += 1
            prev = (tok.text, tok.pos)
    body_terms = sum(1 for _ in ix.searcher.reader().lexicon("body"))
    print(f"bigram field cost: bodies analysed again and paired in {time.process_time() - t:.1f} s CPU; "
          f"{postings:,} pair postings, {len(pairs):,} distinct pairs ({len(pairs) / body_terms:.0f}× the body's "
          f"{body_terms:,} terms)")


def exact_counts(index: Path, queries: dict[str, list[str]], rounds: int = 3) -> None:
    ix = SearchIndex(index)
    ix.search("warmup")
    setting = E.EXACT_POSTINGS
    for kind in ("prefix", "fuzzy"):
        lat: dict[int, list[float]] = {0: [], setting: []}
        partial: dict[int, int] = {0: 0, setting: 0}
        for rnd in range(rounds):
            for exact in lat:
                E.EXACT_POSTINGS = exact
                for q in queries[kind]:
                    t = time.perf_counter()
                    r = ix.search(q)
                    lat[exact].append(time.perf_counter() - t)
                    partial[exact] += r.partial if rnd == 0 else 0
        for exact, xs in lat.items():
            print(f"{kind:6} EXACT_POSTINGS={exact:<5}: {stats(xs)}, cut short {partial[exact]}/{len(queries[kind])}")
    E.EXACT_POSTINGS = setting


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--work", type=Path, default=Path("/tmp/reader-bench"))
    p.add_argument("--tier", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    root = args.work / f"lib-{args.tier}-s{args.seed}"
    if not (root / "index").is_dir():
        raise SystemExit(f"{root}: no index; run benchmarks/search_bench.py first")
    queries = make_queries(root / "content")
    print(f"# {root}, {time.strftime('%Y-%m-%d %H:%M')}")
    expansion(root / "index", queries)
    phrases(root / "index", queries["phrase"])
    exact_counts(root / "index", queries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
