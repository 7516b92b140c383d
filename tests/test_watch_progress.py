"""The core of the app's watch on content/ (reader.watch) and of index progress
(reader.progress): what they say, on real pages, with a fake clock (issue 11, items 4–5)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from reader.index import update
from reader.paths import Library
from reader.progress import Countdown, clock_text
from reader.watch import ContentWatch


def test_watch_sees_pages_come_change_and_go_and_nothing_else(library: Library):
    content = library.content
    watch = ContentWatch(content, full_every=1000)
    watch.snapshot()
    assert not watch.changed()
    # a page copied in
    seed = next(content.rglob("*.txt"))
    shutil.copy(seed, content / "new.txt")
    assert watch.changed() and not watch.changed()
    # a new folder with a page
    (content / "site").mkdir()
    assert not watch.changed()  # a folder alone is no page
    shutil.copy(seed, content / "site" / "page.md")
    assert watch.changed()
    # what is not a page, and dot-names (the history, origin records), are not changes
    (content / "site" / "page.md.source.yaml").write_text("url: https://example.org/\n")
    (content / ".history").mkdir()
    (content / ".history" / "old.html").write_text("<p>old</p>")
    assert not watch.changed()
    # a page that goes
    (content / "new.txt").unlink()
    assert watch.changed()


def test_watch_catches_an_edit_in_place_on_its_full_look(library: Library):
    page = next(library.content.rglob("*.md"))
    watch = ContentWatch(library.content, full_every=3)
    watch.snapshot()
    folder_mtime = os.stat(page.parent).st_mtime_ns
    with page.open("a", encoding="utf-8") as f:
        f.write("\n\nOne more paragraph.\n")
    os.utime(page.parent, ns=(folder_mtime, folder_mtime))  # an edit in place moves no folder
    assert [watch.changed() for _ in range(4)] == [False, False, True, False]


def test_watch_of_a_library_without_content_yet(tmp_path: Path):
    watch = ContentWatch(tmp_path / "content")
    watch.snapshot()
    assert not watch.changed()
    (tmp_path / "content").mkdir()
    assert not watch.changed()
    (tmp_path / "content" / "a.txt").write_text("A page\n\nwith text.\n")
    assert watch.changed()


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_countdown_says_done_total_and_an_eta_after_a_second():
    clock = FakeClock()
    lines: list[str] = []
    c = Countdown(lines.append, clock=clock)
    c.start(10, "indexing")
    assert lines == ["0/10 files"]
    clock.now += 0.5
    c.advance()  # half a second: an ETA would be a guess, and it is only 0.5 s since the start
    assert lines[-1] == "1/10 files"
    clock.now += 0.1
    c.advance()  # shown at most four times a second
    assert len(lines) == 2
    clock.now += 1.4  # 2 s for 3 files: 7 left at 2/3 s each
    c.advance()
    assert lines[-1] == "3/10 files · ETA 0:05"
    for _ in range(7):
        clock.now += 0.01
        c.advance()
    assert lines[-1] == "10/10 files"  # the last one is always shown, with no ETA


def test_clock_text():
    assert [clock_text(s) for s in (0, 4.6, 65, 3723)] == ["0:00", "0:05", "1:05", "1:02:03"]


def test_countdown_counts_every_file_of_a_real_index_build(unindexed_library: Library):
    lines: list[str] = []
    update(unindexed_library, progress=Countdown(lines.append))
    assert lines[0] == "0/5 files" and lines[-1] == "5/5 files"


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def start(self, total: int, description: str) -> None:
        self.calls.append(("start", total))

    def advance(self, detail: str = "") -> None:
        self.calls.append(("advance",))

    def stop(self) -> None:
        self.calls.append(("stop",))


def test_delayed_bar_shows_only_a_run_longer_than_a_second_caught_up():
    from reader.progress import Delayed

    clock = FakeClock()
    quick = Recorder()
    d = Delayed(quick, clock=clock)
    d.start(3)
    for _ in range(3):
        clock.now += 0.1
        d.advance()
    d.stop()
    assert quick.calls == []  # under a second: nothing shown
    slow = Recorder()
    d = Delayed(slow, clock=clock)
    d.start(10)
    for _ in range(10):
        clock.now += 0.3
        d.advance()
    d.stop()
    # started on the 4th file (1.2 s), caught up to 4 done, then one advance per file
    assert slow.calls[0] == ("start", 10)
    assert slow.calls.count(("advance",)) == 10 and slow.calls[-1] == ("stop",)


def test_reader_add_shows_the_index_bar_on_a_terminal_only_when_slow(unindexed_library: Library, monkeypatch):
    """``reader add``'s index update, its stderr a terminal: a 5-file first build that takes
    over a second (a slow clock) shows rich's bar with files done / total."""
    import io

    from rich.console import Console

    import reader.progress as progress_module
    from reader.cli import add as cli_add
    from reader.cli import output

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120, color_system=None)
    monkeypatch.setattr(output, "err_console", lambda: console)
    ticks = iter(range(0, 1000))
    monkeypatch.setattr(progress_module, "now", lambda: float(next(ticks)))  # a second a look
    cli_add._index(unindexed_library)
    text = out.getvalue()
    assert "indexing" in text and "/5" in text and "ETA" in text


def test_a_slow_walk_makes_full_walks_rarer(library: Library, monkeypatch):
    import reader.watch as watch_module

    ticks = iter(float(n) for n in range(1000))  # each clock read a second later: a 1 s walk
    monkeypatch.setattr(watch_module, "_clock", lambda: next(ticks))
    watch = ContentWatch(library.content)
    watch.snapshot()
    assert watch.every == 50  # a walk may take 2% of the looks' time: one in 50 looks
    quick = ContentWatch(library.content)
    monkeypatch.setattr(watch_module, "_clock", lambda: 0.0)
    quick.snapshot()
    assert quick.every == 10
