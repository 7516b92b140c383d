"""A Line-API view of a cleaned Markdown text (only the visible lines are rendered).

The article's plain text (``plain_text(body)``, the text every offset points into) is laid
out once per width (``document.layout``) as a list of line slices ``[start, end)`` under the
title block; an offset maps to its line by a bisect on the line starts and to its column by
subtraction. Hits, quoted passages and the paragraph cursor are drawn as spans on the visible
lines only. ``ArticleView`` (the reading pane) and the comment text in the comments pane are
both this view.

The view holds the state (document, cursor, spans, scroll) and hands the rest out: the title
block to view_head.py, the lines and their offsets to view_lines.py, where the cursor goes to
paragraphs.py, the drawing of a line to line_paint.py, less's scrolling keys to
less_scrolling.py, the component classes and their CSS to markdown_styles.py.
"""

from __future__ import annotations

from typing import Self

from textual import events
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.strip import Strip
from textual.style import Style

from reader.tui import keys
from reader.tui.document import Document, Layout, layout
from reader.tui.highlights import Highlights
from reader.tui.less_scrolling import LessScrollView
from reader.tui.line_paint import GUTTER, LinePainter
from reader.tui.markdown_styles import MARKDOWN_VIEW_CSS, MD_CLASSES, VIEW_CLASSES
from reader.tui.paragraphs import (first_paragraph, last_paragraph, paragraph_at_top,
                                   paragraph_on_screen, step_paragraph)
from reader.tui.styling import RestyleOnFocus, StyleCache
from reader.tui.view_head import Head, head_lines
from reader.tui.view_lines import ViewLines

__all__ = ["GUTTER", "Head", "MD_CLASSES", "MarkdownView"]


