"""Fetching a saved page again: a conditional GET, and when it changed, the new version in
place of the old (kept under content/.history/), its bookmarks re-anchored.

What is reported per article: ``unchanged`` (304, or the same bytes), or ``updated`` with the
comments that came (``+K``) or went and whether the body's text changed. The index is brought
up to date once, by the caller, after the whole batch (``reader.library.refresh_index``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.adding import save, sidecar
from reader.adding.fetch import Fetched, FetchError
from reader.content import clean_file
from reader.content.anchor import plain_text
from reader.content.clean import clean_text
from reader.content.decode import decode
from reader.content.model import Article
from reader.content.origin import apply_origin
from reader.errors import ReaderError
from reader.paths import Library
from reader.safe_read import read_regular


@dataclass
class Change:
    """What fetching one saved page again did."""

    id: str
    status: str  # "unchanged" | "updated" | "added"
    path: Path | None = None
    article: Article | None = None
    comments_added: list[str] = field(default_factory=list)
    comments_removed: list[str] = field(default_factory=list)
    body_changed: bool = False
    history: Path | None = None  # where the replaced version was kept
    bookmarks: Counter = field(default_factory=Counter)  # status → count, after re-anchoring
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """``updated (+2 comments, body changed)``: the report line's tail (ids not included)."""
        if self.status != "updated":
            return self.status
        parts = []
        if self.comments_added:
            parts.append(f"+{len(self.comments_added)} comment{'s' if len(self.comments_added) != 1 else ''}")
        if self.comments_removed:
            parts.append(f"-{len(self.comments_removed)} comment{'s' if len(self.comments_removed) != 1 else ''}")
        parts.append("body changed" if self.body_changed else "body unchanged")
        moved = {k: v for k, v in self.bookmarks.items() if k != "exact"}
        if moved:
            parts.append("bookmarks: " + ", ".join(f"{v} {k}" for k, v in sorted(moved.items())))
        return f"updated ({', '.join(parts)})"


def conditional_headers(record: dict[str, Any]) -> dict[str, str]:
    """The validators of the version on disk, for If-None-Match / If-Modified-Since."""
    out = {}
    for key in ("etag", "last_modified"):
        value = record.get(key)
        if isinstance(value, str) and value.isprintable():
            out[key] = value
    return out


def fetched_record(record: dict[str, Any], got: Fetched, when: str) -> dict[str, Any]:
    """The origin record after a fetch (304 included): what the server said, when."""
    out = dict(record)
    out["url"] = record.get("url") or got.url
    out["checked_at"] = when
    if got.not_modified:
        # a 304 may carry fresh validators; the bytes and their type stay as they were
        out["etag"] = got.etag or record.get("etag", "")
        out["last_modified"] = got.last_modified or record.get("last_modified", "")
        return out
    out.update(final_url=got.final_url, status=got.status, etag=got.etag, last_modified=got.last_modified,
               content_type=got.content_type, charset=got.charset, fetched_at=when)
    return out


def clean_bytes(data: bytes, name: str, article_id: str, rules: Any) -> Article:
    """Clean fetched bytes as ``clean_file`` would clean them saved under ``name``."""
    text, warnings = decode(data, name)
    return clean_text(text, source=name, article_id=article_id, rules=rules, warnings=warnings)


def apply_update(library: Library, article_id: str, page: Path, record: dict[str, Any], data: bytes | None,
                 *, rules: Any, store: Any = None) -> Change:
    """Put a new version (``data``; None: the server said 304) of a saved page in place, with
    its origin ``record``, or record only that nothing changed.

    ``store``: the library's ``BookmarkStore`` (loaded once per batch), whose bookmarks of this
    article are re-anchored in the new text; None skips that."""
    if data is None:
        sidecar.write_origin(page, record)
        return Change(article_id, "unchanged", path=page)
    try:
        old_bytes = read_regular(page, "page", limit=len(data) + 1)
    except ReaderError:
        old_bytes = None  # bigger than the new bytes, or unreadable: it changed anyway
    if old_bytes == data:
        sidecar.write_origin(page, record)
        return Change(article_id, "unchanged", path=page)
    try:
        old = clean_file(page, article_id=article_id, rules=rules)
    except ReaderError:
        old = Article(id=article_id)
    new = clean_bytes(data, page.name, article_id, rules)
    history = save.keep_history(library.content, article_id, page, dt.datetime.now(dt.timezone.utc))
    # The record first: a crash between the two leaves new validators over old bytes, which
    # the next refresh only re-fetches in full (the other way round it would 304 for ever).
    sidecar.write_origin(page, {**record, "previous": history.relative_to(library.content).as_posix()})
    save.replace_page(page, data)
    apply_origin(new, page)
    change = compare(old, new)
    change.path, change.history = page, history
    if store is not None:
        change.bookmarks = reanchor(store, article_id, new)
    return change


def compare(old: Article, new: Article) -> Change:
    before = [c.id for c in old.comments]
    after = [c.id for c in new.comments]
    return Change(
        new.id,
        "updated",
        article=new,
        comments_added=[c for c in after if c not in set(before)],
        comments_removed=[c for c in before if c not in set(after)],
        body_changed=plain_text(old.body) != plain_text(new.body),
    )


def reanchor(store: Any, article_id: str, article: Article) -> Counter:
    """Re-anchor the article's bookmarks in its new text (``reader bookmarks check``'s core)."""
    from reader.bookmarks import reanchor_article

    text = plain_text(article.body)
    return Counter(b.status for b, _res in reanchor_article(store, article_id, text))


def record_url(page: Path) -> tuple[str, dict[str, Any]]:
    """The address a saved page is fetched again from, and its record; FetchError when the
    page has no record with an address (it was not added from a URL)."""
    record = sidecar.read_origin(page) or {}
    url = record.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise FetchError("not added from an address (no origin record with a url); nothing to fetch")
    return url, record
