"""Exact phrases, checked on bare positions: Whoosh's phrase matcher builds a ``Span`` with
character offsets per posting of every candidate document, which made a phrase of two common
words take seconds on a large library.

A two-word phrase goes further (``_phrase_walk``): per segment, the rarer word's postings lead,
a block at a time; the other word's matcher moves to each of its documents only (skipping whole
blocks by their last id, bisecting inside one) and the positions are checked there, without
Whoosh's matcher layers (intersection, span wrapper) between; the score is the sum of the two
term matchers' scores, as Whoosh's phrase matcher gives it (the same documents, scores and
matched terms: tested against ``wq.Phrase``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from itertools import accumulate

from whoosh import formats, matching
from whoosh import query as wq
from whoosh.compat import loads
from whoosh.matching import ReadTooFar
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query.spans import Span, SpanNear2
from whoosh.system import _INT_SIZE



class _ExactPhraseMatcher(SpanNear2.SpanNear2Matcher):
    """Whoosh's phrase matcher (``SpanNear2``, slop 1) with a cheaper check per candidate.

    Whoosh turns both words' postings into ``Span`` objects (with character offsets) for every
    document holding both and bisects them: about 80 µs a candidate, 6 s for a phrase of two
    common words at 10k. The same test on bare positions, with sets, is a few µs.
    """

    def _get_spans(self):
        ends = None
        for m in self.ms:
            positions = m.value_as("positions")
            if ends is None:
                ends = set(positions)
            else:
                ends = {p for p in positions if p - 1 in ends}
            if not ends:
                return []
        n = len(self.ms) - 1
        return [Span(p - n, p) for p in sorted(ends)]


def leaf(m):
    return m.child if isinstance(m, FilterMatcher) else m  # deletions are checked apart


def value_at(m, doc: int) -> bytes | None:
    """The raw value of ``doc``'s posting in leaf matcher ``m`` (moved forward to it), or None.
    Whoosh's W3 block matcher skips whole blocks by their last id and bisects inside one;
    another matcher steps."""
    if not m.is_active():
        return None
    if hasattr(m, "_read_ids") and hasattr(m, "_skip_to_block"):
        if doc > m._maxid:
            m._skip_to_block(lambda: doc > m._maxid)
            if not m.is_active():
                return None
        if m._ids is None:
            m._read_ids()
        m._i = bisect_left(m._ids, doc, m._i)  # doc <= the block's last id: found or passed here
    elif m.id() < doc:
        m.skip_to(doc)
        if not m.is_active():
            return None
    return m.value() if m.id() == doc else None


def _positions_decoder(format_):
    if type(format_) is formats.Characters:
        # Whoosh's own encoding: a count, then the pickled (position delta, start, length) list
        def decode(value: bytes):
            if not value.endswith(b"."):
                value += b"."
            return accumulate(code[0] for code in loads(value[_INT_SIZE:]))
        return decode
    return format_.decoder("positions")


def _driver_docs(m, floor: list[int]):
    """Every doc of leaf matcher ``m``'s postings from ``floor[0]`` on, leaving ``m`` on it.
    ``floor`` may rise between two docs (``_PhraseMatcher.skip_to``): whole blocks below it are
    skipped by their last id, the rest of a block bisected."""
    if hasattr(m, "_read_ids") and hasattr(m, "_skip_to_block"):
        while m.is_active():
            if floor[0] > m._maxid:
                m._skip_to_block(lambda: floor[0] > m._maxid)
                if not m.is_active():
                    return
            m._read_ids()
            ids = m._ids
            i, n = m._i, len(ids)
            while i < n:
                if ids[i] < floor[0]:
                    i = bisect_left(ids, floor[0], i)
                    if i == n:
                        break
                m._i = i
                yield ids[i]
                i += 1
            m._i = n - 1
            m._next_block()
    else:
        while m.is_active():
            if m.id() < floor[0]:
                m.skip_to(floor[0])
                continue
            yield m.id()
            m.next()


def _phrase_walk(ms: list, reader, decode, floor: list[int]) -> Iterator[tuple[int, float]]:
    """(doc, score) of the documents of a leaf reader where the second word's term matcher
    has a position right after the first's, in order. The rarer word leads; the other's
    matcher moves only to its documents (whole blocks skipped); the score is the two term
    matchers' sum, as Whoosh's phrase matcher gives it."""
    a, b = ms
    leaves = [leaf(a), leaf(b)]
    rare = 0 if reader.doc_frequency(*leaves[0].term()) <= reader.doc_frequency(*leaves[1].term()) else 1
    driver, other = leaves[rare], leaves[1 - rare]
    deleted = reader.is_deleted if reader.has_deletions() else None
    for doc in _driver_docs(driver, floor):
        value = value_at(other, doc)
        if value is None:
            if not other.is_active():
                return
            continue
        if deleted is not None and deleted(doc):
            continue
        first, second = (driver.value(), value) if rare == 0 else (value, driver.value())
        starts = set(decode(first))
        if any(p - 1 in starts for p in decode(second)):
            yield doc, leaves[0].score() + leaves[1].score()  # IntersectionMatcher's sum, in order


class _TermAt:
    """A matched term for the collector (``terms=True``): it matches where the phrase does."""

    def __init__(self, owner: "_PhraseMatcher", term) -> None:
        self.owner, self._term = owner, term

    def term(self):
        return self._term

    def is_active(self) -> bool:
        return self.owner.is_active()

    def id(self) -> int:
        return self.owner.id()

    def term_matchers(self):
        yield self


class _PhraseMatcher(matching.Matcher):
    """The documents of ``_phrase_walk``, found as the collector asks for the next one (so the
    search's time budget still stops a long walk between matches)."""

    def __init__(self, make, terms: list, start: int = 0) -> None:
        self._make = make
        self._terms = terms
        self._floor = [start]  # the walk's lowest doc: skip_to raises it
        self._it = make(self._floor)
        self._cur = next(self._it, None)

    def is_active(self) -> bool:
        return self._cur is not None

    def id(self) -> int:
        return self._cur[0]

    def score(self) -> float:
        return self._cur[1]

    def next(self) -> bool:
        self._cur = next(self._it, None)
        return False

    def skip_to(self, id: int) -> None:
        if self._cur is None:
            raise ReadTooFar
        if self._cur[0] < id:  # the walk jumps there: no positions checked on the way
            self._floor[0] = id
            self._cur = next(self._it, None)

    def supports(self, astype) -> bool:
        return False

    def supports_block_quality(self) -> bool:
        return False

    def copy(self) -> "_PhraseMatcher":
        m = _PhraseMatcher(self._make, self._terms)
        if self._cur is None:
            m._cur = None
        else:
            m.skip_to(self._cur[0])
        return m

    def replace(self, minquality=0):
        return self if self.is_active() else matching.NullMatcher()

    def term_matchers(self):
        for t in self._terms:
            yield _TermAt(self, t)

    def depth(self) -> int:
        return 1


# A search context attribute: the first document a matcher will be asked about (the terms of
# the hits shown are looked for after the search, from the first of them on: a phrase's walk
# starts there, not at the segment's first document).
START = "reader_start"


class ExactPhrase(wq.Phrase):
    """``wq.Phrase`` whose exact (slop 1) form uses ``_PhraseMatcher`` (two words) or
    ``_ExactPhraseMatcher`` (more); same matches and scores."""

    def matcher(self, searcher, context=None):
        fieldname = self.fieldname
        schema = searcher.schema
        if self.slop != 1 or len(self.words) < 2 or fieldname not in schema:
            return super().matcher(searcher, context)
        field = schema[fieldname]
        if not field.format or not field.format.supports("positions"):
            return super().matcher(searcher, context)  # raises Whoosh's own error
        reader = searcher.reader()
        ms = []
        for word in self.words:
            try:
                word = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (fieldname, word) not in reader:
                return matching.NullMatcher()
            ms.append(wq.Term(fieldname, word).matcher(searcher, context))
        terms = [leaf(m).term() for m in ms]
        if len(ms) == 2 and reader.is_atomic() and None not in terms:
            decode = _positions_decoder(field.format)
            words = [wq.Term(fieldname, field.to_bytes(w)) for w in self.words]
            m = _PhraseMatcher(
                lambda floor: _phrase_walk([t.matcher(searcher, context) for t in words], reader, decode, floor),
                terms, getattr(context, START, 0))
        else:
            m = _ExactPhraseMatcher(ms, slop=1, ordered=True, mindist=1)
        if self.boost != 1.0:
            m = matching.WrappingMatcher(m, boost=self.boost)
        return m


def exact_phrases(q: wq.Query) -> wq.Query:
    """``q`` with every plain ``Phrase`` made an ``ExactPhrase``."""

    def swap(node):
        if type(node) is wq.Phrase:
            return ExactPhrase(node.fieldname, node.words, slop=node.slop, boost=node.boost,
                               char_ranges=node.char_ranges)
        return node

    return q.accept(swap)
