"""``PanedScreen``: the library view's three panes — the list | the reading pane | the
comments — and their layout, the base of ``MainScreen`` (main_screen.py), which composes
the panes and wires them.

The layout is reactives whose watchers show and hide the panes: ``narrow`` (under
``NARROW`` columns: one pane at a time), ``pane`` (the one shown when narrow),
``comments_open``, ``comments_zoomed`` (the comments on the whole screen) and
``comments_width`` (remembered in state.yaml). Tab steps through the panes shown; after any
change of layout the focus is put back in a pane that is shown.
"""

from __future__ import annotations

from textual import events, on
from textual.reactive import reactive
from textual.screen import Screen

from reader.state import State
from reader.tui import keys
from reader.tui.article_view import ArticleView
from reader.tui.comments import CommentsPane
from reader.tui.guard import Guarded
from reader.tui.library_pane import LibraryPane

NARROW = 100  # below this many columns, one pane at a time
PANES = ("list", "article", "comments")


class PanedScreen(Guarded, Screen[None]):
    # Tab steps through the panes (keys.APP's ids, so reader.yaml rebinds them here too):
    # Screen's own tab (focus_next) would win over the app's and take the focus into the
    # comment text below the thread.
    BINDINGS = [b for b in keys.APP if b.action in ("next_pane", "previous_pane")]

    narrow: reactive[bool] = reactive(False, init=False)  # one pane at a time
    pane: reactive[str] = reactive("list", init=False)  # the pane shown when narrow
    comments_open: reactive[bool] = reactive(False, init=False)  # the comments beside the article
    comments_zoomed: reactive[bool] = reactive(False, init=False)  # the comments on the whole screen
    # the comments pane's width, percent of the screen (state.yaml); None: the stylesheet's
    comments_width: reactive[int | None] = reactive(None, init=False)

    def __init__(self, state: State, *, comments_open: bool = False) -> None:
        super().__init__()
        self.state = state  # the comments pane's width is kept there
        self.set_reactive(PanedScreen.comments_open, comments_open)
        self.set_reactive(PanedScreen.comments_width, state.comments_width)

    @property
    def list_pane(self) -> LibraryPane:
        return self.query_one(LibraryPane)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def comments(self) -> CommentsPane:
        return self.query_one(CommentsPane)

    # -- layout --------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.narrow = event.size.width < NARROW

    def on_screen_resume(self) -> None:
        self.narrow = self.app.size.width < NARROW  # resized while a dialog was on top

    def watch_narrow(self, narrow: bool) -> None:
        if narrow:  # the one pane shown is the one the reader is in
            self.set_reactive(PanedScreen.pane, self.focused_pane())
        self.set_class(narrow, "-narrow")
        self._apply_layout()
        self._focus_shown_pane()

    def watch_pane(self) -> None:
        self._apply_layout()

    def watch_comments_open(self, comments_open: bool) -> None:
        if not comments_open:
            self.comments_zoomed = False
        self._apply_layout()

    def watch_comments_zoomed(self) -> None:
        self._apply_layout()

    def watch_comments_width(self) -> None:
        self._apply_layout()

    def _apply_layout(self) -> None:
        list_pane, view, comments = self.list_pane, self.view, self.comments
        if self.narrow:
            list_pane.display = self.pane == "list"
            view.display = self.pane == "article"
            comments.display = self.pane == "comments"
            comments.styles.width = None  # the whole width (styles.tcss), whatever it is when wide
        else:
            zoomed = self.comments_zoomed and self.comments_open
            list_pane.display = not zoomed
            view.display = not zoomed
            comments.display = self.comments_open
            self.set_class(zoomed, "-comments-zoomed")  # hides the minimap (styles.tcss)
            width = self.comments_width
            comments.styles.width = "1fr" if zoomed else (f"{width}%" if width else None)

    def _focus_shown_pane(self) -> None:
        """Keys go where the focus is: after a change of layout it must be in a pane shown
        (Textual may hand the focus of a pane just hidden to a widget inside another one)."""
        focused = self.focused
        if focused is not None and focused.display and all(
                w.display for w in focused.ancestors if w is not self and hasattr(w, "display")) \
                and not (self.narrow and self.focused_pane() != self.pane):
            return
        pane = self.pane if self.narrow else self.focused_pane()
        if pane == "comments" and not self.narrow and not self.comments_open:
            pane = "article"
        self.show_pane(pane)

    def show_pane(self, pane: str) -> None:
        """Make ``pane`` visible (switching panes when narrow) and focus it."""
        self.pane = pane
        if pane == "comments":
            self.comments_open = True
        else:
            self.comments_zoomed = False
        target = {"list": self.list_pane.focus_target, "article": self.view,
                  "comments": self.comments.tree}[pane]
        self.call_after_refresh(target.focus)

    def _panes(self) -> list[str]:
        panes = ["list", "article"]
        if self.comments_open or (self.narrow and self.pane == "comments"):
            panes.append("comments")
        return panes

    def focused_pane(self) -> str:
        focused = self.focused
        if focused is None:
            return self.pane
        if self.comments in focused.ancestors_with_self:
            return "comments"
        if focused is self.view:
            return "article"
        return "list"

    def action_toggle_comments(self) -> None:
        if self.narrow:
            self.show_pane("article" if self.pane == "comments" else "comments")
            return
        self.comments_open = not self.comments_open
        if self.comments_open:
            self.call_after_refresh(self.comments.tree.focus)
        elif self.focused is None or self.comments in self.focused.ancestors_with_self:
            self.view.focus()

    def action_next_pane(self) -> None:
        self._step_pane(1)

    def action_previous_pane(self) -> None:
        self._step_pane(-1)

    def _step_pane(self, step: int) -> None:
        panes = self._panes()
        current = self.focused_pane()
        index = panes.index(current) if current in panes else 0
        self.show_pane(panes[(index + step) % len(panes)])

    @on(CommentsPane.Resize)
    def _resize_comments(self, event: CommentsPane.Resize) -> None:
        """``<`` / ``>``: the comments pane 5% of the screen wider or narrower (remembered in
        state.yaml); zoomed, it comes back beside the others first."""
        if self.narrow:  # one pane at a time: it is the whole screen
            self.app.bell()
            return
        self.comments_zoomed = False
        width = self.comments_width
        if width is None:  # from the stylesheet's width, as drawn now
            width = round(self.comments.outer_size.width * 100 / max(1, self.size.width) / 5) * 5
        self.state.set_comments_width(width + 5 * event.step)
        self.comments_width = self.state.comments_width

    @on(CommentsPane.Zoom)
    def _zoom_comments(self, event: CommentsPane.Zoom) -> None:
        if self.narrow:
            self.app.bell()
            return
        self.comments_zoomed = not self.comments_zoomed
