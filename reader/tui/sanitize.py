"""Untrusted text → something safe to draw.

Everything that comes from an article, a comment, a bookmark, a file name or ``reader.yaml``
passes through here before it reaches a widget. The cleaning itself is the one terminal-text
sanitiser, ``reader.safe_text`` (escape sequences, C0/C1 controls, bidi controls); this module
adds the Textual side: the result is wrapped in ``Content`` / ``rich.text.Text`` — never handed
to a widget as a string, because ``Static``, ``Label``, ``Tree`` labels and ``notify`` parse
markup (``[@click=app.quit]`` would run an action).
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from reader.safe_text import clean, one_line

__all__ = ["clean", "content", "one_line", "text"]


def content(text: str | None, style: str = "") -> Content:
    """Untrusted text as ``Content`` (no markup is parsed), on one line."""
    line = one_line(text)
    return Content.styled(line, style) if style else Content(line)


def text(text: str | None, style: str = "") -> Text:
    """Untrusted text as a Rich ``Text`` (for widgets that take Rich labels, e.g. ``Tree``)."""
    return Text(one_line(text), style=style, no_wrap=True, end="")
