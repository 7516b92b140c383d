"""Saving user data and index metadata atomically: a reader, or a crash at any moment, sees
the old file or the new one, never a part (temp file in the same folder, fsync, os.replace,
then fsync of the folder so the rename itself survives a power cut)."""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes, *, verify: Callable[[Path], None] | None = None) -> None:
    """Write ``data`` to ``path`` so that a reader (or a crash) sees the old file or the new one.

    ``verify(temp_path)``, when given, runs on the written temp file before the rename: if it
    raises, the temp file is removed, ``path`` is left as it was and the exception propagates."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if verify is not None:
            verify(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


class FileBusy(OSError):
    """Another process held a user file's lock for longer than we would wait."""


@contextmanager
def locked(path: Path, *, timeout: float = 5.0) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``PATH.lock`` (beside ``path``) for a read-merge-write.

    Two running instances saving the same user file take turns: each re-reads the file under
    the lock and writes its merge, so neither loses the other's changes. The kernel drops the
    lock when its holder dies (even by SIGKILL), so a crash never blocks the next save.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise FileBusy(f"{path}: another reader process is saving it; try again") from None
                time.sleep(0.01)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
