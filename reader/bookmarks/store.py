"""``LIBRARY/bookmarks.yaml``: a hand-editable list of plain mappings.

Safety rules (DESIGN §5, issue 5):

- Read with a safe loader only (libyaml's when present; ``reader.bookmarks.yamlfile``): a
  ``!!python/object`` tag is an error.
- A file that cannot be read (bad YAML, binary junk, not a list) is never written: the store
  turns read-only, ``error`` names the file and line, and the file stays byte for byte.
- Every write holds ``reader.atomic.locked(path)``, re-reads the file, applies this one change
  (add / update / delete by id) to what is on disk now, and replaces the file atomically. Two
  running instances therefore never lose each other's bookmarks.
- Entries that are not bookmarks (not a mapping, no id or article, a repeated id) are kept as
  they are and reported in ``warnings``; keys the model does not know are kept (``extra``).

Saving 10,000 bookmarks must stay cheap (issue 5: adding one ≤ 50 ms), so

- an entry's bytes are kept as they were read or last written (``Entry.chunk``): only new or
  changed entries are dumped, and a save joins bytes (no re-encoding of the whole file);
- bookmarks are found by id through a dict, not a scan;
- the file is re-read only when its (inode, mtime, size) moved; when it only grew past the
  bytes this store holds (another instance appended), only the added entries are parsed;
- a new process reads a JSON copy of a parse (``reader.bookmarks.cache``) that covers a prefix
  of the file, and parses only what was appended after it. Appending does not rewrite that
  copy; it is rewritten when more than ``TAIL_MAX`` entries follow it, when a save changed
  what it covers (an edit, a delete), or after a full parse.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from reader.atomic import FileBusy, atomic_write_bytes, locked
from reader.bookmarks.cache import Entry, bulk, read_cache, write_cache
from reader.bookmarks.model import Bookmark, new_id, now_iso
from reader.bookmarks.yamlfile import (
    HEADER,
    BookmarksUnreadable,
    dump_entry,
    parse_entries,
    read_back,
    same,
    to_bookmark,
    unreadable,
)
from reader.content.anchor import Anchor
from reader.errors import ReaderError
from reader.safe_read import MB, NotRead, cap, read_regular

__all__ = ["HEADER", "BookmarkNotFound", "BookmarkStore", "BookmarksBusy", "BookmarksNotSaved",
           "BookmarksUnreadable", "copy_bookmark", "dump_entry"]

_HEADER_BYTES = HEADER.encode("utf-8")
# Entries appended after the parse cache's copy before a save rewrites it (a new process parses
# these with YAML, ~0.3 ms each).
TAIL_MAX = 50


class BookmarksBusy(ReaderError):
    title = "bookmarks"
    exit_code = 1


class BookmarksNotSaved(ReaderError):
    """What would be written does not read back as the bookmarks it holds: the old file stays."""

    title = "bookmarks"
    exit_code = 1


_UNREAD = object()


def _who(entry: Entry, value: Any) -> str:
    if entry.bookmark is not None:
        bid = entry.bookmark.id
    else:
        bid = value.get("id") if isinstance(value, dict) else None
    return f"entry {bid}" if isinstance(bid, str) and bid else "an entry"


class BookmarkNotFound(ReaderError):
    title = "bookmarks"
    exit_code = 1


def _stat_key(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


class _Reading:
    """What a read of the file produced."""

    def __init__(self, data: bytes | None, lead: int, header: bytes, entries: list[Entry],
                 warnings: list[str], cached: tuple[int, list[Entry]] | None = None) -> None:
        self.data = data  # the file's bytes when they are exactly lead + the chunks, else None
        self.lead = lead  # bytes before the first entry (a BOM and the header)
        self.header = header  # the header to write back
        self.entries = entries
        self.warnings = warnings
        self.cached = cached  # what the parse cache holds: (lead, its entries, a prefix of these)


class BookmarkStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.error: str | None = None
        self.read_only = False
        self.warnings: list[str] = []
        self._entries: list[Entry] = []
        self._loaded = False
        self._key: tuple[int, int, int] | None = None
        self._reading = _Reading(None, 0, _HEADER_BYTES, [], [])
        self._ids: dict[str, int] | None = None  # bookmark id -> index in _entries (lazy)

    # -- reading --------------------------------------------------------------------------------

    def load(self) -> None:
        """(Re)read the file. Unreadable: ``error`` and ``read_only`` set, nothing written."""
        try:
            self._refresh(force=True)
        except BookmarksUnreadable:
            pass

    def refresh(self) -> bool:
        """Read the file again if it changed since this store last read or wrote it (one
        ``stat`` when it did not; when another instance appended, only its entries are
        parsed). True when the bookmarks may have changed. Unreadable: as ``load``."""
        entries, error = self._entries, self.error
        try:
            self._refresh()
        except BookmarksUnreadable:
            pass
        if self.error != error:
            return True
        return self._entries is not entries and bool(self._entries or entries)

    def _refresh(self, force: bool = False) -> None:
        """Make ``_entries`` what the file holds now (parsing only when it changed)."""
        key = _stat_key(self.path)
        if not force and self._loaded and key == self._key and self.error is None:
            return
        self._loaded = True
        try:
            # a regular file only, at most cap("bookmarks") bytes: a FIFO or /dev/zero is refused
            data = read_regular(self.path, "bookmarks", missing_ok=True)
            if data is None:
                reading = _Reading(None, 0, _HEADER_BYTES, [], [])
            else:
                # load() reads anew: bookmarks held (maybe changed and not saved) are not reused
                grown = None if force else self._read_grown(data)
                if grown is not None:
                    reading = grown
                else:
                    with bulk():
                        reading = self._read_cached(data) or self._read_all(data)
        except BookmarksUnreadable as exc:
            self._fail_state(exc.message)
            raise
        except NotRead as exc:
            err = BookmarksUnreadable(f"{self.path.name}: cannot read it ({exc.reason}); not changing it")
            self._fail_state(err.message)
            raise err from None
        self.error, self.read_only = None, False
        self._set(reading, key, None)
        self._keep_cache()

    def _fail_state(self, message: str) -> None:
        self.error, self.read_only = message, True
        self._entries, self._key, self._ids = [], None, None
        self._reading = _Reading(None, 0, _HEADER_BYTES, [], [])

    def _set(self, reading: _Reading, key, ids: dict[str, int] | None) -> None:
        self._reading, self._entries, self._key = reading, reading.entries, key
        self.warnings = list(reading.warnings)
        self._ids = ids

    def _read_grown(self, data: bytes) -> _Reading | None:
        """The file is what this store holds plus entries appended: parse only those."""
        old = self._reading
        if self.error is not None or old.data is None or not data.startswith(old.data):
            return None
        return self._extend(data, old, len(old.data))

    def _read_cached(self, data: bytes) -> _Reading | None:
        """The parse cache covers a prefix of the file: parse only what follows it."""
        got = read_cache(self.path, data)
        if got is None:
            return None
        size, lead, entries, warnings = got
        header = data[3:lead] if data.startswith(codecs.BOM_UTF8) else data[:lead]
        base = _Reading(data[:size], lead, header, entries, warnings, cached=(lead, entries))
        return self._extend(data, base, size)

    def _extend(self, data: bytes, base: _Reading, size: int) -> _Reading | None:
        """``base`` (the reading of ``data[:size]``) followed by the entries of the rest of
        ``data``, parsed on their own; None when the rest is not entries that stand alone
        (then the whole file is parsed)."""
        if size == len(data):
            return _Reading(data, base.lead, base.header, base.entries, base.warnings, base.cached)
        if size <= base.lead or data[size - 1:size] != b"\n":
            return None
        ids = {e.bookmark.id for e in base.entries if e.bookmark is not None}
        try:
            text = data[size:].decode("utf-8")
            head, entries, warnings = self._parse(text, line0=data.count(b"\n", 0, size), ids=ids)
        except (UnicodeDecodeError, BookmarksUnreadable):
            return None
        if head != "" or not entries or any(e.chunk is None for e in entries):
            return None
        if size + sum(len(e.chunk) for e in entries) != len(data):
            return None  # the last line had no line break
        return _Reading(data, base.lead, base.header, base.entries + entries, base.warnings + warnings,
                        base.cached)

    def _read_all(self, data: bytes) -> _Reading:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise self._fail(data.count(b"\n", 0, exc.start) + 1, "not UTF-8 text") from None
        head, entries, warnings = self._parse(text)
        bom = 3 if data.startswith(codecs.BOM_UTF8) else 0
        if head is None:  # entries not laid out one per "- " line: all are written anew
            return _Reading(None, 0, _HEADER_BYTES, entries, warnings)
        header = head.encode("utf-8")
        lead = bom + len(header)
        exact = lead + sum(len(e.chunk) for e in entries) == len(data)
        return _Reading(data if exact else None, lead, header, entries, warnings)

    def _keep_cache(self) -> None:
        """Rewrite the parse cache unless it still covers a prefix of the file followed by at
        most ``TAIL_MAX`` entries. Only for the file as it still is (a slow parse may have
        raced a save of another instance)."""
        r = self._reading
        if r.data is None or not r.entries:
            return
        if r.cached is not None:
            lead, cached = r.cached
            if (lead == r.lead and len(cached) <= len(r.entries) <= len(cached) + TAIL_MAX
                    and all(a is b for a, b in zip(cached, r.entries))):
                return
        if _stat_key(self.path) != self._key:
            return
        if write_cache(self.path, r.data, r.lead, r.entries, r.warnings):
            r.cached = (r.lead, list(r.entries))

    def _fail(self, line: int | None, what: str) -> BookmarksUnreadable:
        return unreadable(self.path.name, line, what)

    def _parse(self, text: str, *, line0: int = 0,
               ids: set[str] | None = None) -> tuple[str | None, list[Entry], list[str]]:
        return parse_entries(text, self.path.name, line0=line0, ids=ids)

    def _ensure(self) -> None:
        if not self._loaded:
            self.load()

    def _id_index(self) -> dict[str, int]:
        if self._ids is None:
            self._ids = {e.bookmark.id: i for i, e in enumerate(self._entries) if e.bookmark is not None}
        return self._ids

    @property
    def bookmarks(self) -> list[Bookmark]:
        self._ensure()
        return [e.bookmark for e in self._entries if e.bookmark is not None]

    def get(self, bookmark_id: str) -> Bookmark | None:
        self._ensure()
        entries = self._entries
        i = self._id_index().get(bookmark_id, -1)
        return entries[i].bookmark if 0 <= i < len(entries) else None

    def for_article(self, article_id: str) -> list[Bookmark]:
        return sorted((b for b in self.bookmarks if b.article == article_id),
                      key=lambda b: (b.anchor.start, b.anchor.end))

    def same_passage(self, article_id: str, anchor: Anchor) -> Bookmark | None:
        """The bookmark already on this passage (same article, same text at the same place, or
        the same text when the place is unknown), so a second `b` edits it instead of adding a
        twin."""
        for b in self.for_article(article_id):
            if b.anchor.exact != anchor.exact:
                continue
            if anchor.start < 0 or b.anchor.start < 0 or b.anchor.start == anchor.start:
                return b
        return None

    # -- writing --------------------------------------------------------------------------------

    def _write(self, change) -> Any:
        """Lock, re-read, ``change(edit)`` (returns a value), write, unlock. What is written is
        read back from the temp file before it replaces the old one (``_check``): if it would
        not read back as these entries, nothing is replaced and ``BookmarksNotSaved`` says why."""
        self._ensure()
        try:
            with locked(self.path):
                self._refresh()  # raises BookmarksUnreadable: nothing is written
                edit = _Edit(list(self._entries), dict(self._id_index()))
                result = change(edit)
                entries = edit.entries
                old = self._reading.header
                header = old if old.lstrip().startswith(b"#") else _HEADER_BYTES + old
                parts, fresh = [header], []
                at = len(header)
                for e in entries:
                    chunk = e.chunk
                    if chunk is None:
                        value, chunk = self._dump(e)
                        fresh.append((at, e, value, chunk))
                    parts.append(chunk)
                    at += len(chunk)
                body = b"".join(parts)
                if len(body) > cap("bookmarks"):  # the next read would refuse it
                    raise BookmarksNotSaved(f"{self.path.name} would be {len(body) // MB} MB, more than "
                                            "reader reads of it; set READER_MAX_BOOKMARKS_MB to raise the limit")
                atomic_write_bytes(self.path, body, verify=lambda tmp: self._check(tmp, body, fresh))
                for _, e, _, chunk in fresh:
                    e.chunk = chunk  # only now: these bytes are in the file
                cached = self._reading.cached
                self._set(_Reading(body, len(header), header, entries, self._reading.warnings, cached),
                          _stat_key(self.path), edit.ids)
                self._keep_cache()
                return result
        except FileBusy as exc:
            raise BookmarksBusy(str(exc)) from None

    def _dump(self, entry: Entry) -> tuple[Any, bytes]:
        value = entry.bookmark.to_mapping() if entry.bookmark is not None else entry.raw
        try:
            return value, dump_entry(value).encode("utf-8")
        except (yaml.YAMLError, RecursionError, UnicodeError, TypeError, ValueError) as exc:
            raise BookmarksNotSaved(f"{self.path.name}: {_who(entry, value)} cannot be written as YAML "
                                    f"({type(exc).__name__}); not saved, the file is unchanged") from None

    def _check(self, tmp: Path, body: bytes, fresh: list[tuple[int, Entry, Any, bytes]]) -> None:
        """The temp file holds ``body``, and every entry dumped for it reads back as what was
        dumped (the other entries' bytes are as read, and each entry's text stands alone)."""
        try:
            data = read_regular(tmp, "bookmarks", limit=len(body))
        except NotRead as exc:
            raise BookmarksNotSaved(f"{self.path.name}: the new file cannot be read back ({exc.reason}); "
                                    "not saved, the file is unchanged") from None
        if data != body:
            raise BookmarksNotSaved(f"{self.path.name}: the new file does not read back as written; "
                                    "not saved, the file is unchanged")
        for at, entry, value, chunk in fresh:
            text = data[at:at + len(chunk)].decode("utf-8")
            try:
                # an item of the block sequence, on lines of its own: it stands alone in the file
                back = read_back(text) if text.startswith(("- ", "-\n")) and text.endswith("\n") else _UNREAD
            except yaml.YAMLError:
                back = _UNREAD
            ok = same(back, value)
            if ok and entry.bookmark is not None:
                again, _ = to_bookmark(back)
                ok = again is not None and same(again.to_mapping(), value)
            if not ok:
                raise BookmarksNotSaved(f"{self.path.name}: {_who(entry, value)} would not read back as "
                                        "it is after saving; not saved, the file is unchanged")

    def add(self, bookmark: Bookmark) -> Bookmark:
        """Append ``bookmark`` (or replace the same one, re-added after a delete's undo). An id
        already taken by a different bookmark gets a fresh one: nothing is overwritten."""

        def change(edit: _Edit) -> Bookmark:
            i = edit.find(bookmark.id)
            if i >= 0:
                old = edit.entries[i].bookmark
                if (old.article, old.created, old.exact) == (bookmark.article, bookmark.created, bookmark.exact):
                    edit.replace(i, Entry(bookmark))
                    return bookmark
                while edit.find(bookmark.id) >= 0:
                    bookmark.id = new_id()
            edit.append(Entry(bookmark))
            return bookmark

        return self._write(change)

    def update(self, bookmark: Bookmark) -> None:
        bookmark.updated = now_iso()
        self.update_many([bookmark])

    def update_many(self, bookmarks: Iterable[Bookmark], *, add_missing: bool = True) -> None:
        """Replace each bookmark by id, in place (one write). One that another process deleted
        meanwhile is added back (an edit is not lost), unless ``add_missing`` is false (a
        re-anchoring must not bring back what was deleted)."""
        items = list(bookmarks)
        if not items:
            return

        def change(edit: _Edit) -> None:
            for b in items:
                i = edit.find(b.id)
                if i >= 0:
                    edit.replace(i, Entry(b))
                elif add_missing:
                    edit.append(Entry(b))

        self._write(change)

    def delete(self, bookmark_id: str) -> Bookmark:
        """Remove one bookmark by id and return it (``add`` it back to undo)."""

        def change(edit: _Edit) -> Bookmark:
            i = edit.find(bookmark_id)
            if i < 0:
                raise BookmarkNotFound(f"no bookmark with id {bookmark_id} in {self.path.name}")
            return edit.pop(i).bookmark

        return self._write(change)


class _Edit:
    """The entries being changed by one write, with their id index kept in step."""

    def __init__(self, entries: list[Entry], ids: dict[str, int]) -> None:
        self.entries = entries
        self.ids: dict[str, int] | None = ids

    def find(self, bookmark_id: str) -> int:
        if self.ids is None:
            self.ids = {e.bookmark.id: i for i, e in enumerate(self.entries) if e.bookmark is not None}
        return self.ids.get(bookmark_id, -1)

    def append(self, entry: Entry) -> None:
        self.entries.append(entry)
        if self.ids is not None and entry.bookmark is not None:
            self.ids[entry.bookmark.id] = len(self.entries) - 1

    def replace(self, i: int, entry: Entry) -> None:
        self.entries[i] = entry  # same id

    def pop(self, i: int) -> Entry:
        self.ids = None  # later indexes moved: built again when needed
        return self.entries.pop(i)


def copy_bookmark(b: Bookmark, **changes: Any) -> Bookmark:
    """A copy with ``changes`` (lists and dicts copied too, so editing it leaves ``b`` alone)."""
    return replace(b, tags=list(b.tags), extra=dict(b.extra), **changes)
