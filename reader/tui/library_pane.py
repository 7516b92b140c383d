"""The list pane: the query line over the article list, or over the search results.

The query line filters the list (``f``) or searches (``/``): a keystroke searches at once
(``LibraryIndex`` keeps one search running and the newest query waiting), Enter goes to the
results, Esc goes back a step. ``searching`` (a reactive) says which of the list and the
results is shown; the main screen watches it to drop the hit highlights when search ends.
What is chosen in the results goes up as ``HitChosen`` or ``BookmarkChosen``.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input

from reader.index import Results, narrow
from reader.library import Entry
from reader.paths import Library
from reader.state import State
from reader.tui.article_list import ArticleList
from reader.tui.guard import Guarded
from reader.tui.hits_timeline import HitsTimeline
from reader.tui.library_index import LibraryIndex
from reader.tui.query_line import QueryInput
from reader.tui.sanitize import content, one_line
from reader.tui.saving import save_state
from reader.tui.search_results import Item, SearchResults

FILTER_HINT = "filter titles and sites (Enter keeps it, Esc clears)"
SEARCH_HINT = 'search: words "phrase" title: by: in:comments (↑↓ recent, Esc back)'


class LibraryPane(Guarded, Vertical):
    searching: reactive[bool] = reactive(False, init=False)  # the results replace the list

    class HitChosen(Message):
        """Enter on a search result: open ``entry`` at ``item`` with ``terms`` highlighted."""

        def __init__(self, entry: Entry, item: Item, terms: list[str]) -> None:
            super().__init__()
            self.entry = entry
            self.item = item
            self.terms = terms

    class BookmarkChosen(Message):
        """Enter on a bookmark hit: go to that bookmark."""

        def __init__(self, bookmark_id: str) -> None:
            super().__init__()
            self.bookmark_id = bookmark_id

    def __init__(self, library: Library, state: State, **kwargs) -> None:
        super().__init__(**kwargs)
        self.library = library
        self.state = state
        self.query_mode = ""  # "filter" | "search" while the query line is open
        self.search_query = ""  # the query of the results shown (kept after Esc)
        self.results: Results | None = None
        self.results_suggested = False  # the results shown had their "did you mean" look
        self.focus_results = False  # Enter was pressed before the results came
        self._entries_by_id: dict[str, Entry] | None = None

    def compose(self) -> ComposeResult:
        yield QueryInput(id="query", compact=True)
        view = self.state.list_view  # the sort and only-unread of the last session
        yield ArticleList(id="list", is_read=self.state.is_read, new_count=self.state.new_count,
                          sort=view.sort,
                          unread_only=view.unread_only)
        yield HitsTimeline(id="timeline")
        yield SearchResults(id="results")
        yield LibraryIndex(self.library, seen=lambda: self.state.seen)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def search_results(self) -> SearchResults:
        return self.query_one(SearchResults)

    @property
    def timeline(self) -> HitsTimeline:
        return self.query_one(HitsTimeline)

    @property
    def query_input(self) -> QueryInput:
        return self.query_one("#query", QueryInput)

    @property
    def index(self) -> LibraryIndex:
        return self.query_one(LibraryIndex)

    def on_mount(self) -> None:
        self.query_input.display = False
        self.search_results.display = False
        self.timeline.display = False
        self.index.load()

    def watch_searching(self, searching: bool) -> None:
        self.article_list.display = not searching
        self.search_results.display = searching
        self.query_input.display = searching
        self.timeline.display = searching and bool(self.timeline.line)

    @property
    def focus_target(self):
        """What gets the focus when this pane does."""
        return self.search_results if self.searching else self.article_list

    def entry_of(self, article_id: str) -> Entry:
        if self._entries_by_id is None:
            self._entries_by_id = {e.id: e for e in self.article_list.entries}
        entry = self._entries_by_id.get(article_id)
        if entry is None:
            entry = Entry(article_id, article_id, "", None)
        return entry

    # -- the library, as the index worker lists it ------------------------------------------

    @on(LibraryIndex.Headed)
    def _headed(self, event: LibraryIndex.Headed) -> None:
        lst = self.article_list
        if not lst.entries:  # else the whole list is there already
            self._entries_by_id = None
            lst.set_head(event.head)
        self.call_after_refresh(self.index.painted.set)  # the worker loads the rest after the frame

    @on(LibraryIndex.Listed)
    def _listed(self, event: LibraryIndex.Listed) -> None:
        self._entries_by_id = None
        lst = self.article_list
        current = lst.current if lst.entries else None
        lst.set_entries(event.entries, keep=current.id if current is not None else None)

    @on(LibraryIndex.Progress)
    def _progress(self, event: LibraryIndex.Progress) -> None:
        lst = self.article_list
        if not lst.entries:
            lst.loading_text = event.text
            lst.refresh()
        lst.border_subtitle = event.text

    @on(LibraryIndex.Ready)
    def _ready(self) -> None:
        if self.searching and self.query_input.value.strip():
            self.run_search(self.query_input.value)

    # -- the query line -------------------------------------------------------------------

    def open_query(self, mode: str) -> None:
        query = self.query_input
        self.query_mode = mode
        if mode == "filter":
            if self.searching:
                self.leave_search()
            query.placeholder = FILTER_HINT
            query.value = self.article_list.filter_text
        else:
            query.placeholder = SEARCH_HINT
            query.history = list(self.state.searches)
            query.history_at = -1
            self.searching = True
            query.value = self.search_query
        query.display = True
        query.cursor_position = len(query.value)
        # at once, not after the call queue (Widget.focus): the keys typed after "/" in the
        # same burst are handed to the widget focused when the App reads them
        self.screen.set_focus(query)

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

    def leave_search(self) -> None:
        """Back to the article list; the query is kept for the next ``/``."""
        self.index.forget()
        self.focus_results = False
        self.query_mode = ""
        self.searching = False
        self.query_input.display = False
        self.article_list.focus()

    @on(ArticleList.ViewChanged)
    def _view_changed(self, event: ArticleList.ViewChanged) -> None:
        self.state.set_list_view(event.sort, event.unread_only)  # saved with the read marks

    @on(ArticleList.FilterRequested)
    def _filter_requested(self) -> None:
        self.open_query("filter")

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        if self.query_mode == "filter":
            self.article_list.set_filter(event.value)
        elif self.query_mode == "search":
            value = event.value
            if value != event.input.value:
                return  # set again since (a saved search, history): that newer value counts
            index = self.index
            index.stop_timer()
            text = one_line(value)
            if text == index.searched and (not text or index.running
                                           or (self.results is not None and self.results.query == text)):
                return  # shown or on its way already (a value set, not typed)
            self.run_search(value)  # at once when idle, else after the running one

    @on(Input.Submitted, "#query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        if self.query_mode == "search":
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
        if self.index.searched == text and results is not None and results.query == text:
            self.index.stop_timer()
            if not results.articles and results.corrected:
                self.apply_suggestion()
                return
            if not results.articles and not self.results_suggested:
                self.focus_results = True  # typed searches skip "did you mean": ask for it now
                self.run_search(text, suggest=True)
                return
            if results.articles:
                self.query_mode = ""
                self.search_results.move_to(self.search_results.first_result())
                self.search_results.focus()
            return
        self.focus_results = True
        self.run_search(text, suggest=True)

    def apply_suggestion(self) -> None:
        results = self.results
        if results is None or not results.corrected:
            return
        corrected = one_line(results.corrected)
        query = self.query_input
        query.value = corrected
        query.cursor_position = len(corrected)
        self.index.stop_timer()
        self.state.add_search(corrected)
        self.focus_results = self.screen.focused is not query
        self.run_search(corrected, suggest=True)

    def run_saved_search(self, query: str) -> None:
        """The query line open with ``query``, its results shown (and focused when they come)."""
        self.open_query("search")
        line = self.query_input
        line.value = query
        line.cursor_position = len(query)
        self.submit_query(query)

    @on(QueryInput.SaveRequested)
    def _save_requested(self, event: QueryInput.SaveRequested) -> None:
        """``ctrl+s``: keep the query line's query (or the last search) as a saved search."""
        if self.query_mode == "filter":
            self.notify("A filter is not a search: / opens the search line", timeout=3, markup=False)
            return
        saved = self.state.save_search(event.query or self.search_query)
        if saved is None:
            self.notify("Nothing to save: type a query first", timeout=2, markup=False)
            return
        save_state(self, self.state, self.library.state.name)  # asked for: on disk now
        self.notify(f"Saved search: {one_line(saved.name)[:80]} (S lists them)", timeout=3, markup=False)

    # -- searching ------------------------------------------------------------------------

    def run_search(self, query: str, *, suggest: bool = False) -> None:
        """Search for ``query`` now, or after the running search; ``suggest``: look for a
        "did you mean" when little is found (asked for by Enter)."""
        text = one_line(query)
        index = self.index
        if not text:
            index.forget(text)
            self.results = None
            self.search_query = ""
            self.search_results.show_pending("Type to search.")
            self.timeline.show(None)
            self.timeline.display = False
            return
        if not index.ready:
            index.forget(text)
            self.search_results.show_pending("Indexing the library; the search runs when it is ready…")
            return
        index.search(text, suggest=suggest)

    @on(LibraryIndex.Answered)
    def _answered(self, event: LibraryIndex.Answered) -> None:
        results = event.results
        self.results_suggested = event.suggested
        self.results = results
        self.search_query = event.text
        widget = self.search_results
        widget.show_results(results)
        widget.border_subtitle = content(one_line(event.text)[:60])  # the query is data: never markup
        self.timeline.show(results)  # new bars, none picked
        widget.bar_picked = False
        # Once shown, the row stays until the line is emptied, blank when nothing dated matched:
        # a word typed a key at a time matches nothing until it is whole, and hiding then
        # showing the row laid the whole screen out again at each such answer (and moved the
        # results by a row). A library without dates never shows it.
        self.timeline.display = self.searching and (self.timeline.display or bool(self.timeline.line))
        if results.articles:
            widget.move_to(widget.first_result())
        if self.focus_results:
            self.focus_results = False
            if results.articles:
                self.query_mode = ""
                widget.focus()
            elif results.corrected:
                self.apply_suggestion()

    @on(LibraryIndex.Failed)
    def _failed(self, event: LibraryIndex.Failed) -> None:
        self.focus_results = False
        self.results = None
        self.search_query = event.text
        self.search_results.show_error(event.message)
        self.timeline.show(None)  # blank: a row already shown stays (see _answered)

    # -- "+N more" and the hits over time ---------------------------------------------------

    @on(SearchResults.MoreRequested)
    def _more_requested(self, event: SearchResults.MoreRequested) -> None:
        event.stop()
        if self.results is None:
            return
        self.search_results.show_loading(event.group)
        self.index.expand(self.results.query, event.group.article)

    @on(LibraryIndex.Expanded)
    def _expanded(self, event: LibraryIndex.Expanded) -> None:
        if self.results is None or self.results.query != event.text:
            return  # another search since: its results are shown
        if event.group is None:
            self.search_results.show_group_failed(event.article)
            if event.message:
                self.notify(one_line(event.message)[:200], severity="warning", timeout=4, markup=False)
            return
        self.search_results.show_group(event.group)

    @on(SearchResults.BarStep)
    def _bar_step(self, event: SearchResults.BarStep) -> None:
        event.stop()
        picked = self.timeline.step(event.delta)
        self.search_results.bar_picked = picked is not None

    @on(SearchResults.NarrowRequested)
    def _narrow_requested(self, event: SearchResults.NarrowRequested) -> None:
        event.stop()
        period = self.timeline.picked_period
        if period is not None:
            self.narrow_to(period)

    @on(HitsTimeline.Narrow)
    def _narrow_clicked(self, event: HitsTimeline.Narrow) -> None:
        event.stop()
        self.narrow_to(event.period)

    def narrow_to(self, period: str) -> None:
        """The search again, kept to ``period`` (its ``date:`` in the query line)."""
        query = self.results.query if self.results is not None else self.search_query
        self.search_results.bar_picked = False
        self.run_saved_search(narrow(query, period))

    @on(SearchResults.Chosen)
    def _chosen(self, event: SearchResults.Chosen) -> None:
        event.stop()
        item = event.item
        if item.kind == "suggestion":
            self.apply_suggestion()
            return
        group = item.group
        if group is None:
            return
        if item.kind == "article" and item.hit is None and not group.comments and group.bookmarks:
            item = Item("bookmark", group, group.bookmarks[0])  # only its bookmarks matched
        if item.kind == "bookmark" and item.hit is not None and item.hit.bookmark:
            self.post_message(self.BookmarkChosen(item.hit.bookmark))
            return
        self.post_message(self.HitChosen(self.entry_of(group.article), item, self._hit_terms(item)))

    def _hit_terms(self, item: Item) -> list[str]:
        terms: set[str] = set()
        if item.group is not None:
            for hit in item.group.hits:
                terms.update(hit.terms)
        if not terms and self.results is not None:
            terms.update(self.results.terms)
        return sorted(terms)
