"""Search results: a Line-API list (one article per item, its best snippet under its title,
comment and bookmark hits nested under it), with a header line: totals, a syntax error, or
"did you mean".

Everything drawn comes from the index (titles, snippets, authors): it is sanitised and
turned into ``Content`` with spans from the search API, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rich.segment import Segment
from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from reader.index import ArticleHits, Fragment, Hit, Results
from reader.tui import keys
from reader.tui.result_rows import (INDENT, Row, Snippet, bookmark_prefix, full_snippet, hit_prefix, more_line,
                                    snippet_content, thread_line, title_line)
from reader.tui.sanitize import clean
from reader.tui.styling import RestyleOnFocus, StyleCache


@dataclass
class Item:
    """A selectable row group: an article, one of its comment or bookmark hits, its "+N more"
    row, or the suggestion."""

    kind: str  # "article" | "comment" | "bookmark" | "more" | "suggestion"
    group: ArticleHits | None = None
    hit: Hit | None = None
    first: int = 0  # first line
    count: int = 1  # lines


class SearchResults(RestyleOnFocus, ScrollView, can_focus=True, inherit_bindings=False):
    BINDINGS = keys.RESULTS

    COMPONENT_CLASSES = {
        "results--cursor", "results--title", "results--snippet", "results--hit",
        "results--header", "results--error", "results--suggestion", "results--comment",
        "results--meta", "results--thread", "results--bookmark", "results--more",
    }

    DEFAULT_CSS = """
    SearchResults {
        scrollbar-gutter: stable;
        overflow-x: hidden;
        overflow-y: auto;
        & > .results--cursor {
            background: $block-cursor-blurred-background;
        }
        &:focus > .results--cursor {
            background: $block-cursor-background;
        }
        & > .results--title { text-style: bold; }
        & > .results--snippet { color: $text-muted; }
        & > .results--hit { color: $text-warning; text-style: bold underline; }
        & > .results--header { color: $text-secondary; }
        & > .results--error { color: $text-error; text-style: bold; }
        & > .results--suggestion { color: $text-accent; text-style: italic; }
        & > .results--comment { color: $text-secondary; }
        & > .results--meta { color: $text-muted; }
        & > .results--thread { color: $text-secondary; text-style: italic; }
        & > .results--bookmark { color: $text-accent; }
        & > .results--more { color: $text-accent; text-style: bold; }
    }
    """

    class Chosen(Message):
        """Enter on an item."""

        def __init__(self, item: Item) -> None:
            super().__init__()
            self.item = item

    class BarStep(Message):
        """``<``/``>``: pick the bar of the hits-over-time line ``delta`` away (0: none)."""

        def __init__(self, delta: int) -> None:
            super().__init__()
            self.delta = delta

    class NarrowRequested(Message):
        """Enter while a bar is picked: the search kept to its period."""

    class MoreRequested(Message):
        """Enter on a "+N more" row (or ``+`` on an article's rows): every hit of ``group``."""

        def __init__(self, group: ArticleHits) -> None:
            super().__init__()
            self.group = group

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.results: Results | None = None
        self.error = ""
        self.pending = ""
        self.items: list[Item] = []
        # (item index or -1, its content or the function that makes it): a row's content is
        # made when it is first drawn, as a list of 50 articles is mostly out of view
        self._rows: list[tuple[int, Row]] = []
        self.snippets: dict[int, Snippet] = {}  # line → its snippet, drawn for the width
        self._drawn: dict[int, tuple[int, Content]] = {}  # line → (width, content) drawn
        self.loading: set[str] = set()  # articles whose "+N more" is on its way
        self.cursor = 0
        self.bar_picked = False  # a bar of the hits-over-time line is picked: Enter narrows
        self._styles = StyleCache(self)

    # -- data ----------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        self.error = " ".join(clean(message).split())
        self.results = None
        self._rebuild()

    def show_results(self, results: Results) -> None:
        self.error = ""
        self.results = results
        self.loading = set()
        self._rebuild()

    def show_loading(self, group: ArticleHits) -> None:
        """The "+N more" row of ``group`` says its hits are coming."""
        self.loading.add(group.article)
        self._rebuild(keep=True)

    def show_group(self, group: ArticleHits) -> bool:
        """``group`` (an article's hits in full) in place of the one shown for that article;
        the cursor stays on its row (the first hit that was left out); False if not shown."""
        r = self.results
        self.loading.discard(group.article)
        if r is None:
            return False
        for i, old in enumerate(r.articles):
            if old.article == group.article:
                at = next((item for item in self.items if item.kind == "more" and item.group is old), None)
                r.articles[i] = group
                self._rebuild(keep=True)
                if at is not None:  # on the first hit that was left out
                    self.move_to(self._index_of_line(at.first))
                return True
        self._rebuild(keep=True)
        return False

    def show_group_failed(self, article: str) -> None:
        """The "+N more" of ``article`` could not come: the row offers itself again."""
        self.loading.discard(article)
        self._rebuild(keep=True)

    def _index_of_line(self, line: int) -> int:
        for i, item in enumerate(self.items):
            if item.first >= line:
                return i
        return len(self.items) - 1
    def show_pending(self, text: str) -> None:
        self.error = ""
        self.results = None
        self.pending = text
        self._rebuild()

    @property
    def header(self) -> str:
        """The header line, as plain text (for tests and the pane title)."""
        return self._row(0)[1].plain if self._rows else ""

    def _rebuild(self, keep: bool = False) -> None:
        """Rows and items from what is shown; ``keep``: the cursor and scroll stay."""
        items: list[Item] = []
        rows: list[tuple[int, Row]] = []
        snippets: dict[int, Snippet] = {}

        def snippet(index: int, prefix: Content | Callable[[], Content], fragment: Fragment) -> None:
            snip = snippets[len(rows)] = Snippet(prefix, fragment)
            rows.append((index, partial(full_snippet, snip)))

        r = self.results
        if self.error:
            rows.append((-1, Content.styled("⚠ " + self.error, ".results--error")))
            self.border_title = "Search: error"
        elif r is None:
            rows.append((-1, Content.styled(self.pending or "Type to search.", ".results--header")))
            self.border_title = "Search"
        else:
            c = r.counts
            parts = [f"{c['articles']} article{'s' * (c['articles'] != 1)}",
                     f"{c['comments']} comment{'s' * (c['comments'] != 1)}"]
            if c.get("bookmarks"):
                parts.append(f"{c['bookmarks']} bookmark{'s' * (c['bookmarks'] != 1)}")
            head = " · ".join(parts)
            if r.partial:
                head += " (partial)"
            if r.more:
                head += f" · top {len(r.articles)}"
            rows.append((-1, Content.styled(head, ".results--header")))
            self.border_title = f"Search {r.total}"
            if r.corrected:
                items.append(Item("suggestion", first=len(rows)))
                text = " ".join(clean(r.corrected).split())
                rows.append((0, Content.assemble(
                    ("Did you mean ", ".results--suggestion"), (text, ".results--title"),
                    (f"? ({r.corrected_total} hits, Enter)", ".results--suggestion"))))
            for group in r.articles:
                index = len(items)
                item = Item("article", group, group.hit, first=len(rows))
                items.append(item)
                rows.append((index, partial(title_line, group)))
                if group.hit and group.hit.fragments:
                    snippet(index, INDENT, group.hit.fragments[0])
                    item.count = 2
                # a comments-only or by: search: the hits under a line per thread
                if r.threaded and group.threads:
                    runs = [(thread, thread.hits, "     ↳ ") for thread in group.threads]
                else:
                    runs = [(None, group.comments, "   ↳ ")]
                for thread, hits, indent in runs:
                    if thread is not None:
                        rows.append((-1, partial(thread_line, thread)))
                    for hit in hits:
                        cindex = len(items)
                        items.append(Item("comment", group, hit, first=len(rows)))
                        prefix = partial(hit_prefix, indent, hit)
                        if hit.fragments:
                            snippet(cindex, prefix, hit.fragments[0])
                        else:
                            rows.append((cindex, prefix))
                for hit in group.bookmarks:  # the reader's bookmarks: their quote or note
                    bindex = len(items)
                    items.append(Item("bookmark", group, hit, first=len(rows)))
                    if hit.fragments:
                        snippet(bindex, bookmark_prefix, hit.fragments[0])
                    else:
                        rows.append((bindex, bookmark_prefix))
                if group.omitted > 0:  # hits past the per-article limit: a row to show them all
                    mindex = len(items)
                    items.append(Item("more", group, first=len(rows)))
                    rows.append((mindex, partial(more_line, group, group.article in self.loading)))
            if not r.articles and not r.corrected:
                rows.append((-1, Content.styled("No match.", ".results--meta")))
        self.items, self._rows, self.snippets = items, rows, snippets
        self._drawn = {}
        self._set_rows(len(rows))
        if keep:
            self.cursor = max(0, min(self.cursor, len(items) - 1))
        else:
            self.cursor = 0
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def _set_rows(self, count: int) -> None:
        """The list's virtual height: ``count`` rows. A new height is a layout of the whole
        screen (a layout reactive), and a full repaint after it: ~10 ms of every answer while
        typing. When the scrollbar neither comes nor goes (the list fits, or overflows,
        before and after), nothing else moves: the height is set without the layout and the
        scrollbar told its new length."""
        size = Size(self.scrollable_content_region.width, count)
        old = self.virtual_size
        height = self.scrollable_content_region.height
        if not self.is_mounted or height <= 0 or size.width != old.width or (old.height > height) != (count > height):
            self.virtual_size = size
            return
        self.set_reactive(Widget.virtual_size, size)
        if self.show_vertical_scrollbar:
            bar = self.vertical_scrollbar
            bar.window_virtual_size = count
            bar.refresh()
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False)

    def _row(self, position: int) -> tuple[int, Content]:
        """Row ``position``: its item index and content (made now if it was not yet)."""
        index, content = self._rows[position]
        if not isinstance(content, Content):
            content = content()
            self._rows[position] = (index, content)
        return index, content

    @property
    def lines(self) -> list[tuple[int, Content]]:
        """Every row, (item index or -1, content): a snippet's row with its whole fragment."""
        return [self._row(position) for position in range(len(self._rows))]

    @property
    def current(self) -> Item | None:
        return self.items[self.cursor] if 0 <= self.cursor < len(self.items) else None

    def first_result(self) -> int:
        """The index of the first article item (past the suggestion), or 0."""
        for i, item in enumerate(self.items):
            if item.kind != "suggestion":
                return i
        return 0

    # -- cursor --------------------------------------------------------------------------

    def move_to(self, index: int) -> None:
        if self.bar_picked:  # moving in the results drops the picked bar: Enter opens again
            self.post_message(self.BarStep(0))
        if not self.items:
            return
        self.cursor = max(0, min(len(self.items) - 1, index))
        item = self.items[self.cursor]
        height = self.scrollable_content_region.height
        top = int(self.scroll_y)
        if height > 0:
            if item.first < top:
                self.scroll_to(y=max(0, item.first - 1 if item.first == 1 else item.first), animate=False)
            elif item.first + item.count > top + height:
                self.scroll_to(y=item.first + item.count - height, animate=False)
        if self.cursor == 0 and top > 0:
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.items) - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + 5)

    def action_page_up(self) -> None:
        self.move_to(self.cursor - 5)

    def action_previous_bar(self) -> None:
        self.post_message(self.BarStep(-1))

    def action_next_bar(self) -> None:
        self.post_message(self.BarStep(1))

    def action_open(self) -> None:
        if self.bar_picked:
            self.post_message(self.NarrowRequested())
            return
        item = self.current
        if item is None:
            return
        if item.kind == "more":
            if item.group is not None and item.group.article not in self.loading:
                self.post_message(self.MoreRequested(item.group))
            return
        self.post_message(self.Chosen(item))

    def action_more(self) -> None:
        """Every hit of the article under the cursor (its "+N more")."""
        item = self.current
        group = item.group if item is not None else None
        if group is not None and group.omitted > 0 and group.article not in self.loading:
            self.post_message(self.MoreRequested(group))

    def on_click(self, event: events.Click) -> None:
        y = int(self.scroll_y) + event.y
        if 0 <= y < len(self._rows) and self._rows[y][0] >= 0:
            self.move_to(self._rows[y][0])
            if event.chain >= 2:
                self.action_open()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows))
        self._drawn = {}  # snippets are centred again for the new width

    # -- rendering -----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.visual_style
        position = int(self.scroll_y) + y
        if position >= len(self._rows):
            return Strip.blank(width, base.rich_style)
        snip = self.snippets.get(position)
        if snip is None:
            index, content = self._row(position)
        else:  # drawn for the width, never whole
            index = self._rows[position][0]
            drawn = self._drawn.get(position)
            if drawn is None or drawn[0] != width:
                drawn = self._drawn[position] = (width, snippet_content(snip.prefix, snip.fragment, width - 1))
            content = drawn[1]
        row_base = base
        if index >= 0 and index == self.cursor:
            row_base = base + self._styles(".results--cursor")
        content = content.truncate(max(1, width - 1), ellipsis=True)
        segments = [Segment(text, style.rich_style)
                    for text, style in content.render(row_base, end="", parse_style=self._styles)]
        return Strip(segments).crop_extend(0, width, row_base.rich_style)


__all__ = ["Item", "SearchResults", "Style"]
