"""The command line: the same core as the TUI, without Textual.

Exit codes: 0 ok; 1 nothing found, or a file that cannot be read (one-line message);
2 bad usage or a bad query. Everything printed that came from a file or a setting goes through
the one terminal-text sanitiser (``reader.safe_text``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader import __version__
from reader.errors import ReaderError, UsageError
from reader.paths import Library, resolve_library
from reader.safe_text import clean, dumps, name, one_line


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
    from reader import add_cli  # `add`, `refresh` (issue 11; wired properly when the CLI is a package)
    add_cli.register(sub)
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
        if args.command == "clean":
            return cmd_clean(args)
        if args.command == "where":
            return cmd_where(args)
        if args.command == "index":
            return cmd_index(args)
        if args.command == "search":
            return cmd_search(args)
        if args.command == "bookmarks":
            return cmd_bookmarks(args)
        if hasattr(args, "add_cli_run"):
            return args.add_cli_run(args)
        return cmd_default(args)
    except ReaderError as exc:
        print(f"reader: {exc.title}: {name(exc.message)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `reader clean x | head`
        return 0


def cmd_clean(args: argparse.Namespace) -> int:
    from reader.content import clean_file
    from reader.content.markdown_dump import to_markdown
    from reader.content.rules import load_rules

    library = resolve_library(args.library)
    path: Path = args.file
    try:
        article_id = library.article_id(path)
    except ValueError:  # not under the library's content/: the file's own name
        article_id = path.stem
    rules = load_rules(library.rules if library.rules.is_dir() else None)
    article = clean_file(path, article_id=article_id, rules=rules)
    if args.json:  # escaped, never raw: a non-UTF-8 file name's id stays valid UTF-8 JSON
        sys.stdout.write(dumps(article.to_dict()) + "\n")
    else:
        sys.stdout.write(clean(to_markdown(article)))
        for warning in article.warnings:
            print(f"reader: warning: {name(warning)}", file=sys.stderr)
    return 0


def cmd_where(args: argparse.Namespace) -> int:
    library = resolve_library(args.library)
    print(f"library    {name(library.root)}    ({library.how})")
    for what, path in library.paths().items():
        if what == "library":
            continue
        state = "" if path.exists() else "    (not yet created)"
        print(f"{what:<10} {name(path)}{state}")
    if library.content.is_dir() and _library(args).follow_links:
        print("links      followed out of content/ (follow_symlinks: true in reader.yaml)")
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    from reader.search_cli import run_index

    return run_index(_library(args), rebuild=args.rebuild, jobs=args.jobs)


def cmd_search(args: argparse.Namespace) -> int:
    from reader.search_cli import run_search

    return run_search(
        _library(args),
        " ".join(args.query),
        as_json=args.json,
        limit=args.limit,
        scope=args.scope,
        sort=args.sort,
    )


def cmd_bookmarks(args: argparse.Namespace) -> int:
    from reader import bookmarks_cli

    library = _library(args)
    action = args.bookmarks_command or "list"
    if action == "export":
        return bookmarks_cli.run_export(library, fmt=args.format, output=args.output)
    if action == "add":
        return bookmarks_cli.run_add(library, args.article, args.quote, note=args.note, tags=args.tag)
    if action == "check":
        return bookmarks_cli.run_check(library)
    return bookmarks_cli.run_list(library, as_json=getattr(args, "json", False))


def cmd_default(args: argparse.Namespace) -> int:
    """`reader` alone: the TUI on a terminal; piped, the library's articles, one a line."""
    from reader.content import clean_file
    from reader.paths import iter_content_files, refusal

    library = _library(args)
    if not library.content.is_dir():
        raise UsageError(f"{library.content}: no content/ folder; run `reader where` to see the paths")
    if sys.stdin.isatty() and sys.stdout.isatty():
        from reader.tui import run  # Textual is imported here only

        return run(library)
    count = 0
    for path in iter_content_files(library.content, follow_links=library.follow_links):
        why = refusal(path, library.content, library.follow_links)
        if why is not None:
            print(f"reader: warning: {name(path)}: {why}", file=sys.stderr)
            continue
        try:
            article = clean_file(path, article_id=library.article_id(path))
        except ReaderError as exc:
            print(f"reader: warning: {name(exc.message)}", file=sys.stderr)
            continue
        if article.date:
            date = article.date.isoformat()[:10]
        else:  # an undated article at its approximate date, marked as such
            date = "≈" + article.approx_date.isoformat()[:10] if article.approx_date else ""
        print(f"{date:<11}  {name(article.id):<48} {one_line(article.title)}")
        count += 1
    print(f"{count} articles in {name(library.content)}")
    return 0


def _library(args: argparse.Namespace) -> Library:
    """The library in use, with what the core needs from its reader.yaml (whether links may
    lead out of content/)."""
    from reader.settings import library_with_settings

    return library_with_settings(resolve_library(args.library))
