"""Searching: the API the CLI and the TUI share.

``SearchIndex(index_dir).search(query, scope=, limit=, sort=) -> Results``: hits grouped by
article (comment hits under their article), each hit with snippet fragments as plain text plus
highlight spans, the terms to highlight in the full article, counts per kind, and a corrected
query ("did you mean") when the query finds little and a correction finds more.

The parts live beside this module: ``query`` (the query language) and ``expansions`` (its
bounded prefix, wildcard and fuzzy terms), ``results`` (the types returned), ``grouping`` (Whoosh's
hits into those types: articles, hits, threads), ``phrases`` (the exact phrase matcher),
``highlight`` (snippets and spans; only the hits returned get snippets) and ``suggest`` (did you
mean). Their public names are importable from here too.
"""

from __future__ import annotations

import os
import time
from collections.abc import Collection, Mapping
from pathlib import Path

from whoosh import query as wq
from whoosh import collectors
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.searching import Searcher

from reader.errors import ReaderError
from reader.index import storage
from reader.index.catalogue import Entry, catalogue_path, load_rows
from reader.index.column_cache import cache_columns, warm
from reader.index.counting import Counting
from reader.index.catalogue import journal_path as catalogue_journal
from reader.index import bulk, suggest
from reader.index.grouping import group_hits, thread_hits
from reader.index.highlight import LEAD, spans_in
from reader.index.phrases import ExactPhrase, exact_phrases
from reader.index.expansions import pin_expansions
from reader.index.matched import BestMatches
from reader.index.query import SCOPES, QueryError, make_parser, parse
from reader.index.results import PER_ARTICLE, ArticleHits, Fragment, Hit, Results, Thread
from reader.index.schema import KINDS
from reader.index.scoring import TableBM25F

SORTS = ("relevance", "date")

LITTLE = 3  # a query with fewer hits than this gets a "did you mean" look
# Seconds from a search's start (parsing and the expansions of its words count too) to the end
# of its matching, when it returns what it has (``Results.partial``: counts are then lower
# bounds and the best hits are the best of what was matched). Words and phrases get less
# than queries that expand to many terms (prefix, wildcard, fuzzy, numeric ranges, ``in:`` alone),
# as the latency targets do (p95 100 ms and 300 ms with snippets): a phrase of two common
# words has tens of thousands of candidate documents to check, and counting them all exactly
# would take seconds.
TIME_LIMIT = 0.2
QUICK_TIME_LIMIT = 0.07
# What the matching gets however long the expansions took (a cold first search): a few matches
# rather than none.
LEAST_MATCHING = 0.02
AUTO = "auto"
BULK = True  # the common queries scored a segment at a time (``bulk``); tests compare both ways
NO_LIMIT = 24 * 3600.0  # a search with no time limit that can still be cancelled


class IndexDamaged(ReaderError):
    title = "index damaged"


class SearchCancelled(Exception):
    """A search stopped by its ``Cancel`` (a newer query came): it has no results."""


class Cancel:
    """Stops a search running in another thread at its next match (``search(cancel=)``; call
    it from any thread): a front end that searches as the user types drops the stale prefix's
    search instead of waiting for it before the newest query can start."""

    def __init__(self) -> None:
        self.cancelled = False
        self.collector: TimeLimitCollector | None = None

    def __call__(self) -> None:
        self.cancelled = True
        collector = self.collector
        if collector is not None:
            collector.timedout = True  # Whoosh's own stop flag, read at each match


_EXPANDING = (wq.PatternQuery, wq.FuzzyTerm, wq.NumericRange, wq.TermRange, wq.Every)


def time_limit_for(q: wq.Query) -> float:
    """``TIME_LIMIT`` for a query that expands to many terms or documents, else the quick one."""
    stack = [q]
    while stack:
        node = stack.pop()
        if isinstance(node, _EXPANDING):
            return TIME_LIMIT
        if not node.is_leaf():
            stack.extend(node.children())
    return QUICK_TIME_LIMIT


def _left(time_limit: float | None, t0: float) -> float | None:
    """What is left of ``time_limit`` seconds since ``t0`` (at least ``LEAST_MATCHING``)."""
    if not time_limit:
        return time_limit
    return max(time_limit - (time.perf_counter() - t0), LEAST_MATCHING)


def _names_author(q: wq.Query) -> bool:
    """Whether a query searches ``author:``/``by:`` (words, phrases, prefixes alike)."""
    leaves = [q] if q.is_leaf() else q.leaves()
    return any(getattr(leaf, "fieldname", None) == "author" for leaf in leaves)


