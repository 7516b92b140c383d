"""Where the paragraph cursor of a ``MarkdownView`` goes: pure functions of the document's
blocks and the view's lines (the view moves the cursor, scrolls and tells the others).

Rules are not paragraphs: the cursor skips them.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.tui.document import Block
from reader.tui.view_lines import ViewLines


def first_paragraph(blocks: Sequence[Block], default: int) -> int:
    """The first block that is not a rule (``default`` when there is none)."""
    return next((i for i, b in enumerate(blocks) if b.kind != "rule"), default)


def last_paragraph(blocks: Sequence[Block], default: int) -> int:
    """The last block that is not a rule (``default`` when there is none)."""
    return next((i for i in range(len(blocks) - 1, -1, -1) if blocks[i].kind != "rule"), default)


def step_paragraph(blocks: Sequence[Block], index: int, step: int) -> int | None:
    """The paragraph ``step`` (±1) from block ``index``, rules skipped; None past either end."""
    j = index + step
    while 0 <= j < len(blocks) and blocks[j].kind == "rule":
        j += step
    return j if 0 <= j < len(blocks) else None


def paragraph_at_top(lines: ViewLines, view: range, step: int) -> int:
    """Where a view without a cursor (a comment's text) steps from: the paragraph at the top
    of the view; going back, the one after it when its own start is above the screen (that
    start is the previous stop)."""
    top = next((line for line in map(lines.body_line, view) if line is not None), None)
    index = top.block if top is not None else 0
    if step < 0 and top is not None and not top.first and top.kind == "text":
        index += 1
    return index


def paragraph_on_screen(lines: ViewLines, view: range, cursor: int) -> int | None:
    """After a scroll, the paragraph the cursor moves to when block ``cursor`` left the
    screen (None when it is still on screen or no text is): scrolled down past it, the first
    paragraph starting on screen; scrolled up, the last paragraph on screen."""
    first, last = lines.block_lines(cursor)
    if not (last < view.start or first >= view.stop):
        return None
    texts = [line for line in map(lines.body_line, view) if line is not None and line.kind == "text"]
    if not texts:
        return None
    if last < view.start:
        return next((line for line in texts if line.first), texts[0]).block
    return texts[-1].block
