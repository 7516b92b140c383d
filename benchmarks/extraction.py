"""Extraction quality and speed of the HTML cleaner on the shared corpus.

    uv run python benchmarks/extraction.py [CORPUS_PAGES_DIR] [--traf]

Per page: the 4-word-shingle F1 / precision / recall of the cleaned body's plain text against
the page's ground truth (scrapinghub article-extraction-benchmark measure; see
reader/content/evaluate.py), the trafilatura snippet checks ("with" found in body or comments /
"without" absent from the body),
the comments found (pingbacks in brackets) and the cleaning time. Then the average F1, the
lowest, the rate of cleaning the whole corpus, and the time to clean the five bundled seeds. ``--traf`` adds trafilatura 2.3 alone
(``include_comments=False``) as a baseline column; ``--generic`` cleans without any site rule
(the generic extractor alone).
"""

from __future__ import annotations

import statistics
import sys
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
    seconds: float
    baseline: Score | None = None


def corpus_pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.html") if not p.name.endswith(".expected.html"))


def measure(page: Path, baseline: bool = False, rules: RuleSet | None = None) -> Row:
    start = time.perf_counter()
    article = clean_file(page, rules=rules)
    seconds = time.perf_counter() - start
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
    )


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    folder = Path(args[0]) if args else DEFAULT
    baseline = "--traf" in argv
    # --generic: no site rules at all, to measure the generic extractor on its own.
    rules = RuleSet(()) if "--generic" in argv else None
    pages = corpus_pages(folder)
    if not pages:
        print(f"no corpus pages in {folder}")
        return 1
    clean_file(pages[0])  # imports and rule loading out of the timing
    start = time.perf_counter()
    rows = [measure(p, baseline, rules) for p in pages]
    total = time.perf_counter() - start
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
        print(f"\naverage F1 {statistics.mean(f1s):.3f} over {len(f1s)} pages (lowest {min(f1s):.3f}); "
              f"benchmark-style F1 of mean P/R {2 * p * rc / (p + rc):.3f} (P {p:.3f}, R {rc:.3f})")
        if baseline:
            b = [r.baseline.f1 for r in rows if r.baseline]
            print(f"trafilatura alone: average F1 {statistics.mean(b):.3f} (lowest {min(b):.3f})")
    print(f"cleaned {len(rows)} pages in {total:.2f} s: {len(rows) / total:.1f} pages/s")
    seeds = sorted(SEEDS.rglob("*.*"))
    start = time.perf_counter()
    for seed in seeds:
        clean_file(seed)
    print(f"cleaned the {len(seeds)} bundled seed articles in {(time.perf_counter() - start) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
