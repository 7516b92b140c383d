"""Saved searches, one key away: ``ctrl+s`` in the query line saves the query (its name is
the query), ``S`` opens the picker: Enter runs one (the query line opens with it and the
results show), ``d`` deletes one. They live in ``state.yaml`` (``reader.state``). Saving is the
list pane's (``LibraryPane``), running one the main screen's."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from reader.state import SavedSearch, State
from reader.tui.dialog import ListDialog, list_keys
from reader.tui.sanitize import one_line

EMPTY = "No saved searches yet: ctrl+s in the query line (/) saves the query."


def saved_label(saved: SavedSearch) -> Text:
    """``name  query`` (the query only once when it is the name) as plain Text, never markup."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    name, query = one_line(saved.name), one_line(saved.query)
    text.append(name, style="bold")
    if query != name:
        text.append("   ")
        text.append(query, style="dim")
    return text


class SavedSearches(ListDialog[str | None]):
    """The saved searches; dismissed with the query to run, or None."""

    BINDINGS = [
        *list_keys("saved"),
        Binding("d,delete", "delete", "Delete", show=True, id="reader.saved.delete"),
    ]

    DEFAULT_CSS = """
    SavedSearches {
        & > Vertical { width: 80; max-height: 70%; }
        & OptionList { height: auto; max-height: 100%; border: none; }
        & Label { padding: 0 1; color: $text-muted; }
    }
    """

    def __init__(self, state: State) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Saved searches — Enter runs, d deletes, Esc closes"
            yield Label(EMPTY, id="saved-empty", markup=False)
            yield OptionList(id="saved-list")

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(OptionList).focus()

    def refresh_list(self, highlight: int = 0) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(saved_label(s), id=str(i)) for i, s in enumerate(self.state.saved)])
        empty = not self.state.saved
        self.query_one("#saved-empty", Label).display = empty
        options.display = not empty
        if not empty:
            options.highlighted = min(highlight, len(self.state.saved) - 1)

    def _highlighted(self) -> SavedSearch | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.state.saved):
            return None
        return self.state.saved[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int(event.option.id or 0)
        if 0 <= index < len(self.state.saved):
            self.dismiss(self.state.saved[index].query)

    def action_delete(self) -> None:
        saved = self._highlighted()
        if saved is None:
            self.app.bell()
            return
        index = self.query_one(OptionList).highlighted or 0
        self.state.delete_saved(saved.name)
        self.refresh_list(index)
        self.notify(f"Deleted saved search: {one_line(saved.name)[:80]}", timeout=2, markup=False)
