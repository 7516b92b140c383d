"""Noticing files that appear, change or vanish under content/ while a front end runs.

A cheap periodic look, no watcher thread or OS notification API (inotify is Linux only, and
does not cross network mounts): ``ContentWatch.changed()`` stats the folders it knows (a page
created, deleted or renamed in — an atomic save included — changes its folder's mtime), and
only when one moved walks content/ again to compare the pages. A page edited in place changes
no folder, so every ``full_every``-th look walks anyway (less often on a library so big that a
walk would take more than 2% of the time between two: 100k pages). Costs are measured by
``benchmarks/watch_cost.py`` (docs/performance.md). What changed is the index's to work out
(``reader.index.update`` is incremental): this only says *that* something did.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from reader.paths import CONTENT_SUFFIXES

Pages = dict[str, tuple[int, int]]  # path → (mtime_ns, size)
_clock = time.perf_counter  # how long a walk took (a test slows it)


def _walk(content: str, follow_links: bool) -> tuple[dict[str, int], Pages]:
    """(folder → mtime_ns, page → (mtime_ns, size)) under ``content``, dot-names skipped as
    ``reader.paths.iter_content_files`` skips them."""
    folders: dict[str, int] = {}
    pages: Pages = {}
    seen: set[tuple[int, int]] = set()
    stack = [content]
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
            entries = list(os.scandir(folder))
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen:  # a folder link loop
            continue
        seen.add((st.st_dev, st.st_ino))
        folders[folder] = st.st_mtime_ns
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=follow_links):
                    stack.append(entry.path)
                elif name.lower().endswith(CONTENT_SUFFIXES):
                    est = entry.stat()
                    pages[entry.path] = (est.st_mtime_ns, est.st_size)
            except OSError:  # vanished between the listing and the stat
                continue
    return folders, pages


@dataclass
class ContentWatch:
    content: Path
    follow_links: bool = False
    full_every: int = 10  # looks between walks that catch a page edited in place (at least)
    walk_share: float = 0.02  # of the looks' time (one a second) a walk may take, at most
    every: int = 0  # looks between walks now: full_every, more when walks are slow
    folders: dict[str, int] = field(default_factory=dict)
    pages: Pages = field(default_factory=dict)
    looks: int = 0
    started: bool = False

    def snapshot(self) -> None:
        """Take the state of content/ as the one to compare with (before an index update, so
        a page that comes during it is seen by the next look)."""
        self.folders, self.pages = self._walk()
        self.started = True

    def _walk(self) -> tuple[dict[str, int], Pages]:
        began = _clock()
        found = _walk(str(self.content), self.follow_links)
        seconds = _clock() - began
        self.every = max(self.full_every, math.ceil(seconds / self.walk_share))
        return found

    def _folders_moved(self) -> bool:
        for folder, mtime in self.folders.items():
            try:
                if os.stat(folder).st_mtime_ns != mtime:
                    return True
            except OSError:
                return True  # gone
        return False

    def changed(self) -> bool:
        """Whether a page appeared, changed or vanished since the last look (or snapshot)."""
        if not self.started:
            self.snapshot()
            return False
        self.looks += 1
        if not self.folders:  # no content/ at the last look
            if not self.content.is_dir():
                return False
        elif self.looks % max(1, self.every) and not self._folders_moved():
            return False
        folders, pages = self._walk()
        moved = pages != self.pages
        self.folders, self.pages = folders, pages
        return moved
