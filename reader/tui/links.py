"""The reading pane's links: the list ``L`` shows (number, text, address) and the messages
that follow one (``FollowLink``: the main screen's ``Navigator`` opens the library's copy of
the page, or the browser) or move through the articles read (``HistoryStep``).
"""

from __future__ import annotations

from rich.text import Text
from textual.message import Message

from reader.tui.document import Link
from reader.tui.sanitize import one_line


class FollowLink(Message):
    """Follow ``url`` (as written in ``article_id``, whose own address is ``base``)."""

    def __init__(self, article_id: str, url: str, base: str = "") -> None:
        super().__init__()
        self.article_id = article_id
        self.url = url
        self.base = base


class HistoryStep(Message):
    """Back (-1) or forward (+1) through the articles opened."""

    def __init__(self, step: int) -> None:
        super().__init__()
        self.step = step


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def link_labels(links: list[Link], text_width: int = 36, url_width: int = 52) -> list[Text]:
    """``  3  memory controller   http://lwn.net/Articles/243795/`` per link, as plain Text
    (the link's text and address are data: never markup)."""
    width = len(str(len(links)))
    out = []
    for link in links:
        label = Text(no_wrap=True, overflow="ellipsis", end="")
        label.append(f"{link.number:>{width}}  ", style="bold")
        label.append(f"{_cut(one_line(link.text), text_width):<{text_width}}  ")
        label.append(_cut(one_line(link.url), url_width), style="dim")
        out.append(label)
    return out
