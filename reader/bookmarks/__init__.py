"""reader.bookmarks: passage bookmarks that survive re-cleaning and never get lost.

No Textual here. The public API (the TUI and the CLI use only this):

    store = BookmarkStore(library.bookmarks); store.load()
    b = store.add(new_bookmark(article.id, plain_text(article.body), start, end, note="…"))
    for bookmark, resolution in reanchor_article(store, article.id, text): ...
    export_markdown(store.bookmarks) / export_annotations(store.bookmarks)
    filter_bookmarks(store.bookmarks, "#kernel panic")   # the list filter (words, #tag, tag:x)
    sync_index(library, store)   # keep the index's bookmark documents in step with the file
"""

from __future__ import annotations

from reader.bookmarks.anchoring import Resolution, reanchor
from reader.bookmarks.export import export_annotations, export_markdown
from reader.bookmarks.filtering import BookmarkFilter, filter_bookmarks
from reader.bookmarks.indexing import sync_index
from reader.bookmarks.model import STATUSES, Bookmark, new_bookmark
from reader.bookmarks.reanchoring import reanchor_article
from reader.bookmarks.store import (
    BookmarkNotFound,
    BookmarksBusy,
    BookmarksNotSaved,
    BookmarkStore,
    BookmarksUnreadable,
)
from reader.content.anchor import Anchor, anchor_at, plain_text

__all__ = [
    "Anchor",
    "Bookmark",
    "BookmarkFilter",
    "BookmarkNotFound",
    "BookmarkStore",
    "BookmarksBusy",
    "BookmarksNotSaved",
    "BookmarksUnreadable",
    "Resolution",
    "STATUSES",
    "anchor_at",
    "export_annotations",
    "export_markdown",
    "filter_bookmarks",
    "new_bookmark",
    "plain_text",
    "reanchor",
    "reanchor_article",
    "sync_index",
]
