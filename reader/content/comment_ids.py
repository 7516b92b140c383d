"""Comment ids that survive re-cleaning a page that gained comments.

Dumps and HTML pages without ids of their own used to number comments ``c1, c2, …`` in
document order, so one reply inserted above a comment renamed it, and every mark that named
a comment by id ("seen when last read") pointed at the wrong one. An id is now a digest of
what identifies a comment on a page: its parent's id (its place in the thread), its author,
its date, and its rank among earlier siblings with the same author and date (two comments of
one minute). A page fetched again with more comments keeps the old ids.
"""

from __future__ import annotations

import hashlib

from reader.content.model import Comment, iso


def stable_ids(comments: list[Comment], generated: list[bool] | None = None) -> None:
    """Replace the generated ids (``generated[i]``, all by default) of ``comments`` (document
    order, parents pointing at earlier comments by their current ids) with stable ones, and
    point the parents at them. Ids a page gave its comments are kept."""
    renamed: dict[str, str] = {}
    taken = {c.id for c, gen in zip(comments, generated or [True] * len(comments)) if not gen}
    ranks: dict[tuple[str, str, str], int] = {}
    for n, c in enumerate(comments):
        parent = renamed.get(c.parent, c.parent) if c.parent else None
        c.parent = parent
        if generated is not None and not generated[n]:
            continue
        key = (parent or "", " ".join(c.author.split()).casefold(), iso(c.date) or "")
        rank = ranks.get(key, 0)
        ranks[key] = rank + 1
        digest = hashlib.sha1("\0".join((*key, str(rank))).encode("utf-8", "surrogatepass")).hexdigest()
        new = f"c{digest[:8]}"
        while new in taken:  # a clash of 32-bit digests within one page: rare, but ids must be unique
            digest = hashlib.sha1(digest.encode()).hexdigest()
            new = f"c{digest[:8]}"
        taken.add(new)
        renamed[c.id] = new
        c.id = new
