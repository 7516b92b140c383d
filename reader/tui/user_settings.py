"""``reader.yaml`` applied to the app: the keymap (Textual's ``App.set_keymap`` over the
binding ids of ``reader.tui.keys``) and the theme. ``reader.settings`` reads and checks the
file's shape; what only the app knows (which binding ids and themes exist) is checked here.
Every problem is one warning line; nothing stops the app."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

from reader.settings import Settings
from reader.tui import keys
from reader.tui.sanitize import one_line


def known_binding_ids() -> list[str]:
    """Every binding id ``reader.yaml`` may rebind: those of ``keys.SCOPES`` in help order,
    then those of every screen and widget class of ``reader.tui`` imported so far (the
    modal pickers and forms keep their bindings in their own ``BINDINGS``)."""
    import reader.tui.app  # noqa: F401  (imports every screen and widget of the app)

    ids: dict[str, None] = {}
    for _title, bindings in keys.SCOPES.values():
        ids.update((b.id, None) for b in bindings if b.id)
    stack: list[type] = [DOMNode]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("reader.tui."):
            ids.update((b.id, None) for b in cls.__dict__.get("BINDINGS", ())
                       if isinstance(b, Binding) and b.id)
    return list(ids)


def keys_shown(binding: Binding, user_keys: dict[str, str] | None) -> str:
    """A binding's keys as the help screen and the palette show them: rebound ones if any."""
    rebound = (user_keys or {}).get(binding.id or "")
    if rebound:
        binding = binding.with_key(rebound, key_display=None)
    return one_line(keys.display_keys(binding))  # a rebound key name is a setting: sanitised


def apply_settings(app: App, settings: Settings) -> list[str]:
    """Set the keymap and theme from ``settings``; the warnings to show (one line each)."""
    warnings = list(settings.warnings)
    known = set(known_binding_ids())
    keymap: dict[str, str] = {}
    for binding_id, value in settings.keys.items():
        if binding_id in known:
            keymap[binding_id] = value
        else:
            warnings.append(f"reader.yaml: keys: unknown binding id {one_line(binding_id[:60])!r} ignored "
                            "(ids are listed in docs/settings.md)")
    app.set_keymap(keymap)
    app.user_keys = keymap  # what the help screen and the palette show
    if settings.theme:
        if settings.theme in app.available_themes:
            app.theme = settings.theme
        else:
            names = ", ".join(sorted(n for n in app.available_themes if n != "textual-ansi"))
            warnings.append(f"reader.yaml: theme: unknown theme {settings.theme[:40]!r} ignored (known: {names})")
    return warnings


def binding_table() -> str:
    """Every rebindable binding as a Markdown table (for docs/settings.md)."""
    order = known_binding_ids()  # imports the app first
    by_id: dict[str, tuple[str, str]] = {}
    for _title, bindings in keys.SCOPES.values():
        for b in bindings:
            if b.id and b.id not in by_id:
                by_id[b.id] = (keys.display_keys(b), b.description)
    stack: list[type] = [DOMNode]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("reader.tui."):
            for b in cls.__dict__.get("BINDINGS", ()):
                if isinstance(b, Binding) and b.id and b.id not in by_id:
                    by_id[b.id] = (keys.display_keys(b), b.description)
    rows = ["| binding id | default keys | what it does |", "|---|---|---|"]
    for binding_id in order:
        shown, description = by_id[binding_id]
        rows.append(f"| `{binding_id}` | `{shown}` | {description} |")
    return "\n".join(rows)


if __name__ == "__main__":  # uv run python -m reader.tui.user_settings > table.md
    print(binding_table())
