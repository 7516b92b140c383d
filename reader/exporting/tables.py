"""Readwise CSV and Hypothesis-style JSON: bookmarks for other tools, importable back here.

- Readwise CSV is Readwise's import template (readwise.io/import_bulk): ``Highlight, Title,
  Author, URL, Note, Location, Date``; tags go into the note as ``.tag`` words, which
  Readwise reads as tags. ``reader import readwise`` reads it back.
- Hypothesis-style JSON is the shape of the Hypothesis API's search answer (``{total,
  rows}``): each bookmark a row with ``uri`` (the article's address, else
  ``urn:reader:article:ID``), ``text`` (note), ``tags``, ``created``/``updated``,
  ``document.title`` and a target with a ``TextQuoteSelector`` and a ``TextPositionSelector``
  (offsets in the article's plain text). ``reader import hypothesis`` reads it back, ids kept.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from reader.bookmarks import Bookmark
from reader.exporting.articles import ArticleInfo
from reader.importing.hypothesis import ARTICLE_URN
from reader.safe_text import clean

READWISE_COLUMNS = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")


def _readwise_date(iso: str) -> str:
    return iso.replace("T", " ").removesuffix("Z")[:19] if iso else ""


def export_readwise(bookmarks: Iterable[Bookmark], infos: dict[str, ArticleInfo]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(READWISE_COLUMNS)
    for b in bookmarks:
        info = infos.get(b.article) or ArticleInfo(b.article, b.title)
        note = b.note.strip()
        if b.tags:
            note = (note + " " + " ".join("." + t.replace(" ", "_") for t in b.tags)).strip()
        row = [b.exact, info.title or b.article, info.author, info.url, note]
        # no control or escape sequence of a note reaches a terminal the CSV is printed on
        writer.writerow([clean(v) for v in row] + [b.anchor.start, _readwise_date(b.created)])
    return out.getvalue()


def hypothesis_row(b: Bookmark, info: ArticleInfo) -> dict[str, Any]:
    uri = info.url or ARTICLE_URN + b.article
    return {
        "id": b.id,
        "created": b.created,
        "updated": b.updated or b.created,
        "uri": uri,
        "text": b.note,
        "tags": list(b.tags),
        "target": [{
            "source": uri,
            "selector": [
                {"type": "TextQuoteSelector", "exact": b.exact, "prefix": b.anchor.prefix, "suffix": b.anchor.suffix},
                {"type": "TextPositionSelector", "start": b.anchor.start, "end": b.anchor.end},
            ],
        }],
        "document": {"title": [info.title or b.title or b.article]},
        "reader": {"article": b.article, "status": b.status},
    }


def export_hypothesis(bookmarks: Iterable[Bookmark], infos: dict[str, ArticleInfo]) -> dict[str, Any]:
    rows = [hypothesis_row(b, infos.get(b.article) or ArticleInfo(b.article, b.title)) for b in bookmarks]
    return {"total": len(rows), "rows": rows}
