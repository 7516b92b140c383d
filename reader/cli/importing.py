"""``reader import FORMAT FILE``: other services' exports into the library (``reader.importing``).

Output: one line per item (status, article id, address or title, highlights and why), then a
summary line; ``--json`` prints the report as one object. Exit 0 when everything went in
(unmatched highlights are reported, not an error), 1 when a page could not be fetched or the
file is not a readable export of FORMAT (one line naming the problem; nothing imported),
2 on bad usage.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from reader.cli import output
from reader.cli.output import name
from reader.paths import Library

ROW_WIDTH = 12


def register(subparsers: Any, parents: list[argparse.ArgumentParser]) -> None:
    from reader.importing import FORMATS

    p = subparsers.add_parser(
        "import", help="import another service's export: pages, tags, read state, highlights",
        epilog="Formats: wallabag (JSON export), omnivore (export ZIP), hypothesis (API JSON), readwise (CSV "
               "export or import template), pocket (ZIP of part_*.csv, or ril_export.html), instapaper (CSV), "
               "bookmarks (a browser's bookmarks.html), urls (one address a line). Importing a file twice "
               "adds nothing; a bad file imports nothing.",
        parents=parents)
    p.add_argument("format", choices=FORMATS, metavar="FORMAT", help=" | ".join(FORMATS))
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--fetch", action=argparse.BooleanOptionalAction, default=True,
                   help="fetch the pages an export lists only by address (default: yes)")
    p.add_argument("--dry-run", action="store_true", help="say what would be imported; write nothing")
    p.add_argument("--json", action="store_true", help="print the report as JSON")


def _line(row) -> str:
    parts = [f"{row.status:<{ROW_WIDTH}}"]
    if row.article:
        parts.append(name(row.article))
    parts.append(output.shorten(row.name, 70))
    marks = row.bookmarks
    if marks:
        shown = ", ".join(f"{n} {k}" for k, n in marks.items() if n)
        parts.append(f"[highlights: {shown}]")
    if row.detail:
        parts.append(f"({output.text(row.detail)})")
    return "  ".join(parts)


def run_import(library: Library, args: argparse.Namespace) -> int:
    from reader.importing import ImportOptions, import_batch, parse

    batch = parse(args.format, args.file)
    fetch_options = None
    if args.fetch and not args.dry_run:
        from reader.adding import FetchOptions

        fetch_options = FetchOptions.from_env()
    options = ImportOptions(fetch=args.fetch, dry_run=args.dry_run, fetch_options=fetch_options)
    from reader.cli.add import _Progress

    progress = _Progress(len(batch.items))  # [3/10] on stderr, on a terminal only
    try:
        report = import_batch(library, batch, options, file=str(args.file), progress=progress)
    finally:
        progress.close()
    if not args.dry_run and any(r.article for r in report.rows):
        from reader.cli.add import _index

        _index(library)
    if args.json:
        output.json(report.to_dict())
    else:
        for row in report.rows:
            output.out(_line(row))
        output.out(output.text(report.summary()))
    output.warnings(report.warnings)
    return 1 if report.failed else 0
