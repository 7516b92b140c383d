"""``reader index``: bring the index up to date, with a progress bar on a terminal."""

from __future__ import annotations

from reader.cli import output
from reader.paths import Library


# -- progress -----------------------------------------------------------------------------------

class RichProgress:
    """A rich progress bar on stderr: files done / total, rate, ETA."""

    def __init__(self, console) -> None:
        self.console = console
        self.progress = None
        self.task = None

    def start(self, total: int, description: str) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:,.0f} files/s" if speed else "– files/s", style="progress.data.speed")

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            Rate(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        self.progress.start()
        self.task = self.progress.add_task(description, total=total)

    def advance(self, detail: str = "") -> None:
        if self.progress is not None:
            self.progress.advance(self.task)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


# -- reader index -------------------------------------------------------------------------------

def run_index(library: Library, *, rebuild: bool = False, jobs: int | None = None) -> int:
    from reader.library import refresh_index

    err = output.err_console()
    progress = RichProgress(err) if err.is_terminal else None
    done = refresh_index(library, rebuild=rebuild, jobs=jobs, progress=progress, use_existing=False)
    for message in done.messages:
        output.note(message)
    output.out(f"index: {output.text(done.report.summary())}")
    for line in done.report.skipped_lines():
        output.out(f"  skipped {output.text(line)}")
    if done.bookmarks:
        output.out(f"bookmarks: {output.plural(done.bookmarks, 'document')} written or removed")
    return 0


__all__ = ["RichProgress", "run_index"]
