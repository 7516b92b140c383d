"""Getting articles in from the app: ``a`` asks for a URL or a path (``AddForm``), ``R``
fetches the open article again; ``Fetcher`` runs ``reader.adding`` in thread workers and
answers with ``Fetcher.Done``.

Nothing here fetches at import or start: a worker runs only when a key asked for it. What an
add or a refresh does (naming, the origin record, history, re-anchoring) is the core's; the
index is brought up to date by the list pane's ``LibraryIndex`` when the screen hears ``Done``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from reader.paths import Library
from reader.tui.dialog import Dialog
from reader.tui.guard import Guarded
from reader.tui.sanitize import one_line

if TYPE_CHECKING:  # reader.adding (httpx and all) is imported by the first add, not at start
    from reader.adding import Change


class AddForm(Dialog[str | None]):
    """One line: a URL (http/https) or the path of a saved page. Enter adds, Esc cancels."""

    BINDINGS = [Binding("escape", "close", "Cancel", id="reader.addform.cancel")]

    DEFAULT_CSS = "AddForm > #add-form { width: 80; padding: 0 1; }"

    def compose(self) -> ComposeResult:
        with Vertical(id="add-form") as form:
            form.border_title = "Add an article"
            yield Input(id="add-source", compact=True, placeholder="https://… or a saved page (.html .md .txt)")
            yield Static(Content("Enter adds · Esc cancels · a second add of one URL refreshes it"),
                         id="add-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        source = one_line(event.value)
        self.dismiss(source or None)


class Fetcher(Guarded, Widget):
    """Runs adds and refreshes off the event loop (never shown)."""

    DEFAULT_CSS = "Fetcher { display: none; }"

    class Done(Message):
        """An add (``kind="add"``) or a refresh (``"refresh"``) ended: ``change`` or ``error``."""

        def __init__(self, kind: str, source: str, change: Change | None, error: str) -> None:
            super().__init__()
            self.kind = kind
            self.source = source
            self.change = change
            self.error = error

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.busy: set[str] = set()  # sources and article ids being fetched

    def add(self, source: str) -> bool:
        """Add ``source`` in a worker; False when it is being added already."""
        if source in self.busy:
            return False
        self.busy.add(source)
        self._add(source)
        return True

    def refresh_article(self, article_id: str) -> bool:
        """Fetch ``article_id`` again in a worker; False when it is being fetched already."""
        if article_id in self.busy:
            return False
        self.busy.add(article_id)
        self._refresh(article_id)
        return True

    @work(thread=True, group="fetch", exit_on_error=False)
    def _add(self, source: str) -> None:
        def run():
            from reader.adding import AddOptions, FetchOptions, add_sources

            return add_sources(self.library, [source], AddOptions(fetch=FetchOptions.from_env()))

        self._answer("add", source, run)

    @work(thread=True, group="fetch", exit_on_error=False)
    def _refresh(self, article_id: str) -> None:
        def run():
            from reader.adding import FetchOptions, refresh_articles

            return refresh_articles(self.library, [article_id], FetchOptions.from_env())

        self._answer("refresh", article_id, run)

    def _answer(self, kind: str, source: str, run) -> None:
        try:
            outcome = run()[0]
            change, message = outcome.change, outcome.error
        except Exception as exc:  # a core bug, a usage error: one line, never a traceback
            change, message = None, getattr(exc, "message", "") or f"{exc.__class__.__name__}: {exc}"
        self.post_message(self.Done(kind, source, change, message))

    def on_fetcher_done(self, event: "Fetcher.Done") -> None:
        self.busy.discard(event.source)  # then on to the screen (the message bubbles)
