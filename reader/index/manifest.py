"""The manifest: what the index holds, file by file.

``LIBRARY/index/manifest.json``::

    {"version": 1, "schema": 1, "cleaner": "1", "rules": "<fingerprint>",
     "files": {"lwn/a.md": [size, mtime_ns, sha256, cleaner_version, article_id], ...}}

Paths are relative to content/ (POSIX). The check is stat-first: a file whose size and mtime
are those recorded is unchanged without being read; when either moved the file is hashed, and
only a different hash means "changed" (a touched file just gets its new stat recorded).
The manifest is written atomically and only after the Whoosh commit it describes: after a crash
it may lag the index (never lead it), and the builder makes re-indexing a file idempotent.
"""

from __future__ import annotations

import errno
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.index.files import atomic_write_json, read_json

MANIFEST_VERSION = 1


@dataclass
class FileState:
    size: int
    mtime_ns: int
    sha256: str
    cleaner: str
    article_id: str

    def to_list(self) -> list[Any]:
        return [self.size, self.mtime_ns, self.sha256, self.cleaner, self.article_id]

    @classmethod
    def from_list(cls, data: list[Any]) -> "FileState":
        size, mtime_ns, sha, cleaner, aid = data
        return cls(int(size), int(mtime_ns), str(sha), str(cleaner), str(aid))


@dataclass
class Manifest:
    schema: int
    cleaner: str
    rules: str
    files: dict[str, FileState] = field(default_factory=dict)
    # Files that could not be indexed: rel → [size, mtime_ns, ctime_ns, reason]. Not retried
    # until their stat moves (chmod moves ctime) or a rebuild; still listed in every report.
    failed: dict[str, list[Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": MANIFEST_VERSION,
            "schema": self.schema,
            "cleaner": self.cleaner,
            "rules": self.rules,
            "files": {k: v.to_list() for k, v in sorted(self.files.items())},
            "failed": dict(sorted(self.failed.items())),
        }


def manifest_path(index_dir: Path) -> Path:
    return Path(index_dir) / "manifest.json"


def load_manifest(index_dir: Path) -> Manifest | None:
    """The manifest, or None when it is missing, unreadable or of another format."""
    data = read_json(manifest_path(index_dir))
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return None
    try:
        files = {str(k): FileState.from_list(v) for k, v in data["files"].items()}
        failed = {
            str(k): [int(v[0]), int(v[1]), int(v[2]), str(v[3])] for k, v in (data.get("failed") or {}).items()
        }
        return Manifest(int(data["schema"]), str(data["cleaner"]), str(data.get("rules", "")), files, failed)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def save_manifest(index_dir: Path, manifest: Manifest) -> None:
    atomic_write_json(manifest_path(index_dir), manifest.to_json())


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def rules_fingerprint(folders: list[Path]) -> str:
    """A hash of the site rule files (shipped and the library's own): edit one → re-clean all."""
    h = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            try:
                h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
            except OSError:
                continue
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
    stats: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # rel → (size, mtime_ns, ctime_ns)
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


def scan(content: Path, manifest: Manifest | None, files: list[tuple[str, Path]]) -> Scan:
    """Compare ``files`` ((rel, path) under ``content``) with ``manifest``; hash only what moved."""
    out = Scan()
    known = manifest.files if manifest else {}
    failed = manifest.failed if manifest else {}
    seen: set[str] = set()
    for rel, path in files:
        seen.add(rel)
        try:
            st = os.stat(path)
        except FileNotFoundError:  # vanished mid-scan, or a dangling symlink: gone
            seen.discard(rel)
            continue
        except OSError as exc:
            out.unreadable[rel] = f"{rel}: {why(exc)}"
            continue
        out.stats[rel] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        stat = (st.st_size, st.st_mtime_ns)
        old = known.get(rel)
        if old is not None and (old.size, old.mtime_ns) == stat:
            out.unchanged += 1
            continue
        was = failed.get(rel)
        if was is not None and tuple(was[:3]) == out.stats[rel]:
            out.failed_before[rel] = was[3]  # failed before and not touched since: no retry
            continue
        try:
            digest = sha256_file(path)
        except OSError as exc:
            out.unreadable[rel] = f"{rel}: {why(exc)}"
            continue
        out.hashes[rel] = digest
        if old is None:
            out.new[rel] = Path(path)
        elif old.sha256 == digest:
            out.touched[rel] = stat
        else:
            out.changed[rel] = Path(path)
    out.deleted = sorted(set(known) - seen)
    return out
