"""Link comments to the passages of the article they quote.

A comment quotes its article with a ``>`` block, or by repeating a sentence of it verbatim
(text dumps lose the block-quote markup: seed 002's first comment). Each passage found becomes
an ``Anchor`` into the article's plain text, the same type bookmarks use.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from reader.content.anchor import Anchor, anchor_at, inline_text, markdown_parser, plain_text
from reader.content.model import Article
from reader.content.normalize import sentences

MIN_CHARS = 24  # shorter quotes ("Yes.", "Linus") match by chance
MIN_WORDS = 4
_ELLIPSIS = re.compile(r"^(\.\.\.|…|\[\.\.\.\]|\[…\])\s*|\s*(\.\.\.|…|\[\.\.\.\]|\[…\])$")


def _candidates(body: str) -> list[str]:
    """Quoted blocks first (whole, then sentence by sentence), then the comment's own sentences.

    One Markdown parse a comment: the text blocks inside ``>`` quotes are the quoted ones."""
    blocks: list[str] = []
    rest: list[str] = []
    depth = 0
    current: list[str] = []
    for token in markdown_parser().parse(body):
        if token.type == "blockquote_open":
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
            if depth == 0 and current:
                blocks.append(" ".join(current))
                current = []
        elif token.type == "inline":
            (current if depth else rest).append(inline_text(token.children or []))
        elif token.type in ("fence", "code_block"):
            (current if depth else rest).append(token.content.rstrip("\n"))
    if current:
        blocks.append(" ".join(current))
    out: list[str] = []
    for block in blocks:
        text = _ELLIPSIS.sub("", " ".join(block.split())).strip()
        out.append(text)
        out.extend(sentences(text))
    for para in rest:
        out.extend(sentences(" ".join(para.split())))
    seen: set[str] = set()
    return [c for c in out if len(c) >= MIN_CHARS and len(c.split()) >= MIN_WORDS and not (c in seen or seen.add(c))]


class Passages:
    """An article's plain text, searchable whitespace-insensitively at word boundaries.

    Built once per article: its words joined by single spaces, with each word's offset in the
    plain text, so a quote is found by ``str.find`` and mapped back by bisect (a regular
    expression per candidate sentence cost most of the cleaning time of a big library).
    """

    def __init__(self, plain: str) -> None:
        self.plain = plain
        words = [(m.start(), m.group()) for m in re.finditer(r"\S+", plain)]
        self.origin = [start for start, _ in words]  # word → offset in plain
        self.starts: list[int] = []  # word → offset in the squashed text
        at = 0
        for _, word in words:
            self.starts.append(at)
            at += len(word) + 1
        self.squashed = " ".join(word for _, word in words)

    def _to_plain(self, pos: int) -> int:
        i = bisect_right(self.starts, pos) - 1
        return self.origin[i] + (pos - self.starts[i])

    def find(self, quote: str) -> tuple[int, int] | None:
        """Where ``quote`` occurs, starting on a word, or None."""
        needle = " ".join(quote.split())
        if not needle:
            return None
        pos = self.squashed.find(needle)
        while pos != -1:
            if pos == 0 or self.squashed[pos - 1] == " ":
                return self._to_plain(pos), self._to_plain(pos + len(needle) - 1) + 1
            pos = self.squashed.find(needle, pos + 1)
        return None


def find_passage(plain: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` occurs in ``plain``, whitespace-insensitively."""
    return Passages(plain).find(quote)


def link_quotes(article: Article) -> None:
    if not article.comments:
        return
    passages: Passages | None = None
    for comment in article.comments:
        found: list[Anchor] = []
        spans: list[tuple[int, int]] = []
        for quote in _candidates(comment.body):
            if passages is None:
                passages = Passages(plain_text(article.body))
            span = passages.find(quote)
            # A sentence of a block already found is not a second passage.
            if span and not any(s <= span[0] and span[1] <= e for s, e in spans):
                spans.append(span)
                found.append(anchor_at(passages.plain, *span))
        comment.quotes = sorted(found, key=lambda a: a.start)
