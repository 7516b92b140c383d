"""Extraction quality against the corpus ground truth.

The score is the one of scrapinghub/article-extraction-benchmark (``evaluate.py``): texts are
tokenised on ``\\w+`` (case kept), cut into 4-token shingles, and true/false positives are
counted over the shingle *multisets*; precision and recall per page, F1 from those two.
A text shorter than four tokens is one short shingle, as upstream does.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

_TOKEN = re.compile(r"\w+", re.UNICODE)
COMMENTS_MARKER = "!@#$%^&*()"  # dragnet gold files: body text, this marker line, comments


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    grams = [tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))]
    return Counter(g for g in grams if g)


def score(true: str, pred: str, n: int = 4) -> Score:
    t, p = shingles(true, n), shingles(pred, n)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    # Upstream's conventions for empty texts: nothing expected and nothing found is perfect.
    if fp == fn == 0:
        return Score(1.0, 1.0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return Score(precision, recall)


def ground_truth(page: Path) -> str | None:
    """The expected body text of a corpus page, or None when the corpus ships none for it."""
    name = page.name
    if name.startswith("aeb--"):
        gt = page.with_name(name.removesuffix(".html") + ".groundtruth.json")
        if gt.exists():
            data = json.loads(gt.read_text(encoding="utf-8"))
            # Upstream keys the record by the page's hash; a flat record is accepted too.
            record = data if "articleBody" in data else next(iter(data.values()))
            return str(record.get("articleBody", ""))
    if name.startswith("dragnet--"):
        gold = page.with_name(name.removesuffix(".html") + ".gold.txt")
        if gold.exists():
            text = gold.read_text(encoding="utf-8", errors="replace")
            lines = text.split("\n")
            for i, line in enumerate(lines):
                if line.startswith(COMMENTS_MARKER):
                    return "\n".join(lines[:i])
            return text
    return None


def with_without(page: Path) -> tuple[list[str], list[str]] | None:
    """The trafilatura test snippets: what the body must contain, and must not."""
    ww = page.with_name(page.name.removesuffix(".html") + ".withwithout.json")
    if not ww.exists():
        return None
    data = json.loads(ww.read_text(encoding="utf-8"))
    return list(data.get("with") or []), list(data.get("without") or [])


def snippet_hits(text: str, snippets: list[str]) -> int:
    """How many snippets occur in ``text`` (whitespace folded on both sides)."""
    folded = " ".join(text.split())
    return sum(1 for s in snippets if " ".join(s.split()) in folded)
