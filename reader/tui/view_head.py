"""The title block above a ``MarkdownView``'s body: ``Head`` (title, meta, url, tags, all of
it already sanitised) and its lines at one width, or the empty message without a document."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content


@dataclass
class Head:
    """The title block above the body (all of it already sanitised)."""

    title: str = ""
    meta: str = ""  # author · date · site
    url: str = ""
    tags: str = ""


def head_lines(head: Head, width: int, *, has_document: bool, empty: str = "") -> list[Content]:
    """The title block wrapped to ``width``, closed by a rule and a blank line; without a
    document, the ``empty`` message (if any) instead."""
    out: list[Content] = []
    if not has_document:
        if empty:
            out.extend(Content.styled(empty, ".view--empty").wrap(width))
        return out
    parts = [(head.title, ".view--title"), (head.meta, ".view--meta"),
             (head.url, ".view--url"), (head.tags, ".view--tags")]
    for text, style in parts:
        if text:
            out.extend(Content.styled(text, style).wrap(width))
    if out:
        out.append(Content.styled("─" * min(width, 60), ".md-rule"))
        out.append(Content(""))
    return out
