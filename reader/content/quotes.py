"""Link comments to the passages of the article they quote.

A comment quotes its article with a ``>`` block, or by repeating a sentence of it verbatim
(text dumps lose the block-quote markup: seed 002's first comment). Each passage found becomes
an ``Anchor`` into the article's plain text, the same type bookmarks use.
"""

from __future__ import annotations

import html
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

    Its words joined by single spaces, so a quote is found by ``str.find``; the map from
    there back to offsets in the plain text is built on the first find (most articles have
    none). ``may_quote`` tells cheaply whether a comment can quote the article at all.
    """

    def __init__(self, plain: str) -> None:
        self.plain = plain
        self.squashed = " ".join(plain.split())
        self._starts: list[int] | None = None  # word → offset in the squashed text
        self._origin: list[int] = []  # word → offset in plain
        self._grams: set[tuple[str, ...]] | None = None

    def _to_plain(self, pos: int) -> int:
        if self._starts is None:
            self._origin = [m.start() for m in re.finditer(r"\S+", self.plain)]
            self._starts = [m.start() for m in re.finditer(r"\S+", self.squashed)]
        i = bisect_right(self._starts, pos) - 1
        return self._origin[i] + (pos - self._starts[i])

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

    def may_quote(self, markdown: str) -> bool:
        """False when no run of three words of the comment (markup, punctuation and case
        aside) is in the article: then none of its sentences can be (a quote has four words
        at least), and the comment's Markdown need not be parsed."""
        if self._grams is None:
            self._grams = set(_shingles(_words(self.squashed)))
        grams = self._grams
        return any(g in grams for g in _shingles(_words(_LINK_TARGET.sub(" ", html.unescape(markdown)))))


_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_NOT_WORD = re.compile(r"[^\w\s]+")


def _words(text: str) -> list[str]:
    """Its words, lower case, without what is not a word character (one pass over the text)."""
    return _NOT_WORD.sub("", text.lower()).split()


def _shingles(words: list[str]):
    return zip(words, words[1:], words[2:])


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
        if passages is None:
            passages = Passages(plain_text(article.body))
        if not passages.may_quote(comment.body):
            comment.quotes = []
            continue
        for quote in _candidates(comment.body):
            span = passages.find(quote)
            # A sentence of a block already found is not a second passage.
            if span and not any(s <= span[0] and span[1] <= e for s, e in spans):
                spans.append(span)
                found.append(anchor_at(passages.plain, *span))
        comment.quotes = sorted(found, key=lambda a: a.start)
