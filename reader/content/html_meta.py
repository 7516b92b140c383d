"""Page metadata from the markup every publisher shares: <meta>, OpenGraph, JSON-LD, <link>.

Site rules may override each field; what is here is the fallback for every page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from reader.content import html_css
from reader.content.dates import parse_date
from reader.content.model import Date

__all__ = ["Meta", "inner_url", "page_metadata", "site_from_url"]

@dataclass
class Meta:
    title: str = ""  # as the page declares it (og:title, JSON-LD headline)
    doc_title: str = ""  # <title>: often "Post | Blog name"
    author: str = ""
    date: Date | None = None
    site: str = ""
    url: str = ""
    base: str = ""  # what relative links resolve against
    urls: tuple[str, ...] = ()  # every address the page declares for itself (canonical, og:url)
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    generators: tuple[str, ...] = ()


class _Tags:
    """The page's <meta>, <link>, <base> and <title>, gathered in one pass over the tree."""

    def __init__(self, soup: BeautifulSoup) -> None:
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, str] = {}
        self.base = ""
        self.title = ""
        for el in html_css.select(soup, "meta, link, base, title"):
            if el.name == "meta":
                key = str(el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
                content = " ".join(str(el.get("content") or "").split())
                if key and content:
                    self.meta.setdefault(key, []).append(content)
            elif el.name == "link":
                rels = el.get("rel") or []
                for rel in rels if isinstance(rels, list) else [rels]:
                    self.links.setdefault(str(rel).lower(), str(el.get("href") or ""))
            elif el.name == "base" and not self.base:
                self.base = str(el.get("href") or "")
            elif el.name == "title" and not self.title and el.find_parent("svg") is None:
                self.title = " ".join(el.get_text(" ").split())

    def first(self, *names: str) -> str:
        for name in names:
            values = self.meta.get(name.lower())
            if values:
                return values[0]
        return ""

    def all(self, name: str) -> list[str]:
        return list(self.meta.get(name, []))


_LD = re.compile(r"ld\+json", re.I)


def _json_ld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, @graph members flattened."""
    found: list[dict[str, Any]] = []
    for script in html_css.select(soup, "script[type]"):
        if not _LD.search(" ".join(script["type"]) if isinstance(script["type"], list) else str(script["type"])):
            continue
        try:
            data = json.loads(script.string or "")
        except (ValueError, TypeError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                found.append(item)
                stack.extend(x for x in item.get("@graph") or [] if isinstance(x, dict))
            elif isinstance(item, list):
                stack.extend(item)
    return found


def _ld_name(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return str(value.get("name") or "")
    if isinstance(value, list):
        return ", ".join(n for n in (_ld_name(v) for v in value) if n)
    return ""


def _article_ld(objects: list[dict[str, Any]]) -> dict[str, Any]:
    for obj in objects:
        kind = obj.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and (k.endswith("Article") or k in ("BlogPosting", "Report", "WebPage", "DiscussionForumPosting")) for k in kinds):
            if obj.get("headline") or obj.get("datePublished") or obj.get("author"):
                return obj
    return {}


_ARCHIVE = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(.+)$")


def inner_url(url: str) -> str:
    """The original address of an archived copy (web.archive.org), else ``url``."""
    m = _ARCHIVE.match(url)
    return m.group(1) if m else url


def page_metadata(soup: BeautifulSoup, raw: str = "") -> Meta:
    """The metadata the page declares; ``raw`` (its source) lets absent JSON-LD be skipped."""
    meta = Meta()
    tags = _Tags(soup)
    url = tags.links.get("canonical", "")
    og_url = tags.first("og:url")
    if not url.startswith("http") and og_url.startswith("http"):
        url = og_url
    meta.url = url if url.startswith("http") else ""
    meta.urls = tuple(u for u in dict.fromkeys((tags.links.get("canonical", ""), og_url)) if u.startswith("http"))
    meta.base = urljoin(meta.url, tags.base) if tags.base else meta.url

    ld = _article_ld(_json_ld(soup)) if not raw or _LD.search(raw) else {}
    meta.generators = tuple(tags.all("generator"))
    meta.title = tags.first("og:title", "twitter:title") or _ld_name(ld.get("headline"))
    meta.doc_title = tags.title
    author = tags.first("author", "article:author", "dc.creator", "sailthru.author") or _ld_name(ld.get("author"))
    meta.author = "" if author.startswith("http") else author
    for text in (
        tags.first("article:published_time", "datePublished", "dc.date", "dc.date.issued", "date", "pubdate", "sailthru.date"),
        str(ld.get("datePublished") or ""),
        tags.first("article:modified_time", "og:updated_time"),
    ):
        meta.date = parse_date(text)
        if meta.date:
            break
    meta.site = tags.first("og:site_name", "application-name") or _ld_name((ld.get("publisher") or {}) if isinstance(ld.get("publisher"), dict) else "")
    meta.summary = tags.first("description", "og:description", "twitter:description")
    labels = tags.all("article:tag")
    keywords = ld.get("keywords")
    if not labels and isinstance(keywords, list):
        labels = [str(k) for k in keywords]
    elif not labels and isinstance(keywords, str):
        labels = [k.strip() for k in keywords.split(",")]
    meta.tags = [t for t in labels if t]
    return meta


def site_from_url(url: str) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    return host[4:] if host.startswith("www.") else host
