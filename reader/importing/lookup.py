"""Which article of the library an imported item is: by id, by address, by title.

Addresses come first from the origin records ``reader add`` and imports write (cheap: one
small YAML per added page), then, only when an item is not found that way, from every
article cleaned once (the seeds and hand-copied pages name their address in the page).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

from reader.adding import sidecar
from reader.errors import ReaderError
from reader.paths import Library, iter_content_files


def norm_url(url: str) -> str:
    """One address written two ways: http or https, ``www.``, host case, the fragment and a trailing slash ignored."""
    u = urldefrag(url.strip())[0]
    if "://" in u:
        scheme, rest = u.split("://", 1)
        host, _, path = rest.partition("/")
        host = host.lower().removeprefix("www.")
        scheme = "https" if scheme.lower() in ("http", "https") else scheme.lower()
        u = f"{scheme}://{host}/{path}"
    return u.rstrip("/")


def norm_title(title: str) -> str:
    return " ".join(title.casefold().split())


class Lookup:
    def __init__(self, library: Library, rules: Any) -> None:
        self.library = library
        self.rules = rules
        self.urls: dict[str, str] = {}
        for page, record in sidecar.records(library.content) if library.content.is_dir() else ():
            for key in ("url", "final_url"):
                if isinstance(record.get(key), str) and record[key]:
                    self.urls.setdefault(norm_url(record[key]), library.article_id(page))
        self.titles: dict[str, str] = {}
        self._scanned = False

    def remember(self, url: str, article_id: str) -> None:
        if url:
            self.urls.setdefault(norm_url(url), article_id)

    def has(self, article_id: str) -> bool:
        from reader.library import article_path

        try:
            article_path(self.library, article_id)
            return True
        except ReaderError:
            return False

    def by_url(self, url: str, *, scan: bool = False) -> str | None:
        if not url:
            return None
        found = self.urls.get(norm_url(url))
        if found is None and scan:
            self._scan()
            found = self.urls.get(norm_url(url))
        return found

    def by_title(self, title: str) -> str | None:
        if not norm_title(title):
            return None
        self._scan()
        return self.titles.get(norm_title(title))

    def _scan(self) -> None:
        """Every article cleaned once: the addresses and titles the pages declare."""
        if self._scanned:
            return
        self._scanned = True
        from reader.content import clean_file

        if not self.library.content.is_dir():
            return
        for path in iter_content_files(self.library.content, follow_links=self.library.follow_links):
            try:
                article_id = self.library.article_id(path)
                article = clean_file(Path(path), article_id=article_id, rules=self.rules)
            except (ReaderError, ValueError):
                continue
            if article.url:
                self.urls.setdefault(norm_url(article.url), article_id)
            if article.title:
                self.titles.setdefault(norm_title(article.title), article_id)
