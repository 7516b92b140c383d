"""The catalogue: a compact list of every indexed article, written at index time.

``LIBRARY/index/catalogue.json`` holds one row per article (id, title, site, date, author,
comment count, tags, path under content/), so a list of 100k articles loads in one JSON parse
instead of iterating Whoosh's stored fields. In code a row is an ``Entry`` (typed, by name);
on disk it is a JSON list in ``FIELDS`` order (compact, versioned: ``CATALOGUE_VERSION``), and
``entry_of_row``/``row_of_entry`` are the only places that know the positions. It is written
after the commit it describes,
like the manifest: an incremental run appends the rows it changed to ``catalogue.journal``
(see ``reader.index.files``), which every reader applies; a rebuild, or a journal past its
bound, rewrites ``catalogue.json`` atomically. After each append the base's mtime is bumped,
so a reader that caches the catalogue by its stat (``SearchIndex.catalogue``) reads it again.
Every write also writes ``catalogue.head`` (``reader.index.catalogue_head``): the list's first
rows in each order, which the app paints before it loads the whole catalogue.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

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
    read_json,
    remove_journal,
)
from reader.safe_read import open_regular

if TYPE_CHECKING:
    from reader.index.catalogue_head import Head

CATALOGUE_VERSION = 3  # 3: the url (a link in an article opens the library's copy)
FIELDS = ("id", "title", "site", "date", "author", "comments", "tags", "path", "approx_date", "url")


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
    url: str = ""  # where the page came from (links to it open this article)

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
        """The entry of a cleaned Article (``path``: its file under content/)."""
        from reader.content.model import iso

        return cls(
            id=article.id,
            title=article.title,
            site=article.site,
            date=iso(article.date),
            author=article.author,
            comments=len(article.comments),
            tags=tuple(article.tags),
            path=path,
            approx_date=iso(article.approx_date),
            url=article.url or "",
        )

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
            "url": self.url,
        }


def row_of_entry(entry: Entry) -> list[Any]:
    """The on-disk form of an entry: a list in ``FIELDS`` order."""
    return [entry.id, entry.title, entry.site, entry.date, entry.author, entry.comments,
            list(entry.tags), entry.path, entry.approx_date, entry.url]


def entry_of_row(row: Any) -> Entry | None:
    """An entry read from disk; None for a row of the wrong shape (skipped, as before)."""
    if not isinstance(row, list) or len(row) != len(FIELDS):
        return None
    try:
        return Entry(row[0], row[1], row[2], row[3], row[4], int(row[5]), tuple(row[6]), row[7], row[8],
                     row[9] if isinstance(row[9], str) else "")
    except (TypeError, ValueError):
        return None


def catalogue_path(index_dir: Path) -> Path:
    return Path(index_dir) / "catalogue.json"


def journal_path(index_dir: Path) -> Path:
    return Path(index_dir) / "catalogue.journal"


def head_path(index_dir: Path) -> Path:
    return Path(index_dir) / "catalogue.head"


def _journal_size(index_dir: Path) -> int:
    try:
        return os.stat(journal_path(index_dir)).st_size
    except OSError:
        return 0


def _read(index_dir: Path) -> tuple[dict[str, Entry] | None, str | None, int]:
    """(id → row, the base's token, entries in its journal); rows None when unreadable."""
    journal, data = read_journal_and_base(journal_path(index_dir), catalogue_path(index_dir))
    if data is None:
        return None, None, 0
    if not isinstance(data, dict) or data.get("version") != CATALOGUE_VERSION:
        return None, None, 0
    rows = data.get("articles")
    if not isinstance(rows, list):
        return None, None, 0
    out: dict[str, Entry] = {}
    for row in rows:
        entry = entry_of_row(row)
        if entry is not None:
            out[entry.id] = entry
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
            elif (entry := entry_of_row(row)) is not None:
                out[aid] = entry
        entries += len(changed)
    return out, token, entries


def load_rows(index_dir: Path) -> dict[str, Entry]:
    """id → entry; empty when the catalogue is missing, unreadable or of another version."""
    with gc_paused():
        return _read(index_dir)[0] or {}


def save_rows(index_dir: Path, rows: dict[str, Entry]) -> None:
    """Rewrite the whole catalogue (a new base, no journal), and its head."""
    token = new_token()
    atomic_write_json(
        catalogue_path(index_dir),
        {"version": CATALOGUE_VERSION, "fields": list(FIELDS), "journal": token, "count": len(rows),
         "articles": [row_of_entry(rows[k]) for k in sorted(rows)]},
    )
    remove_journal(journal_path(index_dir))
    _write_head(index_dir, [token, 0], rows, {}, None)


def update_rows(index_dir: Path, changed: dict[str, Entry | None], rows: dict[str, Entry] | None = None
                ) -> None:
    """Record ``changed`` (id → entry, None for removed) after a commit: appended to the journal,
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
    on_disk = {aid: None if e is None else row_of_entry(e) for aid, e in changed.items()}
    before = [token, _journal_size(index_dir)]
    append_journal(journal_path(index_dir), token, {"rows": on_disk})
    _write_head(index_dir, [token, _journal_size(index_dir)], rows, changed, before)
    try:  # a new mtime for readers that cache the catalogue by its stat
        now = max(time.time_ns(), os.stat(base).st_mtime_ns + 1)
        os.utime(base, ns=(now, now))
    except OSError:
        pass


def _write_head(index_dir: Path, stamp: list[Any], rows: dict[str, Entry] | None,
                changed: dict[str, Entry | None], before: list[Any] | None) -> None:
    """Write the head of the catalogue state ``stamp``: from ``rows`` (the whole catalogue)
    when given, else from the head of state ``before`` and ``changed``, else from the whole
    catalogue read back. A head that cannot be written is only a slower first paint: the old
    one names another state and is not used."""
    from reader.index import catalogue_head

    head = None
    if rows is None and before is not None:
        old = catalogue_head.from_json(read_json(head_path(index_dir)), before)
        if old is not None:
            head = catalogue_head.updated_head(old, changed)
        if head is None:
            rows = load_rows(index_dir)
    if head is None:
        head = catalogue_head.head_of([rows[k] for k in sorted(rows or {})])
    try:
        atomic_write_json(head_path(index_dir), catalogue_head.to_json(head, stamp))
    except OSError:
        pass


def load_head(index_dir: Path) -> "Head | None":
    """The catalogue's head (``catalogue_head.Head``) if it describes the catalogue as it is
    on disk; None otherwise (missing, corrupt, stale: the caller loads the whole catalogue)."""
    from reader.index import catalogue_head

    token, _ = _base_head(catalogue_path(index_dir))
    if token is None:
        return None
    return catalogue_head.from_json(read_json(head_path(index_dir)), [token, _journal_size(index_dir)])


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
    return [rows[k] for k in sorted(rows)]
