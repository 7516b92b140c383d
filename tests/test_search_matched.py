"""The terms a hit matched (``reader.index.matched``: noted as a match enters the best, or
found after the search for the hits shown) are those Whoosh's ``TermsCollector`` notes at every
match — for words, prefixes, fuzzy words,
phrases, fields, exclusions and kinds, on the seeds and on a synthetic library of several
segments with deleted documents — and search's hits carry them."""

from __future__ import annotations

import random
import re

import pytest

from reader.index import SearchIndex
from reader.index.expansions import pin_expansions
from reader.index.matched import note_matched_terms
from reader.index.query import parse
from reader.index.schema import KINDS
from test_search_columns import SYNTH, _words


@pytest.fixture(params=["library", SYNTH])
def lib(request):
    return request.getfixturevalue(request.param)


def _queries(ix: SearchIndex) -> list[str]:
    words = _words(ix)
    a, b, c = words[0], words[len(words) // 2], words[-1]
    # a phrase of the library's own: two neighbouring words of a matching body
    body = ix.searcher.search(_query(ix, a), limit=1)[0]["body"]
    pairs = re.findall(r"(?=\b([a-z]{5,}) ([a-z]{5,})\b)", body)
    title = ix.searcher.stored_fields(0)["title"].split()[0]
    return [a, f"{a} {c}", f"{a} OR {c}", f"{b[:3]}*", f"{c}~", '"%s %s"' % pairs[len(pairs) // 2],
            f"title:{title}", f"{a} -{c}", f"in:comments {a}", f"{a} OR {c[:2]}*"]


def _query(ix: SearchIndex, text: str):
    parsed = parse(text, ix.ix.schema, ix.parser)
    kinds = set(KINDS) & set(parsed.kinds or KINDS)
    q = ix._scoped(parsed.query, kinds)
    pin_expansions(q, ix.searcher.reader())
    return q


def test_terms_found_afterwards_are_whooshs_terms_collector(lib):
    rng = random.Random(5)
    with SearchIndex(lib.index) as ix:
        checked = 0
        queries = _queries(ix)
        for text in queries:
            q = _query(ix, text)
            want = ix.searcher.search(q, limit=None, terms=True)
            if not len(want):
                continue
            docs = [hit.docnum for hit in want]
            some = set(rng.sample(docs, min(len(docs), 25)))  # a few, from every segment
            got = ix.searcher.search(q, limit=None)
            assert not got.has_matched_terms()
            note_matched_terms(got, some)
            assert got.has_matched_terms()
            for d in some:
                assert sorted(got.docterms.get(d, [])) == sorted(want.docterms.get(d, [])), (text, d)
                assert want.docterms.get(d), (text, d)  # every match matched something
            assert got.matched_terms() == {t for d in some for t in want.docterms[d]}, text
            checked += 1
        assert checked == len(queries)


@pytest.mark.parametrize("how", [{}, {"per_article": None}, {"sort": "date"}])
def test_search_hits_carry_the_terms_they_matched(lib, how):
    """Noted as each match entered the best (``BestMatches``), or found afterwards when every
    match is kept (all of an article's, or by date)."""
    with SearchIndex(lib.index) as ix:
        for text in _queries(ix):
            r = ix.search(text, limit=20, time_limit=None, **how)
            q = _query(ix, text)
            want = ix.searcher.search(q, limit=None, terms=True)
            by_id = {hit["id"]: hit for hit in want}
            for g in r.articles:
                for h in g.hits:
                    terms = {t.decode() for f, t in by_id[h.id].matched_terms() if f in ("body", "title")}
                    assert h.terms == sorted(terms), (text, h.id)
