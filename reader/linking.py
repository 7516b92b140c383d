"""Which article of the library a link points to.

A link in an article names a page by its address; the library knows each article's address
(``Entry.url``, from the page it was saved from). Two addresses name the same page when they
agree once the scheme, a ``www.``, the fragment and a trailing slash are set aside; an LWN
article (``/Articles/N/``, relative or on lwn.net, with or without ``?format=printable``)
is named by its number alone. No Textual here: the reading pane asks, the core answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from reader.index.catalogue import Entry

_LWN_ARTICLE = re.compile(r"^/articles/(\d+)/?$", re.IGNORECASE)
LWN = "https://lwn.net/"


def url_key(url: str, base: str = "") -> str | None:
    """The address as compared (``lwn.net/articles/243795``), or None for one that names no
    web page (``mailto:``, an in-page ``#anchor``, a relative address with no base)."""
    url = (url or "").strip()
    if not url or url.startswith("#"):
        return None
    try:
        parts = urlsplit(url)
        if not parts.scheme and not parts.netloc:
            if _LWN_ARTICLE.match(parts.path) and not base:
                base = LWN  # LWN's own relative links, saved without their site
            if not base:
                return None
            parts = urlsplit(urljoin(base, url))
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https", ""):
        return None
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if not host:
        return None
    lwn = _LWN_ARTICLE.match(parts.path)
    if host == "lwn.net" and lwn:
        return f"lwn.net/articles/{lwn.group(1)}"
    path = parts.path.rstrip("/")
    return host + path + (f"?{parts.query}" if parts.query else "")


class UrlMap:
    """The library's articles by address (built once per listing of the library)."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._by_key: dict[str, str] = {}
        for entry in entries:
            key = url_key(entry.url)
            if key is not None:
                self._by_key.setdefault(key, entry.id)

    def __len__(self) -> int:
        return len(self._by_key)

    def article_for(self, url: str, base: str = "") -> str | None:
        """The id of the library's article at ``url`` (relative to ``base``), or None."""
        key = url_key(url, base)
        return self._by_key.get(key) if key is not None else None


def absolute(url: str, base: str = "") -> str:
    """``url`` made absolute against ``base`` (an LWN ``/Articles/N/`` against lwn.net), for the
    browser; as it is when it cannot be."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return url
        if not base and _LWN_ARTICLE.match(parts.path):
            base = LWN
        return urljoin(base, url) if base else url
    except ValueError:
        return url
