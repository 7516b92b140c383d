"""Writing state.yaml from the TUI: one line when it cannot be written."""

from __future__ import annotations

from reader.state import State
from reader.tui.guard import error


def save_state(node, state: State, name: str = "state.yaml") -> None:
    """Save now; a failure, or a file broken by hand since start (said once), is a notice."""
    was_broken = state.broken
    try:
        state.save()
    except OSError as exc:
        error(node, f"Cannot save {name}: {exc}")
    if state.broken and not was_broken:
        error(node, state.warning, "warning")
