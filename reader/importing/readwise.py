"""Readwise CSV, both shapes.

- The export (readwise.io/export → CSV): ``Highlight, Book Title, Book Author, Amazon Book
  ID, Note, Color, Tags, Location Type, Location, Highlighted at, Document tags``.
- The import template (readwise.io/import_bulk, "CSV"): ``Highlight, Title, Author, URL,
  Note, Location, Date``.

Rows are grouped by address (else title) into one item per document; its highlights are
matched to the library's articles by address, then by title.
"""

from __future__ import annotations

from pathlib import Path

from reader.importing.model import MATCHED, BadImport, Batch, Highlight, Item
from reader.importing.source import csv_rows, iso_from, read_bytes, split_tags, text_of

EXPORT = ("Highlight", "Book Title", "Book Author", "Note", "Tags", "Highlighted at")
TEMPLATE = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")


def parse(path: Path) -> Batch:
    where = str(path)
    text = text_of(read_bytes(path), where)
    first = text.split("\n", 1)[0]
    shape = EXPORT if "Book Title" in first else TEMPLATE
    header, rows = csv_rows(text, where, shape)
    batch = Batch("readwise")
    items: dict[str, Item] = {}
    for row in rows:
        quote = row.get("Highlight", "").strip()
        if not quote:
            continue
        if shape is EXPORT:
            title, author, url = row.get("Book Title", ""), row.get("Book Author", ""), ""
            tags = split_tags(row.get("Tags", ""))
            when = row.get("Highlighted at", "")
            doc_tags = split_tags(row.get("Document tags", ""))
        else:
            title, author, url = row.get("Title", ""), row.get("Author", ""), row.get("URL", "").strip()
            tags, when, doc_tags = [], row.get("Date", ""), []
        key = url or title.strip().lower()
        if not key:
            batch.warnings.append(f"a highlight with no title or URL: {quote[:40]!r}; skipped")
            continue
        item = items.setdefault(key, Item(MATCHED, url=url, title=title.strip(), author=author.strip()))
        item.tags = list(dict.fromkeys([*item.tags, *doc_tags]))
        note = row.get("Note", "").strip()
        if shape is TEMPLATE:  # Readwise reads ".tag" words in a note as tags
            note, dotted = _dot_tags(note)
            tags = tags + dotted
        item.highlights.append(Highlight(quote, note=note, tags=tags,
                                         created=iso_from(when.replace(" ", "T", 1) if when else "")))
    if rows and not items:
        raise BadImport(f"{where}: no highlight in {len(rows)} rows (the Highlight column is empty)")
    batch.items = list(items.values())
    return batch


def _dot_tags(note: str) -> tuple[str, list[str]]:
    """The note without its ``.tag`` words, and those tags (``.finance`` → ``finance``)."""
    words = note.split(" ")
    tags = [w[1:] for w in words if len(w) > 1 and w.startswith(".") and w[1:].replace("_", "").replace("-", "").isalnum()]
    if not tags:
        return note, []
    kept = [w for w in words if w[1:] not in tags or not w.startswith(".")]
    return " ".join(kept).strip(), tags
