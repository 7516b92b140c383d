"""A search's counts per kind, article and month (``reader.index.counting``) are Whoosh's own
facet counts over the same query — on the seeds and on a synthetic library of several segments
with deleted documents — and the per-segment codes they are read from are each document's
kind and month."""

from __future__ import annotations

import datetime as dt

import pytest
from whoosh import sorting

from reader.index import SearchIndex, counting
from reader.index.column_cache import has_kind_codes, is_loaded, kind_codes
from reader.index.expansions import pin_expansions
from reader.index.query import parse
from reader.index.schema import KINDS
from reader.index.timeline import month_code, months_of
from reader.paths import Library
from test_search_columns import SYNTH, _words


@pytest.fixture(params=["library", SYNTH])
def lib(request) -> Library:
    return request.getfixturevalue(request.param)


def _whooshs_counts(ix: SearchIndex, text: str) -> tuple[dict, dict, dict]:
    """Per kind, per article and per month, from Whoosh's FacetCollector (what search used)."""
    q = ix._scoped(parse(text, ix.ix.schema, ix.parser).query, set(KINDS))
    pin_expansions(q, ix.searcher.reader())  # a prefix searches the words search picks
    facets = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in ("kind", "article", "when")}
    res = ix.searcher.search(q, limit=None, groupedby=facets)
    return res.groups("kind"), res.groups("article"), months_of(res.groups("when"))


def test_counts_are_whooshs_facet_counts(lib):
    with SearchIndex(lib.index) as ix:
        words = _words(ix)
        queries = words + [f"{words[0]} {words[-1]}", f"title:{words[1]}", f"{words[2][:3]}*",
                           f"in:comments {words[0]}"]
        found = 0
        for text in queries:
            r = ix.search(text, limit=1000, per_article=None, timeline=True, time_limit=None)
            kinds, articles, months = _whooshs_counts(ix, text)
            if text.startswith("in:comments"):
                kinds = {k: n for k, n in kinds.items() if k == "comment"}
            want = {"articles": kinds.get("article", 0), "comments": kinds.get("comment", 0),
                    "bookmarks": kinds.get("bookmark", 0)}
            assert r.counts == want, text
            if text.startswith("in:comments"):
                continue  # Whoosh's facets above were over every kind
            assert r.months == months, text
            assert {g.article: g.total for g in r.articles} == articles, text
            found += bool(r.total)
        assert found >= len(queries) // 2  # they find things


