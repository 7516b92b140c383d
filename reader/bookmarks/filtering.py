"""Filtering a list of bookmarks as the user types: the one filter, for the app's bookmarks
view and ``reader bookmarks list FILTER``.

``panic count`` keeps bookmarks whose title, article id, quote, note, tags or status hold both
words (case-insensitive); ``#kernel`` and ``tag:kernel`` keep those with the tag ``kernel``
(case-insensitive; ``tag:"two words"`` for a tag with a space, ``#ker*`` / ``tag:ker*`` for
tags starting with ``ker``). Before, ``#kernel`` was looked up as text, with its ``#``, and
found nothing although the tag was shown as ``#kernel``/``tags: kernel``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from reader.bookmarks.model import Bookmark

_TOKEN = re.compile(r'(?:(?<!\S)#|\btags?:)(?:"([^"]*)"?|(\S+))|"([^"]*)"?|(\S+)', re.IGNORECASE)


@dataclass(frozen=True)
class BookmarkFilter:
    """A parsed filter: every word must be in the bookmark's text, every tag among its tags."""

    words: tuple[str, ...] = ()  # casefolded
    tags: tuple[str, ...] = ()  # casefolded; a trailing ``*`` matches any tag with that start

    @classmethod
    def parse(cls, text: str) -> "BookmarkFilter":
        words: list[str] = []
        tags: list[str] = []
        for m in _TOKEN.finditer(text or ""):
            tag = m.group(1) if m.group(1) is not None else m.group(2)
            if tag is not None:
                tag = " ".join(tag.split()).casefold()
                if tag:
                    tags.append(tag)
                continue
            word = m.group(3) if m.group(3) is not None else m.group(4)
            word = " ".join((word or "").split()).casefold()
            if word:
                words.append(word)
        return cls(tuple(words), tuple(tags))

    def __bool__(self) -> bool:
        return bool(self.words or self.tags)

    def matches(self, bookmark: Bookmark, hay: str | None = None) -> bool:
        """``hay``: ``haystack(bookmark)``, when the caller keeps them (a list filtered on
        every key stroke)."""
        if self.tags:
            have = [t.casefold() for t in bookmark.tags]
            for want in self.tags:
                if want.endswith("*"):
                    if not any(t.startswith(want[:-1]) for t in have):
                        return False
                elif want not in have:
                    return False
        if self.words:
            hay = haystack(bookmark) if hay is None else hay
            return all(w in hay for w in self.words)
        return True


def haystack(bookmark: Bookmark) -> str:
    """What the words of a filter are looked for in: casefolded, one string."""
    return (f"{bookmark.title}\n{bookmark.article}\n{bookmark.exact}\n{bookmark.note}\n"
            f"{' '.join(bookmark.tags)}\n{bookmark.status}").casefold()


def filter_bookmarks(bookmarks: Iterable[Bookmark], text: str) -> list[Bookmark]:
    """The bookmarks ``text`` keeps, in their order."""
    f = BookmarkFilter.parse(text)
    return [b for b in bookmarks if f.matches(b)] if f else list(bookmarks)


__all__ = ["BookmarkFilter", "filter_bookmarks", "haystack"]
