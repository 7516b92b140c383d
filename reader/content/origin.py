"""Where a page came from: the origin record ``reader add`` writes beside it.

``content/lwn/x.html`` fetched from a URL has ``content/lwn/x.html.source.yaml`` (its suffix
is no page suffix, so the index never lists it). The cleaner reads two things of it: a page
that names no address of its own (no canonical link, no front matter ``url``) gets the one it
was fetched from, so the reading pane's ``o`` and the search results can open it, and its
relative links are made absolute against that address; and the
tags given to ``reader add --tag`` join the page's own. Everything else in the record (final
URL, ETag, Last-Modified, dates) is ``reader.adding``'s.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from reader import safe_yaml
from reader.errors import ReaderError
from reader.safe_read import read_text

SUFFIX = ".source.yaml"


def origin_path(page: str | os.PathLike[str]) -> Path:
    """The origin record of a raw page: beside it, its name plus ``.source.yaml``."""
    p = Path(page)
    return p.with_name(p.name + SUFFIX)


def read_origin(page: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The page's origin record as a mapping; None when there is none or it cannot be used
    (it is the library's data: a FIFO, a huge file or bad YAML is ignored, never fatal)."""
    path = origin_path(page)
    try:
        text = read_text(path, "yaml", missing_ok=True)
        data = safe_yaml.safe_load(text) if text else None
    except (ReaderError, yaml.YAMLError, OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def apply_origin(article: Any, page: str | os.PathLike[str]) -> None:
    """Give a cleaned article what its origin record adds: the address when it has none, the
    user's tags. A page without a record (nearly all) costs one failed open."""
    data = read_origin(page)
    if not data:
        return
    if not article.url:
        article.url = record_url(data)
        if article.url:  # the page named no address: its relative links resolve against this one
            from reader.content.normalize import absolute_links

            article.body = absolute_links(article.body, article.url)
            for comment in article.comments:
                comment.body = absolute_links(comment.body, article.url)
    tags = data.get("tags")
    if isinstance(tags, list):
        extra = [" ".join(str(t).split()) for t in tags if isinstance(t, (str, int)) and str(t).isprintable()]
        article.tags = list(dict.fromkeys([*article.tags, *(t for t in extra if t)]))


def origin_url(page: str | os.PathLike[str]) -> str:
    """The address the page was last fetched from (after redirects), or ''."""
    return record_url(read_origin(page) or {})


def record_url(data: dict[str, Any]) -> str:
    for key in ("final_url", "url"):
        value = data.get(key)
        if isinstance(value, str) and value.startswith(("http://", "https://")) and value.isprintable():
            return value.strip()
    return ""
