"""``Dialog``: the base of the app's modal boxes — the forms (``AddForm``, ``BookmarkForm``)
and the lists (``Picker``, ``CommentPicker``, ``SavedSearches``).

The box is the dialog's one child (a ``Vertical`` holding a form's fields, or the
``OptionList`` itself) at the centre of the screen, its title on its border; a form's hint
line under its fields has the class ``dialog-hint``. A dialog sets its box's width (and a
list its height) in its own CSS. ``close`` dismisses it with None (Esc, and ``q`` in a list).
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

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
