"""Re-anchoring a passage in an article's new plain text, as Hypothesis does.

1. **Position**: ``text[start:end]`` still equals the quote → ``exact``.
2. **Quote**: every occurrence of the quote, ranked by how well the text around it agrees with
   the stored prefix/suffix and by its distance to the old position → ``moved``.
3. **Fuzzy**: the best approximate occurrence (edit distance at most ``MAX_ERROR_RATE`` of the
   quote's length) near candidate places → ``fuzzy``, scored on quote, prefix, suffix and
   distance like dom-anchor-text-quote's use of diff-match-patch's ``match_main``.
4. Otherwise ``orphaned``.

A short quote ("Linus") matches many places by chance, so below ``SHORT`` characters — and
whenever the quote occurs more than once — a place is taken only when the text around it
agrees with the stored context. Nothing is ever chosen just because it is somewhere.

Fuzzy search never scans the whole article with a quadratic algorithm: candidate starts come
from exact occurrences of pieces of the quote and of its context (and the old position); each
candidate window is searched with Myers' bit-parallel approximate matcher (Python ints as bit
vectors, so any quote length works), which costs one pass over the window.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from reader.content.anchor import Anchor

SHORT = 20  # quotes shorter than this need their context to agree
CONTEXT_MIN = 0.6  # similarity (0..1) of at least one side's context for an accepted place
EDGE = 0.5  # agreement of an empty context (start or end of the text) with a place there
FULL_CONTEXT = 16  # characters of stored context that count as full evidence
MAX_ERROR_RATE = 0.25  # a fuzzy match may differ from the quote in this share of its characters
CLOSE_QUOTE = 0.9  # a fuzzy match this close to the quote needs no agreeing context
MAX_OCCURRENCES = 2000  # exact occurrences of a quote considered
PIECE = 8  # length of the quote pieces that seed fuzzy candidates
MAX_PIECES = 48
MAX_PIECE_HITS = 40  # a piece found more often than this is too common to locate anything
MAX_CANDIDATES = 24


@dataclass
class Resolution:
    status: str  # exact | moved | fuzzy | orphaned
    start: int | None
    end: int | None
    score: float = 1.0


ORPHANED = Resolution("orphaned", None, None, 0.0)


def _similar(stored: str, found: str, *, before: bool) -> float:
    """0..1: how alike a stored context and the text at a candidate place are.

    Half edit similarity (a re-wrapped line costs little), half the share of characters that
    agree outward from the passage (a difference next to the passage costs most): a near-copy
    of a paragraph never ties with the passage's own place.
    """
    if not stored and not found:
        return 1.0
    if not stored or not found:
        return 0.0
    ratio = SequenceMatcher(None, stored, found, autojunk=False).ratio()
    a, b = (stored[::-1], found[::-1]) if before else (stored, found)
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return 0.5 * ratio + 0.5 * n / max(len(stored), len(found))


def _context(text: str, anchor: Anchor, start: int, end: int) -> tuple[float, float]:
    """(prefix agreement, suffix agreement) of a place ``text[start:end]``."""
    # An empty stored prefix (suffix) says the passage began (ended) the text: a place there
    # half agrees (EDGE) — being first is weak evidence, a paragraph move changes it.
    # A stored context shorter than FULL_CONTEXT (the passage was near an end of the text) is
    # weak evidence: "A " before "good" agrees with every "A good". It counts as an edge when
    # the place is near that end too, else in proportion to its length.
    n, m = len(anchor.prefix), len(anchor.suffix)
    if n:
        pre = _similar(anchor.prefix, text[max(0, start - n):start], before=True)
        if n < FULL_CONTEXT:
            pre *= EDGE if start - n <= 0 else n / FULL_CONTEXT
    else:
        pre = EDGE if not text[:start].strip() else 0.0
    if m:
        suf = _similar(anchor.suffix, text[end:end + m], before=False)
        if m < FULL_CONTEXT:
            suf *= EDGE if end + m >= len(text) else m / FULL_CONTEXT
    else:
        suf = EDGE if not text[end:].strip() else 0.0
    return pre, suf


def _nearness(text: str, anchor: Anchor, start: int) -> float:
    return 1.0 - min(1.0, abs(start - anchor.start) / max(1, len(text)))


def _score(quote: float, pre: float, suf: float, near: float) -> tuple[float, float]:
    """Quote and context (weighed 50, 20, 20 as Hypothesis does), then nearness to the old
    position — only between places the text itself cannot tell apart."""
    return (50 * quote + 20 * pre + 20 * suf) / 90, near


def _accepted(quote_len: int, unique: bool, pre: float, suf: float) -> bool:
    """An exact occurrence is taken when one side of its context agrees, or when it is the
    only one and long enough not to be there by chance."""
    if max(pre, suf) >= CONTEXT_MIN:
        return True
    return quote_len >= SHORT and unique


def reanchor(text: str, anchor: Anchor) -> Resolution:
    """Where ``anchor``'s passage is in ``text`` now (see the module docstring)."""
    exact = anchor.exact
    if not exact or not text:
        return ORPHANED
    m = len(exact)
    start = anchor.start
    at_position = 0 <= start and start + m <= len(text) and text[start:start + m] == exact

    occurrences: list[int] = []
    at = text.find(exact)
    while at >= 0 and len(occurrences) < MAX_OCCURRENCES:
        occurrences.append(at)
        at = text.find(exact, at + 1)
    unique = len(occurrences) == 1

    if at_position and unique:
        pre, suf = _context(text, anchor, start, start + m)
        if _accepted(m, unique, pre, suf):
            return Resolution("exact", start, start + m, 1.0)

    # Several occurrences (the old position among them, maybe): the context decides.
    best: tuple[tuple[float, float], int] | None = None
    for at in occurrences:
        pre, suf = _context(text, anchor, at, at + m)
        if not _accepted(m, unique, pre, suf):
            continue
        score = _score(1.0, pre, suf, _nearness(text, anchor, at))
        if best is None or score > best[0]:
            best = (score, at)
    if best is not None:
        status = "exact" if best[1] == start else "moved"
        return Resolution(status, best[1], best[1] + m, round(best[0][0], 4))

    return _fuzzy(text, anchor) or ORPHANED


