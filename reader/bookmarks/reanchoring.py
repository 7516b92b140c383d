"""Re-anchoring one article's bookmarks against its text as cleaned now, and saving the drift."""

from __future__ import annotations

from reader.bookmarks.anchoring import Resolution, reanchor
from reader.bookmarks.model import Bookmark
from reader.bookmarks.store import BookmarkStore
from reader.content.anchor import Anchor, anchor_at
from reader.errors import ReaderError


def resolve(bookmark: Bookmark, text: str) -> tuple[Bookmark, Resolution]:
    """The bookmark as it should be stored after re-anchoring in ``text`` (a new object when
    anything changed, else the same), and the resolution.

    exact/moved: the anchor follows the passage (position and context). fuzzy: the stored quote
    is the user's and is kept; only the position follows, so the next look starts there.
    orphaned: nothing but the status changes — the quote and note stay, to re-attach by hand.
    """
    res = reanchor(text, bookmark.anchor)
    anchor = bookmark.anchor
    if res.status in ("exact", "moved"):
        anchor = anchor_at(text, res.start, res.end)
    elif res.status == "fuzzy":
        anchor = Anchor(anchor.exact, anchor.prefix, anchor.suffix, res.start, res.end)
    if anchor == bookmark.anchor and res.status == bookmark.status:
        return bookmark, res
    from reader.bookmarks.store import copy_bookmark

    return copy_bookmark(bookmark, anchor=anchor, status=res.status), res


def reanchor_article(store: BookmarkStore, article_id: str, text: str) -> list[tuple[Bookmark, Resolution]]:
    """Re-anchor ``article_id``'s bookmarks in ``text``; save those that changed (one write,
    unless the store is read-only); return every bookmark with its resolution, by position.

    A failed save (the file became unreadable, another process held the lock too long) is
    added to ``store.warnings``: the statuses are computed again next time.
    """
    out: list[tuple[Bookmark, Resolution]] = []
    changed: list[Bookmark] = []
    for b in store.for_article(article_id):
        nb, res = resolve(b, text)
        if nb is not b:
            changed.append(nb)
        out.append((nb, res))
    if changed and not store.read_only:
        try:
            store.update_many(changed, add_missing=False)
        except ReaderError as exc:
            store.warnings.append(exc.message)
    return out
