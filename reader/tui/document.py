"""A cleaned Markdown body as styled blocks over its plain text, and their wrapped lines
(``layout``: made in ``reader.tui.wrapping``, given out here too).

The reading pane shows exactly ``plain_text(body)`` (reader.content.anchor): the block texts
joined by blank lines. Search hit spans, comment quotes and bookmarks are offsets into that
text, so every block here carries its ``start`` offset, and a layout (the blocks wrapped to a
width) is a list of lines, each a ``[start, end)`` slice of the plain text. An offset maps to
its line by bisecting the line starts, and to its column by subtraction.

Display-only things take no room in the plain text: list bullets, quote bars and table bars
are line *prefixes*; blank lines between blocks and horizontal rules are lines whose slice is
empty. Both are positioned at the next block's start so the line starts stay sorted.

No Textual here: spans carry style names (``.md-strong``…) that the widget resolves.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from rich.cells import cell_len

from reader.content.anchor import markdown_parser as _parser  # same tokens, same offsets
from reader.content.anchor import plain_text
# the blocks' wrapped lines (a module of their own), given out here with the blocks
from reader.tui.wrapping import Layout, Line, layout, prefix_width, wrap_offsets

log = logging.getLogger(__name__)

Piece = tuple[str, str]  # (text, style name)

_INLINE_STYLES = {
    "em_open": ".md-em",
    "strong_open": ".md-strong",
    "s_open": ".md-strike",
    "link_open": ".md-link",
}
_INLINE_CLOSE = {
    "em_close": ".md-em",
    "strong_close": ".md-strong",
    "s_close": ".md-strike",
    "link_close": ".md-link",
}


@dataclass(slots=True)
class Block:
    """One block of the plain text: ``text`` sits at ``start`` in ``Document.text``."""

    kind: str  # h1…h6, p, code, html, th, td, rule
    start: int
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # block-relative
    first_prefix: tuple[Piece, ...] = ()
    prefix: tuple[Piece, ...] = ()  # continuation lines
    gap_before: bool = True
    links: list[tuple[int, int, str]] = field(default_factory=list)  # block-relative, with href

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def style(self) -> str:
        return f".md-{self.kind}"


@dataclass(frozen=True, slots=True)
class Link:
    """A link of the body: ``text[start:end]`` shows it; ``number`` is how the reader names it
    (``text[3]``), counted from 1 in reading order."""

    number: int
    start: int
    end: int
    url: str
    text: str


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1…6
    start: int
    text: str
    block: int


def link_marker(number: int) -> str:
    """What follows a link's text on screen (display only: no room in the plain text)."""
    return f"[{number}]"


@dataclass
class Document:
    text: str  # == plain_text(body)
    blocks: list[Block]
    styled: bool = True  # False when the fallback (unstyled paragraphs) was used

    @cached_property
    def links(self) -> list[Link]:
        """Every link of the body in reading order (an image's or an empty address skipped)."""
        out: list[Link] = []
        for block in self.blocks:
            for s, e, url in block.links:
                if url.strip() and e > s:
                    out.append(Link(len(out) + 1, block.start + s, block.start + e, url.strip(),
                                    block.text[s:e]))
        return out

    @cached_property
    def link_marks(self) -> dict[int, list[tuple[int, str]]]:
        """Block index → ``[(block-relative end of a link, its marker)]``, for the layout."""
        marks: dict[int, list[tuple[int, str]]] = {}
        starts = [b.start for b in self.blocks]
        for link in self.links:
            index = max(0, bisect_right(starts, link.start) - 1)
            while self.blocks[index].kind == "rule" and index > 0:
                index -= 1  # a rule shares its start with the next block
            block = self.blocks[index]
            marks.setdefault(index, []).append((link.end - block.start, link_marker(link.number)))
        return marks

    @cached_property
    def headings(self) -> list[Heading]:
        """The headings (h1…h6 blocks), in order: the table of contents."""
        return [Heading(int(b.kind[1]), b.start, b.text, i) for i, b in enumerate(self.blocks)
                if b.kind in ("h1", "h2", "h3", "h4", "h5", "h6")]

    def link_at(self, line: Line, column: int) -> Link | None:
        """The link drawn at ``column`` (cells from the start of the line's text, prefix not
        counted) of a numbered layout's ``line``: its text or its marker; None elsewhere."""
        if line.kind != "text" or column < 0:
            return None
        block = self.blocks[line.block]
        ends = {block.start + rel: mark for rel, mark in self.link_marks.get(line.block, [])}
        x = 0
        for offset in range(line.start, line.end + 1):
            mark = ends.get(offset) if offset > line.start else None
            if mark is not None:
                if x <= column < x + len(mark):
                    return next((k for k in self.links if k.end == offset), None)
                x += len(mark)
            if offset == line.end or x > column:
                return None
            width = cell_len(self.text[offset])
            if x <= column < x + width:
                return next((k for k in self.links if k.start <= offset < k.end), None)
            x += width
        return None

    def section_at(self, offset: int) -> int | None:
        """The index in ``headings`` of the section holding ``offset`` (None before the first)."""
        starts = [h.start for h in self.headings]
        index = bisect_right(starts, offset) - 1
        return index if index >= 0 else None

    @property
    def text_blocks(self) -> list[int]:
        """Indexes of the blocks that hold text (the paragraph cursor moves over these)."""
        return [i for i, b in enumerate(self.blocks) if b.kind != "rule"]

    def block_at(self, offset: int) -> int:
        """The index of the block holding ``offset`` (or the one before the gap it is in)."""
        starts = [b.start for b in self.blocks]
        return max(0, bisect_right(starts, offset) - 1)


