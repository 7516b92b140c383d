"""Where a page came from: the origin record ``reader add`` writes beside it.

``content/lwn/x.html`` fetched from a URL has ``content/lwn/x.html.source.yaml`` (its suffix
is no page suffix, so the index never lists it). The cleaner reads only its address: a page
that names no address of its own (no canonical link, no front matter ``url``) gets the one it
was fetched from, so the reading pane's ``o`` and the search results can open it. Everything
else in the record (final URL, ETag, Last-Modified, dates) is ``reader.adding``'s.
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


def origin_url(page: str | os.PathLike[str]) -> str:
    """The address the page was last fetched from (after redirects), or ''."""
    data = read_origin(page)
    if not data:
        return ""
    for key in ("final_url", "url"):
        value = data.get(key)
        if isinstance(value, str) and value.startswith(("http://", "https://")) and value.isprintable():
            return value.strip()
    return ""
