"""Dates as pages print them (bylines, comment headers, front matter), in several languages, → datetime (or a bare date).

The date-looking part of a text is found first (a byline says "Posted by Ben on 19. Juni 2018
um 15:28 Uhr - Antworten"), then parsed by dateutil; a text without a recognisable date gives
None rather than a guess (``12 days ago`` must not become the 12th of this month).
"""

from __future__ import annotations

import datetime as dt
import re
import warnings

from dateutil import parser as _dateparser
from dateutil import tz as _tz

from reader.content.model import Date

# Month names of the languages seen in saved pages, mapped to English for dateutil.
_MONTHS = {
    # German
    "januar": "January", "jänner": "January", "februar": "February", "märz": "March",
    "maerz": "March", "mai": "May", "juni": "June", "juli": "July", "oktober": "October",
    "dezember": "December",
    # French
    "janvier": "January", "février": "February", "fevrier": "February", "mars": "March",
    "avril": "April", "juin": "June", "juillet": "July", "août": "August", "aout": "August",
    "septembre": "September", "octobre": "October", "novembre": "November",
    "décembre": "December", "decembre": "December",
    # Spanish / Italian / Portuguese
    "enero": "January", "febrero": "February", "marzo": "March", "abril": "April",
    "mayo": "May", "junio": "June", "julio": "July", "agosto": "August",
    "septiembre": "September", "setiembre": "September", "octubre": "October",
    "noviembre": "November", "diciembre": "December", "gennaio": "January",
    "febbraio": "February", "aprile": "April", "maggio": "May", "giugno": "June",
    "luglio": "July", "settembre": "September", "ottobre": "October", "dicembre": "December",
    "janeiro": "January", "fevereiro": "February", "março": "March", "maio": "May",
    "junho": "June", "julho": "July", "setembro": "September", "outubro": "October",
    "dezembro": "December",
    # Dutch / Indonesian
    "januari": "January", "februari": "February", "maart": "March", "mei": "May",
    "augustus": "August", "desember": "December", "agustus": "August",
}
_FOREIGN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")\b", re.I)

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_TIME = (
    r"(?:\s*(?:,|at|um|@|-|à|pukul|kl\.)?\s*"
    r"\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:UTC|GMT|Z|[+-]\d{2}:?\d{2}))?)?"
)
_ISO_ANY = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
# (pattern, day first?) — numbers with dots are European (19.06.2018), with slashes American.
_CANDIDATES = [
    (re.compile(r"\b\d{4}-\d{2}-\d{2}" + _TIME), False),  # 2012-10-09 at 9:00 am
    (re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\.?\s+" + _MONTH + r",?\s+\d{4}\b" + _TIME, re.I), True),
    (re.compile(r"\b" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b" + _TIME, re.I), False),
    (re.compile(r"\b\d{4}/\d{1,2}/\d{1,2}\b" + _TIME), False),
    (re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b" + _TIME), True),
    (re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b" + _TIME), False),
    (re.compile(r"\b" + _MONTH + r"\s+\d{4}\b", re.I), False),  # June 2018
]
_NO_YEAR = re.compile(r"\b" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?\b,?" + _TIME.replace("@", "@\\s*"), re.I)


def parse_date(text: object, strptime: str | None = None, year: int | None = None) -> Date | None:
    """A datetime (or a bare date when the text gives no time); None when unsure.

    ``year`` completes a date printed without one (comments dated ``Monday July 23, @08:24PM``
    under an article of a known year). A date YAML already parsed is taken as it is.
    """
    if isinstance(text, dt.date):
        return text
    if not isinstance(text, str):
        return None
    text = " ".join(text.split())
    if not text or len(text) > 1000:
        return None
    if strptime:
        try:
            value = dt.datetime.strptime(text, strptime)
        except ValueError:
            return None
        return value if any(c in strptime for c in "HIMSp") else value.date()
    m = _ISO_ANY.search(text)
    if m and len(m.group(0)) > 10:
        got = _iso(m.group(0))
        if got is not None:
            return got
    text = _FOREIGN.sub(lambda m: _MONTHS[m.group(1).lower()], text)
    for pattern, dayfirst in _CANDIDATES:
        m = pattern.search(text)
        if m:
            got = _parse(m.group(0), None, dayfirst)
            if got is not None:
                return got
    if year is not None:
        m = _NO_YEAR.search(text)
        if m:
            return _parse(m.group(0), year, False)
    return None


# dateutil's month names (parserinfo.MONTHS), and its names of UTC.
_DATEUTIL_MONTHS = {
    name.lower(): n
    for n, names in enumerate(_dateparser.parserinfo.MONTHS, 1)
    for name in names
}
_UTC_NAMES = frozenset(_dateparser.parserinfo.UTCZONE)
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?([AaPp][Mm])?")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _month_day_year(text: str, year: int | None = None) -> Date | None:
    """What dateutil makes of the commonest shapes of a date with its month in words ("Jul 22
    2003 3:23 UTC", "12 October 2012 9:30 pm", "July 23 08:24PM" with a known year) or an
    ISO day with a clock time, without running it twice: None for anything else, or a doubt
    (then dateutil decides)."""
    parts = text.split()
    if not 1 <= len(parts) <= 6 or not text.isascii():
        return None
    iso = _ISO_DAY.fullmatch(parts[0])
    if iso:
        y, month, day = int(iso.group(1)), int(iso.group(2)), iso.group(3)
        rest = parts[1:]
    else:
        if len(parts) < 2:
            return None
        if parts[0].lower() in _DATEUTIL_MONTHS:
            month, day = _DATEUTIL_MONTHS[parts[0].lower()], parts[1]
        elif parts[1].lower() in _DATEUTIL_MONTHS:
            month, day = _DATEUTIL_MONTHS[parts[1].lower()], parts[0]
        else:
            return None
        rest = parts[2:]
        y = None
        if rest and len(rest[0]) == 4 and rest[0].isdigit():
            y, rest = int(rest[0]), rest[1:]
    if not (day.isdigit() and len(day) <= 2):
        return None
    clock = None
    zone = None
    if rest:
        clock = _CLOCK.fullmatch(rest[0])
        if clock is None:
            return None
        rest = rest[1:]
        half = (clock.group(4) or "").lower()
        if not half and rest and rest[0].lower() in ("am", "pm"):
            half, rest = rest[0].lower(), rest[1:]
        if rest and rest[0] in _UTC_NAMES:
            zone, rest = _tz.UTC, rest[1:]
        if rest:
            return None
    if y is None:
        if year is None:
            return None
        y = year
    try:
        if clock is None:
            return dt.date(y, month, int(day))
        hour, minute, second = int(clock.group(1)), int(clock.group(2)), int(clock.group(3) or 0)
        if half:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if half == "pm" else 0)
        return dt.datetime(y, month, int(day), hour, minute, second, tzinfo=zone)
    except ValueError:
        return None


def _iso(text: str) -> Date | None:
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.date() if len(text) == 10 else value


def _parse(text: str, year: int | None, dayfirst: bool) -> Date | None:
    """dateutil on a date-only snippet, parsed twice with different defaults: what changes
    with the default was not in the text (no time → a bare date; no year → ``year``)."""
    text = re.sub(r"(?<=\d)(st|nd|rd|th)\b|[@,]|\b(at|um|pukul|kl\.)\b|(?<=\d)h(?=\d)", " ", text, flags=re.I)
    text = re.sub(r"(?<=\d)\.(?=\s)", " ", text)  # "19." → "19"
    text = re.sub(r"(?<=\d)[.h](?=\d\d\b)", ":", text) if ":" not in text and "/" not in text and not re.search(r"\d\.\d+\.", text) else text
    quick = _month_day_year(text, year)
    if quick is not None:
        return quick
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown time-zone names: keep the naive time
            a = _dateparser.parse(text, default=dt.datetime(1904, 1, 1, 0, 0), dayfirst=dayfirst)
            b = _dateparser.parse(text, default=dt.datetime(1908, 2, 2, 1, 1), dayfirst=dayfirst)
    except (ValueError, OverflowError, TypeError):
        return None
    if a.month != b.month:
        return None
    if a.year != b.year:
        if year is None:
            return None
        try:
            a, b = a.replace(year=year), b.replace(year=year)
        except ValueError:
            return None
    if (a.hour, a.minute) != (b.hour, b.minute):
        return a.date()
    return a
