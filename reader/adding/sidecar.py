"""Origin records: where a page under content/ came from, beside it as ``NAME.source.yaml``.

Beside the page rather than in one library file: an add or a refresh rewrites one small file
(atomically), never a list of every article; moving or deleting a page by hand shows its
record next to it; and the cleaner finds the address without knowing the library
(``reader.content.origin``). The suffix is no page suffix, so the index never lists it.

Fields (all optional but ``url`` for a fetched page): ``url`` as asked, ``final_url`` after
redirects, ``status``, ``etag``, ``last_modified``, ``content_type``, ``charset``,
``added_at``, ``fetched_at`` (the bytes on disk), ``checked_at`` (the last conditional GET),
``file`` (a page added from a file), ``tags`` (``--tag``). Keys this module does not know are
kept.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import yaml

from reader.atomic import atomic_write_text
from reader.content.origin import SUFFIX, origin_path, read_origin

__all__ = ["SUFFIX", "now_iso", "origin_path", "read_origin", "write_origin", "records", "find_by_url",
           "same_url"]


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def write_origin(page: Path, record: dict[str, Any]) -> None:
    """Write the record of ``page`` atomically (empty values left out)."""
    data = {k: v for k, v in record.items() if v not in (None, "", [], {})}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    atomic_write_text(origin_path(page), "# where this page came from (reader add)\n" + text)


def same_url(a: str, b: str) -> bool:
    """One address written two ways: the fragment and a trailing slash on the path ignored."""
    def norm(u: str) -> str:
        u = urldefrag(u.strip())[0]
        return u[:-1] if u.endswith("/") else u

    return bool(a) and bool(b) and norm(a) == norm(b)


def records(content: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """(page, record) for every origin record under content/ (dot folders skipped: history)."""
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(SUFFIX) and not name.startswith("."):
                page = Path(dirpath) / name[: -len(SUFFIX)]
                record = read_origin(page)
                if record is not None:
                    yield page, record


def find_by_url(content: Path, *urls: str) -> Path | None:
    """The page fetched from one of ``urls`` (as asked or after redirects), if any."""
    wanted = [u for u in urls if u]
    for page, record in records(content):
        for key in ("url", "final_url"):
            value = record.get(key)
            if isinstance(value, str) and any(same_url(value, u) for u in wanted):
                return page
    return None
