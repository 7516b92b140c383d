"""``MainScreen``: the library view — the list pane | the reading pane | the comments.

The screen composes the panes and passes messages between them: a pane says what happened
(``ArticleList.Opened``, ``LibraryPane.HitChosen``, ``CommentsPane.QuoteSelected``,
``BookmarkRequested``…) and the screen tells the others what to show. Each pane keeps its own
state (the list pane: the query line and the search); so do the controllers beside them,
never shown: ``Navigator`` (links, back and forward), ``Bookmarker`` (the reading pane's
bookmarks, with the ``Bookmarks`` store) and ``Intake`` (``a`` and ``R``). The screen hands
them the messages that bubble to it from the panes, and opens what they ask for: it owns the
article open in the reading pane (``current``, ``opening.Opened``), loaded in a thread
worker. The layout (``narrow``, ``pane``, ``comments_open``…:
reactives whose watchers show and hide the panes) is its base's, ``PanedScreen``
(pane_layout.py). What an article *is* stays in the core (``reader.library``).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.worker import get_current_worker

from reader.errors import ReaderError
from reader.index import spans_in
from reader.library import Entry, load_article, locate
from reader.paths import Library
from reader.state import State
from reader.tui.article_list import ArticleList
from reader.tui.adding import Fetcher
from reader.tui.article_view import ArticleView, ToggleRead
from reader.tui.bookmarker import Bookmarker
from reader.tui.bookmarking import Bookmarks
from reader.tui.bookmarks_view import BookmarksScreen
from reader.tui.comments import CommentsPane
from reader.tui.document import parse
from reader.tui.footer import KeyFooter
from reader.tui.guard import error
from reader.tui.library_index import LibraryIndex
from reader.tui.history import Place
from reader.tui.intake import Intake
from reader.tui.library_pane import LibraryPane
from reader.tui.links import FollowLink, HistoryStep
from reader.tui.minimap import Minimap
from reader.tui.navigation import Navigator
from reader.tui.opening import Opened, StartAt, article_head
from reader.tui.pane_layout import NARROW, PanedScreen
from reader.tui.passage import CommentPicker, PassageComments, quoting_comments
from reader.tui.query_line import QueryInput
from reader.tui.sanitize import clean, one_line
from reader.tui.saved import SavedSearches
from reader.tui.saving import save_state
from reader.tui.search_results import Item, SearchResults
from reader.tui.selection import BookmarkRequested


class MainScreen(PanedScreen):
    class ArticleLoaded(Message, bubble=False):
        def __init__(self, opened: Opened, focus: bool, travelling: bool) -> None:
            super().__init__()
            self.opened = opened
            self.focus = focus
            self.travelling = travelling  # a step back or forward: not a new visit

    def __init__(self, library: Library, state: State, *, comments_open: bool = False,
                 start: StartAt | None = None) -> None:
        super().__init__(state, comments_open=comments_open)
        self.library = library
        self.start = start
        self.current: Opened | None = None  # the article in the reading pane
        self.pending_hit: tuple[str, Item, list[str]] | None = None  # shown once it is open

    def compose(self) -> ComposeResult:
        list_pane, view = LibraryPane(self.library, self.state, id="list-pane"), ArticleView(id="article")
        with Horizontal(id="panes"):
            yield list_pane
            yield view
            yield Minimap(view, id="minimap")
            yield CommentsPane(id="comments")
        # controllers (never shown): links and history, bookmarks, adds and refreshes
        yield Navigator(list_pane)
        yield Bookmarker(self.library, view)
        yield Intake(self.library, list_pane)
        yield KeyFooter()

    @property
    def article_list(self) -> ArticleList:
        return self.list_pane.article_list

    @property
    def search_results(self) -> SearchResults:
        return self.list_pane.search_results

    @property
    def query_input(self) -> QueryInput:
        return self.list_pane.query_input

    @property
    def bookmarks(self) -> Bookmarks:
        return self.query_one(Bookmarks)

    @property
    def navigator(self) -> Navigator:
        return self.query_one(Navigator)

    @property
    def bookmarker(self) -> Bookmarker:
        return self.query_one(Bookmarker)

    @property
    def intake(self) -> Intake:
        return self.query_one(Intake)

    @property
    def fetcher(self) -> Fetcher:
        return self.query_one(Fetcher)

    def on_mount(self) -> None:
        self.narrow = self.app.size.width < NARROW
        self._apply_layout()
        self.watch(self.list_pane, "searching", self._search_mode, init=False)
        self.article_list.focus()
        self.set_interval(30, self.save_state)
        if self.start is not None:  # reader open: the article, then the bookmark once placed
            self.bookmarker.pending = self.start.bookmark or None
            self.open_entry(self.list_pane.entry_of(self.start.article))

    def _search_mode(self, searching: bool) -> None:
        if not searching:  # search ended: its highlights go too
            self.view.clear_highlights()
            self.comments.highlighter = None

    # -- actions (the app's bindings, keys.APP, run these) ----------------------------------

    def action_search(self) -> None:
        if self.narrow:
            self.pane = "list"
        self.comments_zoomed = False  # the query line is in the list pane
        self.list_pane.open_query("search")

    def action_back(self) -> None:
        self.go_back()

    def go_back(self) -> bool:
        """Back one level (Esc, ``q``): the query line closes, the comments go back to the
        article, the article to the list, the search ends. False at the top: nothing to leave."""
        list_pane = self.list_pane
        if list_pane.query_mode:
            list_pane.close_query(clear=True)
            return True
        pane = self.focused_pane()
        if pane == "comments":
            self.show_pane("article")
        elif pane == "article":
            self.show_pane("list")
        elif pane == "list" and list_pane.searching:
            list_pane.leave_search()
        else:
            return False
        return True

    def action_saved_searches(self) -> None:
        def chosen(query: str | None) -> None:
            if query:
                if self.narrow:
                    self.pane = "list"
                self.comments_zoomed = False
                self.list_pane.run_saved_search(query)

        self.app.push_screen(SavedSearches(self.state), chosen)

    def bookmarks_view(self) -> BookmarksScreen:
        """The bookmarks view (``B``), opened if it is not."""
        for screen in self.app.screen_stack:
            if isinstance(screen, BookmarksScreen):
                return screen
        screen = BookmarksScreen(self.bookmarks)
        self.app.push_screen(screen)
        return screen

    # -- the open article ----------------------------------------------------------------

    def open_entry(self, entry: Entry, *, focus: bool = True) -> None:
        if self.current is not None and self.current.entry.id == entry.id:
            if focus:
                self.show_pane("article")
            return
        self.remember_position()
        self._load_article(entry, focus)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _load_article(self, entry: Entry, focus: bool, *, travelling: bool = False) -> None:
        try:
            article = load_article(self.library, entry.id, entry.path)
            document = parse(clean(article.body, same_offsets=True))
        except (ReaderError, OSError) as exc:
            error(self, f"Cannot open {entry.id}: {exc}")
            return
        except Exception as exc:  # a cleaner bug must not take the app down
            error(self, f"Cannot open {entry.id}: {exc.__class__.__name__}: {exc}")
            return
        if not get_current_worker().is_cancelled:  # a newer Enter superseded this one
            self.post_message(self.ArticleLoaded(Opened(entry, article, document), focus, travelling))

    @on(ArticleLoaded)
    def _show_article(self, event: ArticleLoaded) -> None:
        left, view = self.current, self.view
        opened = self.current = event.opened
        article = opened.article
        if left is not None and left.entry.id != article.id and view.article_id == left.entry.id \
                and not event.travelling:
            self.navigator.visit(Place(left.entry.id, view.top_offset))
        # newsboat's way: what came since the last visit is marked for this visit, and seen
        # from now on (the list's "+K new" goes as the article opens)
        ids = [c.id for c in article.comments]
        new = self.state.new_comments(article.id, ids)
        self.state.mark_seen(article.id, ids)
        view.show(article.id, opened.document, article_head(article),
                  offset=self.state.position(article.id))
        view.set_marks([q.start for c in article.comments for q in c.quotes])
        self.bookmarks.opened(article.id, view.text)  # re-anchored and tinted in a worker
        self.comments.show_article(article, new=new)
        self.state.mark_read(article.id)
        self.article_list.refresh_row(article.id)
        pending, self.pending_hit = self.pending_hit, None
        if pending is not None and pending[0] == article.id:
            self._show_hit(pending[1], pending[2])
            return
        if event.focus:
            self.show_pane("article")

    def remember_position(self) -> None:
        if self.current is not None and self.view.article_id == self.current.entry.id:
            self.state.set_position(self.current.entry.id, self.view.top_offset)

    def save_state(self) -> None:
        self.remember_position()
        save_state(self, self.state, self.library.state.name)

    def on_unmount(self) -> None:
        try:
            self.remember_position()
            self.state.save()
        except Exception:  # leaving must never fail loudly
            pass

    # -- links and history: the Navigator's ----------------------------------------------

    @on(FollowLink)
    def _follow_link(self, event: FollowLink) -> None:
        self.navigator.follow(event)

    @on(HistoryStep)
    def _history_step(self, event: HistoryStep) -> None:
        current, view = self.current, self.view
        here = None  # where the article shown is left (none shown: the Navigator rings)
        if current is not None and view.article_id == current.entry.id:
            here = Place(current.entry.id, view.top_offset)
        self.navigator.step(event.step, here)

    @on(Navigator.Open)
    def _link_opened(self, event: Navigator.Open) -> None:
        self.open_entry(event.entry)

    @on(Navigator.Travel)
    def _travel(self, event: Navigator.Travel) -> None:
        self.remember_position()
        self.state.set_position(event.place.article_id, event.place.offset)  # where it was left
        self._load_article(event.entry, True, travelling=True)

    # -- messages from the panes ---------------------------------------------------------

    @on(ArticleList.Opened)
    def _list_opened(self, event: ArticleList.Opened) -> None:
        self.open_entry(event.entry)

    @on(ArticleList.ReadToggled)
    def _list_read_toggled(self, event: ArticleList.ReadToggled) -> None:
        self.toggle_read(event.entry.id)

    @on(ToggleRead)
    def _view_toggle_read(self, event: ToggleRead) -> None:
        self.toggle_read(event.article_id)

    def toggle_read(self, article_id: str) -> None:
        read = not self.state.is_read(article_id)
        self.state.mark_read(article_id, read)
        self.article_list.refresh_row(article_id)
        self.notify("Marked read" if read else "Marked unread", timeout=1.5, markup=False)

    @on(LibraryPane.HitChosen)
    def _hit_chosen(self, event: LibraryPane.HitChosen) -> None:
        article_id = event.entry.id
        if self.current is not None and self.current.entry.id == article_id:
            self._show_hit(event.item, event.terms)
            return
        self.pending_hit = (article_id, event.item, event.terms)
        self.remember_position()
        self._load_article(event.entry, True)

    def _show_hit(self, item: Item, terms: list[str]) -> None:
        """The open article with every hit highlighted, at the first one; a comment hit opens
        the comments pane on that comment."""
        view = self.view
        try:
            spans = spans_in(view.text, terms) if terms else []
        except Exception:
            spans = []
        view.set_highlights(spans)
        self.comments.highlighter = (lambda text: spans_in(text, terms)) if terms else None
        if item.group is not None:  # (a by: search has no terms: its hits are marked all the same)
            self.comments.mark_hits(item.group.article, [h.comment for h in item.group.comments if h.comment])
        if item.kind == "article" and item.hit is None and item.group is not None and item.group.comments:
            item = Item("comment", item.group, item.group.comments[0])  # only its comments matched
        if item.kind == "comment" and item.hit is not None and item.hit.comment:
            self.show_pane("comments")
            if not self.comments.select_comment(item.hit.comment):
                error(self, "That comment is no longer in the article", "warning")
            return
        if not spans and terms:
            error(self, "The article changed since it was indexed: no hit found in it", "warning")
        self.show_pane("article")

    @on(CommentsPane.QuoteSelected)
    def _quote_selected(self, event: CommentsPane.QuoteSelected) -> None:
        if self.current is None:
            return
        span = locate(self.view.text, event.anchor)
        if span is None:
            error(self, "The passage this comment quotes is no longer in the article", "warning")
            return
        self.view.show_passage(*span)

    @on(PassageComments)
    def _passage_comments(self, event: PassageComments) -> None:
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
                self.show_pane("comments")
                self.comments.select_comment(comment_id)

        self.app.push_screen(CommentPicker(found), chosen)

    # -- bookmarks and getting articles in: the Bookmarker's and the Intake's -------------

    @on(BookmarkRequested)
    def _bookmark_requested(self, event: BookmarkRequested) -> None:
        event.stop()
        current = self.current
        self.bookmarker.request(event, None if current is None else one_line(current.article.title))

    @on(LibraryPane.BookmarkChosen)
    def _bookmark_hit(self, event: LibraryPane.BookmarkChosen) -> None:
        self.bookmarker.chosen(event.bookmark_id)

    @on(Bookmarker.Open)
    def _open_bookmark(self, event: Bookmarker.Open) -> None:
        bookmark, current = event.bookmark, self.current
        if current is not None and current.entry.id == bookmark.article \
                and self.view.article_id == bookmark.article:
            self.show_pane("article")
            self.bookmarker.show(bookmark)
            return
        self.bookmarker.pending = bookmark.id  # shown once its bookmarks are placed
        self.open_entry(self.list_pane.entry_of(bookmark.article))

    def action_add(self) -> None:
        self.intake.add()

    def action_refresh_article(self) -> None:
        self.intake.refresh_article(None if self.current is None else self.current.entry.id)

    @on(LibraryIndex.Listed)
    def _listed(self, event: LibraryIndex.Listed) -> None:
        self.intake.listed(event.entries)

    @on(Intake.Open)
    def _open_added(self, event: Intake.Open) -> None:
        if self.current is not None and self.current.entry.id == event.entry.id:
            self.remember_position()
            self._load_article(event.entry, True)  # added again: its new version
        else:
            self.open_entry(event.entry)

    @on(Intake.Changed)
    def _changed(self, event: Intake.Changed) -> None:
        current = self.current
        if current is not None and current.entry.id == event.article_id:
            self.remember_position()
            self._load_article(current.entry, False)  # the new version, its new comments marked
