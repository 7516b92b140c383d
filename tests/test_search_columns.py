"""Columns read once per segment (``reader.index.column_cache``): the loaded readers give
Whoosh's own values for every document, and searches give the same results with and without
them — on the seeds and on a synthetic library of several segments with deleted documents."""

from __future__ import annotations

import pytest

from reader.index import SearchIndex
from reader.index import searching
from reader.index.column_cache import LoadedBytes, Numbers
from reader.paths import Library

SYNTH = pytest.param("synth_library", marks=pytest.mark.slow)  # its build is shared, but slow


@pytest.fixture(params=["library", SYNTH])
def lib(request) -> Library:
    return request.getfixturevalue(request.param)


def _words(ix: SearchIndex, n: int = 12) -> list[str]:
    """Body words of every frequency: the most common first, then a spread of the rest."""
    reader = ix.searcher.reader()
    terms = sorted(((reader.doc_frequency("body", t), t.decode() if isinstance(t, bytes) else t)
                    for t in reader.lexicon("body")), reverse=True)
    step = max(1, len(terms) // n)
    return [t for _f, t in terms[:3]] + [t for _f, t in terms[3::step]][:n]


def test_loaded_columns_give_whooshs_values_for_every_document(lib):
    with SearchIndex(lib.index) as ix, ix.ix.reader() as fresh:  # Whoosh's own, never cached
        checked = set()
        for (reader, offset), (plain_reader, plain_offset) in zip(ix.searcher.reader().leaf_readers(),
                                                                  fresh.leaf_readers()):
            assert offset == plain_offset
            docs = range(reader.doc_count_all())
            for field in ("article", "when"):
                if not reader.has_column(field):
                    continue
                loaded = reader.column_reader(field, translate=False)
                plain = plain_reader.column_reader(field, translate=False)
                assert isinstance(loaded, (LoadedBytes, Numbers)), field
                assert not isinstance(plain, (LoadedBytes, Numbers))
                assert reader.column_reader(field, translate=False) is loaded  # kept
                assert [loaded[d] for d in docs] == [plain[d] for d in docs], field
                assert [loaded.sort_key(d) for d in docs] == [plain.sort_key(d) for d in docs]
                assert list(loaded) == list(plain) and len(loaded) == len(plain)
                translated = reader.column_reader(field)  # the values a stored field shows
                assert [translated[d] for d in docs] == [plain_reader.column_reader(field)[d] for d in docs]
                checked.add(field)
            for field in ("body", "title"):  # the lengths BM25 scores every hit with
                got = [reader.doc_field_length(d, field) for d in docs]
                assert got == [plain_reader.doc_field_length(d, field) for d in docs], field
                assert any(length for length in got)
            assert any(isinstance(r, Numbers) for r in reader._perdoc._readers.values())
        assert checked == {"article", "when"}


def _summary(results) -> tuple:
    out = results.to_dict()
    out.pop("seconds", None)
    return results.total, results.months, out


def test_searches_are_the_same_with_and_without_loaded_columns(lib, monkeypatch):
    with SearchIndex(lib.index) as cached:
        words = _words(cached)
        queries = words + [f"{words[0]} {words[-1]}", f"title:{words[1]}", f"{words[2][:3]}*"]
        got = {(q, sort): _summary(cached.search(q, limit=50, timeline=True, sort=sort, time_limit=None))
               for q in queries for sort in ("relevance", "date")}
    monkeypatch.setattr(searching, "cache_columns", lambda searcher: None)
    with SearchIndex(lib.index) as plain:
        assert not any(isinstance(reader.column_reader("article", translate=False), LoadedBytes)
                       for reader, _ in plain.searcher.reader().leaf_readers())
        want = {(q, sort): _summary(plain.search(q, limit=50, timeline=True, sort=sort, time_limit=None))
                for q in queries for sort in ("relevance", "date")}
    assert got == want
    assert sum(1 for s in got.values() if s[0]) >= len(queries) // 2  # they find things


def test_warm_reads_the_columns_before_any_search(library):
    with SearchIndex(library.index) as ix:
        readers = [r for r, _ in ix.searcher.reader().leaf_readers()]
        assert not any(r.column_reader.cache for r in readers)
        assert not any(isinstance(v, Numbers) for r in readers for v in r._perdoc._readers.values())
        ix.warm()
        for reader in readers:
            assert isinstance(reader.column_reader.cache[("article", False)], LoadedBytes)
            assert isinstance(reader.column_reader.cache[("when", False)], Numbers)
            assert any(isinstance(v, Numbers) for v in reader._perdoc._readers.values())
