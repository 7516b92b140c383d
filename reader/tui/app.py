"""ReaderApp: the library view (article list | reading pane | comments).

The app wires panes together and runs the slow work (listing the library, cleaning an
article, bringing the index up to date, searching) in thread workers; what an article *is*,
how the library is listed and how it is searched lives in the core (``reader.library``,
``reader.state``, ``reader.index``).

Search (the query line, search as you type, the results) is ``SearchMixin``, in
search_mode.py; bookmarks are ``BookmarksMixin`` (bookmarking.py), saved searches
``SavedSearchesMixin`` (saved.py), the never-a-traceback guard ``ErrorGuardMixin`` (guard.py).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import get_current_worker

from reader.content.model import Article
from reader.errors import ReaderError
from reader.index import Results, SearchIndex
from reader.library import Entry, entries, indexed_entries, load_article, locate, refresh_index
from reader.paths import Library
from reader.settings import load_settings
from reader.state import State
from reader.tui import daemon, keys
from reader.tui.article_list import ArticleList
from reader.tui.article_view import ArticleView, Head, ToggleRead
from reader.tui.bookmarking import BookmarksMixin
from reader.tui.comments import CommentsPane, CommentTree
from reader.tui.document import Document, parse
from reader.tui.guard import ErrorGuardMixin
from reader.tui.help import HelpScreen
from reader.tui.minimap import Minimap
from reader.tui.passage import CommentPicker, PassageComments, quoting_comments
from reader.tui.sanitize import clean, one_line
from reader.tui.saved import SavedSearchesMixin
from reader.tui.search_mode import QueryInput, SearchMixin
from reader.tui.search_results import Item, SearchResults
from reader.tui.user_settings import apply_settings, keys_shown

NARROW = 100  # below this many columns, one pane at a time


@dataclass
class Opened:
    entry: Entry
    article: Article
    document: Document


class IndexProgress:
    """``reader.index.update``'s progress callback, shown in the list while indexing."""

    def __init__(self, app: "ReaderApp") -> None:
        self.app = app
        self.total = 0
        self.done = 0
        self.shown = 0.0

    def _show(self) -> None:
        text = f"Indexing the library: {self.done}/{self.total} files…"
        try:
            self.app.call_from_thread(self.app.show_index_progress, text)
        except Exception:  # the app is closing
            pass

    def start(self, total: int, description: str) -> None:
        self.total, self.done = total, 0
        self._show()

    def advance(self, detail: str = "") -> None:
        self.done += 1
        now = time.monotonic()
        if now - self.shown >= 0.25:
            self.shown = now
            self._show()

    def stop(self) -> None:
        pass


def article_head(article: Article) -> Head:
    if article.date:
        day = article.date.isoformat()[:10]
    else:  # roughly when (its first comment): marked, never shown as its date
        day = "≈" + article.approx_date.isoformat()[:10] if article.approx_date else ""
    meta = [one_line(article.author), day, one_line(article.site)]
    tags = " ".join("#" + one_line(t).replace(" ", "-") for t in article.tags if one_line(t))
    return Head(title=one_line(article.title) or one_line(article.id),
                meta=" · ".join(m for m in meta if m), url=one_line(article.url), tags=tags)


