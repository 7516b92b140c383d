"""Link comments to the passages of the article they quote.

A comment quotes its article with a ``>`` block, or by repeating a sentence of it verbatim
(text dumps lose the block-quote markup: seed 002's first comment). Each passage found becomes
an ``Anchor`` into the article's plain text, the same type bookmarks use.
"""

from __future__ import annotations

import re

from reader.content.anchor import Anchor, anchor_at, plain_text
from reader.content.model import Article
from reader.content.normalize import sentences

MIN_CHARS = 24  # shorter quotes ("Yes.", "Linus") match by chance
MIN_WORDS = 4
_QUOTE_LINE = re.compile(r"^\s{0,3}>\s?(.*)$")
_ELLIPSIS = re.compile(r"^(\.\.\.|…|\[\.\.\.\]|\[…\])\s*|\s*(\.\.\.|…|\[\.\.\.\]|\[…\])$")


def _candidates(body: str) -> list[str]:
    """Quoted blocks first (whole, then sentence by sentence), then the comment's own sentences."""
    blocks: list[str] = []
    current: list[str] = []
    rest: list[str] = []
    for line in body.split("\n"):
        m = _QUOTE_LINE.match(line)
        if m:
            current.append(m.group(1))
            continue
        if current:
            blocks.append(" ".join(current))
            current = []
        rest.append(line)
    if current:
        blocks.append(" ".join(current))
    out: list[str] = []
    for block in blocks:
        text = _ELLIPSIS.sub("", plain_text(block).strip()).strip()
        out.append(text)
        out.extend(sentences(text))
    for para in plain_text("\n".join(rest)).split("\n\n"):
        out.extend(sentences(" ".join(para.split())))
    seen: set[str] = set()
    return [c for c in out if len(c) >= MIN_CHARS and len(c.split()) >= MIN_WORDS and not (c in seen or seen.add(c))]


def find_passage(plain: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` occurs in ``plain``, whitespace-insensitively."""
    words = quote.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, plain)
    return (m.start(), m.end()) if m else None


def link_quotes(article: Article) -> None:
    if not article.comments:
        return
    plain: str | None = None
    for comment in article.comments:
        found: list[Anchor] = []
        spans: list[tuple[int, int]] = []
        for quote in _candidates(comment.body):
            if plain is None:
                plain = plain_text(article.body)
            span = find_passage(plain, quote)
            # A sentence of a block already found is not a second passage.
            if span and not any(s <= span[0] and span[1] <= e for s, e in spans):
                spans.append(span)
                found.append(anchor_at(plain, *span))
        comment.quotes = sorted(found, key=lambda a: a.start)
