"""Reading a library file: regular files only, never blocking, never more than a cap.

Every open of a file that comes from the library (raw pages under content/, bookmarks.yaml,
state.yaml, reader.yaml, rules/*.yaml, the index's manifest, catalogue and journals) goes
through here. A FIFO would block ``open()`` for ever (no writer), ``/dev/zero`` or
``/dev/urandom`` behind a ``page.txt`` symlink would never end, and a socket or a device is not
a document, so all of them are refused with a one-line ``UnreadableFile`` before a byte is
read: the file is opened ``O_NONBLOCK`` (a FIFO then opens at once) and ``fstat``-ed.

A regular file is read up to a cap that depends on what it is (``cap(kind)``):

- ``page``: a raw page is cut, not refused: the cleaner keeps at most
  ``reader.content.clean.MAX_CHARS`` characters, which no more than 4 bytes each can hold;
- ``yaml`` (reader.yaml, a rule file, a page's front matter), ``state`` (state.yaml),
  ``bookmarks`` (bookmarks.yaml), ``index`` (the index's JSON files): a bigger file is refused
  with its size and the cap in the message, before it is parsed (PyYAML needs seconds and
  ~50 bytes of memory per byte of a big file).

The YAML caps can be raised with ``READER_MAX_YAML_MB``, ``READER_MAX_STATE_MB``,
``READER_MAX_BOOKMARKS_MB`` and ``READER_MAX_INDEX_MB`` (whole megabytes).
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from reader.errors import UnreadableFile

MB = 1_000_000
# kind → (default cap in bytes, environment variable that overrides it in MB)
CAPS: dict[str, tuple[int, str | None]] = {
    "page": (32 * MB, None),  # 4 bytes × the cleaner's 8M-character cut (see ``page_cap``)
    "yaml": (2 * MB, "READER_MAX_YAML_MB"),  # reader.yaml, rules, front matter: hand-written
    "state": (16 * MB, "READER_MAX_STATE_MB"),  # read marks of 100k articles take ~5 MB
    "bookmarks": (256 * MB, "READER_MAX_BOOKMARKS_MB"),  # 100k bookmarks take ~50 MB
    "index": (2000 * MB, "READER_MAX_INDEX_MB"),  # our own JSON: manifest, catalogue, journals
}
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)


class NotRead(UnreadableFile):
    """``UnreadableFile`` with its parts: ``path`` and a one-line ``reason``."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = Path(path), reason


class FileTooBig(NotRead):
    """A regular file larger than its kind's cap: refused before it is parsed."""


def cap(kind: str) -> int:
    """The most bytes read of a file of this kind (``CAPS``, or its environment variable)."""
    default, var = CAPS[kind]
    if var:
        value = os.environ.get(var, "").strip()
        if value:
            try:
                return max(1, int(float(value) * MB))
            except ValueError:
                pass  # a typo in the variable must not make every file unreadable
    return default


def _not_regular(mode: int) -> str:
    for test, what in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return f"not a regular file ({what})"
    return "not a regular file"


def _reason(path: Path, exc: OSError) -> NotRead:
    if isinstance(exc, FileNotFoundError):
        return NotRead(path, "no such file (it may have been removed)")
    if isinstance(exc, PermissionError):
        return NotRead(path, "permission denied")
    if isinstance(exc, IsADirectoryError) or exc.errno == errno.EISDIR:
        return NotRead(path, "is a directory")
    if exc.errno == errno.ELOOP:
        return NotRead(path, "symbolic link loop")
    if exc.errno == errno.ENXIO:  # opening a Unix socket (or a device with nothing behind it)
        try:
            return NotRead(path, _not_regular(os.stat(path).st_mode))
        except OSError:
            pass
    return NotRead(path, f"{exc.strerror or exc}")


def open_regular(path: str | os.PathLike[str]) -> tuple[int, os.stat_result]:
    """An open descriptor of ``path`` (the caller closes it) and its ``fstat``, when it is a
    regular file; ``UnreadableFile`` with a one-line reason otherwise. Never blocks: a FIFO
    opens at once under ``O_NONBLOCK`` and is refused by its mode."""
    p = Path(path)
    try:
        fd = os.open(p, _FLAGS)
    except OSError as exc:
        raise _reason(p, exc) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise NotRead(p, "is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise NotRead(p, _not_regular(st.st_mode))
        return fd, st
    except BaseException as exc:
        os.close(fd)
        if isinstance(exc, OSError):
            raise _reason(p, exc) from None
        raise


def _size_text(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n:,} bytes"


def read_regular(path: str | os.PathLike[str], kind: str, *, limit: int | None = None,
                 cut: bool = False, missing_ok: bool = False) -> bytes | None:
    """The bytes of the regular file ``path`` (see ``open_regular``), at most ``limit`` (default:
    ``cap(kind)``). A bigger file is ``FileTooBig`` — or, with ``cut``, its first ``limit``
    bytes. With ``missing_ok`` a file that does not exist is None (not an error)."""
    p = Path(path)
    limit = cap(kind) if limit is None else limit
    try:
        fd, st = open_regular(p)
    except UnreadableFile:
        if missing_ok and not os.path.lexists(p):
            return None
        raise
    try:
        if st.st_size > limit and not cut:
            raise FileTooBig(p, _too_big(st.st_size, limit, kind))
        chunks: list[bytes] = []
        got = 0
        # Read to the cap and one byte more: a file that grows while read, or one whose size
        # the kernel does not report (/proc), is still bounded.
        while got <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise _reason(p, exc) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        if not cut:
            raise FileTooBig(p, _too_big(len(data), limit, kind))
        data = data[:limit]
    return data


def _too_big(size: int, limit: int, kind: str) -> str:
    var = CAPS[kind][1]
    how = f"; set {var} to raise it" if var else ""
    return f"{_size_text(size)}, more than the {_size_text(limit)} reader reads of such a file{how}"


def read_text(path: str | os.PathLike[str], kind: str, *, missing_ok: bool = False) -> str | None:
    """``read_regular`` decoded as UTF-8 (a BOM dropped); ``UnreadableFile`` when it is not."""
    data = read_regular(path, kind, missing_ok=missing_ok)
    if data is None:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise NotRead(path, f"line {line}: not UTF-8 text") from None


def sha256_regular(path: str | os.PathLike[str], kind: str = "page") -> str:
    """SHA-256 of the first ``cap(kind)`` bytes of a regular file (all a reader of that kind
    ever sees), read in pieces; ``UnreadableFile`` as ``open_regular``."""
    p = Path(path)
    limit = cap(kind)
    fd, _ = open_regular(p)
    h = hashlib.sha256()
    got = 0
    try:
        while got < limit:
            chunk = os.read(fd, min(1 << 20, limit - got))
            if not chunk:
                break
            h.update(chunk)
            got += len(chunk)
    except OSError as exc:
        raise _reason(p, exc) from None
    finally:
        os.close(fd)
    return h.hexdigest()
