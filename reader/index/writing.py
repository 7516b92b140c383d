"""Writing one chunk of an update to Whoosh, and the one-file steps it is made of: cleaning a
page into its documents (``clean_one``, which the workers call too) and deleting an article's.

Small batches are cleaned and written by this process with one ordinary writer and one commit
(``write_here``). Large ones (a first build, a rebuild) use ``JOBS`` worker processes that clean
*and* index, each into its own segment; the parent commits those segments as they are (no merge,
``commit_segments``), exactly as ``writer(procs=2, multisegment=True)`` does — see
``reader.index.workers`` for why the workers are ours and not ``MpWriter``'s. Either way the
chunk's deletions go in the same commit, and a rebuild's commit (``replace``) drops every old
segment (``whoosh.writing.CLEAR``).
"""

from __future__ import annotations

from pathlib import Path

from whoosh.writing import CLEAR

from reader.errors import ReaderError
from reader.index.catalogue import Entry
from reader.index.merging import merge_policy
from reader.index.segment_writer import segment_writer
from reader.index.report import Progress
from reader.index.schema import Prepared, prepare

WRITE_TIMEOUT = 10.0  # seconds to wait for Whoosh's own write lock (held only by us, normally)


def write_here(ix, part, ids: dict[str, str], deletes: set[str], done: dict[str, Entry],
               failed: dict[str, str], rules, progress: Progress, *, replace: bool) -> None:
    """Clean + index ``part`` (a list of (rel, path)) in this process, delete ``deletes``, and
    commit; each file's catalogue entry goes in ``done``, or its one-line reason in ``failed``."""
    w = segment_writer(ix, timeout=WRITE_TIMEOUT)
    try:
        # Deletions reach only committed segments, so they and the additions below
        # (which go to this writer's new segment) do not interfere.
        for aid in sorted(deletes):
            delete_article(w, aid)
        for rel, path in part:
            result = clean_one(path, rel, ids[rel], rules)
            if isinstance(result, str):
                failed[rel] = result
            else:
                for doc in result.docs:
                    w.add_document(**doc)
                done[rel] = result.row
            progress.advance(rel)
    except BaseException:
        w.cancel()
        raise
    w.commit(mergetype=CLEAR if replace else merge_policy)


def commit_segments(ix, segments: list, deletes: set[str], *, replace: bool) -> None:
    """Commit the workers' ``segments`` as they are, with ``deletes``, in one TOC."""
    w = segment_writer(ix, timeout=WRITE_TIMEOUT)
    try:
        for aid in sorted(deletes):
            delete_article(w, aid)
        # What writer(procs=N, multisegment=True) does at commit: merge small old
        # segments (MERGE_SMALL, dead ones dropped first), then list the workers' as they are.
        final = w._merge_segments(CLEAR if replace else merge_policy, None, None)
        if w._added:
            final.append(w._finalize_segment())
        else:
            w._close_segment()
        final.extend(segments)
    except BaseException:
        w.cancel()
        raise
    w._commit_toc(final)  # the TOC's rename is the commit
    w._finish()


def delete_article(w, article_id: str) -> None:
    """Delete an article's own document and its comments'. Its bookmarks' documents stay: they
    are the user's, kept in step with bookmarks.yaml by ``reader.bookmarks.indexing`` (and a
    bookmark whose article is gone stays searchable)."""
    from whoosh import query as wq

    w.delete_by_query(wq.AndNot(wq.Term("article", article_id), wq.Term("kind", "bookmark")))


def clean_one(path: Path, rel: str, article_id: str, rules) -> Prepared | str:
    """Clean and prepare one file; a one-line reason (``rel: why``) when it cannot be done."""
    from reader.content import clean_file

    try:
        article = clean_file(path, article_id=article_id, rules=rules)
        return prepare(article)
    except ReaderError as exc:
        message = exc.message
        if message.startswith(str(path)):
            message = message[len(str(path)):].lstrip(": ")
        return f"{rel}: {message}"
    except RecursionError:
        return f"{rel}: too deeply nested to clean"
    except MemoryError:
        return f"{rel}: too large to clean"
    except Exception as exc:  # a cleaner bug must not stop the batch
        return f"{rel}: cleaner failed ({type(exc).__name__})"
