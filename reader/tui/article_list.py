"""The article list: a Line-API widget (one line per article, only visible rows rendered).

Rows are ``reader.library.Entry`` objects; sorting and filtering work on index arrays, so
100k articles cost a sort and a list comprehension, never a widget per row.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.index.catalogue_head import SORTS, Head, sort_order
from reader.library import Entry
from reader.tui import keys
from reader.tui.sanitize import one_line
from reader.tui.line_rows import LineRows
from reader.tui.styling import RestyleOnFocus, StyleCache

SORT_LABELS = {"date": "date ↓", "title": "title", "site": "site"}


class ArticleList(LineRows, RestyleOnFocus, ScrollView, can_focus=True, inherit_bindings=False):
    BINDINGS = keys.LIST
    CURSOR_CLASS = ".list--cursor"

    COMPONENT_CLASSES = {
        "list--cursor", "list--unread", "list--read", "list--mark", "list--site",
        "list--date", "list--count", "list--match", "list--empty", "list--new",
    }

    DEFAULT_CSS = """
    ArticleList {
        scrollbar-gutter: stable;
        overflow-x: hidden;
        overflow-y: auto;
        & > .list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .list--unread { text-style: bold; }
        & > .list--read { color: $text-muted; }
        & > .list--mark { color: $accent; }
        & > .list--site { color: $text-secondary; }
        & > .list--date { color: $text-muted; }
        & > .list--count { color: $text-muted; }
        & > .list--match { color: $text-warning; text-style: bold underline; }
        & > .list--empty { color: $text-muted; text-style: italic; }
        & > .list--new { color: $text-success; text-style: bold; }
    }
    """

    class Opened(Message):
        """Enter on a row."""

        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    class Highlighted(Message):
        """The cursor moved to a row."""

        def __init__(self, entry: Entry | None) -> None:
            super().__init__()
            self.entry = entry

    class FilterRequested(Message):
        """`f`: the app opens the filter line."""

    class ReadToggled(Message):
        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    class ViewChanged(Message):
        """The reader chose another sort (`s`) or toggled only-unread (`U`): worth keeping."""

        def __init__(self, sort: str, unread_only: bool) -> None:
            super().__init__()
            self.sort = sort
            self.unread_only = unread_only

    def __init__(self, *, is_read: Callable[[str], bool] | None = None,
                 new_count: Callable[[str, int], int] | None = None, sort: str = "date",
                 unread_only: bool = False, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.entries: list[Entry] = []
        self.is_read = is_read or (lambda _id: False)
        self.new_count = new_count or (lambda _id, _total: 0)  # (id, comments) → "+K new"
        self.sort = sort if sort in SORTS else "date"
        self.unread_only = unread_only  # read articles hidden (at the next rebuild of the view)
        self._passing: list[int] = []  # the rows the filter lets through, read or not
        self.partial = False  # only the catalogue's head is shown: the rest is loading
        self.filter_text = ""
        self.loading_text = "Loading the library…"
        self._order: dict[str, list[int]] = {}
        self._hay: list[str] | None = None
        self._titles: dict[int, str] = {}
        self._view: list[int] = []
        self.cursor = 0
        self._strips: LRUCache[tuple[int, int, bool], Strip] = LRUCache(512)
        self._styles = StyleCache(self)

    # -- data ----------------------------------------------------------------------------

    def set_entries(self, entries: list[Entry], *, keep: str | None = None) -> None:
        """Show ``entries`` (sorted and filtered as now); the cursor stays on ``keep`` if given.

        Nothing per row happens here but what sorting needs: titles are sanitised when a row
        is drawn, the filter's haystack is built on the first filter.
        """
        self.entries = list(entries)
        self._titles = {}
        self._order.clear()
        self._hay = None
        self.loading_text = ""
        self.partial = False
        self._rebuild(keep)

    def set_head(self, head: Head) -> None:
        """Show the catalogue's head — its first rows in each order — until ``set_entries``
        brings the whole list (the first paint does not wait for a big catalogue)."""
        self.entries = list(head.entries)
        self._titles = {}
        self._order = {key: list(order) for key, order in head.orders.items()}
        self._hay = None
        self.loading_text = ""
        self.partial = not head.complete
        self._rebuild()

    def title_of(self, index: int) -> str:
        title = self._titles.get(index)
        if title is None:
            entry = self.entries[index]
            title = self._titles[index] = one_line(entry.title) or one_line(entry.id)
        return title

    def _sorted(self, key: str) -> list[int]:
        order = self._order.get(key)
        if order is None:  # the core's orders: the catalogue's head is written in them
            order = self._order[key] = sort_order(self.entries, key)
        return order

    def _rebuild(self, keep: str | None = None) -> None:
        if keep is None and self.current is not None:
            keep = self.current.id
        order = self._sorted(self.sort)
        needle = self.filter_text.casefold().strip()
        if needle:
            if self._hay is None:
                self._hay = [f"{e.title}\n{e.site}\n{e.id}".casefold() for e in self.entries]
            hay = self._hay
            words = needle.split()
            order = [i for i in order if all(w in hay[i] for w in words)]
        self._passing = order
        if self.unread_only:
            is_read, entries = self.is_read, self.entries
            order = [i for i in order if not is_read(entries[i].id)]
        self._view = order
        self.cursor = 0
        if keep is not None:
            for pos, i in enumerate(order):
                if self.entries[i].id == keep:
                    self.cursor = pos
                    break
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._view))
        self._update_titles()
        self.scroll_cursor_visible(center=True)
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def set_sort(self, key: str) -> None:
        if key in SORTS and key != self.sort:
            self.sort = key
            self._rebuild()

    def set_unread_only(self, on: bool) -> None:
        if on != self.unread_only:
            self.unread_only = on
            self._rebuild()

    def set_filter(self, text: str) -> None:
        text = one_line(text)
        if text != self.filter_text:
            self.filter_text = text
            self._rebuild()

    def refresh_row(self, article_id: str) -> None:
        """Redraw after a row's read mark changed (a row just read stays until the view is
        rebuilt, even with only-unread on: it does not vanish under the cursor)."""
        self._strips.clear()
        self._update_titles()
        self.refresh()

    @property
    def unread(self) -> int:
        """Unread articles among those the filter lets through."""
        is_read, entries = self.is_read, self.entries
        return sum(1 for i in self._passing if not is_read(entries[i].id))

    @property
    def current(self) -> Entry | None:
        if 0 <= self.cursor < len(self._view):
            return self.entries[self._view[self.cursor]]
        return None

    def _update_titles(self) -> None:
        total = len(self.entries)
        count = f"{len(self._passing)}/{total}" if self.filter_text else f"{total}"
        self.border_title = "Articles …" if self.partial else f"Articles {count} · {self.unread} unread"
        sub = f"by {SORT_LABELS[self.sort]}"
        if self.partial:
            sub = f"loading the list… · {sub}"
        if self.unread_only:
            sub = f"only unread · {sub}"
        if self.filter_text:
            sub = f"filter “{one_line(self.filter_text)}” · {sub}"
        self.border_subtitle = Content(sub)  # the filter is typed text: never markup

    # -- cursor --------------------------------------------------------------------------

    def move_to(self, position: int) -> None:
        if not self._view:
            return
        position = max(0, min(len(self._view) - 1, position))
        if position == self.cursor:
            return
        self.cursor = position
        self.refresh()
        self.scroll_cursor_visible()
        self.post_message(self.Highlighted(self.current))

    def select(self, article_id: str) -> bool:
        for pos, i in enumerate(self._view):
            if self.entries[i].id == article_id:
                self.move_to(pos)
                return True
        return False

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + self.page)

    def action_page_up(self) -> None:
        self.move_to(self.cursor - self.page)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self._view) - 1)

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self.current))

    def action_cycle_sort(self) -> None:
        self.set_sort(SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)])
        self.notify(f"Sorted by {SORT_LABELS[self.sort]}", timeout=1.5, markup=False)
        self.post_message(self.ViewChanged(self.sort, self.unread_only))

    def action_toggle_unread_only(self) -> None:
        self.set_unread_only(not self.unread_only)
        self.notify("Only unread articles" if self.unread_only else "All articles", timeout=1.5,
                    markup=False)
        self.post_message(self.ViewChanged(self.sort, self.unread_only))

    def action_next_unread(self) -> None:
        """The cursor to the next unread row after it, wrapping; a notice when there is none."""
        view, entries, is_read = self._view, self.entries, self.is_read
        for step in range(1, len(view) + 1):
            position = (self.cursor + step) % len(view)
            if not is_read(entries[view[position]].id):
                if position == self.cursor:
                    break  # the only unread one is this one
                self.move_to(position)
                return
        self.notify("No other unread article", timeout=2, markup=False)

    def action_filter(self) -> None:
        self.post_message(self.FilterRequested())

    def action_toggle_read(self) -> None:
        if self.current is not None:
            self.post_message(self.ReadToggled(self.current))

    def on_click(self, event: events.Click) -> None:
        position = int(self.scroll_y) + event.y
        if 0 <= position < len(self._view):
            self.move_to(position)
            if event.chain >= 2:  # double click opens
                self.action_open()

    # -- rendering -----------------------------------------------------------------------

    def _empty(self) -> Content:
        if self.loading_text:
            text = self.loading_text
        elif self.partial:
            text = "Nothing among the first rows; the rest of the list is loading…"
        elif self.filter_text and self._passing:
            text = "No unread article matches the filter (U shows all)."
        elif self.filter_text:
            text = "No article matches the filter."
        elif self.entries:
            text = "No unread article (U shows all)."
        else:
            text = "The library is empty."
        return Content.styled(" " + text, ".list--empty")

    def _line(self, index: int, width: int) -> Content:
        return self._row(index, width)

    def _row(self, index: int, width: int) -> Content:
        entry = self.entries[index]
        read = self.is_read(entry.id)
        title = self.title_of(index)
        site = one_line(entry.site)
        date = entry.shown_date
        count = f"{entry.comments:>4}" if entry.comments else "    "
        right: list[tuple[str, str]] = []
        if width >= 70 and site:
            right.append((_fit(site, 16), ".list--site"))
        if width >= 48:
            right.append((f"{date:<11}", ".list--date"))
        right.append((count, ".list--count"))
        new = self.new_count(entry.id, entry.comments) if entry.comments else 0
        if new:
            right.insert(len(right) - 1, (f"+{new} new", ".list--new"))
        right_text = "  ".join(t for t, _ in right)
        title_width = max(4, width - 2 - 1 - len(right_text) - 1)
        title_content = self._matched(title, ".list--match")
        title_content = title_content.truncate(title_width, ellipsis=True, pad=True)
        title_content = title_content.stylize_before(".list--read" if read else ".list--unread")
        parts: list[Content | tuple[str, str]] = [
            ("  " if read else "● ", ".list--mark"), title_content, " ",
        ]
        for i, (text, style) in enumerate(right):
            if i:
                parts.append("  ")
            parts.append((text, style))
        return Content.assemble(*parts)


def _fit(text: str, width: int) -> str:
    if len(text) > width:
        return text[: width - 1] + "…"
    return f"{text:<{width}}"
