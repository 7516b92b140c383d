"""Link comments to the passages of the article they quote.

A comment quotes its article with a ``>`` block, or by repeating a sentence of it verbatim
(text dumps lose the block-quote markup: seed 002's first comment). Each passage found becomes
an ``Anchor`` into the article's plain text, the same type bookmarks use.
"""

from __future__ import annotations

import re
from bisect import bisect_right

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


class Passages:
    """An article's plain text, searchable whitespace-insensitively at word boundaries.

    Built once per article: its words joined by single spaces, with each word's offset in the
    plain text, so a quote is found by ``str.find`` and mapped back by bisect (a regular
    expression per candidate sentence cost most of the cleaning time of a big library).
    """

    def __init__(self, plain: str) -> None:
        self.plain = plain
        # ``str.split`` and the regular expression ``\S+`` cut at the same (Unicode) spaces.
        self.squashed = " ".join(plain.split())
        self.origin: list[int] = []  # word → offset in plain, made when first needed
        self.starts: list[int] = []  # word → offset in the squashed text

    def _to_plain(self, pos: int) -> int:
        if not self.origin:
            words = [(m.start(), len(m.group())) for m in re.finditer(r"\S+", self.plain)]
            self.origin = [start for start, _ in words]
            at = 0
            for _, size in words:
                self.starts.append(at)
                at += size + 1
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
