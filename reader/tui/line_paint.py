"""How a ``MarkdownView`` draws one line as a ``Strip``: the gutter (cursor bar, margin mark),
the block's prefix (quote bars, bullets), then the line's slice of the block's text with the
spans painted over it (hits, passages, bookmarks, the selection) and, in the reading pane, the
links' numbers. Article text is a ``Content`` built from spans, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from textual.content import Content, Span
from textual.strip import Strip
from textual.style import Style

from reader.tui.document import Block, Document
from reader.tui.wrapping import Line

GUTTER = 2  # cursor bar + margin mark

StyleOf = Callable[[str | Style], Style]
SpansIn = Callable[[int, int], list[tuple[int, int, str]]]


class LinePainter:
    """Draws the view's lines; keeps each block's ``Content`` (its text with its inline
    styles) until the document changes (``clear``)."""

    def __init__(self, style_of: StyleOf) -> None:
        self.style_of = style_of
        self._block_content: dict[int, Content] = {}

    def clear(self) -> None:
        self._block_content.clear()

    def _content_of(self, index: int, block: Block) -> Content:
        content = self._block_content.get(index)
        if content is None:
            text = block.text.replace("\t", " ")
            spans = [Span(0, len(text), block.style)] if block.kind != "p" else []
            spans.extend(Span(s, e, style) for s, e, style in block.spans)
            content = Content(text, spans, strip_control_codes=False)
            self._block_content[index] = content
        return content

    def head_line(self, content: Content, width: int, base: Style) -> Strip:
        """A line of the title block, after an empty gutter."""
        segments = [Segment(" " * GUTTER, base.rich_style)]
        segments.extend(_render(content, base, self.style_of))
        return _finish(segments, width, base)

    def body_line(self, doc: Document, line: Line, width: int, base: Style, *, on_cursor: bool,
                  marked: bool, spans_in: SpansIn, numbered: bool) -> Strip:
        """A line of the body: ``on_cursor`` draws the cursor bar, ``marked`` the margin mark;
        ``spans_in(start, end)`` gives the spans painted over a text line."""
        style_of = self.style_of
        block = doc.blocks[line.block]
        segments: list[Segment] = []
        segments.append(Segment("▌" if on_cursor else " ", (base + style_of(".view--cursor-bar")).rich_style))
        segments.append(Segment("❝" if marked else " ", (base + style_of(".view--mark")).rich_style))
        if line.kind == "gap":
            prev = doc.blocks[line.block - 1].prefix if line.block > 0 else ()
            for text, style in _common_bars(prev, block.first_prefix):
                segments.append(Segment(text, (base + style_of(style)).rich_style))
            return _finish(segments, width, base)
        pieces = block.first_prefix if line.first else block.prefix
        for text, style in pieces:
            segments.append(Segment(text, (base + style_of(style) if style else base).rich_style))
        if line.kind == "rule":
            used = sum(len(t) for t, _ in pieces)
            rule = "─" * max(0, min(width - GUTTER - used, 60))
            segments.append(Segment(rule, (base + style_of(".md-rule")).rich_style))
            return _finish(segments, width, base)
        content = self._content_of(line.block, block)
        a, b = line.start - block.start, line.end - block.start
        piece = content[a:b].rstrip()
        extra = spans_in(line.start, line.end)
        if extra:
            piece = piece.add_spans([Span(max(0, s - line.start), min(len(piece), e - line.start), st)
                                     for s, e, st in extra if s - line.start < len(piece)])
        if numbered:
            piece = _with_markers(piece, line.start, line.end, doc.link_marks.get(line.block), block.start)
        line_base = base + style_of(".view--cursor") if on_cursor else base
        segments.extend(_render(piece, line_base, style_of))
        return _finish(segments, width, base)


def _with_markers(piece: Content, start: int, end: int, marks: list[tuple[int, str]] | None,
                  block_start: int) -> Content:
    """The line's text with the markers of the links ending on it (``start < end of link <=
    end``, as the layout made room for them) inserted after them."""
    if not marks:
        return piece
    for rel, mark in reversed(marks):
        at = block_start + rel
        if start < at <= end:
            x = min(at - start, len(piece))
            piece = piece[:x] + Content.styled(mark, ".md-link-number") + piece[x:]
    return piece


def _common_bars(a: tuple, b: tuple) -> list:
    """The quote bars two blocks share, drawn in the gap between them."""
    out = []
    for x, y in zip(a, b):
        if x != y or x[1] != ".md-quote-bar":
            break
        out.append(x)
    return out


def _render(content: Content, base: Style, style_of: StyleOf) -> list[Segment]:
    return [Segment(text, style.rich_style)
            for text, style in content.render(base, end="", parse_style=style_of)]


def _finish(segments: list[Segment], width: int, base: Style) -> Strip:
    strip = Strip(segments)
    return strip.crop_extend(0, width, base.rich_style)
