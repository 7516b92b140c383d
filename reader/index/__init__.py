"""reader.index: the Whoosh index of a library — building it, and searching it.

No Textual here: the CLI and the TUI both use this package.

    from reader.index import update, SearchIndex
    report = update(library)                   # incremental; rebuilds when it must
    with SearchIndex(library.index) as ix:
        results = ix.search("kernel panic", scope="all", limit=20, sort="relevance")
"""

from reader.index.build import Report, update
from reader.index.catalogue import Entry, load_catalogue
from reader.index.lock import IndexBusy, IndexUnwritable
from reader.index.query import QueryError
from reader.index.schema import SCHEMA_VERSION
from reader.index.searching import (
    ArticleHits,
    Fragment,
    Hit,
    IndexDamaged,
    Results,
    SearchIndex,
    spans_in,
)

__all__ = [
    "ArticleHits",
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
    "load_catalogue",
    "search",
    "spans_in",
    "update",
]


def search(query: str, *, library=None, scope: str = "all", limit: int = 20, sort: str = "relevance",
           refresh_index: bool = True) -> Results:
    """One-shot search of a library (``reader.paths.resolve_library()`` when not given).

    Brings the index up to date first (quietly, and cheaply when nothing changed).
    """
    from reader.paths import resolve_library

    library = library or resolve_library()
    if refresh_index:
        update(library)
    with SearchIndex(library.index) as ix:
        return ix.search(query, scope=scope, limit=limit, sort=sort)
