"""The TUI's shape (issue 10): ``ReaderApp`` is a thin ``App`` with no mixins, and widgets
never call the app for what the library view does — they post messages, which the main
screen and the controllers that own the state handle."""

from __future__ import annotations

import re
from pathlib import Path

from textual.app import App

from reader.tui.app import ReaderApp

TUI = Path(__file__).resolve().parents[1] / "reader" / "tui"

# What a widget may ask of the app: Textual's own App API (a bell, a dialog, the screen, the
# size, a notice, running an action), never the library view's work.
APP_API = {"bell", "notify", "push_screen", "pop_screen", "screen", "screen_stack", "size",
           "run_action", "COMMAND_PALETTE_BINDING"}


def test_reader_app_has_no_mixins():
    assert ReaderApp.__bases__ == (App,)
    assert ReaderApp.__mro__[1] is App


def _app_calls() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(TUI.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for name in re.findall(r"self\.app\.(\w+)", line):
                found.append((f"{path.name}:{number}", number, name))
    return found


def test_no_widget_calls_the_app_for_a_domain_action():
    # the acceptance check of issue 10: grep -rn "self.app\.\(jump\|edit\|save\)" reader/tui
    offenders = [where for where, _, name in _app_calls() if re.match(r"(jump|edit|save)", name)]
    assert offenders == []
    others = sorted({f"{where}: self.app.{name}" for where, _, name in _app_calls()
                     if name not in APP_API})
    assert others == [], "post a message instead (see docs/architecture.md, TUI)"
