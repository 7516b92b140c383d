"""``reader search``: the command-line face of ``reader.index``'s search.

Every piece of article text goes through ``reader.cli.output`` (the one terminal-text
sanitiser: ``text`` keeps offsets, so highlight spans hold; ids through ``name``) into rich
``Text`` objects — never into a markup string — so a title like ``[bold]`` or
``\\x1b]0;pwned\\x07`` prints as inert characters. ``--json`` is valid UTF-8 JSON, unsafe
characters escaped. Colour follows rich: off for ``NO_COLOR`` and when stdout is not a terminal.
"""

from __future__ import annotations

from reader.cli import output
from reader.cli.output import name, plural, text as mask
from reader.index.results import PER_ARTICLE
from reader.paths import Library


# -- reader search ------------------------------------------------------------------------------

def _refresh(library: Library, *, rebuild: bool = False) -> None:
    """Bring the index up to date before a search: silent when nothing changed."""
    from reader.library import refresh_index

    done = refresh_index(library, rebuild=rebuild, lock_timeout=1.0)
    for message in done.messages:
        output.note(message)
    if done.report is not None and done.report.changed:
        output.note(f"index: {done.report.summary()}")


def _seen(library: Library):
    """The comments seen when each article was last opened (``is:new``), from state.yaml."""
    from reader.state import State

    state = State(library.state)
    if state.warning:
        output.note(state.warning)
    return state.seen


def run_search(
    library: Library,
    query: str,
    *,
    as_json: bool = False,
    limit: int = 20,
    scope: str = "all",
    sort: str = "relevance",
    per_article: int | None = PER_ARTICLE,
) -> int:
    """``per_article``: hits shown per article (None: all); the rest are "+N more"."""
    from reader.index import IndexDamaged, SearchIndex

    _refresh(library)
    seen = _seen(library) if "is:" in query.lower() else None
    try:
        with SearchIndex(library.index) as ix:
            results = ix.search(query, scope=scope, limit=limit, sort=sort, per_article=per_article,
                                seen=seen)
    except IndexDamaged as exc:
        output.note(f"{exc.message}; rebuilding it from {name(library.content)}")
        _refresh(library, rebuild=True)
        with SearchIndex(library.index) as ix:
            results = ix.search(query, scope=scope, limit=limit, sort=sort, per_article=per_article,
                                seen=seen)
    if as_json:
        output.json(results.to_dict())
    elif results:
        _print_results(results, _bookmarks_of(library) if results.counts.get("bookmarks") else {})
    if not results:
        if not as_json:
            line = f"reader: nothing found for {mask(query)!r}"
            if results.corrected:
                line += f"; did you mean {mask(results.corrected)!r} ({plural(results.corrected_total, 'hit')})?"
            output.err(line)
        return 1
    return 0


# Terminal columns for a snippet line (rich's width on a terminal); None when piped: a pipe
# gets the whole fragment, a terminal one line centred on the hit.
_WIDTH: list[int | None] = [None]


def _snippet(fragment, indent: str):
    from rich.text import Text

    from reader.index import centre

    width = _WIDTH[0]
    if width is not None:  # one line, the hit in its middle ("… " and " …" take 4 columns)
        fragment = centre(fragment, max(20, width - len(indent) - 4))
    line = Text(indent)
    line.append("… " if fragment.start > 0 else "")
    line.append_text(output.styled(fragment.text, fragment.spans, "bold yellow"))
    line.append(" …")
    return line


def _bookmarks_of(library: Library) -> dict:
    """id → Bookmark, to print a bookmark hit's quote and note as they are in the file."""
    from reader.bookmarks import BookmarkStore

    store = BookmarkStore(library.bookmarks)
    store.load()
    return {b.id: b for b in store.bookmarks}


def _one_line(value: str, width: int = 100) -> str:
    return output.shorten(value, width)


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
        line.append_text(output.styled(c.title, c.title_spans, "bold yellow"))
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
    from rich.text import Text

    out = output.console()
    soft = not out.is_terminal
    _WIDTH[0] = None if soft else out.width
    for g in results.articles:
        head = Text()
        if g.hit is not None and g.hit.title_spans:
            head.append_text(output.styled(g.title, g.hit.title_spans, "bold yellow"))
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
        if g.omitted:  # past the per-article limit: say so, and how to see them
            out.print(Text(f"  +{g.omitted} more in this article (--per-article N or --all to see them)",
                           style="dim"), soft_wrap=soft)
        out.print(Text(""))
    counts = results.counts
    parts = [f"{counts['articles']} in articles", f"{counts['comments']} in comments"]
    if counts["bookmarks"]:
        parts.append(f"{counts['bookmarks']} in bookmarks")
    summary = f"{plural(results.total, 'hit')} ({', '.join(parts)})"
    if results.partial:
        from reader.index.expansions import MAX_EXPANSION

        summary = "at least " + summary
        if results.cut:
            summary += f"; {', '.join(mask(c) for c in results.cut)}: only its {MAX_EXPANSION} most frequent words"
        else:
            summary += ", stopped at the time limit"
    if results.articles:
        summary += f"; showing {plural(len(results.articles), 'article')}"
        if results.more:
            summary += " (more: --limit)"
        if results.omitted:  # hits of those articles past --per-article
            shown = sum(len(g.hits) for g in results.articles)
            summary += f", {plural(shown, 'hit')} (+{results.omitted} more: --per-article N or --all)"
    summary += f" · {results.seconds * 1000:.0f} ms"
    out.print(Text(summary, style="dim"), soft_wrap=soft)
    if results.corrected and results:
        out.print(Text(f"did you mean: {mask(results.corrected)} ({plural(results.corrected_total, 'hit')})?", style="dim"))


__all__ = ["run_search"]
