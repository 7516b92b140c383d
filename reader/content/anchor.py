"""Passage anchors: the W3C Web Annotation TextQuote + TextPosition selectors.

One type for both users: a comment that quotes its article, and a bookmark. Offsets are into
the article's *plain text* (``plain_text(body)``), the text the reading pane shows, so an
anchor found here can be highlighted there without re-deriving anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

CONTEXT = 32  # characters of prefix / suffix kept around a quote


@dataclass(frozen=True)
class Anchor:
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Anchor":
        return cls(
            exact=str(data.get("exact", "")),
            prefix=str(data.get("prefix", "")),
            suffix=str(data.get("suffix", "")),
            start=int(data.get("start", 0)),
            end=int(data.get("end", 0)),
        )


def anchor_at(text: str, start: int, end: int) -> Anchor:
    """The anchor of ``text[start:end]``, with its context."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return Anchor(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT):start],
        suffix=text[end:end + CONTEXT],
        start=start,
        end=end,
    )


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one Markdown parser: plain_text and the reading pane read the same tokens."""
    # imported here: most commands (a bookmark listing, a search) never parse Markdown
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def plain_text(markdown: str) -> str:
    """The plain text of a Markdown body: block texts joined by blank lines.

    Inline markup is dropped (``**a**`` → ``a``, ``[t](u)`` → ``t``), soft breaks become spaces,
    code blocks keep their lines. The reading pane renders from the same tokens.
    """
    if not _SLOW_CHAR.search(markdown) and not _SLOW_LINE.search("\n" + markdown):
        return _plain_paragraphs(markdown)
    blocks: list[str] = []
    for token in markdown_parser().parse(markdown):
        if token.type == "inline":
            blocks.append(inline_text(token.children or []))
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
        elif token.type == "html_block":
            text = token.content.strip()
            if text and not text.startswith("<!--"):
                blocks.append(text)
    return "\n\n".join(b for b in blocks if b.strip())


# Text in which markdown-it can find nothing but paragraphs and line breaks: no character
# that starts inline markup (escapes, code, emphasis, links, autolinks, HTML, entities,
# strikethrough, tables), no line that could open a block (headings, lists, rules, setext
# underlines, indented code), no whitespace but spaces and newlines, no control characters.
_SLOW_CHAR = re.compile(r"[\\`*_\[\]<>&|~\x00-\x09\x0b-\x1f\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]")
_SLOW_LINE = re.compile(r"\n(?: {0,3}[-#=+0-9]| {4})")


def _plain_paragraphs(markdown: str) -> str:
    """``plain_text`` of a text the ``_SLOW`` patterns do not match, as markdown-it reads it:
    paragraphs at blank lines, each trimmed; a line ending in two spaces is a hard break, other line
    ends soft breaks (a space), the next line's leading spaces skipped."""
    paras: list[str] = []
    for block in _BLANK_LINES.split(markdown):
        lines = block.strip(" \n").split("\n")
        text = lines[0]
        for line in lines[1:]:
            if text.endswith("  "):
                text = text.rstrip(" ") + "\n"
            elif not text.endswith(" "):
                text += " "
            text += line.lstrip(" ")
        if text.strip():
            paras.append(text)
    return "\n\n".join(paras)


_BLANK_LINES = re.compile(r"\n(?: *\n)+")


def inline_text(children) -> str:
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(inline_text(child.children or []))
    return "".join(out)
