"""The key footer: Textual's ``Footer``, recomposed only when what it shows changes.

Textual's footer rebuilds all of its key widgets (a mount and a CSS pass each) on every
"bindings updated" signal, and the screen sends one on most focus changes and reactive updates,
usually with the same keys shown: profiled in the TUI tests, a fifth of the CPU went there, and
every keystroke that moves focus paid for it.
"""

from __future__ import annotations

from typing import Hashable

from textual.widgets import Footer


class KeyFooter(Footer):
    """A ``Footer`` that skips the rebuild when the keys, labels and states it would show are
    the ones it shows already."""

    _shown: tuple[Hashable, ...] | None = None

    def _signature(self) -> tuple[Hashable, ...]:
        shown = tuple(
            (binding.key, binding.key_display, binding.description, binding.action, enabled, tooltip,
             binding.group)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )
        palette = self.app.COMMAND_PALETTE_BINDING if self.show_command_palette else ""
        return (*shown, palette, self.compact)

    async def recompose(self) -> None:
        if not self.is_attached or not self._bindings_ready:
            await super().recompose()
            return
        signature = self._signature()
        if signature == self._shown and self.children:
            return
        self._shown = signature
        await super().recompose()
