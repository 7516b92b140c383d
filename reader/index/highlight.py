"""Snippets and highlight spans from stored character positions.

Highlighting reads stored character positions (body ``chars=True``, ``search(terms=True)``,
``PinpointFragmenter(charlimit=None)``): it never re-analyses a body, and it works past the
32 KiB where Whoosh's default fragmenter silently gives up. ``spans_in`` finds a search's terms
in a whole article for the reading pane.
"""

from __future__ import annotations

import re
from typing import Any

from whoosh.highlight import Formatter, Highlighter, PinpointFragmenter

from reader.index.phrases import leaf, value_at
from reader.index.results import Fragment

LEAD = 160  # characters of a body shown when no term matched in it (a `by:` hit)


class _FragmentFormatter(Formatter):
    """Whoosh formatters make strings; this one hands back ``Fragment`` objects."""

    def format(self, fragments, replace=False):
        out = []
        for f in fragments:
            text = f.text[f.startchar:f.endchar]
            spans: list[tuple[int, int]] = []
            for t in sorted(f.matches, key=lambda t: (t.startchar, -t.endchar)):
                s, e = t.startchar - f.startchar, t.endchar - f.startchar
                if spans and s <= spans[-1][1]:
                    spans[-1] = (spans[-1][0], max(spans[-1][1], e))
                else:
                    spans.append((s, e))
            out.append(Fragment(text, f.startchar, f.endchar, spans))
        out.sort(key=lambda fr: fr.start)
        return out


class _Highlighter(Highlighter):
    @staticmethod
    def _load_chars(results, fieldname, texts, to_bytes):
        """Whoosh's: each matched term's character positions in the hits shown. Whoosh's
        reads them through the top searcher's postings, which set up a BM25 scorer per
        segment first (never asked for a score here), merge every segment and step through
        a block to each hit; this reads each segment's own postings, unscored, for the hits
        in it only, skipping blocks by their last id and bisecting inside one."""
        results._char_cache[fieldname] = cache = {}
        shown = sorted(docnum for _, docnum in results.top_n)
        for docnum in shown:
            cache[docnum] = {}
        leaves = [(sub.reader(), offset) for sub, offset in results.searcher.leaf_searchers()]
        decode = results.searcher.schema[fieldname].format.decoder("characters")
        kept = getattr(results, "reader_values", {})  # what a segment-at-a-time search decoded
        for text in texts:
            btext = to_bytes(text)
            matched = set(results.termdocs.get((fieldname, btext), ()))
            wanted = [d for d in shown if d in matched]
            for offset, values in kept.get((fieldname, btext), ()):
                for d in wanted:
                    value = values.get(d - offset) if d >= offset else None
                    if value is not None:
                        cache[d][text] = decode(value)
            wanted = [d for d in wanted if text not in cache[d]]
            for reader, offset in leaves:
                end = offset + reader.doc_count_all()
                docs = [d - offset for d in wanted if offset <= d < end]
                if not docs or (fieldname, btext) not in reader:
                    continue
                m = leaf(reader.postings(fieldname, btext))  # the hits are not deleted
                for doc in docs:
                    value = value_at(m, doc)  # blocks skipped by their last id, bisected inside
                    if value is not None:
                        cache[offset + doc][text] = decode(value)


def _highlighter() -> Highlighter:
    return _Highlighter(
        fragmenter=PinpointFragmenter(maxchars=200, surround=40, autotrim=True, charlimit=None),
        formatter=_FragmentFormatter(),
    )


