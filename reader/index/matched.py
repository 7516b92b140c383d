"""The terms each hit shown matched, found once the search is over.

Whoosh's ``TermsCollector`` notes, at every match, which of the query's term matchers sit on the
document: a loop over every term of the query per match (a fuzzy word or a prefix has dozens),
then a dict of every match's terms copied into the results. A search shows 20 articles' hits
of thousands of matches, and only those need their terms (``Hit.terms``, the title spans, the
highlighter's words). ``note_matched_terms`` moves the query's matcher of each segment to those
documents only and asks the same question there: the same terms, for a few dozen documents.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection

from whoosh import scoring

from reader.index.phrases import START


class _Unscored(scoring.WeightingModel):
    """Matchers that are never asked for a score that counts: no BM25 statistics read per
    term and segment (a phrase matcher still adds its words' weights)."""

    def scorer(self, searcher, fieldname, text, qf=1):
        return scoring.WeightScorer(1.0)


_UNSCORED = _Unscored()


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
        for doc in docs:  # ascending: the matcher only moves forward
            if not m.is_active():
                break
            if m.id() < doc:
                m.skip_to(doc)
                if not m.is_active():
                    break
            if m.id() != doc:
                continue
            for tm in m.term_matchers():
                if tm.is_active() and tm.id() == doc:
                    term = tm.term()
                    docterms.setdefault(offset + doc, []).append(term)
                    termdocs.setdefault(term, array("I")).append(offset + doc)
    res.docterms = docterms
    res.termdocs = termdocs
