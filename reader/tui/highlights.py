"""Spans painted over the article's plain text: search hits (one of them current) and a
passage (a comment's quote, a bookmark). Pure data, no Textual: the view asks for the spans
that touch one line, found by a bisect, so painting costs only the visible lines."""

from __future__ import annotations

from bisect import bisect_right

HIT = ".view--hit"
CURRENT = ".view--hit-current"
PASSAGE = ".view--passage"


class Highlights:
    def __init__(self) -> None:
        self.hits: list[tuple[int, int]] = []
        self.index = -1  # the current hit
        self.passage: tuple[int, int] | None = None
        self._paint: list[tuple[int, int, str]] = []
        self._ends: list[int] = []  # running max of the ends, for the bisect

    def clear(self) -> None:
        self.hits, self.index, self.passage = [], -1, None
        self._rebuild()

    def set_hits(self, spans, length: int) -> None:
        """Hits clipped to ``[0, length)``, sorted, duplicates and empty spans dropped."""
        self.hits = sorted({(max(0, s), min(length, e)) for s, e in spans if e > s and s < length})
        self.index = -1
        self._rebuild()

    def set_passage(self, start: int, end: int, length: int) -> None:
        start, end = max(0, min(start, length)), max(0, min(end, length))
        self.passage = (start, end) if end > start else None
        self._rebuild()

    @property
    def current(self) -> tuple[int, int] | None:
        return self.hits[self.index] if 0 <= self.index < len(self.hits) else None

    def _rebuild(self) -> None:
        paint = [(s, e, HIT) for s, e in self.hits]
        if self.passage:
            paint.append((*self.passage, PASSAGE))
        paint.sort()
        ends, top = [], -1
        for _, e, _ in paint:
            top = max(top, e)
            ends.append(top)
        self._paint, self._ends = paint, ends

    def spans_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The painted spans that overlap ``[start, end)``, with their style names."""
        out: list[tuple[int, int, str]] = []
        paint = self._paint
        if not paint:
            return out
        current = self.current
        i = bisect_right(self._ends, start)
        while i < len(paint) and paint[i][0] < end:
            s, e, style = paint[i]
            if e > start:
                if style == HIT and (s, e) == current:
                    style = CURRENT
                out.append((s, e, style))
            i += 1
        return out
