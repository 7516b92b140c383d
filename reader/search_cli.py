"""`reader index` and `reader search`: the command-line faces of reader.index.

Output rules: every piece of article text goes through the one terminal-text sanitiser
(``reader.safe_text.mask``: control characters become spaces, bidi controls zero-width spaces,
offsets unchanged; ids through ``safe_text.name``) and into rich ``Text`` objects — never into a
markup string — so a title like ``[bold]`` or ``\\x1b]0;pwned\\x07`` prints as inert characters.
``--json`` is ``safe_text.dumps``: valid UTF-8 JSON, unsafe characters escaped. Colour follows
rich: off for ``NO_COLOR`` and when stdout is not a terminal.
"""

from __future__ import annotations

import sys

from reader.paths import Library
from reader.safe_text import dumps, mask, name


# -- progress -----------------------------------------------------------------------------------

class RichProgress:
    """A rich progress bar on stderr: files done / total, rate, ETA."""

    def __init__(self, console) -> None:
        self.console = console
        self.progress = None
        self.task = None

    def start(self, total: int, description: str) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:,.0f} files/s" if speed else "– files/s", style="progress.data.speed")

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            Rate(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        self.progress.start()
        self.task = self.progress.add_task(description, total=total)

    def advance(self, detail: str = "") -> None:
        if self.progress is not None:
            self.progress.advance(self.task)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, markup=False, emoji=False)


# -- reader index -------------------------------------------------------------------------------

def run_index(library: Library, *, rebuild: bool = False, jobs: int | None = None) -> int:
    from reader.library import refresh_index

    err = _stderr_console()
    progress = RichProgress(err) if err.is_terminal else None
    done = refresh_index(library, rebuild=rebuild, jobs=jobs, progress=progress, use_existing=False)
    for message in done.messages:
        print(f"reader: {mask(message)}", file=sys.stderr)
    print(f"index: {done.report.summary()}")
    for line in done.report.skipped_lines():
        print(f"  skipped {mask(line)}")
    if done.bookmarks:
        print(f"bookmarks: {done.bookmarks} document{'s' * (done.bookmarks != 1)} written or removed")
    return 0


# -- reader search ------------------------------------------------------------------------------

def _refresh(library: Library, *, rebuild: bool = False) -> None:
    """Bring the index up to date before a search: silent when nothing changed."""
    from reader.library import refresh_index

    done = refresh_index(library, rebuild=rebuild, lock_timeout=1.0)
    for message in done.messages:
        print(f"reader: {mask(message)}", file=sys.stderr)
    if done.report is not None and done.report.changed:
        print(f"reader: index: {done.report.summary()}", file=sys.stderr)


def run_search(
    library: Library,
    query: str,
    *,
    as_json: bool = False,
    limit: int = 20,
    scope: str = "all",
    sort: str = "relevance",
) -> int:
    from reader.index import IndexDamaged, SearchIndex

    _refresh(library)
    try:
        with SearchIndex(library.index) as ix:
            results = ix.search(query, scope=scope, limit=limit, sort=sort)
    except IndexDamaged as exc:
        print(f"reader: {exc.message}; rebuilding it from {library.content}", file=sys.stderr)
        _refresh(library, rebuild=True)
        with SearchIndex(library.index) as ix:
            results = ix.search(query, scope=scope, limit=limit, sort=sort)
    if as_json:
        sys.stdout.write(dumps(results.to_dict()) + "\n")
    elif results:
        _print_results(results, _bookmarks_of(library) if results.counts.get("bookmarks") else {})
    if not results:
        if not as_json:
            line = f"reader: nothing found for {mask(query)!r}"
            if results.corrected:
                line += f"; did you mean {mask(results.corrected)!r} ({results.corrected_total} hits)?"
            print(line, file=sys.stderr)
        return 1
    return 0


def _styled(text: str, spans, style: str):
    from rich.text import Text

    t = Text(mask(text))
    for s, e in spans:
        t.stylize(style, s, e)
    return t


def _snippet(fragment, indent: str):
    from rich.text import Text

    line = Text(indent)
    line.append("… " if fragment.start > 0 else "")
    line.append_text(_styled(fragment.text, fragment.spans, "bold yellow"))
    line.append(" …")
    return line


def _bookmarks_of(library: Library) -> dict:
    """id → Bookmark, to print a bookmark hit's quote and note as they are in the file."""
    from reader.bookmarks import BookmarkStore

    store = BookmarkStore(library.bookmarks)
    store.load()
    return {b.id: b for b in store.bookmarks}


