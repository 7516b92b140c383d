"""What an export says about each bookmarked article: title, address, author (cleaned once)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reader.bookmarks import Bookmark
from reader.errors import ReaderError
from reader.paths import Library


@dataclass
class ArticleInfo:
    id: str
    title: str = ""
    url: str = ""
    author: str = ""


def article_infos(library: Library | None, bookmarks: Iterable[Bookmark]) -> dict[str, ArticleInfo]:
    """One ``ArticleInfo`` per article id the bookmarks name; an article that is gone (or no
    library) keeps the title its bookmarks remember."""
    from reader.library import load_article

    out: dict[str, ArticleInfo] = {}
    for b in bookmarks:
        if b.article in out:
            if not out[b.article].title and b.title:
                out[b.article].title = b.title
            continue
        info = ArticleInfo(b.article, b.title)
        if library is not None:
            try:
                article = load_article(library, b.article)
                info.title, info.url, info.author = article.title or b.title, article.url, article.author
            except ReaderError:
                pass
        out[b.article] = info
    return out
