"""What one index update reports (``Report``, which ``reader index`` prints and the TUI reads),
and the progress protocol it drives (``Progress``: start / advance / stop; ``reader.progress``'s
``Countdown`` is one, and ``NullProgress`` the default that shows nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from reader.wording import plural


class Progress(Protocol):
    def start(self, total: int, description: str) -> None: ...
    def advance(self, detail: str = "") -> None: ...
    def stop(self) -> None: ...


class NullProgress:
    def start(self, total: int, description: str) -> None:
        pass

    def advance(self, detail: str = "") -> None:
        pass

    def stop(self) -> None:
        pass


@dataclass
class Report:
    """What one ``update()`` did, for ``reader index`` to print."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    touched: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # rel → one-line reason (this run)
    skipped: dict[str, str] = field(default_factory=dict)  # failed before, not retried
    rebuilt: str | None = None  # why the index was rebuilt
    created: bool = False
    messages: list[str] = field(default_factory=list)
    articles: int = 0
    documents: int | None = None  # not counted when nothing changed
    seconds: float = 0.0
    jobs: int = 1

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.rebuilt or self.created or self.failed)

    @property
    def indexed(self) -> int:
        return self.added + self.updated

    def summary(self) -> str:
        """One line: what was done and how fast."""
        parts = []
        if self.rebuilt:
            parts.append(f"rebuilt ({self.rebuilt})")
        elif self.created:
            parts.append("created the index")
        parts.append(f"{self.added} added")
        parts.append(f"{self.updated} updated")
        parts.append(f"{self.removed} removed")
        parts.append(f"{self.unchanged} unchanged")
        bad = len(self.failed) + len(self.skipped)
        if bad:
            parts.append(f"{bad} skipped")
        line = ", ".join(parts)
        if self.indexed and self.seconds > 0:
            line += f" in {self.seconds:.1f} s ({self.indexed / self.seconds:.0f} files/s)"
        line += f"; {plural(self.articles, 'article')}"
        if self.documents is not None:
            line += f", {plural(self.documents, 'document')}"
        return line

    def skipped_lines(self) -> list[str]:
        reasons = {**self.skipped, **self.failed}
        return [reasons[k] for k in sorted(reasons)]