# -- Markdown → blocks -------------------------------------------------------------------


def parse(markdown: str) -> Document:
    """Blocks from Markdown; their joined texts are ``plain_text(markdown)``, checked."""
    try:
        blocks = _blocks(markdown)
    except Exception:  # a parser surprise must not cost the reader the article
        log.exception("markdown layout failed; showing plain paragraphs")
        blocks = None
    expected = plain_text(markdown)
    if blocks is not None:
        offset = 0
        for block in blocks:
            if block.kind != "rule":
                if offset:
                    offset += 2
                block.start = offset
                offset += len(block.text)
        _place_rules(blocks)
        joined = "\n\n".join(b.text for b in blocks if b.kind != "rule")
        if joined == expected:
            return Document(expected, blocks)
        log.warning("markdown layout disagrees with plain_text(); showing plain paragraphs")
    return _fallback(expected)


def _fallback(text: str) -> Document:
    blocks: list[Block] = []
    offset = 0
    for part in text.split("\n\n"):
        if part:
            blocks.append(Block("p", offset, part))
        offset += len(part) + 2
    return Document(text, blocks, styled=False)


def _place_rules(blocks: list[Block]) -> None:
    """A rule has no text: it sits at the start of the next text block (or the end)."""
    nxt = None
    for block in reversed(blocks):
        if block.kind == "rule":
            block.start = nxt if nxt is not None else -1
        else:
            nxt = block.start
    end = max((b.end for b in blocks if b.kind != "rule"), default=0)
    for block in blocks:
        if block.start == -1:
            block.start = end


