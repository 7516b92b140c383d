"""Worker processes for big builds: each one cleans files *and* indexes them into its own segment.

This is what ``ix.writer(procs=2, multisegment=True)`` does (each sub-writer fills a segment,
the parent lists the segments in the TOC without merging), with three differences that matter:

* the workers clean as well as index, so a document is never pickled from a cleaning pool to the
  parent and again to an indexing process (cleaning and indexing both take milliseconds per
  article, and this machine has two cores);
* a worker dies with its parent (``die_with_parent``). ``MpWriter``'s children block on their
  job queue for ever when the parent is SIGKILLed, and they hold the inherited write lock:
  measured here, the index then stays locked until someone kills them by hand. Its
  ``cancel()`` does not reach them either;
* per-file outcomes (catalogue row, one-line failure) come back to the parent for the progress
  bar, the catalogue and the manifest.

Protocol: the parent puts ``("file", rel, path, article_id)`` items on a shared task queue, then
one ``("flush",)`` per worker. A worker that takes a flush finishes its segment, sends it back and
waits on its own control queue, so each worker takes exactly one flush. The parent commits the
segments, then says ``"go"`` (next chunk) or ``"stop"``. No writer works during a commit, whose
clean-up deletes every segment file the new TOC does not list.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import traceback
from pathlib import Path

from reader.errors import ReaderError

POLL = 0.2  # seconds between liveness checks while waiting for results


def _context():
    """Fork where there is fork. ``spawn`` would re-import the main module in each worker, which
    a script without an ``if __name__ == "__main__"`` guard cannot survive. Forking from a
    threaded process (the TUI updates in a worker thread) is safe enough here: a worker only
    runs the cleaner, Whoosh and its queues, none of which takes a lock another thread of the
    parent may hold. Small updates (under ``PARALLEL_MIN`` files) do not fork at all."""
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


def _worker(wid: int, index_dir: str, rules_dir: str | None, parent: int, tasks, control, results,
            busy) -> None:
    from reader.index.lock import die_with_parent

    die_with_parent(parent)
    try:
        from reader.content.rules import load_rules
        from reader.index import storage
        from reader.index.segment_writer import segment_writer
        from reader.index.writing import clean_one

        rules = load_rules(Path(rules_dir) if rules_dir else None)
        writer = None
        while True:
            item = tasks.get()
            if item[0] == "file":
                _, seq, rel, path, aid = item
                # Shared memory, not a queued message: a worker killed mid-file cannot flush its
                # queue's feeder thread, and the parent would blame the file before this one.
                busy.value = seq
                result = clean_one(Path(path), rel, aid, rules)
                if isinstance(result, str):
                    results.put(("fail", wid, rel, result))
                    busy.value = -1
                    continue
                if writer is None:
                    ix = storage.storage(Path(index_dir)).open_index(storage.INDEX_NAME)
                    writer = segment_writer(ix, fused=True, _lk=False)
                for doc in result.docs:
                    writer.add_document(**doc)
                results.put(("ok", wid, rel, result.row))
                busy.value = -1
            elif item[0] == "flush":
                segment = None
                if writer is not None:
                    if writer._added:
                        segment = writer._finalize_segment()
                    else:
                        writer._close_segment()
                    writer = None
                results.put(("segment", wid, segment))
                if control.get() == "stop":
                    return
    except BaseException as exc:  # tell the parent, one line; it stops the build
        line = traceback.format_exception_only(type(exc), exc)[-1].strip()
        try:
            results.put(("error", wid, line[:300]))
        except Exception:
            pass
        os._exit(1)


class WorkerPool:
    def __init__(self, index_dir: Path, rules_dir: Path, jobs: int) -> None:
        ctx = _context()
        self.tasks = ctx.Queue()
        self.results = ctx.Queue()
        self.controls = [ctx.Queue() for _ in range(jobs)]
        self.busy = [ctx.Value("q", -1, lock=False) for _ in range(jobs)]  # the file each is on
        self.names: list[str] = []
        rules = str(rules_dir) if rules_dir.is_dir() else None
        self.procs = [
            ctx.Process(
                target=_worker,
                args=(i, str(index_dir), rules, os.getpid(), self.tasks, self.controls[i], self.results,
                      self.busy[i]),
                name=f"reader-index-{i}",
                daemon=True,
            )
            for i in range(jobs)
        ]
        for p in self.procs:
            p.start()
        self.first = True

    def run(self, part, ids, done: dict, failed: dict, progress) -> list:
        """Clean + index ``part`` in the workers; fill ``done``/``failed``; return their segments."""
        if not self.first:
            for c in self.controls:
                c.put("go")
        self.first = False
        self.names = [rel for rel, _ in part]
        for seq, (rel, path) in enumerate(part):
            self.tasks.put(("file", seq, rel, str(path), ids[rel]))
        for _ in self.procs:
            self.tasks.put(("flush",))
        segments: list = []
        flushed = 0
        while flushed < len(self.procs):
            try:
                msg = self.results.get(timeout=POLL)
            except queue.Empty:
                self._check_alive(failed)
                continue
            kind = msg[0]
            if kind == "ok":
                done[msg[2]] = msg[3]
                progress.advance(msg[2])
            elif kind == "fail":
                failed[msg[2]] = msg[3]
                progress.advance(msg[2])
            elif kind == "segment":
                flushed += 1
                if msg[2] is not None:
                    segments.append(msg[2])
            elif kind == "error":
                raise ReaderError(f"indexing worker failed: {msg[2]}")
        return segments

    def _check_alive(self, failed: dict) -> None:
        for wid, p in enumerate(self.procs):
            if not p.is_alive():
                seq = self.busy[wid].value
                rel = self.names[seq] if 0 <= seq < len(self.names) else None
                if rel is not None:
                    # Remember the file that killed it, so the next run skips it.
                    failed[rel] = f"{rel}: the cleaner crashed on it (exit code {p.exitcode})"
                where = f" on {rel}" if rel else ""
                raise WorkerDied(f"an indexing worker died{where} (exit code {p.exitcode})", failed)

    def close(self) -> None:
        for p in self.procs:
            if p.is_alive():
                p.terminate()
        for p in self.procs:
            p.join(timeout=5)
            if p.is_alive():
                p.kill()
                p.join(timeout=5)
        for q in (self.tasks, self.results, *self.controls):
            q.close()
            q.cancel_join_thread()


class WorkerDied(ReaderError):
    def __init__(self, message: str, failed: dict) -> None:
        super().__init__(message)
        self.failed = dict(failed)
