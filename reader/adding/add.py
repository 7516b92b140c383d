"""``reader add`` and ``reader refresh`` without the command line: sources in, outcomes out.

URLs are fetched four at a time (threads sharing one httpx client); everything that touches
content/ — naming, writing, the origin record, re-anchoring — runs in the calling thread, one
page after another, so two pages of one batch never race for a name. The index is brought up
to date once, after the batch, by the caller (``reader.library.refresh_index``).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from reader.adding import save, sidecar
from reader.adding.fetch import Fetched, FetchError, FetchOptions, fetch, make_client
from reader.adding.refresh import Change, apply_update, clean_bytes, conditional_headers, fetched_record, record_url
from reader.content.decode import looks_binary
from reader.content.model import Article
from reader.errors import ReaderError, UsageError
from reader.library import check_article_id
from reader.paths import CONTENT_SUFFIXES, Library, iter_content_files
from reader.safe_read import FileTooBig, read_regular

WORKERS = 4  # pages fetched at once: polite to one site, quick enough for a list of links
FORM_SUFFIX = {"html": ".html", "markdown": ".md", "text": ".txt"}


@dataclass
class AddOptions:
    tags: list[str] = field(default_factory=list)
    article_id: str = ""  # --id: the new article's id instead of site/slug (one source only)
    fetch: FetchOptions = field(default_factory=FetchOptions)


@dataclass
class Outcome:
    """One source's result: a change (added, updated, unchanged) or a one-line error."""

    source: str
    change: Change | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.change is not None


Progress = Callable[[int, int, str], None]  # (done, total, source)


def is_url(source: str) -> bool:
    """An address (any scheme: ``ftp://`` is refused as one, not looked for as a file)."""
    return re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", source) is not None


def _store(library: Library) -> Any:
    """The bookmark store, for re-anchoring an updated article's bookmarks (loaded lazily)."""
    from reader.bookmarks import BookmarkStore

    store = BookmarkStore(library.bookmarks)
    store.load()
    return store


def _rules(library: Library) -> Any:
    from reader.content.rules import load_rules

    return load_rules(library.rules if library.rules.is_dir() else None)


def _fetch_all(urls: list[tuple[str, dict[str, str]]], options: FetchOptions) -> Iterator[Fetched | FetchError]:
    """Fetch ``(url, validators)`` pairs ``WORKERS`` at a time; results in the given order."""
    if not urls:
        return
    with make_client(options) as client, ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures: list[Future] = [
            pool.submit(fetch, url, client, options, etag=v.get("etag", ""), last_modified=v.get("last_modified", ""))
            for url, v in urls
        ]
        try:
            for fut in futures:
                try:
                    yield fut.result()
                except FetchError as exc:
                    yield exc
        finally:
            for fut in futures:
                fut.cancel()


def add_sources(library: Library, sources: list[str], options: AddOptions, *,
                progress: Progress | None = None, stdin: BinaryIO | None = None) -> list[Outcome]:
    """Add each source (a URL, a file, ``-`` for stdin) to the library; one outcome each, in order."""
    if options.article_id:
        if len(sources) != 1:
            raise UsageError("--id names one article: give one URL or file with it")
        check_article_id(options.article_id)
    library.ensure()
    rules = _rules(library)
    store_box: list[Any] = []

    def store() -> Any:
        if not store_box:
            store_box.append(_store(library))
        return store_box[0]

    # Known addresses are fetched conditionally, as a refresh.
    known: dict[str, tuple[Path, dict[str, Any]]] = {}
    urls = [s for s in dict.fromkeys(s for s in sources if is_url(s))]
    for url in urls:
        page = sidecar.find_by_url(library.content, url)
        if page is not None and page.is_file():
            known[url] = (page, sidecar.read_origin(page) or {})
    jobs = [(u, conditional_headers(known[u][1]) if u in known else {}) for u in urls]
    fetched = dict(zip(urls, _fetch_all(jobs, options.fetch)))

    outcomes: list[Outcome] = []
    for n, source in enumerate(sources, 1):
        try:
            if is_url(source):
                got = fetched[source]
                if isinstance(got, FetchError):
                    raise got
                change = _add_fetched(library, got, known.get(source), options, rules, store)
            else:
                change = _add_file(library, source, options, rules, store, stdin)
            outcomes.append(Outcome(source, change))
        except ReaderError as exc:
            outcomes.append(Outcome(source, error=exc.message))
        except OSError as exc:  # writing under content/: a full disk, a read-only folder
            outcomes.append(Outcome(source, error=f"{source}: cannot save: {exc.strerror or exc}"))
        if progress is not None:
            progress(n, len(sources), source)
    return outcomes


