"""What an import did, item by item, for the CLI to print (or ``--json``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

# Row statuses, in the order the summary names them.
IMPORTED = "imported"  # a page the export carried, saved under content/
FETCHED = "fetched"  # a page fetched from its address (``reader add``)
ALREADY = "already there"  # the library had it: only missing highlights and read marks added
MATCHED = "matched"  # highlights of an article the library had (Readwise, Hypothesis)
UNMATCHED = "unmatched"  # highlights of a page the library does not have: not imported
SKIPPED = "skipped"  # an address not fetched (--no-fetch, --dry-run)
FAILED = "failed"  # a fetch that failed; the reason says why
STATUSES = (IMPORTED, FETCHED, ALREADY, MATCHED, UNMATCHED, SKIPPED, FAILED)


@dataclass
class Row:
    status: str
    name: str  # the item's address or title
    article: str = ""  # the library's article id, when there is one
    detail: str = ""  # a reason (failed, skipped, unmatched)
    bookmarks: Counter = field(default_factory=Counter)  # exact / fuzzy / orphaned / already / unmatched

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "name": self.name}
        if self.article:
            out["article"] = self.article
        if self.detail:
            out["detail"] = self.detail
        if self.bookmarks:
            out["bookmarks"] = dict(self.bookmarks)
        return out


@dataclass
class Report:
    format: str
    file: str
    dry_run: bool = False
    rows: list[Row] = field(default_factory=list)
    read_marked: int = 0
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> Counter:
        return Counter(r.status for r in self.rows)

    def bookmarks(self) -> Counter:
        total: Counter = Counter()
        for r in self.rows:
            total.update(r.bookmarks)
        return total

    @property
    def failed(self) -> int:
        return self.counts()[FAILED]

    def summary(self) -> str:
        """One line: ``wallabag: 2 imported, 1 already there; bookmarks: 3 new (2 exact, 1
        fuzzy), 1 already there; 1 marked read``."""
        counts, marks = self.counts(), self.bookmarks()
        parts = [f"{counts[s]} {s}" for s in STATUSES if counts[s]] or ["nothing in the file"]
        new = sum(marks[s] for s in ("exact", "fuzzy", "orphaned"))
        line = f"{self.format}: {', '.join(parts)}"
        detail = ", ".join(f"{marks[s]} {s}" for s in ("exact", "fuzzy", "orphaned") if marks[s])
        line += f"; bookmarks: {new} new" + (f" ({detail})" if detail else "")
        if marks["already"]:
            line += f", {marks['already']} already there"
        if marks["unmatched"]:
            line += f", {marks['unmatched']} unmatched"
        if marks["pending"]:
            line += f", {marks['pending']} waiting for their page"
        if self.read_marked:
            line += f"; {self.read_marked} marked read"
        if self.dry_run:
            line += " (dry run: nothing written)"
        return line

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "file": self.file,
            "dry_run": self.dry_run,
            "counts": dict(self.counts()),
            "bookmarks": dict(self.bookmarks()),
            "read_marked": self.read_marked,
            "items": [r.to_dict() for r in self.rows],
            "warnings": list(self.warnings),
        }
