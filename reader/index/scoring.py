"""BM25F as Whoosh scores it, with the field-length part of the formula looked up in a table.

Whoosh's BM25F scorer asks, for every match of every term, the document's field length
through four calls (searcher → reader → per-doc reader → column) and decodes its byte; about a
third of the cost of a match on the 1k tier. A field length is stored as one byte, so the
part of the formula that depends on it, ``K1 * ((1 - B) + B * fl / avgfl)``, has at most 255
values for a field: computed once per field and average length, it is then a lookup of the
segment's length byte (the column ``column_cache`` keeps in memory). The scores are Whoosh's
to the bit: the same operations, in the same order, on the same numbers.
"""

from __future__ import annotations

from array import array

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.util.numeric import byte_to_length

from reader.index.column_cache import Numbers

_TABLES_KEPT = 64  # (field, B, K1, average length): a few per field for each refresh


class TableBM25F(BM25F):
    """``BM25F`` whose scorers read a segment's length bytes through a table of norms."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._norms: dict[tuple, list[float | None]] = {}

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf)
        if type(scorer) is not BM25FScorer:  # an unscored field: Whoosh's own
            return scorer
        lengths = _length_bytes(searcher, fieldname)
        if lengths is None:
            return scorer
        return TableScorer(scorer, lengths, self._norms_for(fieldname, scorer))

    def _norms_for(self, fieldname: str, scorer: BM25FScorer) -> list[float | None]:
        key = (fieldname, scorer.B, scorer.K1, scorer.avgfl)
        norms = self._norms.get(key)
        if norms is None:
            if len(self._norms) >= _TABLES_KEPT:
                self._norms.clear()
            B, K1, avgfl = scorer.B, scorer.K1, scorer.avgfl
            # byte 0: Whoosh's length is None (no length), which fails in the formula: kept so
            norms = [None] + [K1 * ((1 - B) + B * byte_to_length(b) / avgfl) for b in range(1, 256)]
            self._norms[key] = norms
        return norms


def _length_bytes(searcher, fieldname: str) -> array | None:
    """The segment's length byte per document for ``fieldname``, when it is in memory whole."""
    perdoc = getattr(searcher.reader(), "_perdoc", None)
    if perdoc is None:
        return None
    try:
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    except AttributeError:  # another Whoosh's private layout: its own scorer
        return None
    if type(column) is not Numbers or len(column.values) < searcher.reader().doc_count_all():
        return None
    return column.values


class TableScorer(BM25FScorer):
    def __init__(self, scorer: BM25FScorer, lengths: array, norms: list[float | None]) -> None:
        self.__dict__.update(scorer.__dict__)  # idf, avgfl, B, K1, qf, dfl, max quality
        self._lengths = lengths
        self._table = norms
        self._k1_plus_1 = self.K1 + 1

    def score(self, matcher):
        # bm25(): idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))
        tf = matcher.weight()
        return self.idf * ((tf * self._k1_plus_1) / (tf + self._table[self._lengths[matcher.id()]]))

    def scores(self, ids, weights) -> list[float]:
        """``score`` for each (document, weight) of a posting list read whole (``bulk``)."""
        idf, k, table, lengths = self.idf, self._k1_plus_1, self._table, self._lengths
        return [idf * ((tf * k) / (tf + table[lengths[doc]])) for doc, tf in zip(ids, weights)]
