"""What every import format is parsed into, before anything is written.

A format module turns its file into a ``Batch`` of ``Item``s (one saved page each, with the
highlights made in it). Nothing under the library changes while a file is parsed: a file that
is not what its format says (a truncated ZIP, a CSV with another header, JSON of another
shape) raises ``BadImport`` with one line naming the problem, and the import stops there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.errors import ReaderError

# How an item's page gets into the library:
CARRIED = "carried"  # the export holds the article's HTML (wallabag, Omnivore): no network
FETCHED = "fetched"  # only an address (Pocket, Instapaper, bookmarks, URL lists): queued for fetching
MATCHED = "matched"  # highlights only (Readwise, Hypothesis): matched to articles already in the library


class BadImport(ReaderError):
    """The file is not a readable export of the format asked for; nothing was imported."""

    title = "cannot import"
    exit_code = 1


@dataclass
class Highlight:
    """A passage the user marked, as the service exported it."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    tags: list[str] = field(default_factory=list)
    created: str = ""  # ISO 8601 when the export says
    start: int | None = None  # a position in the article's text, when the export has one
    id: str = ""  # the service's id for it, kept as the bookmark's id when free (Hypothesis)


@dataclass
class Item:
    """One saved page of the export."""

    mode: str  # CARRIED | FETCHED | MATCHED
    url: str = ""
    title: str = ""
    author: str = ""
    tags: list[str] = field(default_factory=list)
    read: bool = False  # archived / read in the service → a read mark here
    saved_at: str = ""
    published: str = ""
    content: str = ""  # the article's HTML (CARRIED)
    highlights: list[Highlight] = field(default_factory=list)
    article: str = ""  # a library article id the export names itself (our own Hypothesis export)

    @property
    def name(self) -> str:
        """What the report calls it: the address, else the title."""
        return self.url or self.title or "(an entry with no address or title)"


@dataclass
class Batch:
    format: str
    items: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # entries of the file skipped, and why
