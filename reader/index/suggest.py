"""Did you mean: a query with each word the index lacks replaced by the nearest frequent one.

Whoosh's spelling word list is off (it cost 40% of indexing time), so the search is among the
indexed stems (``kernal`` → ``kernel``, ``schedulr`` → ``schedul``), and the stem is then
spelled as a word close to what was typed (``scheduler``), read from a stored body.
"""

from __future__ import annotations

import re

from whoosh import query as wq
from whoosh.support.levenshtein import distance

from reader.index.terms import lists_for

SUGGEST_FIELDS = ("body", "title", "author", "site", "tags")
MAX_CANDIDATES = 500


def max_distance(word: str) -> int:
    """How many edits a correction (and a fuzzy ``word~``) may make: 1 for short words."""
    return 1 if len(word) <= 4 else 2


def correct(reader, schema, qstring: str, q: wq.Query) -> str | None:
    """``qstring`` with each word the index lacks replaced by the nearest frequent one; None
    when there is nothing to correct."""
    edits: dict[tuple[int, int], str] = {}
    for tok in q.all_tokens():
        if tok.fieldname not in SUGGEST_FIELDS:
            continue
        if tok.startchar is None or tok.endchar is None:
            continue
        span = (tok.startchar, tok.endchar)
        if span in edits:
            continue
        word = qstring[tok.startchar:tok.endchar]
        if not word.isalpha() or len(word) < 3:
            continue
        field = "body" if tok.fieldname == "title" else tok.fieldname
        fieldobj = schema[field]
        texts = list(fieldobj.process_text(word, mode="query"))
        if not texts or reader.doc_frequency(field, texts[0]):
            continue  # a word the library has is not a typo, however rare
        typed = texts[0]
        best = None
        for cand in candidates(reader, field, typed):
            df = reader.doc_frequency(field, cand)
            if not df:
                continue
            key = (distance(typed, cand), -df, cand)
            if best is None or key < best:
                best = key
        if best is not None:
            edits[span] = spell(reader, field, best[2], word.lower())
    if not edits:
        return None
    out, last = [], 0
    for (s, e), cand in sorted(edits.items()):
        if s < last:
            continue
        original = qstring[s:e]
        out.append(qstring[last:s])
        out.append(cand.capitalize() if original[:1].isupper() and original[1:].islower() else cand)
        last = e
    out.append(qstring[last:])
    return "".join(out)


def reinsert(original: str, corrected: str) -> str:
    """The query had ``in:`` or a date range rewritten: the correction in the user's terms."""
    ins = " ".join(re.findall(r"(?<![\w:])in:\S+", original))
    return f"{corrected} {ins}".strip()


def spell(reader, field: str, stem: str, typed: str) -> str:
    """The stem as the library writes it: the surface words at the stem's first postings
    (stored character positions), the one closest to what was typed."""
    fieldobj = reader.schema[field]
    if not (fieldobj.analyzer.has_morph() and fieldobj.supports("characters")):
        return stem
    try:
        m = reader.postings(field, stem)
        docnum = m.id()
        spans = m.value_as("characters")[:50]
        text = reader.stored_fields(docnum).get(field, "")
    except Exception:
        return stem
    forms = {text[sc:ec].lower() for _, sc, ec in spans if 0 <= sc < ec <= len(text)}
    forms = {f for f in forms if f.isalpha()}
    if not forms:
        return stem
    return min(forms, key=lambda f: (distance(typed, f), len(f), f))


def candidates(reader, fieldname: str, word: str) -> set[str]:
    """Indexed terms within ``max_distance(word)`` edits of ``word`` (its first letter kept):
    from the reader's cached term lists (what a fuzzy ``word~`` expands over), else from
    Whoosh's walk of each segment's term file (~0.5 s a word at 10k articles)."""
    found: set[str] = set()
    maxdist = max_distance(word)
    lists = lists_for(reader)
    if lists is not None:
        try:
            found.update(lists.within(fieldname, word, maxdist, 1))
        except Exception:  # a term file the lists cannot read: Whoosh's own walk below
            found.clear()
        else:
            found.discard(word)
            return found
    for leaf, _ in reader.leaf_readers():
        try:
            found.update(leaf.terms_within(fieldname, word, maxdist, prefix=1))
        except Exception:
            continue
        if len(found) > MAX_CANDIDATES:
            break
    found.discard(word)
    return found
