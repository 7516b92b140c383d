"""The best matches of a search, and the terms each hit shown matched.

Whoosh's ``TermsCollector`` notes, at every match, which of the query's term matchers sit on the
document: a loop over every term of the query per match (a fuzzy word or a prefix has dozens),
then a dict of every match's terms copied into the results; and its ``UnlimitedCollector``
sorts every match at the end. A search shows 20 articles' hits of thousands of matches, and only
those need their terms (``Hit.terms``, the title spans, the highlighter's words):

* ``BestMatches`` keeps the best in a heap and notes the terms of a match only as it enters it
  (a few hundred of thousands);
* ``note_matched_terms``, for a search that keeps every match (``per_article=None``, by date),
  moves the query's matcher of each segment to the hits shown afterwards and asks there.

Both give the terms ``TermsCollector`` gives (tested).
"""

from __future__ import annotations

from array import array
from collections.abc import Collection
from heapq import heapify, heappush, heapreplace, nlargest

from whoosh import collectors, scoring

from reader.index.phrases import START


class _Unscored(scoring.WeightingModel):
    """Matchers that are never asked for a score that counts: no BM25 statistics read per
    term and segment (a phrase matcher still adds its words' weights)."""

    def scorer(self, searcher, fieldname, text, qf=1):
        return scoring.WeightScorer(1.0)


_UNSCORED = _Unscored()


def landing(m, docs):
    """Each of ``docs`` (ascending: a matcher only moves forward) that matcher ``m`` matches,
    with ``m`` moved onto it."""
    for doc in docs:
        if not m.is_active():
            return
        if m.id() < doc:
            m.skip_to(doc)
            if not m.is_active():
                return
        if m.id() == doc:
            yield doc


def note_matched_terms(res, docnums: Collection[int]) -> None:
    """Give Whoosh's results ``res`` the terms each of ``docnums`` (top-level document numbers
    of its matches) matched, as ``TermsCollector`` would have: ``hit.matched_terms()`` and
    ``res.matched_terms()`` (the highlighter's words) answer for them."""
    docterms: dict[int, list] = {}
    termdocs: dict[tuple, array] = {}
    wanted = sorted(docnums)
    searcher = res.searcher
    context = searcher.context(needs_current=True, weighting=_UNSCORED)
    for sub, offset in searcher.leaf_searchers():
        end = offset + sub.reader().doc_count_all()
        docs = [d - offset for d in wanted if offset <= d < end]
        if not docs:
            continue
        m = res.q.matcher(sub, context.set(**{START: docs[0]}))
        for doc in landing(m, docs):
            for tm in m.term_matchers():
                if tm.is_active() and tm.id() == doc:
                    term = tm.term()
                    docterms.setdefault(offset + doc, []).append(term)
                    termdocs.setdefault(term, array("I")).append(offset + doc)
    res.docterms = docterms
    res.termdocs = termdocs


class BestMatches(collectors.TopCollector):
    """The ``limit`` best matches, in a heap, each with the terms it matched. Whoosh's own
    raises its minimum score as the heap fills, and its matchers then drop the words that
    cannot reach it: matches never counted (and a phrase matcher has no quality to compare).
    This one sees every match."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit=limit, usequality=False)
        self._terms: dict[int, list] = {}
        self._term_matchers: list = []

    def prepare(self, top_searcher, q, context) -> None:
        super().prepare(top_searcher, q, context)
        self._terms = {}

    def set_subsearcher(self, subsearcher, offset) -> None:
        super().set_subsearcher(subsearcher, offset)
        # the leaves stay the same objects when Whoosh replaces the tree above them
        self._term_matchers = list(self.matcher.term_matchers())

    def _collect(self, global_docnum: int, score: float) -> float:
        items = self.items
        self.total += 1
        if len(items) < self.limit:
            heappush(items, (score, 0 - global_docnum))  # the lower document first on a tie
        elif score > items[0][0]:
            _score, out = heapreplace(items, (score, 0 - global_docnum))
            del self._terms[0 - out]
        else:
            return 0 - score
        doc = global_docnum - self.offset
        self._terms[global_docnum] = [tm.term() for tm in self._term_matchers
                                      if tm.is_active() and tm.id() == doc]
        return 0 - score

    def add_scores(self, offset: int, scores: dict[int, float], docs: list[int], leaves) -> None:
        """A segment's matches at once (``bulk.segment_scores``; ``docs``: its keys,
        ascending): the heap keeps what one match at a time would have kept (the ``limit``
        greatest (score, -docnum): a later document never displaces an equal score), and
        each new entry's terms."""
        self.total += len(scores)
        # sorted(reverse=True)[:n] keeps the earlier of equal keys: with ``docs`` ascending,
        # the lower document
        best = _largest(self.limit, docs, scores.__getitem__)
        kept = _largest(self.limit, self.items + [(scores[doc], 0 - offset - doc) for doc in best])
        heapify(kept)
        self.items = kept
        terms = self._terms
        for _score, neg in kept:
            if 0 - neg not in terms:
                doc = 0 - neg - offset
                terms[0 - neg] = [term for term, found in leaves if doc in found]
        if len(terms) > len(kept):  # the ones pushed out
            inside = {0 - neg for _score, neg in kept}
            self._terms = {doc: t for doc, t in terms.items() if doc in inside}

    def give_terms(self, res) -> None:
        """Give Whoosh's results ``res`` (this collector's) the terms of the matches kept."""
        docterms = {0 - doc: self._terms[0 - doc] for _score, doc in self.items}
        termdocs: dict[tuple, array] = {}
        for doc, terms in sorted(docterms.items()):
            for term in terms:
                termdocs.setdefault(term, array("I")).append(doc)
        res.docterms = docterms
        res.termdocs = termdocs


def _largest(n: int, items: list, key=None) -> list:
    """``heapq.nlargest(n, items, key)``, the same list (it is ``sorted(items, key=key,
    reverse=True)[:n]``), by that sort when ``items`` are few: for 200 of 700 the sort takes a
    quarter of the heap's time; past ~15 times ``n``, the heap wins."""
    if len(items) <= 10 * n:
        return sorted(items, key=key, reverse=True)[:n]
    return nlargest(n, items, key=key)
