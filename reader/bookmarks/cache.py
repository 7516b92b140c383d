"""The entries of bookmarks.yaml as the store holds them, and their JSON-lines cache.

PyYAML takes seconds to parse 10,000 entries even with libyaml, so what a parse produced is
kept in ``$XDG_CACHE_HOME/reader/bookmarks/NAME.jsonl``: a first line with the SHA-1 and size
of the bytes it copies, then one JSON line per entry (its length in the file and its values).

The cache copies a *prefix* of the file: a store appends entries without rewriting it, and a
new process reads the cached entries of the first ``size`` bytes (when their SHA-1 matches)
and parses only the entries added after them. It is only a copy: anything unexpected, and it
is ignored (the whole file is parsed).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.bookmarks.model import Bookmark
from reader.content.anchor import Anchor
from reader.errors import UnreadableFile
from reader.safe_read import read_regular


@dataclass(eq=False)
class Entry:
    bookmark: Bookmark | None  # None: kept as it is (``raw``)
    raw: Any = None
    chunk: bytes | None = None  # its bytes as in the file (UTF-8); None → dump it on the next write
    js: str | None = None  # its cache line (JSON), once made


# 3: entries with a value of the wrong type are no longer converted (kept as they are), and
# bookmarks are rows, not mappings
CACHE_VERSION = 3
_encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for 100k lines


@contextmanager
def bulk() -> Iterator[None]:
    """No cyclic garbage collection while tens of thousands of (acyclic) entries are built:
    the collector's passes over them cost a third of a load of 10,000 bookmarks."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cache_path(path: Path) -> Path:
    import platformdirs

    name = hashlib.sha1(str(Path(path).absolute()).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return platformdirs.user_cache_path("reader", appauthor=False) / "bookmarks" / f"{name}.jsonl"


def _cache_line(entry: Entry) -> str | None:
    """The entry's cache line, or None when it has no text of its own yet or its values do not
    survive JSON unchanged. A bookmark is a row ``[length, id, article, title, exact, prefix,
    suffix, start, end, note, tags, created, updated, status, extra]`` (read back without a
    mapping: 100k of them load in a fraction of a second), anything else ``[length, value]``."""
    if entry.js is None:
        if entry.chunk is None:
            return None
        b = entry.bookmark
        if b is not None:
            a = b.anchor
            value: Any = [len(entry.chunk), b.id, b.article, b.title, a.exact, a.prefix, a.suffix, a.start,
                          a.end, b.note, b.tags, b.created, b.updated, b.status, b.extra]
            check = b.extra
        else:
            value = [len(entry.chunk), entry.raw]
            check = entry.raw
        try:
            line = _encode(value)
        except (TypeError, ValueError):
            return None
        if check and json.loads(line)[-1] != check:
            return None  # a date, a set, an int key…: the cache would change it
        entry.js = line
    return entry.js


_STR = {str}


def _bookmark(row: list) -> Bookmark:
    """A bookmark from its cache row; ``ValueError`` for a row that is not one (a cache edited
    or damaged: then it is not used)."""
    n, bid, article, title, exact, prefix, suffix, start, end, note, tags, created, updated, status, extra = row
    if not (set(map(type, (bid, article, title, exact, prefix, suffix, note, created, updated, status))) == _STR
            and type(start) is int and type(end) is int and type(tags) is list and type(extra) is dict
            and set(map(type, tags)) <= _STR and bid and article):
        raise ValueError("not a bookmark row")
    return Bookmark(bid, article, Anchor(exact, prefix, suffix, start, end), note, tags, created, updated,
                    status, title, extra)


def write_cache(path: Path, data: bytes, lead: int, entries: list[Entry], warnings: list[str]) -> bool:
    """Record ``entries`` as the reading of ``data`` (the file's bytes: ``lead`` bytes of header,
    then each entry's chunk). Each entry's text is not copied: its length is, and it is cut
    from the file when read. False when these entries cannot be cached (no cache is left)."""
    target = cache_path(path)
    lines = [e.js if e.js is not None else _cache_line(e) for e in entries]
    try:
        if None in lines:
            target.unlink(missing_ok=True)
            return False
        meta = json.dumps({"v": CACHE_VERSION, "sha1": hashlib.sha1(data).hexdigest(), "size": len(data),
                           "header": lead, "warnings": warnings}, ensure_ascii=False)
        blob = "\n".join([meta, *lines]).encode("utf-8", "surrogatepass")
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(tmp, target)  # a cache: no fsync; a torn one is ignored
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, UnicodeError):
        return False
    return True


def read_cache(path: Path, data: bytes) -> tuple[int, int, list[Entry], list[str]] | None:
    """The cached reading of a prefix of ``data`` (the file's bytes): ``(size, lead, entries,
    warnings)`` — the first ``size`` bytes are ``lead`` bytes of header and then these entries.
    None when there is no cache for a prefix of these bytes."""
    try:
        blob = read_regular(cache_path(path), "bookmarks")  # a FIFO there must not hang a load
        lines = blob.decode("utf-8", "surrogatepass").split("\n")
        meta = json.loads(lines[0])
        size = int(meta["size"])
        if meta.get("v") != CACHE_VERSION or not 0 < size <= len(data):
            return None
        if hashlib.sha1(memoryview(data)[:size]).hexdigest() != meta.get("sha1"):
            return None
        items = json.loads("[" + ",".join(lines[1:]) + "]") if len(lines) > 1 else []
        lead = pos = int(meta["header"])
        entries = []
        for line, item in zip(lines[1:], items):
            n = item[0]
            if type(n) is not int or n <= 0:
                return None
            chunk = data[pos:pos + n]
            pos += n
            if len(item) == 15:
                entries.append(Entry(_bookmark(item), None, chunk, line))
            elif len(item) == 2:
                entries.append(Entry(None, item[1], chunk, line))
            else:
                return None
        if pos != size or len(items) != len(lines) - 1:
            return None
        return size, lead, entries, [str(w) for w in meta.get("warnings", [])]
    except (OSError, UnreadableFile, ValueError, KeyError, TypeError, IndexError, UnicodeError, AttributeError):
        return None
