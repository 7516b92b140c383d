"""``Picker``: a modal list to choose one line from (the article's links, its table of
contents): j/k, g/G, Enter chooses, Esc or q closes; with ``numbers``, typing a number moves to
that line (``12`` then Enter). It returns the chosen line's index, None when closed.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.tui.dialog import ListDialog, list_keys


class Picker(ListDialog[int | None]):
    BINDINGS = [
        *list_keys("choose"),
        Binding("g", "move('first')", "First", show=False, id="reader.choose.first"),
        Binding("G", "move('last')", "Last", show=False, id="reader.choose.last"),
    ]

    DEFAULT_CSS = "Picker > OptionList { width: 100; max-height: 80%; border-subtitle-align: right; }"

    def __init__(self, labels: list[Text], title: str, *, highlighted: int = 0,
                 numbers: bool = False) -> None:
        super().__init__()
        self.labels = labels
        self.title_text = title
        self.initial = max(0, min(highlighted, len(labels) - 1))
        self.numbers = numbers
        self.typed = ""  # the number typed so far

    def compose(self) -> ComposeResult:
        options = OptionList(*[Option(label) for label in self.labels], id="picker")
        options.border_title = self.title_text  # plain text: set by us, never from an article
        yield options

    def on_mount(self) -> None:
        options = self.options
        options.highlighted = self.initial
        options.scroll_to_highlight(top=False)
        options.focus()

    def on_key(self, event: events.Key) -> None:
        if not self.numbers or not event.character or not event.character.isdigit():
            return
        event.stop()
        event.prevent_default()
        typed = self.typed + event.character
        if not 1 <= int(typed) <= len(self.labels):
            typed = event.character  # too far: a new number starts
        self.typed = typed if 1 <= int(typed) <= len(self.labels) else ""
        options = self.options
        options.border_subtitle = f"#{self.typed}" if self.typed else ""
        if self.typed:
            options.highlighted = int(self.typed) - 1

    def action_move(self, action: str) -> None:
        self.typed = ""
        self.options.border_subtitle = ""
        super().action_move(action)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)
