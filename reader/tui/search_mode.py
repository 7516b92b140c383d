"""Search mode of the app: the query line (filter or search), search as you type, results.

A keystroke starts a search at once in a thread worker when none is running, else its query
waits and runs when the running one ends (only the newest waits; a stale answer is dropped by
a generation number; "did you mean" waits for a pause in the typing or Enter). Results replace
the article list; Enter on one opens the article with every hit highlighted (``spans_in`` over
the view's plain text); Esc goes back a step. Mixed into ``ReaderApp`` (reader/tui/app.py),
whose ``__init__`` sets the attributes used here.
"""

from __future__ import annotations

from textual import work
from textual.widgets import Input

from reader.errors import ReaderError
from reader.index import QueryError, Results, SearchIndex, spans_in
from reader.tui import keys
from reader.tui.sanitize import one_line
from reader.tui.search_results import Item, SearchResults

SEARCH_LIMIT = 50  # articles shown per search
SUGGEST_AFTER = 0.2  # seconds of quiet in the query line before a "did you mean" look
SUGGEST_BELOW = 3  # hits under which a search looks for one (reader.index.searching.LITTLE)


class QueryInput(Input):
    """The query line; up/down recall recent queries (search mode)."""

    BINDINGS = keys.QUERY

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.history: list[str] = []  # newest first
        self.history_at = -1
        self.draft = ""

    def action_history_previous(self) -> None:
        if self.history_at + 1 >= len(self.history):
            self.app.bell()
            return
        if self.history_at < 0:
            self.draft = self.value
        self.history_at += 1
        self.value = self.history[self.history_at]
        self.cursor_position = len(self.value)

    def action_history_next(self) -> None:
        if self.history_at < 0:
            return
        self.history_at -= 1
        self.value = self.draft if self.history_at < 0 else self.history[self.history_at]
        self.cursor_position = len(self.value)

    def action_save_search(self) -> None:
        self.app.save_search(self.value)



