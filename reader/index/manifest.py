"""The manifest: what the index holds, file by file.

``LIBRARY/index/manifest.json``::

    {"version": 1, "schema": 1, "cleaner": "1", "rules": "<fingerprint>",
     "files": {"lwn/a.md": [size, mtime_ns, sha256, cleaner_version, article_id], ...}}

Paths are relative to content/ (POSIX). The check is stat-first: a file whose size and mtime
are those recorded is unchanged without being read; when either moved the file is hashed, and
only a different hash means "changed" (a touched file just gets its new stat recorded).
The manifest is written only after the Whoosh commit it describes: after a crash it may lag
the index (never lead it), and the builder makes re-indexing a file idempotent. An incremental
run appends what changed to ``manifest.journal`` (see ``reader.index.files``) and ``load_manifest``
applies it; a rebuild, or a journal past its bound, rewrites ``manifest.json`` atomically.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from reader.errors import UnreadableFile
from reader.index.files import (
    append_journal,
    atomic_write_json,
    gc_paused,
    journal_full,
    journal_records,
    new_token,
    read_journal_and_base,
    remove_journal,
    stamp,
)
from reader.safe_read import NotRead, read_regular, sha256_regular

MANIFEST_VERSION = 1


class FileState(NamedTuple):
    """Immutable, so a save can tell what changed by identity (see ``Manifest.delta``)."""

    size: int
    mtime_ns: int
    sha256: str
    cleaner: str
    article_id: str

    def to_list(self) -> list[Any]:
        return list(self)

    @classmethod
    def from_list(cls, data: list[Any]) -> "FileState":
        size, mtime_ns, sha, cleaner, aid = data
        return cls(int(size), int(mtime_ns), str(sha), str(cleaner), str(aid))


# A FileState from a JSON list without a Python call per entry: 100k of them load in ~30 ms
# instead of ~150 ms. It checks nothing: the loader checks the lengths first.
_make_state = functools.partial(tuple.__new__, FileState)


@dataclass
class Manifest:
    schema: int
    cleaner: str
    rules: str
    files: dict[str, FileState] = field(default_factory=dict)
    # Files that could not be indexed: rel → [size, mtime_ns, ctime_ns, reason]. Not retried
    # until their stat moves (chmod moves ctime) or a rebuild; still listed in every report.
    failed: dict[str, list[Any]] = field(default_factory=dict)
    # What is on disk: the base's token (None: no base of ours yet → the next save writes one),
    # entries in its journal, the files' stamps when read, and the entries as read or saved.
    token: str | None = field(default=None, compare=False, repr=False)
    journal_entries: int = field(default=0, compare=False, repr=False)
    stamp: Any = field(default=None, compare=False, repr=False)
    saved: tuple[dict, dict] = field(default_factory=lambda: ({}, {}), compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": MANIFEST_VERSION,
            "schema": self.schema,
            "cleaner": self.cleaner,
            "rules": self.rules,
            "journal": self.token,
            "files": {k: list(v) for k, v in sorted(self.files.items())},
            "failed": dict(sorted(self.failed.items())),
        }

    def delta(self) -> dict[str, dict[str, Any]]:
        """What changed since read or saved: {"files": {rel: entry | None}, "failed": {…}}."""
        out: dict[str, dict[str, Any]] = {}
        for name, now, then in (("files", self.files, self.saved[0]), ("failed", self.failed, self.saved[1])):
            d = {k: (list(v) if isinstance(v, tuple) else v) for k, v in now.items() if then.get(k) is not v}
            d.update((k, None) for k in then.keys() - now.keys())
            out[name] = d
        return out

    def _mark_saved(self) -> None:
        self.saved = (dict(self.files), dict(self.failed))


def manifest_path(index_dir: Path) -> Path:
    return Path(index_dir) / "manifest.json"


def journal_path(index_dir: Path) -> Path:
    return Path(index_dir) / "manifest.journal"


def manifest_stamp(index_dir: Path) -> tuple:
    """Changes whenever the manifest (base or journal) does: a manifest read with this stamp can
    be reused while the stamp is the same."""
    return (stamp(manifest_path(index_dir)), stamp(journal_path(index_dir)))


def load_manifest(index_dir: Path) -> Manifest | None:
    """The manifest (its base plus its journal), or None when it is missing, unreadable or of
    another format."""
    with gc_paused():
        return _load(index_dir)


def _load(index_dir: Path) -> Manifest | None:
    key = manifest_stamp(index_dir)
    journal, data = read_journal_and_base(journal_path(index_dir), manifest_path(index_dir))
    if data is None:
        return None
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return None
    try:
        raw = data["files"]
        if raw and set(map(len, raw.values())) != {len(FileState._fields)}:
            return None
        files = dict(zip(raw.keys(), map(_make_state, raw.values())))
        failed = {
            str(k): [int(v[0]), int(v[1]), int(v[2]), str(v[3])] for k, v in (data.get("failed") or {}).items()
        }
        token = data.get("journal")
        token = token if isinstance(token, str) else None
        m = Manifest(int(data["schema"]), str(data["cleaner"]), str(data.get("rules", "")), files, failed, token)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None
    for rec in journal_records(journal, token):
        try:
            _apply(m, rec)
        except (TypeError, ValueError, AttributeError, IndexError):
            continue  # not ours after all: what it held lags, as with a torn line
    m.stamp = key
    m._mark_saved()
    return m


def _apply(m: Manifest, rec: dict) -> None:
    files, failed = m.files, m.failed
    for k, v in (rec.get("files") or {}).items():
        if v is None:
            files.pop(k, None)
        else:
            files[k] = FileState.from_list(v)
    for k, v in (rec.get("failed") or {}).items():
        if v is None:
            failed.pop(k, None)
        else:
            failed[k] = [int(v[0]), int(v[1]), int(v[2]), str(v[3])]
    m.journal_entries += len(rec.get("files") or ()) + len(rec.get("failed") or ())


def save_manifest(index_dir: Path, manifest: Manifest, *, compact: bool = False) -> None:
    """Record the manifest: what changed since it was read or saved is appended to the journal;
    the base is rewritten (and the journal removed) when there is no base of ours yet, when
    ``compact``, or when the journal would grow past its bound."""
    m = manifest
    delta = m.delta()
    n = len(delta["files"]) + len(delta["failed"])
    if m.token is not None and not compact and not journal_full(m.journal_entries + n, len(m.files)):
        if n:
            append_journal(journal_path(index_dir), m.token, delta)
            m.journal_entries += n
    else:
        data = m.to_json()
        data["journal"] = token = new_token()
        atomic_write_json(manifest_path(index_dir), data)
        m.token = token  # only now: a failed write leaves the old base, and appends stay its own
        remove_journal(journal_path(index_dir))
        m.journal_entries = 0
    m._mark_saved()
    m.stamp = manifest_stamp(index_dir)


def sha256_file(path: Path) -> str:
    """The hash of what the cleaner would read of ``path`` (``reader.safe_read``: a regular
    file, its first ``cap("page")`` bytes); ``UnreadableFile`` for a FIFO, a device…"""
    return sha256_regular(path, "page")


def rules_fingerprint(folders: list[Path]) -> str:
    """A hash of the site rule files (shipped and the library's own): edit one → re-clean all.
    One that cannot be read (a FIFO, too big) counts by its name and reason."""
    h = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            try:
                data = read_regular(path, "yaml")
            except UnreadableFile as exc:
                data = exc.message.encode("utf-8", "surrogateescape")
            h.update(path.name.encode("utf-8", "surrogateescape") + b"\0" + (data or b"") + b"\0")
    return h.hexdigest()[:16]


@dataclass
class Scan:
    """What changed under content/ since the manifest."""

    new: dict[str, Path] = field(default_factory=dict)  # rel → path
    changed: dict[str, Path] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    failed_before: dict[str, str] = field(default_factory=dict)  # rel → reason, stat unchanged since
    touched: dict[str, tuple[int, int]] = field(default_factory=dict)  # same hash, new stat
    unchanged: int = 0
    unreadable: dict[str, str] = field(default_factory=dict)  # rel → reason (cannot even stat/hash)
    stats: dict[str, os.stat_result] = field(default_factory=dict)  # rel → stat of each file found
    hashes: dict[str, str] = field(default_factory=dict)

    @property
    def work(self) -> dict[str, Path]:
        return {**self.new, **self.changed}

    def nothing_to_do(self) -> bool:
        return not (self.new or self.changed or self.deleted or self.touched)


def why(exc: OSError) -> str:
    """A one-line reason, worded like the cleaner's (``permission denied``)."""
    words = {errno.EACCES: "permission denied", errno.EPERM: "permission denied",
             errno.ELOOP: "symbolic link loop", errno.EISDIR: "is a directory"}
    text = words.get(exc.errno or 0) or exc.strerror or type(exc).__name__
    return text[:1].lower() + text[1:]


def scan(content: Path, manifest: Manifest | None, files) -> Scan:
    """Compare ``files`` with ``manifest``; hash only what moved. ``files``: (rel, path) under
    ``content``, or (rel, path, stat) with the ``os.stat`` result (or the OSError) of a walk that
    already took it."""
    out = Scan()
    known = manifest.files if manifest else {}
    failed = manifest.failed if manifest else {}
    stats = out.stats
    matched = 0  # files the manifest knows: when all of them are found, none was deleted
    gone: set[str] = set()
    for item in files:
        rel, path = item[0], item[1]
        st = item[2] if len(item) > 2 else None
        if st is None:
            try:
                st = os.stat(path)
            except OSError as exc:
                st = exc
        old = known.get(rel)
        if isinstance(st, OSError):
            if isinstance(st, FileNotFoundError):  # vanished mid-scan, or a dangling symlink: gone
                gone.add(rel)
                continue
            out.unreadable[rel] = f"{rel}: {why(st)}"
            if old is not None:
                matched += 1
            continue
        stats[rel] = st
        if old is not None:
            matched += 1
            if old[0] == st.st_size and old[1] == st.st_mtime_ns:
                out.unchanged += 1
                continue
        was = failed.get(rel)
        if was is not None and tuple(was[:3]) == stat3(st):
            out.failed_before[rel] = was[3]  # failed before and not touched since: no retry
            continue
        try:
            digest = sha256_file(path)
        except NotRead as exc:  # a FIFO, a device, gone, denied…: one line, never a hang
            out.unreadable[rel] = f"{rel}: {exc.reason}"
            continue
        out.hashes[rel] = digest
        if old is None:
            out.new[rel] = Path(path)
        elif old.sha256 == digest:
            out.touched[rel] = (st.st_size, st.st_mtime_ns)
        else:
            out.changed[rel] = Path(path)
    if matched < len(known):
        found = {item[0] for item in files} - gone
        out.deleted = sorted(known.keys() - found)
    return out


def stat3(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns)
