"""reader.index search API and `reader search`: the acceptance of issue 3, the query language,
snippets and their offsets, JSON, colour and sanitising."""

from __future__ import annotations

import json
import re
import time

import pytest

from conftest import run_reader, seed_comment_ids
from reader.content import clean_file, plain_text
from reader.index import QueryError, SearchIndex, spans_in, update
from reader.index import expansions as exp_mod
from reader.index import query as query_mod
from test_index import make_library

from pathlib import Path

ROOT_CONTENT = Path(__file__).resolve().parents[1] / "content"
HA = "lwn/2003-kernel-summit-high-availability"
C = seed_comment_ids(HA)  # comments by rank: C["c1"] is the first
KS2004 = "lwn/2004-kernel-summit-customer-panel"
KS2007 = "lwn/2007-ks-customer-panel"
GOOGLE = "lwn/2009-ks-how-google-uses-linux"
LINUXCON = "blogs/2011-linuxcon-emea-second-day"

EXTRA = {
    "extra/cafe.md": "# Café culture\n\nThe café on the corner serves naïve coffee every morning. "
                     "東京都 is a big city.\n",
    "extra/evil.md": "# Evil \x1b]0;pwned\x07 [bold red]markup[/] title\n\nThe evil body has "
                     "\x1b[31mred\x1b[0m text and [@click=app.quit]click[/] zqxevil.\n",
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    library = make_library(tmp_path_factory.mktemp("search") / "lib")
    for rel, text in EXTRA.items():
        path = library.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    # a long article: the only hit lies far past Whoosh's default 32 KiB highlight limit
    filler = "\n\n".join(f"Paragraph {n} says nothing of note about anything at all." for n in range(1500))
    (library.content / "extra/long.md").write_text(f"# Long\n\n{filler}\n\nThe zqxfar word is here.\n")
    update(library)
    return library


@pytest.fixture(scope="module")
def ix(lib):
    with SearchIndex(lib.index) as index:
        index.search("kernel", time_limit=None)  # first-query loading outside any time limit
        yield index


def ids(results) -> set[str]:
    return {h.id for g in results.articles for h in g.hits}


def cli(lib, *args, **kw):
    return run_reader("--library", str(lib.root), "search", *args, **kw)


# -- the acceptance list of issue 3 ---------------------------------------------------------------

def test_panic_finds_the_article_and_stevencoles_comment(ix, lib):
    res = ix.search("panic")
    group = next(g for g in res.articles if g.article == HA)
    assert group.hit is not None and group.hit.kind == "article"
    assert [(c.comment, c.author) for c in group.comments][:1] == [(C["c1"], "StevenCole")]
    assert res.counts["articles"] >= 1 and res.counts["comments"] >= 1
    proc = cli(lib, "panic")
    assert proc.returncode == 0, proc.stderr
    assert "2003 Kernel Summit: High Availability" in proc.stdout and "StevenCole" in proc.stdout


def test_by_mmarq_returns_that_comment(ix, lib):
    res = ix.search("by:mmarq")
    assert ids(res) == {f"{HA}#{C['c10']}"}
    hit = res.articles[0].comments[0]
    assert (hit.kind, hit.author, hit.parent, hit.date[:10]) == ("comment", "mmarq", C["c9"], "2003-07-31")
    assert res.counts == {"articles": 0, "comments": 1, "bookmarks": 0}
    proc = cli(lib, "by:mmarq")
    assert proc.returncode == 0 and "mmarq" in proc.stdout


def test_date_2007_scheduler_finds_seed_001_only(ix, lib):
    assert ids(ix.search("date:2007 scheduler")) == {KS2007}
    proc = cli(lib, "date:2007 scheduler", "--json")
    assert [a["article"] for a in json.loads(proc.stdout)["articles"]] == [KS2007]


def test_title_phrase_customer_panel_finds_000_and_001(ix, lib):
    res = ix.search('title:"customer panel"')
    assert ids(res) == {KS2004, KS2007}
    for g in res.articles:  # the title is where it matched: spans point at the words
        t = g.hit.title
        assert [t[s:e].lower() for s, e in g.hit.title_spans] == ["customer", "panel"]


def test_kernal_suggests_kernel(ix, lib):
    res = ix.search("kernal")
    assert res.total == 0 and res.corrected == "kernel" and res.corrected_total >= 5
    proc = cli(lib, "kernal")
    assert proc.returncode == 1
    assert "did you mean 'kernel'" in proc.stderr


def test_and_paren_exits_2_with_one_line(lib):
    proc = cli(lib, "AND (")
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: bad query: ") and "column 1" in lines[0]
    assert "Traceback" not in proc.stderr


# -- query language ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "query, column",
    [
        ("AND (", 1),
        ('"unclosed phrase', 1),
        ("(kernel OR panic", 1),
        ("kernel OR panic)", 16),
        ("kernel AND", 8),
        ("OR kernel", 1),
        ("kernel AND OR panic", 12),
        ("NOT", 1),
        ("()", 1),
        ("title:", 1),
        ("kernel title: panic", 8),
        ("date:[2003 TO", 6),
        ("in:nowhere panic", 1),
        ("(kernel AND)", 9),
    ],
)
def test_syntax_errors_say_where(ix, query, column):
    with pytest.raises(QueryError) as info:
        ix.search(query)
    message = info.value.message
    assert f"column {column}" in message and "\n" not in message
    assert info.value.exit_code == 2


