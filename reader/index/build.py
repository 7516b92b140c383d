"""``update()``: bring a library's index up to date with its content/ folder.

1. Without the lock, a quick look: when the manifest says nothing moved, return at once (this is
   what ``reader search`` and the TUI pay on every start).
2. Under the lock (``reader.index.lock``): rebuild from scratch when asked, when the index cannot
   be read, or when the schema, the cleaner or the site rules changed; otherwise scan (stat-first,
   hash only what moved) and clean + index only new and changed files, and remove what is gone.
3. Work is committed in chunks; after each Whoosh commit what changed is recorded in the
   catalogue and then in the manifest — appended to their journals, or (a rebuild, a journal
   past its bound) written whole and atomically. A run killed anywhere leaves the last commit
   readable and a manifest that lags it (never leads): the next run re-does the files it does
   not list, first deleting any documents they already have, so re-indexing is idempotent.

The quick look's manifest and scan (one stat per file, taken by the walk: ``reader.index.walk``)
are reused under the lock unless the manifest changed in between, so one changed file in a 100k
library costs one walk, one manifest read and a small commit (about 1 s here), not two of each
plus rewrites.

A chunk is written to Whoosh by this process or by worker processes (``PARALLEL_MIN`` files or
more): ``reader.index.writing``.
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path

from reader.errors import ReaderError, UsageError
from reader.index import staleness, storage
from reader.index.catalogue import Entry, catalogue_whole, load_rows, save_rows, update_rows
from reader.index.files import gc_paused
from reader.index.lock import IndexLock, unwritable
from reader.index.manifest import (
    FileState,
    Manifest,
    Scan,
    load_manifest,
    manifest_stamp,
    save_manifest,
    scan,
    stat3,
)
from reader.index.report import NullProgress, Progress, Report
from reader.index.schema import make_schema
from reader.index.walk import content_files
from reader.index.writing import commit_segments, write_here
from reader.paths import Library

PARALLEL_MIN = 200  # files in one run before worker processes pay off
MIN_CHUNK = 5000  # files per commit, at least; a big build commits twice


def default_jobs() -> int:
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:
        n = os.cpu_count() or 1
    return max(1, min(2, n))


def update(
    library: Library,
    *,
    rebuild: bool = False,
    jobs: int | None = None,
    chunk: int | None = None,
    lock_timeout: float = 2.0,
    progress: Progress | None = None,
) -> Report:
    """Index new and changed files, remove deleted ones; rebuild when needed. Returns a Report."""
    t0 = time.monotonic()
    progress = progress or NullProgress()
    content, index_dir = library.content, library.index
    if not content.is_dir():
        raise UsageError(f"{content}: no content/ folder; run `reader where` to see the paths")
    versions = staleness.versions(library)
    m = s = None
    with gc_paused():
        files, dupes = content_files(library)
        if not rebuild:  # the quick look, without the lock
            m = load_manifest(index_dir)
            if (
                m is not None
                and staleness.stale_reason(m, versions) is None
                and catalogue_whole(index_dir)  # there, ours (this version), not cut short
                and staleness.opens(index_dir)
            ):
                s = scan(content, m, files)
    if m is not None and s is not None and s.nothing_to_do():
        report = Report(unchanged=s.unchanged, skipped={**s.failed_before, **dupes, **s.unreadable})
        report.articles = len(m.files)
        report.seconds = time.monotonic() - t0
        return report

    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # `index` is a file, or the library is read-only
        raise unwritable(index_dir, exc) from None
    with IndexLock(index_dir, timeout=lock_timeout) as lock:
        report = Report()
        if lock.stale:
            report.messages.append(lock.stale)
        run = _Run(library, files, dupes, versions, report, progress, jobs, chunk, crashed=bool(lock.stale))
        run.looked = (m, s)
        try:
            run.run(rebuild)
        except OSError as exc:  # a read-only index/ (or one of its files): one line, nothing lost
            raise unwritable(index_dir, exc) from None
    report.seconds = time.monotonic() - t0
    return report


class _Run:
    """One locked update run."""

    def __init__(self, library, files, dupes, versions, report, progress, jobs, chunk, crashed) -> None:
        self.library: Library = library
        self.index_dir: Path = library.index
        self.files: list[tuple[str, Path]] = files
        self.dupes: dict[str, str] = dupes
        self.versions = versions
        self.report: Report = report
        self.progress: Progress = progress
        self.jobs = jobs if jobs is not None else default_jobs()
        self.chunk = chunk
        self.crashed = crashed
        # The quick look's manifest and scan: reused under the lock when the manifest has not
        # changed since it was read (another indexer may have run in between).
        self.looked: tuple[Manifest | None, Scan | None] = (None, None)
        # The whole catalogue, when this run needs it (see ``run``); else only what changed is
        # written.
        self.rows: dict[str, Entry] | None = None
        # A rebuild over a readable index: built beside it and committed in one TOC that drops
        # the old segments (``whoosh.writing.CLEAR``), so searches meanwhile read the old one.
        self.replace = False

    # -- deciding what to do ------------------------------------------------------------------

    def _open_or_rebuild(self, rebuild: bool):
        index_dir, report = self.index_dir, self.report
        m = self.looked[0]
        if m is None or m.stamp != manifest_stamp(index_dir):
            m = load_manifest(index_dir)
            self.looked = (m, None)
        reason = "asked for" if rebuild else None
        ix = None
        if storage.exists(index_dir):
            storage.tidy(index_dir)
        if reason is None:
            try:
                ix = storage.open_index(index_dir)
            except storage.IndexUnreadable as exc:
                if str(exc) == "no index yet":
                    if m is None:
                        report.created = True
                    else:
                        reason = "index missing"
                else:
                    reason = f"index unreadable: {exc}"
                if reason:
                    report.messages.append(f"{reason}; rebuilding it from {self.library.content}")
        if ix is not None and reason is None:
            if storage.signature(ix.schema) != storage.signature(make_schema()):
                reason = "index schema changed"
            elif m is None:
                if ix.doc_count_all():
                    reason = "manifest missing"
                    report.messages.append(f"{reason}; rebuilding the index from {self.library.content}")
            else:
                reason = staleness.stale_reason(m, self.versions)
        if reason is not None or ix is None:
            report.rebuilt = reason
            schema, cleaner, rules = self.versions
            m = Manifest(schema, cleaner, rules)
            self.rows = {}
            old = self._replaceable(ix) if reason is not None else None
            if old is not None:
                # A readable index of today's schema stays what searches read until the new
                # one is committed: the whole rebuild is one commit that drops every old
                # segment (``_chunk``), then the catalogue and the manifest are written whole.
                self.replace = True
                return old, m
            # Nothing readable to keep: the manifest goes first (it may lag the index, never
            # lead it), then the index is switched to an empty one in one rename.
            save_rows(index_dir, {})
            save_manifest(index_dir, m)
            ix = storage.reset(index_dir)
        elif m is None:
            schema, cleaner, rules = self.versions
            m = Manifest(schema, cleaner, rules)
            self.rows = {}
            save_rows(index_dir, {})
            save_manifest(index_dir, m)
        return ix, m

    def _replaceable(self, ix):
        """The index a rebuild may leave readable until its commit: ``ix`` or the one on disk,
        when it opens and has today's schema; else None."""
        if ix is None:
            try:
                ix = storage.open_index(self.index_dir)
            except storage.IndexUnreadable:
                return None
        if storage.signature(ix.schema) != storage.signature(make_schema()):
            return None
        return ix

    def _abandon_old(self) -> None:
        """A rebuild that cannot finish in one commit (a worker died on a file) falls back to
        what a rebuild without an old index does: an empty index and a manifest that remembers
        the failure, so the next run indexes the rest and skips that file."""
        storage.reset(self.index_dir)
        save_rows(self.index_dir, {})
        self.replace = False

    def run(self, rebuild: bool) -> None:
        report = self.report
        ix, m = self._open_or_rebuild(rebuild)
        if report.rebuilt or report.created:
            # The rules in use changed (or were first read): a rule file skipped is said once here,
            # not silently (`reader clean` says it too, with every page).
            report.messages.extend(self._rules().warnings)
        content = self.library.content
        looked_m, s = self.looked
        if s is None or looked_m is not m:
            s = scan(content, m, self.files)
        fresh = self.replace or ix.doc_count_all() == 0
        dirty = False
        # Self-healing: an article the manifest lists but the catalogue lacks is indexed again.
        # Our own writes never get there (the catalogue is written before the manifest, each
        # journal line after the commit it describes, compactions atomically), so the whole
        # catalogue is loaded and checked only when it may have been lost: after a crash (lock
        # stale), or when its base is missing, not ours or cut short (``catalogue_whole``). A
        # base damaged in its middle by something else is not seen until the next of those.
        if self.rows is None and (self.crashed or not catalogue_whole(self.index_dir)):
            self.rows = load_rows(self.index_dir)
        healed = 0
        rows = self.rows
        if rows is not None and m.files:
            work_now, deleted = s.work, set(s.deleted)
            for rel, state in list(m.files.items()):
                if state.article_id not in rows and rel not in work_now and rel not in deleted:
                    path = content / rel
                    if rel in s.stats:
                        s.changed[rel] = path
                        healed += 1
        # A touched file (new stat, same bytes) is unchanged too: only its stat is recorded, and
        # added + updated + unchanged then add up to the articles.
        report.unchanged = s.unchanged - healed + len(s.touched)
        report.skipped = {**s.failed_before, **self.dupes}
        for rel, reason in s.unreadable.items():
            report.failed[rel] = reason
            if rel in s.stats:  # readable stat, unreadable bytes: don't retry until it moves
                m.failed[rel] = [*stat3(s.stats[rel]), reason]
                dirty = True

        # Removed files go in the first commit; so do, after a crash, documents of articles that
        # neither the manifest nor this run knows (committed, then the file went away).
        first_deletes: set[str] = {m.files[rel].article_id for rel in s.deleted}
        if self.crashed and not fresh:
            first_deletes |= self._orphans(ix, m, s)

        for rel, (size, mtime) in s.touched.items():
            st = m.files[rel]
            m.files[rel] = FileState(size, mtime, st.sha256, st.cleaner, st.article_id)
            dirty = True

        work = sorted(s.work.items())
        if self.replace and not work:  # a rebuild of an empty library: an empty index
            ix = storage.reset(self.index_dir)
            save_rows(self.index_dir, {})
            save_manifest(self.index_dir, m)
            self.replace = False
        if not work and not first_deletes and not s.deleted:
            if dirty:
                save_manifest(self.index_dir, m)
            self._finish(ix, m)
            return

        parallel = self.jobs > 1 and len(work) >= PARALLEL_MIN
        # A big build commits twice (each commit of a parallel build adds one segment per
        # worker, and every segment costs each query a lookup); a small update commits once.
        size = self.chunk or max(MIN_CHUNK, math.ceil(len(work) / 2))
        if self.replace:  # one commit: searches read the old index until then
            size = max(1, len(work))
        chunks = [work[i:i + size] for i in range(0, len(work), size)] or [[]]
        report.jobs = self.jobs if parallel else 1
        pool = None
        if parallel:  # forked before the progress bar starts its thread
            from reader.index.workers import WorkerPool

            pool = WorkerPool(self.index_dir, self.library.rules, self.jobs)
        self.progress.start(len(work), "indexing")
        try:
            for n, part in enumerate(chunks):
                deletes = set(first_deletes) if n == 0 else set()
                if not fresh:  # this chunk's own files may already be there
                    deletes |= {rel.rsplit(".", 1)[0] for rel, _ in part}
                self._chunk(ix, m, s, part, deletes, s.deleted if n == 0 else [], pool)
        except ReaderError as exc:
            failed = getattr(exc, "failed", None)
            if failed:  # a worker died: remember the file that killed it, so the next run skips it
                if self.replace:
                    if pool is not None:  # no worker may write while the index is reset
                        pool.close()
                    self._abandon_old()
                for rel, reason in failed.items():
                    m.failed[rel] = [*_stat3_of(s, rel), reason]
                save_manifest(self.index_dir, m)
            raise
        finally:
            self.progress.stop()
            if pool is not None:
                pool.close()
        self._finish(ix, m)

    def _orphans(self, ix, m: Manifest, s: Scan) -> set[str]:
        """After a crash: article ids in the index that neither the manifest nor this run knows."""
        known = {st.article_id for st in m.files.values()} | {rel.rsplit(".", 1)[0] for rel in s.work}
        with ix.reader() as r:
            ids = {b.decode("utf-8") for b in r.lexicon("article")}
        return ids - known

    # -- writing --------------------------------------------------------------------------------

    def _chunk(self, ix, m, s: Scan, part, deletes, removed, pool) -> None:
        """Clean + index ``part`` (a list of (rel, path)), delete ``deletes``, commit, record."""
        content = self.library.content
        ids = {rel: rel.rsplit(".", 1)[0] for rel, _ in part}
        done: dict[str, Entry] = {}  # rel → catalogue entry
        failed: dict[str, str] = {}
        if pool is None:
            write_here(ix, part, ids, deletes, done, failed, self._rules(), self.progress, replace=self.replace)
        else:
            segments = pool.run(part, ids, done, failed, self.progress)
            commit_segments(ix, segments, deletes, replace=self.replace)

        # The commit is on disk: now the catalogue, then the manifest (which may lag, never lead).
        changed: dict[str, Entry | None] = {}  # catalogue: id → entry, None when removed
        for rel in removed:
            state = m.files.pop(rel, None)
            if state is not None:
                changed[state.article_id] = None
            m.failed.pop(rel, None)
            self.report.removed += 1
        for rel, entry in done.items():
            changed[entry.id] = entry._replace(path=rel)
            st = s.stats[rel]
            size, mtime = st.st_size, st.st_mtime_ns
            if rel in m.files:
                self.report.updated += 1
            else:
                self.report.added += 1
            digest = s.hashes.get(rel) or _hash(content / rel)
            m.files[rel] = FileState(size, mtime, digest, self.versions[1], ids[rel])
            m.failed.pop(rel, None)
        for rel, reason in failed.items():
            if rel in m.files:
                m.files.pop(rel)
            changed[ids[rel]] = None
            m.failed[rel] = [*_stat3_of(s, rel), reason]
            self.report.failed[rel] = reason
        if self.rows is not None:
            for aid, row in changed.items():
                if row is None:
                    self.rows.pop(aid, None)
                else:
                    self.rows[aid] = row
        if self.replace:  # the old catalogue described the old index: a new base, whole
            save_rows(self.index_dir, self.rows or {})
            self.replace = False
        else:
            update_rows(self.index_dir, changed, self.rows)
        save_manifest(self.index_dir, m)

    def _rules(self):
        from reader.content.rules import load_rules

        return load_rules(self.library.rules if self.library.rules.is_dir() else None)

    def _finish(self, ix, m: Manifest) -> None:
        # Failed entries for files that no longer exist are forgotten.
        stale = []
        if m.failed:
            present = {item[0] for item in self.files}
            stale = [rel for rel in m.failed if rel not in present]
        for rel in stale:
            m.failed.pop(rel)
        # A rebuild ends with whole files, no journal.
        whole = bool(self.report.rebuilt or self.report.created)
        if stale or (whole and m.journal_entries):
            save_manifest(self.index_dir, m, compact=whole)
        if whole and self.rows is not None and (self.index_dir / "catalogue.journal").exists():
            save_rows(self.index_dir, self.rows)
        with ix.reader() as r:
            self.report.documents = r.doc_count()
        self.report.articles = len(m.files)


def _stat3_of(s: Scan, rel: str) -> tuple[int, int, int]:
    st = s.stats.get(rel)
    return stat3(st) if st is not None else (0, 0, 0)


def _hash(path: Path) -> str:
    from reader.index.manifest import sha256_file

    try:
        return sha256_file(path)
    except (OSError, ReaderError):
        return ""
