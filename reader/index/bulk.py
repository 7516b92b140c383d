"""A segment's matches and their scores for the common queries, a posting block at a time.

Whoosh matches a query one document at a time: per match, a call down its tree of matchers
(a union per word over title and body, a filter for deleted documents, an intersection per
word) and up its chain of collectors, ~3.5 µs of Python a match on the 1k tier. The queries
most searches are — words, in a field or not, with a year, in a kind of document — are And,
Or and Require of at most two terms each, over a posting list or two per term.
``segment_scores`` scores such a query's terms over their whole posting lists (decoded a
block at a time, scored by a comprehension, ``TableBM25F``'s formula) and combines them with
dict operations.

The scores are Whoosh's to the bit: each node adds its two children's scores as Whoosh's
binary ``UnionMatcher`` and ``IntersectionMatcher`` do (a + b, and float addition is
commutative), a ``Require`` keeps its first child's, and with ``needs_current``
(``searching._run``'s context) a constant-score query scores as its child. A node with more
children (Whoosh builds a weighted tree whose sums come in another order), a boost, an Or with
``scale`` or ``minmatch``, or any other query raises ``Unsupported``, and the search goes
through Whoosh's matchers as before.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25FScorer, WeightScorer

from reader.index import postings
from reader.index.counting import Counting
from reader.index.matched import BestMatches, landing
from reader.index.postings import Stopped, Values
from reader.index.scoring import BulkScorer, TableBM25F

Term = tuple[str, bytes]


class Unsupported(Exception):
    """The query has a node ``segment_scores`` does not score as Whoosh would."""


@dataclass
class _Walk:
    leaves: list[tuple[Term, dict[int, float]]]  # each term read, with what it matched
    stop: Callable[[], bool]
    # each term read whole: its document numbers and its blocks' values (``Values``)
    values: dict[Term, "Values"] = field(default_factory=dict)


def segment_scores(q: wq.Query, sub, weighting, stop=None):
    """(document number in the segment → score, for every match; the query's terms, each with
    the documents it matched; term → ``Values`` for those read whole), for the leaf searcher
    ``sub``. Raises ``Unsupported``, or ``Stopped`` when ``stop()`` turns true (asked every
    few blocks of postings)."""
    _check(q)
    walk = _Walk([], stop or postings.never)
    return _scores(q, sub, weighting, walk), walk.leaves, walk.values


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
    if type(q) is wq.Require:
        _check(q.a)
        return _check(q.b)
    if type(q) in (wq.And, wq.Or) and len(q.subqueries) <= 2:
        if type(q) is wq.Or and (q.scale or q.minmatch):
            raise Unsupported
        for child in q.subqueries:
            _check(child)
        return
    raise Unsupported


def _scores(q: wq.Query, sub, weighting, walk: "_Walk", at: list[int] | None = None) -> dict[int, float]:
    """``q``'s matches and scores in the segment (its shape checked by ``_check``); ``at``:
    only among those documents (ascending), read by skipping through the postings to them."""
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return {}
    if type(q) is wq.ConstantScoreQuery:
        return _scores(q.child, sub, weighting, walk, at)  # needs_current: the child's own matcher
    if type(q) is wq.Term:
        return _term(q, sub, weighting, walk, at)
    if type(q) is wq.Require:  # in:articles, in:comments: a's matches that b has, a's scores
        a = _scores(q.a, sub, weighting, walk, at)
        if not a:
            return {}
        if at is None and _size(q.b, sub.reader()) > SKIP_WHEN_LONGER * len(a):
            at = sorted(a)
        b = _scores(q.b, sub, weighting, walk, at)
        return {doc: score for doc, score in a.items() if doc in b}
    kind = type(q)
    subs = q.subqueries
    if not subs:
        return {}
    if len(subs) == 1:
        return _scores(subs[0], sub, weighting, walk, at)
    if kind is wq.And:
        # the rarer side first; the other read only at its matches when it is much longer
        # (a year's postings against a word's), as Whoosh's intersection skips
        reader = sub.reader()
        small, big = sorted(subs, key=lambda child: _size(child, reader))
        a = _scores(small, sub, weighting, walk, at)
        if not a:
            return {}
        if at is None and _size(big, reader) > SKIP_WHEN_LONGER * len(a):
            at = sorted(a)
        b = _scores(big, sub, weighting, walk, at)
        return {doc: score + b[doc] for doc, score in a.items() if doc in b}  # a + b == b + a
    a = _scores(subs[0], sub, weighting, walk, at)
    b = _scores(subs[1], sub, weighting, walk, at)
    union = dict(a)
    for doc, score in b.items():
        other = union.get(doc)
        union[doc] = score if other is None else other + score
    return union


# An And's longer side is read only at the shorter side's matches when it has this many
# times more postings: a skip costs a block's decoding, a posting read in bulk ~0.5 µs.
SKIP_WHEN_LONGER = 16
_INFOS_KEPT = 4096  # per segment reader: the words of the last searches


def _size(q: wq.Query, reader) -> int:
    """The postings ``q``'s terms have in the segment (an And: its shortest side's)."""
    if type(q) is wq.Term:
        info = _info(q, reader)
        return info.doc_frequency() if info is not None else 0
    if type(q) is wq.ConstantScoreQuery:
        return _size(q.child, reader)
    subs = getattr(q, "subqueries", ())
    if not subs:
        return 0
    sizes = [_size(child, reader) for child in subs]
    return min(sizes) if type(q) in (wq.And, wq.Require) else sum(sizes)


def _info(q: wq.Term, reader):
    """The term's info in the segment (its postings' count and place), None when it has none.
    Kept on the reader (a segment's postings never change): asked per node, per segment, by
    the estimate, the reading and the idf alike, each a lookup in the term table (~9 µs)."""
    known = vars(reader).setdefault("_reader_term_infos", {})
    key = (q.fieldname, q.text)
    try:
        return known[key]
    except KeyError:
        pass
    try:
        info = reader.term_info(q.fieldname, q.text)
    except Exception:  # not there (TermNotFound), or a value the field cannot take: no match
        info = None
    if len(known) >= _INFOS_KEPT:
        known.clear()
    known[key] = info
    return info


def _term(q: wq.Term, sub, weighting, walk: "_Walk", at: list[int] | None) -> dict[int, float]:
    """Whoosh's ``Term.matcher`` and ``Searcher.postings``, all at once: the term looked up
    once in the segment (Whoosh's containment test, scorer and matcher look it up each, ~9 µs
    a time, and its matcher reads a block header besides)."""
    schema = sub.schema
    if q.fieldname not in schema:
        return {}
    try:
        text = schema[q.fieldname].to_bytes(q.text)
    except ValueError:
        return {}
    reader = sub.reader()
    term = (q.fieldname, text)
    info = _info(q, reader)
    if info is None:
        return {}
    if isinstance(weighting, TableBM25F):
        scorer = weighting.bulk_scorer(sub, q.fieldname, text, _index_frequency(q, sub))
    else:
        scorer = weighting.scorer(sub, q.fieldname, text)
    deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
    if at is None:
        ids, weights, values = postings.read(info, reader, q.fieldname, text, walk.stop)
        if values is not None:
            walk.values[term] = values
    else:
        m = reader.postings(q.fieldname, text)  # no scorer: scored below
        if isinstance(m, FilterMatcher):
            m = m.child
        ids, weights = _landed(m, at, walk.stop)
    if scorer is None or type(scorer) is WeightScorer:  # a field not scored: its weights
        scores = weights
    elif type(scorer) is BulkScorer:
        scores = scorer.scores(ids, weights)
    elif type(scorer) is BM25FScorer:  # the lengths not in memory: Whoosh's score, per posting
        score, length = scorer._score, scorer.dfl
        scores = [score(tf, length(doc)) for doc, tf in zip(ids, weights)]
    else:
        raise Unsupported
    found = dict(zip(ids, scores))
    if deleted:
        for doc in deleted.intersection(found):
            del found[doc]
    walk.leaves.append((term, found))
    return found


def _index_frequency(q: wq.Term, sub) -> int:
    """``q``'s documents in the whole index (each segment's count, kept on its reader)."""
    top = sub.get_parent()
    return sum(_size(q, reader) for reader, _offset in top.reader().leaf_readers())


def _landed(m, at: list[int], stop) -> tuple[list[int], list[float]]:
    """The documents of ``at`` (ascending) that leaf matcher ``m`` has, with their weights."""
    ids: list[int] = []
    weights: list[float] = []
    for i, doc in enumerate(landing(m, at)):
        if not i % postings.STOP_EVERY_DOCS and stop():
            raise Stopped
        ids.append(doc)
        weights.append(m.weight())
    return ids, weights


# Reading, scoring and counting a posting this way costs ~0.3 µs on the 1k tier, ~0.8 µs on
# the 100k one (its blocks are further apart); a skip to a document, about a block's
# decoding. A search whose postings would not fit its time limit at those rates goes through
# Whoosh's matchers, which stop on time.
SECONDS_PER_POSTING = 1e-6
POSTINGS_PER_SKIP = 32


def _cost(q: wq.Query, reader) -> int:
    """About what reading ``q``'s matches here costs, in postings (as ``_scores`` reads)."""
    if type(q) in (wq.And, wq.Require) and len(q.subqueries) == 2:
        small, big = sorted(_size(child, reader) for child in q.subqueries)
        if big > SKIP_WHEN_LONGER * small:
            return small + small * POSTINGS_PER_SKIP
        return small + big
    if type(q) is wq.ConstantScoreQuery:
        return _cost(q.child, reader)
    if type(q) is wq.Or:
        return sum(_cost(child, reader) for child in q.subqueries)
    return _size(q, reader)


