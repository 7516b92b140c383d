"""Omnivore's export ZIP (Settings → Export, 2024).

From Omnivore's exporter (``packages/api/src/jobs/export.ts``): ``metadata_<from>_to_<to>.json``
files, each a list of ``{id, slug, title, description, author, url, state, readingProgress,
thumbnail, labels, savedAt, updatedAt, publishedAt}``; ``content/<slug>.html`` the readable
HTML of each item; ``highlights/<slug>.md`` its highlights, joined by blank lines, each
``highlightToMarkdown``: ``> quote`` (blank lines inside the quote written as ``> ``), then
optionally ``#label #label`` and the note, each after a blank line. ``state`` ``Archived``
is read; ``readingProgress`` 100 is read too.
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.importing.model import CARRIED, FETCHED, BadImport, Batch, Highlight, Item
from reader.importing.source import iso_from, load_json, member, need, open_zip, read_bytes, text_of

METADATA = re.compile(r"(?:^|/)metadata_\d+_to_\d+\.json$")


def parse(path: Path) -> Batch:
    where = str(path)
    data = read_bytes(path)
    if not data.startswith(b"PK"):
        raise BadImport(f"{where}: not an Omnivore export (not a ZIP file)")
    archive = open_zip(data, where)
    names = archive.namelist()
    metas = sorted(n for n in names if METADATA.search(n))
    if not metas:
        raise BadImport(f"{where}: not an Omnivore export (no metadata_*.json in the ZIP)")
    prefix = metas[0][: metas[0].rfind("/") + 1]  # the files may sit in one top folder
    batch = Batch("omnivore")
    for meta in metas:
        entries = need(load_json(member(archive, meta, where), f"{where}: {meta}"), list, meta, where)
        for n, e in enumerate(entries, 1):
            if not isinstance(e, dict) or "slug" not in e or "url" not in e:
                raise BadImport(f"{where}: {meta}: item {n} is not an Omnivore item (no slug or url)")
            slug = str(e["slug"])
            content_name = f"{prefix}content/{slug}.html"
            if content_name not in names:
                batch.warnings.append(f"{slug}: no content/{slug}.html in the export; its address is fetched")
            progress = e.get("readingProgress")
            item = Item(
                CARRIED if content_name in names else FETCHED,
                url=str(e.get("url") or ""),
                title=str(e.get("title") or ""),
                author=str(e.get("author") or ""),
                tags=[str(t.get("name") if isinstance(t, dict) else t) for t in e.get("labels") or []],
                read=str(e.get("state") or "").lower() == "archived" or (
                    isinstance(progress, (int, float)) and progress >= 100),
                saved_at=iso_from(e.get("savedAt")),
                published=iso_from(e.get("publishedAt")),
            )
            if content_name in names:
                item.content = text_of(member(archive, content_name, where), f"{where}: {content_name}")
            md_name = f"{prefix}highlights/{slug}.md"
            if md_name in names:
                md = text_of(member(archive, md_name, where), f"{where}: {md_name}")
                item.highlights = parse_highlights(md)
            batch.items.append(item)
    return batch


def parse_highlights(md: str) -> list[Highlight]:
    """The highlights of one ``highlights/<slug>.md``: a ``>`` paragraph starts one; the
    paragraphs after it are its labels (all ``#word``) or its note."""
    out: list[Highlight] = []
    for para in re.split(r"\n\s*\n", md.replace("\r\n", "\n")):
        para = para.strip("\n")
        if not para.strip():
            continue
        if para.startswith(">"):
            lines = [re.sub(r"^> ?", "", ln) for ln in para.split("\n")]
            quote = "\n".join(lines).strip()
            if quote:
                out.append(Highlight(quote))
            continue
        if not out:
            continue  # a note with no highlight (Omnivore's "Note" type): nothing to anchor
        words = para.split()
        if words and all(w.startswith("#") and len(w) > 1 for w in words):
            out[-1].tags += [w[1:] for w in words]
        else:
            out[-1].note = (out[-1].note + "\n\n" + para).strip()
    return out
