"""Progress of a long run (indexing) as one line of text: files done / total and an ETA.

``Countdown`` is a ``reader.index.report.Progress`` (start / advance / stop) that hands a line
such as ``3/11 files · ETA 0:05`` to a callback, at most four times a second; the ETA comes
once the run has lasted a second (before that the rate says nothing). Front ends put the line
where they show status: the TUI's list border, the CLI's stderr (which uses rich's bar).
"""

from __future__ import annotations

import time
from collections.abc import Callable

SHOW_EVERY = 0.25  # seconds between two lines
ETA_AFTER = 1.0  # seconds of running before an ETA is given


def now() -> float:
    """The clock the progress lines read (a test replaces it)."""
    return time.monotonic()


def clock_text(seconds: float) -> str:
    """``0:05``, ``12:40``, ``1:02:03``."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


class Countdown:
    def __init__(self, show: Callable[[str], None], *, clock: Callable[[], float] | None = None) -> None:
        self.show = show
        self.clock = clock or (lambda: now())
        self.total = 0
        self.done = 0
        self.began = 0.0
        self.shown = 0.0

    def text(self) -> str:
        line = f"{self.done}/{self.total} files"
        elapsed = self.clock() - self.began
        if self.done and elapsed >= ETA_AFTER and self.done < self.total:
            left = elapsed / self.done * (self.total - self.done)
            line += f" · ETA {clock_text(left)}"
        return line

    def start(self, total: int, description: str = "") -> None:
        self.total, self.done = total, 0
        self.began = self.shown = self.clock()
        self.show(self.text())

    def advance(self, detail: str = "") -> None:
        self.done += 1
        at = self.clock()
        if at - self.shown >= SHOW_EVERY or self.done == self.total:
            self.shown = at
            self.show(self.text())

    def stop(self) -> None:
        pass


class Delayed:
    """Another progress (a rich bar) started only once the run has lasted ``after`` seconds,
    caught up to the files done by then: a quick update shows nothing."""

    def __init__(self, inner, *, after: float = ETA_AFTER, clock: Callable[[], float] | None = None) -> None:
        self.inner = inner
        self.after = after
        self.clock = clock or (lambda: now())
        self.total = 0
        self.done = 0
        self.began = 0.0
        self.description = ""
        self.started = False

    def start(self, total: int, description: str = "") -> None:
        self.total, self.done, self.description = total, 0, description
        self.began = self.clock()

    def advance(self, detail: str = "") -> None:
        self.done += 1
        if self.started:
            self.inner.advance(detail)
        elif self.clock() - self.began >= self.after and self.done < self.total:
            self.started = True
            self.inner.start(self.total, self.description)
            for _ in range(self.done):
                self.inner.advance(detail)

    def stop(self) -> None:
        if self.started:
            self.inner.stop()