def test_a_one_shot_search_counts_from_the_postings_as_the_app_does_from_its_arrays(lib, monkeypatch):
    """The CLI's search (a fresh index, nothing read ahead) counts a few matches from the
    posting lists, without a pass over every document; the app's (``warm``) from per-segment
    arrays. Both give the same results."""
    monkeypatch.setattr(counting, "LOOKUPS_PER_POSTING", 1e9)  # the seeds are small: every match is "few"
    monkeypatch.setattr(counting, "ARTICLE_LOOKUPS_PER_DOC", 1e9)  # and every article looked up
    with SearchIndex(lib.index) as ix:
        words = _words(ix)
    queries = [words[-1], words[len(words) // 2], words[0], f"in:comments {words[1]}"]
    with SearchIndex(lib.index) as warmed:
        warmed.warm()
        want = {q: _whole(warmed.search(q, limit=1000, time_limit=None)) for q in queries}
    got = {}
    for q in queries:
        with SearchIndex(lib.index) as fresh:
            got[q] = _whole(fresh.search(q, limit=1000, time_limit=None))
            leaves = [r for r, _ in fresh.searcher.reader().leaf_readers()]
            # looked up in the postings: no array was built, no column read
            assert not any(has_kind_codes(r) for r in leaves)
            assert not any(is_loaded(r, "article") for r in leaves)
    assert got == want
    assert any(w[0] for w in want.values())


def test_a_searcher_builds_a_segments_kind_codes_once_its_lookups_would_have_paid_for_them(lib, monkeypatch):
    """Matches looked up in the postings add up per segment over a searcher's searches; the
    search that reaches the rarer postings' number (scaled) builds the array, and the counts
    stay the same either way."""
    with SearchIndex(lib.index) as ix:
        words = _words(ix)
    with SearchIndex(lib.index) as plain:
        want = _whole(plain.search(words[0], limit=1000, time_limit=None))
    with SearchIndex(lib.index) as ix:
        leaves = [r for r, _ in ix.searcher.reader().leaf_readers()]
        rarer = {id(r): sum(r.doc_frequency("kind", k) for _c, k in counting.kinds_by_frequency(r)[:-1])
                 for r in leaves}
        monkeypatch.setattr(counting, "LOOKUPS_PER_POSTING", 1e9)  # the first: looked up, no array
        first = ix.search(words[0], limit=1000, time_limit=None)
        looked_up = {id(r): vars(r).get("_reader_kind_lookups", 0) for r in leaves}
        assert any(looked_up.values()) and not any(has_kind_codes(r) for r in leaves)
        assert _whole(first) == want
        # scaled so that one more search like the first reaches every segment's threshold (a
        # hair under it: no float equality to trip on)
        monkeypatch.setattr(counting, "LOOKUPS_PER_POSTING",
                            0.999 * min(2 * n / rarer[k] for k, n in looked_up.items() if n and rarer[k]))
        built = [r for r in leaves if looked_up[id(r)] and rarer[id(r)]
                 and 2 * looked_up[id(r)] >= rarer[id(r)] * counting.LOOKUPS_PER_POSTING]
        assert built and not any(has_kind_codes(r) for r in built)
        assert _whole(ix.search(words[0], limit=1000, time_limit=None)) == want
        assert all(has_kind_codes(r) for r in built)


def test_a_searcher_reads_a_segments_article_column_once_its_lookups_would_have_paid_for_it(lib, monkeypatch):
    """Articles looked up in the postings (each one shown: its "+N more") add up per segment
    over a searcher's searches; the one that reaches the segment's documents (scaled) reads
    its article column, and every count after is a lookup, the same as before."""
    with SearchIndex(lib.index) as ix:
        words = _words(ix)
    with SearchIndex(lib.index) as warmed:
        warmed.warm()
        want = _whole(warmed.search(words[0], limit=1000, time_limit=None))
    with SearchIndex(lib.index) as ix:
        leaves = [r for r, _ in ix.searcher.reader().leaf_readers()]
        monkeypatch.setattr(counting, "ARTICLE_LOOKUPS_PER_DOC", 1e9)  # the first: per article
        first = ix.search(words[0], limit=1000, time_limit=None)
        looked_up = {id(r): vars(r).get("_reader_article_lookups", 0) for r in leaves}
        assert any(looked_up.values()) and not any(is_loaded(r, "article") for r in leaves)
        assert _whole(first) == want
        # one more search like the first reaches the threshold of each segment it looked in
        # (a hair under it, no float equality to trip on)
        monkeypatch.setattr(counting, "ARTICLE_LOOKUPS_PER_DOC", 0.999 * min(
            2 * n / r.doc_count_all() for r in leaves if (n := looked_up[id(r)])))
        assert _whole(ix.search(words[0], limit=1000, time_limit=None)) == want
        read = [r for r in leaves if is_loaded(r, "article")]
        assert read and all(is_loaded(r, "article") for r in leaves if looked_up[id(r)]
                            and 2 * looked_up[id(r)] >= r.doc_count_all() * counting.ARTICLE_LOOKUPS_PER_DOC)
        assert _whole(ix.search(words[0], limit=1000, time_limit=None)) == want


def _whole(results) -> tuple:
    out = results.to_dict()
    out.pop("seconds", None)
    return results.total, out


def test_segment_kinds_and_months_are_each_documents(lib):
    """The kind codes of each segment are its documents' kinds; a ``when`` value's month (days
    converted once, then remembered) is the month of its date, as ``datetime`` says."""
    with SearchIndex(lib.index) as ix:
        kinds_seen, months_seen = set(), set()
        for reader, _offset in ix.searcher.reader().leaf_readers():
            kinds = kind_codes(reader)
            assert kind_codes(reader) is kinds  # kept
            when = reader.column_reader("when", translate=False)
            for docnum in reader.all_doc_ids():  # the live ones: a deleted document has no fields
                fields = reader.stored_fields(docnum)
                assert KINDS[kinds[docnum] - 1] == fields["kind"]
                kinds_seen.add(fields["kind"])
                for _ in range(2):  # converted, then from the remembered day
                    code = month_code(when[docnum])
                    if when[docnum] <= 0:
                        assert code == 0
                    else:
                        date = dt.datetime(1, 1, 1) + dt.timedelta(microseconds=when[docnum])
                        assert code == date.year * 12 + date.month
                months_seen.add(code)
        assert {"article", "comment"} <= kinds_seen
        assert len(months_seen - {0}) > 1  # dated documents, in more than one month


def test_a_terms_postings_read_whole_are_whooshs(lib):
    """``postings.ids_of`` (what the kind codes and the per-article counts read) gives a term's
    documents as Whoosh's matcher does, with the deleted ones besides (never a match)."""
    from reader.index.postings import ids_of

    with SearchIndex(lib.index) as ix:
        checked = 0
        for reader, _offset in ix.searcher.reader().leaf_readers():
            deleted = set(reader.deleted_docs_set)
            for field in ("article", "kind", "body"):
                for text in list(reader.lexicon(field))[::7][:60]:
                    found = ids_of(reader, field, text)
                    assert found == sorted(found)
                    assert [d for d in found if d not in deleted] == list(reader.postings(field, text).all_ids())
                    checked += 1
            assert ids_of(reader, "article", "no-such-article") == []
        assert checked > 50
