"""Keep the index's bookmark documents in step with bookmarks.yaml.

Call ``sync_index`` after ``reader.index.update`` (a rebuild starts from an empty index) and
after changing bookmarks. A read-only (unreadable) file leaves the index as it was: what the
file holds is not known.
"""

from __future__ import annotations

import os
from pathlib import Path

from reader.bookmarks.store import BookmarkStore
from reader.paths import Library


def _fingerprint(path: Path) -> str:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "missing"
    except OSError:
        return ""
    return f"{st.st_ino}:{st.st_mtime_ns}:{st.st_size}"


def sync_index(library: Library, store: BookmarkStore, *, lock_timeout: float = 2.0) -> int:
    """Write the differences; the number of documents written or removed (0 when nothing
    changed, cheaply: when neither bookmarks.yaml nor the index moved since the last sync, the
    store is not even read). Raises ``reader.index.IndexBusy`` when another process holds the
    index."""
    # Whoosh is imported here, by the commands that sync: a bookmark listing does not
    from reader.index import storage
    from reader.index.bookmark_docs import BookmarkDoc, sync_bookmarks, up_to_date

    if not storage.exists(library.index):
        return 0
    source = _fingerprint(store.path)
    if up_to_date(library.index, source):
        return 0
    bookmarks = store.bookmarks
    if store.read_only:
        return 0
    docs = [BookmarkDoc(article=b.article, bookmark=b.id, quote=b.exact, note=b.note, tags=tuple(b.tags),
                        title=b.title, created=b.created) for b in bookmarks]
    return sync_bookmarks(library.index, docs, lock_timeout=lock_timeout, source=source)
