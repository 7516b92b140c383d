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

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from reader.importing.model import BadImport, Batch, Highlight, Item
from reader.lazy import lazy_getattr

# format -> (module, function); modules load on first use, so that building the CLI's argument
# parser (which lists FORMATS) does not import the cleaner and the index for every command
_PARSERS: dict[str, tuple[str, str]] = {
    "wallabag": ("wallabag", "parse"),
    "omnivore": ("omnivore", "parse"),
    "hypothesis": ("hypothesis", "parse"),
    "readwise": ("readwise", "parse"),
    "pocket": ("pocket", "parse"),
    "instapaper": ("instapaper", "parse"),
    "bookmarks": ("browser", "parse_bookmarks"),
    "urls": ("browser", "parse_urls"),
}
FORMATS = tuple(_PARSERS)

_LAZY = {"ImportOptions": "apply", "import_batch": "apply", "page_html": "apply",
         "Report": "report", "Row": "report"}

if TYPE_CHECKING:
    from reader.importing.apply import ImportOptions, import_batch, page_html
    from reader.importing.report import Report, Row


__getattr__ = lazy_getattr(__name__, _LAZY, globals())


def parse(fmt: str, path: Path) -> Batch:
    """The file parsed as ``fmt`` (one of ``FORMATS``); ``BadImport`` when it is not one."""
    module, function = _PARSERS[fmt]
    return getattr(importlib.import_module(f"reader.importing.{module}"), function)(Path(path))


__all__ = ["BadImport", "Batch", "FORMATS", "Highlight", "ImportOptions", "Item", "Report", "Row",
           "import_batch", "page_html", "parse"]
