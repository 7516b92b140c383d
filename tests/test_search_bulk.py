"""The common queries scored a segment at a time (``reader.index.bulk``) give what Whoosh's
matchers give — hits, scores to the bit, order, counts, terms, snippets — on the seeds and on a
synthetic library of several segments with deleted documents; other queries go Whoosh's way;
the time limit, the quick budget's retry and a cancel hold as they do there."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from reader.index import SearchIndex, bulk, postings, searching
from reader.index.searching import Cancel, SearchCancelled
from reader.index.schema import KINDS
from reader.paths import Library
from test_search_columns import SYNTH, _words


@pytest.fixture(params=["library", SYNTH])
def lib(request) -> Library:
    return request.getfixturevalue(request.param)


def _whole(results) -> tuple:
    out = results.to_dict()
    out.pop("seconds", None)
    # the JSON rounds scores: compared unrounded too
    exact = [(a.article, a.score, [(h.id, h.score) for h in a.hits]) for a in results.articles]
    return out, exact


def _queries(ix: SearchIndex) -> list[str]:
    words = _words(ix)
    reader = ix.searcher.reader()
    title = next(t.decode() for t in reader.lexicon("title") if len(t) > 3)
    author = next((t.decode() for t in reader.lexicon("author")), "nobody")
    year = next((t.decode() for t in reader.lexicon("year")), "2020")
    return words + [
        f"{words[0]} {words[-1]}", f"{words[1]} {words[2]}", f"title:{title}", f"by:{author}",
        f"date:{year} {words[3]}", f"in:comments {words[0]}", f"in:articles {words[4]}",
        f"{words[0]} -{words[1]}", f"{words[0]} {words[1]} {words[2]}", f'"{words[0]} {words[1]}"',
        f"{words[2][:3]}*", "zzzqqqnothing",
    ]


@pytest.mark.parametrize("skip_when_longer", [bulk.SKIP_WHEN_LONGER, 0])
def test_bulk_results_are_whooshs(lib, monkeypatch, skip_when_longer):
    """(``skip_when_longer`` 0: every And's longer side read only at the shorter's matches.)"""
    monkeypatch.setattr(bulk, "SKIP_WHEN_LONGER", skip_when_longer)
    taken: list[str] = []
    run = bulk.run

    def noted(searcher, q, *args):
        out = run(searcher, q, *args)
        taken.append(repr(q))
        return out

    with SearchIndex(lib.index) as ix:
        queries = _queries(ix)
        for per_article, limit in ((5, 20), (5, 3), (2, 1)):
            for text in queries:
                monkeypatch.setattr(searching, "BULK", False)
                want = _whole(ix.search(text, limit=limit, per_article=per_article, timeline=True,
                                        time_limit=None))
                monkeypatch.setattr(searching, "BULK", True)
                monkeypatch.setattr(bulk, "run", noted)
                got = _whole(ix.search(text, limit=limit, per_article=per_article, timeline=True,
                                       time_limit=None))
                monkeypatch.setattr(bulk, "run", run)
                assert got == want, text
    # words, two words, fields, a year and kinds went this way; the rest Whoosh's
    assert len(taken) >= 3 * 10
    assert any("year" in q for q in taken) and any("title" in q for q in taken)
    assert any("Require" in q and "comment" in q for q in taken)


def test_what_bulk_takes():
    t = [wq.Term("body", w) for w in ("a", "b", "c")]
    assert bulk.supported(t[0])
    assert bulk.supported(wq.Or([t[0], t[1]])) and bulk.supported(wq.And([wq.Or(t[:2]), t[2]]))
    assert bulk.supported(wq.And([wq.ConstantScoreQuery(wq.Term("year", "2020")), t[0]]))
    assert bulk.supported(wq.Require(wq.Or(t[:2]), wq.Term("kind", "comment")))
    assert not bulk.supported(wq.Or(t))  # three: Whoosh's weighted tree adds in its own order
    assert not bulk.supported(wq.Term("body", "a", boost=2.0))
    assert not bulk.supported(wq.Or(t[:2], scale=0.9))
    assert not bulk.supported(wq.Phrase("body", ["a", "b"]))
    assert not bulk.supported(wq.Prefix("body", "ab"))
    assert not bulk.supported(wq.AndNot(t[0], t[1]))


def test_a_search_too_big_for_its_budget_goes_whooshs_way(library, monkeypatch):
    """Postings that would not be read within the time limit: Whoosh's matchers, which stop
    on time; without a time limit, always this way."""
    calls = []
    monkeypatch.setattr(bulk, "run", lambda *a: calls.append(a) or None)
    with SearchIndex(library.index) as ix:
        ix.search("kernel", time_limit=None)
        assert len(calls) == 1
        monkeypatch.setattr(bulk, "SECONDS_PER_POSTING", 10.0)
        ix.search("kernel", time_limit=None)
        assert len(calls) == 2
        ix.search("kernel", time_limit=1.0)
        assert len(calls) == 2


def test_the_time_limit_and_the_quick_budgets_retry(library, monkeypatch):
    """Out of time before a segment: partial, with what the segments before gave (here none);
    a quick budget that found nothing gets the rest of the long one, from the search's start."""
    budgets = []
    run = bulk.run

    def expires_once(searcher, q, top, time_limit, dated, stop):
        budgets.append(time_limit)
        if len(budgets) == 1:
            return run(searcher, q, top, time_limit, dated, lambda: True)
        return run(searcher, q, top, time_limit, dated, stop)

    with SearchIndex(library.index) as ix:
        monkeypatch.setattr(bulk, "run", lambda s, q, top, tl, d, stop: run(s, q, top, tl, d, lambda: True))
        res = ix.search("kernel", time_limit=searching.TIME_LIMIT)  # the long one: no retry
        assert res.partial and res.total == 0
        monkeypatch.setattr(bulk, "run", expires_once)
        res = ix.search("kernel")
        quick, rest = budgets
        assert searching.LEAST_MATCHING <= quick <= searching.QUICK_TIME_LIMIT
        assert searching.LEAST_MATCHING <= rest < searching.TIME_LIMIT
        assert res.total and res.articles and not res.partial