@pytest.mark.parametrize(
    "query",
    ["kernel AND (panic OR oops)", '"customer panel"~2', "title:(customer OR panel)", "date:[2003 TO 2007]",
     "don't panic", "C++", "foo:bar", "kernel NOT panic", "NOT kernel", "kernel^2 panic", "wor*", "w*rd",
     "date:2003..", "date:..2007 kernel", 'in:comments "high availability"', "kernel)(".replace(")(", "")],
)
def test_valid_queries_are_accepted(ix, query):
    ix.search(query)


def test_fields(ix):
    assert ids(ix.search('tag:"goldman sachs"')) == {KS2004}
    assert ids(ix.search('author:"jonathan corbet"')) == {KS2007}
    assert ids(ix.search("by:stevencole")) == {f"{HA}#{C['c1']}"}
    site = ids(ix.search("site:lwn", limit=50))
    assert {KS2004, KS2007, HA, GOOGLE} <= site and LINUXCON not in site
    assert ids(ix.search("title:google")) == {GOOGLE}


def test_date_ranges(ix):
    res = ids(ix.search("date:2003..2007 kernel", limit=50))
    assert KS2007 in res and f"{HA}#{C['c1']}" in res
    assert LINUXCON not in res and KS2004 not in res  # undated articles are outside any range
    assert KS2007 not in ids(ix.search("date:..2006 kernel", limit=50))
    assert ids(ix.search("date:2004.. kernel", limit=50)) == {KS2007}
    assert ids(ix.search("date:2003-07 by:mmarq")) == {f"{HA}#{C['c10']}"}


def test_scope_and_in(ix):
    comments = ix.search("in:comments kernel", limit=50)
    assert comments.counts["articles"] == 0 and comments.counts["comments"] >= 5
    assert all(h.kind == "comment" for g in comments.articles for h in g.hits)
    assert ids(ix.search("kernel", scope="comments", limit=50)) == ids(comments)
    articles = ix.search("in:articles kernel", limit=50)
    assert articles.counts["comments"] == 0 and all(g.comments == [] for g in articles.articles)
    assert ix.search("in:bookmarks kernel").total == 0
    assert ix.search("in:comments kernel", scope="articles").total == 0
    assert ix.search("in:comments in:articles panic").counts == ix.search("panic").counts


def test_sort_by_date(ix):
    res = ix.search("kernel", sort="date", limit=50)
    dates = [max((h.date or "") for h in g.hits) for g in res.articles]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[0].startswith("2007")
    assert dates.index("") > dates.index(dated[-1]) if "" in dates else True


def test_stop_words_alone_find_nothing_without_an_error(ix, lib):
    assert ix.search("the").total == 0
    proc = cli(lib, "the of")
    assert proc.returncode == 1 and "nothing found" in proc.stderr


def test_time_limit_returns_partial_results(ix, monkeypatch):
    from whoosh.collectors import TimeLimitCollector

    import reader.index.searching as search_mod

    class Expired(TimeLimitCollector):  # the timer has fired before the first match
        def prepare(self, *args):
            super().prepare(*args)
            self.timedout = True

    assert not ix.search("kernel", time_limit=30).partial  # a loaded machine may pass 0.2 s
    monkeypatch.setattr(search_mod, "TimeLimitCollector", Expired)
    monkeypatch.setattr(search_mod, "BULK", False)  # Whoosh's matchers (test_search_bulk: the other way)
    res = ix.search("kernel OR panic")
    assert res.partial and res.total == 0 and res.corrected is None


def test_limit_and_more(ix):
    res = ix.search("kernel", limit=2)
    assert len(res.articles) == 2 and res.more
    assert not ix.search("by:mmarq", limit=2).more