# -- fuzzy ------------------------------------------------------------------------------------

def _candidates(text: str, anchor: Anchor) -> list[int]:
    """Likely starts of the passage in ``text``, most voted first."""
    exact, m = anchor.exact, len(anchor.exact)
    votes: Counter[int] = Counter()
    bucket = max(8, m // 8)

    def vote(piece: str, offset: int) -> None:
        # offset: where the passage starts relative to the piece's start
        if len(piece) < 4:
            return
        hits = []
        at = text.find(piece)
        while at >= 0:
            hits.append(at)
            if len(hits) > MAX_PIECE_HITS:
                return
            at = text.find(piece, at + 1)
        for at in hits:
            votes[(at + offset) // bucket] += 1

    size = min(PIECE, m)
    starts = list(range(0, max(1, m - size + 1), size))
    if m > size and starts[-1] != m - size:
        starts.append(m - size)
    if len(starts) > MAX_PIECES:
        step = len(starts) / MAX_PIECES
        starts = [starts[int(i * step)] for i in range(MAX_PIECES)]
    for s in starts:
        vote(exact[s:s + size], -s)
    # The context locates the passage too, when the quote itself was edited.
    if anchor.prefix:
        tail = anchor.prefix[-16:]
        vote(tail, len(tail))
    if anchor.suffix:
        head = anchor.suffix[:16]
        vote(head, -m)
    # A long quote costs more per window: fewer windows, and only places two pieces agree on.
    most = MAX_CANDIDATES if m <= 300 else max(3, MAX_CANDIDATES * 300 // m)
    least = 2 if m > 64 else 1
    ranked = [b * bucket for b, n in votes.most_common(most) if n >= least]
    if 0 <= anchor.start <= len(text):
        ranked.append(anchor.start)
    return ranked


def _windows(starts: list[int], m: int, pad: int, size: int) -> list[tuple[int, int]]:
    """Text ranges to search around candidate starts, overlapping ones merged."""
    spans = sorted((max(0, c - pad), min(size, c + m + pad)) for c in starts)
    out: list[tuple[int, int]] = []
    for lo, hi in spans:
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _myers_best_end(pattern: str, text: str) -> tuple[int, int]:
    """(least edit distance of ``pattern`` to a substring of ``text``, end of that substring).

    Myers (1999) bit-parallel approximate matching; ties go to the earliest end.
    """
    m = len(pattern)
    peq: dict[str, int] = {}
    for i, c in enumerate(pattern):
        peq[c] = peq.get(c, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    best_score, best_end = m, 0
    for j, c in enumerate(text):
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        if score < best_score:
            best_score, best_end = score, j + 1
    return best_score, best_end


def best_substring(pattern: str, text: str, limit: int | None = None) -> tuple[int, int, int]:
    """(distance, start, end) of the substring of ``text`` closest to ``pattern`` (the start is
    not looked for when the distance is over ``limit``)."""
    dist, end = _myers_best_end(pattern, text)
    if end == 0 or (limit is not None and dist > limit):
        return dist, 0, 0
    # The start: the same search, backwards, from that end.
    _, rev_end = _myers_best_end(pattern[::-1], text[:end][::-1])
    return dist, end - rev_end, end


def _fuzzy(text: str, anchor: Anchor) -> Resolution | None:
    exact = anchor.exact
    m = len(exact)
    max_errors = int(m * MAX_ERROR_RATE)
    if max_errors < 1:
        return None
    best: tuple[tuple[float, float], int, int] | None = None
    seen: set[tuple[int, int]] = set()
    pad = max_errors + 8
    for lo, hi in _windows(_candidates(text, anchor), m, pad, len(text)):
        if hi - lo < m - max_errors:
            continue
        dist, s, e = best_substring(exact, text[lo:hi], max_errors)
        s, e = s + lo, e + lo
        # dist 0 is an exact occurrence, already weighed (and refused) above
        if dist == 0 or dist > max_errors or (s, e) in seen or e <= s:
            continue
        seen.add((s, e))
        # Trim whitespace the alignment took in at either end.
        while s < e and text[s].isspace() and not exact[0].isspace():
            s += 1
        while e > s and text[e - 1].isspace() and not exact[-1].isspace():
            e -= 1
        pre, suf = _context(text, anchor, s, e)
        quote = 1.0 - dist / m
        # A place that differs from the quote in more than a few characters, and whose
        # surroundings differ too, is another sentence that happens to look alike.
        if max(pre, suf) < CONTEXT_MIN and (m < SHORT or quote < CLOSE_QUOTE):
            continue
        score = _score(quote, pre, suf, _nearness(text, anchor, s))
        if best is None or score > best[0]:
            best = (score, s, e)
    if best is None:
        return None
    return Resolution("fuzzy", best[1], best[2], round(best[0][0], 4))
