"""``Intake``: getting articles in from the library view — a controller of the main screen
(never shown). ``a`` asks for a URL or a path (``AddForm``) and adds it, ``R`` fetches the
open article again; its ``Fetcher`` runs them in thread workers and answers ``Fetcher.Done``,
which bubbles through here.

After a change the list pane's index catches up; an article just added is opened once the
list holds it (the screen hands ``LibraryIndex.Listed`` on to ``listed``: it bubbles from the
list pane to the screen, not through here). Opening is the screen's, which owns the open
article: this posts ``Open`` (an article added, now listed) and ``Changed`` (an article
fetched again has a new version).
"""

from __future__ import annotations

import os

from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget

from reader.library import Entry
from reader.paths import Library
from reader.tui.adding import AddForm, Fetcher
from reader.tui.guard import Guarded, error
from reader.tui.library_pane import LibraryPane
from reader.tui.sanitize import one_line


class Intake(Guarded, Widget):
    DEFAULT_CSS = "Intake { display: none; }"

    class Open(Message):
        """An article added is listed: open it (again if it is the open one: its new version)."""

        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    class Changed(Message):
        """``R`` fetched ``article_id`` again and it changed: shown anew if still open."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, library: Library, list_pane: LibraryPane) -> None:
        super().__init__()
        self.library = library
        self.list_pane = list_pane  # its index catches up after a change; it lists what came
        self.pending_open: str | None = None  # an article just added, opened once it is listed

    def compose(self) -> ComposeResult:
        yield Fetcher(self.library)

    @property
    def fetcher(self) -> Fetcher:
        return self.query_one(Fetcher)

    def add(self) -> None:
        """``a``: the form, then the add in a worker."""
        def chosen(source: str | None) -> None:
            from reader.adding import is_url  # httpx and the rest: loaded by the first add

            if source and not is_url(source):
                source = os.path.expanduser(source)  # a path typed as in a shell
            if not source:
                return
            if self.fetcher.add(source):
                self.notify(f"Adding {one_line(source)[:100]}…", timeout=3, markup=False)
            else:
                self.notify(f"Already adding {one_line(source)[:100]}", timeout=3, markup=False)

        self.app.push_screen(AddForm(), chosen)

    def refresh_article(self, article_id: str | None) -> None:
        """``R`` on the open article (None: none is open)."""
        if article_id is None:
            self.notify("Open an article first: R fetches the open article again", timeout=3, markup=False)
            return
        if self.fetcher.refresh_article(article_id):
            self.notify(f"Fetching {one_line(article_id)} again…", timeout=3, markup=False)
        else:
            self.notify(f"Already fetching {one_line(article_id)}", timeout=3, markup=False)

    @on(Fetcher.Done)
    def _fetched(self, event: Fetcher.Done) -> None:
        if event.change is None:
            error(self, event.error or f"{event.source}: failed")
            return
        change = event.change
        title = one_line(change.article.title) if change.article is not None else ""
        if change.status == "added":
            self.notify(f"Added {one_line(change.id)}" + (f": {title}" if title else ""), timeout=4,
                        markup=False)
        else:
            self.notify(f"{one_line(change.id)}: {change.describe()}", timeout=5, markup=False)
        if event.kind == "add":
            self.pending_open = change.id
        if change.status != "unchanged" or event.kind == "add":
            self.list_pane.index.load(first=False)  # the index, then the list, catch up
        if change.status == "updated" and event.kind == "refresh":
            self.post_message(self.Changed(change.id))  # the new version, its new comments marked

    def listed(self, entries: list[Entry]) -> None:
        """The list pane listed ``entries``: the article just added is among them, or waits."""
        article_id, self.pending_open = self.pending_open, None
        if article_id is None:
            return
        entry = next((e for e in entries if e.id == article_id), None)
        if entry is None:
            self.pending_open = article_id  # a listing from before the add: the next one
            return
        if self.list_pane.searching:
            self.list_pane.leave_search()
        self.list_pane.article_list.select(article_id)
        self.post_message(self.Open(entry))
