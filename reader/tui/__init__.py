"""reader.tui: the Textual front end. Nothing outside this package imports Textual."""

from __future__ import annotations

from reader.paths import Library


def run(library: Library, *, article: str = "", bookmark: str = "") -> int:
    """Run the app on ``library``, opened at ``article`` (and its ``bookmark``'s passage) when
    given (``reader open``); the exit status."""
    import gc

    from reader.tui.app import ReaderApp
    from reader.tui.main_screen import StartAt

    app = ReaderApp(library, start=StartAt(article, bookmark) if article else None)
    # Everything made so far (Textual, Whoosh, the cleaner: ~150k objects) lives as long as
    # the process: freeze it out of the cyclic GC, whose full collections otherwise walk it
    # every time (~90 ms here, a visible stall in typing or in `n`). Not in tests: frozen
    # apps' cycles would never be collected between them.
    gc.freeze()
    app.run()
    return app.return_code or 0