def test_prefix_and_fuzzy_expansion_is_bounded(ix, monkeypatch):
    monkeypatch.setattr(exp_mod, "MAX_EXPANSION", 2)
    monkeypatch.setattr(exp_mod, "EXACT_POSTINGS", 0)  # never "cheap": the bound applies
    parsed = query_mod.parse("wor*", ix.ix.schema)
    reader = ix.searcher.reader()
    expanded = {t for q in parsed.query.children() for t in q._btexts(reader)}
    assert 1 <= len(expanded) <= 4  # two per field at most
    assert ix.search("wor*").total > 0
    assert f"{HA}#{C['c1']}" in ids(ix.search("panik~"))
    assert KS2007 in ids(ix.search("schedulr~", limit=50))


def test_accents_fold_both_ways_and_cjk_is_searchable(ix):
    for q in ("cafe", "café", "CAFÉ", "naive", "naïve", "東京", "東京都"):
        assert "extra/cafe" in ids(ix.search(q)), q
    assert ix.search("cafe").corrected is None  # a word the library has is no typo


# -- snippets: the offsets are the reading pane's ---------------------------------------------------

def _plain_bodies(lib, article_id: str) -> dict[str, str]:
    path = next(p for p in lib.content.rglob("*") if p.is_file()
                and p.relative_to(lib.content).with_suffix("").as_posix() == article_id)
    article = clean_file(path, article_id=article_id)
    out = {article_id: plain_text(article.body)}
    for c in article.comments:
        out[f"{article_id}#{c.id}"] = plain_text(c.body)
    return out


def test_fragments_are_slices_of_the_plain_text_and_spans_cover_the_words(ix, lib):
    res = ix.search("panic OR kernel", limit=10)
    checked = 0
    for g in res.articles:
        bodies = _plain_bodies(lib, g.article)
        for h in g.hits:
            body = bodies[h.id]
            for f in h.fragments:
                assert body[f.start:f.end] == f.text
                for s, e in f.spans:
                    assert re.fullmatch(r"(?i)(panic|kernel)\w*", f.text[s:e]), f.text[s:e]
                    checked += 1
    assert checked >= 10


def test_terms_highlight_the_whole_article(ix, lib):
    res = ix.search("panic")
    body = _plain_bodies(lib, HA)[HA]
    spans = spans_in(body, res.terms)
    assert spans and all(body[s:e].lower().startswith("panic") for s, e in spans)
    assert len(spans) == body.lower().count("panic")


def test_a_hit_far_into_a_long_article_still_gets_its_snippet(ix):
    res = ix.search("zqxfar")
    f = res.articles[0].hit.fragments[0]
    assert f.start > 60_000
    assert [f.text[s:e] for s, e in f.spans] == ["zqxfar"]


def test_hits_without_a_body_match_show_the_start_of_the_body(ix):
    hit = ix.search("by:mmarq").articles[0].comments[0]
    assert hit.fragments and hit.fragments[0].start == 0 and hit.fragments[0].spans == []
    assert hit.fragments[0].text.startswith("Yes, you are right")


def test_refresh_sees_new_commits(lib):
    with SearchIndex(lib.index) as index:
        assert index.search("zqxrefresh").total == 0
        (lib.content / "extra/fresh.md").write_text("# Fresh\n\nA zqxrefresh arrives.\n")
        try:
            update(lib)
            index.refresh()
            assert ids(index.search("zqxrefresh")) == {"extra/fresh"}
            assert index.search("zqxrefresh").articles[0].title == "Fresh"
        finally:
            (lib.content / "extra/fresh.md").unlink()
            update(lib)


# -- the command line ----------------------------------------------------------------------------

def test_json_is_stable(lib):
    proc = cli(lib, "panic", "--json")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert list(data) == ["query", "scope", "sort", "limit", "total", "counts", "more", "partial",
                          "corrected", "corrected_total", "terms", "articles", "per_article", "omitted"]
    group = data["articles"][0]
    assert list(group) == ["article", "title", "site", "date", "author", "comments_total", "score", "hit",
                           "comments", "bookmarks", "total", "omitted"]
    assert list(group["hit"]) == ["id", "kind", "article", "comment", "parent", "score", "title", "author",
                                  "date", "title_spans", "fragments", "terms"]
    assert list(group["hit"]["fragments"][0]) == ["text", "start", "end", "spans"]
    assert data["terms"] == ["panic"]
    again = json.loads(cli(lib, "panic", "--json").stdout)
    assert again == data