def affordable(q: wq.Query, searcher, time_limit: float | None) -> bool:
    """Whether reading ``q``'s matches in every segment fits ``time_limit`` (None: no limit)."""
    if not time_limit:
        return True
    postings = sum(_cost(q, sub.reader()) for sub, _offset in searcher.leaf_searchers())
    return postings * SECONDS_PER_POSTING <= time_limit


def run(searcher, q: wq.Query, top: int, time_limit: float | None, dated: bool, stop):
    """``searching._run`` for a query ``supported`` takes: the ``top`` best matches (Whoosh's
    results, with their terms), whether it stopped early, and the ``Tally``. Segment by
    segment until ``time_limit`` seconds have passed or ``stop()`` (asked every few blocks
    inside a segment too: a cancel does not wait for a segment's end; a segment cut short
    gives nothing); None (nothing read) when a term's scorer is one it does not know, for
    Whoosh's matchers to do it."""
    t0 = time.perf_counter()
    ranked = BestMatches(top)
    counting = Counting(ranked, dated=dated)
    counting.prepare(searcher, q, searcher.context(needs_current=True))
    weighting = searcher.weighting

    def over() -> bool:
        return stop() or bool(time_limit and time.perf_counter() - t0 > time_limit)

    partial = False
    kept: dict[Term, list[tuple[int, Values]]] = {}
    for sub, offset in searcher.leaf_searchers():
        if over():
            partial = True
            break
        try:
            scores, leaves, values = segment_scores(q, sub, weighting, over)
        except Unsupported:
            return None
        except Stopped:
            partial = True
            break
        if scores:
            docs = sorted(scores)
            counting.add(sub.reader(), array("I", docs))
            ranked.add_scores(offset, scores, docs, leaves)
            for term, found in values.items():
                kept.setdefault(term, []).append((offset, found))
    res = ranked.results()
    ranked.give_terms(res)
    res.reader_values = kept  # for the snippets (highlight._Highlighter._load_chars)
    return res, partial, counting.tally()
