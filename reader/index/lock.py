"""The indexer's lock: one process at a time updates a library's index.

``LIBRARY/index/reader.lock`` is held with ``fcntl.flock`` (as Whoosh's own write lock is) for
the whole run — scan, clean, write, commit, manifest — and records who holds it (pid, host,
start time). The kernel drops a flock when its holder dies, even by SIGKILL, so a dead
indexer never blocks the next one; the record it leaves behind (a pid that no longer runs) is
how the next one knows the last run was killed: it says so and clears the leftovers
(half-written segments, temp files) before it starts.

A second indexer waits up to ``timeout`` seconds, then raises ``IndexBusy`` — one line.

Worker processes are forked while the lock is held and so share it; ``die_with_parent`` makes
them exit when their parent dies, so a killed build never leaves orphans holding the lock (as
``whoosh.multiproc.MpWriter``'s children do: they block on their job queue for ever).
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import json
import os
import signal
import socket
import stat
import sys
import time
from pathlib import Path

from reader.errors import ReaderError

LOCK_NAME = "reader.lock"


class IndexBusy(ReaderError):
    title = "index busy"
    exit_code = 1


class IndexUnwritable(ReaderError):
    """The index folder cannot be written (read-only, ``index`` a file, the lock a folder):
    one line, and a search reads the index as it is when there is one."""

    title = "cannot write the index"
    exit_code = 1


def unwritable(path: Path, exc: OSError) -> IndexUnwritable:
    """The one-line error for an OSError met while writing under ``path``."""
    from reader.safe_text import name

    reason = (exc.strerror or exc.__class__.__name__).lower()
    where = exc.filename if isinstance(exc.filename, str) else str(path)
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        reason = "not a folder (move it away and the index is made again)"
    return IndexUnwritable(f"{name(where)}: {reason}")


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    except OSError:
        return False
    # A zombie is dead for our purposes.
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
        return state not in (b"Z", b"X")
    except (OSError, IndexError):
        return True


def die_with_parent(parent_pid: int) -> None:
    """In a forked worker: get SIGKILL when the parent dies (Linux), or exit if it already has."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:
        os._exit(1)


class IndexLock:
    """``with IndexLock(index_dir, timeout=2) as lock: ...``; ``lock.stale`` says what was cleared."""

    def __init__(self, index_dir: Path, timeout: float = 2.0, poll: float = 0.05) -> None:
        self.path = Path(index_dir) / LOCK_NAME
        self.timeout = timeout
        self.poll = poll
        self.fd: int | None = None
        self.stale: str | None = None  # "pid 123 (started …) was killed" when the last run died

    def __enter__(self) -> "IndexLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def _read_record(self, fd: int) -> dict:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            data = os.read(fd, 4096)
            record = json.loads(data.decode("utf-8")) if data.strip() else {}
            return record if isinstance(record, dict) else {"pid": -1}
        except (OSError, ValueError, UnicodeDecodeError):
            return {"pid": -1}  # garbage: a write cut short

    def acquire(self) -> None:
        import fcntl

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as exc:  # read-only folder, `index` a file, the lock a folder
            raise unwritable(self.path, exc) from None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise IndexUnwritable(f"{self.path}: not a regular file (remove it)")
        except (OSError, IndexUnwritable):
            os.close(fd)
            raise
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    os.close(fd)
                    raise ReaderError(f"cannot lock {self.path}: {exc.strerror}") from None
            if time.monotonic() >= deadline:
                record = self._read_record(fd)
                os.close(fd)
                raise IndexBusy(self._busy_message(record))
            time.sleep(self.poll)
        record = self._read_record(fd)
        if record:
            pid = int(record.get("pid", -1) or -1)
            if pid != os.getpid():
                since = record.get("started", "?")
                how = "no longer running" if not pid_alive(pid) else "gone (its pid was reused)"
                who = f"pid {pid}" if pid > 0 else "an unknown process"
                self.stale = f"cleared a stale lock: {who}, started {since}, is {how}"
        own = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": dt.datetime.now().isoformat(timespec="seconds"),
            "argv": " ".join(sys.argv[:3])[:200],
        }
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(own).encode("utf-8"))
        self.fd = fd

    def _busy_message(self, record: dict) -> str:
        pid = int(record.get("pid", -1) or -1)
        since = record.get("started")
        if pid > 0 and pid_alive(pid):
            when = f" since {since}" if since else ""
            return f"another reader (pid {pid}) is updating {self.path.parent}{when}; try again when it is done"
        if pid > 0:
            return f"the lock on {self.path.parent} is held by processes left by pid {pid}; try again in a moment"
        return f"another process is updating {self.path.parent}; try again when it is done"

    def release(self) -> None:
        import fcntl

        if self.fd is None:
            return
        fd, self.fd = self.fd, None
        try:
            os.ftruncate(fd, 0)  # an empty record: the last run finished cleanly
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