class ReaderApp(ErrorGuardMixin, SavedSearchesMixin, BookmarksMixin, SearchMixin, App[None]):
    CSS_PATH = "styles.tcss"
    TITLE = "reader"
    BINDINGS = keys.APP

    def __init__(self, library: Library, *, state: State | None = None) -> None:
        super().__init__()
        self.library = library
        self.state = state if state is not None else State(library.state)
        self.settings = load_settings(library.settings)  # reader.yaml; applied on mount
        self.user_keys: dict[str, str] = {}  # binding id → keys, as reader.yaml rebinds them
        self.current: Opened | None = None
        self.pane = "list"  # the pane shown when narrow
        self.comments_open = self.settings.comments == "open"
        self.query_mode = ""  # "filter" | "search" while the query line is open
        self.narrow = False
        # search
        self.searching = False  # the list pane shows search results
        self.search_query = ""  # the query of the results shown (kept after Esc)
        self.results: Results | None = None
        self.index_ready = False
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()
        self._search_timer = None
        self._search_gen = 0
        self._searched = None  # the query last sent to the worker
        self._search_running = False  # one search at a time; the newest query waits for it
        self._queued: tuple[str, int, bool] | None = None  # (query, generation, suggest) to run next
        self._running_suggest = False
        self._results_suggested = False  # the results shown had their "did you mean" look
        self._focus_results = False  # Enter was pressed before the results came
        self._pending_hit: tuple[str, Item] | None = None  # (article id, result) to show on open
        self._entries_by_id: dict[str, Entry] | None = None
        self._init_bookmarks()  # self.bookmarks: the BookmarkStore (reader.tui.bookmarking)

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield QueryInput(id="query", compact=True)
                yield ArticleList(id="list", is_read=self.state.is_read)
                yield SearchResults(id="results")
            view = ArticleView(id="article")
            yield view
            yield Minimap(view, id="minimap")
            yield CommentsPane(id="comments")
        yield Footer()

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def comments(self) -> CommentsPane:
        return self.query_one(CommentsPane)

    @property
    def query_input(self) -> QueryInput:
        return self.query_one("#query", QueryInput)

    @property
    def search_results(self) -> SearchResults:
        return self.query_one(SearchResults)

    def on_mount(self) -> None:
        daemon.install()  # before any worker: a worker still busy never keeps `q` from quitting
        if self.state.warning:
            self.notify(one_line(self.state.warning), severity="warning", markup=False)
        for warning in apply_settings(self, self.settings):
            self.error(warning, "warning")
        self.query_input.display = False
        self.search_results.display = False
        self.narrow = self.size.width < NARROW
        self._apply_layout()
        self.article_list.focus()
        self.load_library()
        self.load_bookmarks()
        self.set_interval(30, self._save_state)

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        if narrow != self.narrow:
            self.narrow = narrow
            self._apply_layout()

    def _apply_layout(self) -> None:
        list_pane = self.query_one("#list-pane")
        view, comments = self.view, self.comments
        if self.narrow:
            list_pane.display = self.pane == "list"
            view.display = self.pane == "article"
            comments.display = self.pane == "comments"
        else:
            list_pane.display = True
            view.display = True
            comments.display = self.comments_open
        self.screen.set_class(self.narrow, "-narrow")

    def _show_pane(self, pane: str) -> None:
        """Make ``pane`` visible (switching panes when narrow) and focus it."""
        self.pane = pane
        if pane == "comments":
            self.comments_open = True
        self._apply_layout()
        target = {"list": self.search_results if self.searching else self.article_list,
                  "article": self.view, "comments": self.comments.tree}[pane]
        self.call_after_refresh(target.focus)

    # -- loading -------------------------------------------------------------------------

    def show_index_progress(self, text: str) -> None:
        lst = self.article_list
        if not lst.entries:
            lst.loading_text = text
            lst.refresh()
        lst.border_subtitle = text

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def load_library(self) -> None:
        """List the library from the index catalogue at once (first paint does not wait for a
        stat of every file), then bring the index up to date (quietly when nothing changed)
        and list again only if it changed (from cleaning the files if it could not be built)."""
        try:
            listed = indexed_entries(self.library)
        except Exception:  # an unreadable catalogue: the update below rewrites it
            listed = None
        if listed:
            self.call_from_thread(self._set_entries, listed)
        report = None
        try:
            # the CLI's way too: the update, then the bookmark documents (a rebuild drops them)
            done = refresh_index(self.library, progress=IndexProgress(self))
            report = done.report
        except ReaderError as exc:
            self.call_from_thread(self.error, f"Cannot index the library: {exc.message}", "warning")
        except Exception as exc:  # an index bug must not take the app down
            self.call_from_thread(self.error, f"Cannot index the library: {exc.__class__.__name__}: {exc}",
                                  "warning")
        else:
            self.call_from_thread(self._index_done, done)
        if listed and (report is None or not report.changed):
            return  # the list shown is the catalogue as it stands
        errors: list[str] = []

        def on_error(path: Path, exc: ReaderError) -> None:
            errors.append(f"{path.name}: {exc.message}")

        try:
            found = entries(self.library, on_error=on_error)
        except (ReaderError, OSError) as exc:
            self.call_from_thread(self.error, f"Cannot list the library: {exc}")
            found = []
        self.call_from_thread(self._set_entries, found)
        if errors:
            self.call_from_thread(self.error, f"{len(errors)} file(s) could not be read; first: {errors[0]}")

    def _set_entries(self, found: list[Entry]) -> None:
        self._entries_by_id = None
        lst = self.article_list
        current = lst.current if lst.entries else None
        lst.set_entries(found, keep=current.id if current is not None else None)

    def _index_done(self, done) -> None:
        self.index_ready = True
        report = done.report
        if report is not None:
            changed = report.added + report.updated + report.removed + len(report.failed)
            if changed or report.rebuilt:
                self.notify(one_line(f"Index: {report.summary()}"), timeout=4, markup=False)
        for message in done.messages:
            self.error(message, "warning")
        skipped = report.skipped_lines() if report is not None else []
        if skipped:  # like the piped listing, every start: the user should know what is not shown
            more = f" (and {len(skipped) - 1} more: reader index lists them)" if len(skipped) > 1 else ""
            self.error(f"Not indexed: {skipped[0]}{more}", "warning")
        if self.searching and self.query_input.value.strip():
            self.run_search(self.query_input.value)

    def entry_of(self, article_id: str) -> Entry:
        if self._entries_by_id is None:
            self._entries_by_id = {e.id: e for e in self.article_list.entries}
        entry = self._entries_by_id.get(article_id)
        if entry is None:
            entry = Entry(article_id, article_id, "", None)
        return entry

    def get_key_display(self, binding) -> str:
        """The footer's and key panel's key names: reader.yaml rebinds keys, so a key name is
        a setting, and goes through the sanitiser like every other (``reader.settings``
        already refuses names with controls in them; this is the second door)."""
        return one_line(super().get_key_display(binding))

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None,
               markup: bool = True) -> None:
        """Every notice, whoever raises it (widgets' ``notify`` lands here): one sanitised line.
        Callers already pass ``markup=False`` and clean text; this makes it true for all."""
        super().notify(one_line(message), title=one_line(title), severity=severity, timeout=timeout,
                       markup=markup)

    def error(self, message: str, severity: str = "error") -> None:
        """One line, never markup, never a traceback."""
        self.notify(one_line(message)[:300], severity=severity, markup=False)

    def open_entry(self, entry: Entry, *, focus: bool = True) -> None:
        if self.current is not None and self.current.entry.id == entry.id:
            if focus:
                self._show_pane("article")
            return
        self._remember_position()
        self._load_article(entry, focus)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _load_article(self, entry: Entry, focus: bool) -> None:
        try:
            article = load_article(self.library, entry.id, entry.path)
            document = parse(clean(article.body, same_offsets=True))
        except (ReaderError, OSError) as exc:
            self.call_from_thread(self.error, f"Cannot open {entry.id}: {exc}")
            return
        except Exception as exc:  # a cleaner bug must not take the app down
            self.call_from_thread(self.error, f"Cannot open {entry.id}: {exc.__class__.__name__}: {exc}")
            return
        if not get_current_worker().is_cancelled:  # a newer Enter superseded this one
            self.call_from_thread(self._show_article, Opened(entry, article, document), focus)

    def _show_article(self, opened: Opened, focus: bool) -> None:
        self.current = opened
        article = opened.article
        offset = self.state.position(article.id)
        self.view.show(article.id, opened.document, article_head(article), offset=offset)
        self.view.set_marks([q.start for c in article.comments for q in c.quotes])
        self.bookmarks_opened(article.id)  # re-anchored and tinted in a worker
        self.comments.show_article(article)
        self.state.mark_read(article.id)
        self.article_list.refresh_row(article.id)
        pending = self._pending_hit
        self._pending_hit = None
        if pending is not None and pending[0] == article.id:
            self._show_hit(pending[1])
            return
        if focus:
            self._show_pane("article")

    def _remember_position(self) -> None:
        if self.current is not None and self.view.article_id == self.current.entry.id:
            self.state.set_position(self.current.entry.id, self.view.top_offset)

    def _save_state(self) -> None:
        self._remember_position()
        was_broken = self.state.broken
        try:
            self.state.save()
        except OSError as exc:
            self.error(f"Cannot save {self.library.state.name}: {exc}")
        if self.state.broken and not was_broken:  # broken by hand since we started: say so once
            self.error(self.state.warning, "warning")

    # -- messages from panes -------------------------------------------------------------

    @on(ArticleList.Opened)
    def _on_list_opened(self, event: ArticleList.Opened) -> None:
        self.open_entry(event.entry)

    @on(ArticleList.FilterRequested)
    def _on_filter_requested(self) -> None:
        self.open_query("filter")

    @on(ArticleList.ReadToggled)
    def _on_list_read_toggled(self, event: ArticleList.ReadToggled) -> None:
        self._toggle_read(event.entry.id)

    @on(ToggleRead)
    def _on_view_toggle_read(self, event: ToggleRead) -> None:
        self._toggle_read(event.article_id)

    def _toggle_read(self, article_id: str) -> None:
        read = not self.state.is_read(article_id)
        self.state.mark_read(article_id, read)
        self.article_list.refresh_row(article_id)
        self.notify("Marked read" if read else "Marked unread", timeout=1.5, markup=False)

    @on(CommentsPane.QuoteSelected)
    def _on_quote_selected(self, event: CommentsPane.QuoteSelected) -> None:
        if self.current is None:
            return
        span = locate(self.view.text, event.anchor)
        if span is None:
            self.error("The passage this comment quotes is no longer in the article", "warning")
            return
        self.view.show_passage(*span)

    @on(PassageComments)
    def _on_passage_comments(self, event: PassageComments) -> None:
        """``C``: the comments quoting the passage at the cursor; the one chosen opens in the
        comments pane."""
        opened = self.current
        if opened is None or opened.entry.id != event.article_id:
            return
        found = quoting_comments(opened.article.comments, self.view.text, self.view.document,
                                 event.start, event.end)
        if not found:
            self.notify("No comment quotes this passage", timeout=2, markup=False)
            return

        def chosen(comment_id: str | None) -> None:
            if comment_id and self.current is opened:
                self._show_pane("comments")
                self.comments.select_comment(comment_id)

        self.push_screen(CommentPicker(found), chosen)

    # -- actions -------------------------------------------------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_search(self) -> None:
        self.open_query("search")

    def action_toggle_comments(self) -> None:
        if self.narrow:
            self._show_pane("article" if self.pane == "comments" else "comments")
            return
        self.comments_open = not self.comments_open
        self._apply_layout()
        if self.comments_open:
            self.call_after_refresh(self.comments.tree.focus)
        elif self.focused is None or self.comments in self.focused.ancestors_with_self:
            self.view.focus()

    def _panes(self) -> list[str]:
        panes = ["list", "article"]
        if self.comments_open or (self.narrow and self.pane == "comments"):
            panes.append("comments")
        return panes

    def _focused_pane(self) -> str:
        focused = self.focused
        if focused is None:
            return self.pane
        if self.comments in focused.ancestors_with_self:
            return "comments"
        if focused is self.view:
            return "article"
        return "list"

    def action_next_pane(self) -> None:
        panes = self._panes()
        current = self._focused_pane()
        index = panes.index(current) if current in panes else 0
        self._show_pane(panes[(index + 1) % len(panes)])

    def action_previous_pane(self) -> None:
        panes = self._panes()
        current = self._focused_pane()
        index = panes.index(current) if current in panes else 0
        self._show_pane(panes[(index - 1) % len(panes)])

    def action_back(self) -> None:
        if self.query_mode:
            self.close_query(clear=True)
            return
        pane = self._focused_pane()
        if pane == "comments":
            self._show_pane("article")
        elif pane == "article":
            self._show_pane("list")
        elif pane == "list" and self.searching:
            self.leave_search()

    def action_next_theme(self) -> None:
        names = sorted(n for n in self.available_themes if n != "textual-ansi")
        if not names:
            return
        index = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(index + 1) % len(names)]
        self.notify(f"Theme: {self.theme}", timeout=1.5, markup=False)

    async def action_quit(self) -> None:
        self._save_state()
        self.exit()

    def on_unmount(self) -> None:
        # A bookmark write in flight finishes first (its worker is a daemon thread, dropped at
        # exit), for two seconds at most: a worker holding the lock for longer is reading.
        if self._write_lock.acquire(timeout=2.0):
            self._write_lock.release()
        try:
            if self._index is not None:
                with self._index_lock:
                    self._index.close()
                self._index = None
        except Exception:
            pass
        try:
            self._remember_position()
            self.state.save()
        except Exception:  # leaving must never fail loudly
            pass

    # -- command palette: every action ---------------------------------------------------

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        targets = {
            "app": lambda: self,
            "list": lambda: self.article_list,
            "results": lambda: self.search_results,
            "query": lambda: self.query_input,
            "article": lambda: self.view,
            "comments": lambda: self.comments.query_one(CommentTree),
            "bookmarks": self.bookmarks_target,
        }
        for scope, (title, bindings) in keys.SCOPES.items():
            seen: set[str] = set()
            for binding in bindings:
                if binding.action in seen or binding.action == "quit":
                    continue
                seen.add(binding.action)
                yield SystemCommand(
                    f"{title}: {binding.description}",
                    f"key: {keys_shown(binding, self.user_keys)}",
                    self._command(targets[scope], binding.action),
                )
        for key in ("date", "title", "site"):
            yield SystemCommand(f"Article list: sort by {key}", "s cycles the sort",
                                lambda key=key: self.article_list.set_sort(key))

    def _command(self, target, action: str):
        async def run() -> None:
            await self.run_action(action, target())

        return run
