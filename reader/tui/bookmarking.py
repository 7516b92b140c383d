"""The app's side of bookmarks: one ``BookmarkStore`` per app, and what the keys do with it.

``BookmarksMixin`` goes before ``App`` in ``ReaderApp``'s bases. The store is loaded in a
thread worker at start; every write (add, update, delete, re-anchoring) runs in a thread
worker too, one at a time (``_write_lock``), because ``BookmarkStore`` takes a file lock and
re-reads the file before it writes. After a write the search index's bookmark documents are
brought in step (``sync_index``; a busy index is skipped quietly: the next write or
``reader index`` catches up).

A file that cannot be read leaves the store read-only: a one-line warning at start, and every
bookmark key says so instead of writing.

Another running instance may save bookmarks too: opening the bookmarks view (and Enter on a
bookmark hit in the search results) re-reads the file when it changed (``refresh_bookmarks``,
a stat when it did not).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from textual import work

from reader.atomic import atomic_write_text
from reader.bookmarks import (
    Bookmark,
    BookmarksUnreadable,
    BookmarkStore,
    export_markdown,
    new_bookmark,
    reanchor,
    reanchor_article,
    sync_index,
)
from reader.errors import ReaderError
from reader.index import IndexBusy
from reader.tui.bookmark_form import BookmarkForm, FormResult
from reader.tui.sanitize import one_line
from reader.tui.selection import BookmarkRequested

EXPORT_NAME = "bookmarks-export.md"
QUOTE_SHOWN = 80  # characters of a quote in a notification


def short_quote(text: str, limit: int = QUOTE_SHOWN) -> str:
    quote = one_line(text)
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"


class BookmarksMixin:
    """Bookmark store lifetime, the bookmark form, jumps, writes and export for the app."""

    # -- lifetime ------------------------------------------------------------------------

    def _init_bookmarks(self) -> None:
        self.bookmarks = BookmarkStore(self.library.bookmarks)
        self.bookmarks_loaded = False
        self._write_lock = threading.Lock()
        # bookmark id -> (start, end) in the open article, from the last re-anchoring
        self._resolved: dict[str, tuple[int, int]] = {}
        self._resolved_article: str | None = None
        self._bookmark_jump: str | None = None  # a bookmark to show once its article is open
        self.deleted_bookmarks: list[Bookmark] = []  # newest last: `u` in the view re-adds
        self._orphans_told: set[str] = set()  # articles whose lost bookmarks were mentioned

    @work(thread=True, exclusive=True, group="bookmarks-load", exit_on_error=False)
    def load_bookmarks(self) -> None:
        try:
            with self._write_lock:
                self.bookmarks.load()
            error = self.bookmarks.error
        except (ReaderError, OSError) as exc:  # the contract says load() reports, not raises
            error = getattr(exc, "message", str(exc))
        except Exception as exc:  # a store bug must not take the app down
            error = f"{exc.__class__.__name__}: {exc}"
        self._from_thread(self._bookmarks_loaded, error)

    def _from_thread(self, callback, *args, **kwargs) -> None:
        try:
            self.call_from_thread(callback, *args, **kwargs)
        except Exception:  # the app is closing
            pass

    def _bookmarks_loaded(self, error: str | None) -> None:
        self.bookmarks_loaded = True
        if error:
            self.error(f"Bookmarks are read-only: {error}", "warning")
        warnings = list(self.bookmarks.warnings)  # entries kept as they are (a wrong type…)
        if warnings and not error:
            more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
            self.error(warnings[0] + more, "warning")
        if self.current is not None:
            self.bookmarks_opened(self.current.entry.id)
        screen = self._bookmarks_screen()
        if screen is not None:
            screen.reload()

    @work(thread=True, group="bookmarks-refresh", exit_on_error=False)
    def refresh_bookmarks(self, then_jump: str | None = None) -> None:
        """Re-read bookmarks.yaml if it changed (another running instance saved it; one stat
        when it did not), then reload the bookmarks view and the open article's tint. With
        ``then_jump`` (a bookmark id): go to that bookmark afterwards."""
        changed, error = False, None
        if self.bookmarks_loaded:  # else the load itself reloads the view
            try:
                with self._write_lock:
                    had_error = self.bookmarks.error
                    changed = self.bookmarks.refresh()
                error = self.bookmarks.error if changed and self.bookmarks.error != had_error else None
            except Exception as exc:  # a store bug must not take the app down
                error = f"{exc.__class__.__name__}: {exc}"
        self._from_thread(self._bookmarks_refreshed, changed, error, then_jump)

    def _bookmarks_refreshed(self, changed: bool, error: str | None, then_jump: str | None) -> None:
        if error:
            self.error(f"Bookmarks are read-only: {error}", "warning")
        if changed:
            if self.current is not None:
                self.bookmarks_opened(self.current.entry.id)
            screen = self._bookmarks_screen()
            if screen is not None:
                current = screen.list.current
                screen.reload(keep=current.id if current is not None else None)
        if then_jump is not None:
            if not self.bookmarks_loaded:
                self.error("Bookmarks are still loading; try again in a moment", "warning")
                return
            bookmark = self.bookmarks.get(then_jump)
            if bookmark is None:
                self.error("That bookmark is no longer in the bookmarks file", "warning")
                return
            self.jump_to_bookmark(bookmark)

    def bookmarks_writable(self) -> bool:
        """True when a bookmark can be written now; else says why (one line) and False."""
        store = self.bookmarks
        if not self.bookmarks_loaded:
            self.error("Bookmarks are still loading; try again in a moment", "warning")
            return False
        if store.read_only:
            self.error(f"Bookmarks are read-only: {store.error or 'the file cannot be read'}",
                       "warning")
            return False
        return True

    # -- the open article ----------------------------------------------------------------

    def bookmarks_opened(self, article_id: str) -> None:
        """An article was shown: re-anchor its bookmarks against the text on screen."""
        self._resolved, self._resolved_article = {}, article_id
        if self.bookmarks_loaded:
            self._reanchor(article_id, self.view.text)

    @work(thread=True, exclusive=True, group="bookmarks-anchor", exit_on_error=False)
    def _reanchor(self, article_id: str, text: str) -> None:
        warning = ""
        try:
            with self._write_lock:
                results = reanchor_article(self.bookmarks, article_id, text)
        except (ReaderError, OSError) as exc:
            # could not save the new positions (busy or read-only): still show them
            warning = getattr(exc, "message", str(exc))
            results = [(b, reanchor(text, b.anchor)) for b in self.bookmarks.for_article(article_id)]
        except Exception as exc:
            self._from_thread(self.error, f"Cannot place bookmarks: {exc.__class__.__name__}: {exc}",
                              "warning")
            return
        spans = {b.id: (r.start, r.end) for b, r in results
                 if r.status != "orphaned" and r.start is not None and r.end is not None}
        orphaned = [b for b, r in results if r.status == "orphaned"]
        self._from_thread(self._anchored, article_id, spans, orphaned, warning)

    def _anchored(self, article_id: str, spans: dict[str, tuple[int, int]],
                  orphaned: list[Bookmark], warning: str) -> None:
        view = self.view
        if view.article_id != article_id:
            return  # another article was opened meanwhile
        self._resolved, self._resolved_article = dict(spans), article_id
        view.set_bookmarks(list(spans.values()))
        if warning:
            self.error(f"Bookmark positions not saved: {warning}", "warning")
        if orphaned and self._bookmark_jump is None and article_id not in self._orphans_told:
            self._orphans_told.add(article_id)  # once a session is enough
            self.notify(f"{len(orphaned)} bookmark(s) of this article lost their passage (B lists them)",
                        severity="warning", timeout=4, markup=False)
        jump, self._bookmark_jump = self._bookmark_jump, None
        if jump is not None:
            bookmark = self.bookmarks.get(jump)
            if bookmark is not None and bookmark.article == article_id:
                self._show_bookmark(bookmark)

    def _refresh_view_bookmarks(self) -> None:
        view = self.view
        if view.article_id is not None and view.article_id == self._resolved_article:
            view.set_bookmarks(list(self._resolved.values()))

    # -- b: a new bookmark ---------------------------------------------------------------

    def on_bookmark_requested(self, event: BookmarkRequested) -> None:
        event.stop()
        if not self.bookmarks_writable():
            return
        view = self.view
        if view.article_id != event.article_id or self.current is None:
            return
        text = view.text
        start, end = event.start, event.end
        title = one_line(self.current.article.title) or event.article_id
        article_id = event.article_id

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            if view.article_id != article_id or view.text != text:
                self.error("The article changed; the bookmark was not saved", "warning")
                return
            try:
                bookmark = new_bookmark(article_id, text, start, end, note=result.note,
                                        tags=result.tags, title=title)
            except ValueError as exc:
                self.error(f"Cannot bookmark this: {exc}", "warning")
                return
            self._write("add", bookmark)

        self.push_screen(BookmarkForm(heading="New bookmark", quote=text[start:end]), done)

    # -- writes --------------------------------------------------------------------------

    def edit_bookmark(self, bookmark: Bookmark) -> None:
        """`e` in the bookmarks view: the form with its note and tags."""
        if not self.bookmarks_writable():
            return

        def done(result: FormResult | None) -> None:
            if result is not None:
                self._write("update", replace(bookmark, note=result.note, tags=list(result.tags)))

        self.push_screen(BookmarkForm(heading="Edit bookmark", quote=bookmark.exact,
                                      note=bookmark.note, tags=bookmark.tags), done)

    def delete_bookmark(self, bookmark: Bookmark) -> None:
        if self.bookmarks_writable():
            self._write("delete", bookmark)

    def undo_delete(self) -> None:
        if not self.deleted_bookmarks:
            self.notify("Nothing to undo", timeout=2, markup=False)
            return
        if self.bookmarks_writable():
            self._write("undo", self.deleted_bookmarks.pop())

    @work(thread=True, group="bookmarks-write", exit_on_error=False)
    def _write(self, op: str, bookmark: Bookmark) -> None:
        error = ""
        try:
            with self._write_lock:
                if op in ("add", "undo"):
                    bookmark = self.bookmarks.add(bookmark)  # may give it a fresh id
                elif op == "update":
                    self.bookmarks.update(bookmark)
                else:
                    bookmark = self.bookmarks.delete(bookmark.id) or bookmark
        except BookmarksUnreadable as exc:
            error = f"Bookmarks are read-only: {exc.message}"
        except ReaderError as exc:
            error = f"Cannot save the bookmark: {exc.message}"
        except OSError as exc:
            error = f"Cannot save the bookmark: {exc}"
        except Exception as exc:
            error = f"Cannot save the bookmark: {exc.__class__.__name__}: {exc}"
        self._from_thread(self._written, op, bookmark, error)
        if not error:
            self._sync_index()

    def _sync_index(self) -> None:
        """In the writing worker: the index's bookmark documents follow the file."""
        try:
            sync_index(self.library, self.bookmarks)
        except IndexBusy:
            pass  # the index is being updated; the next write or `reader index` catches up
        except ReaderError as exc:
            self._from_thread(self.error, f"Bookmarks not indexed: {exc.message}", "warning")
        except Exception as exc:
            self._from_thread(self.error, f"Bookmarks not indexed: {exc.__class__.__name__}: {exc}",
                              "warning")

    def _written(self, op: str, bookmark: Bookmark, error: str) -> None:
        if error:
            if op == "undo":
                self.deleted_bookmarks.append(bookmark)
            self.error(error, "warning" if "read-only" in error else "error")
        else:
            if bookmark.article == self._resolved_article:
                if op == "delete":
                    self._resolved.pop(bookmark.id, None)
                else:
                    span = self._resolved.get(bookmark.id)
                    if span is None or op != "update":
                        span = self._span_now(bookmark)
                    if span is not None:
                        self._resolved[bookmark.id] = span
                self._refresh_view_bookmarks()
            quote = short_quote(bookmark.exact, 40)
            if op == "add":
                self.notify(f"Bookmarked “{quote}” (B lists bookmarks)", timeout=3, markup=False)
            elif op == "undo":
                self.notify(f"Restored “{quote}”", timeout=3, markup=False)
            elif op == "update":
                self.notify("Bookmark saved", timeout=2, markup=False)
            else:
                self.deleted_bookmarks.append(bookmark)
                self.notify(f"Deleted “{quote}” — press u to undo", timeout=6, markup=False)
        screen = self._bookmarks_screen()
        if screen is not None:
            screen.reload(keep=bookmark.id if op != "delete" else None)

    def _span_now(self, bookmark: Bookmark) -> tuple[int, int] | None:
        """Where ``bookmark`` is in the open article's text (None: not there)."""
        view = self.view
        if view.article_id != bookmark.article:
            return None
        anchor = bookmark.anchor
        if view.text[anchor.start:anchor.end] == anchor.exact and anchor.end > anchor.start:
            return anchor.start, anchor.end
        found = reanchor(view.text, anchor)
        if found.status == "orphaned" or found.start is None or found.end is None:
            return None
        return found.start, found.end

    # -- B: the bookmarks view, and jumps ------------------------------------------------

    def _bookmarks_screen(self):
        from reader.tui.bookmarks_view import BookmarksScreen  # the view imports this module

        for screen in self.screen_stack:
            if isinstance(screen, BookmarksScreen):
                return screen
        return None

    def action_bookmarks(self) -> None:
        from reader.tui.bookmarks_view import BookmarksScreen

        if self._bookmarks_screen() is None:
            self.push_screen(BookmarksScreen())

    def bookmarks_target(self):
        """The palette's target for the ``bookmarks`` scope: the view (opened if needed)."""
        screen = self._bookmarks_screen()
        if screen is None:
            self.action_bookmarks()
            screen = self._bookmarks_screen()
        return screen

    def jump_to_bookmark(self, bookmark: Bookmark) -> bool:
        """Enter in the bookmarks view: open its article at the passage. False (and a
        notification with the quote) when the bookmark is orphaned."""
        if bookmark.status == "orphaned" and not (
                self._resolved_article == bookmark.article and bookmark.id in self._resolved):
            self.error(f"This bookmark's passage is no longer in the article: “{short_quote(bookmark.exact)}”",
                       "warning")
            return False
        screen = self._bookmarks_screen()
        if screen is not None and screen is self.screen:
            self.pop_screen()
        current = self.current
        if current is not None and current.entry.id == bookmark.article \
                and self.view.article_id == bookmark.article:
            self._show_pane("article")
            self._show_bookmark(bookmark)
            return True
        self._bookmark_jump = bookmark.id
        self.open_entry(self.entry_of(bookmark.article))
        return True

    def jump_to_bookmark_id(self, bookmark_id: str) -> None:
        """Enter on a bookmark hit in the search results: the bookmark as the file holds it
        now (re-read if another instance changed it), then ``jump_to_bookmark``."""
        self.refresh_bookmarks(then_jump=bookmark_id)

    def _show_bookmark(self, bookmark: Bookmark) -> tuple[int, int] | None:
        span = self._resolved.get(bookmark.id) if self._resolved_article == bookmark.article else None
        if span is None:
            span = self._span_now(bookmark)
        if span is None:
            self.error(f"This bookmark's passage is no longer in the article: “{short_quote(bookmark.exact)}”",
                       "warning")
            return None
        view = self.view
        view.show_passage(*span)
        spans = view.bookmarks
        if span in spans:
            view.bookmark_index = spans.index(span)
            view._update_titles()
        return span

    # -- x: export -----------------------------------------------------------------------

    def export_bookmarks(self, path: Path | None = None) -> None:
        """`x`: Markdown of every bookmark, to ``LIBRARY/bookmarks-export.md`` (or ``path``)."""
        store = self.bookmarks
        if not self.bookmarks_loaded:
            self.error("Bookmarks are still loading; try again in a moment", "warning")
            return
        if store.read_only:  # an export of nothing would look like a loss
            self.error(f"Cannot export: {store.error or 'the bookmarks file cannot be read'}", "warning")
            return
        self._export(path or self.library.root / EXPORT_NAME)

    @work(thread=True, group="bookmarks-export", exit_on_error=False)
    def _export(self, path: Path) -> None:
        bookmarks = list(self.bookmarks.bookmarks)
        titles = {b.article: b.title for b in bookmarks if b.title}
        try:
            atomic_write_text(path, export_markdown(bookmarks, titles))
        except (ReaderError, OSError) as exc:
            self._from_thread(self.error, f"Cannot export bookmarks: {getattr(exc, 'message', exc)}")
            return
        self._from_thread(self.notify, one_line(f"Exported {len(bookmarks)} bookmark(s) to {path}"),
                          timeout=6, markup=False)
