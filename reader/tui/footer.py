"""The key footer: Textual's ``Footer``, rebuilt only as far as what it shows changes.

Textual's footer removes and mounts all of its key widgets (a mount and three CSS passes each)
on every "bindings updated" signal, and the screen sends one on most focus changes and reactive
updates. Profiled in the TUI tests, a fifth of the CPU went there, and every keystroke that
moves focus paid for it. Here a signal that changes nothing does nothing, and a change of keys
(another pane focused) relabels the key widgets already shown, mounting or removing only the
difference; only a layout this does not know (binding groups) is recomposed as Textual does.
"""

from __future__ import annotations

from typing import Hashable

from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # what Footer.compose yields (not exported)


class KeyFooter(Footer):
    """A ``Footer`` that skips the rebuild when the keys, labels and states it would show are
    the ones it shows already, and relabels its key widgets when only they differ."""

    _shown: tuple[Hashable, ...] | None = None

    def _signature(self) -> tuple[Hashable, ...]:
        shown = tuple(
            (binding.key, binding.key_display, binding.description, binding.action, enabled, tooltip,
             binding.group)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )
        palette: Hashable = ""
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            _, binding, enabled, tooltip = self.screen.active_bindings.get(
                self.app.COMMAND_PALETTE_BINDING, (None, None, None, None))
            palette = (self.app.COMMAND_PALETTE_BINDING, binding is not None, enabled, tooltip)
        return (*shown, palette, self.compact)

    def _wanted(self) -> list[tuple[Binding, bool, str]] | None:
        """The keys ``Footer.compose`` would show, one per action, in its order; None when it
        would show a binding group (which this does not relabel)."""
        first: dict[str, tuple[Binding, bool, str]] = {}
        for (_, binding, enabled, tooltip) in self.screen.active_bindings.values():
            if binding.show:
                if binding.group is not None:
                    return None
                first.setdefault(binding.action, (binding, enabled, tooltip))
        return list(first.values())

    def _relabel(self) -> bool:
        """Show the wanted keys on the key widgets already mounted; False when it cannot."""
        wanted = self._wanted()
        children = list(self.children)
        keys = [c for c in children if isinstance(c, FooterKey) and not c.has_class("-command-palette")]
        if wanted is None or not keys or len(keys) + 1 < len(children):
            return False  # groups, labels, or nothing to reuse: Textual's own rebuild
        for widget, (binding, enabled, tooltip) in zip(keys, wanted):
            widget.key = binding.key
            widget.key_display = self.app.get_key_display(binding)
            widget.description = binding.description
            widget.action = binding.action
            widget._disabled = not enabled
            widget.set_class(not enabled, "-disabled")
            widget.tooltip = tooltip or None
            widget.refresh(layout=True)
        if len(keys) > len(wanted):
            self.remove_children(keys[len(wanted):])
        elif len(wanted) > len(keys):
            new = [FooterKey(binding.key, self.app.get_key_display(binding), binding.description,
                             binding.action, disabled=not enabled, tooltip=tooltip)
                   for binding, enabled, tooltip in wanted[len(keys):]]
            for key in new:  # compose binds it to the footer's; a change of it recomposes here
                key.set_reactive(FooterKey.compact, self.compact)
            self.mount_all(new, after=keys[-1])
        self.styles.grid_size_columns = len(wanted)
        return True

    async def recompose(self) -> None:
        if not self.is_attached or not self._bindings_ready:
            await super().recompose()
            return
        signature = self._signature()
        if signature == self._shown and self.children:
            return
        palette_same = self._shown is not None and signature[-2:] == self._shown[-2:]
        self._shown = signature
        if palette_same and self._relabel():
            return
        await super().recompose()
