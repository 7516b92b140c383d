"""The query line over the list pane: a filter of the article list, or a search."""

from __future__ import annotations

from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from reader.tui import keys


class QueryInput(Input):
    """The query line; up/down recall recent queries (search mode), ctrl+s asks to keep the
    query as a saved search (``SaveRequested``: the list pane knows the mode and the state)."""

    BINDINGS = keys.QUERY

    class SaveRequested(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.history: list[str] = []  # newest first
        self.history_at = -1
        self.draft = ""

    def _watch_value(self, value: str) -> None:
        # Input sets its virtual size (the text's width + 1, a layout reactive) at every key:
        # a layout of the whole screen (~10 ms, the GIL taken from the search running in its
        # thread) for a line whose size never changes. Set without the layout; Input's own
        # watcher then finds it set, and the line scrolls to its cursor as before.
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

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
        self.post_message(self.SaveRequested(self.value))
