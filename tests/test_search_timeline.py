"""Issue 10 in the core: one article's hits in full (the app's "+N more"), and hits over time
(``Results.months``, ``reader.index.timeline``, ``narrow``) on the bundled library."""

from __future__ import annotations

import pytest

from reader.index import SearchIndex, narrow, timeline, update
from reader.index.timeline import months_of
from test_index import make_library

HA = "lwn/2003-kernel-summit-high-availability"
KS2007 = "lwn/2007-ks-customer-panel"


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    library = make_library(tmp_path_factory.mktemp("timeline") / "lib")
    update(library)
    with SearchIndex(library.index) as index:
        index.search("kernel", time_limit=None)  # first-query loading outside any time limit
        yield index


# -- one article's hits, all of them -----------------------------------------------------------

def test_one_article_in_full_gives_the_omitted_hits(ix):
    res = ix.search("in:comments a*", limit=50, time_limit=None)
    group = next(g for g in res.articles if g.article == HA)
    assert group.omitted > 0  # the seed has more hits than the per-article limit
    full = ix.search("in:comments a*", limit=1, per_article=None, article=HA, time_limit=None)
    assert [g.article for g in full.articles] == [HA]
    (only,) = full.articles
    assert only.omitted == 0 and len(only.hits) == group.total
    assert {h.id for h in group.hits} <= {h.id for h in only.hits}
    assert full.threaded and sum(len(t.hits) for t in only.threads) == len(only.comments)


def test_one_article_filter_keeps_has_bookmarks_and_scope(ix):
    assert not ix.search("kernel", article="no/such-article", time_limit=None)
    res = ix.search("kernel", article=KS2007, per_article=None, time_limit=None)
    assert {g.article for g in res.articles} == {KS2007}


# -- hits over time ----------------------------------------------------------------------------

def test_months_counts_the_dated_hits(ix):
    res = ix.search("in:comments *", limit=50, per_article=None, timeline=True, time_limit=None)
    dated = sum(1 for g in res.articles for h in g.comments if h.date)
    undated = sum(1 for g in res.articles for h in g.comments if not h.date)
    assert undated > 0  # a blog comment with no date: not counted
    assert sum(res.months.values()) == dated
    assert set(res.months) == {h.date[:7] for g in res.articles for h in g.comments if h.date}
    assert not ix.search("in:comments *", time_limit=None).months  # only when asked


def test_an_approximate_date_counts_at_that_date(ix):
    # the 2003 summit page has no date of its own: it counts at its approximate date (its
    # first comment's); the 2004 panel has none at all and is not counted
    res = ix.search("in:articles kernel", limit=50, per_article=None, timeline=True, time_limit=None)
    rows = ix.catalogue()
    assert rows[HA].date is None and rows[HA].approx_date.startswith("2003-07")
    assert HA in {g.article for g in res.articles}
    dated = [g for g in res.articles if rows[g.article].date or rows[g.article].approx_date]
    assert res.months.get("2003-07") == 1
    assert sum(res.months.values()) == len(dated) < len(res.articles)


def test_timeline_per_year_over_a_long_span(ix):
    res = ix.search("kernel", limit=50, per_article=None, timeline=True, time_limit=None)
    line = timeline(res.months)
    assert line.unit == "year"
    assert line.bars[0].period == min(res.months)[:4] and line.bars[-1].period == max(res.months)[:4]
    assert [b.period for b in line.bars] == [str(y) for y in range(int(line.bars[0].period),
                                                                  int(line.bars[-1].period) + 1)]
    assert line.total == sum(res.months.values())
    assert len(line.sparkline()) == len(line.bars)


