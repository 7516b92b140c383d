"""Exports: Markdown grouped by article, and W3C Web Annotation JSON.

The JSON follows the Web Annotation Data Model (https://www.w3.org/TR/annotation-model/): an
``AnnotationCollection`` whose first ``AnnotationPage`` lists one ``Annotation`` per bookmark,
its note a ``TextualBody`` (purpose ``commenting``), each tag a ``TextualBody`` with purpose
``tagging``, and a target of the article with a ``TextQuoteSelector`` and a
``TextPositionSelector`` (offsets into the article's plain text).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reader.bookmarks.model import Bookmark
from reader.safe_text import clean

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _quote_block(text: str) -> str:
    lines = text.splitlines() or [""]
    return "\n".join(f"> {line}".rstrip() for line in lines)


def export_markdown(bookmarks: Iterable[Bookmark], titles: dict[str, str] | None = None) -> str:
    """``# Bookmarks``, then per article (in order of first appearance) ``## Title``, and per
    bookmark its quote as a ``>`` block, its note, and a line of tags, status and date.
    Text for people, printed or opened in a pager: it goes through the terminal-text sanitiser
    (``reader.safe_text.clean``: no escape sequence or control of a note reaches a terminal);
    the JSON export keeps every character, escaped."""
    titles = titles or {}
    groups: dict[str, list[Bookmark]] = {}
    for b in bookmarks:
        groups.setdefault(b.article, []).append(b)
    out = ["# Bookmarks", ""]
    for article, items in groups.items():
        title = titles.get(article) or next((b.title for b in items if b.title), "") or article
        out += [f"## {' '.join(title.split())}", "", f"`{article}`", ""]
        for b in sorted(items, key=lambda b: (b.anchor.start, b.created)):
            out += [_quote_block(b.exact), ""]
            if b.note.strip():
                out += [b.note.strip(), ""]
            meta = []
            if b.tags:
                meta.append("tags: " + ", ".join(b.tags))
            if b.status != "exact":
                meta.append(f"status: {b.status}")
            if b.created:
                meta.append(b.created)
            meta.append(f"id {b.id}")
            out += ["*" + " · ".join(meta) + "*", ""]
    return clean("\n".join(out).rstrip("\n") + "\n")


def annotation(b: Bookmark) -> dict[str, Any]:
    """One bookmark as a W3C ``Annotation``."""
    body: list[dict[str, Any]] = []
    if b.note:
        body.append({"type": "TextualBody", "value": b.note, "format": "text/plain", "purpose": "commenting"})
    body += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in b.tags]
    item: dict[str, Any] = {
        "id": f"urn:reader:bookmark:{b.id}",
        "type": "Annotation",
        "motivation": "commenting" if b.note else "highlighting",
    }
    if b.created:
        item["created"] = b.created
    if b.updated:
        item["modified"] = b.updated
    if body:
        item["body"] = body
    item["target"] = {
        "source": b.article,
        "selector": [
            {"type": "TextQuoteSelector", "exact": b.exact, "prefix": b.anchor.prefix, "suffix": b.anchor.suffix},
            {"type": "TextPositionSelector", "start": b.anchor.start, "end": b.anchor.end},
        ],
    }
    if b.title:
        item["target"]["title"] = b.title  # not in the model; JSON-LD ignores unknown terms
    item["reader:status"] = b.status
    return item


def export_annotations(bookmarks: Iterable[Bookmark]) -> dict[str, Any]:
    """Every bookmark as a W3C ``AnnotationCollection`` (one page holding all the items)."""
    items = [annotation(b) for b in bookmarks]
    return {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": "reader bookmarks",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
