"""Bookmark documents in the index (``kind: bookmark``), kept in step with a list given here.

This module knows nothing of ``reader.bookmarks``: the caller hands it plain ``BookmarkDoc``
values. A document's id is ``ARTICLE@BOOKMARK`` (``doc_id``); every delete here also requires
``kind: bookmark``, so even an article whose own id looks like that is never touched. The
stored ``parent`` field holds a digest of what the document says, so ``sync_bookmarks`` writes
only the documents that differ. The builder (``reader.index.writing.delete_article``) leaves
bookmark documents alone when it re-indexes or removes an article; a rebuild starts from an
empty index, and the next ``sync_bookmarks`` puts them back.

A small record beside the index (``bookmarks.json``: the digest of the whole list and the index
generation it was checked against) makes the common case — nothing changed — one stat-sized
read, without opening a searcher.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.index import TOC
from whoosh.writing import SegmentWriter

from reader.atomic import atomic_write_text
from reader.index import storage
from reader.index.files import read_json
from reader.index.lock import IndexLock, unwritable
from reader.index.merging import merge_policy
from reader.index.schema import naive_utc, sort_key

STATE_NAME = "bookmarks.json"
WRITE_TIMEOUT = 10.0


def doc_id(article_id: str, bookmark_id: str) -> str:
    return f"{article_id}@{bookmark_id}"


@dataclass(frozen=True)
class BookmarkDoc:
    article: str
    bookmark: str  # the bookmark's id
    quote: str
    note: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    title: str = ""  # the article's title
    created: str = ""  # ISO 8601

    @property
    def id(self) -> str:
        return doc_id(self.article, self.bookmark)

    def digest(self) -> str:
        data = json.dumps([self.quote, self.note, list(self.tags), self.title, self.created], ensure_ascii=False)
        return hashlib.sha1(data.encode("utf-8", "surrogatepass")).hexdigest()

    def fields(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "id": self.id,
            "kind": "bookmark",
            "article": self.article,
            "parent": self.digest(),
            "title": self.title or self.article,
            "body": self.quote + ("\n\n" + self.note if self.note else ""),
            "tags": ", ".join(self.tags),
        }
        when = _date(self.created)
        if when is not None:
            doc["date"] = when
            doc["year"] = str(when.year)
            doc["when"] = sort_key(when)
        return doc


def _date(value: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        return naive_utc(dt.datetime.fromisoformat(value))
    except ValueError:
        return None


def _whole_digest(docs: list[BookmarkDoc]) -> str:
    h = hashlib.sha1()
    for d in sorted(docs, key=lambda d: d.id):
        h.update(f"{d.id}\0{d.digest()}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _read_state(index_dir: Path) -> dict[str, Any]:
    data = read_json(index_dir / STATE_NAME)
    return data if isinstance(data, dict) else {}


def _generation(index_dir: Path) -> int:
    """The index's latest commit (TOC generation), read from the folder listing."""
    try:
        return TOC._latest_generation(storage.storage(index_dir), storage.INDEX_NAME)
    except OSError:
        return -1


def indexed(ix) -> dict[str, str]:
    """The index's bookmark documents: id → digest."""
    out: dict[str, str] = {}
    with ix.searcher() as s:
        for docnum in s.document_numbers(kind="bookmark"):
            fields = s.stored_fields(docnum)
            out[fields.get("id", "")] = fields.get("parent") or ""
    return out


def up_to_date(index_dir: Path, source: str) -> bool:
    """Whether the last sync was of ``source`` (the caller's fingerprint of its bookmark file)
    and the index has not been committed to since: then there is nothing to compare."""
    state = _read_state(Path(index_dir))
    return bool(source) and state.get("source") == source and _generation(Path(index_dir)) == state.get("generation")


def sync_bookmarks(index_dir: Path, docs: Iterable[BookmarkDoc], *, lock_timeout: float = 2.0,
                   source: str = "") -> int:
    """Make the index's bookmark documents exactly ``docs``; the number written or removed.

    Takes the index lock (``IndexBusy`` after ``lock_timeout``). The index must exist.
    ``source`` is recorded for ``up_to_date``.
    """
    index_dir = Path(index_dir)
    try:
        return _sync(index_dir, docs, lock_timeout, source)
    except OSError as exc:  # a read-only index/: one line, the index left as it is
        raise unwritable(index_dir, exc) from None


def _sync(index_dir: Path, docs: Iterable[BookmarkDoc], lock_timeout: float, source: str) -> int:
    wanted = {d.id: d for d in docs}
    whole = _whole_digest(list(wanted.values()))
    state = _read_state(index_dir)
    if state.get("digest") == whole and _generation(index_dir) == state.get("generation"):
        if source and state.get("source") != source:
            atomic_write_text(index_dir / STATE_NAME, json.dumps({**state, "source": source}))
        return 0
    with IndexLock(index_dir, timeout=lock_timeout):
        ix = storage.open_index(index_dir)
        have = indexed(ix)
        stale = [i for i, digest in have.items() if i not in wanted or wanted[i].digest() != digest]
        new = [d for i, d in wanted.items() if have.get(i) != d.digest()]
        if stale or new:
            w = SegmentWriter(ix, timeout=WRITE_TIMEOUT)
            try:
                for i in stale:
                    w.delete_by_query(wq.And([wq.Term("id", i), wq.Term("kind", "bookmark")]))
                for d in new:
                    w.add_document(**d.fields())
            except BaseException:
                w.cancel()
                raise
            w.commit(mergetype=merge_policy)
        generation = _generation(index_dir)
        atomic_write_text(index_dir / STATE_NAME,
                          json.dumps({"digest": whole, "generation": generation, "source": source}))
    return len(stale) + len(new)


def bookmarked_articles(searcher) -> set[str]:
    """Article ids that have at least one bookmark document (``has:bookmarks``)."""
    out: set[str] = set()
    reader = searcher.reader()
    try:
        column = reader.column_reader("article")
    except Exception:  # no column (an index written before it existed): the stored fields
        column = None
    for docnum in searcher.document_numbers(kind="bookmark"):
        if column is not None:
            value = column[docnum]
            out.add(value.decode("utf-8") if isinstance(value, bytes) else str(value))
        else:
            out.add(searcher.stored_fields(docnum).get("article", ""))
    out.discard("")
    return out
