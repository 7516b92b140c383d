"""Never a traceback on screen: an unexpected exception in an action or an app-level handler
becomes a one-line error notification, and the app goes on.

Textual's default (``App._handle_exception``) exits the app and prints a rich traceback; it
is also too late to recover there, because the message loop that raised stops after calling
it. So the guard sits where the work starts instead:

- ``run_action`` (public API): every key binding, palette command and ``@click`` runs through
  it, whichever widget's binding it is;
- ``_dispatch_message`` (private, for the app's own ``@on`` handlers and events): there is no
  public hook for those. ``tests/test_tui_settings.py`` fails if a Textual upgrade stops
  calling it, so the name is checked rather than trusted.

Exceptions inside a widget's own event handlers and in rendering, and in the app's compose
and mount, still reach Textual's default: a widget cannot keep running after its loop
stopped, and an app that failed to start is better closed.
"""

from __future__ import annotations

import traceback

from textual import events, log

from reader.tui.sanitize import one_line


def describe(exc: BaseException) -> str:
    """``Unexpected error: KeyError: 'x'`` — one line, no markup."""
    text = one_line(str(exc))
    name = exc.__class__.__name__
    return f"Unexpected error: {name}: {text}" if text else f"Unexpected error: {name}"


class ErrorGuardMixin:
    """Mix into the App before ``App`` itself."""

    def report_exception(self, exc: BaseException) -> None:
        log.error("".join(traceback.format_exception(exc)))  # the devtools console, not the screen
        try:
            self.notify(describe(exc)[:300], severity="error", markup=False, timeout=8)
        except Exception:  # reporting must never raise in turn
            pass

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as exc:
            self.report_exception(exc)
            return True  # handled: the key does not go on to another binding

    async def _dispatch_message(self, message) -> None:
        if isinstance(message, _LIFECYCLE):  # a bug at start or exit is not recoverable
            await super()._dispatch_message(message)
            return
        try:
            await super()._dispatch_message(message)
        except Exception as exc:
            self.report_exception(exc)


_LIFECYCLE = (events.Load, events.Compose, events.Mount, events.Unmount)
