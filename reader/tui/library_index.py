"""``LibraryIndex``: the list pane's worker side — lists the library, brings the search index up
to date, and runs searches, each in a thread worker that answers with a message.

It is a widget only to own workers, timers and a message queue (it is never shown). What the
library holds and how it is searched is the core's (``reader.library``, ``reader.index``).

Searches run one at a time: a query that comes while one runs waits, and only the newest
waits (a Whoosh search cannot be interrupted; this beats a debounce on every key). Every
query gets a generation number, and an answer for an older one is dropped. A typed query
skips "did you mean" (0.2–1 s on a big library for a word that is not there, which most
prefixes typed on the way to a word are) until the typing pauses (``SUGGEST_AFTER``).
"""

from __future__ import annotations

import threading
from pathlib import Path

from textual import on, work
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

from reader.errors import ReaderError
from reader.index import ArticleHits, QueryError, Results, SearchIndex
from reader.index.catalogue_head import Head
from reader.index.searching import Cancel, SearchCancelled
from reader.library import Entry, entries, indexed_entries, indexed_head, refresh_index
from reader.paths import Library
from reader.progress import Countdown
from reader.watch import ContentWatch
from reader.tui.guard import Guarded, error
from reader.tui.sanitize import one_line

SEARCH_LIMIT = 50  # articles shown per search
SUGGEST_AFTER = 0.2  # seconds of quiet in the query line before a "did you mean" look
SUGGEST_BELOW = 3  # hits under which a search looks for one (reader.index.searching.LITTLE)
WATCH_EVERY = 1.0  # seconds between looks at content/ for pages added, changed or removed
HEAD_PAINT_WAIT = 2.0  # seconds the worker waits at most for the head's frame (a hidden list)


class IndexProgress(Countdown):
    """``reader.index.update``'s progress callback: a ``Progress`` message, four a second
    (files done / total, and the ETA once the update has run a second)."""

    def __init__(self, owner: "LibraryIndex") -> None:
        super().__init__(self._show)
        self.owner = owner

    def _show(self, text: str) -> None:
        self.owner.post_message(LibraryIndex.Progress(f"Indexing the library: {text}"))


