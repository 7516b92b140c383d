"""Search results: a Line-API list (one article per item, its best snippet under its title,
comment and bookmark hits nested under it), with a header line: totals, a syntax error, or
"did you mean".

Everything drawn comes from the index (titles, snippets, authors): it is sanitised and
turned into ``Content`` with spans from the search API, never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from textual import events
from textual.content import Content, Span
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from reader.index import ArticleHits, Hit, Results
from reader.index.searching import Thread
from reader.tui import keys
from reader.tui.sanitize import clean
from reader.tui.styling import RestyleOnFocus, StyleCache


def _one_line_spans(text: str, spans: list[tuple[int, int]]) -> Content:
    """``text`` on one line with ``spans`` highlighted: whitespace runs fold to one space and
    control characters go, the spans are mapped through the same folding."""
    out: list[str] = []
    mapping: list[int] = []  # original offset → output offset
    last_space = True
    for ch in text:
        mapping.append(len(out))
        if ch.isspace():
            if not last_space:
                out.append(" ")
            last_space = True
            continue
        cleaned = clean(ch)
        if cleaned and not cleaned.isspace():
            out.append(cleaned)
            last_space = False
    mapping.append(len(out))
    line = "".join(out)
    n = len(text)
    marks = []
    for s, e in spans:
        s, e = max(0, min(s, n)), max(0, min(e, n))
        a, b = mapping[s], mapping[e]
        if b > a:
            marks.append(Span(a, b, ".results--hit"))
    content = Content(line)
    if marks:
        content = content.add_spans(marks)
    return content


def thread_line(thread: Thread) -> Content:
    """``   ▸ author  date  title`` of a thread's root comment (sanitised, never markup)."""
    author = " ".join(clean(thread.author).split()) or "anonymous"
    title = " ".join(clean(thread.title).split())
    date = (thread.date or "")[:10]
    return Content.assemble(("   ▸ ", ".results--thread"), (author, ".results--thread"),
                            (f"  {date}" if date else "", ".results--meta"),
                            (f"  {title}" if title else "", ".results--thread"))


BOOKMARK_MARK = "   ⚑ "  # a bookmark hit's line, under its article (comments have "↳")


@dataclass
class Item:
    """A selectable row group: an article, one of its comment or bookmark hits, or the
    suggestion."""

    kind: str  # "article" | "comment" | "bookmark" | "suggestion"
    group: ArticleHits | None = None
    hit: Hit | None = None
    first: int = 0  # first line
    count: int = 1  # lines


