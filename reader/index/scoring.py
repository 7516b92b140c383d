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
from math import log

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
        return TableScorer(scorer, lengths, self._table(fieldname, scorer.B, scorer.K1, scorer.avgfl))

    def bulk_scorer(self, searcher, fieldname, text, doc_frequency: int):
        """A scorer for ``bulk`` (its ``scores``), made without looking the term up again:
        ``doc_frequency`` is the term's documents in the whole index, the sum over its segments
        that ``idf`` would ask the top searcher for. None for a field that is not scored (a
        match's weight is its score); Whoosh's own scorer when the lengths are not in memory."""
        if not searcher.schema[fieldname].scorable:
            return None
        lengths = _length_bytes(searcher, fieldname)
        if lengths is None:
            return self.scorer(searcher, fieldname, text)
        parent = searcher.get_parent()
        idf = log(parent.doc_count_all() / (doc_frequency + 1)) + 1  # WeightingModel.idf
        B = self._field_B.get(fieldname, self.B)  # BM25F.scorer's choice
        avgfl = parent.avg_field_length(fieldname) or 1  # BM25FScorer's
        return BulkScorer(idf, self.K1 + 1, self._table(fieldname, B, self.K1, avgfl), lengths)

    def _table(self, fieldname: str, B: float, K1: float, avgfl: float) -> list[float | None]:
        key = (fieldname, B, K1, avgfl)
        norms = self._norms.get(key)
        if norms is None:
            if len(self._norms) >= _TABLES_KEPT:
                self._norms.clear()
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


class BulkScorer:
    """``TableScorer.score`` for each (document, weight) of a posting list read whole: what
    ``bulk`` asks of a scorer."""

    __slots__ = ("idf", "k1_plus_1", "table", "lengths")

    def __init__(self, idf: float, k1_plus_1: float, table: list[float | None], lengths: array) -> None:
        self.idf, self.k1_plus_1, self.table, self.lengths = idf, k1_plus_1, table, lengths

    def scores(self, ids, weights) -> list[float]:
        idf, k, table, lengths = self.idf, self.k1_plus_1, self.table, self.lengths
        return [idf * ((tf * k) / (tf + table[lengths[doc]])) for doc, tf in zip(ids, weights)]
