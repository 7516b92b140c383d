"""Cached term lists for prefix, wildcard and fuzzy expansion (``reader.index.terms``): the same
expansion as Whoosh's walk of the term dictionary, on the seeds and on a synthetic library of
several segments; reused while the index is unchanged, read afresh after a commit; bounded."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import query as wq
from whoosh.support.levenshtein import distance

from reader.index import SearchIndex, update
from reader.index import expansions as exp_mod
from reader.index import query as query_mod
from reader.index import terms as terms_mod
from reader.paths import Library
from test_index import make_library

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seeds_lib(tmp_path_factory) -> Library:
    library = make_library(tmp_path_factory.mktemp("terms") / "seeds")
    update(library, jobs=1)
    return library


# The synthetic library's comparisons take ~15 s of CPU: `slow` (CI runs them); the seeds'
# comparison stays in the default run.
SYNTH = pytest.param("synth_lib", marks=pytest.mark.slow)


@pytest.fixture
def synth_lib(synth_library) -> Library:
    """The shared synthetic library (conftest): an index of several segments."""
    return synth_library


def _patterns(reader, sampled: int = 40) -> list[str]:
    """Prefixes, wildcards and fuzzy words drawn from ``sampled`` of the index's own terms."""
    words = [w.decode() for w in reader.lexicon("body")]
    words = [w for w in words if w.isalpha()]
    step = max(1, len(words) // sampled)
    sample = words[::step]
    out = ["a*", "ke*", "zz*", "title:ke*", "by:us*", "k?r*", "*ing", "é*"]
    for w in sample:
        out.append(w[:2] + "*")
        out.append(w[:3] + "*")
        out.append(w[:2] + "?" + w[3:5] + "*")
        mid = len(w) // 2
        out.append(w[:mid] + ("a" if w[mid:mid + 1] != "a" else "e") + w[mid + 1:] + "~")  # one letter wrong
        if len(w) > 3:
            out.append(w[0] + w[2] + w[1] + w[3:] + "~")  # two letters swapped
        out.append(w + "s~")
    return out


def _expansions(ix: SearchIndex, text: str):
    parsed = query_mod.parse(text, ix.ix.schema, ix.parser)
    return [n for n in exp_mod._walk(parsed.query) if isinstance(n, exp_mod._Pinned)]


@pytest.mark.parametrize("which", ["seeds_lib", SYNTH])
def test_cached_expansion_is_the_walks_expansion(which, request, monkeypatch):
    library = request.getfixturevalue(which)
    with SearchIndex(library.index) as ix:
        reader = ix.searcher.reader()
        if which == "synth_lib":
            assert len(list(reader.leaf_readers())) >= 2
        lists = terms_mod.lists_for(reader)
        checked = cut = 0
        # then a scan bound that is reached, and nothing searched whole for being cheap
        for scan, exact in ((exp_mod.MAX_SCAN, exp_mod.EXACT_POSTINGS), (40, 0)):
            monkeypatch.setattr(exp_mod, "MAX_SCAN", scan)
            monkeypatch.setattr(exp_mod, "EXACT_POSTINGS", exact)
            # the synthetic index's fuzzy walks are the slow part: fewer words there
            for text in _patterns(reader, 40 if which == "seeds_lib" else 12):
                for node in _expansions(ix, text):
                    field = node.fieldname
                    walked = exp_mod._top(exp_mod._with_df(reader, field, node._candidates(reader)))
                    if not isinstance(node, wq.FuzzyTerm):  # Whoosh's own walk, as before the lists
                        base = wq.Prefix if isinstance(node, wq.Prefix) else wq.Wildcard
                        assert walked == exp_mod._top(exp_mod._with_df(
                            reader, field, base._btexts(node, reader))), text
                    node.pin(reader, lists)
                    assert (node.pinned, node.cut) == walked, (text, field)
                    checked += 1
                    cut += node.cut
        assert checked > 300 and cut > 20 and lists.loads > 5


@pytest.mark.slow
def test_fuzzy_walk_is_whoosh_terms_within_on_several_segments(synth_lib):
    with SearchIndex(synth_lib.index) as ix:
        reader = ix.searcher.reader()
        assert type(reader).__name__ == "MultiReader"
        found = 0
        for text in _patterns(reader, 12):  # Whoosh's own fuzzy walk is the slow part
            for node in _expansions(ix, text):
                if isinstance(node, wq.FuzzyTerm) and node.fieldname == "body":
                    whoosh = set(reader.terms_within("body", node.text, node.maxdist, prefix=node.prefixlength))
                    ours = set(terms_mod.lists_for(reader).within("body", node.text, node.maxdist,
                                                                   node.prefixlength))
                    assert ours == whoosh, node.text
                    found += len(ours)
        assert found > 50


@pytest.mark.slow
def test_raw_term_reading_is_whooshs(synth_lib):
    with SearchIndex(synth_lib.index) as ix:
        reader = ix.searcher.reader()
        for leaf, _ in reader.leaf_readers():
            for field in ("body", "title", "author", "tags"):
                for first in (b"a", b"k", b"m", b"z", b"u", b"\xc3"):
                    raw = list(terms_mod._leaf_terms(leaf, field, first))
                    walked = [(t, leaf.doc_frequency(field, t)) for t in leaf.expand_prefix(field, first)]
                    assert raw == walked, (field, first)
        assert any(terms_mod._leaf_terms(leaf, "body", b"k") for leaf, _ in reader.leaf_readers())


def test_lists_are_reused_until_the_index_changes(tmp_path):
    library = make_library(tmp_path / "lib")
    update(library, jobs=1)
    with SearchIndex(library.index) as ix:
        first = ix.search("kern*")
        lists = terms_mod.lists_for(ix.searcher.reader())
        loads = lists.loads
        assert loads and first.total
        assert ix.search("kern*").total == first.total and ix.search("kernal~").total
        ix.refresh()  # nothing changed: the same reader, the same lists
        assert terms_mod.lists_for(ix.searcher.reader()) is lists and lists.loads == loads
        assert ix.search("zqxnew*").total == 0  # a bucket read before the word exists
        (library.content / "extra").mkdir()
        (library.content / "extra" / "new.md").write_text("# New\n\nThe zqxnewword arrived.\n")
        update(library, jobs=1)
        ix.refresh()
        fresh = terms_mod.lists_for(ix.searcher.reader())
        assert fresh is not lists and fresh.loads == 0
        assert "extra/new" in {g.article for g in ix.search("zqxnew*").articles}
        assert ix.search("zqxnewwrod~").total == 1


@pytest.mark.slow
def test_cached_terms_are_bounded(synth_lib):
    with SearchIndex(synth_lib.index) as ix:
        reader = ix.searcher.reader()
        unbounded = terms_mod.TermLists(reader)
        for c in "abcdefghijklmnopqrstuvwxyz":
            unbounded.bucket("body", c)
        assert unbounded.cached > 1000
        small = terms_mod.TermLists(reader, max_terms=unbounded.cached // 4)
        for c in "abcdefghijklmnopqrstuvwxyz":
            b = small.bucket("body", c)
            assert small.cached <= small.max_terms or len(small._buckets) == 1
        assert b.terms == unbounded.bucket("body", "z").terms  # the last one read is kept
        assert small.loads == 26 and small.bucket("body", "z") is b


def _prefix_stats(ix: SearchIndex, prefix: str) -> tuple[int, int]:
    """(words, documents between them) of a body prefix."""
    pairs = list(terms_mod.lists_for(ix.searcher.reader()).with_prefix("body", prefix))
    return len(pairs), sum(df for _, df in pairs)


@pytest.mark.slow
def test_counts_are_exact_when_searching_every_word_is_cheap(synth_lib, monkeypatch):
    with SearchIndex(synth_lib.index) as ix:
        words = sorted({w.decode()[:3] for w in ix.searcher.reader().lexicon("body") if w.isalpha()})
        stats = {p: _prefix_stats(ix, p) for p in words if len(p) == 3}
        cheap = [p for p, (n, docs) in stats.items()
                 if exp_mod.MAX_EXPANSION < n <= exp_mod.MAX_EXACT_TERMS and docs <= exp_mod.EXACT_POSTINGS]
        dear = [p for p, (n, docs) in stats.items() if n > exp_mod.MAX_EXPANSION and docs > 40]
        assert cheap and dear
        for p in cheap[:5]:
            res = ix.search(f"body:{p}*", time_limit=None, suggest=False)
            assert not res.partial and not res.cut, p
            with monkeypatch.context() as m:  # every word, no bound: the same counts
                m.setattr(exp_mod, "MAX_EXPANSION", 10_000)
                whole = ix.search(f"body:{p}*", time_limit=None, suggest=False)
            assert res.counts == whole.counts and res.total == whole.total, p
        monkeypatch.setattr(exp_mod, "EXACT_POSTINGS", 40)  # a small library: its "dear"
        res = ix.search(f"body:{dear[0]}*", time_limit=None, suggest=False)
        assert res.partial and res.cut == [f"{dear[0]}*"]  # a lower bound, and said so


@pytest.mark.slow
def test_fields_of_numbers_and_dates_expand_by_the_walk(synth_lib):
    """Their terms are Whoosh's sortable bytes, not UTF-8 words: never read into the lists."""
    with SearchIndex(synth_lib.index) as ix:
        reader = ix.searcher.reader()
        lists = terms_mod.TermLists(reader)
        assert not exp_mod._utf8_terms(reader.schema, "date")
        node = exp_mod.BoundedPrefix("date", "2")
        node._candidates = lambda r: iter([b"\x00walked"])  # Whoosh's walk, whatever it finds
        node.pin(reader, lists)
        assert node.pinned == [b"\x00walked"]
        assert lists.loads == 0
        node = exp_mod.BoundedPrefix("year", "20")  # an id field: the lists
        node.pin(reader, lists)
        assert node.pinned and lists.loads == 1


@pytest.mark.parametrize("which", ["seeds_lib", SYNTH])
def test_did_you_mean_candidates_come_from_the_lists_and_are_the_walks(which, request, monkeypatch):
    """"Did you mean" looks for words near a missing one in the cached lists (~15× faster than
    Whoosh's walk at 10k articles): the same candidates, so the same corrections."""
    from reader.index import suggest

    lib = request.getfixturevalue(which)
    with SearchIndex(lib.index) as ix:
        reader = ix.searcher.reader()
        words = [t.decode() for t in reader.lexicon("body")][::7][:40]
        typos = [w[0] + w[2:] + "q" for w in words if len(w) >= 4 and w.isalpha()]  # a letter off, one on
        assert len(typos) >= 10
        fast = {t: suggest.candidates(reader, "body", t) for t in typos}
        fixed = {t: ix.search(t, suggest=True).corrected for t in typos}
        loads = terms_mod.lists_for(reader).loads
        assert loads  # the lists were used
        monkeypatch.setattr(suggest, "lists_for", lambda reader: None)
        walked = {t: suggest.candidates(reader, "body", t) for t in typos}
        # Whoosh's walk (a Levenshtein automaton) misses some words a swap away that the
        # lists' check (Damerau-Levenshtein, as the ranking of candidates) keeps, and it stops
        # after the segment where it passed MAX_CANDIDATES: the lists hold all it finds
        assert all(walked[t] <= fast[t] for t in typos)
        assert all(w[0] == t[0] and distance(t, w) <= suggest.max_distance(t)
                   for t in typos for w in fast[t])
        same = [t for t in typos if fast[t] == walked[t]]
        assert len(same) >= len(typos) // 2 and any(fast[t] for t in same)
    with SearchIndex(lib.index) as ix:  # a fresh reader: nothing cached, Whoosh's walk only
        assert {t: ix.search(t, suggest=True).corrected for t in same} == {t: fixed[t] for t in same}
    assert any(fixed[t] for t in same)
