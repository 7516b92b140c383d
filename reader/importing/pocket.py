"""Pocket's exports: the 2025 ZIP of ``part_000000.csv``… and the older ``ril_export.html``.

- CSV (getpocket.com/export, 2025; each part ``title,url,time_added,tags,status``): tags
  separated by ``|``, ``status`` ``unread`` or ``archive``, ``time_added`` epoch seconds.
- HTML (the export until 2025): ``<h1>Unread</h1><ul><li><a href="…" time_added="…"
  tags="a,b">title</a></li>…</ul><h1>Read Archive</h1><ul>…</ul>``.

Either way only addresses: the pages are queued for fetching (``reader add``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from reader.importing.model import FETCHED, BadImport, Batch, Item
from reader.importing.source import csv_rows, iso_from, member, open_zip, read_bytes, split_tags, text_of

PART = re.compile(r"(?:^|/)part_\d+\.csv$")
COLUMNS = ("title", "url", "time_added", "tags", "status")


def parse(path: Path) -> Batch:
    where = str(path)
    data = read_bytes(path)
    if data[:2] == b"PK":
        return _parse_zip(data, where)
    text = text_of(data, where)
    if "<a" in text.lower() and "<h1" in text.lower():
        return _parse_html(text, where)
    if text.lstrip().startswith("title,url"):
        return _rows(text, where, Batch("pocket"))
    raise BadImport(f"{where}: not a Pocket export (expected a ZIP of part_*.csv or ril_export.html)")


def _parse_zip(data: bytes, where: str) -> Batch:
    archive = open_zip(data, where)
    parts = sorted(n for n in archive.namelist() if PART.search(n))
    if not parts:
        raise BadImport(f"{where}: not a Pocket export (no part_*.csv in the ZIP)")
    batch = Batch("pocket")
    for name in parts:
        _rows(text_of(member(archive, name, where), f"{where}: {name}"), f"{where}: {name}", batch)
    return batch


def _rows(text: str, where: str, batch: Batch) -> Batch:
    _header, rows = csv_rows(text, where, COLUMNS)
    for row in rows:
        url = row["url"].strip()
        if not url:
            continue
        batch.items.append(Item(FETCHED, url=url, title=row["title"].strip(), tags=split_tags(row["tags"], "|"),
                                read=row["status"].strip().lower() == "archive",
                                saved_at=iso_from(row["time_added"])))
    return batch


class _PocketHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.section = ""
        self.in_h1 = False
        self.items: list[Item] = []
        self.current: Item | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h1":
            self.in_h1, self.section = True, ""
        elif tag == "a" and a.get("href"):
            self.current = Item(FETCHED, url=str(a["href"]).strip(), tags=split_tags(a.get("tags") or ""),
                                read=_read_section(self.section),
                                saved_at=iso_from(a.get("time_added")))
            self.items.append(self.current)

    def handle_endtag(self, tag):
        if tag == "h1":
            self.in_h1 = False
        elif tag == "a":
            self.current = None

    def handle_data(self, data):
        if self.in_h1:
            self.section += data
        elif self.current is not None:
            self.current.title += data.strip()


def _read_section(heading: str) -> bool:
    """``Read Archive`` (or ``Archive``, ``Read``) holds read items; ``Unread`` does not."""
    words = heading.lower().split()
    return "archive" in words or "read" in words


def _parse_html(text: str, where: str) -> Batch:
    parser = _PocketHTML()
    parser.feed(text)
    parser.close()
    if not parser.items:
        raise BadImport(f"{where}: not a Pocket export (no links in the HTML)")
    return Batch("pocket", parser.items)
