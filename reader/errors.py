"""One exception base class for everything the user should see as a one-line message.

The CLI prints ``title: message`` on stderr and exits with ``exit_code``; the TUI shows the
same text in a notification. Nothing else of a traceback reaches the user.
"""

from __future__ import annotations


class ReaderError(Exception):
    """An error with a message fit for the user (one line) and a short title."""

    title = "reader"
    exit_code = 1

    def __init__(self, message: str, *, title: str | None = None) -> None:
        # One line, always: a multi-line message from a library is folded.
        super().__init__(" ".join(str(message).split()))
        if title is not None:
            self.title = title

    @property
    def message(self) -> str:
        return str(self)


class UnreadableFile(ReaderError):
    """A file that cannot be read at all (missing, permission denied, a directory, a loop)."""

    title = "cannot read"
    exit_code = 1


class UsageError(ReaderError):
    title = "usage"
    exit_code = 2
