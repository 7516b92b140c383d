"""Putting a parsed ``Batch`` into the library: pages, read marks, bookmarks; one ``Report``.

All or nothing per file: the whole file is parsed before anything is written (a bad file
changes nothing), pages the export carries are written as they come, and the bookmarks
(one write of bookmarks.yaml) and read marks (one write of state.yaml) at the end; if
anything fails on the way — a full disk, an unreadable bookmarks.yaml, Ctrl-C — the pages
this import wrote are removed again, so the library is as it was. A page that could not be
fetched is a ``failed`` row, not a failure of the file: importing the file again (it is
idempotent: what is there is skipped) fetches what is still missing.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.adding import sidecar
from reader.bookmarks import Bookmark, BookmarkStore, BookmarksUnreadable, plain_text
from reader.bookmarks.model import clean_tags, new_id, now_iso
from reader.content.model import Article
from reader.errors import ReaderError
from reader.importing import report as R
from reader.importing.lookup import Lookup, norm_url
from reader.importing.model import CARRIED, MATCHED, Batch, Highlight, Item
from reader.importing.placing import Placer, fold
from reader.paths import Library
from reader.state import State


@dataclass
class ImportOptions:
    fetch: bool = True  # fetch the addresses of FETCHED items (``--no-fetch``: report them skipped)
    dry_run: bool = False  # parse, match and anchor; write nothing
    fetch_options: Any = None  # reader.adding.FetchOptions (timeouts, size cap)


Progress = Callable[[int, int, str], None]


def page_html(item: Item) -> bytes:
    """The carried HTML as a page of its own: the export's title, address, author and date
    in its head, so the cleaner finds them as on the real page."""
    esc = html.escape
    head = ['<meta charset="utf-8">', f"<title>{esc(item.title)}</title>"]
    if item.url:
        head.append(f'<link rel="canonical" href="{esc(item.url)}">')
    if item.author:
        head.append(f'<meta name="author" content="{esc(item.author)}">')
    if item.published:
        head.append(f'<meta property="article:published_time" content="{esc(item.published)}">')
    return ("<!DOCTYPE html>\n<html><head>\n" + "\n".join(head) + "\n</head><body><article>\n"
            + item.content + "\n</article></body></html>\n").encode("utf-8")


def _pending(row: R.Row, item: Item) -> None:
    """Highlights of a page not in the library (yet): counted, not lost — the next import adds them."""
    if item.highlights:
        row.bookmarks["pending"] += len(item.highlights)


class _Run:
    def __init__(self, library: Library, batch: Batch, options: ImportOptions, file: str) -> None:
        from reader.content.rules import load_rules

        self.library, self.batch, self.options = library, batch, options
        self.rules = load_rules(library.rules if library.rules.is_dir() else None)
        self.report = R.Report(batch.format, file, options.dry_run, warnings=list(batch.warnings))
        self.store = BookmarkStore(library.bookmarks)
        self.store.load()
        if self.store.error:
            raise BookmarksUnreadable(self.store.error)
        self.state = State(library.state)
        if self.state.warning:
            self.report.warnings.append(self.state.warning)
        self.lookup = Lookup(library, self.rules)
        self.created: list[Path] = []
        self.new_bookmarks: list[Bookmark] = []
        self.quotes: dict[str, set[str]] = {}  # article id → folded quotes bookmarked there
        self.ids = {b.id for b in self.store.bookmarks}

    # -- items ---------------------------------------------------------------------------

    def run(self, progress: Progress | None) -> R.Report:
        to_fetch: list[Item] = []
        seen: set[str] = set()
        items = self.batch.items
        for n, item in enumerate(items, 1):
            key = norm_url(item.url) if item.url else item.article or item.title
            if item.mode != MATCHED and key in seen:  # listed twice in one file
                self.report.rows.append(R.Row(R.ALREADY, item.name, detail="listed twice in the file"))
                continue
            seen.add(key)
            if item.mode == MATCHED:
                self._matched(item)
            else:
                found = self.lookup.by_url(item.url) if item.url else None
                if found is not None:
                    self._finish(R.Row(R.ALREADY, item.name, found), item, found, None)
                elif item.mode == CARRIED:
                    self._carried(item)
                else:
                    to_fetch.append(item)
            if progress is not None:
                progress(n, len(items), item.name)
        if to_fetch:
            self._fetch(to_fetch, progress)
        self._write()
        return self.report

    def _matched(self, item: Item) -> None:
        found = None
        if item.article and self.lookup.has(item.article):
            found = item.article
        found = found or self.lookup.by_url(item.url, scan=True) or self.lookup.by_title(item.title)
        if found is None:
            row = R.Row(R.UNMATCHED, item.name, detail="no article in the library with this address or title")
            if item.highlights:
                row.bookmarks["unmatched"] += len(item.highlights)
            self.report.rows.append(row)
            return
        self._finish(R.Row(R.MATCHED, item.name, found), item, found, None)

    def _carried(self, item: Item) -> None:
        from reader.adding.add import add_page
        from reader.adding.refresh import clean_bytes

        data = page_html(item)
        if self.options.dry_run:
            article = clean_bytes(data, "page.html", "", self.rules)
            self._finish(R.Row(R.IMPORTED, item.name, detail="would be saved"), item, "", article)
            return
        record = {"url": item.url, "added_at": sidecar.now_iso(), "imported_from": self.batch.format,
                  "saved_at": item.saved_at}
        change = add_page(self.library, data, ".html", record, tags=item.tags, name=item.url or item.title,
                          url=item.url)
        if change.path is not None:
            self.created.append(change.path)
        self.lookup.remember(item.url, change.id)
        self._finish(R.Row(R.IMPORTED, item.name, change.id), item, change.id, change.article)

    def _fetch(self, items: list[Item], progress: Progress | None = None) -> None:
        if self.options.dry_run or not self.options.fetch:
            why = "dry run: would be fetched" if self.options.dry_run else "not fetched (--no-fetch)"
            for item in items:
                row = R.Row(R.SKIPPED, item.name, detail=why)
                _pending(row, item)
                self.report.rows.append(row)
            return
        from reader.adding import AddOptions, FetchOptions, add_sources

        fetch = self.options.fetch_options or FetchOptions.from_env()
        outcomes = add_sources(self.library, [i.url for i in items], AddOptions(fetch=fetch), progress=progress)
        for item, outcome in zip(items, outcomes):
            if not outcome.ok:
                row = R.Row(R.FAILED, item.name, detail=outcome.error)
                _pending(row, item)
                self.report.rows.append(row)
                continue
            change = outcome.change
            if change.status == "added" and change.path is not None:
                self.created.append(change.path)
                record = sidecar.read_origin(change.path) or {}
                record.update({"imported_from": self.batch.format, "saved_at": item.saved_at,
                               "tags": list(dict.fromkeys([*(record.get("tags") or []), *item.tags]))})
                sidecar.write_origin(change.path, record)
            self.lookup.remember(item.url, change.id)
            status = R.FETCHED if change.status == "added" else R.ALREADY
            self._finish(R.Row(status, item.name, change.id), item, change.id, change.article)

    # -- read marks and highlights ---------------------------------------------------------

    def _finish(self, row: R.Row, item: Item, article_id: str, article: Article | None) -> None:
        self.report.rows.append(row)
        if item.read and article_id and not self.state.is_read(article_id):
            self.state.mark_read(article_id)
            self.report.read_marked += 1
        elif item.read and not article_id:  # dry run of a new page
            self.report.read_marked += 1
        if not item.highlights:
            return
        known = self._quotes(article_id)
        fresh: list[Highlight] = []
        for h in item.highlights:
            key = fold(h.exact)[0]
            if key in known:
                row.bookmarks["already"] += 1
            else:
                known.add(key)
                fresh.append(h)
        if not fresh:
            return  # nothing new: the article is not even read
        if article is None:
            from reader.library import load_article

            try:
                article = load_article(self.library, article_id)
            except ReaderError as exc:
                row.detail = f"cannot read the article: {exc.message}"
                article = None
        placer = Placer(plain_text(article.body) if article is not None else "")
        title = article.title if article is not None else item.title
        for h in fresh:
            anchor, status = placer.place(h.exact, h.prefix, h.suffix, h.start)
            row.bookmarks[status] += 1
            if article_id:
                self.new_bookmarks.append(self._bookmark(article_id, title, h, anchor, status))

    def _quotes(self, article_id: str) -> set[str]:
        if article_id not in self.quotes:
            found = self.store.for_article(article_id) if article_id else []
            self.quotes[article_id] = {fold(q)[0] for b in found
                                       for q in (b.exact, str(b.extra.get("imported_quote") or "")) if q}
        return self.quotes[article_id]

    def _bookmark(self, article_id: str, title: str, h: Highlight, anchor, status: str) -> Bookmark:
        stamp = now_iso()
        extra: dict[str, Any] = {"imported_from": self.batch.format}
        if fold(h.exact)[0] != fold(anchor.exact)[0]:  # found as fuzzy: the quote as the service had it
            extra["imported_quote"] = h.exact  # (so importing the file again knows it)
        bid = h.id if h.id and h.id not in self.ids else new_id()
        self.ids.add(bid)
        return Bookmark(id=bid, article=article_id, anchor=anchor, note=h.note.strip(),
                        tags=clean_tags(h.tags), created=h.created or stamp, updated=stamp, status=status,
                        title=title, extra=extra)

    # -- writing ---------------------------------------------------------------------------

    def _write(self) -> None:
        if self.options.dry_run:
            return
        if self.new_bookmarks:
            self.store.update_many(self.new_bookmarks, add_missing=True)
        if self.state.dirty:
            if self.state.broken:
                self.report.warnings.append("read marks not saved: state.yaml cannot be read")
            self.state.save()

    def rollback(self) -> None:
        """Remove the pages this import wrote (and their origin records)."""
        for page in self.created:
            for path in (page, sidecar.origin_path(page)):
                try:
                    os.unlink(path)
                except OSError:
                    pass
            if page.parent != self.library.content:
                try:
                    page.parent.rmdir()  # a site folder this import made (only if empty now)
                except OSError:
                    pass


def import_batch(library: Library, batch: Batch, options: ImportOptions | None = None, *,
                 file: str = "", progress: Progress | None = None) -> R.Report:
    """Apply ``batch`` to ``library`` (see the module docstring); the index is the caller's
    to bring up to date afterwards (``reader.library.refresh_index``)."""
    options = options or ImportOptions()
    if not options.dry_run:
        library.ensure()
    run = _Run(library, batch, options, file)
    try:
        return run.run(progress)
    except BaseException as exc:
        run.rollback()
        if isinstance(exc, OSError):
            raise ReaderError(f"import stopped, nothing imported: {exc.strerror or exc}",
                              title="cannot import") from None
        raise
