"""Opening an article in the library view: where the app opens (``StartAt``), the article
open (``Opened``: its catalogue entry, the article, its laid-out document), its head line,
and ``ArticleLoader``, the main screen's controller (never shown) that reads and parses an
article in a thread worker and answers ``Loaded``. The screen owns the open article and
shows it on ``Loaded``.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

from reader.content.model import Article
from reader.errors import ReaderError
from reader.library import Entry, load_article
from reader.paths import Library
from reader.tui.article_view import Head
from reader.tui.document import Document, parse
from reader.tui.guard import Guarded, error
from reader.tui.sanitize import clean, one_line


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


class ArticleLoader(Guarded, Widget):
    DEFAULT_CSS = "ArticleLoader { display: none; }"

    class Loaded(Message):
        def __init__(self, opened: Opened, focus: bool, travelling: bool) -> None:
            super().__init__()
            self.opened = opened
            self.focus = focus
            self.travelling = travelling  # a step back or forward: not a new visit

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def load(self, entry: Entry, focus: bool, *, travelling: bool = False) -> None:
        """Read and lay out ``entry``'s article; ``Loaded`` unless a newer load superseded it."""
        try:
            article = load_article(self.library, entry.id, entry.path)
            document = parse(clean(article.body, same_offsets=True))
        except (ReaderError, OSError) as exc:
            error(self, f"Cannot open {entry.id}: {exc}")
            return
        except Exception as exc:  # a cleaner bug must not take the app down
            error(self, f"Cannot open {entry.id}: {exc.__class__.__name__}: {exc}")
            return
        if not get_current_worker().is_cancelled:  # a newer Enter superseded this one
            self.post_message(self.Loaded(Opened(entry, article, document), focus, travelling))