def test_a_cancel_during_a_segment_stops_before_the_next(library, monkeypatch):
    cancel = Cancel()
    scored = []
    segment_scores = bulk.segment_scores

    def cancelled_in_the_first(q, sub, weighting, stop):
        scored.append(sub)
        cancel()
        return segment_scores(q, sub, weighting)  # not told: it reads the whole segment

    monkeypatch.setattr(bulk, "segment_scores", cancelled_in_the_first)
    with SearchIndex(library.index) as ix:
        with pytest.raises(SearchCancelled):
            ix.search("kernel", cancel=cancel)
        assert len(scored) == 1
        monkeypatch.setattr(bulk, "segment_scores", segment_scores)
        assert ix.search("kernel", cancel=Cancel()).total


def test_character_positions_are_whooshs(lib):
    """The highlighter's positions of each matched term in the hits shown, read segment by
    segment (``highlight._Highlighter._load_chars``), are what Whoosh's own reads."""
    from whoosh.highlight import Highlighter

    from reader.index.highlight import HIGHLIGHTER

    with SearchIndex(lib.index) as ix:
        words = _words(ix)
        checked = 0
        for text in words[:6] + [f"{words[0]} {words[3]}", f"{words[1][:3]}*"]:
            q = ix._scoped(searching.parse(text, ix.searcher.schema, ix.parser).query, set(KINDS))
            searching.pin_expansions(q, ix.searcher.reader())
            res = ix.searcher.search(q, limit=40, terms=True, optimize=False)  # (Whoosh trips on its own skipping)
            texts = sorted({t.decode() for f, t in res.matched_terms() if f == "body"})
            to_bytes = ix.searcher.schema["body"].to_bytes
            HIGHLIGHTER._load_chars(res, "body", texts, to_bytes)
            ours = res._char_cache["body"]
            Highlighter._load_chars(res, "body", texts, to_bytes)
            assert ours == res._char_cache["body"], text
            checked += sum(len(v) for v in ours.values())
        assert checked > 20


def test_a_segment_at_once_keeps_what_one_match_at_a_time_keeps():
    """``BestMatches.add_scores`` against the heap one match at a time fills (Whoosh's rule:
    a match enters if the heap has room or it scores more than the least; the lower document
    first on a tie), on scores with many ties, over several segments."""
    import random

    from reader.index.matched import BestMatches

    rng = random.Random(7)
    for limit in (1, 3, 10, 50):
        bulk_way, one_way = BestMatches(limit), BestMatches(limit)
        for collector in (bulk_way, one_way):  # what prepare() sets
            collector.items, collector.total = [], 0
        offset = 0
        for _segment in range(4):
            n = rng.randint(0, 60)
            docs = sorted(rng.sample(range(200), n))
            scores = {doc: float(rng.randint(1, 5)) for doc in docs}
            leaves = [(("body", b"w"), scores)]
            bulk_way.add_scores(offset, scores, docs, leaves)
            one_way.offset = offset
            one_way._term_matchers = []
            for doc in docs:
                one_way._collect(offset + doc, scores[doc])
            offset += 200
        assert sorted(bulk_way.items) == sorted(one_way.items)
        assert bulk_way.total == one_way.total
        assert set(bulk_way._terms) == {0 - neg for _s, neg in bulk_way.items}


