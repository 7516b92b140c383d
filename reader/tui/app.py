"""ReaderApp: the library view (article list | reading pane | comments).

The app wires panes together and runs the slow work (listing the library, cleaning an
article) in thread workers; what an article *is* and how the library is listed lives in the
core (``reader.library``, ``reader.state``, ``reader.content``). Search (``/``) is a seam:
``submit_query`` is where the index's ``search()`` plugs in; until it exists, ``/`` finds the
words in the open article, as ``less`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.worker import get_current_worker

from reader.content.model import Article
from reader.errors import ReaderError
from reader.library import Entry, entries, find_spans, load_article, locate
from reader.paths import Library
from reader.state import State
from reader.tui import keys
from reader.tui.article_list import ArticleList
from reader.tui.article_view import ArticleView, Head, ToggleRead
from reader.tui.comments import CommentsPane, CommentTree
from reader.tui.document import Document, parse
from reader.tui.help import HelpScreen
from reader.tui.sanitize import clean, one_line

NARROW = 100  # below this many columns, one pane at a time


@dataclass
class Opened:
    entry: Entry
    article: Article
    document: Document


def article_head(article: Article) -> Head:
    meta = [one_line(article.author), article.date.isoformat()[:10] if article.date else "",
            one_line(article.site)]
    tags = " ".join("#" + one_line(t).replace(" ", "-") for t in article.tags if one_line(t))
    return Head(title=one_line(article.title) or one_line(article.id),
                meta=" · ".join(m for m in meta if m), url=one_line(article.url), tags=tags)


class ReaderApp(App[None]):
    CSS_PATH = "styles.tcss"
    TITLE = "reader"
    BINDINGS = keys.APP

    def __init__(self, library: Library, *, state: State | None = None) -> None:
        super().__init__()
        self.library = library
        self.state = state if state is not None else State(library.state)
        self.current: Opened | None = None
        self.pane = "list"  # the pane shown when narrow
        self.comments_open = False
        self.query_mode = ""  # "filter" | "search" while the query line is open
        self.narrow = False

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield Input(id="query", compact=True)
                yield ArticleList(id="list", is_read=self.state.is_read)
            yield ArticleView(id="article")
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
    def query_input(self) -> Input:
        return self.query_one("#query", Input)

    def on_mount(self) -> None:
        if self.state.warning:
            self.notify(one_line(self.state.warning), severity="warning", markup=False)
        self.query_input.display = False
        self.narrow = self.size.width < NARROW
        self._apply_layout()
        self.article_list.focus()
        self.load_library()
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
        target = {"list": self.article_list, "article": self.view,
                  "comments": self.comments.tree}[pane]
        self.call_after_refresh(target.focus)

    # -- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def load_library(self) -> None:
        errors: list[str] = []

        def on_error(path: Path, exc: ReaderError) -> None:
            errors.append(f"{path.name}: {exc.message}")

        try:
            found = entries(self.library, on_error=on_error)
        except (ReaderError, OSError) as exc:
            self.call_from_thread(self.error, f"Cannot list the library: {exc}")
            found = []
        self.call_from_thread(self.article_list.set_entries, found)
        if errors:
            self.call_from_thread(self.error, f"{len(errors)} file(s) could not be read; first: {errors[0]}")

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
            document = parse(clean(article.body))
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
        self.comments.show_article(article)
        self.state.mark_read(article.id)
        self.article_list.refresh_row(article.id)
        if focus:
            self._show_pane("article")

    def _remember_position(self) -> None:
        if self.current is not None and self.view.article_id == self.current.entry.id:
            self.state.set_position(self.current.entry.id, self.view.top_offset)

    def _save_state(self) -> None:
        self._remember_position()
        try:
            self.state.save()
        except OSError as exc:
            self.error(f"Cannot save {self.library.state.name}: {exc}")

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

    # -- query line (filter now; search plugs in here) -----------------------------------

    def open_query(self, mode: str) -> None:
        query = self.query_input
        self.query_mode = mode
        if mode == "filter":
            query.placeholder = "filter titles and sites (Enter keeps it, Esc clears)"
            query.value = self.article_list.filter_text
        else:
            query.placeholder = "search (Enter: find in the open article)"
            query.value = ""
        if self.narrow and self.pane != "list":
            self._show_pane("list")
        query.display = True
        query.focus()

    def close_query(self, *, clear: bool) -> None:
        if clear and self.query_mode == "filter":
            self.article_list.set_filter("")
        self.query_input.display = False
        self.query_mode = ""
        self.article_list.focus()

    @on(Input.Changed, "#query")
    def _on_query_changed(self, event: Input.Changed) -> None:
        if self.query_mode == "filter":
            self.article_list.set_filter(event.value)

    @on(Input.Submitted, "#query")
    def _on_query_submitted(self, event: Input.Submitted) -> None:
        mode = self.query_mode
        if mode == "search":
            self.submit_query(event.value)
            return
        self.close_query(clear=False)

    def submit_query(self, query: str) -> None:
        """The search seam: the index's ``search()`` goes here (results replace the list).

        Until then: find the query's words in the open article and go to the first one.
        """
        self.query_input.display = False
        self.query_mode = ""
        query = one_line(query)
        if not query:
            self.view.clear_highlights()
            self._show_pane("article" if self.current else "list")
            return
        if self.current is None:
            self.error("Open an article first: / finds words in the open article", "warning")
            self.article_list.focus()
            return
        spans = find_spans(self.view.text, query)
        self.view.set_highlights(spans)
        if not spans:
            self.error(f"Not found: {query}", "warning")
        self._show_pane("article")

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
            "article": lambda: self.view,
            "comments": lambda: self.comments.query_one(CommentTree),
        }
        for scope, (title, bindings) in keys.SCOPES.items():
            seen: set[str] = set()
            for binding in bindings:
                if binding.action in seen or binding.action == "quit":
                    continue
                seen.add(binding.action)
                yield SystemCommand(
                    f"{title}: {binding.description}",
                    f"key: {keys.display_keys(binding)}",
                    self._command(targets[scope], binding.action),
                )
        for key in ("date", "title", "site"):
            yield SystemCommand(f"Article list: sort by {key}", "s cycles the sort",
                                lambda key=key: self.article_list.set_sort(key))

    def _command(self, target, action: str):
        async def run() -> None:
            await self.run_action(action, target())

        return run
