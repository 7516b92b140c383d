"""The bookmarks view (``B``): every bookmark, newest first, filtered as you type.

The list is a Line-API widget (``ScrollView`` + ``render_line``, as the article list): rows
are indexes into the store's list, sorting and filtering work on index arrays and a lazily
built haystack, and a row is turned into ``Content`` only when it is drawn — so 10,000
bookmarks open as fast as ten. Everything shown comes from the bookmarks file or an article:
sanitised, drawn as ``Content``, never parsed as markup.

Keys (``keys.BOOKMARKS``, on the screen so that the palette can run them): Enter goes to the
passage, ``/`` (or any letter that is not a key here) filters, ``e`` edits the note and tags,
``d`` deletes (``u`` undoes), ``x`` exports Markdown, Esc closes. The store and the writes
are the ``Bookmarks`` controller's (reader.tui.bookmarking): the view is given it, asks it by
message, and reloads when its ``revision`` changes.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input

from reader.bookmarks import Bookmark, BookmarkFilter
from reader.bookmarks.filtering import haystack
from reader.tui import keys
from reader.tui.bookmarking import Bookmarks
from reader.tui.footer import KeyFooter
from reader.tui.sanitize import one_line
from reader.tui.line_rows import LineRows
from reader.tui.styling import RestyleOnFocus, StyleCache

STATUS_MARKS = {"exact": "  ", "moved": "↪ ", "fuzzy": "≈ ", "orphaned": "✗ "}

# Letters typed on the list that are keys there (or quit/help) are keys; any other printable
# character starts the filter with it.
_KEY_NAMES = {"slash": "/", "question_mark": "?"}
_OWN_KEYS = {_KEY_NAMES.get(k.strip(), k.strip())
             for b in keys.BOOKMARKS for k in b.key.split(",")}
_APP_KEYS = {_KEY_NAMES.get(k.strip(), k.strip())
             for b in keys.APP if b.action in ("quit", "help") for k in b.key.split(",")}


class BookmarkList(LineRows, RestyleOnFocus, ScrollView, can_focus=True, inherit_bindings=False):
    CURSOR_CLASS = ".bm--cursor"
    COMPONENT_CLASSES = {
        "bm--cursor", "bm--title", "bm--quote", "bm--note", "bm--tags", "bm--orphaned",
        "bm--status", "bm--match", "bm--empty",
    }

    DEFAULT_CSS = """
    BookmarkList {
        height: 1fr;
        scrollbar-gutter: stable;
        overflow-x: hidden;
        overflow-y: auto;
        border: round $border;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        & > .bm--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .bm--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .bm--title { color: $text-secondary; }
        & > .bm--quote { }
        & > .bm--note { color: $text-muted; text-style: italic; }
        & > .bm--tags { color: $text-primary; }
        & > .bm--status { color: $text-warning; }
        & > .bm--orphaned { color: $text-error; text-style: bold; }
        & > .bm--match { color: $text-warning; text-style: bold underline; }
        & > .bm--empty { color: $text-muted; text-style: italic; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Bookmark] = []
        self.filter_text = ""
        self._view: list[int] = []
        self._order: list[int] | None = None
        self._hay: list[str] | None = None
        self.cursor = 0
        self.loading_text = ""
        self._strips: LRUCache[tuple[int, int, bool], Strip] = LRUCache(512)
        self._styles = StyleCache(self)

    # -- data ----------------------------------------------------------------------------

    def set_bookmarks(self, bookmarks: list[Bookmark], *, keep: str | None = None) -> None:
        """Show ``bookmarks`` (newest first, filtered as now); the cursor stays on the
        bookmark ``keep`` (or on the row it was on)."""
        current = self.current
        keep_id = keep if keep is not None else (current.id if current is not None else None)
        position = self.cursor
        self.rows = list(bookmarks)
        rows = self.rows
        # newest first; file order (later = newer) breaks ties
        self._order = sorted(range(len(rows)), key=lambda i: (rows[i].created, i), reverse=True)
        self._hay = None
        self._rebuild(keep_id, position)

    def _rebuild(self, keep: str | None = None, position: int = 0) -> None:
        order = self._order or []
        wanted = BookmarkFilter.parse(self.filter_text)  # the core's filter: words, #tag, tag:x
        if wanted:
            if self._hay is None:
                self._hay = [haystack(b) for b in self.rows]
            hay, rows = self._hay, self.rows
            order = [i for i in order if wanted.matches(rows[i], hay[i])]
        self._view = order
        self.cursor = max(0, min(position, len(order) - 1))
        if keep is not None:
            for pos, i in enumerate(order):
                if self.rows[i].id == keep:
                    self.cursor = pos
                    break
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(order))
        self._update_titles()
        self.scroll_cursor_visible()
        self.refresh()

    def set_filter(self, text: str) -> None:
        text = one_line(text)
        if text != self.filter_text:
            self.filter_text = text
            self._rebuild(None, 0)

    @property
    def current(self) -> Bookmark | None:
        if 0 <= self.cursor < len(self._view):
            return self.rows[self._view[self.cursor]]
        return None

    def _update_titles(self) -> None:
        total, shown = len(self.rows), len(self._view)
        self.border_title = f"Bookmarks {shown}/{total}" if self.filter_text else f"Bookmarks {total}"
        # the filter is typed text: a Content, never markup
        self.border_subtitle = Content(f"filter “{one_line(self.filter_text)}”") if self.filter_text else "newest first"

    # -- cursor --------------------------------------------------------------------------

    def move_to(self, position: int) -> None:
        if not self._view:
            return
        position = max(0, min(len(self._view) - 1, position))
        if position != self.cursor:
            self.cursor = position
            self.refresh()
        self.scroll_cursor_visible()

    def on_click(self, event: events.Click) -> None:
        position = int(self.scroll_y) + event.y
        if 0 <= position < len(self._view):
            self.move_to(position)
            if event.chain >= 2 and isinstance(self.screen, BookmarksScreen):
                self.screen.action_jump()

    def on_key(self, event: events.Key) -> None:
        """Type to filter: a printable character that is not a key here goes to the filter."""
        char = event.character
        if not event.is_printable or not char or char in _OWN_KEYS or char in _APP_KEYS:
            return
        if isinstance(self.screen, BookmarksScreen):
            event.stop()
            event.prevent_default()
            self.screen.start_filter(char)

    # -- rendering -----------------------------------------------------------------------

    def _empty(self) -> Content:
        text = self.loading_text or (
            "No bookmark matches the filter." if self.filter_text
            else "No bookmarks yet: b in the reading pane bookmarks a paragraph.")
        return Content.styled(" " + text, ".bm--empty")

    def _line(self, index: int, width: int) -> Content:
        return self._row(self.rows[index], width)

    def _cell(self, text: str, width: int, style: str) -> Content:
        return self._matched(text, ".bm--match").truncate(width, ellipsis=True, pad=True).stylize_before(style)

    def _row(self, bookmark: Bookmark, width: int) -> Content:
        orphaned = bookmark.status == "orphaned"
        mark = (STATUS_MARKS.get(bookmark.status, "  "),
                ".bm--orphaned" if orphaned else ".bm--status")
        title = one_line(bookmark.title) or one_line(bookmark.article)
        quote = "“" + one_line(bookmark.exact) + "”"
        if orphaned:
            quote = "orphaned: " + quote
        note = one_line(bookmark.note)
        tags = " ".join("#" + one_line(t).replace(" ", "-") for t in bookmark.tags if one_line(t))
        avail = max(10, width - 2)
        if avail < 60:  # narrow: the quote and the note
            quote_w = max(6, avail * 3 // 5)
            note_w = max(0, avail - quote_w - 1)
            parts: list = [mark, self._cell(quote, quote_w, ".bm--orphaned" if orphaned else ".bm--quote")]
            if note_w:
                parts += [" ", self._cell(note, note_w, ".bm--note")]
            return Content.assemble(*parts)
        title_w = max(12, min(28, avail // 5))
        tags_w = max(8, min(20, avail // 7))
        note_w = max(10, avail // 4)
        quote_w = max(10, avail - title_w - tags_w - note_w - 3)
        return Content.assemble(
            mark,
            self._cell(title, title_w, ".bm--title"), " ",
            self._cell(quote, quote_w, ".bm--orphaned" if orphaned else ".bm--quote"), " ",
            self._cell(note, note_w, ".bm--note"), " ",
            self._cell(tags, tags_w, ".bm--tags"),
        )


class BookmarksScreen(ModalScreen[None]):
    """The bookmarks view: a filter line on top of the list."""

    BINDINGS = keys.BOOKMARKS

    DEFAULT_CSS = """
    BookmarksScreen {
        background: $background;
        & > #bm-filter { dock: top; }
    }
    """

    def __init__(self, bookmarks: Bookmarks) -> None:
        super().__init__()
        self.bookmarks = bookmarks

    def compose(self) -> ComposeResult:
        yield Input(id="bm-filter", compact=True,
                    placeholder="filter quote, note, tags, title (Enter or ↓ to the list, Esc back)")
        yield BookmarkList(id="bm-list")
        yield KeyFooter()

    @property
    def list(self) -> BookmarkList:
        return self.query_one(BookmarkList)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#bm-filter", Input)

    def on_mount(self) -> None:
        self.reload()
        self.list.focus()
        self.watch(self.bookmarks, "revision", self._store_changed, init=False)
        self.bookmarks.refresh_store()  # another running instance may have saved bookmarks

    def _store_changed(self) -> None:
        self.reload(keep=self.bookmarks.keep)

    def reload(self, keep: str | None = None) -> None:
        """The store's bookmarks again (after a write or a load)."""
        store, lst = self.bookmarks.store, self.list
        if not self.bookmarks.loaded:
            lst.loading_text = "Loading bookmarks…"  # reloaded when the store is
            lst.set_bookmarks([])
            return
        lst.loading_text = ""
        lst.set_bookmarks(store.bookmarks, keep=keep)
        if store.read_only and store.error:
            lst.border_subtitle = Content(f"read-only: {one_line(store.error)}"[:80])  # the file's error: data

    def start_filter(self, text: str = "") -> None:
        field = self.filter_input
        field.focus()
        if text:
            field.insert_text_at_cursor(text)

    @on(Input.Changed, "#bm-filter")
    def _on_filter_changed(self, event: Input.Changed) -> None:
        self.list.set_filter(event.value)

    @on(Input.Submitted, "#bm-filter")
    def _on_filter_submitted(self, event: Input.Submitted) -> None:
        self.list.focus()

    # -- actions (keys.BOOKMARKS; the palette runs them on this screen) -------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A palette command may run an action on this screen right after pushing it: then
        it runs once the screen's widgets exist."""
        if not self.is_mounted:
            self.call_after_refresh(self.app.run_action, f"{action}{parameters or ''}", self)
            return False
        return True

    def action_cursor_down(self) -> None:
        self.list.move_to(self.list.cursor + 1)

    def action_cursor_up(self) -> None:
        self.list.move_to(self.list.cursor - 1)

    def action_page_down(self) -> None:
        self.list.move_to(self.list.cursor + self.list.page)

    def action_page_up(self) -> None:
        self.list.move_to(self.list.cursor - self.list.page)

    def action_first(self) -> None:
        self.list.move_to(0)

    def action_last(self) -> None:
        self.list.move_to(self.list.count - 1)

    def action_filter(self) -> None:
        self.start_filter()

    def _current(self) -> Bookmark | None:
        bookmark = self.list.current
        if bookmark is None:
            self.app.bell()
        return bookmark

    def action_jump(self) -> None:
        bookmark = self._current()
        if bookmark is not None:
            self.bookmarks.post_message(Bookmarks.Jump(bookmark))

    def action_edit(self) -> None:
        bookmark = self._current()
        if bookmark is not None:
            self.bookmarks.post_message(Bookmarks.Edit(bookmark))

    def action_delete(self) -> None:
        bookmark = self._current()
        if bookmark is not None:
            self.bookmarks.post_message(Bookmarks.Delete(bookmark))

    def action_undo(self) -> None:
        self.bookmarks.post_message(Bookmarks.Undo())

    def action_export(self) -> None:
        self.bookmarks.post_message(Bookmarks.Export())

    def action_close(self) -> None:
        if self.focused is self.filter_input:
            self.list.focus()  # Esc in the filter line: back to the list, the filter kept
            return
        self.dismiss(None)