def test_timeline_per_month_within_two_years():
    line = timeline({"2003-07": 8, "2003-09": 1, "2004-01": 4})
    assert line.unit == "month"
    assert [b.period for b in line.bars][:3] == ["2003-07", "2003-08", "2003-09"]
    assert len(line.bars) == 7 and line.bars[-1] == line.bars[-1].__class__("2004-01", 4)
    assert line.sparkline() == "█ ▁   ▄"
    wide = timeline({"2001-01": 1, "2003-01": 3})  # 25 months: per year
    assert wide.unit == "year" and [(b.period, b.count) for b in wide.bars] == [("2001", 1), ("2002", 0), ("2003", 3)]
    assert not timeline({}) and timeline({}).sparkline() == ""


def test_months_of_skips_undated_and_folds_days():
    from reader.index.schema import sort_key
    import datetime as dt

    a, b = sort_key(dt.datetime(2003, 7, 22, 3, 23)), sort_key(dt.datetime(2003, 7, 31))
    assert months_of({0: 5, a: 2, b: 1, sort_key(dt.datetime(2007, 1, 1)): 1}) == {"2003-07": 3, "2007-01": 1}


@pytest.mark.parametrize("query, period, want", [
    ("kernel", "2007", "kernel date:2007"),
    ("kernel date:2003..2007", "2005", "kernel date:2005"),
    ("date:2003 in:comments", "2003-07", "in:comments date:2003-07"),
    ('"date:2003 x" panel', "2003", '"date:2003 x" panel date:2003'),
    ("kernel OR date:2003", "2003", "kernel OR date:2003 date:2003"),
    ("", "2007-09", "date:2007-09"),
])
def test_narrow(query, period, want):
    assert narrow(query, period) == want


def test_narrowing_to_a_bar_finds_its_hits(ix):
    res = ix.search("in:comments a*", limit=50, per_article=None, timeline=True, time_limit=None)
    line = timeline(res.months)
    assert line.unit == "month"
    for bar in line.bars:
        got = ix.search(narrow("in:comments a*", bar.period), limit=50, time_limit=None)
        assert got.total == bar.count, bar  # comments have real dates: the bar is what date: finds


def test_month_ranges_are_months_not_years(ix):
    # HA's comments are all from July 2003: a range from August finds none of them (Whoosh's
    # date parser read "2003-08" in a range as the whole of 2003)
    july = ix.search("in:comments a*", limit=50, per_article=None, time_limit=None)
    assert july.total > 0
    assert ix.search("in:comments a* date:2003-07..2003-07", per_article=None, time_limit=None).total == july.total
    assert ix.search("in:comments a* date:2003-08..2004-02", time_limit=None).total == 0
    assert ix.search("in:comments a* date:2003-06..2003-07", per_article=None, time_limit=None).total == july.total
    assert ix.search("in:comments a* date:..2003-06", time_limit=None).total == 0
    days = ix.search("in:comments a* date:2003-07-23..2003-07-31", per_article=None, time_limit=None)
    assert 0 < days.total < july.total


def test_a_library_of_undated_articles_searches_with_the_timeline_and_by_date(tmp_path, reader_cli):
    """No document has a date, so the index has no ``when`` column: the app's search (which
    asks for the hits-over-time counts) and ``--sort date`` failed with "index damaged ...
    run reader index --rebuild", which could not help. Found by benchmarks/tui_bench.py."""
    from reader.paths import Library

    root = tmp_path / "lib"
    (root / "content").mkdir(parents=True)
    (root / "content" / "notes.md").write_text("# Notes\n\nA zqxword here.\n\nAnother zqxword.\n",
                                              encoding="utf-8")
    (root / "content" / "more.txt").write_text("More notes\n\nThe zqxword once more.\n", encoding="utf-8")
    library = Library(root, "test")
    update(library)
    with SearchIndex(library.index) as index:
        for sort in ("relevance", "date"):
            found = index.search("zqxword", timeline=True, sort=sort)
            assert found.total == 2 and {a.article for a in found.articles} == {"notes", "more"}
            assert found.months == {} and not timeline(found.months)
    proc = reader_cli("--library", str(root), "search", "zqxword", "--sort", "date")
    assert proc.returncode == 0 and "2 hits" in proc.stdout, proc.stderr
