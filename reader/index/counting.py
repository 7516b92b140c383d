"""A search's matches counted per kind, per article and per date as they are collected.

Every search reports its hits per kind (the summary line), per article (each article's "+N
more") and per ``when`` (the hits-over-time line). Whoosh's ``FacetCollector`` does this with a
categorizer per facet, asked for a key and a name for every match: about half the cost of
collecting a match, for three facets. ``Counting`` only notes each match's document number; the
counts are taken once the matching is over:

* in the app, whose worker reads the columns and kind codes of every segment ahead
  (``column_cache.warm``), with ``Counter``s over per-segment arrays, in C for the most part,
  and a month for each distinct date of the hits (``timeline.months_of``);
* in a one-shot search (the CLI), which would spend more building those arrays (a pass over
  every document of a segment) than searching, from the posting lists instead: the kind of a
  few matches by stepping through the rarer kinds' postings to them, and the
  matches of an article, asked for the articles shown only, from that article's own postings.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from whoosh.collectors import WrappingCollector

from reader.index.column_cache import has_kind_codes, is_loaded, kind_codes, kinds_by_frequency
from reader.index.matched import landing
from reader.index.schema import KINDS
from reader.index.timeline import months_of

# A segment's kind codes (the rarer kinds' postings read into an array, kept for the searcher's
# life) cost ~0.3 µs a posting to build; looking a match's kind up in those postings costs
# ~1.7 µs (both measured on the 100k tier: 25k rarer postings, 7 ms to build, per segment). So
# the array is built once the matches looked up in a segment, this search's and the earlier
# ones' of the same searcher, reach the rarer postings' number divided by this: a one-shot
# search with few matches reads only what they need, and a searcher kept open stops paying
# per match after a few searches with many.
LOOKUPS_PER_POSTING = 1 / 6


class ArticleCounts:
    """Matches per article id: ``get(article_id)``. Counted over every match at once when the
    segments' article columns are in memory, else per article asked, from its postings."""

    def __init__(self, seen: list[tuple[Any, array]]) -> None:
        self._seen = [(reader, docs) for reader, docs in seen if docs]
        self._all: dict[str, int] | None = None
        self._sets: dict[int, set[int]] = {}

    def get(self, article_id: str, default: int = 0) -> int:
        if self._all is None and all(is_loaded(reader, "article") for reader, _ in self._seen):
            counts: Counter = Counter()
            for reader, docs in self._seen:  # bytes: only the distinct ones are decoded
                counts.update(map(reader.column_reader("article", translate=False).__getitem__, docs))
            self._all = {aid.decode("utf-8"): n for aid, n in counts.items()}
        if self._all is not None:
            return self._all.get(article_id, default)
        n = 0
        for i, (reader, docs) in enumerate(self._seen):
            if ("article", article_id) not in reader:
                continue
            matched = self._sets.get(i)
            if matched is None:
                matched = self._sets[i] = set(docs)
            n += sum(1 for d in reader.postings("article", article_id).all_ids() if d in matched)
        return n or default


@dataclass
class Tally:
    """What the matches were: per kind, per article id (``ArticleCounts``), per month
    ("YYYY-MM"; undated: none)."""

    kinds: dict[str, int] = field(default_factory=dict)
    articles: ArticleCounts = field(default_factory=lambda: ArticleCounts([]))
    months: dict[str, int] = field(default_factory=dict)


class Counting(WrappingCollector):
    """Wraps the collector that ranks the matches; counts what it is given (when the matching
    stops early, the counts are those of the matches seen, like the hits)."""

    def __init__(self, child, *, dated: bool) -> None:
        super().__init__(child)
        self.dated = dated  # the index has a ``when`` column to count by
        self.seen: list[tuple[Any, array]] = []  # (segment reader, its matched document numbers)
        self._docs = array("I")

    def prepare(self, top_searcher, q, context) -> None:
        self.seen = []
        self.child.prepare(top_searcher, q, context)

    def set_subsearcher(self, subsearcher, offset) -> None:
        WrappingCollector.set_subsearcher(self, subsearcher, offset)
        self._docs = array("I")
        self.seen.append((subsearcher.reader(), self._docs))

    def collect(self, sub_docnum):
        self._docs.append(sub_docnum)  # in ascending order within a segment
        return self.child.collect(sub_docnum)

    def tally(self) -> Tally:
        kinds: Counter = Counter()
        whens: Counter = Counter()
        for reader, docs in self.seen:
            if not docs:
                continue
            if has_kind_codes(reader) or _worth_an_array(reader, len(docs)):
                kinds.update(map(kind_codes(reader).__getitem__, docs))
            else:
                kinds.update(_kinds_from_postings(reader, docs))
            if self.dated:  # the values: each distinct one is converted to its month after
                whens.update(map(reader.column_reader("when", translate=False).__getitem__, docs))
        return Tally(
            kinds={kind: kinds[code] for code, kind in enumerate(KINDS, 1) if kinds[code]},
            articles=ArticleCounts(self.seen),
            months=months_of(whens),
        )


def _worth_an_array(reader, matches: int) -> bool:
    """Whether to build the segment's kind codes for ``matches`` more lookups (see
    ``LOOKUPS_PER_POSTING``); if not, they are added to the segment's count."""
    looked_up = vars(reader).get("_reader_kind_lookups", 0) + matches
    rarer = sum(reader.doc_frequency("kind", kind) for _code, kind in kinds_by_frequency(reader)[:-1])
    if looked_up >= rarer * LOOKUPS_PER_POSTING:
        return True
    reader._reader_kind_lookups = looked_up
    return False


def _kinds_from_postings(reader, docs: array) -> dict[int, int]:
    """Kind code → matches, for ``docs`` (ascending) of one segment: each kind but the
    segment's commonest by stepping through its postings to the matches, the commonest the
    rest (comments outnumber articles ten to one: their postings are the longest to step)."""
    kinds = kinds_by_frequency(reader)
    if not kinds:
        return {1: len(docs)}
    *rarer, (commonest, _) = kinds
    counts: dict[int, int] = {}
    for code, kind in rarer:
        counts[code] = sum(1 for _ in landing(reader.postings("kind", kind), docs))
    counts[commonest] = len(docs) - sum(counts.values())
    return counts
