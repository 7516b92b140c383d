"""Expansions: what the prefix, wildcard and fuzzy terms of a parsed query search, bounded and
chosen once for the whole index; and the other rewrites of a parsed query that keep it cheap (a
bare ``*`` is every document, a range of whole years is their ``year`` terms).

Prefix, wildcard and fuzzy terms expand to at most ``MAX_EXPANSION`` index terms (the most
frequent among the first ``MAX_SCAN`` candidates): an unbounded ``cro*`` took 19 s on a 20k
library. When searching every candidate is cheap (at most ``MAX_EXACT_TERMS`` words holding at
most ``EXACT_POSTINGS`` documents between them) all are searched, and the counts are exact.
``pin_expansions`` chooses the words once against the whole index before matching (``_Pinned``).

``reader.index.query.parse`` applies ``bound_expansions``; ``SearchIndex`` pins.
"""

from __future__ import annotations

import re

from whoosh import query as wq
from whoosh.fields import FieldType
from whoosh.reading import IndexReader

from reader.index.suggest import max_distance
from reader.index.terms import TermLists, lists_for

MAX_EXPANSION = 16
MAX_SCAN = 4000
# Searched whole when this cheap (``wil*``: 26 words, 199 documents on the 1k benchmark library):
# counts then exact, not a lower bound. The postings bound the matching, the words the matchers.
MAX_EXACT_TERMS = 48
EXACT_POSTINGS = 1000


def _walk(q: wq.Query):
    """Every node of ``q``, ``q`` first (its checks and its pinning both walk the whole tree)."""
    yield q
    if q.is_leaf():
        return
    for child in q.children():
        yield from _walk(child)


def _top(pairs) -> tuple[list[bytes], bool]:
    """The ``MAX_EXPANSION`` most frequent of at most ``MAX_SCAN`` candidate terms (``pairs``:
    (term bytes, doc frequency) in term order) — all of them when that is cheap (``_cheap``) —
    and whether some candidates were left out."""
    scored = []
    cut = False
    for n, (btext, df) in enumerate(pairs):
        if n >= MAX_SCAN:
            cut = True
            break
        scored.append((df, btext))
    if len(scored) > MAX_EXPANSION and (cut or not _cheap(scored)):
        cut = True
        scored.sort(key=lambda t: (-t[0], t[1]))
        scored = scored[:MAX_EXPANSION]
    return sorted(b for _, b in scored), cut


def _cheap(scored: list[tuple[int, bytes]]) -> bool:
    return len(scored) <= MAX_EXACT_TERMS and sum(df for df, _ in scored) <= EXACT_POSTINGS


def _with_df(reader, fieldname: str, candidates):
    df = reader.doc_frequency
    return ((btext, df(fieldname, btext)) for btext in candidates)


class _Pinned:
    """An expanding term whose expansion can be chosen once for the whole index (``pin``).

    Whoosh expands a term per segment, against that segment's own frequencies: with a bound on
    the expansion, an index of several segments (any incremental update, any parallel build)
    searched different words in each, and ``doc1*`` found 42 documents on one index and 32 on
    a rebuild of the same files. Pinned, every segment searches the same words.

    Pinning reads the candidates from the reader's cached term lists (``reader.index.terms``)
    when it can; ``_candidates`` (Whoosh's walk of the term dictionary) is the fallback and
    what an unpinned query (a segment's reader) uses."""

    pinned: list[bytes] | None = None
    cut: bool = False

    def _candidates(self, ixreader):
        raise NotImplementedError

    def _cached(self, lists):
        """(term bytes, doc frequency) pairs from ``lists``, in term order; None: not here."""
        return None

    def _btexts(self, ixreader):
        if self.pinned is not None:
            return self.pinned
        return _top(_with_df(ixreader, self.fieldname, self._candidates(ixreader)))[0]

    def pin(self, ixreader, lists: TermLists | None = None) -> None:
        pairs = None
        if lists is not None and _utf8_terms(ixreader.schema, self.fieldname):
            pairs = self._cached(lists)
        if pairs is None:
            pairs = _with_df(ixreader, self.fieldname, self._candidates(ixreader))
        self.pinned, self.cut = _top(pairs)

    def pattern(self) -> str:
        return self.text


def _utf8_terms(schema, fieldname: str) -> bool:
    """Whether a field's terms are its words in UTF-8 (text, ids: what the term lists hold),
    not numbers or dates in Whoosh's sortable bytes."""
    if fieldname not in schema:
        return False
    field = schema[fieldname]
    return type(field).to_bytes is FieldType.to_bytes and type(field).from_bytes is FieldType.from_bytes


def _encoded(pairs):
    return ((text.encode("utf-8"), df) for text, df in pairs)


class BoundedPrefix(_Pinned, wq.Prefix):
    def _candidates(self, ixreader):
        return wq.Prefix._btexts(self, ixreader)

    def _cached(self, lists):
        if not self.text:
            return None
        return _encoded(lists.with_prefix(self.fieldname, self.text))

    def pattern(self) -> str:
        return self.text + "*"


class BoundedWildcard(_Pinned, wq.Wildcard):
    def _candidates(self, ixreader):
        return wq.Wildcard._btexts(self, ixreader)

    def _cached(self, lists):
        prefix = self._find_prefix(self.text)
        if not prefix:
            return None  # ``*ing``: every term of the field; Whoosh's walk, bounded by _top
        exp = re.compile(self._get_pattern())
        return _encoded((t, df) for t, df in lists.with_prefix(self.fieldname, prefix) if exp.match(t))


