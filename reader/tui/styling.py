"""Component-class styles for Line-API widgets that draw ``Content`` themselves.

``Widget.get_visual_style(name, partial=True)`` drops an opaque component background (it
blends the tint against a transparent start), so the views resolve their ``.component``
span names here: only the rules a component sets, nothing inherited. A name that is not a
component class resolves to the null style: span styles are never parsed as markup, so a
``@click`` that reached a span could not become an action.
"""

from __future__ import annotations

from textual.style import Style
from textual.widget import Widget


def component_style(widget: Widget, name: str) -> Style:
    try:
        styles = widget.get_component_styles(name)
    except KeyError:
        return Style()
    has = styles.has_rule
    text_style = styles.text_style if has("text_style") else None
    auto = bool(has("auto_color") and styles.auto_color)
    background = styles.background if has("background") else None
    foreground = styles.color if has("color") else None
    if auto:  # `color: auto`: a readable text colour on the component's own background
        foreground = background.get_contrast_text(styles.color.a) if background else None
    return Style(
        background=background,
        foreground=foreground,
        bold=text_style.bold if text_style else None,
        dim=text_style.dim if text_style else None,
        italic=text_style.italic if text_style else None,
        underline=text_style.underline if text_style else None,
        reverse=text_style.reverse if text_style else None,
        strike=text_style.strike if text_style else None,
    )


class StyleCache:
    """``.name`` → Style for one widget; clear it when the theme or focus changes."""

    def __init__(self, widget: Widget) -> None:
        self.widget = widget
        self._cache: dict[str, Style] = {}

    def clear(self) -> None:
        self._cache.clear()

    def __call__(self, name: str | Style) -> Style:
        if isinstance(name, Style):
            return name
        style = self._cache.get(name)
        if style is None:
            if name.startswith("."):
                style = component_style(self.widget, name[1:])
            else:
                style = Style()
            self._cache[name] = style
        return style


class RestyleOnFocus:
    """Mixin for the Line-API views: a cursor looks different focused and blurred, and every
    colour changes with the theme, so cached styles (and rendered strips, where a view keeps
    them in ``_strips``) are dropped on focus, blur and style updates. Put it before the
    Textual base class."""

    _styles: StyleCache

    def _restyle(self) -> None:
        self._styles.clear()
        strips = getattr(self, "_strips", None)
        if strips is not None:
            strips.clear()

    def on_focus(self) -> None:
        self._restyle()

    def on_blur(self) -> None:
        self._restyle()

    def notify_style_update(self) -> None:
        super().notify_style_update()  # type: ignore[misc]
        self._restyle()
