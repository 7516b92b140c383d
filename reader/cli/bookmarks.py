"""``reader bookmarks list|export|add|check``: the command-line face of reader.bookmarks.

Exit codes as everywhere: 0 ok; 1 a file that cannot be read (an unreadable bookmarks.yaml is
reported in one line and never written); 2 bad usage (a quote not found, or found more than
once). Bookmark text is data: everything printed goes through ``reader.cli.output`` (the one
terminal-text sanitiser, ``reader.safe_text``): notes, quotes and tags as text, article ids as names, ``--json`` and the
Web Annotation export as escaped JSON, the Markdown export cleaned (to stdout or a file).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from reader.atomic import atomic_write_text
from reader.bookmarks import (
    STATUSES,
    Bookmark,
    BookmarkStore,
    BookmarksUnreadable,
    export_annotations,
    export_markdown,
    filter_bookmarks,
    new_bookmark,
    plain_text,
    reanchor_article,
    sync_index,
)
from reader.cli import output
from reader.cli.output import name, plural, text as mask
from reader.errors import ReaderError, UsageError
from reader.paths import Library

QUOTE_WIDTH = 76


def _one_line(text: str, width: int = QUOTE_WIDTH) -> str:
    return output.shorten(text, width)


_warn = output.warnings


def _open(library: Library) -> BookmarkStore:
    """The store, read; an unreadable file raises its one-line error (nothing is written)."""
    store = BookmarkStore(library.bookmarks)
    store.load()
    if store.error:
        raise BookmarksUnreadable(store.error)
    _warn(store.warnings)
    return store


def _sync(library: Library, store: BookmarkStore) -> None:
    """Bring the index's bookmark documents up to date, when there is an index (quietly)."""
    from reader.index import IndexBusy

    try:
        sync_index(library, store)
    except IndexBusy as exc:
        output.err(f"reader: {exc.title}: {name(exc.message)} (bookmark search catches up next time)")


# -- list ---------------------------------------------------------------------------------------

def run_list(library: Library, *, as_json: bool = False, filter_text: str = "") -> int:
    """Every bookmark, or those ``filter_text`` keeps (``reader.bookmarks.filter_bookmarks``:
    words, ``#tag``, ``tag:x``)."""
    store = _open(library)
    everything = store.bookmarks
    bookmarks = filter_bookmarks(everything, filter_text) if filter_text.strip() else everything
    if as_json:
        output.json([b.to_mapping() for b in bookmarks])
        return 0
    if not everything:
        output.err(f"no bookmarks in {name(library.bookmarks)}")
        return 0
    if not bookmarks:
        output.err(f"no bookmark matches {mask(filter_text)!r} ({plural(len(everything), 'bookmark')} in all)")
        return 1
    for b in bookmarks:
        output.out(f"{name(b.id)}  {mask(b.status):<8}  {name(b.article)}  {_one_line(b.title, 60)}")
        output.out(f"    > {_one_line(b.exact)}")
        if b.note:
            output.out(f"    note: {_one_line(b.note)}")
        if b.tags:
            output.out(f"    tags: {_one_line(', '.join(b.tags))}")
    counts = Counter(b.status for b in bookmarks)
    summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    shown = plural(len(bookmarks), "bookmark")
    if bookmarks is not everything:
        shown += f" of {len(everything)}"
    output.out(f"{shown} ({summary})")
    return 0


# -- export -------------------------------------------------------------------------------------

def run_export(library: Library, *, fmt: str = "md", to: Path | None = None) -> int:
    store = _open(library)
    if fmt == "obsidian":
        return _export_obsidian(library, store, to)
    if fmt in ("readwise", "hypothesis"):
        from reader.exporting import article_infos, export_hypothesis, export_readwise

        infos = article_infos(library, store.bookmarks, authors=fmt == "readwise")
        if fmt == "readwise":
            text = export_readwise(store.bookmarks, infos)
        else:
            text = output.safe_json(export_hypothesis(store.bookmarks, infos))
    elif fmt == "json":
        text = output.safe_json(export_annotations(store.bookmarks))
    elif fmt == "md":
        text = export_markdown(store.bookmarks)  # sanitised there (the app's export too)
    else:
        raise UsageError(f"--format must be md or json, not {fmt!r}")
    if to is None:
        output.raw(text)
    else:
        path = Path(to)
        if path.is_dir():
            raise UsageError(f"{path}: is a folder; give a file name")
        try:
            atomic_write_text(path, text)
        except OSError as exc:
            raise ReaderError(f"{path}: cannot write ({exc.strerror or exc})", title="cannot write") from None
        output.err(f"wrote {plural(len(store.bookmarks), 'bookmark')} to {name(path)}")
    return 0


