"""Extraction quality and speed of the HTML cleaner on the shared corpus.

    uv run python benchmarks/extraction.py [CORPUS_PAGES_DIR] [--traf] [--generic] [--profile]
    uv run python benchmarks/extraction.py --synth 300 [--profile]

Per page: the 4-word-shingle F1 / precision / recall of the cleaned body's plain text against
the page's ground truth (scrapinghub article-extraction-benchmark measure; see
reader/content/evaluate.py), the trafilatura snippet checks ("with" found in body or comments /
"without" absent from the body),
the comments found (pingbacks in brackets) and the cleaning time. Then the average F1, the
lowest, the rate of cleaning the whole corpus, and the time to clean the five bundled seeds. ``--traf`` adds trafilatura 2.3 alone
(``include_comments=False``) as a baseline column; ``--generic`` cleans without any site rule
(the generic extractor alone).

Speed is pages per second on one core: the pages over the CPU time of ``clean_file`` alone
(``time.process_time``, this one process; trafilatura's baseline and the scoring are not
counted), with the wall-clock rate beside it (the machine is shared: wall time varies with
the load, CPU time much less). ``--synth N`` cleans N files of a synthetic library
(benchmarks/synth.py, seed 1: LWN text dumps, LWN HTML and WordPress HTML in equal shares)
written to a temporary folder, and prints files/s, overall and per kind. ``--profile`` adds
the top of a cProfile of the cleaning (cumulative and own time).
"""

from __future__ import annotations

import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from reader.content import clean_file, plain_text
from reader.content.evaluate import Score, ground_truth, score, snippet_hits, with_without
from reader.content.rules import RuleSet

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pages"
SEEDS = Path(__file__).resolve().parents[1] / "content"


@dataclass
class Row:
    page: str
    score: Score | None
    snippets: str
    comments: int
    pingbacks: int
    seconds: float  # CPU time of clean_file
    baseline: Score | None = None
    wall: float = 0.0


def corpus_pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.html") if not p.name.endswith(".expected.html"))


def timed_clean(page: Path, rules: RuleSet | None = None, profile: cProfile.Profile | None = None):
    """(article, CPU seconds, wall seconds) of cleaning ``page``."""
    wall, cpu = time.perf_counter(), time.process_time()
    if profile is not None:
        profile.enable()
    article = clean_file(page, rules=rules)
    if profile is not None:
        profile.disable()
    return article, time.process_time() - cpu, time.perf_counter() - wall


