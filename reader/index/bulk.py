"""A segment's matches and their scores for the common queries, a posting block at a time.

Whoosh matches a query one document at a time: per match, a call down its tree of matchers
(a union per word over title and body, a filter for deleted documents, an intersection per
word) and up its chain of collectors, ~3.5 µs of Python a match on the 1k tier. The queries
most searches are — words, in a field or not, with a year — are And and Or of at most two
terms each, over a posting list or two per term. ``segment_scores`` scores such a query's
terms over their whole posting lists (decoded a block at a time, scored by a comprehension,
``TableBM25F``'s formula) and combines them with dict operations.

The scores are Whoosh's to the bit: each node adds its two children's scores as Whoosh's
binary ``UnionMatcher`` and ``IntersectionMatcher`` do (a + b, and float addition is
commutative), with ``needs_current`` (``searching._run``'s context) a constant-score query
scores as its child. A node with more children (Whoosh builds a weighted tree whose sums
come in another order), a boost, an Or with ``scale`` or ``minmatch``, or any other query
raises ``Unsupported``, and the search goes through Whoosh's matchers as before.
"""

from __future__ import annotations

import time
from array import array

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25FScorer, WeightScorer

from reader.index.counting import Counting
from reader.index.matched import BestMatches
from reader.index.scoring import _TableScorer

Term = tuple[str, bytes]


class Unsupported(Exception):
    """The query has a node ``segment_scores`` does not score as Whoosh would."""


def segment_scores(q: wq.Query, sub, weighting) -> tuple[dict[int, float], list[tuple[Term, dict[int, float]]]]:
    """(document number in the segment → score, for every match; the query's terms, each with
    the documents it matched), for the leaf searcher ``sub``. Raises ``Unsupported``."""
    leaves: list[tuple[Term, dict[int, float]]] = []
    return _scores(q, sub, weighting, leaves), leaves


def supported(q: wq.Query) -> bool:
    """Whether ``segment_scores`` takes ``q`` (its shape only: asked before any reading)."""
    try:
        _check(q)
    except Unsupported:
        return False
    return True


def _check(q: wq.Query) -> None:
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return
    if type(q) is wq.ConstantScoreQuery:
        return _check(q.child)
    if q.boost != 1.0:
        raise Unsupported
    if type(q) is wq.Term:
        return
    if type(q) in (wq.And, wq.Or) and len(q.subqueries) <= 2:
        if type(q) is wq.Or and (q.scale or q.minmatch):
            raise Unsupported
        for child in q.subqueries:
            _check(child)
        return
    raise Unsupported


def _scores(q: wq.Query, sub, weighting, leaves) -> dict[int, float]:
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return {}
    if type(q) is wq.ConstantScoreQuery:
        return _scores(q.child, sub, weighting, leaves)  # needs_current: the child's own matcher
    if q.boost != 1.0:
        raise Unsupported
    if type(q) is wq.Term:
        return _term(q, sub, weighting, leaves)
    kind = type(q)
    if kind not in (wq.And, wq.Or) or len(q.subqueries) > 2 or (kind is wq.Or and (q.scale or q.minmatch)):
        raise Unsupported
    subs = q.subqueries
    if not subs:
        return {}
    if len(subs) == 1:
        return _scores(subs[0], sub, weighting, leaves)
    a = _scores(subs[0], sub, weighting, leaves)
    b = _scores(subs[1], sub, weighting, leaves)
    if kind is wq.And:
        if len(b) < len(a):
            a, b = b, a
        return {doc: score + b[doc] for doc, score in a.items() if doc in b}
    union = dict(a)
    for doc, score in b.items():
        other = union.get(doc)
        union[doc] = score if other is None else other + score
    return union


def _term(q: wq.Term, sub, weighting, leaves) -> dict[int, float]:
    """Whoosh's ``Term.matcher`` and ``Searcher.postings``, all at once."""
    schema = sub.schema
    if q.fieldname not in schema:
        return {}
    try:
        text = schema[q.fieldname].to_bytes(q.text)
    except ValueError:
        return {}
    reader = sub.reader()
    term = (q.fieldname, text)
    if term not in reader:
        return {}
    scorer = weighting.scorer(sub, q.fieldname, text)
    m = reader.postings(q.fieldname, text)  # no scorer: scored below
    deleted = frozenset()
    if isinstance(m, FilterMatcher):
        deleted = reader.deleted_docs_set
        m = m.child
    ids, weights = _postings(m)
    if type(scorer) is _TableScorer:
        idf, k, table, lengths = scorer.idf, scorer._k1_plus_1, scorer._table, scorer._lengths
        # _TableScorer.score, over the list
        scores = [idf * ((tf * k) / (tf + table[lengths[doc]])) for doc, tf in zip(ids, weights)]
    elif type(scorer) is WeightScorer:
        scores = weights
    elif type(scorer) is BM25FScorer:  # the lengths not in memory: Whoosh's score, per posting
        score, length = scorer._score, scorer.dfl
        scores = [score(tf, length(doc)) for doc, tf in zip(ids, weights)]
    else:
        raise Unsupported
    found = dict(zip(ids, scores))
    if deleted:
        for doc in deleted.intersection(found):
            del found[doc]
    leaves.append((term, found))
    return found


def _postings(m) -> tuple[list[int], list[float]]:
    """A leaf matcher's document numbers and weights, a block at a time when it is Whoosh's
    block reader (its block arrays), else a posting at a time."""
    ids: list[int] = []
    weights: list[float] = []
    if type(m) is W3LeafMatcher:
        while m.is_active():
            m.id()  # reads the block's ids
            m.weight()  # and its weights
            ids.extend(m._ids[m._i:])
            weights.extend(m._weights[m._i:])
            m._next_block()
        return ids, weights
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return ids, weights


# Decoding and scoring a posting this way costs ~0.3 µs (1k tier); a search whose postings
# would not fit its time limit at that rate goes through Whoosh's matchers, which stop on time.
SECONDS_PER_POSTING = 0.5e-6


def affordable(q: wq.Query, searcher, time_limit: float | None) -> bool:
    """Whether reading every posting of ``q``'s terms fits ``time_limit`` (None: no limit)."""
    if not time_limit:
        return True
    postings = 0
    for field, text in q.iter_all_terms():
        for sub, _offset in searcher.leaf_searchers():
            try:
                postings += sub.reader().doc_frequency(field, text)
            except Exception:  # a value the field cannot take: it matches nothing
                pass
    return postings * SECONDS_PER_POSTING <= time_limit


def run(searcher, q: wq.Query, top: int, time_limit: float | None, dated: bool, stop):
    """``searching._run`` for a query ``supported`` takes: the ``top`` best matches (Whoosh's
    results, with their terms), whether it stopped early, and the ``Tally``. Segment by
    segment until ``time_limit`` seconds have passed or ``stop()``; None (nothing read) when
    a term's scorer is one it does not know, for Whoosh's matchers to do it."""
    t0 = time.perf_counter()
    ranked = BestMatches(top)
    counting = Counting(ranked, dated=dated)
    counting.prepare(searcher, q, searcher.context(needs_current=True))
    weighting = searcher.weighting
    partial = False
    for sub, offset in searcher.leaf_searchers():
        if stop() or (time_limit and time.perf_counter() - t0 > time_limit):
            partial = True
            break
        try:
            scores, leaves = segment_scores(q, sub, weighting)
        except Unsupported:
            return None
        if scores:
            counting.add(sub.reader(), array("I", sorted(scores)))
            ranked.add_scores(offset, scores, leaves)
    res = ranked.results()
    ranked.give_terms(res)
    return res, partial, counting.tally()