def spans_in(text: str, terms: list[str] | set[str], analyzer=None) -> list[tuple[int, int]]:
    """Where ``terms`` (analysed forms, as in ``Results.terms``) occur in ``text``: (start, end).

    For the reading pane, on the UI thread: the body analyser's tokenizer pattern finds the
    words, and each *distinct* word goes through the analyser once (a cache), which gives the
    analyser's own answer at a fraction of the cost (a 20k-word article has ~3k distinct words).
    """
    wanted = set(terms)
    if not wanted or not text:
        return []
    if analyzer is not None:
        return [(t.startchar, t.endchar) for t in analyzer(text, chars=True, mode="index") if t.text in wanted]
    term_of = _word_terms()
    out: list[tuple[int, int]] = []
    for m in _token_pattern().finditer(text):
        word = m.group()
        term = term_of.get(word, _MISSING)
        if term is _MISSING:
            term = _analyse_word(word)
        if term in wanted:
            out.append(m.span())
    return out


_MISSING = object()
_WORDS: dict[str, str | None] = {}
_WORDS_MAX = 200_000  # distinct words remembered; the cache starts over past this


def _token_pattern():
    from reader.index.schema import TOKEN_PATTERN

    pattern = _ANALYZER.get("pattern")
    if pattern is None:
        pattern = _ANALYZER["pattern"] = re.compile(TOKEN_PATTERN)
    return pattern


def _word_terms() -> dict[str, str | None]:
    if len(_WORDS) > _WORDS_MAX:
        _WORDS.clear()
    return _WORDS


def _analyse_word(word: str) -> str | None:
    """The term the body analyser makes of one token (None: a stop word, or too long)."""
    from reader.index.schema import text_analyzer

    analyzer = _ANALYZER.get("text") or _ANALYZER.setdefault("text", text_analyzer())
    terms = [t.text for t in analyzer(word, mode="index")]
    term = terms[0] if len(terms) == 1 else None
    _WORDS[word] = term
    return term


_ANALYZER: dict[str, Any] = {}


def centre(fragment: Fragment, width: int) -> Fragment:
    """``fragment`` cut to at most ``width`` characters around its first highlight, so a
    front end that shows a snippet on one line of ``width`` columns shows the hit: the hit
    stands in the middle (as many characters before it as after it, ends moved to the nearest
    space when there is one within a few characters); spans are shifted and clipped to the
    window, ``start``/``end`` stay offsets into the body. A fragment that fits, or one without
    a span, keeps its start (only its end is cut)."""
    text = fragment.text
    if width <= 0 or len(text) <= width:
        return fragment
    if not fragment.spans:
        left = 0
    else:
        s0, e0 = fragment.spans[0]
        # the spans that fit with the first one: centre on them all
        last = e0
        for s, e in fragment.spans[1:]:
            if e - s0 <= width:
                last = max(last, e)
        hit = last - s0
        left = s0 - max(0, (width - hit) // 2)
        left = max(0, min(left, len(text) - width))
        left = _snap(text, left, s0, forward=True)
    right = min(len(text), left + width)
    if right < len(text):
        right = _snap(text, right, fragment.spans[0][1] if fragment.spans else left, forward=False)
    spans = [(max(s, left) - left, min(e, right) - left) for s, e in fragment.spans if e > left and s < right]
    return Fragment(text[left:right], fragment.start + left, fragment.start + right, spans)


SNAP = 12  # characters a window's edge may move to fall on a space


def _snap(text: str, at: int, hit: int, *, forward: bool) -> int:
    """``at`` moved to a word boundary within ``SNAP`` characters (never past ``hit``): a
    window's start just after a space, its end at a space."""
    if at <= 0 or at >= len(text) or text[at - 1].isspace() or text[at].isspace():
        return at
    if forward:
        space = text.find(" ", at, min(hit, at + SNAP))
        return space + 1 if space >= 0 else at
    space = text.rfind(" ", max(hit, at - SNAP), at)
    return space if space >= 0 else at


def lead(body: str) -> Fragment | None:
    text = body.strip()
    if not text:
        return None
    start = body.find(text[:20])
    cut = text[:LEAD]
    if len(text) > LEAD and " " in cut[LEAD // 2:]:
        cut = cut[: cut.rfind(" ")]
    return Fragment(cut, start, start + len(cut), [])


HIGHLIGHTER = _highlighter()
