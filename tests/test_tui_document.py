"""The reading pane's model: Markdown → blocks over plain_text(body) → wrapped lines.

Search hits, comment quotes and bookmarks are offsets into ``plain_text(body)``; the reading
pane must show exactly that text and map an offset to its (line, column)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.content import clean_file, plain_text
from reader.tui.document import layout, parse, prefix_width, wrap_offsets

CONTENT = Path(__file__).resolve().parents[1] / "content"

TRICKY = """# Title *with* emphasis

- a
- b with `code`
  - nested **strong**

1. one

   second paragraph of one
2. two

> quote **b**
> more
>
> > nested

| h1 | h2 |
|---|---|
| c1 | c2 |

---

```py
code

	tabbed
```

text [link](http://x) and ![img alt](u) and <b>x</b> ~~gone~~ end  
hard break

<div>html block</div>

<!-- a comment -->

    indented code

東京 café 😀 wide text
"""


def _check_layout(doc, width: int) -> None:
    lay = layout(doc, width)
    text = doc.text
    by_block: dict[int, list] = {}
    for line in lay.lines:
        if line.kind == "text":
            by_block.setdefault(line.block, []).append(line)
            block = doc.blocks[line.block]
            shown = text[line.start:line.end].rstrip()
            pre = prefix_width(block.first_prefix if line.first else block.prefix)
            if block.kind != "code" and " " in shown.strip():
                assert cell_len(shown) + pre <= max(width, pre + 8), (width, shown)
    # every text block is covered by its lines, in order, with only newlines between them
    for index, block in enumerate(doc.blocks):
        if block.kind == "rule":
            continue
        lines = by_block[index]
        assert lines[0].start == block.start and lines[-1].end == block.end
        for a, b in zip(lines, lines[1:]):
            assert a.end == b.start or (a.end + 1 == b.start and text[a.end] == "\n")
    # offsets map back to their line (bisect on line starts)
    assert lay.starts == sorted(lay.starts)
    for y, line in enumerate(lay.lines):
        if line.kind == "text" and line.end > line.start:
            for offset in (line.start, (line.start + line.end) // 2, line.end - 1):
                got = lay.line_of(offset)
                assert lay.lines[got].start <= offset < max(lay.lines[got].end, offset + 1)
                assert got == y or lay.lines[got].start == line.start


def test_tricky_markdown_shows_exactly_the_plain_text():
    doc = parse(TRICKY)
    assert doc.styled
    assert doc.text == plain_text(TRICKY)
    kinds = {b.kind for b in doc.blocks}
    assert {"h1", "p", "code", "th", "td", "rule", "html"} <= kinds
    assert any(p[0] == "• " for b in doc.blocks for p in b.first_prefix)
    assert any(p[0] == "1. " for b in doc.blocks for p in b.first_prefix)
    assert any(p[0] == "│ " and p[1] == ".md-quote-bar" for b in doc.blocks for p in b.prefix)
    styles = {s for b in doc.blocks for _, _, s in b.spans}
    assert {".md-em", ".md-strong", ".md-code", ".md-link", ".md-strike", ".md-image"} <= styles
    for width in (12, 30, 80):
        _check_layout(doc, width)


@pytest.mark.parametrize("path", sorted(p for p in CONTENT.rglob("*") if p.is_file()),
                         ids=lambda p: p.stem)
def test_seed_bodies_and_comments(path):
    article = clean_file(path)
    for body in [article.body, *(c.body for c in article.comments)]:
        doc = parse(body)
        assert doc.styled and doc.text == plain_text(body)
    doc = parse(article.body)
    for width in (20, 70, 130):
        _check_layout(doc, width)
    # every quoted passage lands on lines that show it
    lay = layout(doc, 70)
    for comment in article.comments:
        for quote in comment.quotes:
            assert doc.text[quote.start:quote.end] == quote.exact
            y, x = lay.position(quote.start)
            line = lay.lines[y]
            assert doc.text[line.start + x:].startswith(quote.exact[:20])


_piece = st.sampled_from([
    "word", "two words", "**bold**", "*em*", "`code`", "[link](http://x)", "![alt](i.png)",
    "<b>", "~~s~~", "東京", "é", "\\*", "&amp;", "a_b", "  ", "\n", "\n\n", "> ", "- ", "1. ",
    "# ", "```\n", "    ", "|a|b|\n|-|-|\n|c|d|\n", "---\n", "\t", "<!-- c -->", "<div>x</div>",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_piece, max_size=40).map("".join), st.integers(min_value=8, max_value=60))
def test_any_markdown_keeps_plain_text_offsets(markdown, width):
    doc = parse(markdown)
    assert doc.text == plain_text(markdown)
    _check_layout(doc, width)


@given(st.text(alphabet=st.sampled_from("ab 東é\u200b"), max_size=80), st.integers(2, 20))
@settings(max_examples=200, deadline=None)
def test_wrap_offsets_cover_the_text(text, width):
    cuts = wrap_offsets(text, width)
    assert cuts == sorted(set(cuts)) and all(0 < c < len(text) for c in cuts)
    edges = [0, *cuts, len(text)]
    for a, b in zip(edges, edges[1:]):
        piece = text[a:b].rstrip(" ")
        assert cell_len(piece) <= width  # (layout never wraps narrower than 8 cells)


@given(st.lists(st.sampled_from(["a", "ab", "word", "x" * 30, " ", "  ", "\t", "\x1c", "\x0b", "\r",
                                  "abcdefghijklmnop"]), max_size=40).map("".join),
       st.integers(1, 25))
@settings(max_examples=400, deadline=None)
def test_ascii_lines_wrap_as_word_by_word(text, width):
    # the line-at-a-time path for ASCII breaks where the word-at-a-time one does
    from reader.tui.wrapping import _wrap_words

    assert wrap_offsets(text, width) == (_wrap_words(text, width, len) if len(text) > width else [])


def test_wide_characters_wrap_by_cells():
    text = "東京" * 20
    cuts = wrap_offsets(text, 10)
    assert cuts[:3] == [5, 10, 15]


def test_fallback_keeps_offsets_when_layout_disagrees(monkeypatch):
    import reader.tui.document as document

    monkeypatch.setattr(document, "_blocks", lambda md: [document.Block("p", 0, "nonsense")])
    doc = document.parse("para one\n\npara two")
    assert not doc.styled
    assert doc.text == "para one\n\npara two"
    assert [b.start for b in doc.blocks] == [0, 10]


def test_twenty_thousand_words_lay_out():
    words = "the kernel panic linux driver code system memory lock thread".split()
    paras = [" ".join(words[(i * 7 + j) % len(words)] for j in range(200)) + " **b** _e_ `c`"
             for i in range(100)]
    body = "\n\n".join(paras)
    doc = parse(body)  # its time: benchmarks/tui_bench.py --parts article
    lay = layout(doc, 80)
    assert len(doc.text.split()) > 20_000
    assert len(lay) > 1000


def test_highlights_find_the_spans_of_a_line():
    from reader.tui.highlights import CURRENT, HIT, PASSAGE, Highlights

    h = Highlights()
    h.set_hits([(50, 60), (10, 20), (10, 20), (15, 40), (5, 5), (95, 200)], length=100)
    assert h.hits == [(10, 20), (15, 40), (50, 60), (95, 100)]
    h.set_passage(30, 55, length=100)
    h.index = 1
    assert h.spans_in(0, 10) == []
    assert h.spans_in(0, 11) == [(10, 20, HIT)]
    assert h.spans_in(21, 35) == [(15, 40, CURRENT), (30, 55, PASSAGE)]
    assert h.spans_in(41, 50) == [(30, 55, PASSAGE)]
    assert h.spans_in(60, 95) == []
    assert h.spans_in(99, 120) == [(95, 100, HIT)]
    h.clear()
    assert h.spans_in(0, 100) == [] and h.current is None
