"""Instapaper's CSV export (Settings → Export → CSV): ``URL,Title,Selection,Folder,Timestamp``
(newer exports add ``Tags``, a JSON list of names or a comma list).

``Folder`` ``Archive`` is read; any other folder but ``Unread`` becomes a tag. ``Selection``
is the passage the user highlighted (or the page's description when the save carried no
selection): a bookmark once the page is fetched, orphaned with its text when it is not in it.
"""

from __future__ import annotations

import json
from pathlib import Path

from reader.importing.model import FETCHED, Batch, Highlight, Item
from reader.importing.source import csv_rows, iso_from, read_bytes, split_tags, text_of

COLUMNS = ("URL", "Title", "Selection", "Folder", "Timestamp")


def parse(path: Path) -> Batch:
    where = str(path)
    _header, rows = csv_rows(text_of(read_bytes(path), where), where, COLUMNS)
    batch = Batch("instapaper")
    for row in rows:
        url = row["URL"].strip()
        if not url:
            continue
        folder = row["Folder"].strip()
        tags = _tags(row.get("Tags", ""))
        if folder and folder.lower() not in ("unread", "archive", "starred"):
            tags.append(folder)
        item = Item(FETCHED, url=url, title=row["Title"].strip(), tags=list(dict.fromkeys(tags)),
                    read=folder.lower() == "archive", saved_at=iso_from(row["Timestamp"]))
        if row["Selection"].strip():
            item.highlights.append(Highlight(row["Selection"].strip(), created=item.saved_at))
        batch.items.append(item)
    return batch


def _tags(value: str) -> list[str]:
    value = value.strip()
    if value.startswith("["):
        try:
            got = json.loads(value)
            return [str(t) for t in got if str(t).strip()] if isinstance(got, list) else []
        except json.JSONDecodeError:
            pass
    return split_tags(value)
