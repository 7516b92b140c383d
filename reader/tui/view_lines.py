"""A ``MarkdownView``'s lines at one width: the title block's, then the body's layout.

View lines are counted from the top of the view, title block included; the body's layout
(``reader.tui.wrapping.Layout``) counts from the body's first line. This maps between the two
and to plain-text offsets (a bisect on the layout's line starts). No Textual widget here.
"""

from __future__ import annotations

from textual.content import Content

from reader.tui.wrapping import Layout, Line


class ViewLines:
    """The title block's lines (drawn as they are) above the body's layout."""

    __slots__ = ("head", "layout")

    def __init__(self, head: list[Content], layout: Layout) -> None:
        self.head = head
        self.layout = layout

    @property
    def head_height(self) -> int:
        return len(self.head)

    def __len__(self) -> int:
        return len(self.head) + len(self.layout)

    def line_of(self, offset: int) -> int:
        """The view line showing plain-text ``offset``."""
        return self.head_height + self.layout.line_of(offset)

    def position(self, offset: int) -> tuple[int, int]:
        """(view line, column in characters) of ``offset``."""
        y, x = self.layout.position(offset)
        return self.head_height + y, x

    def body_line(self, y: int) -> Line | None:
        """The layout line at view line ``y`` (None in the title block or past the end)."""
        i = y - self.head_height
        return self.layout.lines[i] if 0 <= i < len(self.layout) else None

    def block_lines(self, block: int) -> tuple[int, int]:
        """The first and last view line of a block."""
        first, last = self.layout.block_lines(block)
        return self.head_height + first, self.head_height + last

    def text_start_from(self, y: int) -> int:
        """The plain-text offset of the first text line at or below view line ``y`` (0 if
        there is none)."""
        lines = self.layout.lines
        for i in range(max(0, y - self.head_height), len(lines)):
            if lines[i].kind == "text":
                return lines[i].start
        return 0