def _export_obsidian(library: Library, store: BookmarkStore, to: Path | None) -> int:
    from reader.exporting import article_infos, export_obsidian

    if to is None:
        raise UsageError("--format obsidian writes a folder of notes: give it with -o DIR (your vault or a folder in it)")
    folder = Path(to)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: not a folder; --format obsidian writes one note per article there")
    try:
        report = export_obsidian(folder, store.bookmarks, article_infos(library, store.bookmarks))
    except OSError as exc:
        raise ReaderError(f"{folder}: cannot write ({exc.strerror or exc})", title="cannot write") from None
    output.err(f"{plural(len(report.written), 'note')} written, {report.unchanged} unchanged in {name(folder)}: "
               f"{report.added} blocks added, {report.updated} updated")
    return 0


# -- add ----------------------------------------------------------------------------------------

def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Where ``quote`` is in ``text``: exactly, else with any run of whitespace matching any
    other (a quote typed on one line matches a passage with a line break)."""
    found = []
    at = text.find(quote)
    while at >= 0:
        found.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    if found:
        return found
    words = quote.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def run_add(library: Library, article_id: str, quote: str, *, note: str = "", tags: list[str] | None = None) -> int:
    from reader.library import load_article

    if not quote.strip():
        raise UsageError("--quote needs some text")
    store = _open(library)
    article = load_article(library, article_id)
    text = plain_text(article.body)
    spans = find_quote(text, quote.strip())
    if not spans:
        raise UsageError(f"quote not found in {article_id}: {_one_line(quote, 60)!r}")
    if len(spans) > 1:
        raise UsageError(f"quote found {len(spans)} times in {article_id}; give a longer quote")
    start, end = spans[0]
    bookmark = store.add(new_bookmark(article.id, text, start, end, note=note, tags=tags or [],
                                      title=article.title))
    _sync(library, store)
    output.out(f"{name(bookmark.id)}  {name(article.id)}  > {_one_line(bookmark.exact)}")
    return 0


# -- check --------------------------------------------------------------------------------------

def run_check(library: Library) -> int:
    """Re-anchor every bookmark against its article as cleaned now; save; print the drift.
    A bookmark whose article id leads out of content/ (``..``, an absolute path, a link out) is
    reported as invalid and left as it is: its "article" is never read."""
    from reader.library import OutsideLibrary, load_article

    store = _open(library)
    shown = len(store.warnings)
    before: dict[str, Bookmark] = {b.id: b for b in store.bookmarks}
    articles = list(dict.fromkeys(b.article for b in before.values()))
    results: list[tuple[Bookmark, str]] = []
    invalid: list[tuple[Bookmark, str]] = []
    for article_id in articles:
        try:
            text = plain_text(load_article(library, article_id).body)
            gone = ""
        except OutsideLibrary as exc:
            invalid += [(b, exc.message) for b in before.values() if b.article == article_id]
            continue
        except ReaderError:
            text, gone = "", "article gone"
        for b, res in reanchor_article(store, article_id, text):
            results.append((b, gone))
    _warn(store.warnings[shown:])  # what re-anchoring added
    for b, why in invalid:
        output.warning(f"bookmark {name(b.id)}: invalid article id, not read: {name(why)}")
    _sync(library, store)
    counts = Counter(b.status for b, _ in results)
    summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES)
    if invalid:
        summary += f", {len(invalid)} invalid"
    checked = len(articles) - len({b.article for b, _ in invalid})
    output.out(f"checked {plural(len(results), 'bookmark')} in {plural(checked, 'article')}: {summary}")
    for b, gone in results:
        if b.status == "exact":
            continue
        old = before[b.id].anchor
        where = gone or (f"was at {old.start}, now {b.anchor.start}" if b.status != "orphaned" else "not found")
        output.out(f"  {mask(b.status):<8}  {name(b.id)}  {name(b.article)}  > {_one_line(b.exact, 50)}  ({where})")
    for b, _why in invalid:
        output.out(f"  {'invalid':<8}  {name(b.id)}  {name(b.article)}  > {_one_line(b.exact, 50)}  "
              "(article id outside content/; not read)")
    return 0


__all__ = ["find_quote", "run_add", "run_check", "run_export", "run_list"]
