"""What the Line-API lists share (the article list, the bookmarks list): a cursor over the
rows shown, scrolling it into view, and drawing rows as cached strips.

A list keeps ``_view`` (indices of the rows shown, in order), ``cursor`` (a position in
``_view``), ``_strips`` (an LRU of drawn rows by (index, width, on cursor)), ``_styles`` (a
``StyleCache``) and ``filter_text``; it supplies ``_line(index, width)`` (one row's content),
``_empty()`` (what an empty list says) and ``CURSOR_CLASS``.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.content import Content, Span
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style


class LineRows:
    CURSOR_CLASS = ""

    @property
    def count(self) -> int:
        return len(self._view)

    @property
    def page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def scroll_cursor_visible(self, center: bool = False) -> None:
        height = self.scrollable_content_region.height
        top = int(self.scroll_y)
        if height <= 0:
            return
        if center and not (top <= self.cursor < top + height):
            self.scroll_to(y=max(0, self.cursor - height // 2), animate=False)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._view))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.visual_style
        position = int(self.scroll_y) + y
        if not self._view:
            if y == 0:
                return self._strip(self._empty(), width, base)
            return Strip.blank(width, base.rich_style)
        if position >= len(self._view):
            return Strip.blank(width, base.rich_style)
        index = self._view[position]
        on_cursor = position == self.cursor
        key = (index, width, on_cursor)
        strip = self._strips.get(key)
        if strip is None:
            row_base = base + self._styles(self.CURSOR_CLASS) if on_cursor else base
            strip = self._strip(self._line(index, width), width, row_base)
            self._strips[key] = strip
        return strip

    def _strip(self, content: Content, width: int, base: Style) -> Strip:
        segments = [Segment(text, style.rich_style)
                    for text, style in content.render(base, end="", parse_style=self._styles)]
        return Strip(segments).crop_extend(0, width, base.rich_style)

    def _matched(self, text: str, style: str) -> Content:
        """``text`` with the filter's words marked (``style``); case-insensitive."""
        content = Content(text)
        needle = self.filter_text.casefold().strip()
        if needle and text:
            low = text.casefold()
            if len(low) == len(text):  # casefold kept the offsets
                spans = []
                for word in needle.split():
                    at = low.find(word)
                    if at >= 0:
                        spans.append(Span(at, at + len(word), style))
                if spans:
                    content = content.add_spans(spans)
        return content
