"""Never a traceback on screen: an unexpected exception in an action or a message handler
becomes a one-line error notification, and the app goes on.

Textual's default (``App._handle_exception``) exits the app and prints a rich traceback; it
is also too late to recover there, because the message loop that raised stops after calling
it. So the guard sits where the work starts instead:

- ``run_action`` (public API): every key binding, palette command and ``@click`` runs through
  it, whichever widget's binding it is (``ReaderApp.run_action``);
- ``_dispatch_message`` (private): there is no public hook for a message pump's handlers.
  ``ReaderApp`` overrides it for the app's own handlers, ``Guarded`` for the main screen and
  the panes and controllers whose handlers do the app's work (opening an article, answers of
  the workers). ``tests/test_tui_settings.py`` fails if a Textual upgrade stops calling it,
  so the name is checked rather than trusted.

Exceptions in rendering and in compose and mount still reach Textual's default: a widget
cannot keep running after its loop stopped, and an app that failed to start is better closed.
"""

from __future__ import annotations

import traceback
from collections.abc import Awaitable, Callable

from textual import events, log
from textual.message import Message

from reader.tui.sanitize import one_line

_LIFECYCLE = (events.Load, events.Compose, events.Mount, events.Unmount)


def describe(exc: BaseException) -> str:
    """``Unexpected error: KeyError: 'x'`` — one line, no markup."""
    text = one_line(str(exc))
    name = exc.__class__.__name__
    return f"Unexpected error: {name}: {text}" if text else f"Unexpected error: {name}"


def report_exception(node, exc: BaseException) -> None:
    """The traceback to the devtools console, one line to the screen (``node.notify``)."""
    log.error("".join(traceback.format_exception(exc)))
    try:
        node.notify(describe(exc)[:300], severity="error", markup=False, timeout=8)
    except Exception:  # reporting must never raise in turn
        pass


async def dispatch_guarded(node, dispatch: Callable[[Message], Awaitable[None]],
                           message: Message) -> None:
    """Run ``dispatch(message)``; an exception is reported, except at start and exit (a bug
    there is not recoverable)."""
    if isinstance(message, _LIFECYCLE):
        await dispatch(message)
        return
    try:
        await dispatch(message)
    except Exception as exc:
        report_exception(node, exc)


class Guarded:
    """Put before the Textual base of a screen or widget whose handlers must never end the app."""

    async def _dispatch_message(self, message: Message) -> None:
        await dispatch_guarded(self, super()._dispatch_message, message)  # type: ignore[misc]


def error(node, message: str, severity: str = "error") -> None:
    """How a widget reports a problem: one line, never markup (``node.notify`` is thread-safe,
    so a worker reports this way too)."""
    node.notify(one_line(message)[:300], severity=severity, markup=False)
