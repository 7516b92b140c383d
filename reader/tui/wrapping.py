"""A document's blocks wrapped to a width: ``layout`` makes the screen lines (``Line``: a
``[start, end)`` slice of the plain text, or an empty gap or rule) and ``Layout`` maps an offset
to its line by a bisect on the line starts. ``wrap_offsets`` breaks a text at words (or folds
it, for code) by terminal cells; with link numbers shown, the breaks are found in the text as
drawn (``text[3]``) and mapped back to offsets of the plain text, where the numbers take no room.

No Textual here. ``reader.tui.document`` holds the blocks and gives these out too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len

if TYPE_CHECKING:  # annotations only: document imports this module
    from reader.tui.document import Document, Piece


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
        if words:
            return _wrap_ascii(text, width)
        measure = len
    else:
        if cell_len(text) <= width:
            return []
        measure = cell_len
    if not words:
        return _fold(text, 0, len(text), width, measure)[0]
    return _wrap_words(text, width, measure)


def _wrap_words(text: str, width: int, measure) -> list[int]:
    """The word-at-a-time wrap: any text, measured by ``measure``."""
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


_NON_SPACE = re.compile(r"\S")
_SPACE = re.compile(r"\s")
_ASCII_SPACES = tuple(c for c in map(chr, range(128)) if c.isspace())  # what \s matches there


def _wrap_ascii(text: str, width: int) -> list[int]:
    """``_wrap_words`` for ASCII text, a line at a time instead of a word at a time (a 20k-word
    article opens ~10 ms sooner): a cell is a character, so a word overflows the line that
    starts at ``start`` exactly when it ends past ``start + width``, and the line breaks before
    the word holding that position (or the first word after it), or folds the word when it
    alone is longer than a line."""
    spaces = [c for c in _ASCII_SPACES if c in text]
    breaks: list[int] = []
    n = len(text)
    start = 0
    while start + width < n:
        limit = start + width  # the first character past the line
        if text[limit].isspace():  # the words up to here fit: the line ends at the next word
            match = _NON_SPACE.search(text, limit)
            if match is None:
                break
            start = match.start()
            breaks.append(start)
            continue
        space = max(text.rfind(c, start, limit) for c in spaces) if spaces else -1
        if space >= start:  # the word holding ``limit`` starts the next line
            start = space + 1
            breaks.append(start)
            continue
        # one word from the line's start to past its end: folded at the width, as less does
        space_after = _SPACE.search(text, limit)
        end = space_after.start() if space_after else n
        pos = start + width
        while pos < end:
            breaks.append(pos)
            pos += width
        start = breaks[-1]
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
