"""``reader``'s arguments and which command runs.

Exit codes: 0 ok; 1 nothing found, or a file that cannot be read (one-line message);
2 bad usage or a bad query.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reader import __version__
from reader.cli import output
from reader.errors import ReaderError
from reader.paths import Library, resolve_library


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read, search and annotate a library of saved web articles.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument("--library", metavar="DIR", help="the library folder (default: see `reader where`)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("clean", help="clean one raw page and print the article")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print the JSON contract instead of Markdown")

    sub.add_parser("where", help="print the paths of the library in use")

    p = sub.add_parser("index", help="bring the search index up to date (only what changed)")
    p.add_argument("--rebuild", action="store_true", help="rebuild the index from content/")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help=argparse.SUPPRESS)

    p = sub.add_parser("search", help="search the library (updates the index first)",
                       epilog="`--` ends the options: `reader search -- -h` searches for -h.")
    p.add_argument("query", nargs="+", help="words, \"phrases\", AND/OR/NOT, wor*, wrod~, "
                   "title: author: by: site: tag: date:2003..2007 in:comments")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--limit", type=_positive, default=20, metavar="N", help="articles to show (default 20)")
    p.add_argument("--scope", choices=("all", "articles", "comments", "bookmarks"), default="all")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")

    p = sub.add_parser("bookmarks", help="list, export, add and check passage bookmarks")
    bsub = p.add_subparsers(dest="bookmarks_command", metavar="ACTION")
    b = bsub.add_parser("list", help="every bookmark (orphaned ones too) with its quote and note")
    b.add_argument("--json", action="store_true", help="print the entries as JSON")
    b = bsub.add_parser("export", help="Markdown grouped by article, or W3C Web Annotation JSON")
    b.add_argument("--format", choices=("md", "json"), default="md")
    b.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: stdout)")
    b = bsub.add_parser("add", help="bookmark the passage QUOTE of article ID")
    b.add_argument("article", metavar="ID", help="the article id (see `reader`)")
    b.add_argument("--quote", required=True, metavar="TEXT", help="the passage, as it reads in the article")
    b.add_argument("--note", default="", metavar="TEXT")
    b.add_argument("--tag", action="append", default=[], metavar="TAG", help="a tag (repeat for more)")
    bsub.add_parser("check", help="re-anchor every bookmark in its article as cleaned now; print the drift")
    return parser


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except ReaderError as exc:
        output.error(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `reader clean x | head`
        return 0


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "clean":
        from reader.cli.clean import run_clean

        return run_clean(resolve_library(args.library), args.file, as_json=args.json)
    if args.command == "where":
        from reader.cli.where import run_where

        return run_where(resolve_library(args.library), lambda: library_of(args))
    if args.command == "index":
        from reader.cli.index import run_index

        return run_index(library_of(args), rebuild=args.rebuild, jobs=args.jobs)
    if args.command == "search":
        from reader.cli.search import run_search

        return run_search(library_of(args), " ".join(args.query), as_json=args.json,
                          limit=args.limit, scope=args.scope, sort=args.sort)
    if args.command == "bookmarks":
        return _bookmarks(args)
    from reader.cli.listing import run_default

    return run_default(library_of(args))


def _bookmarks(args: argparse.Namespace) -> int:
    from reader.cli import bookmarks

    library = library_of(args)
    action = args.bookmarks_command or "list"
    if action == "export":
        return bookmarks.run_export(library, fmt=args.format, to=args.output)
    if action == "add":
        return bookmarks.run_add(library, args.article, args.quote, note=args.note, tags=args.tag)
    if action == "check":
        return bookmarks.run_check(library)
    return bookmarks.run_list(library, as_json=getattr(args, "json", False))


def library_of(args: argparse.Namespace) -> Library:
    """The library in use, with what the core needs from its reader.yaml (whether links may
    lead out of content/)."""
    from reader.settings import library_with_settings

    return library_with_settings(resolve_library(args.library))
