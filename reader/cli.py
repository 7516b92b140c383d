"""The command line: the same core as the TUI, without Textual.

Exit codes: 0 ok; 1 nothing found, or a file that cannot be read (one-line message);
2 bad usage or a bad query.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reader import __version__
from reader.errors import ReaderError, UsageError
from reader.paths import resolve_library


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
    return parser




def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "clean":
            return cmd_clean(args)
        if args.command == "where":
            return cmd_where(args)
        return cmd_default(args)
    except ReaderError as exc:
        print(f"reader: {exc.title}: {exc.message}", file=sys.stderr)
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
    if args.json:
        json.dump(article.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(to_markdown(article))
        for warning in article.warnings:
            print(f"reader: warning: {warning}", file=sys.stderr)
    return 0


def cmd_where(args: argparse.Namespace) -> int:
    library = resolve_library(args.library)
    print(f"library    {library.root}    ({library.how})")
    for name, path in library.paths().items():
        if name == "library":
            continue
        state = "" if path.exists() else "    (not yet created)"
        print(f"{name:<10} {path}{state}")
    return 0


def cmd_default(args: argparse.Namespace) -> int:
    """`reader` alone: the TUI when it is there; until then, the library's articles."""
    from reader.content import clean_file
    from reader.paths import iter_content_files

    library = resolve_library(args.library)
    if not library.content.is_dir():
        raise UsageError(f"{library.content}: no content/ folder; run `reader where` to see the paths")
    count = 0
    for path in iter_content_files(library.content):
        try:
            article = clean_file(path, article_id=library.article_id(path))
        except ReaderError as exc:
            print(f"reader: warning: {exc.message}", file=sys.stderr)
            continue
        date = article.date.isoformat()[:10] if article.date else "          "
        print(f"{date}  {article.id:<48} {article.title}")
        count += 1
    print(f"{count} articles in {library.content}")
    return 0
