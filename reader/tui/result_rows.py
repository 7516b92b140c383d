"""The rows of the search results list, as ``Content`` (search_results.py draws them): an
article's title line, its snippets centred on their hit for the pane's width, comment and
bookmark prefixes, thread lines and the "+N more" row. Everything in them comes from the
index: sanitised, never parsed as markup."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content

from reader.index import ArticleHits, Fragment, Hit, centre
from reader.index.searching import Thread
from reader.tui.sanitize import clean
from reader.tui.snippet_line import one_line_spans as _one_line_spans


def thread_line(thread: Thread) -> Content:
    """``   ▸ author  date  title`` of a thread's root comment (sanitised, never markup)."""
    author = " ".join(clean(thread.author).split()) or "anonymous"
    title = " ".join(clean(thread.title).split())
    date = (thread.date or "")[:10]
    return Content.assemble(("   ▸ ", ".results--thread"), (author, ".results--thread"),
                            (f"  {date}" if date else "", ".results--meta"),
                            (f"  {title}" if title else "", ".results--thread"))


INDENT = Content("   ")  # before an article's own snippet
Row = Content | Callable[[], Content]  # a row's content, or the function that makes it
BOOKMARK_MARK = "   ⚑ "  # a bookmark hit's line, under its article (comments have "↳")
MORE_MARK = "   +"  # an article's "+N more" row


def more_line(group: ArticleHits, loading: bool) -> Content:
    """The "+N more" row under an article's hits (or its waiting form while they come)."""
    n = group.omitted
    if loading:
        return Content.styled(f"{MORE_MARK}loading {n} more…", ".results--meta")
    return Content.assemble((f"{MORE_MARK}{n} more", ".results--more"),
                            (" (Enter shows every hit of this article)", ".results--meta"))


class Snippet:
    """A snippet line, drawn for the pane's width: ``fragment`` centred on its hit after ``prefix``
    (made on first use, from a function, when given one)."""

    __slots__ = ("_prefix", "fragment")

    def __init__(self, prefix: Content | Callable[[], Content], fragment: Fragment) -> None:
        self._prefix = prefix
        self.fragment = fragment

    @property
    def prefix(self) -> Content:
        if not isinstance(self._prefix, Content):
            self._prefix = self._prefix()
        return self._prefix


def full_snippet(snip: Snippet) -> Content:
    """A snippet line with its whole fragment (what ``lines`` holds; drawing cuts it)."""
    text = _one_line_spans(snip.fragment.text, snip.fragment.spans).stylize_before(".results--snippet")
    return Content.assemble(snip.prefix, text)


def title_line(group: ArticleHits) -> Content:
    """An article's line: its title, hits highlighted, then its site and date."""
    title_spans = group.hit.title_spans if group.hit else []
    title = _one_line_spans(group.title or group.article, title_spans)
    meta = " ".join(x for x in (clean(group.site).strip(), (group.date or "")[:10]) if x)
    return Content.assemble(title.stylize_before(".results--title"), ("  " + meta, ".results--meta"))


def hit_prefix(indent: str, hit: Hit) -> Content:
    """``   ↳ author: `` before a comment hit's snippet."""
    author = " ".join(clean(hit.author).split()) or "anonymous"
    return Content.assemble((indent, ".results--comment"), (author, ".results--comment"), ": ")


def bookmark_prefix() -> Content:
    return Content.assemble((BOOKMARK_MARK, ".results--bookmark"), ("bookmark", ".results--bookmark"), ": ")


def snippet_content(prefix: Content, fragment: Fragment, width: int) -> Content:
    """``prefix`` and the fragment on one line of ``width`` cells, the fragment cut around its
    first hit (``reader.index.centre``) so the hit is in view; "…" where it was cut."""
    room = max(10, width - prefix.cell_length - 2)  # "…" on each side
    cut = centre(fragment, room)
    text = _one_line_spans(cut.text, cut.spans).stylize_before(".results--snippet")
    return Content.assemble(prefix, ("…" if cut.start > fragment.start else "", ".results--meta"), text,
                            ("…" if cut.end < fragment.end else "", ".results--meta"))


__all__ = ["BOOKMARK_MARK", "INDENT", "MORE_MARK", "Row", "Snippet", "bookmark_prefix", "full_snippet",
           "hit_prefix", "more_line", "snippet_content", "thread_line", "title_line"]
