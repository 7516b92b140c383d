"""reader.content: raw pages (HTML, Markdown dumps, text dumps) → clean ``Article`` objects.

The model is light and bound here; the cleaner (lxml, BeautifulSoup, markdownify, ftfy, the
rules) loads on first use (PEP 562, ``reader.lazy``): a search of an index that is up to date,
a bookmark listing or the app's first paint read no raw page and need none of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.content.model import Article, Comment
from reader.lazy import lazy_getattr

_LAZY = {
    "Anchor": "anchor", "anchor_at": "anchor", "plain_text": "anchor",
    "CLEANER_VERSION": "version", "clean_file": "clean", "clean_text": "clean",
}

if TYPE_CHECKING:
    from reader.content.anchor import Anchor, anchor_at, plain_text
    from reader.content.clean import clean_file, clean_text
    from reader.content.version import CLEANER_VERSION

__getattr__ = lazy_getattr(__name__, _LAZY, globals())

__all__ = [
    "Anchor",
    "Article",
    "CLEANER_VERSION",
    "Comment",
    "anchor_at",
    "clean_file",
    "clean_text",
    "plain_text",
]
