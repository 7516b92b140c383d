"""Back and forward through the articles opened (as a browser's history): each place is an
article and the reading position it was left at. No Textual here."""

from __future__ import annotations

from dataclasses import dataclass

LIMIT = 200  # places kept each way


@dataclass(frozen=True)
class Place:
    article_id: str
    offset: int  # the plain-text offset at the top of the pane when it was left


class History:
    def __init__(self) -> None:
        self.behind: list[Place] = []
        self.ahead: list[Place] = []

    def visit(self, left: Place) -> None:
        """Another article was opened, leaving ``left``: a new branch (forward is forgotten)."""
        self.behind.append(left)
        del self.behind[:-LIMIT]
        self.ahead.clear()

    def back(self, here: Place) -> Place | None:
        """The place before, ``here`` kept to come forward to; None at the start."""
        if not self.behind:
            return None
        self.ahead.append(here)
        return self.behind.pop()

    def forward(self, here: Place) -> Place | None:
        if not self.ahead:
            return None
        self.behind.append(here)
        return self.ahead.pop()