class SearchResults(RestyleOnFocus, ScrollView, can_focus=True, inherit_bindings=False):
    BINDINGS = keys.RESULTS

    COMPONENT_CLASSES = {
        "results--cursor", "results--title", "results--snippet", "results--hit",
        "results--header", "results--error", "results--suggestion", "results--comment",
        "results--meta", "results--thread", "results--bookmark",
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
    }
    """

    class Chosen(Message):
        """Enter on an item."""

        def __init__(self, item: Item) -> None:
            super().__init__()
            self.item = item

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.results: Results | None = None
        self.error = ""
        self.pending = ""
        self.items: list[Item] = []
        self.lines: list[tuple[int, Content]] = []  # (item index or -1, content)
        self.cursor = 0
        self._styles = StyleCache(self)

    # -- data ----------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        self.error = " ".join(clean(message).split())
        self.results = None
        self._rebuild()

    def show_results(self, results: Results) -> None:
        self.error = ""
        self.results = results
        self._rebuild()

    def show_pending(self, text: str) -> None:
        self.error = ""
        self.results = None
        self.pending = text
        self._rebuild()

    @property
    def header(self) -> str:
        """The header line, as plain text (for tests and the pane title)."""
        return self.lines[0][1].plain if self.lines else ""

    def _rebuild(self) -> None:
        items: list[Item] = []
        lines: list[tuple[int, Content]] = []
        r = self.results
        if self.error:
            lines.append((-1, Content.styled("⚠ " + self.error, ".results--error")))
            self.border_title = "Search: error"
        elif r is None:
            lines.append((-1, Content.styled(self.pending or "Type to search.", ".results--header")))
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
            lines.append((-1, Content.styled(head, ".results--header")))
            self.border_title = f"Search {r.total}"
            if r.corrected:
                items.append(Item("suggestion", first=len(lines)))
                text = " ".join(clean(r.corrected).split())
                lines.append((0, Content.assemble(
                    ("Did you mean ", ".results--suggestion"), (text, ".results--title"),
                    (f"? ({r.corrected_total} hits, Enter)", ".results--suggestion"))))
            for group in r.articles:
                index = len(items)
                item = Item("article", group, group.hit, first=len(lines))
                items.append(item)
                title_spans = group.hit.title_spans if group.hit else []
                title = _one_line_spans(group.title or group.article, title_spans)
                meta = " ".join(x for x in (clean(group.site).strip(), (group.date or "")[:10]) if x)
                lines.append((index, Content.assemble(
                    title.stylize_before(".results--title"), ("  " + meta, ".results--meta"))))
                if group.hit and group.hit.fragments:
                    frag = group.hit.fragments[0]
                    lines.append((index, Content.assemble(
                        "   ", _one_line_spans(frag.text, frag.spans).stylize_before(".results--snippet"))))
                    item.count = 2
                # a comments-only or by: search: the hits under a line per thread
                if r.threaded and group.threads:
                    runs = [(thread_line(t), t.hits, "     ↳ ") for t in group.threads]
                else:
                    runs = [(None, group.comments, "   ↳ ")]
                for head, hits, indent in runs:
                    if head is not None:
                        lines.append((-1, head))
                    for hit in hits:
                        cindex = len(items)
                        citem = Item("comment", group, hit, first=len(lines))
                        items.append(citem)
                        author = " ".join(clean(hit.author).split()) or "anonymous"
                        snippet = Content("")
                        if hit.fragments:
                            frag = hit.fragments[0]
                            snippet = _one_line_spans(frag.text, frag.spans)
                            snippet = snippet.stylize_before(".results--snippet")
                        lines.append((cindex, Content.assemble(
                            (indent, ".results--comment"), (author, ".results--comment"), ": ", snippet)))
                for hit in group.bookmarks:  # the reader's bookmarks: their quote or note
                    bindex = len(items)
                    items.append(Item("bookmark", group, hit, first=len(lines)))
                    snippet = Content("")
                    if hit.fragments:
                        frag = hit.fragments[0]
                        snippet = _one_line_spans(frag.text, frag.spans).stylize_before(".results--snippet")
                    lines.append((bindex, Content.assemble(
                        (BOOKMARK_MARK, ".results--bookmark"), ("bookmark", ".results--bookmark"), ": ", snippet)))
            if not r.articles and not r.corrected:
                lines.append((-1, Content.styled("No match.", ".results--meta")))
        self.items, self.lines = items, lines
        self.cursor = 0
        self.virtual_size = Size(self.scrollable_content_region.width, len(lines))
        self.scroll_to(y=0, animate=False)
        self.refresh()

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

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))

    def on_click(self, event: events.Click) -> None:
        y = int(self.scroll_y) + event.y
        if 0 <= y < len(self.lines) and self.lines[y][0] >= 0:
            self.move_to(self.lines[y][0])
            if event.chain >= 2:
                self.action_open()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.lines))

    # -- rendering -----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.visual_style
        position = int(self.scroll_y) + y
        if position >= len(self.lines):
            return Strip.blank(width, base.rich_style)
        index, content = self.lines[position]
        row_base = base
        if index >= 0 and index == self.cursor:
            row_base = base + self._styles(".results--cursor")
        content = content.truncate(max(1, width - 1), ellipsis=True)
        segments = [Segment(text, style.rich_style)
                    for text, style in content.render(row_base, end="", parse_style=self._styles)]
        return Strip(segments).crop_extend(0, width, row_base.rich_style)


__all__ = ["Item", "SearchResults", "Style"]