# -- the index ----------------------------------------------------------------------------------

class SearchIndex:
    """An open index. Keep one for a session; ``refresh()`` picks up commits made since."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        try:
            self.ix = storage.open_index(self.index_dir)
        except storage.IndexUnreadable as exc:
            raise IndexDamaged(f"{self.index_dir}: {exc}; run `reader index --rebuild`") from None
        self.searcher = self.ix.searcher(weighting=TableBM25F())
        cache_columns(self.searcher)
        # the searcher's schema, never ``self.ix.schema``: that re-reads the TOC file each time
        self.parser = make_parser(self.searcher.schema)
        self._rows: dict[str, Entry] | None = None
        self._rows_key: tuple[int, int] | None = None

    def close(self) -> None:
        self.searcher.close()

    def __enter__(self) -> "SearchIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def refresh(self) -> None:
        if not self.searcher.up_to_date():
            # not Whoosh's Searcher.refresh(): see storage.refreshed_reader
            reader = storage.refreshed_reader(self.ix, self.searcher.reader())
            self.searcher = Searcher(reader, fromindex=self.ix, weighting=self.searcher.weighting)
            cache_columns(self.searcher)

    def warm(self) -> None:
        """Read now what every search reads from each segment (``column_cache.warm``)."""
        warm(self.searcher)

    def catalogue(self) -> dict[str, Entry]:
        """id → catalogue entry, re-read when the file changes."""
        key = []
        for path in (catalogue_path(self.index_dir), catalogue_journal(self.index_dir)):
            try:  # the base and its journal: an incremental run appends to the journal only
                st = os.stat(path)
                key.append((st.st_ino, st.st_mtime_ns, st.st_size))
            except OSError:
                key.append(None)
        if self._rows is None or key != self._rows_key:
            self._rows = load_rows(self.index_dir)
            self._rows_key = key
        return self._rows

    # -- searching --------------------------------------------------------------------------

    def search(
        self,
        text: str,
        *,
        scope: str = "all",
        limit: int = 20,
        sort: str = "relevance",
        snippets: bool = True,
        per_article: int | None = PER_ARTICLE,
        suggest: bool = True,
        time_limit: float | str | None = AUTO,
        seen: Mapping[str, Collection[str]] | None = None,
        article: str | None = None,
        timeline: bool = False,
        cancel: Cancel | None = None,
    ) -> Results:
        """``seen``: article id → the comment ids seen when it was last opened (``State.seen``),
        which ``is:new`` needs (without it ``is:new`` finds nothing).
        ``time_limit``: seconds, None for none, or ``"auto"``: ``QUICK_TIME_LIMIT`` for words
        and phrases, ``TIME_LIMIT`` for queries that expand (see ``time_limit_for``).
        ``per_article``: hits shown per article (None: all of them); each article says how many
        it has and how many were left out (``ArticleHits.total``, ``ArticleHits.omitted``).
        ``article``: only that article's hits (a front end's "+N more": ``per_article=None``).
        ``timeline``: count the hits per month too (``Results.months``, for ``reader.index.timeline``).
        ``cancel``: calling it (from another thread) stops the search, which raises
        ``SearchCancelled``."""
        t0 = time.perf_counter()
        if scope not in SCOPES:
            raise QueryError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
        if sort not in SORTS:
            raise QueryError(f"sort must be relevance or date, not {sort!r}")
        limit = max(1, int(limit))
        parsed = parse(text, self.searcher.schema, self.parser)
        kinds = set(SCOPES[scope])
        if parsed.kinds is not None:
            kinds &= set(parsed.kinds)
        if "new" in parsed.flags:  # only a comment is new
            kinds &= {"comment"}
        if per_article is not None:
            per_article = max(1, int(per_article))
        results = Results(query=text, scope=scope, sort=sort, limit=limit, per_article=per_article)
        if not kinds:
            return results
        if parsed.query is wq.NullQuery:  # only stop words: nothing to find, and no error
            return results
        q = self._scoped(parsed.query, kinds)
        q = self._having(q, parsed.has)
        if article is not None and q is not wq.NullQuery:
            q = self._within(q, wq.Term("article", article))
        if q is wq.NullQuery:
            return results
        if "new" in parsed.flags:
            new = self.new_comments(seen or {})
            if not new:
                return results
            q = self._within(q, wq.Or([wq.Term("id", doc) for doc in sorted(new)]))
        if time_limit == AUTO:
            time_limit = time_limit_for(q)
        try:
            results.cut = pin_expansions(q, self.searcher.reader())
            top = None if per_article is None else limit * per_article * 2  # None: every match
            res, results.partial, tally = self._run(q, top, sort, _left(time_limit, t0), timeline, cancel)
            if results.partial and not len(res) and time_limit and time_limit < TIME_LIMIT:
                # Nothing matched within the quick budget (a cold first query, a loaded
                # machine): the rest of the long one, rather than an empty page (the
                # matching still ends within TIME_LIMIT of the start).
                res, results.partial, tally = self._run(q, top, sort, _left(TIME_LIMIT, t0), timeline,
                                                       cancel)
            if cancel is not None and cancel.cancelled:  # before the snippets: nobody wants them
                raise SearchCancelled
        except (QueryError, SearchCancelled):
            raise
        except Exception as exc:
            raise IndexDamaged(
                f"search failed ({type(exc).__name__}); run `reader index --rebuild`"
            ) from None
        if results.cut:  # a pattern matched more words than are searched: counts are lower bounds
            results.partial = True
        counts = tally.kinds
        results.counts = {
            "articles": counts.get("article", 0),
            "comments": counts.get("comment", 0),
            "bookmarks": counts.get("bookmark", 0),
        }
        if timeline:
            results.months = tally.months
        group_hits(res, results, self.catalogue(), limit, per_article, snippets, tally.articles)
        if kinds == {"comment"} or _names_author(parsed.query):
            results.threaded = True
            thread_hits(self.searcher, results)
        if suggest and results.total < LITTLE and not results.partial:
            self._did_you_mean(parsed, kinds, results, t0)
        results.seconds = time.perf_counter() - t0
        return results

    def _run(self, q: wq.Query, top: int | None, sort: str, time_limit: float | None, timeline: bool = False,
             cancel: Cancel | None = None):
        """Collect the best ``top`` documents, the matched terms and the counts (per kind for
        the summary, per article for each "+N more", per ``when`` for the hits over time, when
        asked) within the time limit: a query matching most of a big library (``a*``) stops
        early with what it has. Returns (Whoosh's results, cut short, ``Tally``)."""
        # An index of undated documents only has no ``when`` column, and Whoosh then looks for
        # the field's terms and fails (TermNotFound): no dates to count or sort by, so neither
        dated = self.searcher.reader().has_column("when")
        # Every match is counted, so every match is collected: no block-quality skipping. The
        # terms each hit matched: noted as it enters the best (``BestMatches``), else found
        # afterwards for the hits shown (``grouping``).
        if BULK and top is not None and sort == "relevance" and bulk.supported(q) \
                and bulk.affordable(q, self.searcher, time_limit):
            # the common queries: a segment's postings at a time, scored as Whoosh would
            done = bulk.run(self.searcher, q, top, time_limit, timeline and dated,
                            lambda: cancel is not None and cancel.cancelled)
            if cancel is not None and cancel.cancelled:
                raise SearchCancelled
            if done is not None:
                return done
        if sort == "date" and dated:
            ranked = collectors.SortingCollector("when", limit=top, reverse=True)
        elif top is not None and sort == "relevance":  # a heap of the best, not a sort of all
            ranked = BestMatches(top)
        else:
            ranked = collectors.UnlimitedCollector(reverse=sort == "date")
        collector = counting = Counting(ranked, dated=timeline and dated)
        # needs_current: Whoosh's binary union of a prefix's words, as before, not its array
        # union, which small indexes would get, with sums in another order
        context = self.searcher.context(needs_current=True)
        partial = False
        if time_limit or cancel is not None:
            # the time limit's stop flag is also how a Cancel stops the matching
            collector = TimeLimitCollector(collector, timelimit=time_limit or NO_LIMIT, use_alarm=False)
            if cancel is not None:
                cancel.collector = collector
                if cancel.cancelled:
                    raise SearchCancelled
            try:
                self.searcher.search_with_collector(q, collector, context)
            except TimeLimit:
                partial = True
                if cancel is not None and cancel.cancelled:
                    raise SearchCancelled from None
            finally:
                # stopped early, or failed: its timer thread (not a daemon) must not outlive it
                # (Whoosh's finish() cancels it too; this does not rely on it)
                if collector.timer is not None:
                    collector.timer.cancel()
                if cancel is not None:
                    cancel.collector = None
        else:
            self.searcher.search_with_collector(q, collector, context)
        res = collector.results()
        if isinstance(ranked, BestMatches):
            ranked.give_terms(res)
        return res, partial, counting.tally()

    def count(self, text: str, *, scope: str = "all", seen: Mapping[str, Collection[str]] | None = None) -> int:
        parsed = parse(text, self.searcher.schema, self.parser)
        kinds = set(SCOPES[scope]) & set(parsed.kinds or KINDS)
        if "new" in parsed.flags:
            kinds &= {"comment"}
        if not kinds:
            return 0
        q = self._having(self._scoped(parsed.query, kinds), parsed.has)
        if "new" in parsed.flags:
            new = self.new_comments(seen or {})
            if not new:
                return 0
            q = self._within(q, wq.Or([wq.Term("id", doc) for doc in sorted(new)]))
        if q is wq.NullQuery:
            return 0
        pin_expansions(q, self.searcher.reader())
        # optimize=False: Whoosh's quality skipping trips an assert in Require over a union
        return len(self.searcher.search(q, limit=1, optimize=False))

    def new_comments(self, seen: Mapping[str, Collection[str]]) -> set[str]:
        """The doc ids of the comments that came since their article was last opened (a
        term filter, not a collector's: the time-limit wrapper bypasses those). An article
        never opened has none: it is unread as a whole. Costs a stored-field read per comment
        of the articles in ``seen``."""
        docs: set[str] = set()
        searcher = self.searcher
        for article, ids in seen.items():
            known = set(ids)
            q = wq.And([wq.Term("article", article), wq.Term("kind", "comment")])
            for docnum in searcher.docs_for_query(q):
                doc_id = searcher.stored_fields(docnum).get("id", "")
                if doc_id.partition("#")[2] not in known:
                    docs.add(doc_id)
        return docs

    def _having(self, q: wq.Query, has: tuple[str, ...]) -> wq.Query:
        """``has:bookmarks``: only documents of articles that have a bookmark document."""
        if "bookmarks" not in has:
            return q
        from reader.index.bookmark_docs import bookmarked_articles

        articles = sorted(bookmarked_articles(self.searcher))
        if not articles:
            return wq.NullQuery
        terms = [wq.Term("article", a) for a in articles]
        return self._within(q, terms[0] if len(terms) == 1 else wq.Or(terms))

    @staticmethod
    def _within(q: wq.Query, having: wq.Query) -> wq.Query:
        """``q`` kept to the documents ``having`` matches."""
        if isinstance(q, wq.Require):  # one Require with both filters: Whoosh's nested
            return wq.Require(q.a, wq.And([q.b, having]))  # Requires trip an assert when skipping
        return wq.Require(q, having)

    @staticmethod
    def _scoped(q: wq.Query, kinds: set[str]) -> wq.Query:
        q = exact_phrases(q)
        if kinds >= set(KINDS):
            return q
        terms = [wq.Term("kind", k) for k in sorted(kinds)]
        return wq.Require(q, terms[0] if len(terms) == 1 else wq.Or(terms))

    # -- did you mean -------------------------------------------------------------------------

    def _did_you_mean(self, parsed, kinds: set[str], results: Results, t0: float) -> None:
        corrected = self.correct(parsed.rewritten, parsed.query)
        if not corrected or corrected == parsed.rewritten:
            return
        try:
            again = parse(corrected, self.searcher.schema, self.parser)
        except QueryError:
            return
        q = self._scoped(again.query, kinds)
        pin_expansions(q, self.searcher.reader())  # as the search itself: the cached term lists
        # counted within what is left of the search's budget: a correction to a phrase of two
        # common words would take seconds to count whole, and more than the query's few is enough
        n = self._count_within(q, _left(TIME_LIMIT, t0))
        if n > results.total:
            same = parsed.text == parsed.rewritten
            results.corrected = corrected if same else suggest.reinsert(parsed.text, corrected)
            results.corrected_total = n

    def _count_within(self, q: wq.Query, seconds: float) -> int:
        """The matches of ``q`` counted for at most ``seconds`` (fewer when cut short)."""
        best = BestMatches(1)
        collector = TimeLimitCollector(best, timelimit=seconds, use_alarm=False)
        try:
            self.searcher.search_with_collector(q, collector)
        except TimeLimit:
            pass
        finally:
            if collector.timer is not None:  # its thread must not outlive the search
                collector.timer.cancel()
        return best.total

    def correct(self, qstring: str, q: wq.Query) -> str | None:
        """``qstring`` with each word the index lacks replaced by the nearest frequent one
        (``reader.index.suggest``)."""
        return suggest.correct(self.searcher.reader(), self.searcher.schema, qstring, q)


__all__ = ["ArticleHits", "ExactPhrase", "Fragment", "Hit", "IndexDamaged", "LEAD", "Results", "SearchIndex",
           "Thread", "exact_phrases", "spans_in", "time_limit_for"]
