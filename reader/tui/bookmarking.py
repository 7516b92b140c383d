"""``Bookmarks``: the TUI's bookmark store and every write to it, held by the main screen's
``Bookmarker`` (bookmarker.py).

It is a widget only to own the thread workers and a message queue (it is never shown). The
store is loaded in a worker at start; every write (add, update, delete, re-anchoring) runs in
a worker too, one at a time (``_write_lock``), because ``BookmarkStore`` takes a file lock and
re-reads the file before it writes. After a write the search index's bookmark documents are
brought in step (``sync_index``; a busy index is skipped quietly: the next write or ``reader
index`` catches up). Workers answer with messages to this widget.

A file that cannot be read leaves the store read-only: a one-line warning at start, and every
bookmark key says so instead of writing.

Another running instance may save bookmarks too: opening the bookmarks view (and Enter on a
bookmark hit in the search results) re-reads the file when it changed (``refresh``, a stat
when it did not).

Out: ``Placed`` (the open article's bookmarked spans, for the reading pane's tint) and
``Jump`` (go to a bookmark's passage), handled by the ``Bookmarker``; ``revision`` changes when
the list does (the bookmarks view watches it). In: ``Jump``, ``Edit``, ``Delete``, ``Undo``,
``Export`` from the bookmarks view.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from textual import on, work
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from reader.atomic import atomic_write_text
from reader.bookmarks import (
    Bookmark,
    BookmarksUnreadable,
    BookmarkStore,
    export_markdown,
    reanchor,
    reanchor_article,
    sync_index,
)
from reader.errors import ReaderError
from reader.index import IndexBusy
from reader.paths import Library
from reader.tui.bookmark_form import BookmarkForm, FormResult
from reader.tui.guard import Guarded, error
from reader.tui.sanitize import one_line

EXPORT_NAME = "bookmarks-export.md"
QUOTE_SHOWN = 80  # characters of a quote in a notification

Span = tuple[int, int]


def short_quote(text: str, limit: int = QUOTE_SHOWN) -> str:
    quote = one_line(text)
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"


class Bookmarks(Guarded, Widget):
    DEFAULT_CSS = "Bookmarks { display: none; }"

    revision: reactive[int] = reactive(0, init=False)  # +1 whenever the list changed

    # -- out -----------------------------------------------------------------------------

    class Placed(Message):
        """Where the open article's bookmarks are (``anchored``: just re-anchored, with
        ``orphaned`` of them lost; else after a write)."""

        def __init__(self, article_id: str, spans: list[Span], *, orphaned: int = 0,
                     anchored: bool = False) -> None:
            super().__init__()
            self.article_id = article_id
            self.spans = spans
            self.orphaned = orphaned
            self.anchored = anchored

    # -- in (from the bookmarks view; ``Jump`` goes on up when it can be done) ----------------

    class Jump(Message):
        """Go to the bookmark's passage (its article opened first if need be)."""

        def __init__(self, bookmark: Bookmark) -> None:
            super().__init__()
            self.bookmark = bookmark

    class Edit(Message):
        def __init__(self, bookmark: Bookmark) -> None:
            super().__init__()
            self.bookmark = bookmark

    class Delete(Message):
        def __init__(self, bookmark: Bookmark) -> None:
            super().__init__()
            self.bookmark = bookmark

    class Undo(Message):
        """Bring back the bookmark deleted last."""

    class Export(Message):
        """Markdown of every bookmark to ``path`` (default ``LIBRARY/bookmarks-export.md``)."""

        def __init__(self, path: Path | None = None) -> None:
            super().__init__()
            self.path = path

    # -- the workers' answers ------------------------------------------------------------

    class LoadDone(Message, bubble=False):
        def __init__(self, error: str | None) -> None:
            super().__init__()
            self.error = error

    class RefreshDone(Message, bubble=False):
        def __init__(self, changed: bool, error: str | None, then_jump: str | None) -> None:
            super().__init__()
            self.changed = changed
            self.error = error
            self.then_jump = then_jump

    class AnchorDone(Message, bubble=False):
        def __init__(self, article_id: str, text: str, spans: dict[str, Span], orphaned: int,
                     warning: str) -> None:
            super().__init__()
            self.article_id = article_id
            self.text = text
            self.spans = spans
            self.orphaned = orphaned
            self.warning = warning

    class WriteDone(Message, bubble=False):
        def __init__(self, op: str, bookmark: Bookmark, error: str) -> None:
            super().__init__()
            self.op = op
            self.bookmark = bookmark
            self.error = error

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.store = BookmarkStore(library.bookmarks)
        self.loaded = False
        self._write_lock = threading.Lock()
        # the open article and its text, and bookmark id -> (start, end) in it (re-anchored)
        self.open_article: str | None = None
        self.open_text = ""
        self.resolved: dict[str, Span] = {}
        self.deleted: list[Bookmark] = []  # newest last: `u` in the view re-adds
        self.keep: str | None = None  # the bookmark the view's cursor goes to when it reloads
        self._orphans_told: set[str] = set()  # articles whose lost bookmarks were mentioned

    def on_mount(self) -> None:
        self._load()

    def _changed(self, keep: str | None = None) -> None:
        self.keep = keep
        self.revision += 1

    # -- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="bookmarks-load", exit_on_error=False)
    def _load(self) -> None:
        try:
            with self._write_lock:
                self.store.load()
            problem = self.store.error
        except (ReaderError, OSError) as exc:  # the contract says load() reports, not raises
            problem = getattr(exc, "message", str(exc))
        except Exception as exc:  # a store bug must not take the app down
            problem = f"{exc.__class__.__name__}: {exc}"
        self.post_message(self.LoadDone(problem))

    @on(LoadDone)
    def _loaded(self, event: LoadDone) -> None:
        self.loaded = True
        if event.error:
            error(self, f"Bookmarks are read-only: {event.error}", "warning")
        warnings = list(self.store.warnings)  # entries kept as they are (a wrong type…)
        if warnings and not event.error:
            more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
            error(self, warnings[0] + more, "warning")
        self._reanchor_open()
        self._changed()

    @work(thread=True, group="bookmarks-refresh", exit_on_error=False)
    def refresh_store(self, then_jump: str | None = None) -> None:
        """Re-read bookmarks.yaml if it changed (another running instance saved it; one stat
        when it did not). With ``then_jump`` (a bookmark id): go to that bookmark afterwards."""
        changed, problem = False, None
        if self.loaded:  # else the load itself reloads the view
            try:
                with self._write_lock:
                    had_error = self.store.error
                    changed = self.store.refresh()
                problem = self.store.error if changed and self.store.error != had_error else None
            except Exception as exc:  # a store bug must not take the app down
                problem = f"{exc.__class__.__name__}: {exc}"
        self.post_message(self.RefreshDone(changed, problem, then_jump))

    @on(RefreshDone)
    def _refreshed(self, event: RefreshDone) -> None:
        if event.error:
            error(self, f"Bookmarks are read-only: {event.error}", "warning")
        if event.changed:
            self._reanchor_open()
            self._changed()
        if event.then_jump is not None:
            if not self.loaded:
                error(self, "Bookmarks are still loading; try again in a moment", "warning")
                return
            bookmark = self.store.get(event.then_jump)
            if bookmark is None:
                error(self, "That bookmark is no longer in the bookmarks file", "warning")
                return
            self.post_message(self.Jump(bookmark))

    def writable(self) -> bool:
        """True when a bookmark can be written now; else says why (one line) and False."""
        if not self.loaded:
            error(self, "Bookmarks are still loading; try again in a moment", "warning")
            return False
        if self.store.read_only:
            error(self, f"Bookmarks are read-only: {self.store.error or 'the file cannot be read'}",
                  "warning")
            return False
        return True

    # -- the open article ----------------------------------------------------------------

    def opened(self, article_id: str, text: str) -> None:
        """An article is shown: re-anchor its bookmarks against its text (in a worker)."""
        self.open_article, self.open_text, self.resolved = article_id, text, {}
        self._reanchor_open()

    def _reanchor_open(self) -> None:
        if self.loaded and self.open_article is not None:
            self._reanchor(self.open_article, self.open_text)

    @work(thread=True, exclusive=True, group="bookmarks-anchor", exit_on_error=False)
    def _reanchor(self, article_id: str, text: str) -> None:
        warning = ""
        try:
            with self._write_lock:
                results = reanchor_article(self.store, article_id, text)
        except (ReaderError, OSError) as exc:
            # could not save the new positions (busy or read-only): still show them
            warning = getattr(exc, "message", str(exc))
            results = [(b, reanchor(text, b.anchor)) for b in self.store.for_article(article_id)]
        except Exception as exc:
            error(self, f"Cannot place bookmarks: {exc.__class__.__name__}: {exc}", "warning")
            return
        spans = {b.id: (r.start, r.end) for b, r in results
                 if r.status != "orphaned" and r.start is not None and r.end is not None}
        orphaned = sum(1 for _, r in results if r.status == "orphaned")
        self.post_message(self.AnchorDone(article_id, text, spans, orphaned, warning))

    @on(AnchorDone)
    def _anchored(self, event: AnchorDone) -> None:
        if (event.article_id, event.text) != (self.open_article, self.open_text):
            return  # another article was opened meanwhile
        self.resolved = dict(event.spans)
        if event.warning:
            error(self, f"Bookmark positions not saved: {event.warning}", "warning")
        self.post_message(self.Placed(event.article_id, list(self.resolved.values()),
                                      orphaned=event.orphaned, anchored=True))

    def tell_orphans(self, article_id: str, count: int) -> None:
        if count and article_id not in self._orphans_told:
            self._orphans_told.add(article_id)  # once a session is enough
            self.notify(f"{count} bookmark(s) of this article lost their passage (B lists them)",
                        severity="warning", timeout=4, markup=False)

    def span_of(self, bookmark: Bookmark) -> Span | None:
        """Where ``bookmark`` is in the open article's text (None: not there)."""
        if bookmark.article != self.open_article:
            return None
        span = self.resolved.get(bookmark.id)
        if span is not None:
            return span
        text, anchor = self.open_text, bookmark.anchor
        if text[anchor.start:anchor.end] == anchor.exact and anchor.end > anchor.start:
            return anchor.start, anchor.end
        found = reanchor(text, anchor)
        if found.status == "orphaned" or found.start is None or found.end is None:
            return None
        return found.start, found.end

    # -- writes --------------------------------------------------------------------------

    def add(self, bookmark: Bookmark) -> None:
        self._write("add", bookmark)

    @on(Edit)
    def _edit(self, event: Edit) -> None:
        """`e` in the bookmarks view: the form with its note and tags."""
        event.stop()
        bookmark = event.bookmark
        if not self.writable():
            return

        def done(result: FormResult | None) -> None:
            if result is not None:
                self._write("update", replace(bookmark, note=result.note, tags=list(result.tags)))

        self.app.push_screen(BookmarkForm(heading="Edit bookmark", quote=bookmark.exact,
                                          note=bookmark.note, tags=bookmark.tags), done)

    @on(Delete)
    def _delete(self, event: Delete) -> None:
        event.stop()
        if self.writable():
            self._write("delete", event.bookmark)

    @on(Undo)
    def _undo(self, event: Undo) -> None:
        event.stop()
        if not self.deleted:
            self.notify("Nothing to undo", timeout=2, markup=False)
            return
        if self.writable():
            self._write("undo", self.deleted.pop())

    @work(thread=True, group="bookmarks-write", exit_on_error=False)
    def _write(self, op: str, bookmark: Bookmark) -> None:
        problem = ""
        try:
            with self._write_lock:
                if op in ("add", "undo"):
                    bookmark = self.store.add(bookmark)  # may give it a fresh id
                elif op == "update":
                    self.store.update(bookmark)
                else:
                    bookmark = self.store.delete(bookmark.id) or bookmark
        except BookmarksUnreadable as exc:
            problem = f"Bookmarks are read-only: {exc.message}"
        except ReaderError as exc:
            problem = f"Cannot save the bookmark: {exc.message}"
        except OSError as exc:
            problem = f"Cannot save the bookmark: {exc}"
        except Exception as exc:
            problem = f"Cannot save the bookmark: {exc.__class__.__name__}: {exc}"
        self.post_message(self.WriteDone(op, bookmark, problem))
        if not problem:
            self._sync_index()

    def _sync_index(self) -> None:
        """In the writing worker: the index's bookmark documents follow the file."""
        try:
            sync_index(self.library, self.store)
        except IndexBusy:
            pass  # the index is being updated; the next write or `reader index` catches up
        except ReaderError as exc:
            error(self, f"Bookmarks not indexed: {exc.message}", "warning")
        except Exception as exc:
            error(self, f"Bookmarks not indexed: {exc.__class__.__name__}: {exc}", "warning")

    @on(WriteDone)
    def _written(self, event: WriteDone) -> None:
        op, bookmark = event.op, event.bookmark
        if event.error:
            if op == "undo":
                self.deleted.append(bookmark)
            error(self, event.error, "warning" if "read-only" in event.error else "error")
        else:
            if bookmark.article == self.open_article:
                if op == "delete":
                    self.resolved.pop(bookmark.id, None)
                else:
                    span = self.resolved.get(bookmark.id) if op == "update" else None
                    if span is None:
                        self.resolved.pop(bookmark.id, None)
                        span = self.span_of(bookmark)
                    if span is not None:
                        self.resolved[bookmark.id] = span
                self.post_message(self.Placed(bookmark.article, list(self.resolved.values())))
            quote = short_quote(bookmark.exact, 40)
            if op == "add":
                self.notify(f"Bookmarked “{quote}” (B lists bookmarks)", timeout=3, markup=False)
            elif op == "undo":
                self.notify(f"Restored “{quote}”", timeout=3, markup=False)
            elif op == "update":
                self.notify("Bookmark saved", timeout=2, markup=False)
            else:
                self.deleted.append(bookmark)
                self.notify(f"Deleted “{quote}” — press u to undo", timeout=6, markup=False)
        self._changed(bookmark.id if op != "delete" else None)

    # -- jumps and export ----------------------------------------------------------------

    @on(Jump)
    def _jump(self, event: Jump) -> None:
        """An orphaned bookmark goes nowhere (a notice with its quote); the rest go on up."""
        bookmark = event.bookmark
        if bookmark.status == "orphaned" and not (
                self.open_article == bookmark.article and bookmark.id in self.resolved):
            event.stop()
            error(self, f"This bookmark's passage is no longer in the article: “{short_quote(bookmark.exact)}”",
                  "warning")

    @on(Export)
    def _export_requested(self, event: Export) -> None:
        """`x`: Markdown of every bookmark, to ``LIBRARY/bookmarks-export.md`` (or ``path``)."""
        event.stop()
        if not self.loaded:
            error(self, "Bookmarks are still loading; try again in a moment", "warning")
            return
        if self.store.read_only:  # an export of nothing would look like a loss
            error(self, f"Cannot export: {self.store.error or 'the bookmarks file cannot be read'}", "warning")
            return
        self._export(event.path or self.library.root / EXPORT_NAME)

    @work(thread=True, group="bookmarks-export", exit_on_error=False)
    def _export(self, path: Path) -> None:
        bookmarks = list(self.store.bookmarks)
        titles = {b.article: b.title for b in bookmarks if b.title}
        try:
            atomic_write_text(path, export_markdown(bookmarks, titles))
        except (ReaderError, OSError) as exc:
            error(self, f"Cannot export bookmarks: {getattr(exc, 'message', exc)}")
            return
        self.notify(one_line(f"Exported {len(bookmarks)} bookmark(s) to {path}"), timeout=6, markup=False)

    def on_unmount(self) -> None:
        # A write in flight finishes first (its worker is a daemon thread, dropped at exit),
        # for two seconds at most: a worker holding the lock for longer is reading.
        if self._write_lock.acquire(timeout=2.0):
            self._write_lock.release()
