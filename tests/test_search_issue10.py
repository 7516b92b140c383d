"""Issue 10's search bugs in the core (``reader.index``), on the bundled library (``content/``)
and the shared corpus (skipped with a reason when ``../shared`` is absent)."""

from __future__ import annotations

import shutil

import pytest

from reader.index import SearchIndex, update
from test_index import make_library


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    library = make_library(tmp_path_factory.mktemp("issue10") / "lib")
    update(library)
    return library


@pytest.fixture(scope="module")
def ix(lib):
    with SearchIndex(lib.index) as index:
        index.search("kernel", time_limit=None)  # first-query loading outside any time limit
        yield index


# -- b. fuzzy reaches as far as "did you mean" ----------------------------------------------------

def test_fuzzy_finds_what_did_you_mean_offers(ix):
    plain = ix.search("schedular", time_limit=None)
    assert plain.total == 0 and plain.corrected == "scheduler" and plain.corrected_total > 0
    fuzzy = ix.search("schedular~", time_limit=None)
    assert fuzzy.total >= plain.corrected_total


@pytest.mark.parametrize("typo", ["schedulr", "kernal", "kernals", "custmer"])
def test_fuzzy_reaches_at_least_as_far_as_the_suggestion(ix, typo):
    plain = ix.search(typo, time_limit=None)
    if plain.corrected is None:
        pytest.skip(f"no suggestion for {typo!r} in the seeds")
    assert ix.search(f"{typo}~", time_limit=None).total >= plain.corrected_total


def test_an_explicit_fuzzy_distance_still_counts(ix):
    assert ix.search("schedular~2", time_limit=None).total >= ix.search("schedular~", time_limit=None).total


# -- g. each article's total and omitted hits (for "+N more") ---------------------------------

@pytest.mark.parametrize("query", ["kernel", "in:comments linux", "panic OR customer"])
def test_article_totals_add_up(ix, query):
    res = ix.search(query, limit=100, per_article=1, time_limit=None)
    assert res.total > 0 and not res.partial
    for g in res.articles:
        assert len(g.hits) <= 1 and g.omitted == g.total - len(g.hits) >= 0
    assert sum(g.total for g in res.articles) == res.total  # every article is shown (limit 100)
    assert res.omitted == sum(g.omitted for g in res.articles)
    every = ix.search(query, limit=100, per_article=None, time_limit=None)
    assert every.omitted == 0 and sum(len(g.hits) for g in every.articles) == every.total


# -- h. a snippet centred on its hit ----------------------------------------------------------

def test_centre_puts_the_hit_in_the_middle():
    from reader.index import Fragment, centre

    text = "Lorem " * 30 + "KERNEL" + " ipsum" * 10  # the hit at column 180 of 246
    at = text.index("KERNEL")
    f = Fragment(text, 1000, 1000 + len(text), [(at, at + 6)])
    c = centre(f, 40)
    assert len(c.text) <= 40
    (s, e), = c.spans
    assert c.text[s:e] == "KERNEL"
    assert abs(s - (len(c.text) - e)) <= 8  # as much before the hit as after it, give or take a word
    assert c.text == text[c.start - 1000:c.end - 1000]  # offsets still point into the body
    assert centre(f, 1000) is f  # what fits is left as it is


@pytest.mark.parametrize("query", ["kernel", "panic", "customer panel", "linux OR google", "in:comments kernel"])
@pytest.mark.parametrize("width", [30, 40, 60])
def test_centred_snippets_of_the_seeds_show_their_hit(ix, query, width):
    from reader.index import centre

    res = ix.search(query, limit=50, per_article=None, time_limit=None)
    fragments = [f for g in res.articles for h in g.hits for f in h.fragments if f.spans]
    assert fragments
    for f in fragments:
        c = centre(f, width)
        assert len(c.text) <= width
        assert c.text == f.text[c.start - f.start:c.end - f.start]
        s, e = f.spans[0]
        if e - s <= width:  # the first hit is shown whole
            assert (s + f.start - c.start, e + f.start - c.start) in c.spans, (f, c)
