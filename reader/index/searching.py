"""Searching: the API the CLI and the TUI share.

``SearchIndex(index_dir).search(query, scope=, limit=, sort=) -> Results``: hits grouped by
article (comment hits under their article), each hit with snippet fragments as plain text plus
highlight spans, the terms to highlight in the full article, counts per kind, and a corrected
query ("did you mean") when the query finds little and a correction finds more.

Highlighting reads stored character positions (body ``chars=True``, ``search(terms=True)``,
``PinpointFragmenter(charlimit=None)``): it never re-analyses a body, and it works past the
32 KiB where Whoosh's default fragmenter silently gives up. Only the hits returned get snippets.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import matching
from whoosh import query as wq
from whoosh import sorting
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.highlight import Formatter, Highlighter, PinpointFragmenter
from whoosh.query.spans import Span, SpanNear2
from whoosh.support.levenshtein import distance

from reader.errors import ReaderError
from reader.index import storage
from reader.index.catalogue import catalogue_path, load_rows
from reader.index.catalogue import journal_path as catalogue_journal
from reader.index.query import SCOPES, QueryError, make_parser, parse, pin_expansions
from reader.index.schema import KINDS

SORTS = ("relevance", "date")
LITTLE = 3  # a query with fewer hits than this gets a "did you mean" look
PER_ARTICLE = 5  # hits kept per article (the article's own + comments)
# Seconds of matching before a search returns what it has (``Results.partial``: counts are then
# lower bounds and the best hits are the best of what was matched). Words and phrases get less
# than queries that expand to many terms (prefix, wildcard, fuzzy, numeric ranges, ``in:`` alone),
# as the latency targets do (p95 100 ms and 300 ms with snippets): a phrase of two common
# words has tens of thousands of candidate documents to check, and counting them all exactly
# would take seconds.
TIME_LIMIT = 0.2
QUICK_TIME_LIMIT = 0.07
AUTO = "auto"
LEAD = 160  # characters of a body shown when no term matched in it (a `by:` hit)


class IndexDamaged(ReaderError):
    title = "index damaged"


# -- results ------------------------------------------------------------------------------------

@dataclass
class Fragment:
    """A snippet: ``text`` is ``body[start:end]``; ``spans`` are (start, end) within ``text``."""

    text: str
    start: int
    end: int
    spans: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "spans": [list(s) for s in self.spans]}


@dataclass
class Hit:
    id: str  # document id: the article id, or "article#comment"
    kind: str  # "article" | "comment" | "bookmark"
    article: str
    score: float
    title: str = ""
    author: str = ""
    date: str | None = None
    parent: str | None = None  # a comment's parent comment id
    comment: str | None = None  # a comment's own id (the part after '#')
    thread: str | None = None  # a comment's thread root comment id (``Results.threaded`` only)
    bookmark: str | None = None  # a bookmark's own id (its document id is "article@bookmark")
    fragments: list[Fragment] = field(default_factory=list)
    title_spans: list[tuple[int, int]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # analysed terms that matched (for spans_in)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "kind": self.kind,
            "article": self.article,
            "comment": self.comment,
            "parent": self.parent,
            "score": round(self.score, 4),
            "title": self.title,
            "author": self.author,
            "date": self.date,
            "title_spans": [list(s) for s in self.title_spans],
            "fragments": [f.to_dict() for f in self.fragments],
            "terms": list(self.terms),
        }
        if self.thread is not None:  # a threaded search only: the JSON of others is unchanged
            out["thread"] = self.thread
        if self.kind == "bookmark":  # its own id; article and comment hits keep their keys
            out["bookmark"] = self.bookmark
        return out


@dataclass
class Thread:
    """Comment hits under one thread root (a comment with no parent in its article)."""

    root: str  # the root comment's id
    title: str = ""
    author: str = ""
    date: str | None = None
    hits: list[Hit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"root": self.root, "title": self.title, "author": self.author, "date": self.date,
                "hits": [h.id for h in self.hits]}


@dataclass
class ArticleHits:
    """One article in the results: its own hit (if the article matched) and its comment hits."""

    article: str
    title: str
    site: str = ""
    date: str | None = None
    author: str = ""
    comments_total: int = 0  # comments the article has
    score: float = 0.0
    hit: Hit | None = None
    comments: list[Hit] = field(default_factory=list)
    bookmarks: list[Hit] = field(default_factory=list)
    # ``comments`` grouped by thread, threads in the order of their best hit (``Results.threaded``)
    threads: list[Thread] = field(default_factory=list)

    @property
    def hits(self) -> list[Hit]:
        return ([self.hit] if self.hit else []) + self.comments + self.bookmarks

    def to_dict(self) -> dict[str, Any]:
        out = {
            "article": self.article,
            "title": self.title,
            "site": self.site,
            "date": self.date,
            "author": self.author,
            "comments_total": self.comments_total,
            "score": round(self.score, 4),
            "hit": self.hit.to_dict() if self.hit else None,
            "comments": [h.to_dict() for h in self.comments],
            "bookmarks": [h.to_dict() for h in self.bookmarks],
        }
        if self.threads:  # a threaded search only: the JSON of others is unchanged
            out["threads"] = [t.to_dict() for t in self.threads]
        return out


@dataclass
class Results:
    query: str
    scope: str = "all"
    sort: str = "relevance"
    limit: int = 20
    counts: dict[str, int] = field(default_factory=lambda: {"articles": 0, "comments": 0, "bookmarks": 0})
    articles: list[ArticleHits] = field(default_factory=list)
    more: bool = False  # more articles matched than ``limit``
    terms: list[str] = field(default_factory=list)  # analysed terms to highlight in a full article
    corrected: str | None = None  # "did you mean"
    corrected_total: int = 0
    partial: bool = False  # the time limit cut matching short, or ``cut``: counts are lower bounds
    # patterns (``doc1*``, ``wrod~``) that match more words than are searched (the most frequent
    # ``query.MAX_EXPANSION``, chosen once for the whole index): the reason for ``partial``
    cut: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # a comments-only or ``by:`` search: comment hits carry their thread root and are grouped
    # by thread (``ArticleHits.threads``) for the TUI and `reader search` to show that way
    threaded: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def __bool__(self) -> bool:
        return self.total > 0

    def to_dict(self) -> dict[str, Any]:
        out = {
            "query": self.query,
            "scope": self.scope,
            "sort": self.sort,
            "limit": self.limit,
            "total": self.total,
            "counts": dict(self.counts),
            "more": self.more,
            "partial": self.partial,
            "corrected": self.corrected,
            "corrected_total": self.corrected_total,
            "terms": list(self.terms),
            "articles": [a.to_dict() for a in self.articles],
        }
        if self.threaded:  # comment hits carry "thread", articles "threads"
            out["threaded"] = True
        if self.cut:  # why the counts are lower bounds
            out["cut"] = list(self.cut)
        return out


# -- phrases -----------------------------------------------------------------------------------

class _ExactPhraseMatcher(SpanNear2.SpanNear2Matcher):
    """Whoosh's phrase matcher (``SpanNear2``, slop 1) with a cheaper check per candidate.

    Whoosh turns both words' postings into ``Span`` objects (with character offsets) for every
    document holding both and bisects them: about 80 µs a candidate, 6 s for a phrase of two
    common words at 10k. The same test on bare positions, with sets, is a few µs.
    """

    def _get_spans(self):
        ends = None
        for m in self.ms:
            positions = m.value_as("positions")
            if ends is None:
                ends = set(positions)
            else:
                ends = {p for p in positions if p - 1 in ends}
            if not ends:
                return []
        n = len(self.ms) - 1
        return [Span(p - n, p) for p in sorted(ends)]


class ExactPhrase(wq.Phrase):
    """``wq.Phrase`` whose exact (slop 1) form uses ``_ExactPhraseMatcher``; same matches."""

    def matcher(self, searcher, context=None):
        fieldname = self.fieldname
        schema = searcher.schema
        if self.slop != 1 or len(self.words) < 2 or fieldname not in schema:
            return super().matcher(searcher, context)
        field = schema[fieldname]
        if not field.format or not field.format.supports("positions"):
            return super().matcher(searcher, context)  # raises Whoosh's own error
        reader = searcher.reader()
        ms = []
        for word in self.words:
            try:
                word = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (fieldname, word) not in reader:
                return matching.NullMatcher()
            ms.append(wq.Term(fieldname, word).matcher(searcher, context))
        m = _ExactPhraseMatcher(ms, slop=1, ordered=True, mindist=1)
        if self.boost != 1.0:
            m = matching.WrappingMatcher(m, boost=self.boost)
        return m


def exact_phrases(q: wq.Query) -> wq.Query:
    """``q`` with every plain ``Phrase`` made an ``ExactPhrase``."""

    def swap(node):
        if type(node) is wq.Phrase:
            return ExactPhrase(node.fieldname, node.words, slop=node.slop, boost=node.boost,
                               char_ranges=node.char_ranges)
        return node

    return q.accept(swap)


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


# -- highlighting -------------------------------------------------------------------------------

class _FragmentFormatter(Formatter):
    """Whoosh formatters make strings; this one hands back ``Fragment`` objects."""

    def format(self, fragments, replace=False):
        out = []
        for f in fragments:
            text = f.text[f.startchar:f.endchar]
            spans: list[tuple[int, int]] = []
            for t in sorted(f.matches, key=lambda t: (t.startchar, -t.endchar)):
                s, e = t.startchar - f.startchar, t.endchar - f.startchar
                if spans and s <= spans[-1][1]:
                    spans[-1] = (spans[-1][0], max(spans[-1][1], e))
                else:
                    spans.append((s, e))
            out.append(Fragment(text, f.startchar, f.endchar, spans))
        out.sort(key=lambda fr: fr.start)
        return out


def _highlighter() -> Highlighter:
    return Highlighter(
        fragmenter=PinpointFragmenter(maxchars=200, surround=40, autotrim=True, charlimit=None),
        formatter=_FragmentFormatter(),
    )


def spans_in(text: str, terms: list[str] | set[str], analyzer=None) -> list[tuple[int, int]]:
    """Where ``terms`` (analysed forms, as in ``Results.terms``) occur in ``text``: (start, end).

    For the reading pane, on the UI thread: the body analyser's tokenizer pattern finds the
    words, and each *distinct* word goes through the analyser once (a cache), which gives the
    analyser's own answer at a fraction of the cost (a 20k-word article has ~3k distinct words).
    """
    wanted = set(terms)
    if not wanted or not text:
        return []
    if analyzer is not None:
        return [(t.startchar, t.endchar) for t in analyzer(text, chars=True, mode="index") if t.text in wanted]
    term_of = _word_terms()
    out: list[tuple[int, int]] = []
    for m in _token_pattern().finditer(text):
        word = m.group()
        term = term_of.get(word, _MISSING)
        if term is _MISSING:
            term = _analyse_word(word)
        if term in wanted:
            out.append(m.span())
    return out


_MISSING = object()
_WORDS: dict[str, str | None] = {}
_WORDS_MAX = 200_000  # distinct words remembered; the cache starts over past this


def _token_pattern():
    from reader.index.schema import TOKEN_PATTERN

    pattern = _ANALYZER.get("pattern")
    if pattern is None:
        pattern = _ANALYZER["pattern"] = re.compile(TOKEN_PATTERN)
    return pattern


def _word_terms() -> dict[str, str | None]:
    if len(_WORDS) > _WORDS_MAX:
        _WORDS.clear()
    return _WORDS


def _analyse_word(word: str) -> str | None:
    """The term the body analyser makes of one token (None: a stop word, or too long)."""
    from reader.index.schema import text_analyzer

    analyzer = _ANALYZER.get("text") or _ANALYZER.setdefault("text", text_analyzer())
    terms = [t.text for t in analyzer(word, mode="index")]
    term = terms[0] if len(terms) == 1 else None
    _WORDS[word] = term
    return term


_ANALYZER: dict[str, Any] = {}


def _names_author(q: wq.Query) -> bool:
    """Whether a query searches ``author:``/``by:`` (words, phrases, prefixes alike)."""
    leaves = [q] if q.is_leaf() else q.leaves()
    return any(getattr(leaf, "fieldname", None) == "author" for leaf in leaves)


def _lead(body: str) -> Fragment | None:
    text = body.strip()
    if not text:
        return None
    start = body.find(text[:20])
    cut = text[:LEAD]
    if len(text) > LEAD and " " in cut[LEAD // 2:]:
        cut = cut[: cut.rfind(" ")]
    return Fragment(cut, start, start + len(cut), [])


def _iso(value) -> str | None:
    if value is None:
        return None
    try:
        if value.hour == value.minute == value.second == value.microsecond == 0:
            return value.date().isoformat()
        return value.isoformat()
    except AttributeError:
        return str(value)


# -- the index ----------------------------------------------------------------------------------

class SearchIndex:
    """An open index. Keep one for a session; ``refresh()`` picks up commits made since."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        try:
            self.ix = storage.open_index(self.index_dir)
        except storage.IndexUnreadable as exc:
            raise IndexDamaged(f"{self.index_dir}: {exc}; run `reader index --rebuild`") from None
        self.searcher = self.ix.searcher()
        self.parser = make_parser(self.ix.schema)
        self._rows: dict[str, list[Any]] | None = None
        self._rows_key: tuple[int, int] | None = None

    def close(self) -> None:
        self.searcher.close()

    def __enter__(self) -> "SearchIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def refresh(self) -> None:
        if not self.searcher.up_to_date():
            self.searcher = self.searcher.refresh()

    def catalogue(self) -> dict[str, list[Any]]:
        """id → catalogue row, re-read when the file changes."""
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
        per_article: int = PER_ARTICLE,
        suggest: bool = True,
        time_limit: float | str | None = AUTO,
    ) -> Results:
        """``time_limit``: seconds, None for none, or ``"auto"``: ``QUICK_TIME_LIMIT`` for words
        and phrases, ``TIME_LIMIT`` for queries that expand (see ``time_limit_for``)."""
        t0 = time.perf_counter()
        if scope not in SCOPES:
            raise QueryError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
        if sort not in SORTS:
            raise QueryError(f"sort must be relevance or date, not {sort!r}")
        limit = max(1, int(limit))
        parsed = parse(text, self.ix.schema, self.parser)
        kinds = set(SCOPES[scope])
        if parsed.kinds is not None:
            kinds &= set(parsed.kinds)
        results = Results(query=text, scope=scope, sort=sort, limit=limit)
        if not kinds:
            return results
        if parsed.query is wq.NullQuery:  # only stop words: nothing to find, and no error
            return results
        q = self._scoped(parsed.query, kinds)
        q = self._having(q, parsed.has)
        if q is wq.NullQuery:
            return results
        if time_limit == AUTO:
            time_limit = time_limit_for(q)
        try:
            results.cut = pin_expansions(q, self.searcher.reader())
            top = limit * per_article * 2
            res, results.partial = self._run(q, top, sort, time_limit)
            if results.partial and not len(res) and time_limit < TIME_LIMIT:
                # Nothing matched within the quick budget (a cold first query, a loaded
                # machine): the rest of the long one, rather than an empty page (the whole
                # search still ends within TIME_LIMIT of matching).
                res, results.partial = self._run(q, top, sort, TIME_LIMIT - time_limit)
        except QueryError:
            raise
        except Exception as exc:
            raise IndexDamaged(
                f"search failed ({type(exc).__name__}); run `reader index --rebuild`"
            ) from None
        if results.cut:  # a pattern matched more words than are searched: counts are lower bounds
            results.partial = True
        counts = res.groups("kind")
        results.counts = {
            "articles": counts.get("article", 0),
            "comments": counts.get("comment", 0),
            "bookmarks": counts.get("bookmark", 0),
        }
        self._group(res, results, limit, per_article, snippets)
        if kinds == {"comment"} or _names_author(parsed.query):
            results.threaded = True
            self._threads(results)
        if suggest and results.total < LITTLE and not results.partial:
            self._did_you_mean(parsed, kinds, results)
        results.seconds = time.perf_counter() - t0
        return results

    def _run(self, q: wq.Query, top: int, sort: str, time_limit: float | None):
        """Collect the best ``top`` documents, per-kind counts and matched terms, within the time
        limit: a query matching most of a big library (``a*``) stops early with what it has."""
        collector = self.searcher.collector(
            limit=top,
            terms=True,
            sortedby="when" if sort == "date" else None,
            reverse=sort == "date",
            groupedby={"kind": sorting.FieldFacet("kind", maptype=sorting.Count)},
        )
        partial = False
        if time_limit:
            collector = TimeLimitCollector(collector, timelimit=time_limit, use_alarm=False)
            try:
                self.searcher.search_with_collector(q, collector)
            except TimeLimit:
                partial = True
                if collector.timer is not None:
                    collector.timer.cancel()
        else:
            self.searcher.search_with_collector(q, collector)
        return collector.results(), partial

    def count(self, text: str, *, scope: str = "all") -> int:
        parsed = parse(text, self.ix.schema, self.parser)
        kinds = set(SCOPES[scope]) & set(parsed.kinds or KINDS)
        if not kinds:
            return 0
        q = self._having(self._scoped(parsed.query, kinds), parsed.has)
        if q is wq.NullQuery:
            return 0
        pin_expansions(q, self.searcher.reader())
        # optimize=False: Whoosh's quality skipping trips an assert in Require over a union
        return len(self.searcher.search(q, limit=1, optimize=False))

    def _having(self, q: wq.Query, has: tuple[str, ...]) -> wq.Query:
        """``has:bookmarks``: only documents of articles that have a bookmark document."""
        if "bookmarks" not in has:
            return q
        from reader.index.bookmark_docs import bookmarked_articles

        articles = sorted(bookmarked_articles(self.searcher))
        if not articles:
            return wq.NullQuery
        terms = [wq.Term("article", a) for a in articles]
        having = terms[0] if len(terms) == 1 else wq.Or(terms)
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

    def _group(self, res, results: Results, limit: int, per_article: int, snippets: bool) -> None:
        rows = self.catalogue()
        groups: dict[str, ArticleHits] = {}
        order: list[str] = []
        shown = []  # (group, whoosh hit) in result order
        taken: dict[str, int] = {}
        for hit in res:
            aid = hit["article"]
            g = groups.get(aid)
            if g is None:
                if len(order) == limit:
                    results.more = True
                    break
                order.append(aid)
                row = rows.get(aid)
                g = groups[aid] = ArticleHits(
                    article=aid,
                    title=row[1] if row else aid,
                    site=row[2] if row else "",
                    date=row[3] if row else None,
                    author=row[4] if row else "",
                    comments_total=int(row[5]) if row else 0,
                )
            g.score = max(g.score, float(hit.score or 0.0))
            if taken.get(aid, 0) >= per_article:
                continue
            taken[aid] = taken.get(aid, 0) + 1
            shown.append((g, hit))
        else:
            # Every document in the top was used; more may lie beyond it.
            if len(order) == limit and len(res) > res.scored_length():
                results.more = True
        # Highlight only the hits shown: Whoosh loads character positions for every document
        # in ``top_n`` on the first highlight, so the top is cut down to them first.
        keep = {hit.docnum for _, hit in shown}
        res.top_n = [item for item in res.top_n if item[1] in keep]
        for g, hit in shown:
            h = self._hit(hit, snippets)
            if h.kind == "article":
                g.hit = h
                if h.title and g.article not in rows:
                    g.title = h.title
            elif h.kind == "comment":
                g.comments.append(h)
            else:
                g.bookmarks.append(h)
        results.articles = [groups[a] for a in order]
        terms: set[str] = set()
        for g in results.articles:
            for h in g.hits:
                terms.update(h.terms)
        results.terms = sorted(terms)

    def _threads(self, results: Results) -> None:
        """Give each comment hit its thread root (walking ``parent`` up through the stored
        fields of the article's comment documents, looked up by id: a few per hit, cached for
        the search) and group each article's comment hits by thread."""
        known: dict[str, tuple[str, str, str, str | None]] = {}  # doc id → parent, title, author, date
        for g in results.articles:
            for h in g.comments:
                known[h.id] = (h.parent or "", h.title, h.author, h.date)

        def fields(aid: str, cid: str) -> tuple[str, str, str, str | None] | None:
            doc = f"{aid}#{cid}"
            if doc not in known:
                docnum = self.searcher.document_number(id=doc)
                if docnum is None:
                    return None
                stored = self.searcher.stored_fields(docnum)
                known[doc] = (stored.get("parent") or "", stored.get("title", ""),
                              stored.get("author", ""), _iso(stored.get("date")))
            return known[doc]

        for g in results.articles:
            threads: dict[str, Thread] = {}
            for h in g.comments:
                root, seen = h.comment or "", set()
                while root and root not in seen:  # a cycle ends the walk where it closes
                    seen.add(root)
                    row = fields(g.article, root)
                    parent = row[0] if row else ""
                    if not parent or fields(g.article, parent) is None:
                        break  # a root, or a parent the article no longer has: a root too
                    root = parent
                h.thread = root or None
                if not root:
                    continue
                t = threads.get(root)
                if t is None:
                    row = fields(g.article, root)
                    t = threads[root] = Thread(root, *(row[1:] if row else ("", "", None)))
                t.hits.append(h)
            g.threads = list(threads.values())

    def _hit(self, hit, snippets: bool) -> Hit:
        fields = hit.fields()
        kind = fields.get("kind", "article")
        doc = fields.get("id", "")
        article = fields.get("article", doc)
        comment = bookmark = None
        if kind == "bookmark":
            bookmark = doc[len(article) + 1:] if doc.startswith(article + "@") else doc
        elif kind == "comment" and "#" in doc:
            comment = doc[len(article) + 1:] if doc.startswith(article + "#") else doc.split("#", 1)[1]
        matched = hit.matched_terms() if hit.results.has_matched_terms() else []
        text_terms = sorted({t.decode("utf-8") for f, t in matched if f in ("body", "title")})
        h = Hit(
            id=doc,
            kind=kind,
            article=article,
            score=float(hit.score or 0.0),
            title=fields.get("title", ""),
            author=fields.get("author", ""),
            date=_iso(fields.get("date")),
            parent=(fields.get("parent") or None) if kind == "comment" else None,
            comment=comment,
            bookmark=bookmark,
            terms=text_terms,
        )
        title_terms = {t.decode("utf-8") for f, t in matched if f == "title"}
        if title_terms and h.title:
            h.title_spans = spans_in(h.title, title_terms)
        if snippets:
            body = fields.get("body", "")
            frags = []
            if body and any(f == "body" for f, _ in matched):
                try:
                    frags = _HIGHLIGHTER.highlight_hit(hit, "body", text=body, top=3, minscore=1)
                except Exception:  # a highlight must never cost the results
                    frags = []
            if not frags:
                lead = _lead(body)
                frags = [lead] if lead else []
            h.fragments = frags
        return h

    # -- did you mean -------------------------------------------------------------------------

    def _did_you_mean(self, parsed, kinds: set[str], results: Results) -> None:
        corrected = self.correct(parsed.rewritten, parsed.query)
        if not corrected or corrected == parsed.rewritten:
            return
        try:
            again = parse(corrected, self.ix.schema, self.parser)
        except QueryError:
            return
        n = len(self.searcher.search(self._scoped(again.query, kinds), limit=1))
        if n > results.total:
            results.corrected = corrected if parsed.text == parsed.rewritten else self._reinsert(parsed.text, corrected)
            results.corrected_total = n

    @staticmethod
    def _reinsert(original: str, corrected: str) -> str:
        # The query had `in:` or a date range rewritten; show the correction in the user's terms.
        import re

        ins = " ".join(re.findall(r"(?<![\w:])in:\S+", original))
        return f"{corrected} {ins}".strip()

    def correct(self, qstring: str, q: wq.Query) -> str | None:
        """``qstring`` with each word the index lacks replaced by the nearest frequent one.

        Bodies and titles are indexed as stems, so the search is among stems (``kernal`` →
        ``kernel``, ``schedulr`` → ``schedul``) and the stem is then spelled as a word close to
        what was typed (``scheduler``).
        """
        reader = self.searcher.reader()
        edits: dict[tuple[int, int], str] = {}
        for tok in q.all_tokens():
            if tok.fieldname not in ("body", "title", "author", "site", "tags"):
                continue
            if tok.startchar is None or tok.endchar is None:
                continue
            span = (tok.startchar, tok.endchar)
            if span in edits:
                continue
            word = qstring[tok.startchar:tok.endchar]
            if not word.isalpha() or len(word) < 3:
                continue
            field = "body" if tok.fieldname == "title" else tok.fieldname
            fieldobj = self.ix.schema[field]
            texts = list(fieldobj.process_text(word, mode="query"))
            if not texts or reader.doc_frequency(field, texts[0]):
                continue  # a word the library has is not a typo, however rare
            typed = texts[0]
            best = None
            for cand in self._candidates(reader, field, typed):
                df = reader.doc_frequency(field, cand)
                if not df:
                    continue
                key = (distance(typed, cand), -df, cand)
                if best is None or key < best:
                    best = key
            if best is not None:
                edits[span] = self._spell(reader, field, best[2], word.lower())
        if not edits:
            return None
        out, last = [], 0
        for (s, e), cand in sorted(edits.items()):
            if s < last:
                continue
            original = qstring[s:e]
            out.append(qstring[last:s])
            out.append(cand.capitalize() if original[:1].isupper() and original[1:].islower() else cand)
            last = e
        out.append(qstring[last:])
        return "".join(out)

    @staticmethod
    def _spell(reader, field: str, stem: str, typed: str) -> str:
        """The stem as the library writes it: the surface words at the stem's first postings
        (stored character positions), the one closest to what was typed."""
        fieldobj = reader.schema[field]
        if not (fieldobj.analyzer.has_morph() and fieldobj.supports("characters")):
            return stem
        try:
            m = reader.postings(field, stem)
            docnum = m.id()
            spans = m.value_as("characters")[:50]
            text = reader.stored_fields(docnum).get(field, "")
        except Exception:
            return stem
        forms = {text[sc:ec].lower() for _, sc, ec in spans if 0 <= sc < ec <= len(text)}
        forms = {f for f in forms if f.isalpha()}
        if not forms:
            return stem
        return min(forms, key=lambda f: (distance(typed, f), len(f), f))

    @staticmethod
    def _candidates(reader, fieldname: str, word: str) -> set[str]:
        found: set[str] = set()
        maxdist = 1 if len(word) <= 4 else 2
        for leaf, _ in reader.leaf_readers():
            try:
                found.update(leaf.terms_within(fieldname, word, maxdist, prefix=1))
            except Exception:
                continue
            if len(found) > 500:
                break
        found.discard(word)
        return found


_HIGHLIGHTER = _highlighter()