class SearchMixin:
    """The query line and search, for ``ReaderApp``."""

    def open_query(self, mode: str) -> None:
        query = self.query_input
        self.query_mode = mode
        if mode == "filter":
            if self.searching:
                self.leave_search()
            query.placeholder = "filter titles and sites (Enter keeps it, Esc clears)"
            query.value = self.article_list.filter_text
        else:
            query.placeholder = 'search: words "phrase" title: by: in:comments (↑↓ recent, Esc back)'
            query.history = list(self.state.searches)
            query.history_at = -1
            self.enter_search()
            query.value = self.search_query
        if self.narrow and self.pane != "list":
            self._show_pane("list")
        query.display = True
        query.cursor_position = len(query.value)
        query.focus()

    def close_query(self, *, clear: bool) -> None:
        mode = self.query_mode
        self.query_mode = ""
        if mode == "search":
            # back from the query line: to the results if there are any, else out of search
            if self.results is not None and self.results.articles and self.query_input.value.strip():
                self.search_results.focus()
                return
            self.leave_search()
            return
        if clear and mode == "filter":
            self.article_list.set_filter("")
        self.query_input.display = False
        self.article_list.focus()

    def enter_search(self) -> None:
        if self.searching:
            return
        self.searching = True
        self.article_list.display = False
        self.search_results.display = True
        self.query_input.display = True

    def leave_search(self) -> None:
        """Back to the article list; the query is kept for the next ``/``."""
        self._stop_timer()
        self._queued = None  # not wanted any more; the answer of a running search is dropped
        self._search_gen += 1
        self._searched = None
        self._focus_results = False
        self.searching = False
        self.query_mode = ""
        self.query_input.display = False
        self.search_results.display = False
        self.article_list.display = True
        self.view.clear_highlights()
        self.comments.highlighter = None
        self.article_list.focus()

    def _stop_timer(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None

    # Handlers by name, not ``@on``: Textual collects ``@on`` handlers only from classes that
    # are message pumps themselves, and this is a plain mixin.
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "query":
            return
        if self.query_mode == "filter":
            self.article_list.set_filter(event.value)
        elif self.query_mode == "search":
            value = event.value
            if value != event.input.value:
                return  # set again since (a saved search, history): that newer value counts
            self._stop_timer()
            text = one_line(value)
            if text == self._searched and (not text or self._search_running
                                           or (self.results is not None and self.results.query == text)):
                return  # shown or on its way already (a value set, not typed)
            self.run_search(value)  # at once when idle, else after the running one (run_search)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "query":
            return
        mode = self.query_mode
        if mode == "search":
            self.submit_query(event.value)
            return
        self.close_query(clear=False)

    def submit_query(self, query: str) -> None:
        """Enter in the query line: search now (if the results are not for this query yet) and
        go to the results; with no results and a suggestion, apply the suggestion."""
        text = one_line(query)
        if not text:
            self.leave_search()
            return
        self.state.add_search(text)
        results = self.results
        if self._searched == text and results is not None and results.query == text:
            self._stop_timer()
            if not results.articles and results.corrected:
                self.apply_suggestion()
                return
            if not results.articles and not self._results_suggested:
                self._focus_results = True  # typed searches skip "did you mean": ask for it now
                self.run_search(text, suggest=True)
                return
            if results.articles:
                self.query_mode = ""
                self.search_results.move_to(self.search_results.first_result())
                self.search_results.focus()
            return
        self._focus_results = True
        self.run_search(text, suggest=True)

    def apply_suggestion(self) -> None:
        results = self.results
        if results is None or not results.corrected:
            return
        corrected = one_line(results.corrected)
        query = self.query_input
        query.value = corrected
        query.cursor_position = len(corrected)
        self._stop_timer()
        self.state.add_search(corrected)
        self._focus_results = self.focused is not query
        self.run_search(corrected, suggest=True)

    def run_search(self, query: str, *, suggest: bool = False) -> None:
        """Search for ``query`` now, or after the running search. ``suggest``: look for a "did
        you mean" when little is found (0.2–1 s on a big library for a word that is not
        there, which most prefixes typed on the way to a word are): asked for by Enter; a
        typed query gets it only after a pause in the typing (``SUGGEST_AFTER``)."""
        self._stop_timer()
        text = one_line(query)
        self._search_gen += 1
        self._searched = text
        self._queued = None  # an older waiting query is stale now
        if not text:
            self.results = None
            self.search_query = ""
            self.search_results.show_pending("Type to search.")
            return
        if not self.index_ready:
            self.search_results.show_pending("Indexing the library; the search runs when it is ready…")
            return
        if self._search_running:
            # A Whoosh search cannot be interrupted: the newest query waits for the running
            # one (whose answer will be stale and dropped) instead of a debounce on every key.
            self._queued = (text, self._search_gen, suggest)
            return
        self._start_search(text, self._search_gen, suggest)

    def _start_search(self, text: str, gen: int, suggest: bool = False) -> None:
        self._search_running = True
        self._running_suggest = suggest  # read by the worker as it starts
        self._search(text, gen)

    # not exclusive: run_search already keeps one at a time, and cancelling the worker that is
    # handing its answer back (to start the waiting query) would only mark it cancelled
    @work(thread=True, group="search", exit_on_error=False)
    def _search(self, text: str, gen: int) -> None:
        results: Results | None = None
        message = ""
        suggest = self._running_suggest
        try:
            with self._index_lock:
                if gen == self._search_gen:  # else a newer query is waiting: go straight to it
                    if self._index is None:
                        self._index = SearchIndex(self.library.index)
                    else:
                        self._index.refresh()
                    results = self._index.search(text, limit=SEARCH_LIMIT, suggest=suggest)
        except QueryError as exc:
            message = exc.message
        except ReaderError as exc:
            message = exc.message
        except Exception as exc:  # a search bug is a one-line error, never a traceback
            message = f"search failed: {exc.__class__.__name__}: {exc}"
        try:  # always report back, even when stale: the waiting query starts from there
            self.call_from_thread(self._search_finished, gen, text, results, message, suggest)
        except Exception:  # the app is closing
            pass

    def _search_finished(self, gen: int, text: str, results: Results | None, message: str,
                         suggest: bool = False) -> None:
        try:
            if results is not None:
                if gen == self._search_gen:
                    self._results_suggested = suggest
                self._search_done(gen, text, results)
            elif message:
                self._search_failed(gen, text, message)
        finally:
            self._search_running = False
            queued, self._queued = self._queued, None
            if queued is not None and queued[1] == self._search_gen:
                self._start_search(*queued)
            elif (results is not None and gen == self._search_gen and not suggest
                  and results.total < SUGGEST_BELOW and not results.partial):
                # little found while typing: "did you mean" once the typing pauses
                self._search_timer = self.set_timer(
                    SUGGEST_AFTER, lambda: self._suggest(text, gen))

    def _suggest(self, text: str, gen: int) -> None:
        self._search_timer = None
        if gen == self._search_gen and not self._search_running and self.searching:
            self._start_search(text, gen, True)

    def _search_done(self, gen: int, text: str, results: Results) -> None:
        if gen != self._search_gen:
            return  # stale
        self.results = results
        self.search_query = text
        widget = self.search_results
        widget.show_results(results)
        widget.border_subtitle = one_line(text)[:60]
        if results.articles:
            widget.move_to(widget.first_result())
        if self._focus_results:
            self._focus_results = False
            if results.articles:
                self.query_mode = ""
                widget.focus()
            elif results.corrected:
                self.apply_suggestion()

    def _search_failed(self, gen: int, text: str, message: str) -> None:
        if gen != self._search_gen:
            return
        self._focus_results = False
        self.results = None
        self.search_query = text
        self.search_results.show_error(message)

    def on_search_results_chosen(self, event: SearchResults.Chosen) -> None:
        item = event.item
        if item.kind == "suggestion":
            self.apply_suggestion()
            return
        if item.group is None:
            return
        group = item.group
        if item.kind == "article" and item.hit is None and not group.comments and group.bookmarks:
            item = Item("bookmark", group, group.bookmarks[0])  # only its bookmarks matched
        if item.kind == "bookmark" and item.hit is not None and item.hit.bookmark:
            self.jump_to_bookmark_id(item.hit.bookmark)  # at its passage (reader.tui.bookmarking)
            return
        article_id = item.group.article
        entry = self.entry_of(article_id)
        if self.current is not None and self.current.entry.id == article_id:
            self._show_hit(item)
            return
        self._pending_hit = (article_id, item)
        self._remember_position()
        self._load_article(entry, True)

    def _hit_terms(self, item: Item) -> list[str]:
        terms: set[str] = set()
        if item.group is not None:
            for hit in item.group.hits:
                terms.update(hit.terms)
        if not terms and self.results is not None:
            terms.update(self.results.terms)
        return sorted(terms)

    def _show_hit(self, item: Item) -> None:
        """The open article with every hit highlighted, at the first one; a comment hit opens
        the comments pane on that comment."""
        terms = self._hit_terms(item)
        view = self.view
        try:
            spans = spans_in(view.text, terms) if terms else []
        except Exception:
            spans = []
        view.set_highlights(spans)
        self.comments.highlighter = (lambda text: spans_in(text, terms)) if terms else None
        if item.kind == "article" and item.hit is None and item.group is not None and item.group.comments:
            item = Item("comment", item.group, item.group.comments[0])  # only its comments matched
        if item.kind == "comment" and item.hit is not None and item.hit.comment:
            self._show_pane("comments")
            if not self.comments.select_comment(item.hit.comment):
                self.error("That comment is no longer in the article", "warning")
            return
        if not spans and terms:
            self.error("The article changed since it was indexed: no hit found in it", "warning")
        self._show_pane("article")
