"""less's scrolling keys for a Line-API view: a line, a page (less's ``space``/``b``: the
height less one line, so the last line stays in sight) and half a page up and down, and a
scroll that puts a given line at the top (the minimap's wheel and clicks).

``MarkdownView`` is one; after each of these scrolls it keeps its paragraph cursor on screen
(``_scrolled``). The keys are bound in keys.py by the views that use them.
"""

from __future__ import annotations

from textual.scroll_view import ScrollView


class LessScrollView(ScrollView):
    """A ScrollView scrolled by less's keys; no state of its own."""

    def _scrolled(self) -> None:
        """Runs after a scroll by these keys or ``scroll_to_line`` (a subclass's hook)."""

    def scroll_to_line(self, y: int) -> None:
        """Scroll so that view line ``y`` is at the top (clamped); the cursor follows."""
        self.scroll_to(y=max(0, min(self.max_scroll_y, y)), animate=False, force=True)
        self._scrolled()

    def _scroll_lines(self, count: int) -> None:
        self.scroll_to(y=max(0, min(self.max_scroll_y, int(self.scroll_y) + count)), animate=False)
        self._scrolled()

    def action_line_down(self) -> None:
        self._scroll_lines(1)

    def action_line_up(self) -> None:
        self._scroll_lines(-1)

    def action_page_down(self) -> None:
        self._scroll_lines(max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._scroll_lines(-max(1, self.scrollable_content_region.height - 1))

    def action_half_page_down(self) -> None:
        self._scroll_lines(max(1, self.scrollable_content_region.height // 2))

    def action_half_page_up(self) -> None:
        self._scroll_lines(-max(1, self.scrollable_content_region.height // 2))
