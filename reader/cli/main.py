"""``reader``'s arguments and which command runs.

Exit codes: 0 ok; 1 nothing found, or a file that cannot be read (one-line message);
2 bad usage or a bad query. An error is one line on stderr; with ``--json`` it is also a JSON
object on stdout, ``{"error": {"title": …, "message": …}}``, so a script reading stdout sees
it. ``--library DIR`` may stand before the command or after it (``reader search x --library
DIR``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader import __version__
from reader.cli import output
from reader.errors import ReaderError
from reader.index.results import PER_ARTICLE
from reader.paths import Library, resolve_library


class BadUsage(Exception):
    """What argparse would print and exit 2 for: raised instead, so ``main`` can say it as
    JSON too when ``--json`` was asked for."""

    def __init__(self, usage: str, message: str) -> None:
        super().__init__(message)
        self.usage = usage
        self.message = message


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints and exits; main decides instead
        raise BadUsage(self.format_usage(), message)


LIBRARY_HELP = "the library folder (default: see `reader where`)"


def _library_option() -> argparse.ArgumentParser:
    """``--library`` for every command too, so it may follow the command. SUPPRESS: a command
    that was not given it leaves the value read before the command (or None)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--library", metavar="DIR", default=argparse.SUPPRESS, help=LIBRARY_HELP)
    return common


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reader",
        description="Read, search and annotate a library of saved web articles.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument("--library", metavar="DIR", help=LIBRARY_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = [_library_option()]

    p = sub.add_parser("clean", help="clean one raw page and print the article", parents=common)
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print the JSON contract instead of Markdown")

    sub.add_parser("where", help="print the paths of the library in use", parents=common)

    p = sub.add_parser("index", help="bring the search index up to date (only what changed)", parents=common)
    p.add_argument("--rebuild", action="store_true", help="rebuild the index from content/")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help=argparse.SUPPRESS)

    p = sub.add_parser("search", help="search the library (updates the index first)",
                       epilog="`--` ends the options: `reader search -- -h` searches for -h.", parents=common)
    p.add_argument("query", nargs="+", help="words, \"phrases\", AND/OR/NOT, wor*, wrod~, "
                   "title: author: by: site: tag: date:2003..2007 in:comments")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--limit", type=_positive, default=20, metavar="N", help="articles to show (default 20)")
    per = p.add_mutually_exclusive_group()
    per.add_argument("--per-article", type=_positive, default=PER_ARTICLE, metavar="N",
                     help=f"hits to show per article (default {PER_ARTICLE}; the rest are counted as +N more)")
    per.add_argument("--all", action="store_true", help="show every hit of each article shown")
    p.add_argument("--scope", choices=("all", "articles", "comments", "bookmarks"), default="all")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")

    p = sub.add_parser("bookmarks", help="list, export, add and check passage bookmarks", parents=common)
    bsub = p.add_subparsers(dest="bookmarks_command", metavar="ACTION")
    b = bsub.add_parser("list", help="every bookmark (orphaned ones too) with its quote and note", parents=common)
    b.add_argument("--json", action="store_true", help="print the entries as JSON")
    b.add_argument("filter", nargs="*", metavar="FILTER",
                   help="words to find in the quote, note, title or id; #tag or tag:x for a tag")
    b = bsub.add_parser("export", help="Markdown grouped by article, or W3C Web Annotation JSON", parents=common,
                        epilog="obsidian: one note per article in the folder -o DIR, each bookmark a block with a "
                               "stable ^id, updated in place on each export (what you wrote stays); readwise: "
                               "Readwise's CSV import template; hypothesis: Hypothesis API JSON (TextQuote and "
                               "TextPosition selectors). Both import back with `reader import`.")
    b.add_argument("--format", choices=("md", "json", "obsidian", "readwise", "hypothesis"), default="md")
    b.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="write to FILE (default: stdout); a folder for --format obsidian")
    b = bsub.add_parser("add", help="bookmark the passage QUOTE of article ID", parents=common)
    b.add_argument("article", metavar="ID", help="the article id (see `reader`)")
    b.add_argument("--quote", required=True, metavar="TEXT", help="the passage, as it reads in the article")
    b.add_argument("--note", default="", metavar="TEXT")
    b.add_argument("--tag", action="append", default=[], metavar="TAG", help="a tag (repeat for more)")
    bsub.add_parser("check", help="re-anchor every bookmark in its article as cleaned now; print the drift",
                    parents=common)
    from reader.cli import add

    add.register(sub, common)  # `add`, `refresh`
    from reader.cli import importing

    importing.register(sub, common)  # `import`
    from reader.cli import opening

    opening.register(sub, common)  # `open`
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
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except BadUsage as exc:
        output.err(exc.usage.rstrip())
        output.err(f"reader: error: {output.name(exc.message)}")
        if _asks_json(argv):
            output.json_error("usage", exc.message)
        return 2
    try:
        return _dispatch(args)
    except ReaderError as exc:
        output.error(exc)
        if getattr(args, "json", False):
            output.json_error(exc.title, exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `reader clean x | head`
        return 0


def _asks_json(argv: list[str]) -> bool:
    """Whether ``--json`` is among the options (before a ``--``), for an error argparse found."""
    for arg in argv:
        if arg == "--":
            return False
        if arg == "--json":
            return True
    return False


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
                          limit=args.limit, scope=args.scope, sort=args.sort,
                          per_article=None if args.all else args.per_article)
    if args.command == "bookmarks":
        return _bookmarks(args)
    if args.command in ("add", "refresh"):
        from reader.cli import add

        run = add.run_add if args.command == "add" else add.run_refresh
        return run(library_of(args), args)
    if args.command == "open":
        from reader.cli.opening import run_open

        return run_open(library_of(args), args)
    if args.command == "import":
        from reader.cli.importing import run_import

        return run_import(library_of(args), args)
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
    return bookmarks.run_list(library, as_json=getattr(args, "json", False),
                              filter_text=" ".join(getattr(args, "filter", None) or []))


def library_of(args: argparse.Namespace) -> Library:
    """The library in use, with what the core needs from its reader.yaml (whether links may
    lead out of content/)."""
    from reader.settings import library_with_settings

    return library_with_settings(resolve_library(args.library))
