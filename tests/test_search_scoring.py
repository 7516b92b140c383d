"""BM25F with the length part of the formula from a table (``reader.index.scoring``) scores
every match as Whoosh's own BM25F does, to the bit — on the seeds and on a synthetic library
of several segments with deleted documents — and is what a search scores with."""

from __future__ import annotations

import pytest
from whoosh import query as wq
from whoosh.scoring import BM25F

from reader.index import SearchIndex
from reader.index.column_cache import cache_columns
from reader.index.scoring import TableBM25F, TableScorer
from reader.paths import Library
from test_search_columns import SYNTH, _words


@pytest.fixture(params=["library", SYNTH])
def lib(request) -> Library:
    return request.getfixturevalue(request.param)


def _scores(ix: SearchIndex, weighting, q: wq.Query) -> list[tuple[int, float]]:
    with ix.ix.searcher(weighting=weighting) as s:
        cache_columns(s)  # the lengths in memory, as a search has them: the table is used
        if isinstance(weighting, TableBM25F):
            assert all(isinstance(weighting.scorer(sub, field, text), TableScorer)
                       for sub, _ in s.leaf_searchers() for field, text in q.iter_all_terms()
                       if (field, text) in sub.reader())
        return [(hit.docnum, hit.score) for hit in s.search(q, limit=None, optimize=False)]


def test_table_scores_are_whooshs_bm25f_scores(lib):
    with SearchIndex(lib.index) as ix:
        words = _words(ix)
        queries = [wq.Or([wq.Term("body", w), wq.Term("title", w)]) for w in words]
        queries += [wq.And([wq.Term("body", words[0]), wq.Term("body", words[-1])]),
                    wq.Or([wq.Term("body", w) for w in words[:4]]),
                    wq.Prefix("body", words[1][:2])]
        custom = BM25F(B=0.5, K1=2.0, title_B=0.9)
        matched = 0
        for q in queries:
            want = _scores(ix, BM25F(), q)
            assert _scores(ix, TableBM25F(), q) == want, q  # floats compared exactly
            assert _scores(ix, TableBM25F(B=0.5, K1=2.0, title_B=0.9), q) == _scores(ix, custom, q), q
            matched += len(want)
        assert matched > 50


def test_a_search_scores_through_the_table(lib):
    """The searcher's scorers are the table's for scored fields (a fallback to Whoosh's own
    would still be right, and slow)."""
    with SearchIndex(lib.index) as ix:
        word = _words(ix)[0]
        assert isinstance(ix.searcher.weighting, TableBM25F)
        for sub, _offset in ix.searcher.leaf_searchers():
            if ("body", word) in sub.reader():
                assert isinstance(ix.searcher.weighting.scorer(sub, "body", word), TableScorer)
        r = ix.search(word, limit=5)
        assert r.total and all(h.score > 0 for a in r.articles for h in a.hits)


def test_the_bulk_scorer_scores_as_whooshs_bm25f(lib):
    """``TableBM25F.bulk_scorer`` (made from the term's count over every segment, not from a
    new lookup) gives each posting Whoosh's BM25F score, to the bit, with the default and with
    per-field settings."""
    with SearchIndex(lib.index) as ix:
        words = _words(ix)
        for table, plain in ((TableBM25F(), BM25F()),
                             (TableBM25F(B=0.5, K1=2.0, title_B=0.9), BM25F(B=0.5, K1=2.0, title_B=0.9))):
            with ix.ix.searcher(weighting=table) as s:
                cache_columns(s)
                scored = 0
                for field in ("title", "body"):
                    for word in words:
                        text = word.encode("utf-8")
                        frequency = s.doc_frequency(field, text)
                        for sub, _offset in s.leaf_searchers():
                            if (field, text) not in sub.reader():
                                continue
                            scorer = table.bulk_scorer(sub, field, text, frequency)
                            whoosh = plain.scorer(sub, field, text)
                            m = sub.reader().postings(field, text)
                            ids, weights, want = [], [], []
                            while m.is_active():
                                ids.append(m.id())
                                weights.append(m.weight())
                                want.append(whoosh.score(m))
                                m.next()
                            assert scorer.scores(ids, weights) == want, (field, word)
                            scored += len(want)
                assert scored > 50
