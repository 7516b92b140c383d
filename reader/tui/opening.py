"""The article open in the library view: where the app opens (``StartAt``), the article
open (``Opened``: its catalogue entry, the article, its laid-out document) and its head line
in the reading pane (``article_head``). The main screen loads it and owns it.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.content.model import Article
from reader.library import Entry
from reader.tui.article_view import Head
from reader.tui.document import Document
from reader.tui.sanitize import one_line


@dataclass
class StartAt:
    """Where the app opens (``reader open ID`` / ``reader open --bookmark ID``): an article,
    and a bookmark of it whose passage is shown once the article is open."""

    article: str
    bookmark: str = ""


@dataclass
class Opened:
    entry: Entry
    article: Article
    document: Document


def article_head(article: Article) -> Head:
    if article.date:
        day = article.date.isoformat()[:10]
    else:  # roughly when (its first comment): marked, never shown as its date
        day = "≈" + article.approx_date.isoformat()[:10] if article.approx_date else ""
    meta = [one_line(article.author), day, one_line(article.site)]
    tags = " ".join("#" + one_line(t).replace(" ", "-") for t in article.tags if one_line(t))
    return Head(title=one_line(article.title) or one_line(article.id),
                meta=" · ".join(m for m in meta if m), url=one_line(article.url), tags=tags)
