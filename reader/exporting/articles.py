"""What an export says about each bookmarked article: title, address, author.

Cleaning an article costs a good part of a second on a long page, so it is avoided where the
answer is at hand: the title each bookmark remembers, and the address of the origin record
beside a page that was added or imported (``reader.adding.sidecar``). Only an article that
lacks one of them (or whose author is asked for) is cleaned, once.
"""

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


def article_infos(library: Library | None, bookmarks: Iterable[Bookmark], *,
                  authors: bool = False) -> dict[str, ArticleInfo]:
    """One ``ArticleInfo`` per article id the bookmarks name; an article that is gone (or no
    library) keeps the title its bookmarks remember. ``authors``: clean every article for its
    author too."""
    from reader.content.origin import read_origin, record_url
    from reader.library import article_path, load_article

    out: dict[str, ArticleInfo] = {}
    for b in bookmarks:
        if b.article in out:
            if not out[b.article].title and b.title:
                out[b.article].title = b.title
            continue
        info = out[b.article] = ArticleInfo(b.article, b.title)
        if library is None:
            continue
        try:
            path = article_path(library, b.article)
            info.url = record_url(read_origin(path) or {})
            if info.title and info.url and not authors:
                continue
            article = load_article(library, b.article, path.relative_to(library.content).as_posix())
            info.title, info.author = article.title or b.title, article.author
            info.url = info.url or article.url
        except (ReaderError, ValueError):
            pass
    return out
