"""The parts ``MarkdownView`` hands its work to, without an app: the view's lines under the
title block (view_lines.py), where the paragraph cursor goes (paragraphs.py), the title block
(view_head.py), on a seed article laid out as the reading pane lays it out."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.content import clean_file
from reader.tui.document import layout, parse
from reader.tui.paragraphs import (first_paragraph, last_paragraph, paragraph_at_top,
                                   paragraph_on_screen, step_paragraph)
from reader.tui.view_head import Head, head_lines
from reader.tui.view_lines import ViewLines

SEED = Path(__file__).resolve().parents[1] / "content" / "blogs" / "2011-linuxcon-emea-second-day.txt"
WIDTH = 60


@pytest.fixture(scope="module")
def seed():
    article = clean_file(SEED)
    doc = parse(article.body)
    head = head_lines(Head(title=article.title, meta=article.author or "", url=article.url or ""),
                      WIDTH, has_document=True)
    return doc, ViewLines(head, layout(doc, WIDTH, numbered=True))


def test_the_title_block_ends_with_a_rule_and_a_blank_line_and_the_empty_view_says_so():
    lines = head_lines(Head(title="A title", meta="someone · 2011-10-27"), 40, has_document=True)
    assert [line.plain for line in lines] == ["A title", "someone · 2011-10-27", "─" * 40, ""]
    assert head_lines(Head(title="unused"), 40, has_document=False) == []
    empty = head_lines(Head(), 12, has_document=False, empty="No article open here")
    assert [line.plain.strip() for line in empty] == ["No article", "open here"]


def test_offsets_map_to_view_lines_below_the_title_block(seed):
    doc, lines = seed
    body = lines.layout.lines
    head = lines.head_height
    assert head >= 3 and len(lines) == head + len(body)
    assert lines.body_line(head - 1) is None and lines.body_line(len(lines)) is None
    assert lines.body_line(head) is body[0]
    for offset in range(0, len(doc.text), 97):
        # the last line starting at or before the offset, counted from the top of the view
        expected = max(i for i, line in enumerate(body) if line.start <= offset)
        assert lines.line_of(offset) == head + expected
        y, x = lines.position(offset)
        line = body[y - head]
        assert y == head + expected
        assert x == (min(offset, line.end) - line.start if line.kind == "text" else 0)
    for block in range(len(doc.blocks)):
        shown = [head + i for i, line in enumerate(body) if line.block == block and line.kind != "gap"]
        assert lines.block_lines(block) == (shown[0], shown[-1])
    for y in (0, head, head + 40, len(lines) - 1):
        text = [line.start for line in body[max(0, y - head):] if line.kind == "text"]
        assert lines.text_start_from(y) == (text[0] if text else 0)


def test_the_cursor_steps_over_rules_and_stops_at_either_end():
    blocks = parse("---\n\npara one\n\n---\n\npara two\n\n---\n").blocks
    assert [b.kind for b in blocks] == ["rule", "p", "rule", "p", "rule"]
    assert (first_paragraph(blocks, -1), last_paragraph(blocks, -1)) == (1, 3)
    assert step_paragraph(blocks, 1, 1) == 3 and step_paragraph(blocks, 3, -1) == 1
    assert step_paragraph(blocks, 3, 1) is None and step_paragraph(blocks, 1, -1) is None
    only_rules = parse("---\n").blocks
    assert first_paragraph(only_rules, -1) == -1 and last_paragraph(only_rules, 0) == 0


def test_after_a_scroll_the_cursor_goes_to_a_paragraph_on_screen(seed):
    doc, lines = seed
    body, head = lines.layout.lines, lines.head_height
    view = range(head + 100, head + 120)
    on_screen = [line for line in body[view.start - head:view.stop - head] if line.kind == "text"]
    # the cursor on screen stays
    assert paragraph_on_screen(lines, view, on_screen[3].block) is None
    # scrolled down past it: the first paragraph that starts on screen
    down = paragraph_on_screen(lines, view, 0)
    assert down == next(line.block for line in on_screen if line.first)
    assert lines.block_lines(down)[0] in view
    # scrolled up past it: the last paragraph on screen
    up = paragraph_on_screen(lines, view, len(doc.blocks) - 1)
    assert up == on_screen[-1].block and up < len(doc.blocks) - 1


def test_without_a_cursor_paragraph_keys_step_from_the_paragraph_at_the_top(seed):
    _, lines = seed
    body, head = lines.layout.lines, lines.head_height
    # a view whose top line is inside a paragraph (not its first line)
    top = next(i for i, line in enumerate(body) if line.kind == "text" and not line.first)
    view = range(head + top, head + top + 10)
    block = body[top].block
    assert paragraph_at_top(lines, view, 1) == block
    assert paragraph_at_top(lines, view, -1) == block + 1  # back: to this paragraph's start
    # a view whose top line is a paragraph's first line: back goes to the one before it
    top = next(i for i, line in enumerate(body) if line.first and line.block > 0 and line.kind == "text")
    assert paragraph_at_top(lines, range(head + top, head + top + 10), -1) == body[top].block
