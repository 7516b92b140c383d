"""The library's articles for a front end: the list of entries, one article by id.

The index writes a catalogue (``reader.index.catalogue``) so a list of 100k articles loads in
one JSON parse. Until a library is indexed, the entries come from cleaning its files, which is
fine for a handful of articles and is what a fresh clone has. Front ends (the TUI, the CLI)
call these functions; none of this imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.content.anchor import Anchor
from reader.content.model import Article
from reader import safe_text
from reader.errors import ReaderError, UnreadableFile
from reader.index.catalogue import Entry
from reader.index.catalogue_head import Head
from reader.paths import CONTENT_SUFFIXES, Library, has_undecodable, iter_content_files, refusal


def _clean_file(path: Path, **kwargs: Any) -> Article:
    # the cleaner loads when a raw page is read, not with the library (reader.content)
    from reader.content.clean import clean_file

    return clean_file(path, **kwargs)


def _rules(library: Library):
    from reader.content.rules import load_rules

    return load_rules(library.rules if library.rules.is_dir() else None)


def indexed_entries(library: Library) -> list[Entry] | None:
    """The index catalogue's entries, or None when the library has none (not indexed yet)."""
    from reader.index.catalogue import load_catalogue

    if not library.index.is_dir():
        return None
    return list(load_catalogue(library.index)) or None


def indexed_head(library: Library) -> "Head | None":
    """The first rows of the list in each order (``reader.index.catalogue_head``), when the
    index has a head that matches its catalogue: what a front end shows before ``entries``."""
    from reader.index.catalogue import load_head

    if not library.index.is_dir():
        return None
    return load_head(library.index)


def scan_entries(
    library: Library,
    *,
    on_error: Callable[[Path, ReaderError], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[Entry]:
    """Entries made by cleaning every file under content/ (the slow path: no index)."""
    if not library.content.is_dir():
        return
    rules = _rules(library)
    for path in iter_content_files(library.content, follow_links=library.follow_links):
        if cancelled is not None and cancelled():
            return
        try:
            why = refusal(path, library.content, library.follow_links)
            if why is not None:
                raise UnreadableFile(f"{safe_text.name(path)}: {why}")
            article_id = library.article_id(path)
            article = _clean_file(path, article_id=article_id, rules=rules)
        except ReaderError as exc:
            if on_error is not None:
                on_error(path, exc)
            continue
        except ValueError:
            continue
        rel = path.relative_to(library.content).as_posix() if path.is_relative_to(library.content) else ""
        yield Entry.of(article, rel)


def entries(library: Library, **kwargs) -> list[Entry]:
    """Every article of the library: from the index catalogue, else by cleaning the files."""
    found = indexed_entries(library)
    if found is not None:
        return found
    return list(scan_entries(library, **kwargs))


class OutsideLibrary(ReaderError):
    """An article id (from bookmarks.yaml, the command line, the catalogue) that does not name
    a file inside content/: ``..``, an absolute path, a link out of content/ (unless
    ``follow_symlinks: true``), a name that is not UTF-8. Nothing is read."""

    title = "outside the library"
    exit_code = 2


def check_article_id(article_id: str) -> None:
    """``OutsideLibrary`` unless ``article_id`` is a relative path that stays under content/."""
    shown = safe_text.name(article_id)
    if not article_id or "\0" in article_id:
        raise OutsideLibrary(f"{shown!r}: not an article id")
    if has_undecodable(article_id):
        raise OutsideLibrary(f"{shown}: not an article id (not valid UTF-8)")
    if Path(article_id).is_absolute() or article_id.startswith("/"):
        raise OutsideLibrary(f"{shown}: an absolute path is not an article id (ids are paths under content/)")
    if ".." in Path(article_id).parts:
        raise OutsideLibrary(f"{shown}: '..' is not allowed in an article id (it would lead out of content/)")


def article_path(library: Library, article_id: str, hint: str = "") -> Path:
    """The raw file of an article id (``hint``: its path under content/, when known). Only a
    file inside content/ is returned (``OutsideLibrary`` otherwise): no ``..``, no absolute
    path, no link out of content/ unless the library follows links."""
    check_article_id(article_id)
    found = None
    if hint:
        check_article_id(hint)
        path = library.content / hint
        if path.is_file():
            found = path
    if found is None:
        base = library.content / article_id
        for suffix in CONTENT_SUFFIXES:
            for candidate in (base.with_name(base.name + suffix), base.with_name(base.name + suffix.upper())):
                if candidate.is_file():
                    found = candidate
                    break
            if found is not None:
                break
    if found is None:
        raise UnreadableFile(f"{safe_text.name(article_id)}: no such article in {safe_text.name(library.content)}")
    why = refusal(found, library.content, library.follow_links)
    if why is not None:
        raise OutsideLibrary(f"{safe_text.name(article_id)}: {why}")
    return found


def load_article(library: Library, article_id: str, hint: str = "") -> Article:
    """One article, cleaned from its file. ``UnreadableFile`` when it is gone."""
    path = article_path(library, article_id, hint)
    return _clean_file(path, article_id=article_id, rules=_rules(library))


def locate(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """Where an anchor's passage is in ``text``: its position if the text there is still its
    quote, else the occurrence of the quote nearest the old position, else None."""
    start, end = anchor.start, anchor.end
    if 0 <= start < end <= len(text) and (not anchor.exact or text[start:end] == anchor.exact):
        return start, end
    exact = anchor.exact
    if not exact:
        return None
    best: int | None = None
    at = text.find(exact)
    while at >= 0:
        if best is None or abs(at - start) < abs(best - start):
            best = at
        at = text.find(exact, at + 1)
    return (best, best + len(exact)) if best is not None else None


@dataclass
class Refreshed:
    """What bringing the index up to date did, for a front end to tell."""

    report: Any = None  # reader.index.Report; None when the index as it was is used
    bookmarks: int = 0  # bookmark documents written or removed
    messages: list[str] = field(default_factory=list)  # one-line warnings, not yet sanitised


def refresh_index(
    library: Library,
    *,
    rebuild: bool = False,
    jobs: int | None = None,
    progress: Any = None,
    lock_timeout: float | None = None,
    use_existing: bool = True,
) -> Refreshed:
    """The index brought in step with content/ and then with bookmarks.yaml — every front end's
    one way to do it (an update that rebuilds starts without bookmark documents: the sync puts
    them back). With ``use_existing``, a busy or unwritable index that exists is used as it is
    (a warning); otherwise that is the caller's error."""
    from reader.bookmarks import BookmarkStore, sync_index
    from reader.index import IndexBusy, IndexUnwritable, storage, update

    done = Refreshed()
    kwargs: dict[str, Any] = {"rebuild": rebuild, "jobs": jobs, "progress": progress}
    if lock_timeout is not None:
        kwargs["lock_timeout"] = lock_timeout
    try:
        done.report = update(library, **kwargs)
    except (IndexBusy, IndexUnwritable) as exc:
        if not use_existing or not storage.exists(library.index):
            raise
        done.messages.append(f"{exc.title}: {exc.message} (using the index as it is)")
        return done
    done.messages += done.report.messages
    store = BookmarkStore(library.bookmarks)  # read only if the index is behind the file
    try:
        done.bookmarks = sync_index(library, store)
    except IndexBusy:
        pass  # another writer: the next refresh or bookmark write catches up
    except ReaderError as exc:
        done.messages.append(f"{exc.title}: {exc.message} (bookmarks not re-indexed)")
    if store.error:
        done.messages.append(f"bookmarks: {store.error}")
    return done
