"""What a search returns: hits grouped by article, with snippets and highlight spans.

``Results.to_dict()`` is ``reader search --json``'s contract (key order included).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PER_ARTICLE = 5  # hits shown per article by default (the article's own, comments, bookmarks)

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
    # hits of this article in all (its own, comments, bookmarks), and those not in ``hits``
    # (past the per-article limit): a front end says "+N more" (a lower bound when partial)
    total: int = 0
    omitted: int = 0

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
        out["total"] = self.total  # added last: the keys before keep their order
        out["omitted"] = self.omitted
        return out


@dataclass
class Results:
    query: str
    scope: str = "all"
    sort: str = "relevance"
    limit: int = 20
    per_article: int | None = PER_ARTICLE  # hits shown per article; None: all
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
    # hits per month ("YYYY-MM" → n) of the dated documents matched, when the search was asked
    # for a timeline (``reader.index.timeline`` makes bars of them); not in the JSON
    months: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def omitted(self) -> int:
        """Hits of the articles shown that were left out by the per-article limit."""
        return sum(a.omitted for a in self.articles)

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
        out["per_article"] = self.per_article  # added last: the keys before keep their order
        out["omitted"] = self.omitted
        return out
