"""reader.tui: the Textual front end. Nothing outside this package imports Textual."""

from __future__ import annotations

from reader.paths import Library


def run(library: Library) -> int:
    """Run the app on ``library``; the exit status."""
    from reader.tui.app import ReaderApp

    app = ReaderApp(library)
    app.run()
    return app.return_code or 0
