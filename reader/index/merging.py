"""What a commit does with the segments already in the index (Whoosh's "merge policy").

Whoosh's default, ``MERGE_SMALL``, keeps every segment it does not merge, even one whose
documents are all deleted, and its size heuristic never merges segments of a few dozen
documents. An article changed again and again (its comments refreshed, the file edited, the
watcher re-indexing it) therefore left one dead segment per change, each still opened, looked
up and scored by every search: the 1k benchmark library had eight of them after its eight
one-file updates, and a term search took 8–14 ms there against 7 ms without them. Dropping a
dead segment costs nothing (no document moves); merging live ones is expensive in Whoosh
(~5 ms a document), so that stays Whoosh's own small-segment heuristic.
"""

from __future__ import annotations

from whoosh.writing import MERGE_SMALL


def merge_policy(writer, segments: list) -> list:
    """The segments the new TOC keeps: those with a live document, less what ``MERGE_SMALL``
    folds into ``writer``'s new segment. A deletion made by this writer counts already."""
    return MERGE_SMALL(writer, [s for s in segments if s.doc_count() > 0])