def measure(page: Path, baseline: bool = False, rules: RuleSet | None = None,
            profile: cProfile.Profile | None = None) -> Row:
    article, seconds, wall = timed_clean(page, rules, profile)
    text = plain_text(article.body)
    truth = ground_truth(page)
    ww = with_without(page)
    snippets = ""
    if ww is not None:
        # "with" snippets may sit in comments (trafilatura's tests keep them); "without" ones
        # must not be in the body.
        with_, without = ww
        everything = "\n\n".join([text, *(plain_text(c.body) for c in article.comments)])
        snippets = f"{snippet_hits(everything, with_)}/{len(with_)} +, {len(without) - snippet_hits(text, without)}/{len(without)} -"
    pings = sum(1 for c in article.comments if c.kind == "pingback")
    base = None
    if baseline and truth is not None:
        import trafilatura

        html = page.read_text(encoding="utf-8", errors="replace")
        base = score(truth, trafilatura.extract(html, include_comments=False) or "")
    return Row(
        page=page.name.removesuffix(".html"),
        score=score(truth, text) if truth is not None else None,
        snippets=snippets,
        comments=len(article.comments) - pings,
        pingbacks=pings,
        seconds=seconds,
        baseline=base,
        wall=wall,
    )


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    profile = cProfile.Profile() if "--profile" in argv else None
    if "--synth" in argv:
        count = int(args[0]) if args else 300
        return synthetic(count, profile)
    folder = Path(args[0]) if args else DEFAULT
    baseline = "--traf" in argv
    # --generic: no site rules at all, to measure the generic extractor on its own.
    rules = RuleSet(()) if "--generic" in argv else None
    pages = corpus_pages(folder)
    if not pages:
        print(f"no corpus pages in {folder}")
        return 1
    clean_file(pages[0])  # imports and rule loading out of the timing
    rows = [measure(p, baseline, rules, profile) for p in pages]
    extra = "  traf F1" if baseline else ""
    print(f"{'page':<58} {'F1':>6} {'prec':>6} {'rec':>6}  {'snippets':<14} {'comments':>9} {'ms':>6}{extra}")
    for r in rows:
        s = r.score
        nums = f"{s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f}" if s else f"{'':>6} {'':>6} {'':>6}"
        com = f"{r.comments}" + (f" [{r.pingbacks}]" if r.pingbacks else "")
        tail = f"  {r.baseline.f1:8.3f}" if r.baseline else ""
        print(f"{r.page[:58]:<58} {nums}  {r.snippets:<14} {com:>9} {r.seconds * 1000:6.0f}{tail}")
    scored = [r.score for r in rows if r.score is not None]
    if scored:
        f1s = [s.f1 for s in scored]
        p = statistics.mean(s.precision for s in scored)
        rc = statistics.mean(s.recall for s in scored)
        print(f"\naverage F1 {statistics.mean(f1s):.4f} over {len(f1s)} pages (lowest {min(f1s):.3f}); "
              f"benchmark-style F1 of mean P/R {2 * p * rc / (p + rc):.3f} (P {p:.3f}, R {rc:.3f})")
        if baseline:
            b = [r.baseline.f1 for r in rows if r.baseline]
            print(f"trafilatura alone: average F1 {statistics.mean(b):.4f} (lowest {min(b):.3f})")
    cpu = sum(r.seconds for r in rows)
    wall = sum(r.wall for r in rows)
    print(f"cleaned {len(rows)} pages: {len(rows) / cpu:.1f} pages/s on one core "
          f"({cpu:.2f} s CPU; wall clock {wall:.2f} s, {len(rows) / wall:.1f} pages/s)")
    seeds = sorted(p for p in SEEDS.rglob("*.*") if p.is_file())
    start = time.perf_counter()
    for seed in seeds:
        clean_file(seed)
    print(f"cleaned the {len(seeds)} bundled seed articles in {(time.perf_counter() - start) * 1000:.0f} ms")
    _print_profile(profile)
    return 0


def synthetic(count: int, profile: cProfile.Profile | None) -> int:
    """Clean ``count`` synthetic files; files/s on one core, overall and per kind."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import synth

    with tempfile.TemporaryDirectory() as tmp:
        stats = synth.generate(Path(tmp), count, seed=1)
        files = sorted(p for p in (Path(tmp) / "content").rglob("*.*") if p.is_file())
        clean_file(files[0])  # imports and rule loading out of the timing
        kinds: dict[str, list[float]] = {}
        walls: list[float] = []
        for path in files:
            _, cpu, wall = timed_clean(path, profile=profile)
            kinds.setdefault(path.relative_to(Path(tmp) / "content").parts[0], []).append(cpu)
            walls.append(wall)
    cpu = sum(sum(v) for v in kinds.values())
    print(f"synthetic library: {stats['articles']} files, {stats['comments']} comments, {stats['bytes'] / 1e6:.1f} MB")
    for kind, times in sorted(kinds.items()):
        print(f"  {kind:<10} {len(times):5d} files  {len(times) / sum(times):7.1f} files/s  "
              f"(mean {statistics.mean(times) * 1000:.1f} ms)")
    print(f"cleaned {len(walls)} files: {len(walls) / cpu:.1f} files/s on one core "
          f"({cpu:.2f} s CPU; wall clock {sum(walls):.2f} s, {len(walls) / sum(walls):.1f} files/s)")
    _print_profile(profile)
    return 0


def _print_profile(profile: cProfile.Profile | None) -> None:
    if profile is None:
        return
    stats = pstats.Stats(profile, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
