"""Hits over time: a search's dated hits per year (or per month when they span two years at
most), as bars for a one-line sparkline, and the query narrowed to one bar's period.

The counts come from the index's ``when`` column (``SearchIndex.search(timeline=True)`` →
``Results.months``): an article's date, or its approximate date when it has none (it counts
there), a comment's date; undated documents are not counted. ``date:`` matches real dates only,
so narrowing to a bar can find fewer hits than the bar counted when approximate dates are in it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

BLOCKS = "▁▂▃▄▅▆▇█"
MONTHS_UP_TO = 24  # a span of this many months or fewer is drawn per month, longer ones per year
_EPOCH = dt.datetime(1, 1, 1)
_DAY = 86_400_000_000  # microseconds
_DAYS_KEPT = 100_000  # days remembered (~270 years of dates); the cache starts over past this
_MONTH_OF_DAY: dict[int, int] = {}


def month_code(when: int) -> int:
    """A ``when`` value (microseconds since year 1; 0: undated) → year × 12 + month (0: undated,
    or out of range). Hits share days: each day is converted once (``_MONTH_OF_DAY``)."""
    try:
        if not when or when <= 0:
            return 0
        day = int(when) // _DAY
    except (ValueError, TypeError):
        return 0
    code = _MONTH_OF_DAY.get(day)
    if code is None:
        try:
            date = _EPOCH + dt.timedelta(days=day)
            code = date.year * 12 + date.month
        except OverflowError:
            code = 0
        if len(_MONTH_OF_DAY) >= _DAYS_KEPT:
            _MONTH_OF_DAY.clear()
        _MONTH_OF_DAY[day] = code
    return code


def month_name(code: int) -> str:
    """``month_code``'s code → "YYYY-MM"."""
    return f"{(code - 1) // 12:04d}-{(code - 1) % 12 + 1:02d}"


def months_of(when_counts: dict[int, int]) -> dict[str, int]:
    """``when`` column values with their hit counts → hits per "YYYY-MM" (undated: none)."""
    codes: dict[int, int] = {}
    for when, n in when_counts.items():
        code = month_code(when)
        if code:
            codes[code] = codes.get(code, 0) + int(n)
    return {month_name(code): n for code, n in sorted(codes.items())}


@dataclass(frozen=True)
class Bar:
    period: str  # "2007" or "2007-09": what ``date:`` takes
    count: int


@dataclass
class Timeline:
    unit: str  # "year" | "month"
    bars: list[Bar] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(b.count for b in self.bars)

    def __bool__(self) -> bool:
        return self.total > 0

    def sparkline(self) -> str:
        """One character per bar: ▁ to █ by its share of the highest bar; a space for none."""
        top = max((b.count for b in self.bars), default=0)
        if top <= 0:
            return " " * len(self.bars)
        return "".join(" " if b.count <= 0 else BLOCKS[max(0, -(-b.count * len(BLOCKS) // top) - 1)]
                       for b in self.bars)


def _month_index(key: str) -> int:
    year, month = key.split("-")
    return int(year) * 12 + int(month) - 1


def timeline(months: dict[str, int]) -> Timeline:
    """Bars from first to last dated hit, empty periods included: per month when they lie
    within ``MONTHS_UP_TO`` months, else per year."""
    dated = {k: n for k, n in months.items() if n > 0}
    if not dated:
        return Timeline("year")
    first = min(_month_index(k) for k in dated)
    last = max(_month_index(k) for k in dated)
    if last - first < MONTHS_UP_TO:
        bars = [Bar(f"{i // 12:04d}-{i % 12 + 1:02d}", dated.get(f"{i // 12:04d}-{i % 12 + 1:02d}", 0))
                for i in range(first, last + 1)]
        return Timeline("month", bars)
    years: dict[int, int] = {}
    for key, n in dated.items():
        years[int(key[:4])] = years.get(int(key[:4]), 0) + n
    return Timeline("year", [Bar(f"{y:04d}", years.get(y, 0)) for y in range(first // 12, last // 12 + 1)])


_DATE_TERM = re.compile(r'(?<![\w:"])date:(\[[^\]]*\]|\S+)', re.IGNORECASE)


def narrow(query: str, period: str) -> str:
    """``query`` kept to ``period`` ("2007" or "2007-09"): its own ``date:`` terms give way to
    the period when they simply add to the query (each bar lies inside what they matched), else
    the period is added beside them."""
    term = f"date:{period}"
    text = query.strip()
    plain = _outside_quotes_text(text)
    simple = not re.search(r"\b(OR|NOT|ANDNOT|ANDMAYBE)\b|[()]", plain)
    if simple:
        kept = _DATE_TERM.sub(lambda m: "" if _outside_quotes(text, m.start()) else m.group(), text)
        text = " ".join(kept.split())
    return f"{text} {term}" if text else term


def _outside_quotes(text: str, pos: int) -> bool:
    return text.count('"', 0, pos) % 2 == 0


def _outside_quotes_text(text: str) -> str:
    """``text`` with quoted phrases blanked out (their words are not operators)."""
    return re.sub(r'"[^"]*"?', " ", text)


__all__ = ["BLOCKS", "Bar", "MONTHS_UP_TO", "Timeline", "month_code", "month_name", "months_of", "narrow",
           "timeline"]