def test_a_cancel_stops_the_reading_inside_a_segment(library, monkeypatch):
    """``stop()`` is asked every few blocks and documents while a segment's postings are
    read (here every one): a cancel does not wait for the segment's end."""
    monkeypatch.setattr(postings, "STOP_EVERY_BLOCKS", 1)
    monkeypatch.setattr(postings, "STOP_EVERY_DOCS", 1)
    with SearchIndex(library.index) as ix:
        sub = ix.searcher.leaf_searchers()[0][0]
        q = ix._scoped(searching.parse("kernel", ix.searcher.schema, ix.parser).query, set(KINDS))
        asked = []
        with pytest.raises(bulk.Stopped):
            bulk.segment_scores(q, sub, ix.searcher.weighting, lambda: asked.append(1) or True)
        assert len(asked) == 1
        for skip in (bulk.SKIP_WHEN_LONGER, 0):  # the skipping reader asks too
            monkeypatch.setattr(bulk, "SKIP_WHEN_LONGER", skip)
            year = next(t.decode() for t in sub.reader().lexicon("year"))
            q = ix._scoped(searching.parse(f"date:{year} kernel", ix.searcher.schema, ix.parser).query,
                           set(KINDS))
            calls = []
            bulk.segment_scores(q, sub, ix.searcher.weighting, lambda: calls.append(1) and False)
            assert calls
        cancel = Cancel()
        segment_scores = bulk.segment_scores
        asks = []

        def cancelled_while_reading(q, sub, weighting, stop):
            def ask():
                asks.append(1)
                cancel()  # "another thread" cancels while the segment is read
                return stop()  # the search's own stop() sees it

            return segment_scores(q, sub, weighting, ask)

        monkeypatch.setattr(bulk, "segment_scores", cancelled_while_reading)
        with pytest.raises(SearchCancelled):
            ix.search("kernel", cancel=cancel)
        assert len(asks) == 1


def test_a_refreshed_searcher_gives_what_a_fresh_one_gives(library):
    """What a searcher keeps per segment reader (term frequencies, kinds, columns) stays
    right after a commit that deletes documents from a segment it read and adds another."""
    from reader.index import update

    with SearchIndex(library.index) as ix:
        words = _words(ix)[:6]
        for text in words:
            ix.search(text)  # the readers' caches filled
        path = sorted(library.content.rglob("*.md"))[0]
        text = path.read_text(encoding="utf-8")  # a paragraph in the body (its tail is boilerplate)
        at = text.index("\n\n", text.index("\n\n") + 2)
        path.write_text(f"{text[:at]}\n\n{words[0]} {words[1]} zqxadded{text[at:]}", encoding="utf-8")
        update(library)
        ix.refresh()
        with SearchIndex(library.index) as fresh:
            for text in words + ["zqxadded", f"{words[0]} {words[1]}"]:
                assert _whole(ix.search(text)) == _whole(fresh.search(text)), text
        assert ix.search("zqxadded").total


def test_a_searcher_refreshed_after_a_rebuild_reads_only_the_new_segments(library):
    """A rebuild commits a TOC without the old segments: the refreshed searcher does not put
    them back (Whoosh's refresh did: every document twice)."""
    from reader.index import update

    with SearchIndex(library.index) as ix:
        word = _words(ix)[0]
        before = _whole(ix.search(word))
        docs = ix.searcher.doc_count()
        update(library, rebuild=True)
        ix.refresh()
        assert ix.searcher.doc_count() == docs
        assert _whole(ix.search(word)) == before


def test_a_refresh_whose_first_open_fails_reuses_nothing_closed(library, monkeypatch):
    """A writer removing a file as the reader opens: Whoosh's ``_reader`` closes the readers it
    was offered for reuse and raises; the next attempt opens every segment afresh."""
    from whoosh.index import FileIndex

    from reader.index import storage, update

    real = FileIndex._reader
    failed = []

    def fails_once(storage_, schema, segments, generation, reuse=None):
        if not failed:
            failed.append(reuse)
            if reuse is not None:
                for r, _ in reuse.leaf_readers():
                    r.close()  # what its finally: does with the readers not used yet
            raise FileNotFoundError("a segment file went away")
        return real(storage_, schema, segments, generation, reuse=reuse)

    with SearchIndex(library.index) as ix:
        word = _words(ix)[0]
        ix.search(word)
        (library.content / "extra").mkdir(exist_ok=True)  # a new segment; the old one kept
        (library.content / "extra/again.md").write_text(f"# Again\n\nA {word} zqxagain here.\n")
        update(library)
        monkeypatch.setattr(storage.FileIndex, "_reader", staticmethod(fails_once))
        ix.refresh()
        assert failed and failed[0] is not None  # the first attempt offered readers
        with SearchIndex(library.index) as fresh:
            assert _whole(ix.search(word)) == _whole(fresh.search(word))
        assert ix.search("zqxagain").total