def _one_line(text: str, width: int = 100) -> str:
    text = " ".join(mask(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _print_bookmark(out, hit, bookmark, soft: bool) -> None:
    from rich.text import Text

    line = Text("  ★ bookmark ", style="magenta")
    line.append(name(hit.bookmark or hit.id), style="magenta")
    if hit.date:
        line.append(f" · {mask(hit.date[:10])}", style="dim")
    if bookmark is not None and bookmark.status != "exact":
        line.append(f" · {bookmark.status}", style="dim")
    out.print(line, soft_wrap=soft)
    if bookmark is None:  # the index is ahead of the file: what the index has
        for f in hit.fragments:
            out.print(_snippet(f, "      "), soft_wrap=soft)
        return
    out.print(Text("      > " + _one_line(bookmark.exact)), soft_wrap=soft)
    if bookmark.note:
        out.print(Text("      note: " + _one_line(bookmark.note)), soft_wrap=soft)
    if bookmark.tags:
        out.print(Text("      tags: " + _one_line(", ".join(bookmark.tags)), style="dim"), soft_wrap=soft)


def _comment_line(c, indent: str):
    from rich.text import Text

    line = Text(indent + "↳ comment ", style="green")
    line.append(name(c.comment or c.id), style="green")
    if c.author:
        line.append(" by ")
        line.append(mask(c.author), style="bold")
    if c.date:
        line.append(f" · {mask(c.date[:10])}", style="dim")
    if c.title:
        line.append(": ")
        line.append_text(_styled(c.title, c.title_spans, "bold yellow"))
    return line


def _print_comments(out, g, threaded: bool, soft: bool) -> None:
    """An article's comment hits; for a comments-only or ``by:`` search, under a line per
    thread (its root comment's author, date and title)."""
    from rich.text import Text

    if not (threaded and g.threads):
        for c in g.comments:
            out.print(_comment_line(c, "  "), soft_wrap=soft)
            for f in c.fragments:
                out.print(_snippet(f, "      "), soft_wrap=soft)
        return
    for t in g.threads:
        head = Text("  ▸ thread ", style="magenta")
        head.append(name(t.root), style="magenta")
        if t.author:
            head.append(" by ")
            head.append(mask(t.author), style="bold")
        if t.date:
            head.append(f" · {mask(t.date[:10])}", style="dim")
        if t.title:
            head.append(": " + mask(t.title))
        out.print(head, soft_wrap=soft)
        for c in t.hits:
            out.print(_comment_line(c, "    "), soft_wrap=soft)
            for f in c.fragments:
                out.print(_snippet(f, "        "), soft_wrap=soft)


def _print_results(results, bookmarks: dict | None = None) -> None:
    from rich.console import Console
    from rich.text import Text

    out = Console(highlight=False, markup=False, emoji=False)
    soft = not out.is_terminal
    for g in results.articles:
        head = Text()
        if g.hit is not None and g.hit.title_spans:
            head.append_text(_styled(g.title, g.hit.title_spans, "bold yellow"))
            head.stylize("bold", 0, len(head))
        else:
            head.append(mask(g.title), style="bold")
        meta = [m for m in (g.site, (g.date or "")[:10], g.author) if m]
        head.append("  " + " · ".join(mask(m) for m in meta) if meta else "", style="dim")
        out.print(head, soft_wrap=soft)
        out.print(Text("  " + name(g.article), style="cyan"), soft_wrap=soft)
        if g.hit is not None:
            for f in g.hit.fragments:
                out.print(_snippet(f, "    "), soft_wrap=soft)
        _print_comments(out, g, results.threaded, soft)
        for bm in g.bookmarks:
            _print_bookmark(out, bm, (bookmarks or {}).get(bm.bookmark or ""), soft)
        out.print(Text(""))
    counts = results.counts
    parts = [f"{counts['articles']} in articles", f"{counts['comments']} in comments"]
    if counts["bookmarks"]:
        parts.append(f"{counts['bookmarks']} in bookmarks")
    summary = f"{results.total} hit{'s' * (results.total != 1)} ({', '.join(parts)})"
    if results.partial:
        from reader.index.query import MAX_EXPANSION

        summary = "at least " + summary
        if results.cut:
            summary += f"; {', '.join(mask(c) for c in results.cut)}: only its {MAX_EXPANSION} most frequent words"
        else:
            summary += ", stopped at the time limit"
    if results.articles:
        summary += f"; showing {len(results.articles)} article{'s' * (len(results.articles) != 1)}"
        if results.more:
            summary += " (more: --limit)"
    summary += f" · {results.seconds * 1000:.0f} ms"
    out.print(Text(summary, style="dim"), soft_wrap=soft)
    if results.corrected and results:
        out.print(Text(f"did you mean: {mask(results.corrected)} ({results.corrected_total} hits)?", style="dim"))


__all__ = ["run_index", "run_search"]
