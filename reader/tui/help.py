"""The help screen: every binding of every pane, from ``keys`` (so it cannot go stale)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.tui import keys
from reader.tui.comment_rows import LEGEND as COMMENT_LEGEND
from reader.tui.minimap import LEGEND
from reader.tui.user_settings import keys_shown

EXTRA = [
    ("ctrl+p", "Command palette (every action)"),
    ("ctrl+q", "Quit at once"),
    ("mouse", "Click to select, double-click to open, wheel to scroll"),
]


def help_content(keymap: dict[str, str] | None = None) -> Content:
    """The help text as Content (nothing in it is parsed as markup)."""
    keymap = keymap or {}
    parts: list[Content | tuple[str, str] | str] = []
    for _scope, (title, bindings) in keys.SCOPES.items():
        parts.append((f"{title}\n", "bold $accent"))
        seen: set[str] = set()
        for binding in bindings:
            if binding.action in seen:
                continue
            seen.add(binding.action)
            shown = keys_shown(binding, keymap)  # as rebound in reader.yaml, if it was
            parts.append((f"  {shown:<18}", "bold"))
            parts.append(f"{binding.description}\n")
        parts.append("\n")
    parts.append(("Everywhere\n", "bold $accent"))
    for key, text in EXTRA:
        parts.append((f"  {key:<18}", "bold"))
        parts.append(f"{text}\n")
    parts.append(("\nMinimap (the column beside the reading pane)\n", "bold $accent"))
    for glyph, text in LEGEND:
        parts.append((f"  {glyph:<18}", "bold"))
        parts.append(f"{text}\n")
    parts.append(("\nComment rows (the thread in the comments pane)\n", "bold $accent"))
    for glyph, text in COMMENT_LEGEND:
        parts.append((f"  {glyph:<18}", "bold"))
        parts.append(f"{text}\n")
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="reader.help.close"),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
        Binding("space,pagedown", "scroll('page_down')", "Page down", show=False),
        Binding("b,pageup", "scroll('page_up')", "Page up", show=False),
        Binding("G,end", "scroll('end')", "End", show=False),
        Binding("g,home", "scroll('home')", "Start", show=False),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 72;
            max-width: 100%;
            height: 90%;
            border: round $accent;
            border-title-align: center;
            background: $surface;
            padding: 0 1;
        }
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys — Esc to close"
            yield Static(help_content(getattr(self.app, "user_keys", None)), id="help-text")

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one(VerticalScroll)
        move = {"down": scroll.scroll_down, "up": scroll.scroll_up,
                "page_down": scroll.scroll_page_down, "page_up": scroll.scroll_page_up,
                "end": scroll.scroll_end, "home": scroll.scroll_home}[direction]
        move(animate=False)
