"""Where an imported highlight is in an article's plain text.

A service's quote was taken from its own rendering of the page: its spaces, line breaks,
quote marks and dashes need not be ours. So the quote is looked for in a folded copy of
the text (runs of whitespace one space, typographic quotes and dashes plain, case kept),
and a place found there is mapped back to the text. One place → ``exact``. Several → the
one the export's context (prefix/suffix, position) agrees with, through the bookmarks'
re-anchoring (``reader.bookmarks.reanchor``); still undecided → the first, as ``fuzzy``.
None → the re-anchoring's fuzzy search (a quote with a few characters changed) → ``fuzzy``.
Else the highlight is kept as an ``orphaned`` bookmark holding its text.
"""

from __future__ import annotations

from reader.bookmarks import Anchor, anchor_at, reanchor

_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                       "\u2014": "-", "\u00a0": " ", "\u2026": "..."})


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` folded, and for each folded character the index of its source in ``text``."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not space and out:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        for c in ch.translate(_FOLD):
            out.append(c)
            where.append(i)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


class Placer:
    """Places quotes in one article's text (folded once, whatever the number of quotes)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, self.where = fold(text)

    def place(self, exact: str, prefix: str = "", suffix: str = "",
              start: int | None = None) -> tuple[Anchor, str]:
        """(anchor, status) of a quote; status ``exact``, ``fuzzy`` or ``orphaned``."""
        text, folded, where = self.text, self.folded, self.where
        quote, _ = fold(exact)
        if not quote or not text:
            return Anchor(exact.strip(), prefix, suffix, 0, 0), "orphaned"
        spans = []
        at = folded.find(quote)
        while at >= 0 and len(spans) < 100:
            spans.append((where[at], where[at + len(quote) - 1] + 1))
            at = folded.find(quote, at + 1)
        if len(spans) == 1:
            return anchor_at(text, *spans[0]), "exact"
        s0, e0 = spans[0] if spans else (start or 0, (start or 0) + len(exact))
        at0 = start if start is not None else s0
        probe = Anchor(text[s0:e0] if spans else exact.strip(), prefix, suffix, at0, at0 + (e0 - s0))
        found = reanchor(text, probe)
        if found.start is not None and found.end is not None:
            status = "fuzzy" if found.status == "fuzzy" else "exact"
            return anchor_at(text, found.start, found.end), status
        if spans:  # the quote is there more than once and nothing says which: the first
            return anchor_at(text, *spans[0]), "fuzzy"
        return Anchor(exact.strip(), prefix, suffix, 0, 0), "orphaned"


def place(text: str, exact: str, prefix: str = "", suffix: str = "",
          start: int | None = None) -> tuple[Anchor, str]:
    """(anchor, status) of one quote in ``text`` (``Placer`` for several)."""
    return Placer(text).place(exact, prefix, suffix, start)
