"""Dates as pages write them ("Jul 22, 2003 3:23 UTC", "September 8, 2007", ISO 8601)."""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as _parser

from reader.content.model import Date

_TIME = re.compile(r"\d{1,2}:\d{2}")


def parse_date(value: object) -> Date | None:
    """A datetime when the text has a time, a bare date when it has only a day; None if unsure."""
    if isinstance(value, dt.datetime | dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = " ".join(value.replace(" at ", " ").split())
    if not text or len(text) > 80 or not re.search(r"\d", text):
        return None
    try:
        parsed = _parser.parse(text, fuzzy=True, default=dt.datetime(1, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.year < 1990 or parsed.year > 2100:
        return None
    if not _TIME.search(text) and "T" not in text:
        return parsed.date()
    if parsed.tzinfo is None and re.search(r"\b(UTC|GMT|Z)\b", text):
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed
