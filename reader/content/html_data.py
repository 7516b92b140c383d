"""Authors and dates from a page's structured data, when its markup does not show them.

Script-rendered sites (reddit's 2018–2022 design) print "6 years ago" and hide who wrote a
comment behind a hover card, while the page's JSON state names every author and gives every
date. A rule's ``data:`` section (in its ``html:`` section) says where that JSON is and which
keys hold what; the objects are found by the ids the rule already reads (a comment's ``id``
spec, the article's ``article`` spec), so nothing site-specific lives here:

- ``script``: css of the <script> elements holding the JSON (default: every <script>); the
  JSON starts at the first ``{`` or ``[`` (``window.___r = {…};`` works as it is);
- ``id``: the key of an object's id (default ``id``);
- ``author``, ``date``: keys (``a.b`` for a nested one; a list: the first present) of an
  object's author and date; a date is ISO text or a number of seconds (or milliseconds)
  since 1970;
- ``article``: the article's own id, read from the page address: ``{re: '/comments/(\\w+)/',
  template: "t3_{}"}``.

What the markup shows always wins; the data only fills what it left empty.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup

from reader.content import html_css
from reader.content.dates import parse_date
from reader.content.html_select import as_list
from reader.content.model import Article, Comment, Date

MAX_SCRIPT_CHARS = 5_000_000  # a state blob bigger than this is not worth the parse


@dataclass
class Records:
    """The page's JSON objects that have an id, by id."""

    by_id: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # in document order
    author_keys: list[str] = field(default_factory=list)
    date_keys: list[str] = field(default_factory=list)

    def author(self, key: str) -> str:
        value = self._value(key, self.author_keys)
        if isinstance(value, dict):
            value = value.get("name")
        return " ".join(value.split()) if isinstance(value, str) else ""

    def date(self, key: str) -> Date | None:
        return _as_date(self._value(key, self.date_keys))

    def _value(self, key: str, keys: list[str]) -> Any:
        """The first of ``keys`` that an object with id ``key`` has (one id may name several
        objects: a list entry and the full model)."""
        for obj in self.by_id.get(key, ()):
            value = _first(obj, keys)
            if value is not None:
                return value
        return None


def read_records(soup: BeautifulSoup, spec: Any) -> Records | None:
    """The records a rule's ``data:`` section points at (None when it has none)."""
    if not isinstance(spec, dict):
        return None
    records = Records(author_keys=[str(k) for k in as_list(spec.get("author"))],
                      date_keys=[str(k) for k in as_list(spec.get("date"))])
    id_key = str(spec.get("id") or "id")
    css = str(spec.get("script") or "script")
    try:
        scripts = html_css.select(soup, css)
    except Exception:  # a bad selector in a user rule: no data, not a failed page
        return records
    for script in scripts:
        text = script.string or ""
        if not text or len(text) > MAX_SCRIPT_CHARS:
            continue
        start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
        if start < 0:
            continue
        try:
            data, _ = json.JSONDecoder().raw_decode(text, start)
        except ValueError:
            continue
        _collect(data, id_key, records.by_id)
    return records


def _collect(data: Any, id_key: str, into: dict[str, list[dict[str, Any]]]) -> None:
    """Every object with a text id, in document order, walking without recursion (the JSON
    may be deep)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ident = item.get(id_key)
            if isinstance(ident, str) and ident:
                into.setdefault(ident, []).append(item)
            stack.extend(reversed([v for v in item.values() if isinstance(v, (dict, list))]))
        elif isinstance(item, list):
            stack.extend(reversed([v for v in item if isinstance(v, (dict, list))]))


def _first(obj: dict[str, Any], keys: list[str]) -> Any:
    for key in keys:
        value: Any = obj
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value not in (None, ""):
            return value
    return None


def _as_date(value: Any) -> Date | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and value > 0:
        seconds = value / 1000 if value > 1e11 else value  # milliseconds past 1973
        try:
            return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        return parse_date(value)
    return None


def article_key(spec: Any, url: str) -> str:
    """The article's id in the data, from the page address (``article: {re, template}``)."""
    if not isinstance(spec, dict) or not isinstance(spec.get("article"), dict) or not url:
        return ""
    one = spec["article"]
    try:
        m = re.search(str(one.get("re") or ""), url)
    except re.error:
        return ""
    if not m:
        return ""
    raw = m.group(1) if m.groups() else m.group(0)
    template = str(one.get("template") or "{}")
    return template.replace("{}", raw)


def fill_from_data(article: Article, records: Records | None, key: str) -> None:
    """The article's and its comments' missing authors and dates, from ``records``."""
    if records is None or not records.by_id:
        return
    if key:
        article.author = article.author or records.author(key)
        article.date = article.date or records.date(key)
    for c in article.comments:
        _fill_comment(c, records)


def _fill_comment(c: Comment, records: Records) -> None:
    if not c.author:
        c.author = records.author(c.id)
    if c.date is None:
        c.date = records.date(c.id)
