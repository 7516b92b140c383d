"""A bookmark: an anchored passage of an article with the reader's note and tags.

The YAML entry is a plain mapping (``to_mapping``/``from_mapping``); keys this module does not
know are kept in ``extra`` and written back, so a hand-added key survives every save.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from reader.content.anchor import Anchor, anchor_at

STATUSES = ("exact", "moved", "fuzzy", "orphaned")

# The order keys are written in; anything else goes after them, as it was.
KNOWN_KEYS = ("id", "article", "title", "exact", "prefix", "suffix", "start", "end",
              "note", "tags", "created", "updated", "status")


def now_iso() -> str:
    """Now, ISO 8601 UTC to the second: ``2026-11-21T11:20:05Z``."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    return secrets.token_hex(4)


@dataclass
class Bookmark:
    id: str
    article: str
    anchor: Anchor
    note: str = ""
    tags: list[str] = field(default_factory=list)
    created: str = ""
    updated: str = ""
    status: str = "exact"
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def exact(self) -> str:
        return self.anchor.exact

    def to_mapping(self) -> dict[str, Any]:
        """The YAML entry, known keys first (in ``KNOWN_KEYS`` order), then ``extra``."""
        out: dict[str, Any] = {
            "id": self.id,
            "article": self.article,
            "title": self.title,
            **self.anchor.to_dict(),
            "note": self.note,
            "tags": list(self.tags),
            "created": self.created,
            "updated": self.updated,
            "status": self.status,
        }
        for key, value in self.extra.items():
            if key not in out:
                out[key] = value
        return out

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> "Bookmark":
        """An entry read from YAML. ValueError when it has no id or article (the store keeps
        such an entry as it is)."""
        bid, article = _text(data.get("id")), _text(data.get("article"))
        if not bid or not article:
            raise ValueError("an entry needs an id and an article")
        anchor = Anchor(
            exact=_text(data.get("exact")),
            prefix=_text(data.get("prefix")),
            suffix=_text(data.get("suffix")),
            start=_int(data.get("start")),
            end=_int(data.get("end")),
        )
        status = _text(data.get("status")) or "exact"
        if status not in STATUSES:
            status = "fuzzy"  # an unknown status: the anchor is not known to be exact
        return cls(
            id=bid,
            article=article,
            anchor=anchor,
            note=_text(data.get("note")),
            tags=_tags(data.get("tags")),
            created=_text(data.get("created")),
            updated=_text(data.get("updated")),
            status=status,
            title=_text(data.get("title")),
            extra={str(k): v for k, v in data.items() if k not in KNOWN_KEYS},
        )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):  # a hand-written unquoted timestamp
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _int(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def _tags(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        items: Iterable[Any] = value.replace(",", " ").split()
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        items = [value]
    return clean_tags(str(v) for v in items if v is not None)


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags as given, stripped, empty ones and repeats dropped, order kept."""
    out: list[str] = []
    for tag in tags:
        tag = " ".join(str(tag).split())
        if tag and tag not in out:
            out.append(tag)
    return out


def new_bookmark(article_id: str, text: str, start: int, end: int, *, note: str = "",
                 tags: Iterable[str] = (), title: str = "") -> Bookmark:
    """A bookmark of ``text[start:end]`` (trimmed of surrounding whitespace) in ``text``, the
    article's plain text. ValueError when the span holds no text."""
    start = max(0, min(int(start), len(text)))
    end = max(start, min(int(end), len(text)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise ValueError("an empty passage cannot be bookmarked")
    stamp = now_iso()
    return Bookmark(
        id=new_id(),
        article=article_id,
        anchor=anchor_at(text, start, end),
        note=note,
        tags=clean_tags(tags),
        created=stamp,
        updated=stamp,
        status="exact",
        title=title,
    )
