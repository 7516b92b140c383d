"""reader.importing: other services' exports into the library, highlights as bookmarks. No Textual.

    batch = parse("wallabag", Path("export.json"))   # BadImport on a bad file: nothing written
    report = import_batch(library, batch, ImportOptions(fetch=True, dry_run=False))
    refresh_index(library)                           # reader.library, once after

One module per format (``wallabag``, ``omnivore``, ``hypothesis``, ``readwise``, ``pocket``,
``instapaper``, ``browser``: Netscape bookmarks and URL lists), each parsing its file into the
common ``model`` (``Batch`` of ``Item``s with ``Highlight``s); ``placing`` finds a highlight in
an article's text; ``lookup`` finds the library's article of an item; ``apply`` writes pages,
read marks and bookmarks; ``report`` says what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.importing import browser, hypothesis, instapaper, omnivore, pocket, readwise, wallabag
from reader.importing.apply import ImportOptions, import_batch, page_html
from reader.importing.model import BadImport, Batch, Highlight, Item
from reader.importing.report import Report, Row

PARSERS: dict[str, Callable[[Path], Batch]] = {
    "wallabag": wallabag.parse,
    "omnivore": omnivore.parse,
    "hypothesis": hypothesis.parse,
    "readwise": readwise.parse,
    "pocket": pocket.parse,
    "instapaper": instapaper.parse,
    "bookmarks": browser.parse_bookmarks,
    "urls": browser.parse_urls,
}
FORMATS = tuple(PARSERS)


def parse(fmt: str, path: Path) -> Batch:
    """The file parsed as ``fmt`` (one of ``FORMATS``); ``BadImport`` when it is not one."""
    return PARSERS[fmt](Path(path))


__all__ = ["BadImport", "Batch", "FORMATS", "Highlight", "ImportOptions", "Item", "Report", "Row",
           "import_batch", "page_html", "parse"]
