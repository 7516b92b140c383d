"""Browser bookmarks (the Netscape ``bookmarks.html`` every browser exports) and plain URL lists.

Netscape format (Microsoft's "Netscape Bookmark File Format" notes; Firefox's and Chrome's
exporters): ``<DT><H3>Folder</H3>`` followed by a ``<DL>`` holding that folder's ``<DT><A
HREF="…" ADD_DATE="…" TAGS="…">title</A>`` entries and subfolders. Each folder on the way to a
bookmark becomes a tag (the toolbar's and menu's own folders too: they are the user's
filing); ``TAGS`` (Firefox) adds more. Only http(s) addresses are kept (``place:`` queries,
``javascript:`` bookmarklets are skipped with a warning).

A URL list: one address a line, ``#`` comments and blank lines skipped.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from reader.importing.model import FETCHED, BadImport, Batch, Item
from reader.importing.source import iso_from, read_bytes, split_tags, text_of


class _Netscape(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.folders: list[str] = []
        self.pending = ""  # the last <H3>'s name: the folder the next <DL> opens
        self.in_h3 = False
        self.items: list[Item] = []
        self.skipped: list[str] = []
        self.current: Item | None = None
        self.seen_dl = False

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): v or "" for k, v in attrs}
        if tag == "h3":
            self.in_h3, self.pending = True, ""
        elif tag == "dl":
            self.seen_dl = True
            self.folders.append(self.pending.strip())
            self.pending = ""
        elif tag == "a":
            href = a.get("href", "").strip()
            if not href.lower().startswith(("http://", "https://")):
                self.skipped.append(href[:60] or "(no address)")
                self.current = None
                return
            tags = [f for f in self.folders if f] + split_tags(a.get("tags", ""))
            self.current = Item(FETCHED, url=href, tags=list(dict.fromkeys(tags)), saved_at=iso_from(a.get("add_date")))
            self.items.append(self.current)

    def handle_endtag(self, tag):
        if tag == "h3":
            self.in_h3 = False
        elif tag == "dl" and self.folders:
            self.folders.pop()
        elif tag == "a":
            self.current = None

    def handle_data(self, data):
        if self.in_h3:
            self.pending += data
        elif self.current is not None:
            self.current.title = (self.current.title + " " + data.strip()).strip()


def parse_bookmarks(path: Path) -> Batch:
    where = str(path)
    text = text_of(read_bytes(path), where)
    if "<dl" not in text.lower() and "netscape-bookmark-file" not in text.lower():
        raise BadImport(f"{where}: not a browser bookmarks file (no NETSCAPE-Bookmark-file header or <DL> list)")
    parser = _Netscape()
    parser.feed(text)
    parser.close()
    batch = Batch("bookmarks", parser.items)
    batch.warnings += [f"not a web address, skipped: {s}" for s in parser.skipped]
    return batch


def parse_urls(path: Path) -> Batch:
    where = str(path)
    batch = Batch("urls")
    for n, line in enumerate(text_of(read_bytes(path), where).splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not line.lower().startswith(("http://", "https://")) or any(c.isspace() for c in line):
            raise BadImport(f"{where}: line {n} is not a web address: {line[:60]!r}")
        batch.items.append(Item(FETCHED, url=line))
    return batch
