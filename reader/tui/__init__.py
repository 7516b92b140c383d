"""reader.tui: the Textual front end. Nothing outside this package imports Textual."""

from __future__ import annotations

from reader.paths import Library


def run(library: Library, *, article: str = "", bookmark: str = "") -> int:
    """Run the app on ``library``, opened at ``article`` (and its ``bookmark``'s passage) when
    given (``reader open``); the exit status."""
    from reader.tui.app import ReaderApp
    from reader.tui.idle_gc import IdleCollector
    from reader.tui.main_screen import StartAt

    # Everything made so far (Textual, Whoosh: ~150k objects) lives as long as the process:
    # frozen out of the cyclic GC, whose full collections would otherwise walk it every time
    # (~90 ms, a stall in typing or in `n`); the full collections of what the app makes then
    # run in the reader's pauses (idle_gc.py). Not in tests: their apps' cycles must be
    # collected between them.
    collector = IdleCollector()
    collector.install()
    app = ReaderApp(library, start=StartAt(article, bookmark) if article else None, collector=collector)
    app.run()
    return app.return_code or 0
