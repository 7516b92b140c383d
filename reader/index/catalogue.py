"""The catalogue: a compact list of every indexed article, written at index time.

``LIBRARY/index/catalogue.json`` holds one row per article (id, title, site, date, author,
comment count, tags, path under content/), so a list of 100k articles loads in one JSON parse
instead of iterating Whoosh's stored fields. It is written atomically after the commit it
describes, like the manifest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from reader.index.files import atomic_write_json, read_json

CATALOGUE_VERSION = 1
FIELDS = ("id", "title", "site", "date", "author", "comments", "tags", "path")


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    site: str
    date: str | None  # ISO 8601, as the cleaner gave it
    author: str = ""
    comments: int = 0
    tags: tuple[str, ...] = field(default=())
    path: str = ""  # under content/

    @classmethod
    def of(cls, article, path: str = "") -> "Entry":
        """The entry of a cleaned Article (for a library not indexed yet)."""
        row = make_row(article)
        row[-1] = path
        return cls(*row[:6], tuple(row[6]), row[7])

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "site": self.site,
            "date": self.date,
            "author": self.author,
            "comments": self.comments,
            "tags": list(self.tags),
            "path": self.path,
        }


def make_row(article) -> list[Any]:
    """The catalogue row of an Article (``path`` is filled in by the builder)."""
    from reader.content.model import iso

    return [
        article.id,
        article.title,
        article.site,
        iso(article.date),
        article.author,
        len(article.comments),
        list(article.tags),
        "",
    ]


def catalogue_path(index_dir: Path) -> Path:
    return Path(index_dir) / "catalogue.json"


def load_rows(index_dir: Path) -> dict[str, list[Any]]:
    """id → row; empty when the catalogue is missing, unreadable or of another version."""
    data = read_json(catalogue_path(index_dir))
    if not isinstance(data, dict) or data.get("version") != CATALOGUE_VERSION:
        return {}
    rows = data.get("articles")
    if not isinstance(rows, list):
        return {}
    return {row[0]: row for row in rows if isinstance(row, list) and len(row) == len(FIELDS)}


def save_rows(index_dir: Path, rows: dict[str, list[Any]]) -> None:
    atomic_write_json(
        catalogue_path(index_dir),
        {"version": CATALOGUE_VERSION, "fields": list(FIELDS), "articles": [rows[k] for k in sorted(rows)]},
    )


def load_catalogue(index_dir: Path) -> list[Entry]:
    """Every indexed article, sorted by id."""
    return list(iter_entries(load_rows(index_dir).values()))


def iter_entries(rows) -> Iterator[Entry]:
    for r in rows:
        yield Entry(r[0], r[1], r[2], r[3], r[4], int(r[5]), tuple(r[6]), r[7])
