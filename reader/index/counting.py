"""A search's matches counted per kind, per article and per date as they are collected.

Every search reports its hits per kind (the summary line), per article (each article's "+N
more") and per ``when`` (the hits-over-time line). Whoosh's ``FacetCollector`` does this with a
categorizer per facet, asked for a key and a name for every match: about half the cost of
collecting a match, for three facets. ``Counting`` only notes each match's document number, and
the counts are taken once the matching is over, from columns each segment keeps in memory
(``column_cache``): a ``Counter`` over an array, in C for the most part.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from whoosh.collectors import WrappingCollector

from reader.index.column_cache import kind_codes, month_codes
from reader.index.schema import KINDS
from reader.index.timeline import month_name


@dataclass
class Tally:
    """What the matches were: per kind, per article id, per month ("YYYY-MM"; undated: none)."""

    kinds: dict[str, int] = field(default_factory=dict)
    articles: dict[str, int] = field(default_factory=dict)
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
        self._docs.append(sub_docnum)
        return self.child.collect(sub_docnum)

    def tally(self) -> Tally:
        kinds: Counter = Counter()
        articles: Counter = Counter()
        months: Counter = Counter()
        for reader, docs in self.seen:
            if not docs:
                continue
            kinds.update(map(kind_codes(reader).__getitem__, docs))
            if reader.has_column("article"):  # its bytes: only the distinct ones are decoded
                articles.update(map(reader.column_reader("article", translate=False).__getitem__, docs))
            if self.dated:
                months.update(map(month_codes(reader).__getitem__, docs))
        return Tally(
            kinds={kind: kinds[code] for code, kind in enumerate(KINDS, 1) if kinds[code]},
            articles={aid.decode("utf-8"): n for aid, n in articles.items()},
            months={month_name(code): n for code, n in sorted(months.items()) if code},
        )