class MarkdownView(RestyleOnFocus, LessScrollView, can_focus=True, inherit_bindings=False):
    """A document laid out into lines, with a paragraph cursor and highlighted spans."""

    BINDINGS = keys.READING
    number_links = False  # draw each link's number after it (``text[3]``): the reading pane

    # Bumped whenever the layout, the hits, the marks or the bookmarks change: the minimap
    # (reader.tui.minimap) watches it and ``scroll_y`` to redraw only then.
    revision: var[int] = var(0, init=False)

    COMPONENT_CLASSES = MD_CLASSES | VIEW_CLASSES
    DEFAULT_CSS = MARKDOWN_VIEW_CSS
    _border_row: str | None = None  # "top" / "bottom" while a border text is being set

    class CursorMoved(Message):
        """The paragraph cursor moved (``offset`` is its block's start in the plain text)."""

        def __init__(self, view: "MarkdownView", offset: int) -> None:
            super().__init__()
            self.view = view
            self.offset = offset

    def __init__(self, *, cursor: bool = True, empty: str = "", name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.show_cursor = cursor
        self.empty_text = empty
        self.document: Document | None = None
        self.head = Head()
        self._lines = ViewLines([], Layout([], 0))
        self._width = 0
        self._strips: LRUCache[int, Strip] = LRUCache(1024)
        self._styles = StyleCache(self)
        self._painter = LinePainter(self._styles)
        self.cursor = -1  # block index
        self.highlights = Highlights()
        self._marked_blocks: set[int] = set()
        self.marks: list[int] = []  # offsets of passages quoted by comments (set_marks)
        self.bookmarks: list[tuple[int, int]] = []  # bookmarked spans (set_bookmarks)
        # a scroll asked for before the view was laid out (hidden, not sized yet)
        self._pending_offset: tuple[int, str, bool] | None = None
        self._border_texts: dict[str, str] = {}  # "top"/"bottom" → the text set_border_text set

    # -- content -------------------------------------------------------------------------

    def set_document(self, document: Document | None, head: Head | None = None,
                     *, offset: int = 0) -> None:
        """Show ``document`` (None: the empty message), scrolled to plain-text ``offset``."""
        self.document = document
        self.head = head or Head()
        self.highlights.clear()
        self._marked_blocks = set()
        self.marks, self.bookmarks = [], []
        self._painter.clear()
        self._lines = ViewLines([], Layout([], 0))
        self._width = 0
        self.cursor = -1
        self._pending_offset = (offset, "top", offset > 0)
        self._relayout()
        self._update_titles()
        self.revision += 1

    @property
    def text(self) -> str:
        return self.document.text if self.document else ""

    # -- layout --------------------------------------------------------------------------

    @property
    def _text_width(self) -> int:
        return max(10, self.scrollable_content_region.width - GUTTER)

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return  # not sized yet: on_resize lays out
        keep = self._pending_offset
        if keep is None and self._layout.lines:
            keep = (self.top_offset, "top", False)
        self._pending_offset = None
        self._width = width
        text_width = self._text_width
        doc = self.document
        head = head_lines(self.head, text_width, has_document=doc is not None, empty=self.empty_text)
        self._lines = ViewLines(head, layout(doc, text_width, numbered=self.number_links) if doc
                                else Layout([], text_width))
        self._strips.clear()
        self.virtual_size = Size(width, self.line_count)
        if doc and self.cursor < 0 and self.show_cursor:
            self.cursor = first_paragraph(doc.blocks, -1)
        if keep is not None and doc:
            offset, where, move_cursor = keep
            if offset > 0 or where != "top":
                self.scroll_to_offset(offset, where=where, move_cursor=move_cursor)
            else:
                self.scroll_to(y=0, animate=False)
        self.refresh()
        self.revision += 1

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._relayout()

    # -- offsets ↔ lines -----------------------------------------------------------------

    @property
    def _layout(self) -> Layout:
        """The body's layout (selection.py walks its lines)."""
        return self._lines.layout

    @property
    def head_height(self) -> int:
        return self._lines.head_height

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def line_of(self, offset: int) -> int:
        """The line (counted from the top of the view, title block included) showing
        plain-text ``offset``: a bisect on the layout's line starts."""
        return self._lines.line_of(offset)

    def column_of(self, offset: int) -> tuple[int, int]:
        """(line, column in characters) of ``offset``."""
        return self._lines.position(offset)

    def body_line(self, y: int):
        """The layout line at view line ``y`` (None in the title block or past the end)."""
        return self._lines.body_line(y)

    @property
    def laid_out(self) -> bool:
        return self._width > 0

    @property
    def top_offset(self) -> int:
        """The plain-text offset of the first text line on screen (the reading position)."""
        if not self.laid_out and self._pending_offset is not None:
            return self._pending_offset[0] if self._pending_offset[1] == "top" else 0
        return self._lines.text_start_from(int(self.scroll_y))

    def visible_lines(self) -> range:
        top = int(self.scroll_y)
        return range(top, min(self.line_count, top + self.scrollable_content_region.height))

    def scroll_to_offset(self, offset: int, *, where: str = "third", move_cursor: bool = True) -> None:
        """Bring plain-text ``offset`` on screen: at the ``top``, a ``third`` of the way down,
        or only if it is not ``visible`` already. Deferred until the view is laid out."""
        height = self.scrollable_content_region.height
        if not self.laid_out or height <= 0:
            self._pending_offset = (offset, where, move_cursor)
            return
        y = self.line_of(offset)
        if where == "top":
            target = y
        elif where == "visible":
            top = int(self.scroll_y)
            if top <= y < top + height:
                target = top
            else:
                target = max(0, y - height // 3)
        else:
            target = max(0, y - height // 3)
        # force: right after a new layout the scrollbars are not refreshed yet and an unforced
        # scroll is silently dropped (``allow_vertical_scroll`` is still False)
        self.scroll_to(y=target, animate=False, force=True)
        self.call_after_refresh(self._sync_scrollbar)
        if move_cursor and self.document:
            self._set_cursor(self.document.block_at(offset))

    def _sync_scrollbar(self) -> None:
        """Textual moves the scrollbar's thumb only if the bar is shown when the scroll happens;
        right after a new layout it may not be yet, and would then show the old position."""
        if self.show_vertical_scrollbar and self.vertical_scrollbar.position != self.scroll_y:
            self.vertical_scrollbar.position = self.scroll_y

    # -- highlights ----------------------------------------------------------------------

    def set_highlights(self, spans: list[tuple[int, int]], *, current: int | None = 0,
                       scroll: bool = True) -> None:
        """Highlight ``spans`` (plain-text offsets); ``current`` is the hit shown as current."""
        self.highlights.set_hits(spans, len(self.text))
        self._strips.clear()
        self.refresh()
        if self.highlights.hits and current is not None:
            self.go_to_hit(max(0, min(current, self.hit_count - 1)), scroll=scroll)
        self._update_titles()
        self.revision += 1

    def clear_highlights(self) -> None:
        self.set_highlights([])

    @property
    def hit_count(self) -> int:
        return len(self.highlights.hits)

    @property
    def hit_index(self) -> int:
        return self.highlights.index

    def go_to_hit(self, index: int, *, scroll: bool = True) -> None:
        hits = self.highlights.hits
        if not hits:
            return
        left = self.highlights.current
        self.highlights.index = index % len(hits)
        # only the lines of the hit left and of the new current one look different: only they
        # are drawn again (a scroll, when the new one is off screen, repaints the rest)
        self._redraw_lines(left)
        self._redraw_lines(self.highlights.current)
        if scroll:
            self.scroll_to_offset(hits[self.highlights.index][0], where="visible")
        self._update_titles()
        self.revision += 1

    def _redraw_lines(self, span: tuple[int, int] | None) -> None:
        """Draw the lines showing ``span`` again."""
        if span is None or self.document is None:
            return
        start, end = span
        self._redraw_rows(self.line_of(start), self.line_of(max(start, end - 1)))

    def _redraw_rows(self, first: int, last: int) -> None:
        """Draw view lines ``first`` to ``last`` again (their drawn strips dropped)."""
        for y in range(first, last + 1):
            self._strips.discard(y)
        self.refresh_lines(first, last - first + 1)

    def show_passage(self, start: int, end: int) -> None:
        """Scroll to a passage (a comment's quote, a bookmark) and highlight it."""
        self.highlights.set_passage(start, end, len(self.text))
        self._strips.clear()
        self.refresh()
        self.scroll_to_offset(start, where="third")

    @property
    def passage(self) -> tuple[int, int] | None:
        return self.highlights.passage

    def set_marks(self, offsets: list[int]) -> None:
        """Mark the blocks holding these offsets in the margin (passages with comments)."""
        doc = self.document
        self.marks = list(offsets) if doc else []
        self._marked_blocks = {doc.block_at(o) for o in offsets} if doc else set()
        self._strips.clear()
        self.refresh()
        self.revision += 1

    def set_bookmarks(self, spans: list[tuple[int, int]]) -> None:
        """The article's bookmarked passages (plain-text ``(start, end)``), for the minimap
        (and the bookmark tint). Call it again with the new list whenever it changes."""
        self.bookmarks = sorted((s, e) for s, e in spans if e > s) if self.document else []
        self._strips.clear()
        self.refresh()
        self.revision += 1

    def cursor_passage(self) -> tuple[int, int] | None:
        """The passage ``y`` copies (and a bookmark takes): the paragraph under the cursor as a
        plain-text ``(start, end)``; None without a document or a cursor."""
        doc = self.document
        if doc is None or not 0 <= self.cursor < len(doc.blocks):
            return None
        block = doc.blocks[self.cursor]
        return (block.start, block.end) if block.end > block.start else None

    def _paint_spans(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The spans painted over ``[start, end)``: bookmark tints under the highlights
        (a later span is drawn over an earlier one). selection.py adds the selection."""
        tints = [(s, e, ".view--bookmark") for s, e in self.bookmarks if s < end and e > start]
        return tints + self.highlights.spans_in(start, end)

    def _update_titles(self) -> None:
        self.set_border_text("top", self._title_text())

    def _title_text(self) -> str:
        return f"hit {self.hit_index + 1}/{self.hit_count}" if self.hit_count else ""

    def set_border_text(self, row: str, text: str) -> None:
        """The border's title (``row`` "top") or subtitle ("bottom"), plain text. Textual
        repaints the whole pane whenever either is set, and they change at every `n` and
        scroll (hit i/N, the progress): only their border row is drawn again here."""
        if self._border_texts.get(row) == text:
            return
        self._border_texts[row] = text
        self._border_row = row
        try:
            which = "border_title" if row == "top" else "border_subtitle"
            setattr(self, which, Content(text))  # plain: never markup
        finally:
            self._border_row = None

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        if self._border_row is not None and not regions and not layout and not recompose and self.is_mounted:
            offset, outer = self.content_offset, self.outer_size
            y = 0 if self._border_row == "top" else outer.height - 1
            regions = (Region(-offset.x, y - offset.y, outer.width, 1),)  # (content-relative)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    # -- cursor --------------------------------------------------------------------------

    def _set_cursor(self, block: int) -> None:
        if (not self.show_cursor or self.document is None or block == self.cursor
                or not 0 <= block < len(self.document.blocks)):
            return
        left, self.cursor = self.cursor, block
        for changed in (left, block):  # only the two paragraphs' lines look different
            if 0 <= changed < len(self.document.blocks):
                self._redraw_rows(*self._block_lines(changed))
        self.post_message(self.CursorMoved(self, self.document.blocks[block].start))

    def _block_lines(self, block: int) -> tuple[int, int]:
        """The first and last view line of a block."""
        return self._lines.block_lines(block)

    def _scrolled(self) -> None:
        """After a scroll (less_scrolling.py): the cursor stays on a paragraph on screen."""
        if not self.show_cursor or self.document is None or self.cursor < 0:
            return
        block = paragraph_on_screen(self._lines, self.visible_lines(), self.cursor)
        if block is not None:
            self._set_cursor(block)

    def _move_paragraph(self, step: int) -> None:
        doc = self.document
        if doc is None:
            return
        if self.show_cursor:
            i = self.cursor if self.cursor >= 0 else 0
        else:  # no cursor (a comment's text): from the paragraph at the top of the view
            i = paragraph_at_top(self._lines, self.visible_lines(), step)
        j = step_paragraph(doc.blocks, i, step)
        if j is None:
            if step > 0:
                self.scroll_to(y=self.max_scroll_y, animate=False)
            else:
                self.scroll_to(y=0, animate=False)
            return
        self._set_cursor(j)
        first, last = self._block_lines(j)
        height = self.scrollable_content_region.height
        top = int(self.scroll_y)
        if not self.show_cursor or first < top or last >= top + height:
            # show the paragraph from its top, with the line before it for context
            self.scroll_to(y=max(0, first - 1), animate=False)

    # -- actions -------------------------------------------------------------------------

    # less's line and page keys are LessScrollView's (less_scrolling.py)

    def action_next_paragraph(self) -> None:
        self._move_paragraph(1)

    def action_previous_paragraph(self) -> None:
        self._move_paragraph(-1)

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False)
        if self.document:
            self._set_cursor(first_paragraph(self.document.blocks, 0))

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False)
        if self.document and self.document.blocks:
            self._set_cursor(last_paragraph(self.document.blocks, 0))

    def action_next_hit(self) -> None:
        if not self.hit_count:
            self.app.bell()
            return
        self.go_to_hit(self.hit_index + 1)

    def action_previous_hit(self) -> None:
        if not self.hit_count:
            self.app.bell()
            return
        self.go_to_hit(self.hit_index - 1)

    def on_click(self, event: events.Click) -> None:
        line = self.body_line(int(self.scroll_y) + event.y)
        if line is not None and line.kind == "text":
            self._set_cursor(line.block)

    # -- rendering -----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        if self.scrollable_content_region.width != self._width:
            self._relayout()
        index = int(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self.visual_style
        if index >= self.line_count or index < 0:
            return Strip.blank(width, base.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            strip = self._render_index(index, width, base)
            self._strips[index] = strip
        return strip

    def _render_index(self, index: int, width: int, base: Style) -> Strip:
        lines = self._lines
        if index < lines.head_height:
            return self._painter.head_line(lines.head[index], width, base)
        line = lines.layout.lines[index - lines.head_height]
        return self._painter.body_line(
            self.document, line, width, base,
            on_cursor=self.show_cursor and line.block == self.cursor and line.kind == "text",
            marked=line.first and line.block in self._marked_blocks,
            spans_in=self._paint_spans, numbered=self.number_links)
