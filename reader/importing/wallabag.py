"""wallabag's JSON export (Export → JSON, any entry list).

The shape, from wallabag's serializer (``src/Entity/Entry.php`` groups ``entries_for_user`` /
``export_all``, written by ``src/Helper/EntriesExport.php``): a list of entries, each with
``id``, ``title``, ``url``, ``content`` (the article's cleaned HTML), ``is_archived``
(0/1), ``is_starred``, ``tags`` (names), ``created_at``, ``published_at``, ``published_by``
(list of authors) and ``annotations``: the annotator.js records ``{quote, text, ranges,
created_at}`` — ``quote`` the passage, ``text`` the user's note.
"""

from __future__ import annotations

from pathlib import Path

from reader.importing.model import CARRIED, BadImport, Batch, Highlight, Item
from reader.importing.source import iso_from, load_json, read_bytes


def parse(path: Path) -> Batch:
    where = str(path)
    data = load_json(read_bytes(path), where)
    if isinstance(data, dict) and isinstance(data.get("_embedded"), dict):
        data = data["_embedded"].get("items")  # the API's page of entries, saved as a file
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise BadImport(f"{where}: not a wallabag export (expected a list of entries)")
    batch = Batch("wallabag")
    for n, entry in enumerate(data, 1):
        if "url" not in entry or "content" not in entry:
            raise BadImport(f"{where}: entry {n} is not a wallabag entry (no url or content)")
        authors = entry.get("published_by") or []
        item = Item(
            CARRIED,
            url=str(entry.get("url") or ""),
            title=str(entry.get("title") or ""),
            author=", ".join(str(a) for a in authors) if isinstance(authors, list) else str(authors),
            tags=[str(t.get("label") if isinstance(t, dict) else t) for t in entry.get("tags") or []],
            read=bool(entry.get("is_archived")),
            saved_at=iso_from(entry.get("created_at")),
            published=iso_from(entry.get("published_at")),
            content=str(entry.get("content") or ""),
        )
        for a in entry.get("annotations") or []:
            if isinstance(a, dict) and str(a.get("quote") or "").strip():
                item.highlights.append(Highlight(str(a["quote"]), note=str(a.get("text") or ""),
                                                 created=iso_from(a.get("created_at"))))
        batch.items.append(item)
    return batch