class BoundedFuzzy(_Pinned, wq.FuzzyTerm):
    """``word~``: the words within ``maxdist`` edits of ``word``, and — so a fuzzy search
    reaches at least as far as "did you mean" (``reader.index.suggest``) — those within its
    distance of the word's stem (bodies and titles are indexed as stems: ``schedular~`` must
    find ``schedul``, which "did you mean" offers as "scheduler").

    Edit distance is Damerau-Levenshtein (a swap of two letters is one edit), Whoosh's
    ``IndexReader.terms_within``, whether the index has one segment or many (Whoosh's
    one-segment reader used an automaton without swaps: a fuzzy term found more on an index
    of several segments than on the same index optimised)."""

    def _stem(self, field) -> str | None:
        try:
            stems = list(field.process_text(self.text, mode="query"))
        except Exception:  # a field without an analyser: the word as typed is all there is
            stems = []
        return stems[0] if len(stems) == 1 and stems[0] != self.text else None

    def _candidates(self, ixreader):
        field = ixreader.schema[self.fieldname]
        words = set(IndexReader.terms_within(ixreader, self.fieldname, self.text, self.maxdist,
                                             prefix=self.prefixlength))
        stem = self._stem(field)
        if stem is not None:
            maxdist = max(self.maxdist, max_distance(stem))
            words.update(IndexReader.terms_within(ixreader, self.fieldname, stem, maxdist,
                                                  prefix=self.prefixlength))
        return (field.to_bytes(w) for w in sorted(words))

    def _cached(self, lists):
        if not self.text or self.prefixlength < 1:
            return None
        field = lists.reader.schema[self.fieldname]
        words = set(lists.within(self.fieldname, self.text, self.maxdist, self.prefixlength))
        stem = self._stem(field)
        if stem is not None:
            maxdist = max(self.maxdist, max_distance(stem))
            words.update(lists.within(self.fieldname, stem, maxdist, self.prefixlength))
        return _with_df(lists.reader, self.fieldname, (field.to_bytes(w) for w in sorted(words)))

    def pattern(self) -> str:
        return self.text + "~"


def pin_expansions(q: wq.Query, ixreader) -> list[str]:
    """Choose the words of every prefix, wildcard and fuzzy term of ``q`` once, against the
    whole index (``ixreader``: the searcher's top reader, whose cached term lists are used and
    kept); the patterns whose expansion was cut (results are then a lower bound:
    ``Results.partial``)."""
    cut: list[str] = []
    lists = None
    for node in _walk(q):
        if isinstance(node, _Pinned):
            if lists is None:
                lists = lists_for(ixreader)
            node.pin(ixreader, lists)
            if node.cut and node.pattern() not in cut:
                cut.append(node.pattern())
    return cut


MAX_YEARS = 100


def _whole_years(node) -> tuple[int, int] | None:
    """(first, last) when a DateRange covers whole years exactly (``date:2003..2007``)."""
    start, end = getattr(node, "startdate", None), getattr(node, "enddate", None)
    if start is None or end is None:
        return None
    if (start.month, start.day, start.hour, start.minute, start.second, start.microsecond) != (1, 1, 0, 0, 0, 0):
        return None
    if (end.month, end.day, end.hour, end.minute, end.second, end.microsecond) != (12, 31, 23, 59, 59, 999999):
        return None
    if not 0 <= end.year - start.year < MAX_YEARS:
        return None
    return start.year, end.year


def bound_expansions(q: wq.Query) -> wq.Query:
    """``q`` with its prefix, wildcard and fuzzy terms bounded (``Bounded*``), a bare ``*`` as
    every document and a ``date:`` range of whole years as their ``year`` terms."""
    def fix(node: wq.Query) -> wq.Query:
        # A bare `*` (Whoosh: every term of a field, one by one: seconds on a big library)
        # means every document; beside other words it adds nothing, so it is dropped there.
        if type(node) is wq.Every:
            return wq.Every(boost=node.boost)
        if isinstance(node, wq.Or) and node.subqueries and all(type(c) is wq.Every for c in node.subqueries):
            return wq.Every(boost=node.boost)
        if type(node) is wq.And and any(type(c) is wq.Every for c in node.subqueries):
            kept = [c for c in node.subqueries if type(c) is not wq.Every]
            if kept:
                return kept[0] if len(kept) == 1 else wq.And(kept, boost=node.boost)
        if isinstance(node, wq.DateRange) and node.fieldname == "date":
            years = _whole_years(node)
            if years is not None:
                terms = [wq.Term("year", str(y)) for y in range(years[0], years[1] + 1)]
                return wq.ConstantScoreQuery(terms[0] if len(terms) == 1 else wq.Or(terms), score=node.boost)
        if type(node) is wq.Prefix:
            return BoundedPrefix(node.fieldname, node.text, boost=node.boost)
        if type(node) is wq.Wildcard:
            return BoundedWildcard(node.fieldname, node.text, boost=node.boost)
        if type(node) is wq.FuzzyTerm:
            # `word~` is maxdist 1 to Whoosh; "did you mean" allows 2 edits in a longer word,
            # and a fuzzy search should reach at least as far as the suggestion it is offered
            return BoundedFuzzy(node.fieldname, node.text, boost=node.boost,
                                maxdist=max(node.maxdist, max_distance(node.text)),
                                prefixlength=max(1, node.prefixlength))
        return node

    return q.accept(fix)
