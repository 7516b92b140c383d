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
from reader.index.postings import ids_of
from reader.index.schema import KINDS
from reader.index.timeline import months_of

# A segment's kind codes (the rarer kinds' postings read into an array, kept for the searcher's
# life) cost ~0.14 µs a posting to build (read whole, ``postings.ids_of``); looking a match's
# kind up in those postings costs ~1.7 µs (both measured on the 100k tier: 50k rarer postings,
# 7 ms to build, per segment). So the array is built once the matches looked up in a segment,
# this search's and the earlier ones' of the same searcher, reach the rarer postings' number
# divided by this: a one-shot search with few matches reads only what they need, and a
# searcher kept open stops paying per match after a few searches with many.
LOOKUPS_PER_POSTING = 1 / 12

# An article's matches in a segment, from its postings (read whole, ``postings.ids_of``), cost
# ~20–40 µs; reading the segment's article column (then every article's count is a lookup)
# ~60–100 ns a document (both measured on the 1k and 100k tiers). So a segment's column is
# read once the articles looked up in it, by this search (all the articles it shows, asked at
# once) and the searcher's earlier ones, would reach its documents times this: at 1k, in the
# first search (~20 articles shown, ~5,000 documents a segment); at 100k, after a few hundred.
ARTICLE_LOOKUPS_PER_DOC = 1 / 300


class ArticleCounts:
    """Matches per article id: ``of(article_ids)``. A segment whose article column is in memory
    is counted over all its matches at once; another, per article asked, from that article's
    postings, unless those lookups (these and the searcher's earlier ones) would pay for
    reading the column (``ARTICLE_LOOKUPS_PER_DOC``): then it is read and counted."""

    def __init__(self, seen: list[tuple[Any, array]]) -> None:
        self._seen = [(reader, docs) for reader, docs in seen if docs]
        self._counted: Counter | None = None  # article id (bytes) → matches, in counted segments
        self._lazy: list[tuple[Any, array]] = []  # the segments still looked up per article
        self._sets: dict[int, set[int]] = {}

    def of(self, article_ids: list[str]) -> dict[str, int]:
        """The matches of each of ``article_ids`` (the articles a search shows, asked together:
        how many there are decides whether a segment's column is worth reading now)."""
        if self._counted is None:
            self._counted = Counter()
            for reader, docs in self._seen:
                if is_loaded(reader, "article"):
                    self._count(reader, docs)
                else:
                    self._lazy.append((reader, docs))
        still = []
        for reader, docs in self._lazy:
            if _worth_the_column(reader, len(article_ids)):
                self._count(reader, docs)
            else:
                still.append((reader, docs))
        self._lazy = still
        return {article_id: self._one(article_id.encode("utf-8")) for article_id in article_ids}

    def _one(self, key: bytes) -> int:
        n = self._counted.get(key, 0)
        for reader, docs in self._lazy:
            found = ids_of(reader, "article", key)
            if not found:
                continue
            matched = self._sets.get(id(docs))
            if matched is None:
                matched = self._sets[id(docs)] = set(docs)
            n += sum(1 for d in found if d in matched)  # (a deleted one is never a match)
        return n

    def _count(self, reader, docs: array) -> None:
        # bytes: compared as they are, none decoded
        self._counted.update(map(reader.column_reader("article", translate=False).__getitem__, docs))


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

    def add(self, reader, docs: array) -> None:
        """A segment's matches at once (``bulk``), ascending."""
        self.seen.append((reader, docs))

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


def _worth_the_column(reader, asked: int) -> bool:
    """Whether ``asked`` more articles' lookups in this segment bring its lookups to what
    reading its article column costs (see ``ARTICLE_LOOKUPS_PER_DOC``); if not, they are
    counted."""
    looked_up = vars(reader).get("_reader_article_lookups", 0) + asked
    if looked_up >= reader.doc_count_all() * ARTICLE_LOOKUPS_PER_DOC:
        return True
    reader._reader_article_lookups = looked_up
    return False


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
