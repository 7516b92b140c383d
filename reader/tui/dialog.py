"""``Dialog``: the base of the app's modal boxes — the forms (``AddForm``, ``BookmarkForm``)
and the lists (``Picker``, ``CommentPicker``, ``SavedSearches``).

The box is the dialog's one child (a ``Vertical`` holding a form's fields, or the
``OptionList`` itself) at the centre of the screen, its title on its border; a form's hint
line under its fields has the class ``dialog-hint``. A dialog sets its box's width (and a
list its height) in its own CSS. ``close`` dismisses it with None (Esc, and ``q`` in a list).
``ListDialog`` adds what the lists of ``L``, ``t`` and ``S`` share: ``j``/``k`` move through
the ``OptionList`` (``list_keys``).
"""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList

Result = TypeVar("Result")


class Dialog(ModalScreen[Result]):
    # type selectors, not a class: a focused OptionList's own border (``OptionList:focus``)
    # stays the stronger rule, as it was before the dialogs shared this
    DEFAULT_CSS = """
    Dialog {
        align: center middle;
        & > Vertical, & > OptionList {
            max-width: 100%;
            height: auto;
            border: round $accent;
            border-title-align: center;
            background: $surface;
        }
        & .dialog-hint { color: $text-muted; margin-top: 1; }
    }
    """

    def action_close(self) -> None:
        self.dismiss(None)


def list_keys(scope: str) -> list[Binding]:
    """Esc or ``q`` closes, ``j``/``k`` move: a list dialog's keys, with the binding ids
    ``reader.<scope>.close`` / ``.next`` / ``.previous`` (docs/settings.md)."""
    return [
        Binding("escape,q", "close", "Close", id=f"reader.{scope}.close"),
        Binding("j", "move('cursor_down')", "Next", show=False, id=f"reader.{scope}.next"),
        Binding("k", "move('cursor_up')", "Previous", show=False, id=f"reader.{scope}.previous"),
    ]


class ListDialog(Dialog[Result]):
    """A dialog whose choice is made in its ``OptionList``."""

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    def action_move(self, action: str) -> None:
        """One of the OptionList's cursor actions (``cursor_down``, ``first``…)."""
        getattr(self.options, f"action_{action}")()