def _blocks(markdown: str) -> list[Block]:
    blocks: list[Block] = []
    # Containers open around the current token: ["quote"] or ["item", marker, used, tight].
    stack: list[list] = []
    ordinals: list[int] = []
    heading = ""
    tight = False
    cell = ""
    row_started = False
    prev_tight = False

    def prefixes() -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
        first: list[Piece] = []
        rest: list[Piece] = []
        for frame in stack:
            if frame[0] == "quote":
                first.append(("│ ", ".md-quote-bar"))
                rest.append(("│ ", ".md-quote-bar"))
            else:
                marker = frame[1]
                if not frame[2]:
                    first.append((marker, ".md-bullet"))
                    frame[2] = True
                else:
                    first.append((" " * cell_len(marker), ""))
                rest.append((" " * cell_len(marker), ""))
        return tuple(first), tuple(rest)

    def add(kind: str, text: str, spans: list[tuple[int, int, str]], is_tight: bool = False,
            links: list[tuple[int, int, str]] | None = None) -> None:
        nonlocal prev_tight, row_started
        if not text.strip():  # plain_text drops blank blocks: so do we
            return
        first, rest = prefixes()
        if kind in ("th", "td"):
            first = rest = first + (("│ ", ".md-table-bar"),)
        gap = not (is_tight and prev_tight)
        if kind in ("th", "td") and row_started:
            gap = False
        if kind in ("th", "td"):
            row_started = True
        if any(f[0] == "quote" for f in stack):
            spans = [(0, len(text), ".md-quote"), *spans]
        blocks.append(Block(kind, 0, text, spans, first, rest, gap, links or []))
        prev_tight = is_tight

    for token in _parser().parse(markdown):
        t = token.type
        if t == "blockquote_open":
            stack.append(["quote"])
        elif t == "blockquote_close":
            _pop(stack, "quote")
        elif t == "bullet_list_open":
            ordinals.append(-1)
        elif t == "ordered_list_open":
            start = token.attrs.get("start", 1) if token.attrs else 1
            ordinals.append(int(start) if str(start).isdigit() else 1)
        elif t in ("bullet_list_close", "ordered_list_close"):
            if ordinals:
                ordinals.pop()
        elif t == "list_item_open":
            if ordinals and ordinals[-1] >= 0:
                number = token.info if token.info.isdigit() else str(ordinals[-1])
                ordinals[-1] = int(number) + 1
                marker = f"{number}{token.markup or '.'} "
            else:
                marker = "• "
            stack.append(["item", marker, False])
        elif t == "list_item_close":
            _pop(stack, "item")
        elif t == "heading_open":
            heading = token.tag if token.tag in ("h1", "h2", "h3", "h4", "h5", "h6") else "h6"
        elif t == "heading_close":
            heading = ""
        elif t == "paragraph_open":
            tight = bool(token.hidden)
        elif t == "paragraph_close":
            tight = False
        elif t == "tr_open":
            row_started = False
        elif t in ("th_open", "td_open"):
            cell = t[:2]
        elif t in ("th_close", "td_close"):
            cell = ""
        elif t == "inline":
            text, spans, links = _inline(token.children or [])
            kind = heading or cell or "p"
            add(kind, text, spans, is_tight=tight, links=links)
        elif t in ("fence", "code_block"):
            text = token.content.rstrip("\n")
            add("code", text, [(0, len(text), ".md-code-block")])
        elif t == "html_block":
            text = token.content.strip()
            if text and not text.startswith("<!--"):
                add("html", text, [(0, len(text), ".md-html")])
        elif t == "hr":
            first, _ = prefixes()
            blocks.append(Block("rule", 0, "", [], first, first, True))
            prev_tight = False
    return blocks


def _pop(stack: list[list], kind: str) -> None:
    for i in range(len(stack) - 1, -1, -1):
        if stack[i][0] == kind:
            del stack[i]
            return


def _inline(children) -> tuple[str, list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """The text of an inline token (as ``anchor.inline_text``), its style spans and its links
    (start, end, href)."""
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    links: list[tuple[int, int, str]] = []
    opened: list[tuple[int, str]] = []  # links open around the current text: (start, href)
    active: list[str] = []
    size = 0

    def emit(text: str, extra: str = "") -> None:
        nonlocal size
        if not text:
            return
        start, size = size, size + len(text)
        out.append(text)
        for style in active:
            spans.append((start, size, style))
        if extra:
            spans.append((start, size, extra))

    def walk(nodes, image: bool = False) -> None:
        for child in nodes:
            t = child.type
            if t == "text":
                emit(child.content, ".md-image" if image else "")
            elif t == "code_inline":
                emit(child.content, ".md-code")
            elif t == "softbreak":
                emit(" ")
            elif t == "hardbreak":
                emit("\n")
            elif t == "image":
                walk(child.children or [], image=True)
            elif t in _INLINE_STYLES:
                active.append(_INLINE_STYLES[t])
                if t == "link_open":
                    href = child.attrs.get("href") if child.attrs else None
                    opened.append((size, href if isinstance(href, str) else ""))
            elif t in _INLINE_CLOSE:
                if t == "link_close" and opened:
                    start, href = opened.pop()
                    links.append((start, size, href))
                style = _INLINE_CLOSE[t]
                if style in active:
                    active.reverse()
                    active.remove(style)
                    active.reverse()

    walk(children)
    return "".join(out), spans, sorted(links)


__all__ = ["Block", "Document", "Heading", "Layout", "Line", "Link", "Piece", "layout", "link_marker",
           "parse", "prefix_width", "wrap_offsets"]
