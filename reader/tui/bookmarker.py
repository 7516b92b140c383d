"""``Bookmarker``: the reading pane's bookmarks — a controller of the main screen (never
shown). It holds the ``Bookmarks`` store controller, so ``Bookmarks.Placed`` and
``Bookmarks.Jump`` bubble through here.

- ``b`` (``BookmarkRequested``, handed on by the screen: it bubbles from the reading pane to
  the screen, not through here): the form for a note and tags, then a new bookmark of the
  passage, or the form of the one already on that passage;
- ``Placed``: the open article's bookmarks tinted, and the bookmark waiting to be shown
  (``pending``: ``reader open --bookmark``, a jump to an article not open yet) shown;
- ``Jump`` (the bookmarks view, a bookmark hit): the bookmarks view closes and ``Open`` asks
  the screen, which owns the open article, for the bookmark's article; ``show`` then shows
  the passage if it is open, else it is shown once placed.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget

from reader.bookmarks import Bookmark, new_bookmark
from reader.paths import Library
from reader.tui.article_view import ArticleView
from reader.tui.bookmark_form import BookmarkForm, FormResult
from reader.tui.bookmarking import Bookmarks, short_quote
from reader.tui.bookmarks_view import BookmarksScreen
from reader.tui.guard import Guarded, error
from reader.tui.selection import BookmarkRequested


class Bookmarker(Guarded, Widget):
    DEFAULT_CSS = "Bookmarker { display: none; }"

    class Open(Message):
        """Show ``bookmark``'s article: ``show`` it if it is open, else open the article (the
        passage is shown once its bookmarks are placed)."""

        def __init__(self, bookmark: Bookmark) -> None:
            super().__init__()
            self.bookmark = bookmark

    def __init__(self, library: Library, view: ArticleView) -> None:
        super().__init__()
        self.library = library
        self.view = view  # the reading pane: its text, its tint, where it scrolls to
        self.pending: str | None = None  # a bookmark shown once its article is open

    def compose(self) -> ComposeResult:
        yield Bookmarks(self.library)

    @property
    def bookmarks(self) -> Bookmarks:
        return self.query_one(Bookmarks)

    def request(self, event: BookmarkRequested, title: str | None) -> None:
        """``b``: the form for a note and tags, then a new bookmark of the passage (``title``:
        the open article's, None when none is open)."""
        bookmarks, view = self.bookmarks, self.view
        if not bookmarks.writable():
            return
        if view.article_id != event.article_id or title is None:
            return
        text, start, end = view.text, event.start, event.end
        title = title or event.article_id
        article_id = event.article_id
        try:
            passage = new_bookmark(article_id, text, start, end).anchor
        except ValueError:
            passage = None
        if passage is not None:
            existing = bookmarks.store.same_passage(article_id, passage)
            if existing is not None:  # edit it rather than add a twin
                bookmarks.post_message(Bookmarks.Edit(existing))
                return

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            if view.article_id != article_id or view.text != text:
                error(self, "The article changed; the bookmark was not saved", "warning")
                return
            try:
                bookmark = new_bookmark(article_id, text, start, end, note=result.note,
                                        tags=result.tags, title=title)
            except ValueError as exc:
                error(self, f"Cannot bookmark this: {exc}", "warning")
                return
            bookmarks.add(bookmark)

        self.app.push_screen(BookmarkForm(heading="New bookmark", quote=text[start:end]), done)

    def chosen(self, bookmark_id: str) -> None:
        """A bookmark hit: the bookmark as the file holds it now (re-read if another instance
        changed it), then a ``Jump`` to it."""
        self.bookmarks.refresh_store(then_jump=bookmark_id)

    @on(Bookmarks.Placed)
    def _placed(self, event: Bookmarks.Placed) -> None:
        view = self.view
        if view.article_id != event.article_id:
            return  # another article was opened meanwhile
        view.set_bookmarks(event.spans)
        if not event.anchored:
            return
        jump, self.pending = self.pending, None
        if jump is None:
            self.bookmarks.tell_orphans(event.article_id, event.orphaned)
            return
        bookmark = self.bookmarks.store.get(jump)
        if bookmark is not None and bookmark.article == event.article_id:
            self.show(bookmark)

    @on(Bookmarks.Jump)
    def _jump(self, event: Bookmarks.Jump) -> None:
        """Open the bookmark's article at its passage (the bookmarks view closes)."""
        event.stop()  # the screen hears ``Open``
        if isinstance(self.app.screen, BookmarksScreen):
            self.app.pop_screen()
        self.post_message(self.Open(event.bookmark))

    def show(self, bookmark: Bookmark) -> None:
        span = self.bookmarks.span_of(bookmark)
        if span is None:
            error(self, f"This bookmark's passage is no longer in the article: “{short_quote(bookmark.exact)}”",
                  "warning")
            return
        self.view.show_bookmark(span)
