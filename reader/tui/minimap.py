"""The minimap: a one-column gutter beside the reading pane showing where in the article the
search hits, the bookmarks and the passages quoted by comments are, with the viewport as a
tinted band. Clicking (or dragging) in it scrolls the reading pane there.

Rows are the article's lines (title block included) scaled to the gutter's height: line ``y``
of ``n`` is row ``y * height // n``. The column is a Line-API widget: it is recomputed only
when the view's ``revision`` (layout, hits, marks, bookmarks) or its scroll offset changes, or
the gutter is resized; between those, ``render_line`` hands back cached strips.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from reader.tui.markdown_view import MarkdownView
from reader.tui.styling import RestyleOnFocus, StyleCache

# kind → (glyph, component class); the first kind present in a row wins (this order)
GLYPHS: dict[str, tuple[str, str]] = {
    "current": ("◀", ".minimap--current"),
    "hit": ("■", ".minimap--hit"),
    "bookmark": ("◆", ".minimap--bookmark"),
    "passage": ("❝", ".minimap--passage"),
}
TRACK = "▕"  # outside the viewport band, no mark
# What the help screen shows under "Minimap".
LEGEND: list[tuple[str, str]] = [
    (GLYPHS["hit"][0], "a search hit (◀ the current one)"),
    (GLYPHS["bookmark"][0], "a bookmark"),
    (GLYPHS["passage"][0], "a passage quoted by comments (C on it lists them)"),
    ("band", "the part of the article on screen; click or drag to scroll"),
]


def rows_of(lines: list[int], total: int, height: int) -> set[int]:
    """The minimap rows showing view lines ``lines`` of ``total``, at ``height`` rows."""
    if total <= 0 or height <= 0:
        return set()
    return {min(height - 1, max(0, y) * height // total) for y in lines}


def band_of(top: int, visible: int, total: int, height: int) -> range:
    """The rows of the viewport band: lines ``[top, top + visible)`` of ``total``."""
    if total <= 0 or height <= 0:
        return range(0)
    first = min(height - 1, max(0, top) * height // total)
    last = -(-min(total, top + visible) * height // total)  # ceiling
    return range(first, max(first + 1, min(height, last)))


class Minimap(RestyleOnFocus, Widget):
    """The article's marks and viewport at a glance, one column wide."""

    # Not scoped: the narrow rule names the screen's class.
    SCOPED_CSS = False
    COMPONENT_CLASSES = {"minimap--track", "minimap--viewport", "minimap--current", "minimap--hit",
                         "minimap--bookmark", "minimap--passage"}
    DEFAULT_CSS = """
    Minimap {
        width: 1;
        height: 1fr;
        padding: 1 0;  /* rows beside the reading pane's lines, not its border */
    }
    Minimap.-empty, Screen.-narrow Minimap {
        display: none;
    }
    Minimap > .minimap--track { color: $panel-lighten-2; }
    Minimap > .minimap--viewport { background: $primary-muted; color: $primary-muted; }
    Minimap > .minimap--current { color: $warning; text-style: bold; }
    Minimap > .minimap--hit { color: $warning; }
    Minimap > .minimap--bookmark { color: $accent; }
    Minimap > .minimap--passage { color: $success; }
    """

    def __init__(self, view: MarkdownView, **kwargs) -> None:
        super().__init__(**kwargs)
        self.view = view
        self._styles = StyleCache(self)
        self._strips: list[Strip] = []
        self._key: tuple | None = None
        self.rows: list[str] = []  # the kind shown on each row ("" for none): tests, debugging
        self.band = range(0)
        self._mark_key: tuple | None = None
        self._marks: dict[int, str] = {}
        self._dragging = False

    def on_mount(self) -> None:
        self.watch(self.view, "scroll_y", self._view_changed, init=False)
        self.watch(self.view, "revision", self._view_changed, init=False)
        self._view_changed()

    def _view_changed(self, *_args) -> None:
        self.set_class(self.view.document is None, "-empty")
        width, height = self.size
        if self._key is None or not self.display or len(self._strips) != height or not width:
            self.refresh()
            return
        # `n` or a scroll moves the band and a mark or two: only the rows that changed are
        # drawn again (a full repaint is most of what a frame of `n` costs otherwise)
        rows, band, key = self.rows, self.band, self._key
        self._build(width, height)
        if self._key == key:
            return
        for y in range(height):
            if rows[y] != self.rows[y] or (y in band) != (y in self.band):
                self.refresh(Region(0, y, width, 1))

    def on_resize(self, event: events.Resize) -> None:
        self.refresh()

    def _restyle(self) -> None:
        super()._restyle()
        self._key = None  # the strips hold styles: rebuild them

    # -- the column ----------------------------------------------------------------------

    def _mark_rows(self, height: int) -> dict[int, str]:
        """row → the kind shown there; cached per (view revision, layout size, height)."""
        view = self.view
        total = view.line_count
        key = (view.revision, total, height)
        if key == self._mark_key:
            return self._marks
        marks: dict[int, str] = {}
        doc = view.document
        if doc is not None and total > 0:
            # lowest priority first: a later kind overwrites an earlier one in the same row
            starts = []
            for offset in view.marks:
                block = doc.block_at(offset)
                if 0 <= block < len(doc.blocks):
                    starts.append(doc.blocks[block].start)
            for row in rows_of([view.line_of(o) for o in starts], total, height):
                marks[row] = "passage"
            for row in rows_of([view.line_of(s) for s, _ in view.bookmarks], total, height):
                marks[row] = "bookmark"
            for row in rows_of([view.line_of(s) for s, _ in view.highlights.hits], total, height):
                marks[row] = "hit"
            current = view.highlights.current
            if current is not None:
                for row in rows_of([view.line_of(current[0])], total, height):
                    marks[row] = "current"
        self._mark_key, self._marks = key, marks
        return marks

    def _build(self, width: int, height: int) -> None:
        view = self.view
        total = view.line_count
        marks = self._mark_rows(height)
        visible = view.scrollable_content_region.height
        band = band_of(int(view.scroll_y), visible, total, height) if total else range(0)
        key = (self._mark_key, band, width, height)
        if key == self._key:
            return
        base = self.visual_style
        style_of = self._styles
        track = (base + style_of(".minimap--track")).rich_style
        in_band = base + style_of(".minimap--viewport")
        strips: list[Strip] = []
        rows: list[str] = []
        for row in range(height):
            kind = marks.get(row, "")
            row_base = in_band if row in band else base
            if kind:
                glyph, name = GLYPHS[kind]
                segment = Segment(glyph, (row_base + style_of(name)).rich_style)
            elif row in band:
                segment = Segment(" ", in_band.rich_style)
            else:
                segment = Segment(TRACK, track)
            strips.append(Strip([segment]).crop_extend(0, width, row_base.rich_style))
            rows.append(kind)
        self._strips, self.rows, self.band, self._key = strips, rows, band, key

    def render_line(self, y: int) -> Strip:
        width, height = self.size.width, self.size.height
        key = self._key
        self._build(width, height)
        if key is not None and self._key != key:
            self.refresh()  # the column changed since the rows to draw were chosen: all of them
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self.visual_style.rich_style)

    # -- mouse ---------------------------------------------------------------------------

    def line_at(self, row: int) -> int:
        """The view line at the middle of minimap ``row``."""
        total, height = self.view.line_count, max(1, self.size.height)
        row = max(0, min(height - 1, row))
        return (2 * row + 1) * total // (2 * height)

    def scroll_view_to(self, row: int) -> None:
        """Centre the reading pane on the lines minimap ``row`` stands for."""
        view = self.view
        if view.document is None:
            return
        view.scroll_to_line(self.line_at(row) - view.scrollable_content_region.height // 2)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        event.stop()
        self._dragging = True
        self.capture_mouse()
        self.scroll_view_to(event.get_content_offset_capture(self).y)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            event.stop()
            self.scroll_view_to(event.get_content_offset_capture(self).y)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.view.scroll_to_line(int(self.view.scroll_y) + 3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.view.scroll_to_line(int(self.view.scroll_y) - 3)


__all__ = ["GLYPHS", "LEGEND", "Minimap", "band_of", "rows_of"]
