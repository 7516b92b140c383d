"""Python's cyclic garbage collector, run when the reader pauses instead of mid-keystroke.

Textual makes cyclic garbage at every frame (a ``Strip`` keeps itself in its own caches), so
Python's automatic full collections come about once a second while keys are pressed, and each
walks every object the app made since it started: the catalogue, the open article's lines, the
widgets — 25–45 ms at 10k articles, far more at 100k, a stall in `n` or in typing.
``IdleCollector`` keeps the automatic collections to the young generations, and runs the full
one itself once no key or mouse event has come for ``IDLE`` seconds; it then freezes what
survived (``gc.freeze``), so the next collection walks only what was made since. Frozen
objects that later become cyclic garbage wait for an occasional collection that unfreezes
everything first (``FULL_IDLE`` seconds without input, at most every ``FULL_EVERY``).

No Textual here: ``ReaderApp`` calls ``input`` on events and ``tick`` on a timer; only
``reader.tui.run`` installs one (a test process must not have its collector changed).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

IDLE = 0.3  # seconds without input before the young objects are collected and frozen
FULL_IDLE = 5.0  # seconds without input before a collection of everything, frozen or not
FULL_EVERY = 60.0  # at most one of those a minute
AUTO_GEN2_AFTER = 100  # middle collections before an automatic full one (~700k objects made)


class IdleCollector:
    def __init__(self, *, clock: Callable[[], float] = time.monotonic, collector: Any = gc) -> None:
        self.clock = clock
        self.gc = collector
        now = clock()
        self.last_input = now
        self.last_full = now
        self.pending = True  # input since the last collection
        self.since_full = True  # input since the last full collection
        self.collections = 0  # run by tick(), for the curious (and the tests)

    def install(self) -> None:
        """Leave full collections to ``tick``: the automatic ones come only after a flood of
        young collections (a burst that never pauses still gets collected)."""
        young, middle, _ = self.gc.get_threshold()
        self.gc.set_threshold(young, middle, AUTO_GEN2_AFTER)
        self.gc.freeze()  # what exists now (imports: Textual, Whoosh) lives as long as the process

    def input(self) -> None:
        self.last_input = self.clock()
        self.pending = self.since_full = True

    def tick(self) -> str:
        """Collect if the pause is long enough: "full", "young" or "" (nothing done)."""
        now = self.clock()
        idle = now - self.last_input
        if self.since_full and idle >= FULL_IDLE and now - self.last_full >= FULL_EVERY:
            self.gc.unfreeze()
            self.gc.collect()
            self.gc.freeze()
            self.last_full, self.pending, self.since_full = now, False, False
            self.collections += 1
            return "full"
        if self.pending and idle >= IDLE:
            self.gc.collect()
            self.gc.freeze()
            self.pending = False
            self.collections += 1
            return "young"
        return ""


__all__ = ["AUTO_GEN2_AFTER", "FULL_EVERY", "FULL_IDLE", "IDLE", "IdleCollector"]
