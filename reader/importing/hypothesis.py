"""Hypothesis annotations as JSON: the search API's answer (``{"total", "rows"}``, saved from
``GET /api/search?user=…``), a bare list of its annotations, or our own export.

From the Hypothesis API reference (h.readthedocs.io, "Annotation" schema): each annotation
has ``uri``, ``text`` (the note), ``tags``, ``created``, ``document.title`` (a list) and
``target``: a list of ``{source, selector}``, where the selectors include
``{"type": "TextQuoteSelector", exact, prefix, suffix}`` and maybe
``{"type": "TextPositionSelector", start, end}``. A page note (no selector) anchors nothing
and is skipped with a warning. Annotations are grouped by ``uri`` into one item per page,
matched to the library's articles by address, then by title.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reader.importing.model import MATCHED, BadImport, Batch, Highlight, Item
from reader.importing.source import iso_from, load_json, read_bytes

ARTICLE_URN = "urn:reader:article:"  # our export's uri for an article with no address


def parse(path: Path) -> Batch:
    where = str(path)
    data = load_json(read_bytes(path), where)
    rows = data.get("rows") if isinstance(data, dict) else data
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise BadImport(f"{where}: not Hypothesis annotations (expected {{\"rows\": [...]}} or a list)")
    batch = Batch("hypothesis")
    items: dict[str, Item] = {}
    for n, row in enumerate(rows, 1):
        if "target" not in row or "uri" not in row:
            raise BadImport(f"{where}: annotation {n} is not a Hypothesis annotation (no uri or target)")
        quote, position = _selectors(row.get("target"))
        if quote is None:
            batch.warnings.append(f"annotation {row.get('id') or n}: a page note, no quoted passage; skipped")
            continue
        uri = str(row.get("uri") or "")
        item = items.get(uri)
        if item is None:
            title = (row.get("document") or {}).get("title") if isinstance(row.get("document"), dict) else ""
            if isinstance(title, list):
                title = title[0] if title else ""
            item = Item(MATCHED, title=str(title or ""))
            ours = row.get("reader") if isinstance(row.get("reader"), dict) else {}
            if uri.startswith(ARTICLE_URN):
                item.article = uri[len(ARTICLE_URN):]
            else:
                item.url = uri
                item.article = str(ours.get("article") or "")  # our export: the id it had, tried first
            items[uri] = item
        tags = row.get("tags") if isinstance(row.get("tags"), list) else []
        item.highlights.append(Highlight(
            str(quote.get("exact") or ""), prefix=str(quote.get("prefix") or ""),
            suffix=str(quote.get("suffix") or ""), note=str(row.get("text") or ""),
            tags=[str(t) for t in tags], created=iso_from(row.get("created")),
            start=_int(position.get("start")) if position else None, id=_id(row.get("id"))))
    batch.items = list(items.values())
    return batch


def _selectors(target: Any) -> tuple[dict | None, dict | None]:
    quote = position = None
    for t in target if isinstance(target, list) else [target]:
        if not isinstance(t, dict):
            continue
        for s in t.get("selector") or []:
            if isinstance(s, dict) and s.get("type") == "TextQuoteSelector" and s.get("exact"):
                quote = quote or s
            elif isinstance(s, dict) and s.get("type") == "TextPositionSelector":
                position = position or s
    return quote, position


def _id(value: Any) -> str:
    """An annotation id usable as a bookmark id (Hypothesis's are 22 URL-safe characters)."""
    text = str(value or "")
    return text if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", text) else ""


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None
