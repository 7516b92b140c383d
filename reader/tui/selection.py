"""The reading pane's bookmark keys: a selection (``v``), ``b`` to bookmark, ``m``/``M``.

``SelectionMixin`` goes before ``MarkdownView`` in ``ArticleView``'s bases. The selection is
an anchor offset and a head offset in the plain text, both inclusive (as vim's visual mode):
``v`` selects the first line of the paragraph under the cursor that is on screen, ``j``/``k``
extend it by a line, ``w`` to the next word's first character, ``e`` to the end of a word,
``b`` asks for a bookmark of it, Esc drops it. Without a selection, ``b`` takes the paragraph
under the cursor. The main screen hands ``BookmarkRequested`` to its ``Bookmarker``, which
makes it a bookmark (its form, then ``Bookmarks.add``).

``m``/``M`` move between the article's bookmarked passages (``MarkdownView.bookmarks``); the
pane title says ``bookmark 2/5`` as it says ``hit 3/17``.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from textual.message import Message

_WORD = re.compile(r"\w+|[^\w\s]+")  # vim's words: a run of word characters, or of others
_BIG_WORD = re.compile(r"\S+")  # vim's WORDs: runs of non-blanks
SELECTION = ".view--selection"
SELECTION_HINT = "selecting: j k w e extend · b bookmark · Esc cancel"
SELECTION_ONLY = ("word_forward", "word_end", "big_word_forward", "big_word_end", "cancel_selection")


class BookmarkRequested(Message):
    """``b`` in the reading pane: bookmark ``text[start:end]`` of ``article_id``."""

    def __init__(self, article_id: str, start: int, end: int) -> None:
        super().__init__()
        self.article_id = article_id
        self.start = start
        self.end = end


class SelectionMixin:
    """Selection mode and bookmark navigation for ``ArticleView`` (a ``MarkdownView``)."""

    def __init__(self, *args, **kwargs) -> None:
        self.selection_anchor: int | None = None
        self.selection_head = 0
        self.bookmark_index = -1  # the bookmark `m`/`M` went to last
        super().__init__(*args, **kwargs)

    # -- state ---------------------------------------------------------------------------

    @property
    def selecting(self) -> bool:
        return self.selection_anchor is not None

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected ``[start, end)`` in the plain text (None when not selecting)."""
        if self.selection_anchor is None:
            return None
        lo = min(self.selection_anchor, self.selection_head)
        hi = max(self.selection_anchor, self.selection_head) + 1
        return lo, min(hi, len(self.text))

    def set_document(self, *args, **kwargs) -> None:
        self.selection_anchor = None
        self.bookmark_index = -1
        super().set_document(*args, **kwargs)
        self._selection_changed()

    def set_bookmarks(self, spans) -> None:
        self.bookmark_index = -1
        super().set_bookmarks(spans)
        self._update_titles()

    def _update_subtitle(self) -> None:
        """The border's subtitle: the selection's hint (ArticleView adds the progress)."""
        self.set_border_text("bottom", SELECTION_HINT if self.selecting else "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in SELECTION_ONLY:
            return self.selecting  # False: hidden, and the key falls through (Esc: back)
        return super().check_action(action, parameters)

    def _selection_changed(self) -> None:
        self._strips.clear()
        self.refresh()
        self._update_subtitle()
        if self.is_mounted:
            self.refresh_bindings()

    def _paint_spans(self, start: int, end: int) -> list[tuple[int, int, str]]:
        spans = super()._paint_spans(start, end)
        sel = self.selection
        if sel is not None and sel[0] < end and sel[1] > start:
            spans.append((sel[0], sel[1], SELECTION))
        return spans

    # -- lines ---------------------------------------------------------------------------

    def _text_line_near(self, index: int, step: int) -> int | None:
        """The nearest layout line from ``index`` (inclusive) in direction ``step`` that
        shows text."""
        lines = self._layout.lines
        while 0 <= index < len(lines):
            line = lines[index]
            if line.kind == "text" and line.end > line.start:
                return index
            index += step
        return None

    def _line_last(self, index: int) -> int:
        line = self._layout.lines[index]
        return max(line.start, line.end - 1)

    def _show_head(self) -> None:
        self._selection_changed()
        self.scroll_to_offset(self.selection_head, where="visible", move_cursor=True)

    # -- actions -------------------------------------------------------------------------

    def action_toggle_selection(self) -> None:
        if self.selecting:
            self.action_cancel_selection()
            return
        doc = self.document
        if doc is None or not self._layout.lines or self.cursor < 0:
            self.app.bell()
            return
        first, last = self._block_lines(self.cursor)  # view lines
        visible = self.visible_lines()
        start = next((y for y in range(first, last + 1) if y in visible), first)
        index = self._text_line_near(start - self.head_height, 1)
        if index is None:
            self.app.bell()
            return
        self.selection_anchor = self._layout.lines[index].start
        self.selection_head = self._line_last(index)
        self._selection_changed()

    def action_cancel_selection(self) -> None:
        self.selection_anchor = None
        self._selection_changed()

    def _extend_by_line(self, step: int) -> None:
        here = self._layout.line_of(self.selection_head)
        index = self._text_line_near(here + step, step)
        if index is None:
            self.app.bell()
            return
        line = self._layout.lines[index]
        anchor = self.selection_anchor
        if line.start > anchor or (step > 0 and line.start <= anchor < line.end):
            self.selection_head = self._line_last(index)  # the selection grows downwards
        else:
            self.selection_head = line.start  # it grows upwards
        self._show_head()

    def action_line_down(self) -> None:
        if self.selecting:
            self._extend_by_line(1)
        else:
            super().action_line_down()

    def action_line_up(self) -> None:
        if self.selecting:
            self._extend_by_line(-1)
        else:
            super().action_line_up()

    def _word_forward(self, pattern: re.Pattern) -> None:
        """The head to the first character of the next word."""
        text, head = self.text, self.selection_head
        here = pattern.match(text, head)  # the rest of the word the head is in
        match = pattern.search(text, here.end() if here else head + 1)
        if match is None:
            self.app.bell()
            return
        self.selection_head = match.start()
        self._show_head()

    def _word_end(self, pattern: re.Pattern) -> None:
        """The head to the last character of this word (of the next, when at its end)."""
        match = pattern.search(self.text, self.selection_head + 1)
        if match is None:
            self.app.bell()
            return
        self.selection_head = match.end() - 1
        self._show_head()

    def action_word_forward(self) -> None:
        self._word_forward(_WORD)

    def action_word_end(self) -> None:
        self._word_end(_WORD)

    def action_big_word_forward(self) -> None:
        self._word_forward(_BIG_WORD)

    def action_big_word_end(self) -> None:
        self._word_end(_BIG_WORD)

    def action_bookmark(self) -> None:
        article_id = getattr(self, "article_id", None)
        span = self.selection if self.selecting else self.cursor_passage()
        if article_id is None or span is None or not self.text[span[0]:span[1]].strip():
            self.app.notify("Nothing to bookmark here", severity="warning", timeout=2, markup=False)
            return
        if self.selecting:
            self.action_cancel_selection()
        self.post_message(BookmarkRequested(article_id, *span))

    # -- bookmarks -----------------------------------------------------------------------

    def show_bookmark(self, span: tuple[int, int]) -> None:
        """Scroll to a bookmarked passage and highlight it; the title counts it when tinted."""
        self.show_passage(*span)
        if span in self.bookmarks:
            self.bookmark_index = self.bookmarks.index(span)
            self._update_titles()

    def go_to_bookmark(self, index: int) -> None:
        spans = self.bookmarks
        if not spans:
            return
        self.bookmark_index = index % len(spans)
        start, end = spans[self.bookmark_index]
        self.scroll_to_offset(start, where="visible", move_cursor=True)
        self._update_titles()

    def _step_bookmark(self, step: int) -> None:
        """From the bookmark shown last while the cursor is still on it (so bookmarks that
        start together are all visited), else from the paragraph under the cursor."""
        spans = self.bookmarks
        if not spans:
            self.app.bell()
            return
        doc = self.document
        block = doc.blocks[self.cursor] if doc and 0 <= self.cursor < len(doc.blocks) else None
        i = self.bookmark_index
        if 0 <= i < len(spans) and block is not None and block.start <= spans[i][0] <= block.end:
            self.go_to_bookmark(i + step)
            return
        here = block.start if block is not None else 0
        j = bisect_left([s for s, _ in spans], here)  # the first one at or after the cursor
        self.go_to_bookmark(j if step > 0 else j - 1)

    def action_next_bookmark(self) -> None:
        self._step_bookmark(1)

    def action_previous_bookmark(self) -> None:
        self._step_bookmark(-1)

    def _title_text(self) -> str:
        title = super()._title_text()
        spans = getattr(self, "bookmarks", [])
        if self.bookmark_index >= 0 and spans:
            shown = f"bookmark {self.bookmark_index + 1}/{len(spans)}"
            return f"{title} · {shown}" if title else shown
        return title