def _add_fetched(library: Library, got: Fetched, known: tuple[Path, dict[str, Any]] | None,
                 options: AddOptions, rules: Any, store: Callable[[], Any]) -> Change:
    when = sidecar.now_iso()
    if known is None and got.final_url != got.url:  # redirected to a page we already have
        page = sidecar.find_by_url(library.content, got.final_url)
        if page is not None and page.is_file():
            known = (page, sidecar.read_origin(page) or {})
    if known is not None:  # a second add of one address is a refresh
        page, record = known
        record = fetched_record(record, got, when)
        record["tags"] = _merge_tags(record.get("tags"), options.tags)
        article_id = library.article_id(page)
        return apply_update(library, article_id, page, record, None if got.not_modified else got.data,
                            rules=rules, store=store())
    record = fetched_record({"url": got.url, "added_at": when}, got, when)
    record["tags"] = list(options.tags)
    return _place_new(library, got.data, got.suffix, record, options, rules,
                      name=got.final_url, url=got.final_url)


def _add_file(library: Library, source: str, options: AddOptions, rules: Any,
              store: Callable[[], Any], stdin: BinaryIO | None) -> Change:
    limit = options.fetch.max_size
    when = sidecar.now_iso()
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise FetchError(f"-: too large (more than {limit:,} bytes; --max-size)")
        record: dict[str, Any] = {"file": "-", "added_at": when, "fetched_at": when}
        suffix = ""
    else:
        path = Path(source)
        try:
            data = read_regular(path, "page", limit=limit)
        except FileTooBig:
            raise FetchError(f"{source}: too large (more than {limit:,} bytes; --max-size)") from None
        absolute = str(path.resolve()) if path.exists() else source
        if _inside(path, library.content):
            raise UsageError(f"{source}: already in the library's content/ (its id is "
                             f"{library.article_id(path)}); `reader index` indexes it")
        record = {"file": absolute, "added_at": when, "fetched_at": when}
        suffix = path.suffix.lower() if path.suffix.lower() in CONTENT_SUFFIXES else ""
        existing = _find_by_file(library, absolute)
        if existing is not None:  # the same file added again: its new bytes replace the old
            old = sidecar.read_origin(existing) or {}
            record = {**old, "fetched_at": when, "tags": _merge_tags(old.get("tags"), options.tags)}
            return apply_update(library, library.article_id(existing), existing, record, data,
                                rules=rules, store=store())
    record["tags"] = list(options.tags)
    return _place_new(library, data, suffix, record, options, rules, name=source, url="")


def _inside(path: Path, content: Path) -> bool:
    try:
        path.resolve().relative_to(content.resolve())
        return True
    except (OSError, ValueError, RuntimeError):
        return False


def _find_by_file(library: Library, absolute: str) -> Path | None:
    if absolute == "-":
        return None
    for page, record in sidecar.records(library.content):
        if record.get("file") == absolute and page.is_file():
            return page
    return None


def _merge_tags(old: Any, new: Iterable[str]) -> list[str]:
    base = [str(t) for t in old] if isinstance(old, list) else []
    return list(dict.fromkeys([*base, *new]))


def _place_new(library: Library, data: bytes, suffix: str, record: dict[str, Any], options: AddOptions,
               rules: Any, *, name: str, url: str) -> Change:
    """Clean the bytes (for a title and a refusal of what is no page), name the article, write
    the page then its origin record."""
    if not data.strip():
        raise FetchError(f"{name}: empty page")
    if looks_binary(data):
        raise FetchError(f"{name}: not a page (binary data); reader keeps HTML, Markdown and text")
    article = clean_bytes(data, Path(name).name or "page", "", rules)
    if not suffix:
        suffix = FORM_SUFFIX.get(article.format, ".html")
    if article.url.startswith(("http://", "https://")):
        url = article.url  # the page's own address names its site (a mirror or a redirector does not)
    if options.article_id:
        page = library.content / (options.article_id + suffix)
        if save.taken(library.content / options.article_id):
            raise UsageError(f"{options.article_id}: an article with this id exists; give another --id")
        save.write_new(page, data)
    else:
        folder = library.content / (save.site_folder(url) if url else "local")
        stem = save.slug(article.title, url or name, article.date)
        while True:
            page = save.free_path(folder, stem, suffix)
            try:
                save.write_new(page, data)
                break
            except FileExistsError:  # another add took the name just now: the next one
                continue
    sidecar.write_origin(page, record)
    article_id = library.article_id(page)
    article.id = article_id
    from reader.content.origin import apply_origin

    apply_origin(article, page)
    return Change(article_id, "added", path=page, article=article,
                  comments_added=[c.id for c in article.comments])


