"""``reader open ID`` / ``reader open --bookmark ID``: the app, opened at an article or at a
bookmark's passage — the deep link the exports write (``reader open --bookmark 1a2b3c4d``).

The article or bookmark is looked up first, without Textual: an unknown one is a one-line
error (exit 1) and no app starts. The app needs a terminal; piped, the command prints where it
would open (``ID`` or ``ID  BOOKMARK  > quote``) and exits 0, so a script can resolve a link.
"""

from __future__ import annotations

import argparse
from typing import Any

from reader.cli import output
from reader.cli.output import name
from reader.errors import UnreadableFile, UsageError
from reader.paths import Library


def register(subparsers: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("open", help="start the app at an article, or at a bookmark's passage",
                              epilog="The links in exported notes (`reader open --bookmark ID`) use this.",
                              parents=parents)
    p.add_argument("article", nargs="?", metavar="ID", help="the article id (see `reader`)")
    p.add_argument("--bookmark", metavar="ID", help="a bookmark id: open its article at its passage")


def run_open(library: Library, args: argparse.Namespace) -> int:
    from reader.library import article_path

    if bool(args.article) == bool(args.bookmark):
        raise UsageError("give an article ID or --bookmark ID (one of them)")
    bookmark = None
    if args.bookmark:
        from reader.cli.bookmarks import _open

        bookmark = _open(library).get(args.bookmark)
        if bookmark is None:
            raise UnreadableFile(f"no bookmark with id {args.bookmark} in {library.bookmarks}")
        article_id = bookmark.article
    else:
        article_id = args.article
    article_path(library, article_id)  # gone or outside content/: its one-line error
    if not output.interactive():
        line = name(article_id)
        if bookmark is not None:
            line += f"  {name(bookmark.id)}  > {output.shorten(bookmark.exact, 60)}"
        output.out(line)
        return 0
    from reader.tui import run  # Textual is imported here only

    return run(library, article=article_id, bookmark=bookmark.id if bookmark is not None else "")
