"""The cleaned article: what every other floor of reader reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from reader.content.anchor import Anchor

Date = dt.datetime | dt.date


def iso(value: Date | None) -> str | None:
    """ISO 8601; a date known only to the day stays a bare date (`2007-09-08`)."""
    if value is None:
        return None
    return value.isoformat()


@dataclass
class Comment:
    id: str
    parent: str | None = None
    author: str = ""
    date: Date | None = None
    title: str = ""
    body: str = ""  # Markdown
    kind: str = "comment"  # "comment" | "pingback"
    depth: int = 0
    quotes: list[Anchor] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "parent": self.parent,
            "author": self.author,
            "date": iso(self.date),
            "title": self.title,
            "body": self.body,
            "kind": self.kind,
            "depth": self.depth,
            "quotes": [q.to_dict() for q in self.quotes],
        }


@dataclass
class Article:
    id: str = ""
    title: str = ""
    author: str = ""
    date: Date | None = None
    # No date of its own: when it was roughly written (its first comment, or the day a link
    # aggregator shared it), for sorting only and shown as approximate, never as its date.
    approx_date: Date | None = None
    site: str = ""
    url: str = ""
    tags: list[str] = field(default_factory=list)
    series: str = ""
    summary: str = ""
    body: str = ""  # Markdown
    comments: list[Comment] = field(default_factory=list)
    source: str = ""
    format: str = ""  # "html" | "markdown" | "text"
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `reader clean --json` (key order is part of it)."""
        return {
            "id": self.id,
            "title": self.title,
            "author": self.author,
            "date": iso(self.date),
            "site": self.site,
            "url": self.url,
            "tags": list(self.tags),
            "series": self.series,
            "summary": self.summary,
            "body": self.body,
            "format": self.format,
            "warnings": list(self.warnings),
            "comments": [c.to_dict() for c in self.comments],
            "approx_date": iso(self.approx_date),
        }
