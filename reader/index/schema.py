"""The Whoosh schema: one document per article, per comment and per bookmark (``kind``).

Every document carries ``article`` (its article's id; an article's own id for the article
document), so removing an article and everything hanging off it is one ``delete_by_term``.
Bodies are the *plain text* of the cleaned Markdown (``reader.content.plain_text``), stored with
character positions: a hit's highlight spans are offsets into the very text the reading pane
shows, and highlighting never re-analyses a document.

The schema is pickled into the index by Whoosh, so everything here must stay importable under
the same names. Change anything that alters what is indexed → bump ``SCHEMA_VERSION`` (the
next ``reader index`` rebuilds).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.filters import STOP_WORDS
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, DATETIME, ID, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from reader.index.analysis import WordAnalyzer
from reader.index.catalogue import Entry

SCHEMA_VERSION = 1

KINDS = ("article", "comment", "bookmark")

# One token per CJK character (ideographs, kana, hangul); runs of other word characters as
# usual. A CJK word in a query becomes a phrase of its characters (``multitoken_query``), so
# ``東京`` finds ``東京都`` — the default analyser kept a whole CJK run as one token.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
TOKEN_PATTERN = rf"[{_CJK}]|[^\W{_CJK}]+(?:\.?[^\W{_CJK}]+)*"
MAX_TOKEN = 60  # longer "words" are base64 or URLs: not worth a lexicon entry


def text_analyzer():
    """Body and title: words, lower case, accents folded (cafe ↔ café), stop words, stems."""
    return WordAnalyzer(
        RegexTokenizer(TOKEN_PATTERN),
        LowercaseFilter(),
        CharsetFilter(accent_map),
        StopFilter(stoplist=STOP_WORDS, minsize=1, maxsize=MAX_TOKEN),
        StemFilter(cachesize=50000),
    )


def name_analyzer():
    """Authors, sites, tags: words, lower case, accents folded; no stems, no stop words."""
    return WordAnalyzer(
        RegexTokenizer(TOKEN_PATTERN),
        LowercaseFilter(),
        CharsetFilter(accent_map),
        StopFilter(stoplist=None, minsize=1, maxsize=MAX_TOKEN),
    )


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        article=ID(stored=True, sortable=True),
        parent=STORED(),
        title=TEXT(analyzer=text_analyzer(), stored=True, field_boost=2.0, multitoken_query="phrase"),
        # No ``spelling=True``: its unstemmed word list cost 40% of indexing time; "did you mean"
        # works on the stems (reader.index.searching.SearchIndex.correct).
        body=TEXT(analyzer=text_analyzer(), stored=True, chars=True, multitoken_query="phrase"),
        author=TEXT(analyzer=name_analyzer(), stored=True, multitoken_query="phrase"),
        site=TEXT(analyzer=name_analyzer(), multitoken_query="phrase"),
        tags=TEXT(analyzer=name_analyzer(), multitoken_query="phrase"),
        date=DATETIME(stored=True),
        # The year as a plain term: ``date:2007`` and whole-year ranges become one term per year
        # instead of a numeric range (which Whoosh expands into many trie terms).
        year=ID(),
        # Sort key for "newest first": microseconds since year 1, 0 when undated (sorts last).
        when=COLUMN(NumericColumn("q", default=0)),
    )


TEXT_FIELDS = ("title", "body")  # the fields a bare word searches


def doc_id(article_id: str, comment_id: str | None = None) -> str:
    return article_id if comment_id is None else f"{article_id}#{comment_id}"


def naive_utc(value: dt.date | dt.datetime | None) -> dt.datetime | None:
    """Whoosh wants naive datetimes: aware ones in UTC, bare dates at midnight."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value
    return dt.datetime(value.year, value.month, value.day)


def sort_key(value: dt.datetime) -> int:
    return (value - dt.datetime(1, 1, 1)) // dt.timedelta(microseconds=1)


def site_text(site: str, url: str, article_id: str) -> str:
    """What ``site:`` matches: the site's name, the URL's host and the top folder of the id."""
    parts = [site]
    if url:
        try:
            parts.append(urlsplit(url).hostname or "")
        except ValueError:
            pass
    if "/" in article_id:
        parts.append(article_id.split("/", 1)[0])
    return " ".join(p for p in parts if p)


@dataclass
class Prepared:
    """One cleaned file, ready to index: its documents and its catalogue row."""

    article_id: str
    docs: list[dict[str, Any]]
    row: Entry  # its catalogue entry (``path`` filled in by the builder)
    warnings: list[str]


def prepare(article) -> Prepared:
    """Article → Whoosh documents (article first, then its comments) + catalogue row."""
    from reader.content import plain_text

    aid = article.id
    date = naive_utc(article.date)
    doc: dict[str, Any] = {
        "id": doc_id(aid),
        "kind": "article",
        "article": aid,
        "parent": "",
        "title": article.title or aid,
        "body": plain_text(article.body),
        "author": article.author,
        "site": site_text(article.site, article.url, aid),
        "tags": ", ".join(article.tags),
    }
    if date is not None:
        doc["date"] = date
        doc["year"] = str(date.year)
        doc["when"] = sort_key(date)
    elif article.approx_date is not None:  # sorts where it roughly belongs; `date:` never matches it
        doc["when"] = sort_key(naive_utc(article.approx_date))
    docs = [doc]
    for c in article.comments:
        cdoc: dict[str, Any] = {
            "id": doc_id(aid, c.id),
            "kind": "comment",
            "article": aid,
            "parent": c.parent or "",
            "title": c.title,
            "body": plain_text(c.body),
            "author": c.author,
            "site": doc["site"],
        }
        cdate = naive_utc(c.date)
        if cdate is not None:
            cdoc["date"] = cdate
            cdoc["year"] = str(cdate.year)
            cdoc["when"] = sort_key(cdate)
        docs.append(cdoc)
    return Prepared(aid, docs, Entry.of(article), list(article.warnings))
