"""Untrusted text → something safe to draw.

Everything that comes from an article, a comment or a bookmark passes through here before it
reaches a widget: C0/C1 controls and terminal escape sequences are removed (the cleaner's own
``strip_controls``, plus the payload of DCS/SOS/PM/APC strings, which it leaves as text), and
the result is wrapped in ``Content`` / ``rich.text.Text`` — never handed to a widget as a
string, because ``Static``, ``Label``, ``Tree`` labels and ``notify`` parse markup
(``[@click=app.quit]`` would run an action).
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.content import Content

from reader.content.normalize import strip_controls

# ESC P / X / ^ / _ … ST (or BEL, or the end of the text): the whole string goes, payload too.
_STRING_SEQUENCES = re.compile(r"(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?")


def clean(text: str | None) -> str:
    """Text without control characters or escape sequences; newlines and tabs are kept."""
    if not text:
        return ""
    text = _STRING_SEQUENCES.sub("", text)
    text = strip_controls(text)
    # strip_controls keeps \r; a lone CR would move the terminal cursor.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def one_line(text: str | None) -> str:
    """A title, a name, a message: cleaned, whitespace folded to single spaces."""
    return " ".join(clean(text).split())


def content(text: str | None, style: str = "") -> Content:
    """Untrusted text as ``Content`` (no markup is parsed), on one line."""
    line = one_line(text)
    return Content.styled(line, style) if style else Content(line)


def text(text: str | None, style: str = "") -> Text:
    """Untrusted text as a Rich ``Text`` (for widgets that take Rich labels, e.g. ``Tree``)."""
    return Text(one_line(text), style=style, no_wrap=True, end="")
