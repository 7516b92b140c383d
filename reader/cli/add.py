"""``reader add`` and ``reader refresh``: the command line of ``reader.adding``.

``register(subparsers, parents)`` adds both subcommands to the CLI's argparse subparsers;
``reader.cli.main`` dispatches ``add`` to ``run_add`` and ``refresh`` to ``run_refresh``.

Output: stdout has one line per page that was added or refreshed (``ID``, or ``ID: updated
(+2 comments, body changed)``; the source too when there are several), or JSON with
``--json``; stderr has one ``reader: error: …`` line per page that failed, and, on a terminal,
the progress of a batch. Exit 0 when every page went in, 1 when any failed, 2 on bad usage.
Everything printed that came from a page or an address is sanitised (``reader.safe_text``).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from reader.cli import output
from reader.cli.output import name, one_line
from reader.errors import ReaderError, UsageError
from reader.paths import Library


def register(subparsers: Any, parents: list[argparse.ArgumentParser]) -> None:
    """Add ``add`` and ``refresh`` to the CLI's subparsers (``parents``: ``--library``)."""
    p = subparsers.add_parser(
        "add", help="fetch URLs or copy saved pages into content/, then index them",
        epilog="A second add of one address refreshes that article. The raw bytes are kept as "
               "fetched under content/SITE/SLUG.EXT with an origin record beside them (.source.yaml).",
        parents=parents)
    p.add_argument("sources", nargs="*", metavar="URL|FILE|-", help="an http(s) address, a saved page, or - for stdin")
    p.add_argument("--from", dest="from_file", type=Path, metavar="FILE",
                   help="read more URLs or files from FILE, one a line (# comments), - for stdin")
    p.add_argument("--tag", action="append", default=[], metavar="TAG", help="a tag for the article (repeat for more)")
    p.add_argument("--id", dest="article_id", default="", metavar="ID",
                   help="the new article's id (a path under content/ without extension; one source only)")
    p.add_argument("--json", action="store_true", help="print what was added as JSON")
    _fetch_options(p)

    p = subparsers.add_parser(
        "refresh", help="fetch added pages again (conditional GET); report new comments",
        epilog="The replaced version is kept under content/.history/ID/. Bookmarks are re-anchored.",
        parents=parents)
    p.add_argument("ids", nargs="*", metavar="ID", help="articles to refresh (added from an address)")
    p.add_argument("--all", action="store_true", help="every article added from an address")
    p.add_argument("--since", type=_days, metavar="DAYS", help="only articles added in the last DAYS days")
    p.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    _fetch_options(p)


def _fetch_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                   help="give up on a server silent this long (default 30; $READER_FETCH_TIMEOUT)")
    p.add_argument("--max-size", type=_size, default=None, metavar="SIZE",
                   help="largest page accepted, e.g. 500k or 20M (default 20M; $READER_FETCH_MAX_MB)")


def _seconds(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not n > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return n


_days = _seconds


def _size(value: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)[bB]?\s*", value)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (e.g. 500k, 20M)")
    n = float(m[1]) * {"": 1, "k": 1e3, "m": 1e6, "g": 1e9}[m[2].lower()]
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1 byte")
    return int(n)


def _fetch(args: argparse.Namespace):
    from reader.adding import FetchOptions

    return FetchOptions.from_env(timeout=args.timeout, max_size=args.max_size)


def _sources(args: argparse.Namespace) -> list[str]:
    sources = list(args.sources)
    if args.from_file is not None:
        if str(args.from_file) == "-":
            text = output.read_stdin()
        else:
            from reader.safe_read import read_text

            text = read_text(args.from_file, "yaml") or ""
        sources += [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not sources:
        raise UsageError("nothing to add: give a URL, a file, - (stdin) or --from FILE")
    if sources.count("-") > 1 or ("-" in sources and str(args.from_file) == "-"):
        raise UsageError("stdin (-) can be read once")
    return sources


class _Progress:
    """``[3/10] https://…`` on stderr, rewritten in place, only on a terminal and for a batch."""

    def __init__(self, total: int) -> None:
        self.on = total > 1 and output.err_is_terminal()
        self.width = 0

    def __call__(self, done: int, total: int, source: str) -> None:
        if not self.on:
            return
        line = f"[{done}/{total}] {one_line(source)}"[:78]
        output.err_rewrite(line.ljust(self.width))
        self.width = len(line)

    def close(self) -> None:
        if self.on and self.width:
            output.err_rewrite(" " * self.width, end="\r")


def _report(outcomes: list, as_json: bool, many: bool) -> int:
    from reader.adding import summary

    failed = 0
    rows = []
    for o in outcomes:
        if not o.ok:
            failed += 1
            output.err(f"reader: error: {name(o.error)}")
            continue
        c = o.change
        if as_json:
            rows.append({**summary(c), "source": o.source} if many and o.source != c.id else summary(c))
            continue
        line = name(c.id) if c.status == "added" else f"{name(c.id)}: {c.describe()}"
        output.out(f"{line}  {name(o.source)}" if many and o.source != c.id else line)
        output.warnings(list(c.warnings))
    if as_json:
        output.json(rows if many else (rows[0] if rows else None))
    return failed


def _index(library) -> None:
    """Bring the index up to date once after the batch; a busy or unwritable index is a
    warning (the pages are saved: the next `reader index` or start of the app picks them up)."""
    from reader.cli.index import RichProgress
    from reader.library import refresh_index
    from reader.progress import Delayed

    err = output.err_console()
    # a bar on a terminal when the update takes more than a second (a first build, a batch)
    progress = Delayed(RichProgress(err)) if err.is_terminal else None
    try:
        done = refresh_index(library, progress=progress)
    except ReaderError as exc:
        output.warning(f"not indexed yet: {exc.message}")
        return
    output.warnings(done.messages)


def run_add(library: Library, args: argparse.Namespace) -> int:
    from reader.adding import AddOptions, add_sources

    sources = _sources(args)
    options = AddOptions(tags=[one_line(t) for t in args.tag if one_line(t)], article_id=args.article_id,
                         fetch=_fetch(args))
    progress = _Progress(len(sources))
    try:
        outcomes = add_sources(library, sources, options, progress=progress)
    finally:
        progress.close()
    if any(o.ok for o in outcomes):
        _index(library)
    failed = _report(outcomes, args.json, len(sources) > 1)
    return 1 if failed else 0


def run_refresh(library: Library, args: argparse.Namespace) -> int:
    from reader.adding import refresh_articles

    if args.ids and args.all:
        raise UsageError("give IDs or --all, not both")
    if not args.ids and not args.all and args.since is None:
        raise UsageError("nothing to refresh: give article IDs, --all or --since DAYS")
    ids = list(args.ids) if args.ids else None
    progress = _Progress(len(ids) if ids else 2)
    try:
        outcomes = refresh_articles(library, ids, _fetch(args), since_days=args.since, progress=progress)
    finally:
        progress.close()
    if any(o.ok and o.change.status == "updated" for o in outcomes):
        _index(library)
    if not outcomes and not args.json:
        output.err("nothing to refresh: no article was added from an address")
    failed = _report(outcomes, args.json, True)
    return 1 if failed else 0
