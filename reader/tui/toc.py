"""The table of contents (``t``): the article's headings, indented by level."""

from __future__ import annotations

from rich.text import Text

from reader.tui.document import Heading
from reader.tui.sanitize import one_line


def toc_labels(headings: list[Heading]) -> list[Text]:
    """One plain Text per heading, indented two spaces a level below the highest one used."""
    top = min((h.level for h in headings), default=1)
    out = []
    for heading in headings:
        label = Text(no_wrap=True, overflow="ellipsis", end="")
        label.append("  " * (heading.level - top))
        label.append(one_line(heading.text) or "(untitled)", style="bold" if heading.level == top else "")
        out.append(label)
    return out
