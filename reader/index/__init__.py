"""reader.index: the Whoosh index of a library — building it, and searching it.

No Textual here: the CLI and the TUI both use this package.

    from reader.index import update, SearchIndex
    report = update(library)                   # incremental; rebuilds when it must
    with SearchIndex(library.index) as ix:
        results = ix.search("kernel panic", scope="all", limit=20, sort="relevance")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# timeline is light, and its function shares the submodule's name: bound here, once
from reader.index.timeline import Bar, Timeline, narrow, timeline
from reader.lazy import lazy_getattr

# The rest loads on first use (PEP 562): ``reader where`` or ``from reader.index.results import
# PER_ARTICLE`` need not import Whoosh, the cleaner and ftfy (~0.1 s of every CLI start).
_LAZY = {
    "Report": "report", "update": "build", "Entry": "catalogue", "load_catalogue": "catalogue",
    "centre": "highlight", "IndexBusy": "lock", "IndexUnwritable": "lock", "QueryError": "query",
    "SCHEMA_VERSION": "schema", "ArticleHits": "searching", "Fragment": "searching",
    "Hit": "searching", "IndexDamaged": "searching", "Results": "searching",
    "SearchIndex": "searching", "spans_in": "searching",
}

if TYPE_CHECKING:
    from reader.index.build import update
    from reader.index.catalogue import Entry, load_catalogue
    from reader.index.highlight import centre
    from reader.index.lock import IndexBusy, IndexUnwritable
    from reader.index.query import QueryError
    from reader.index.report import Report
    from reader.index.schema import SCHEMA_VERSION
    from reader.index.searching import (ArticleHits, Fragment, Hit, IndexDamaged, Results,
                                        SearchIndex, spans_in)


__getattr__ = lazy_getattr(__name__, _LAZY, globals())


__all__ = [
    "ArticleHits",
    "Bar",
    "Entry",
    "Fragment",
    "Hit",
    "IndexBusy",
    "IndexUnwritable",
    "IndexDamaged",
    "QueryError",
    "Report",
    "Results",
    "SCHEMA_VERSION",
    "SearchIndex",
    "Timeline",
    "centre",
    "load_catalogue",
    "narrow",
    "search",
    "spans_in",
    "timeline",
    "update",
]


def search(query: str, *, library=None, scope: str = "all", limit: int = 20, sort: str = "relevance") -> Results:
    """One-shot search of a library's index as it is (``reader.paths.resolve_library()`` when
    not given). To bring the index up to date first, front ends call
    ``reader.library.refresh_index`` — the one way to do it (the update, then the bookmarks)."""
    from reader.paths import resolve_library

    library = library or resolve_library()
    with SearchIndex(library.index) as ix:
        return ix.search(query, scope=scope, limit=limit, sort=sort)
