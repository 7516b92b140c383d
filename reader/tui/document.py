"""A cleaned Markdown body as styled blocks over its plain text, and their wrapped lines.

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
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from rich.cells import cell_len

from reader.content.anchor import markdown_parser as _parser  # same tokens, same offsets
from reader.content.anchor import plain_text

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

    def link_at(self, line: "Line", column: int) -> Link | None:
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


# -- wrapping ----------------------------------------------------------------------------


@dataclass(slots=True)
class Line:
    """One screen line: ``[start, end)`` of the plain text (empty for gaps and rules)."""

    kind: str  # "text" | "gap" | "rule"
    block: int  # index into Document.blocks
    start: int
    end: int
    first: bool = False  # first line of its block: it gets the block's first prefix


_WORD = re.compile(r"\S+\s*")


def wrap_offsets(text: str, width: int, *, words: bool = True) -> list[int]:
    """Offsets where the lines after the first start, fitting ``text`` into ``width`` cells.

    Words are kept whole unless longer than a line (then folded); ``words=False`` folds
    at the width, as ``less`` does with code.
    """
    width = max(1, width)
    if text.isascii():
        if len(text) <= width:
            return []
        measure = len
    else:
        if cell_len(text) <= width:
            return []
        measure = cell_len
    if not words:
        return _fold(text, 0, len(text), width, measure)[0]
    breaks: list[int] = []
    match = _WORD.search(text)
    col = measure(text[: match.start()]) if match else 0
    while match:
        chunk = match.group()
        word = chunk.rstrip()
        word_w = measure(word)
        if col and col + word_w > width:
            breaks.append(match.start())
            col = 0
        if word_w > width:
            folds, col = _fold(text, match.start(), match.start() + len(word), width, measure, col)
            breaks.extend(folds)
            col += measure(chunk[len(word):])
        else:
            col += measure(chunk)
        match = _WORD.search(text, match.end())
    return breaks


def _fold(text: str, start: int, end: int, width: int, measure, col: int = 0) -> tuple[list[int], int]:
    breaks: list[int] = []
    if measure is len:
        pos = start + (width - col)
        while pos < end:
            breaks.append(pos)
            pos += width
        return breaks, (end - (breaks[-1] if breaks else start - col))
    for i in range(start, end):
        w = cell_len(text[i])
        if col + w > width and col:
            breaks.append(i)
            col = 0
        col += w
    return breaks, col


def prefix_width(pieces: tuple[Piece, ...]) -> int:
    return sum(cell_len(text) for text, _ in pieces)


class Layout:
    """A document's lines at one width; ``line_of`` maps a plain-text offset to its line."""

    __slots__ = ("lines", "starts", "width")

    def __init__(self, lines: list[Line], width: int) -> None:
        self.lines = lines
        self.starts = [line.start for line in lines]
        self.width = width

    def __len__(self) -> int:
        return len(self.lines)

    def line_of(self, offset: int) -> int:
        """The last line starting at or before ``offset`` (an offset in the blank between two
        blocks belongs to the line before; one past the end, to the last line)."""
        if not self.lines:
            return 0
        return max(0, bisect_right(self.starts, offset) - 1)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column in characters) of ``offset``."""
        y = self.line_of(offset)
        if not self.lines:
            return 0, 0
        line = self.lines[y]
        return y, (min(offset, line.end) - line.start if line.kind == "text" else 0)

    def block_lines(self, block: int) -> tuple[int, int]:
        """The first and last line of a block (its gap excluded)."""
        lo, hi = 0, len(self.lines)
        while lo < hi:  # first line whose block index is >= block
            mid = (lo + hi) // 2
            if self.lines[mid].block < block:
                lo = mid + 1
            else:
                hi = mid
        first = lo
        while first < len(self.lines) and self.lines[first].kind == "gap":
            first += 1
        last = first
        while last + 1 < len(self.lines) and self.lines[last + 1].block == block \
                and self.lines[last + 1].kind != "gap":
            last += 1
        return first, last


def layout(doc: Document, width: int, *, numbered: bool = False) -> Layout:
    """The document's lines at ``width`` cells (prefixes included); ``numbered``: room is made
    for the link markers (``text[3]``) that the view draws after each link."""
    lines: list[Line] = []
    append = lines.append
    marks_of = doc.link_marks if numbered else {}
    for index, block in enumerate(doc.blocks):
        if block.gap_before and lines:
            append(Line("gap", index, block.start, block.start))
        if block.kind == "rule":
            append(Line("rule", index, block.start, block.start, True))
            continue
        avail = max(8, width - max(prefix_width(block.first_prefix), prefix_width(block.prefix)))
        text = block.text
        base = block.start
        pos = 0
        first = True
        words = block.kind != "code"
        marks = marks_of.get(index)
        for part in text.split("\n"):
            if marks:
                cuts = _wrap_marked(part, pos, marks, avail, words)
            else:
                cuts = wrap_offsets(part, avail, words=words)
            edges = [0, *cuts, len(part)]
            for a, b in zip(edges, edges[1:]):
                append(Line("text", index, base + pos + a, base + pos + b, first))
                first = False
            pos += len(part) + 1
    return Layout(lines, width)


def _wrap_marked(part: str, pos: int, marks: list[tuple[int, str]], width: int, words: bool) -> list[int]:
    """``wrap_offsets`` of a line of text with link markers inserted (``part`` starts at ``pos``
    in its block; a marker goes after the link ending at its offset): the breaks found in the
    text as shown, mapped back to offsets of ``part``. A break inside a marker falls at its
    link's end (the marker stays with its link)."""
    inside = [(end - pos, mark) for end, mark in marks if pos < end <= pos + len(part)]
    if not inside:
        return wrap_offsets(part, width, words=words)
    shown: list[str] = []
    spans: list[tuple[int, int, int]] = []  # (marker's start, end as shown, offset in part)
    last = extra = 0
    for at, mark in inside:
        shown.append(part[last:at])
        shown.append(mark)
        spans.append((at + extra, at + extra + len(mark), at))
        extra += len(mark)
        last = at
    shown.append(part[last:])
    cuts: list[int] = []
    for cut in wrap_offsets("".join(shown), width, words=words):
        before = 0
        plain = None
        for s, e, at in spans:
            if cut >= e:
                before += e - s
            elif cut > s:  # inside this marker
                plain = at
                break
            else:
                break
        plain = cut - before if plain is None else plain
        if 0 < plain < len(part) and (not cuts or plain > cuts[-1]):
            cuts.append(plain)
    return cuts