def add_page(library: Library, data: bytes, suffix: str, record: dict[str, Any], *, tags: list[str],
             name: str, url: str) -> Change:
    """Put bytes an import carries (no fetch) under content/ as ``reader add`` puts a page:
    named from its title and address, with ``record`` as its origin record."""
    library.ensure()
    record = {**record, "tags": list(tags)}
    return _place_new(library, data, suffix, record, AddOptions(tags=list(tags)), _rules(library), name=name, url=url)


# -- refresh ------------------------------------------------------------------------------------

def fetched_pages(library: Library) -> Iterator[tuple[str, Path, dict[str, Any]]]:
    """(id, page, record) of every page added from an address, in the listing's order."""
    for page in iter_content_files(library.content, follow_links=library.follow_links):
        record = sidecar.read_origin(page)
        if record and isinstance(record.get("url"), str) and record["url"].startswith(("http://", "https://")):
            yield library.article_id(page), page, record


def refresh_articles(library: Library, ids: list[str] | None, options: FetchOptions, *,
                     since_days: float | None = None, progress: Progress | None = None) -> list[Outcome]:
    """Fetch again the pages ``ids`` (every page added from an address when None), each with a
    conditional GET. ``since_days``: only pages added in the last that many days (the ones
    whose comments still grow)."""
    from reader.library import article_path

    targets: list[tuple[str, Path, dict[str, Any]]] = []
    outcomes: dict[int, Outcome] = {}
    if ids is None:
        targets = list(fetched_pages(library))
    else:
        for n, article_id in enumerate(ids):
            try:
                page = article_path(library, article_id)
                _url, record = record_url(page)
                targets.append((article_id, page, record))
            except ReaderError as exc:
                outcomes[n] = Outcome(article_id, error=f"{article_id}: {exc.message}")
    if since_days is not None:
        cutoff = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=since_days)
        targets = [t for t in targets if _added_after(t[2], cutoff)]
    rules = _rules(library)
    store = _store(library) if targets else None
    jobs = [(str(r["url"]), conditional_headers(r)) for _id, _p, r in targets]
    results: list[Outcome] = []
    for n, ((article_id, page, record), got) in enumerate(zip(targets, _fetch_all(jobs, options)), 1):
        try:
            if isinstance(got, FetchError):
                raise FetchError(f"{article_id}: {got.message}")
            new_record = fetched_record(record, got, sidecar.now_iso())
            change = apply_update(library, article_id, page, new_record, None if got.not_modified else got.data,
                                  rules=rules, store=store)
            results.append(Outcome(article_id, change))
        except ReaderError as exc:
            results.append(Outcome(article_id, error=exc.message))
        except OSError as exc:
            results.append(Outcome(article_id, error=f"{article_id}: cannot save: {exc.strerror or exc}"))
        if progress is not None:
            progress(n, len(targets), article_id)
    errors = [outcomes[k] for k in sorted(outcomes)]
    return errors + results


def _added_after(record: dict[str, Any], cutoff: dt.datetime) -> bool:
    value = record.get("added_at") or record.get("fetched_at")
    try:
        when = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return True  # no date: refresh it rather than skip it silently
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when >= cutoff


def summary(change: Change) -> dict[str, Any]:
    """``reader add --json``: what the cleaned article is and where it was put."""
    article: Article | None = change.article
    if article is None and change.path is not None:  # unchanged: the article as it is on disk
        from reader.content import clean_file

        try:
            article = clean_file(change.path, article_id=change.id)
        except ReaderError:
            article = None
    return {
        "id": change.id,
        "status": change.status,
        "title": article.title if article else "",
        "url": article.url if article else "",
        "comments": len(article.comments) if article else None,
        "comments_added": len(change.comments_added),
        "path": str(change.path) if change.path else "",
    }