def test_nothing_found_exits_1(lib):
    proc = cli(lib, "zqxnothingatall")
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith("reader: nothing found for 'zqxnothingatall'")
    proc = cli(lib, "zqxnothingatall", "--json")
    assert proc.returncode == 1 and json.loads(proc.stdout)["total"] == 0


def test_options(lib):
    proc = cli(lib, "kernel", "--scope", "comments", "--limit", "1", "--sort", "date", "--json")
    data = json.loads(proc.stdout)
    assert (data["scope"], data["limit"], data["sort"]) == ("comments", 1, "date")
    assert len(data["articles"]) == 1 and data["counts"]["articles"] == 0
    assert cli(lib, "kernel", "--limit", "0").returncode == 2
    assert cli(lib, "kernel", "--scope", "everything").returncode == 2


def test_plain_output_when_piped_or_no_color(lib):
    proc = cli(lib, "panic")  # stdout is a pipe
    assert "\x1b" not in proc.stdout
    proc = cli(lib, "panic", env={"FORCE_COLOR": "1"})
    assert "\x1b[" in proc.stdout  # forced: the hits are highlighted
    proc = cli(lib, "panic", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not re.search(r"\x1b\[[0-9;]*3\dm", proc.stdout)  # no colour, bold at most


def test_article_text_cannot_drive_the_terminal_or_markup(lib):
    proc = cli(lib, "zqxevil", env={"FORCE_COLOR": "1"})
    assert proc.returncode == 0
    out = proc.stdout
    assert "\x1b]" not in out and "\x07" not in out and "\x1b[31m" not in out
    assert "[bold red]markup[/]" in out and "[@click=app.quit]click[/]" in out


def test_search_runs_the_incremental_index_quietly(tmp_path):
    library = make_library(tmp_path / "lib")
    first = run_reader("--library", str(library.root), "search", "panic")
    assert first.returncode == 0 and "created the index" in first.stderr
    second = run_reader("--library", str(library.root), "search", "panic")
    assert second.returncode == 0 and second.stderr == ""
    (library.content / "lwn/new.md").write_text("# New\n\nA zqxnew panic.\n")
    third = run_reader("--library", str(library.root), "search", "zqxnew")
    assert third.returncode == 0 and "1 added" in third.stderr and "lwn/new" in third.stdout


# -- the cheaper exact-phrase check and the time budget -------------------------------------------

def _docnums(searcher, q):
    return sorted(searcher.docs_for_query(q))


@pytest.mark.parametrize("words", [
    ["custom", "panel"], ["kernel", "summit"], ["high", "avail"], ["kernel", "kernel"],
    ["linux", "kernel", "summit"], ["panel", "custom"], ["zqxfar", "word"], ["nosuchword", "kernel"],
])
@pytest.mark.parametrize("field", ["body", "title"])
def test_exact_phrase_matches_what_whoosh_phrase_matches(ix, words, field):
    from whoosh import query as wq

    from reader.index.searching import ExactPhrase

    s = ix.searcher
    slow, fast = wq.Phrase(field, words), ExactPhrase(field, words)
    assert _docnums(s, fast) == _docnums(s, slow)
    # the same scores, so the same ranking
    want = {h.docnum: h.score for h in s.search(slow, limit=None)}
    got = {h.docnum: h.score for h in s.search(fast, limit=None)}
    assert got == pytest.approx(want)


def test_phrases_in_queries_use_the_exact_phrase_matcher(ix):
    from whoosh import query as wq

    from reader.index.searching import ExactPhrase, exact_phrases

    q = exact_phrases(query_mod.parse('"customer panel" OR kernel', ix.ix.schema, ix.parser).query)
    phrases = [n for n in q.leaves() if isinstance(n, wq.Phrase)]
    assert phrases and all(type(n) is ExactPhrase for n in phrases)
    sloppy = exact_phrases(wq.Phrase("body", ["custom", "panel"], slop=3))
    assert _docnums(ix.searcher, sloppy) == _docnums(ix.searcher, wq.Phrase("body", ["custom", "panel"], slop=3))
    res = ix.search('"customer panel"', time_limit=None)
    assert {KS2004, KS2007} <= {g.article for g in res.articles}


@pytest.mark.parametrize("text, limit", [
    ("kernel", "quick"), ('"customer panel"', "quick"), ("title:panel date:2007", "quick"),
    ("kern*", "long"), ("kernal~", "long"), ("in:comments", "long"),
])
def test_time_budget_by_query_kind(ix, text, limit):
    from reader.index import searching

    parsed = query_mod.parse(text, ix.ix.schema, ix.parser)
    want = searching.QUICK_TIME_LIMIT if limit == "quick" else searching.TIME_LIMIT
    assert searching.time_limit_for(ix._scoped(parsed.query, {"article", "comment", "bookmark"})) == want


def test_numeric_ranges_get_the_long_budget():
    from whoosh import query as wq

    from reader.index import searching

    q = wq.And([wq.Term("body", "kernel"), wq.NumericRange("when", 1, 10**12)])
    assert searching.time_limit_for(q) == searching.TIME_LIMIT


def test_a_quick_budget_that_finds_nothing_gets_the_rest_of_the_long_one(ix, monkeypatch):
    from whoosh.collectors import TimeLimitCollector

    import reader.index.searching as search_mod

    budgets = []

    class ExpiresOnce(TimeLimitCollector):  # the quick budget runs out before the first match
        def prepare(self, *args):
            super().prepare(*args)
            budgets.append(self.timelimit)
            if len(budgets) == 1:
                self.timedout = True

    monkeypatch.setattr(search_mod, "TimeLimitCollector", ExpiresOnce)
    monkeypatch.setattr(search_mod, "BULK", False)  # Whoosh's matchers (test_search_bulk: the other way)
    res = ix.search("kernel")
    # the retry gets what is left of the long budget, counted from the search's start: the
    # matching ends within it
    quick, rest = budgets
    assert search_mod.LEAST_MATCHING <= quick <= search_mod.QUICK_TIME_LIMIT
    assert search_mod.LEAST_MATCHING <= rest < search_mod.TIME_LIMIT
    assert res.total and res.articles and not res.partial


@pytest.mark.parametrize("slow", [0.05, 0.3])
def test_the_matching_gets_what_the_expansions_left_of_the_budget(ix, monkeypatch, slow):
    """The time limit counts from the search's start: a prefix whose words took ``slow``
    seconds to find leaves the matching that much less (never under ``LEAST_MATCHING``)."""
    from whoosh.collectors import TimeLimitCollector

    import reader.index.searching as search_mod

    budgets = []

    class Noted(TimeLimitCollector):
        def prepare(self, *args):
            super().prepare(*args)
            budgets.append(self.timelimit)

    pin = search_mod.pin_expansions

    def slow_pin(*args):
        time.sleep(slow)
        return pin(*args)

    monkeypatch.setattr(search_mod, "TimeLimitCollector", Noted)
    monkeypatch.setattr(search_mod, "pin_expansions", slow_pin)
    res = ix.search("kern*")
    want = max(search_mod.TIME_LIMIT - slow, search_mod.LEAST_MATCHING)
    assert len(budgets) == 1 and search_mod.LEAST_MATCHING <= budgets[0] <= want
    assert budgets[0] > want - 0.05  # the parsing's few ms, a loaded machine's more
    assert res.total


def test_spans_in_matches_the_analyser_word_for_word():
    """spans_in's per-word cache gives exactly the body analyser's spans (the reading pane's
    highlights must be the index's matches), stop words and accents included."""
    from reader.index.schema import text_analyzer

    analyzer = text_analyzer()
    texts = [plain_text(clean_file(p).body) for p in sorted((ROOT_CONTENT).rglob("*.*"))]
    texts.append("Café CAFE cafe naïve Naive using us the THE 東京都 a.b.c e-mail " + "x" * 70)
    for text in texts:
        # (Whoosh reuses one Token object: copy its values while iterating)
        tokens = [(t.text, t.startchar, t.endchar) for t in analyzer(text, chars=True, mode="index")]
        vocabulary = sorted({term for term, _, _ in tokens})
        assert vocabulary
        for wanted in (vocabulary[::7], vocabulary[:40], ["us", "cafe", "kernel", "东"]):
            expected = [(start, end) for term, start, end in tokens if term in set(wanted)]
            assert spans_in(text, wanted) == expected
            assert spans_in(text, wanted, analyzer) == expected


@pytest.mark.parametrize("query", ["kernel", "kern*", '"kernel summit"', "schedular~"])
def test_a_small_limit_keeps_the_best_and_counts_every_match(ix, query):
    """The best ``limit × per_article × 2`` matches kept in a heap (``searching._Best``): the
    same first articles, hits and counts as the search that keeps every match."""
    every = ix.search(query, limit=1000, time_limit=None)
    few = ix.search(query, limit=2, per_article=1, time_limit=None)
    assert every.total and few.counts == every.counts
    assert [g.article for g in few.articles] == [g.article for g in every.articles][:2]
    assert [g.total for g in few.articles] == [g.total for g in every.articles][:2]
    assert few.more == (len(every.articles) > 2)
