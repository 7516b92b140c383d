"""The reading pane: the article's title block, its body, its hits, its paragraph cursor.

The drawing, layout and keys are ``MarkdownView``'s (markdown_view.py); this adds what is
about an article: its id and the read toggle.
"""

from __future__ import annotations

from textual import events
from textual.message import Message

from reader.tui import keys
from reader.tui.document import Document, prefix_width
from reader.tui.links import FollowLink, HistoryStep, link_labels
from reader.tui.markdown_view import GUTTER, Head, MarkdownView
from reader.tui.passage import PassageComments, copy_text, open_in_browser
from reader.tui.picker import Picker
from reader.tui.selection import SelectionMixin
from reader.tui.toc import toc_labels

__all__ = ["ArticleView", "Head", "MarkdownView", "ToggleRead", "progress"]


def progress(top: int, height: int, total: int) -> int:
    """How far through the text, in percent: the share of lines down to the screen's last
    one (as ``less -m``), so a text that fits the screen is at 100%."""
    if total <= 0:
        return 100
    return max(0, min(100, round(100 * min(total, top + max(0, height)) / total)))


class ArticleView(SelectionMixin, MarkdownView):
    """The reading pane: the article's title block, its body, its hits."""

    BINDINGS = keys.ARTICLE
    number_links = True

    DEFAULT_CSS = """
    ArticleView {
        border-title-align: right;
    }
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("empty", "No article open. Pick one in the list and press Enter.")
        super().__init__(**kwargs)
        self.article_id: str | None = None

    def show(self, article_id: str, document: Document, head: Head, *, offset: int = 0) -> None:
        self.article_id = article_id
        self.set_document(document, head, offset=offset)

    def clear(self) -> None:
        self.article_id = None
        self.set_document(None)

    # -- the border's subtitle: the reading progress (or the selection's hint) ---------------

    @property
    def progress(self) -> int | None:
        """Percent read (None without an article)."""
        if self.document is None or not self.laid_out:
            return None
        return progress(int(self.scroll_y), self.scrollable_content_region.height, self.line_count)

    def _update_subtitle(self) -> None:
        if self.selecting:
            super()._update_subtitle()
            return
        percent = self.progress
        self.set_border_text("bottom", "" if percent is None else f"{percent}%")

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._update_subtitle()

    def watch_revision(self) -> None:  # a new article or layout
        self._update_subtitle()

    def on_resize(self, event: events.Resize) -> None:  # a new height (MarkdownView's runs too)
        self._update_subtitle()

    def on_click(self, event: events.Click) -> None:
        """A click on a link (its text or its number) follows it, as ``L`` would; the click
        also moves the cursor (MarkdownView's handler)."""
        doc, article_id = self.document, self.article_id
        at = event.get_content_offset(self)
        if doc is None or article_id is None or at is None:
            return
        line = self.body_line(int(self.scroll_y) + at.y)
        if line is None:
            return
        block = doc.blocks[line.block]
        prefix = block.first_prefix if line.first else block.prefix
        link = doc.link_at(line, at.x - GUTTER - prefix_width(prefix))
        if link is not None:
            self.post_message(FollowLink(article_id, link.url, self.head.url))

    def action_toggle_read(self) -> None:
        if self.article_id is not None:
            self.post_message(ToggleRead(self.article_id))

    def action_open_url(self) -> None:
        if self.article_id is None:
            self.app.bell()
            return
        open_in_browser(self.app, self.head.url)

    # -- links, contents, history ----------------------------------------------------------

    def action_links(self) -> None:
        """``L``: the article's links; the one chosen is followed (``FollowLink``)."""
        doc, article_id = self.document, self.article_id
        if doc is None or article_id is None:
            self.app.bell()
            return
        links = doc.links
        if not links:
            self.notify("No links in this article", timeout=2, markup=False)
            return
        base = self.head.url

        def chosen(index: int | None) -> None:
            if index is not None and self.article_id == article_id:
                self.post_message(FollowLink(article_id, links[index].url, base))

        count = len(links)
        title = f"{count} link{'s' * (count != 1)} — Enter follows, or type its number"
        self.app.push_screen(Picker(link_labels(links), title, numbers=True), chosen)

    def action_contents(self) -> None:
        """``t``: the headings; Enter scrolls to the one chosen (the current section first)."""
        doc = self.document
        if doc is None:
            self.app.bell()
            return
        headings = doc.headings
        if not headings:
            self.notify("This article has no headings", timeout=2, markup=False)
            return
        here = doc.blocks[self.cursor].start if 0 <= self.cursor < len(doc.blocks) else self.top_offset
        current = doc.section_at(here) or 0

        def chosen(index: int | None) -> None:
            if index is not None and self.document is doc:
                self.scroll_to_offset(headings[index].start, where="top")

        self.app.push_screen(Picker(toc_labels(headings), "Contents — Enter goes there",
                                    highlighted=current), chosen)

    def action_history_back(self) -> None:
        self.post_message(HistoryStep(-1))

    def action_history_forward(self) -> None:
        self.post_message(HistoryStep(1))

    def action_copy_passage(self) -> None:
        span = self.cursor_passage()
        if span is None:
            self.app.bell()
            return
        copy_text(self.app, self.text[span[0]:span[1]])

    def action_passage_comments(self) -> None:
        span = self.cursor_passage()
        if self.article_id is None or span is None:
            self.app.bell()
            return
        self.post_message(PassageComments(self.article_id, *span))


class ToggleRead(Message):
    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id
