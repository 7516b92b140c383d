"""The hits-over-time line above the search results: one bar (▁ to █) per year, or per month
when the hits span two years at most, the first and last periods written at its ends.

The bars are the core's (``reader.index.timeline`` of ``Results.months``). A click on a bar, or
a bar picked with ``<``/``>`` in the results then Enter, asks for the search narrowed to its
period (``Narrow``); the list pane rewrites the query (``reader.index.narrow``).
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from reader.index import Results, Timeline, timeline


class HitsTimeline(Widget):
    DEFAULT_CSS = """
    HitsTimeline {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    COMPONENT_CLASSES = {"timeline--bars", "timeline--picked", "timeline--label"}

    class Narrow(Message):
        """Search again, kept to ``period`` ("2007" or "2007-09")."""

        def __init__(self, period: str) -> None:
            super().__init__()
            self.period = period

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.line = Timeline("year")
        self.picked: int | None = None  # the bar picked with < and >
        self._first = 0  # the first bar drawn (a line too long for the width shows its end)
        self._bars_at = 0  # the column of the first bar drawn

    def show(self, results: Results | None) -> None:
        self.line = timeline(results.months) if results is not None else Timeline("year")
        self.picked = None
        self.refresh()  # shown or not is the list pane's to say (a row kept while typing)

    def step(self, delta: int) -> int | None:
        """Pick the bar ``delta`` away (none picked: ``<`` the newest, ``>`` the oldest); 0 drops the pick."""
        bars = self.line.bars
        if not bars or delta == 0:
            self.picked = None
        elif self.picked is None:
            self.picked = len(bars) - 1 if delta < 0 else 0
        else:
            self.picked = max(0, min(len(bars) - 1, self.picked + delta))
        self.refresh()
        return self.picked

    @property
    def picked_period(self) -> str | None:
        return self.line.bars[self.picked].period if self.picked is not None else None

    def render(self) -> Content:
        bars = self.line.bars
        if not bars:
            return Content("")
        first, last = bars[0].period, bars[-1].period
        hint = ""
        if self.picked is not None:
            bar = bars[self.picked]
            hint = f"  {bar.period}: {bar.count} hit{'s' * (bar.count != 1)} (Enter narrows)"
        room = max(1, self.content_size.width - len(first) - len(last) - 2 - len(hint))
        self._first = max(0, len(bars) - room)
        if self._first:
            first = bars[self._first].period
        spark = self.line.sparkline()[self._first:]
        self._bars_at = len(first) + 1
        parts: list[tuple[str, str] | str] = [(first + " ", "$text-muted")]
        for i, ch in enumerate(spark, self._first):
            parts.append((ch, "reverse $text-warning" if i == self.picked else "$text-warning"))
        if len(bars) > 1:
            parts.append((" " + last, "$text-muted"))
        if hint:
            parts.append((hint, "$text-accent"))
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        x = event.x - self.styles.padding.left - self._bars_at
        index = self._first + x
        if 0 <= x and self._first <= index < len(self.line.bars):
            self.post_message(self.Narrow(self.line.bars[index].period))


__all__ = ["HitsTimeline"]
