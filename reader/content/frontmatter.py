"""A dump's YAML front matter: what the tool that saved the page says about it.

The page's own heading and byline are surer than a saving tool's record; this module only
reads the record and says how far to trust it. A link aggregator's front matter (Hacker News
scrapers, hnrss, lobsters, reddit) describes the *submission*: its ``author`` is who shared the
link and its ``date`` the day it was shared or fetched, so the author is never used and the date
is at most an approximate one for sorting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from reader import safe_yaml
from reader.safe_read import cap
from reader.content.dates import parse_date
from reader.content.model import Date
from reader.content.normalize import one_line

_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(---|\.\.\.)[ \t]*(\n|\Z)", re.S)
# Values of site_name/source/feed (or tags) that name a link aggregator rather than the page's
# own site: the front matter then describes a submission.
AGGREGATORS = ("hackernews", "hnrss", "ycombinator", "hn", "lobsters", "reddit", "slashdot", "tildes")
_SOURCE_KEYS = ("site_name", "source", "feed", "saved_from", "via")


@dataclass
class FrontMatter:
    title: str = ""
    url: str = ""
    author: str = ""  # empty when the record is an aggregator's
    date: Date | None = None  # the article's date by the record; None for an aggregator
    saved_date: Date | None = None  # an aggregator's submission/fetch day: approximate only
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    site: str = ""
    series: str = ""
    aggregator: bool = False
    own: bool = False  # reader's own output (`reader clean`): already cleaned, taken as written


def split(text: str, warnings: list[str]) -> tuple[dict[str, Any], str]:
    """The front matter mapping (empty when absent or unreadable) and the text after it."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    try:
        # bounded aliases and depth; a front matter past the YAML cap is not parsed at all
        data = safe_yaml.safe_load(m.group("yaml")) if len(m.group("yaml")) <= cap("yaml") else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        warnings.append(f"front matter is not valid YAML{where}; kept as text")
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    return data, text[m.end():]


def _str(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return one_line(str(value))


def _tags(value: Any) -> list[str]:
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    if isinstance(value, list):
        return [_str(t) for t in value if _str(t)]
    return []


def _is_aggregator(data: dict[str, Any]) -> bool:
    names = [_str(data.get(k)) for k in _SOURCE_KEYS] + _tags(data.get("tags"))
    for name in names:
        key = re.sub(r"[^a-z]", "", name.casefold())
        if any(key == a or key.startswith(a) and a != "hn" for a in AGGREGATORS):
            return True
    return False


def interpret(data: dict[str, Any]) -> FrontMatter:
    own = data.get("format") in ("html", "markdown", "text")
    aggregator = not own and _is_aggregator(data)
    date = parse_date(data.get("date") or data.get("published") or data.get("pubDate"))
    if aggregator:
        fetched = parse_date(data.get("fetched_at")) if data.get("fetched_at") else None
        saved = date or fetched
        date = None
    else:
        saved = parse_date(data.get("approx_date")) if own and data.get("approx_date") else None
    tags = [] if aggregator else _tags(data.get("tags") or data.get("keywords"))
    summary = _str(data.get("summary") or data.get("description") or data.get("excerpt"))
    title = _str(data.get("title"))
    if aggregator and summary and _same(summary, title):
        summary = ""  # an aggregator repeats the title as its description
    return FrontMatter(
        title=title,
        url=_str(data.get("url") or data.get("link") or data.get("source_url")
                 or data.get("original_url") or data.get("canonical")),
        author="" if aggregator else _str(data.get("author") or data.get("byline")),
        date=date,
        saved_date=saved,
        tags=tags,
        summary=summary,
        site="" if aggregator else _str(data.get("site") or data.get("site_name")),
        series=_str(data.get("series")),
        aggregator=aggregator,
        own=own,
    )


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(re.sub(r"[^\w]+", " ", re.sub(r"[\[(]lwn\.net[\])]", "", s.casefold())).split())
    return norm(a) == norm(b)
