"""The small form that asks for a bookmark's note and tags (new bookmark, or `e` on one).

Enter or ctrl+s saves (from either field), Esc cancels; ctrl+j (or shift/alt+enter where the
terminal tells them apart) starts a new line in the note. The quote it shows comes from the
article: it is sanitised and drawn as ``Content``, never parsed as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static, TextArea

from reader.tui.dialog import Dialog
from reader.tui.sanitize import clean, one_line

NEWLINE_KEYS = ("ctrl+j", "shift+enter", "alt+enter")
QUOTE_CHARS = 160  # the quote is shown on at most a couple of lines


@dataclass
class FormResult:
    note: str = ""
    tags: list[str] = field(default_factory=list)


def parse_tags(text: str) -> list[str]:
    """``"ha, clusters #linux ha"`` → ``["ha", "clusters", "linux"]``: comma or space
    separated, a leading ``#`` dropped, duplicates dropped, order kept."""
    out: list[str] = []
    for part in re.split(r"[,\s]+", one_line(text)):
        tag = part.lstrip("#").strip()
        if tag and tag not in out:
            out.append(tag)
    return out


class NoteArea(TextArea):
    """A TextArea whose Enter is left to the form (save); ctrl+j inserts the new line."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            return  # the form's priority binding saves
        if event.key in NEWLINE_KEYS and not self.read_only:
            event.stop()
            event.prevent_default()
            start, end = self.selection
            self._replace_via_keyboard("\n", start, end)
            return
        await super()._on_key(event)


class BookmarkForm(Dialog[FormResult | None]):
    BINDINGS = [
        Binding("enter", "save", "Save", priority=True, id="reader.form.save"),
        Binding("ctrl+s", "save", "Save", priority=True, show=False, id="reader.form.save2"),
        Binding("escape", "close", "Cancel", id="reader.form.cancel"),
    ]

    DEFAULT_CSS = """
    BookmarkForm {
        & > #form { width: 72; padding: 0 1; }
        & #form-quote { color: $text-muted; text-style: italic; margin-bottom: 1; }
        & .form-label { color: $text-secondary; }
        & NoteArea { height: 4; }
    }
    """

    def __init__(self, *, heading: str, quote: str, note: str = "",
                 tags: Iterable[str] = ()) -> None:
        super().__init__()
        self.heading = heading
        self.quote = quote
        self.note = note
        self.tags = list(tags)

    def compose(self) -> ComposeResult:
        quote = one_line(self.quote)
        if len(quote) > QUOTE_CHARS:
            quote = quote[: QUOTE_CHARS - 1] + "…"
        with Vertical(id="form") as form:
            form.border_title = one_line(self.heading)
            yield Static(Content(f"“{quote}”"), id="form-quote")
            yield Static(Content("Note (optional)"), classes="form-label")
            yield NoteArea(clean(self.note), id="form-note", compact=True, soft_wrap=True)
            yield Static(Content("Tags (comma or space separated)"), classes="form-label")
            yield Input(" ".join(one_line(t) for t in self.tags), id="form-tags", compact=True,
                        placeholder="e.g. kernel, ha")
            yield Static(Content("Enter saves · ctrl+j new line · Tab next field · Esc cancels"),
                         id="form-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(NoteArea)
        area.focus()
        area.move_cursor(area.document.end)

    def result(self) -> FormResult:
        note = self.query_one(NoteArea).text.strip()
        return FormResult(note=note, tags=parse_tags(self.query_one("#form-tags", Input).value))

    def action_save(self) -> None:
        self.dismiss(self.result())
