"""The catalogue: a compact list of every indexed article, written at index time.

``LIBRARY/index/catalogue.json`` holds one row per article (id, title, site, date, author,
comment count, tags, path under content/), so a list of 100k articles loads in one JSON parse
instead of iterating Whoosh's stored fields. It is written after the commit it describes,
like the manifest: an incremental run appends the rows it changed to ``catalogue.journal``
(see ``reader.index.files``), which every reader applies; a rebuild, or a journal past its
bound, rewrites ``catalogue.json`` atomically. After each append the base's mtime is bumped,
so a reader that caches the catalogue by its stat (``SearchIndex.catalogue``) reads it again.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any, Iterator, NamedTuple

from reader.errors import UnreadableFile
from reader.index.files import (
    append_journal,
    atomic_write_json,
    gc_paused,
    journal_full,
    journal_records,
    new_token,
    read_bytes,
    read_journal_and_base,
    remove_journal,
)
from reader.safe_read import open_regular

CATALOGUE_VERSION = 2
FIELDS = ("id", "title", "site", "date", "author", "comments", "tags", "path", "approx_date")


class Entry(NamedTuple):
    """One article of the library list. A NamedTuple, not a frozen dataclass: the list of a
    100k-article library builds 100k of them before its first paint (60 ms against 240)."""

    id: str
    title: str
    site: str
    date: str | None  # ISO 8601, as the cleaner gave it
    author: str = ""
    comments: int = 0
    tags: tuple[str, ...] = ()
    path: str = ""  # under content/
    approx_date: str | None = None  # no date of its own: roughly when (see Article.approx_date)

    @property
    def sort_date(self) -> str:
        """What "newest first" sorts on: the date, else the approximate one (ISO text)."""
        return self.date or self.approx_date or ""

    @property
    def shown_date(self) -> str:
        """The day as the list shows it; an approximate one marked ``≈``."""
        if self.date:
            return self.date[:10]
        return "≈" + self.approx_date[:10] if self.approx_date else ""

    @classmethod
    def of(cls, article, path: str = "") -> "Entry":
        """The entry of a cleaned Article (for a library not indexed yet)."""
        row = make_row(article)
        row[-1] = path
        return cls(*row[:6], tuple(row[6]), row[7], row[8])

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "site": self.site,
            "date": self.date,
            "author": self.author,
            "comments": self.comments,
            "tags": list(self.tags),
            "path": self.path,
            "approx_date": self.approx_date,
        }


def make_row(article) -> list[Any]:
    """The catalogue row of an Article (``path`` is filled in by the builder)."""
    from reader.content.model import iso

    return [
        article.id,
        article.title,
        article.site,
        iso(article.date),
        article.author,
        len(article.comments),
        list(article.tags),
        "",
        iso(article.approx_date),
    ]


def catalogue_path(index_dir: Path) -> Path:
    return Path(index_dir) / "catalogue.json"


def journal_path(index_dir: Path) -> Path:
    return Path(index_dir) / "catalogue.journal"


def _read(index_dir: Path) -> tuple[dict[str, list[Any]] | None, str | None, int]:
    """(id → row, the base's token, entries in its journal); rows None when unreadable."""
    journal, data = read_journal_and_base(journal_path(index_dir), catalogue_path(index_dir))
    if data is None:
        return None, None, 0
    if not isinstance(data, dict) or data.get("version") != CATALOGUE_VERSION:
        return None, None, 0
    rows = data.get("articles")
    if not isinstance(rows, list):
        return None, None, 0
    out = {row[0]: row for row in rows if isinstance(row, list) and len(row) == len(FIELDS)}
    token = data.get("journal")
    token = token if isinstance(token, str) else None
    entries = 0
    for rec in journal_records(journal, token):
        changed = rec.get("rows")
        if not isinstance(changed, dict):
            continue
        for aid, row in changed.items():
            if row is None:
                out.pop(aid, None)
            elif isinstance(row, list) and len(row) == len(FIELDS):
                out[aid] = row
        entries += len(changed)
    return out, token, entries


def load_rows(index_dir: Path) -> dict[str, list[Any]]:
    """id → row; empty when the catalogue is missing, unreadable or of another version."""
    with gc_paused():
        return _read(index_dir)[0] or {}


def save_rows(index_dir: Path, rows: dict[str, list[Any]]) -> None:
    """Rewrite the whole catalogue (a new base, no journal)."""
    atomic_write_json(
        catalogue_path(index_dir),
        {"version": CATALOGUE_VERSION, "fields": list(FIELDS), "journal": new_token(), "count": len(rows),
         "articles": [rows[k] for k in sorted(rows)]},
    )
    remove_journal(journal_path(index_dir))


def update_rows(index_dir: Path, changed: dict[str, list[Any] | None], rows: dict[str, list[Any]] | None = None
                ) -> None:
    """Record ``changed`` (id → row, None for removed) after a commit: appended to the journal,
    or — with no base of ours, or a journal past its bound — folded into a new base.
    ``rows``: the whole catalogue with ``changed`` applied, when the caller holds it."""
    if not changed:
        return
    base = catalogue_path(index_dir)
    token, total = _base_head(base)
    entries = 0
    if token is not None:
        head = journal_records(read_bytes(journal_path(index_dir)), token)
        entries = sum(len(r.get("rows") or ()) for r in head)
    if token is None or journal_full(entries + len(changed), total):
        if rows is None:
            rows = load_rows(index_dir)
            for aid, row in changed.items():
                if row is None:
                    rows.pop(aid, None)
                else:
                    rows[aid] = row
        save_rows(index_dir, rows)
        return
    append_journal(journal_path(index_dir), token, {"rows": changed})
    try:  # a new mtime for readers that cache the catalogue by its stat
        now = max(time.time_ns(), os.stat(base).st_mtime_ns + 1)
        os.utime(base, ns=(now, now))
    except OSError:
        pass


_HEAD = re.compile(rb'^\{"version":%d,"fields":\[[^\]]*\],"journal":"([0-9a-f]+)","count":(\d+),'
                   % CATALOGUE_VERSION)


def _base_head(base: Path) -> tuple[str | None, int]:
    """(token, row count) of a whole-looking catalogue base, read from its first and last bytes
    (``save_rows`` writes "journal" and "count" before "articles"); (None, 0) otherwise."""
    try:
        fd, _ = open_regular(base)  # a FIFO named catalogue.json must not hang the quick look
    except UnreadableFile:
        return None, 0
    try:
        with os.fdopen(fd, "rb") as f:
            head = f.read(1024)
            f.seek(-2, os.SEEK_END)
            tail = f.read()
    except OSError:
        return None, 0
    match = _HEAD.match(head)
    if tail != b"]}" or match is None:
        return None, 0
    return match.group(1).decode("ascii"), int(match.group(2))


def catalogue_whole(index_dir: Path) -> bool:
    """A cheap look (no parse): the base is there, ours, and not cut short. The builder loads and
    checks every row only when this says no, after a crash, or on a rebuild."""
    return _base_head(catalogue_path(index_dir))[0] is not None


def load_catalogue(index_dir: Path) -> list[Entry]:
    """Every indexed article, sorted by id."""
    rows = load_rows(index_dir)
    with gc_paused():
        return list(iter_entries(rows[k] for k in sorted(rows)))


def iter_entries(rows) -> Iterator[Entry]:
    for r in rows:
        yield Entry(r[0], r[1], r[2], r[3], r[4], int(r[5]), tuple(r[6]), r[7], r[8])