class LibraryIndex(Guarded, Widget):
    DEFAULT_CSS = "LibraryIndex { display: none; }"

    class Headed(Message):
        """The catalogue's head: the list's first rows, shown until ``Listed`` comes. Whoever
        shows it sets ``painted`` after the frame: the worker waits for it before it parses the
        whole catalogue, which would hold the GIL through the first paint."""

        def __init__(self, head: Head) -> None:
            super().__init__()
            self.head = head

    class Listed(Message):
        """The library's articles (from the catalogue first, then as the update left them)."""

        def __init__(self, found: list[Entry]) -> None:
            super().__init__()
            self.entries = found

    class Progress(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Ready(Message):
        """The index is up to date: searches run now."""

    class ContentChanged(Message, bubble=False):
        """The watch saw pages come, change or go under content/: update the index."""

    class Answered(Message):
        """The results of the newest query."""

        def __init__(self, text: str, results: Results, suggested: bool) -> None:
            super().__init__()
            self.text = text
            self.results = results
            self.suggested = suggested  # "did you mean" was looked for

    class Failed(Message):
        """The newest query could not run (a syntax error, an unreadable index): one line."""

        def __init__(self, text: str, message: str) -> None:
            super().__init__()
            self.text = text
            self.message = message

    class Expanded(Message):
        """Every hit of ``article`` for the query ``text`` ("+N more"); ``group`` None: it
        could not be had (``message`` says why)."""

        def __init__(self, text: str, article: str, group: ArticleHits | None, message: str = "") -> None:
            super().__init__()
            self.text = text
            self.article = article
            self.group = group
            self.message = message

    class Finished(Message, bubble=False):
        """A search worker's answer, stale or not (the waiting query starts from here)."""

        def __init__(self, generation: int, text: str, results: Results | None, message: str,
                     suggest: bool) -> None:
            super().__init__()
            self.generation = generation
            self.text = text
            self.results = results
            self.message = message
            self.suggest = suggest

    def __init__(self, library: Library, *, seen=None) -> None:
        super().__init__()
        self.library = library
        self.seen = seen  # () → the read state's seen comments, for is:new
        self.ready = False  # the index is up to date
        self.searcher: SearchIndex | None = None  # opened by the first search
        self._lock = threading.Lock()  # one search at a time uses the searcher
        self.generation = 0  # of the newest query
        self.searched: str | None = None  # the query last sent to a worker
        self.running = False
        self.queued: tuple[str, int, bool] | None = None  # (query, generation, suggest) to run next
        self._timer: Timer | None = None
        self._cancel: Cancel | None = None  # stops the running search (a newer query came)
        self._closed = False  # unmounted: the searcher is closed for good
        self.painted = threading.Event()  # the head's first frame is on screen
        self._updating = threading.Lock()  # one index update at a time (start, watch, add)
        self.watch = ContentWatch(library.content, follow_links=library.follow_links)
        self._watch_lock = threading.Lock()  # the watch is looked at by one thread at a time
        self.watch_every = WATCH_EVERY  # 0: no watch

    def on_mount(self) -> None:
        if self.watch_every > 0:
            self.set_interval(self.watch_every, self._look, name="content watch")

    # -- the library ---------------------------------------------------------------------

    @work(thread=True, group="library", exit_on_error=False)
    def load(self, first: bool = True) -> None:
        """List the library from the index catalogue at once (first paint does not wait for a
        stat of every file), then bring the index up to date (quietly when nothing changed)
        and list again only if it changed (from cleaning the files if it could not be built).
        Before the catalogue, its head: the first rows in each order, a small file.
        ``first=False`` (a page added, the watch): no early listing, and always a last one
        (an added page is opened from it)."""
        listed = None
        if first:
            try:
                head = indexed_head(self.library)
            except Exception:  # a bad head is only a slower first paint
                head = None
            if head is not None and head.entries:
                self.painted.clear()
                self.post_message(self.Headed(head))
                self.painted.wait(HEAD_PAINT_WAIT)
            try:
                listed = indexed_entries(self.library)
            except Exception:  # an unreadable catalogue: the update below rewrites it
                listed = None
            if listed:
                self.post_message(self.Listed(listed))
        report = None
        try:
            with self._updating:  # two updates at once: the second would find the index busy
                if self.watch_every > 0:
                    with self._watch_lock:
                        self.watch.snapshot()  # what comes during the update is the next look's
                # the CLI's way too: the update, then the bookmark documents (a rebuild drops them)
                done = refresh_index(self.library, progress=IndexProgress(self))
            report = done.report
        except ReaderError as exc:
            error(self, f"Cannot index the library: {exc.message}", "warning")
        except Exception as exc:  # an index bug must not take the app down
            error(self, f"Cannot index the library: {exc.__class__.__name__}: {exc}", "warning")
        else:
            self._indexed(done)
            self.post_message(self.Ready())
            self._warm()
        if listed and (report is None or not report.changed):
            return  # the list shown is the catalogue as it stands
        errors: list[str] = []

        def on_error(path: Path, exc: ReaderError) -> None:
            errors.append(f"{path.name}: {exc.message}")

        try:
            found = entries(self.library, on_error=on_error)
        except (ReaderError, OSError) as exc:
            error(self, f"Cannot list the library: {exc}")
            found = []
        self.post_message(self.Listed(found))
        if errors:
            error(self, f"{len(errors)} file(s) could not be read; first: {errors[0]}")

    def _open_searcher(self) -> SearchIndex | None:
        """The searcher, opened or brought up to the index's last commit; None once unmounted
        (a worker that comes late opens nothing to leak). Call it holding ``_lock``."""
        if self._closed:
            return None
        if self.searcher is None:
            self.searcher = SearchIndex(self.library.index)
        else:
            self.searcher.refresh()
        return self.searcher

    def _warm(self) -> None:
        """Open the searcher and read what every search reads (the columns of each segment),
        here in the worker rather than in the first search's time budget."""
        try:
            with self._lock:
                searcher = self._open_searcher()
                if searcher is not None:
                    searcher.warm()
        except Exception:  # nothing lost: the first search opens it and reports what it finds
            pass

    # -- the watch: pages that come while the app runs ----------------------------------------

    def _look(self) -> None:
        if not self._updating.locked():
            self._watch()

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch(self) -> None:
        try:
            with self._watch_lock:
                moved = self.watch.changed()
            if moved:
                self.post_message(self.ContentChanged())
        except Exception:  # a look that failed is retried at the next tick
            pass

    @on(ContentChanged)
    def _content_changed(self) -> None:
        self.load(first=False)

    def _indexed(self, done) -> None:
        """What the update did, as notices (in the worker: ``notify`` is thread-safe)."""
        report = done.report
        if report is not None:
            changed = report.added + report.updated + report.removed + len(report.failed)
            if changed or report.rebuilt:
                self.notify(one_line(f"Index: {report.summary()}"), timeout=4, markup=False)
        for message in done.messages:
            error(self, message, "warning")
        skipped = report.skipped_lines() if report is not None else []
        if skipped:  # like the piped listing, every start: the user should know what is not shown
            more = f" (and {len(skipped) - 1} more: reader index lists them)" if len(skipped) > 1 else ""
            error(self, f"Not indexed: {skipped[0]}{more}", "warning")

    # -- searches ------------------------------------------------------------------------

    def search(self, text: str, *, suggest: bool = False) -> None:
        """Search for ``text`` (one line, not empty) now, or after the running search; the
        answer comes as ``Answered`` or ``Failed``. ``suggest``: look for a "did you mean"."""
        self.stop_timer()
        self.generation += 1
        self.searched = text
        self.queued = None  # an older waiting query is stale now
        if self.running:
            self.queued = (text, self.generation, suggest)
            self._stop_running()  # its answer would be dropped: stop it at its next match
            return
        self._start(text, self.generation, suggest)

    def forget(self, text: str | None = None) -> None:
        """No answer is wanted any more (the running one's is dropped when it comes);
        ``text``: the query now in the line, which is not sent."""
        self.stop_timer()
        self.queued = None
        self.generation += 1
        self.searched = text
        self._stop_running()

    def stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _stop_running(self) -> None:
        if self.running and self._cancel is not None:
            self._cancel()

    def _start(self, text: str, generation: int, suggest: bool) -> None:
        self.running = True
        # a copy taken here, in the app's thread: the state changes as articles open
        seen = dict(self.seen()) if self.seen is not None and "is:" in text.lower() else None
        self._cancel = Cancel()
        self._search(text, generation, suggest, seen, self._cancel)

    # not exclusive: ``search`` already keeps one at a time, and cancelling the worker that is
    # handing its answer back (to start the waiting query) would only mark it cancelled
    @work(thread=True, group="search", exit_on_error=False)
    def _search(self, text: str, generation: int, suggest: bool, seen=None, cancel: Cancel | None = None) -> None:
        results: Results | None = None
        message = ""
        try:
            with self._lock:
                searcher = self._open_searcher() if generation == self.generation else None
                if searcher is not None:  # else a newer query is waiting (or the app left): go on
                    results = searcher.search(text, limit=SEARCH_LIMIT, suggest=suggest, timeline=True,
                                              seen=seen, cancel=cancel)
        except SearchCancelled:
            pass  # a newer query came: no answer but Finished, which starts it
        except QueryError as exc:
            message = exc.message
        except ReaderError as exc:
            message = exc.message
        except Exception as exc:  # a search bug is a one-line error, never a traceback
            message = f"search failed: {exc.__class__.__name__}: {exc}"
        # always answer, even when stale: the waiting query starts from there
        self.post_message(self.Finished(generation, text, results, message, suggest))

    @work(thread=True, group="expand", exit_on_error=False)
    def expand(self, text: str, article: str) -> None:
        """Every hit of ``article`` for ``text`` (its "+N more"), as ``Expanded``: no time
        limit (one article's hits are few) and no per-article cut."""
        group: ArticleHits | None = None
        message = ""
        try:
            with self._lock:
                searcher = self._open_searcher()
                if searcher is None:
                    return  # the app is leaving
                found = searcher.search(text, limit=1, per_article=None, article=article,
                                        suggest=False, time_limit=None)
            group = found.articles[0] if found.articles else None
            if group is None:
                message = "Those hits are gone (the index changed): search again"
        except ReaderError as exc:
            message = exc.message
        except Exception as exc:  # a search bug is a one-line notice, never a traceback
            message = f"search failed: {exc.__class__.__name__}: {exc}"
        self.post_message(self.Expanded(text, article, group, message))

    @on(Ready)
    def _ready(self) -> None:
        self.ready = True  # here, not in the worker: a query typed meanwhile waits for Ready

    @on(Finished)
    def _finished(self, answer: Finished) -> None:
        generation, text, results = answer.generation, answer.text, answer.results
        current = generation == self.generation
        try:
            if current and results is not None:
                self.post_message(self.Answered(text, results, answer.suggest))
            elif current and answer.message:
                self.post_message(self.Failed(text, answer.message))
        finally:
            self.running = False
            queued, self.queued = self.queued, None
            if queued is not None and queued[1] == self.generation:
                self._start(*queued)
            elif (current and results is not None and not answer.suggest
                  and results.total < SUGGEST_BELOW and not results.partial):
                # little found while typing: "did you mean" once the typing pauses
                self._timer = self.set_timer(SUGGEST_AFTER, lambda: self._suggest(text, generation))

    def _suggest(self, text: str, generation: int) -> None:
        self._timer = None
        if generation == self.generation and not self.running:
            self._start(text, generation, True)

    def on_unmount(self) -> None:
        self.painted.set()  # a worker still waiting for the head's frame goes on (and ends)
        try:
            with self._lock:
                self._closed = True  # a worker still to open the searcher does not
                if self.searcher is not None:
                    self.searcher.close()
                self.searcher = None
        except Exception:  # leaving must never fail loudly
            pass
