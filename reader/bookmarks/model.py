"""A bookmark: an anchored passage of an article with the reader's note and tags.

The YAML entry is a plain mapping (``to_mapping``/``from_mapping``); keys this module does not
know are kept in ``extra`` and written back, so a hand-added key survives every save.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from reader.content.anchor import Anchor, anchor_at
from reader.safe_yaml import kind_of

STATUSES = ("exact", "moved", "fuzzy", "orphaned")

# The order keys are written in; anything else goes after them, as it was.
KNOWN_KEYS = ("id", "article", "title", "exact", "prefix", "suffix", "start", "end",
              "note", "tags", "created", "updated", "status")


def now_iso() -> str:
    """Now, ISO 8601 UTC to the second: ``2026-11-21T11:20:05Z``."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    """Eight hex digits that a YAML reader takes as text even unquoted.

    All digits (``28024494``) or ``0b`` and ones would read back as a number when a user
    copies the id into the file by hand; about one draw in 23 is all digits, so draw again."""
    while True:
        candidate = secrets.token_hex(4)
        if not _READS_AS_NUMBER.fullmatch(candidate):
            return candidate


# What YAML 1.1 (PyYAML) resolves to an int among hex strings; floats need a dot, so none here.
_READS_AS_NUMBER = re.compile(r"[0-9]+|0b[01]+")


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
        """An entry read from YAML. ``ValueError`` when it has no id or article, ``WrongType``
        (a ValueError) when a known key holds a value of another type than the store writes
        there (the store keeps such an entry as it is: converting it would rewrite the user's
        value, a date or a list, as text)."""
        get = data.get
        bid, article = get("id"), get("article")
        if bid is None or bid == "" or article is None or article == "":
            raise ValueError("an entry needs an id and an article")
        extra: dict[str, Any] = {}
        for key, value in data.items():  # one pass: 100k entries are read at a time
            kind = _KINDS.get(key) if key.__class__ is str else -1
            if kind is None:
                extra[key] = value
            elif kind == _TEXT:
                if value.__class__ is not str and value is not None and not isinstance(value, str):
                    raise WrongType(f"{key}: expected text, found {kind_of(value)}")
            elif kind == _NUMBER:
                if value is not None and (value.__class__ is not int or value < 0):
                    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                        raise WrongType(f"{key}: expected a whole number (0 or more), found {_shown(value)}")
            elif kind == _TAGS:
                if value is not None and not isinstance(value, str) and not (
                        isinstance(value, list) and all(isinstance(t, str) for t in value)):
                    raise WrongType(f"tags: expected a list of text, found {_shown(value)}")
            elif isinstance(key, str):  # a str subclass: an unknown key as any other
                extra[key] = value
            else:
                raise WrongType(f"key {str(key)[:40]!r}: expected a name, found {kind_of(key)}")
        tags = get("tags")
        if not tags:
            tag_list: list[str] = []
        elif isinstance(tags, str):  # `tags: one, two` reads as well as [one, two]
            tag_list = clean_tags(tags.replace(",", " ").split())
        else:
            tag_list = clean_tags(tags)
        status = get("status") or "exact"
        if status not in STATUSES:
            status = "fuzzy"  # an unknown status: the anchor is not known to be exact
        return cls(
            bid,
            article,
            Anchor(get("exact") or "", get("prefix") or "", get("suffix") or "", get("start") or 0,
                   get("end") or 0),
            get("note") or "",
            tag_list,
            get("created") or "",
            get("updated") or "",
            status,
            get("title") or "",
            extra,
        )


class WrongType(ValueError):
    """A known key of a bookmark entry holds a value of the wrong type (the message says which)."""


# What each known key holds (text keys may also be empty: nothing is an empty text).
_TEXT, _NUMBER, _TAGS = 0, 1, 2
TEXT_KEYS = ("id", "article", "title", "exact", "prefix", "suffix", "note", "created", "updated", "status")
_KINDS = {**dict.fromkeys(TEXT_KEYS, _TEXT), "start": _NUMBER, "end": _NUMBER, "tags": _TAGS}


def _shown(value: Any) -> str:
    """The value's kind, with the value when it is short (``a number (-3)``, ``text ('x')``)."""
    kind = kind_of(value)
    if isinstance(value, (int, float, str)) and len(repr(value)) <= 20:
        return f"{kind} ({value!r})"
    return kind


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags as given, stripped, empty ones and repeats dropped, order kept."""
    if isinstance(tags, list) and len(set(tags)) == len(tags) and all(
            t and " ".join(t.split()) == t for t in tags):
        return list(tags)  # already clean (as every tag the store wrote)
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
