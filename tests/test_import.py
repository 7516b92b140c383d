"""`reader import FORMAT FILE` (issue 12, item 1): each format from a fixture written after the
format's public documentation or exporter source (cited per test), carrying real pages of
../shared where the format carries article text; highlights quoting real passages of them.

Every highlight is accounted for: anchored (exact or fuzzy) or kept as an orphaned bookmark
with its text. Importing twice adds nothing; a bad file imports nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from add_support import Route, server  # noqa: F401 (the fixture)
from conftest import run_reader
from import_support import export_file
from reader.bookmarks import BookmarkStore
from reader.importing import BadImport, ImportOptions, import_batch, parse
from reader.paths import Library
from reader.state import State


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    root = tmp_path / "lib"
    (root / "content").mkdir(parents=True)
    return Library(root, "test")


def bookmarks(lib: Library) -> list:
    store = BookmarkStore(lib.bookmarks)
    store.load()
    assert store.error is None
    return store.bookmarks


def pages(lib: Library) -> list[str]:
    return sorted(p.relative_to(lib.content).as_posix() for p in lib.content.rglob("*") if p.is_file())


def do_import(lib: Library, fmt: str, path: Path, **options):
    return import_batch(lib, parse(fmt, path), ImportOptions(**options), file=str(path))


# -- wallabag ---------------------------------------------------------------------------------

def test_wallabag_export_pages_tags_read_state_and_annotations(shared_dir, lib, tmp_path):
    """Shape from wallabag's serializer (src/Entity/Entry.php, groups entries_for_user and
    export_all; src/Helper/EntriesExport.php writes it): entries with content HTML, tags,
    is_archived and annotator.js annotations {quote, text, ranges}. Article texts: two real
    pages of ../shared (Readability's readable HTML of LWN and Mozilla Hacks articles)."""
    path = export_file(shared_dir, "wallabag-export.json", tmp_path / "in")
    report = do_import(lib, "wallabag", path)
    assert report.counts() == {"imported": 2}
    ids = {r.name: r.article for r in report.rows}
    lwn = ids["https://lwn.net/Articles/637755/"]
    hacks = ids["https://hacks.mozilla.org/2015/03/this-api-is-so-fetching/"]
    assert lwn == "lwn/2015-a-trademark-battle-in-the-arduino-community"
    assert hacks.startswith("hacks.mozilla/")
    # the pages are saved with their origin record (no network was used)
    record = (lib.content / (lwn + ".html.source.yaml")).read_text()
    assert "imported_from: wallabag" in record and "- hardware" in record

    from reader.library import load_article

    article = load_article(lib, lwn)
    assert article.title == "A trademark battle in the Arduino community"
    assert article.author == "Nathan Willis" and article.url == "https://lwn.net/Articles/637755/"
    assert {"hardware", "legal"} <= set(article.tags)
    # archived → read; the other is not
    state = State(lib.state)
    assert state.is_read(hacks) and not state.is_read(lwn)
    assert report.read_marked == 1

    marks = {b.exact: b for b in bookmarks(lib)}
    assert len(marks) == 5
    first = marks["The Arduino has been one of the biggest success stories of the open-hardware movement"]
    assert first.status == "exact" and first.note == "The whole story starts here." and first.article == lwn
    assert first.created == "2015-03-28T09:00:00Z" and first.extra["imported_from"] == "wallabag"
    # the quote wallabag took across a line break anchors exactly on the text as we show it
    assert marks["two companies that both bear the Arduino name: Arduino LLC and Arduino SRL"].status == "exact"
    # one word off: found where it is, as fuzzy
    off = next(b for b in marks.values() if b.exact.startswith("The disagreements that led to"))
    assert off.status == "fuzzy" and off.exact == "The disagreements that led to present state of affairs go back a bit further."
    # not in the page: kept, orphaned, with its text and note
    gone = marks["Nobody at either company would comment on the record for this article."]
    assert gone.status == "orphaned" and gone.note == "this passage was edited out of the page since"
    assert marks["The Fetch API intends to fix most of these problems."].article == hacks
    assert report.bookmarks() == {"exact": 3, "fuzzy": 1, "orphaned": 1}


def test_wallabag_import_twice_adds_nothing(shared_dir, lib, tmp_path):
    path = export_file(shared_dir, "wallabag-export.json", tmp_path / "in")
    do_import(lib, "wallabag", path)
    before_pages, before_marks = pages(lib), lib.bookmarks.read_bytes()
    again = do_import(lib, "wallabag", path)
    assert again.counts() == {"already there": 2}
    assert again.bookmarks() == {"already": 5}
    assert pages(lib) == before_pages and lib.bookmarks.read_bytes() == before_marks


def test_wallabag_dry_run_writes_nothing_and_says_what_it_would_do(shared_dir, lib, tmp_path):
    path = export_file(shared_dir, "wallabag-export.json", tmp_path / "in")
    report = do_import(lib, "wallabag", path, dry_run=True)
    assert report.counts() == {"imported": 2} and report.bookmarks() == {"exact": 3, "fuzzy": 1, "orphaned": 1}
    assert pages(lib) == [] and not lib.bookmarks.exists() and not lib.state.exists()
    assert "dry run" in report.summary()


# -- Omnivore ---------------------------------------------------------------------------------

def test_omnivore_zip_content_labels_state_and_highlights(shared_dir, lib, tmp_path):
    """Shape from Omnivore's exporter (omnivore-app/omnivore packages/api/src/jobs/export.ts):
    metadata_<from>_to_<to>.json (slug, title, author, url, state, readingProgress, labels,
    savedAt, publishedAt), content/<slug>.html, highlights/<slug>.md written by
    highlightToMarkdown ("> quote", then "#label" and the note after blank lines). Article
    texts: Readability's readable HTML of a WP Tavern and a Mozilla Hacks article (../shared)."""
    path = export_file(shared_dir, "omnivore", tmp_path / "in")
    report = do_import(lib, "omnivore", path, fetch=False)
    assert report.counts() == {"imported": 2, "skipped": 1}
    rows = {r.name: r for r in report.rows}
    tavern = rows["https://wptavern.com/stack-overflow-jobs-data-shows-reactjs-skills-in-high-demand-"
                  "wordpress-market-oversaturated-with-developers"].article
    hacks = rows["https://hacks.mozilla.org/2015/03/this-api-is-so-fetching/"].article
    skipped = rows["https://example.org/unparsed"]
    assert skipped.detail == "not fetched (--no-fetch)"  # no content in the export: its address only

    from reader.library import load_article

    article = load_article(lib, tavern)
    assert article.title.startswith("Stack Overflow Jobs Data Shows ReactJS Skills")
    assert article.author == "Sarah Gooding" and {"jobs", "wordpress"} <= set(article.tags)
    state = State(lib.state)
    assert state.is_read(hacks) and not state.is_read(tavern)  # Archived → read

    marks = {b.exact: b for b in bookmarks(lib)}
    survey = next(b for b in marks.values() if b.exact.startswith("In 2016, the site surveyed"))
    # Omnivore's straight quotes match the page's curly ones; labels → tags, the note kept
    assert survey.status == "exact" and survey.exact.endswith("“biased against devs who don’t speak English.”")
    assert survey.tags == ["surveys", "bias"]
    assert survey.note == "Selection bias: the data says who answers Stack Overflow surveys."
    # a quote over two paragraphs anchors across them
    two = next(b for b in marks.values() if b.exact.startswith("WordPress is last among"))
    assert two.status == "exact" and "\n\nIn looking at these results" in two.exact
    assert marks["Stack Overflow is somewhat unique in that it identifies trends in specific tech skills"].status == "exact"
    wrong = marks["ReactJS developers earn twice what WordPress developers earn, the report says."]
    assert wrong.status == "orphaned" and wrong.note == "Not in the article: remembered wrongly."
    assert marks["It suffers from lack of separation of concerns."].article == hacks
    assert report.bookmarks() == {"exact": 4, "orphaned": 1}
    again = do_import(lib, "omnivore", path, fetch=False)
    assert again.counts() == {"already there": 2, "skipped": 1} and again.bookmarks()["already"] == 5


# -- bad files --------------------------------------------------------------------------------

def test_bad_files_say_what_is_wrong_in_one_line_and_import_nothing(shared_dir, lib, tmp_path):
    good = export_file(shared_dir, "omnivore", tmp_path / "in")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(BadImport, match="not a readable ZIP file"):
        parse("omnivore", truncated)
    wallabag = export_file(shared_dir, "wallabag-export.json", tmp_path / "in")
    with pytest.raises(BadImport, match="not an Omnivore export"):
        parse("omnivore", wallabag)  # JSON, not a ZIP
    with pytest.raises(BadImport, match=r"no metadata_\*\.json"):
        import zipfile

        other = tmp_path / "other.zip"
        with zipfile.ZipFile(other, "w") as z:
            z.writestr("part_000000.csv", "title,url,time_added,tags,status\n")
        parse("omnivore", other)
    hypothesis_shaped = tmp_path / "h.json"
    hypothesis_shaped.write_text(json.dumps({"total": 0, "rows": []}))
    with pytest.raises(BadImport, match="not a wallabag export"):
        parse("wallabag", hypothesis_shaped)
    wrong_header = tmp_path / "instapaper.csv"
    wrong_header.write_text("url,title,note\nhttps://lwn.net/,LWN,\n")
    with pytest.raises(BadImport, match="no column URL, Title, Selection, Folder, Timestamp"):
        parse("instapaper", wrong_header)
    # through the CLI: one line on stderr, exit 1, the library untouched
    proc = run_reader("--library", str(lib.root), "import", "omnivore", str(truncated))
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "not a readable ZIP file" in proc.stderr
    assert pages(lib) == [] and not lib.bookmarks.exists()


def test_cli_import_prints_the_report_and_json(shared_dir, lib, tmp_path):
    path = export_file(shared_dir, "wallabag-export.json", tmp_path / "in")
    proc = run_reader("--library", str(lib.root), "import", "wallabag", str(path))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("imported      lwn/2015-a-trademark-battle-in-the-arduino-community")
    assert "[highlights: 2 exact, 1 fuzzy, 1 orphaned]" in lines[0]
    assert lines[-1] == ("wallabag: 2 imported; bookmarks: 5 new (3 exact, 1 fuzzy, 1 orphaned); 1 marked read")
    found = json.loads(run_reader("--library", str(lib.root), "search", "--json", "Arduino trademark").stdout)
    assert found["articles"][0]["article"] == "lwn/2015-a-trademark-battle-in-the-arduino-community"  # indexed
    again = run_reader("--library", str(lib.root), "import", "wallabag", str(path), "--json")
    data = json.loads(again.stdout)
    assert data["counts"] == {"already there": 2} and data["bookmarks"] == {"already": 5}


# -- highlights only: Hypothesis, Readwise -----------------------------------------------------

@pytest.fixture
def seeded(lib: Library, repo_root: Path, shared_dir: Path) -> Library:
    """The five seeds (no address; matched by title) and two real pages that name their address."""
    import shutil

    shutil.copytree(repo_root / "content", lib.content, dirs_exist_ok=True)
    web = lib.content / "web"
    web.mkdir()
    for name in ("traf--lemire.me.json.html", "readability--hacks.mozilla.org--002.html"):
        shutil.copyfile(shared_dir / "corpus" / "pages" / name, web / (name.split("--")[1].replace(".html", "") + ".html"))
    return lib


def test_hypothesis_annotations_matched_by_address_then_title(seeded, tmp_path):
    """Shape from the Hypothesis API reference (h.readthedocs.io/en/latest/api-reference,
    "Annotation": uri, text, tags, created, document.title, target[].selector with
    TextQuoteSelector exact/prefix/suffix, TextPositionSelector, RangeSelector), as
    ``GET /api/search`` answers ({total, rows})."""
    path = export_file(Path("/nonexistent"), "hypothesis-search.json", tmp_path / "in")
    report = do_import(seeded, "hypothesis", path)
    rows = {r.name: r for r in report.rows}
    assert rows["https://lemire.me/blog/2019/08/02/json-parsing-simdjson-vs-json-for-modern-c/"].article == "web/lemire.me.json"
    # http vs https and a fragment: the same address
    assert rows["http://hacks.mozilla.org/2015/03/this-api-is-so-fetching/#simple-fetching"].article == "web/hacks.mozilla.org"
    # an address the library does not know, a title it does: matched by title
    assert rows["https://lwn.net/Articles/357658/"].article == "lwn/2009-ks-how-google-uses-linux"
    unmatched = rows["https://example.net/a-page-this-library-never-saved"]
    assert unmatched.status == "unmatched" and unmatched.bookmarks == {"unmatched": 1}
    assert any("page note" in w for w in report.warnings)

    marks = {b.exact: b for b in bookmarks(seeded)}
    json_mark = marks["There is a lot of JSON that needs to be parsed and validated."]
    assert json_mark.status == "exact" and json_mark.tags == ["json", "performance"]
    assert json_mark.note == "The point of the whole post." and json_mark.created == "2019-08-03T10:11:12Z"
    # "Google" occurs many times: the context of the annotation picks the first
    google = marks["Google"]
    assert google.status == "exact" and google.anchor.prefix.endswith("more Linux systems than ")
    assert marks["He apologized for that."].article == "lwn/2009-ks-how-google-uses-linux"
    assert report.bookmarks() == {"exact": 4, "unmatched": 1}
    assert do_import(seeded, "hypothesis", path).bookmarks() == {"already": 4, "unmatched": 1}


def test_readwise_export_and_import_template_csv(seeded, tmp_path):
    """Readwise's CSV export header (readwise.io/export: Highlight, Book Title, Book Author,
    Amazon Book ID, Note, Color, Tags, Location Type, Location, Highlighted at, Document tags)
    and its import template (readwise.io/import_bulk: Highlight, Title, Author, URL, Note,
    Location, Date). Highlights quote the seeds and a real page of ../shared."""
    export = do_import(seeded, "readwise", export_file(Path("."), "readwise-export.csv", tmp_path / "in"))
    rows = {r.name: r for r in export.rows}
    assert rows["Kernel Summit: The customer panel"].article == "lwn/2004-kernel-summit-customer-panel"
    assert rows["KS2007: The customer panel"].article == "lwn/2007-ks-customer-panel"
    assert rows["The Art of Unix Programming"].status == "unmatched"
    template = do_import(seeded, "readwise", export_file(Path("."), "readwise-template.csv", tmp_path / "in"))
    assert {r.article for r in template.rows} == {"web/lemire.me.json", "lwn/2009-ks-how-google-uses-linux"}
    marks = {b.exact: b for b in bookmarks(seeded)}
    padwa = marks["Daniel Padwa is a technical manager at Goldman Sachs."]
    assert padwa.note == "Who spoke first" and padwa.tags == ["panel", "finance"] and padwa.status == "exact"
    assert padwa.created == "2021-05-06T21:37:00Z"
    assert marks["Thus, roughly speaking, simdjson can parse, validate a JSON document and create a DOM tree, "
                 "at a speed of about 2 GB/s."].note == "20x faster"
    assert all(b.status == "exact" for b in marks.values()) and len(marks) == 5
    bad = tmp_path / "other.csv"
    bad.write_text("Quote,Page\nx,y\n")
    with pytest.raises(BadImport, match="no column Highlight, Title"):
        parse("readwise", bad)


# -- addresses only: Pocket, Instapaper, browser bookmarks, URL lists (fetched locally) ---------

PAGES = {"/lemire": "traf--lemire.me.json.html", "/givewell": "aeb--blog.givewell.org--ac3c035520.html",
         "/hacks": "readability--hacks.mozilla.org--002.html"}


@pytest.fixture
def served(server, shared_dir):
    """The local test server of the `reader add` tests with three real pages; /gone is a 404."""
    for route, name in PAGES.items():
        server.routes[route] = Route((shared_dir / "corpus" / "pages" / name).read_bytes())
    return server


def by_route(report, served) -> dict:
    return {r.name.removeprefix(served.base): r for r in report.rows}


def test_pocket_zip_of_csv_parts_fetches_tags_and_archive(served, shared_dir, lib, tmp_path):
    """Shape of Pocket's 2025 export (getpocket.com/export: a ZIP of part_000000.csv… with
    title,url,time_added,tags,status; tags split on |, status archive or unread)."""
    path = export_file(shared_dir, "pocket", tmp_path / "in", server=served.base)
    dry = do_import(lib, "pocket", path, dry_run=True)
    assert dry.counts() == {"skipped": 3} and pages(lib) == [] and served.requests == []
    report = do_import(lib, "pocket", path)
    rows = by_route(report, served)
    assert rows["/lemire"].status == "fetched" and rows["/givewell"].status == "fetched"
    assert rows["/gone"].status == "failed" and "404" in rows["/gone"].detail
    assert report.failed == 1
    lemire = rows["/lemire"].article
    from reader.library import load_article

    assert set(load_article(lib, lemire).tags) >= {"json", "performance"}
    record = (lib.content / (lemire + ".html.source.yaml")).read_text()
    assert "imported_from: pocket" in record and "saved_at: '2019-08-03T10:00:00Z'" in record
    state = State(lib.state)
    assert state.is_read(lemire) and not state.is_read(rows["/givewell"].article)
    # again: what is there is skipped (not fetched again); the gone page is tried again
    served.requests.clear()
    again = by_route(do_import(lib, "pocket", path), served)
    assert again["/lemire"].status == "already there" and again["/gone"].status == "failed"
    assert [p for p, _h in served.requests] == ["/gone"]


def test_pocket_older_html_export(served, shared_dir, lib, tmp_path):
    """Pocket's export until 2025 (ril_export.html: <h1>Unread</h1> and <h1>Read Archive</h1>
    lists of <a href time_added tags>)."""
    path = export_file(shared_dir, "ril_export.html", tmp_path / "in", server=served.base)
    rows = by_route(do_import(lib, "pocket", path), served)
    assert rows["/givewell"].status == "fetched" and rows["/lemire"].status == "fetched"
    state = State(lib.state)
    assert state.is_read(rows["/lemire"].article) and not state.is_read(rows["/givewell"].article)
    from reader.library import load_article

    assert {"charity", "open thread"} <= set(load_article(lib, rows["/givewell"].article).tags)


def test_instapaper_csv_selection_becomes_a_bookmark_once_fetched(served, shared_dir, lib, tmp_path):
    """Instapaper's CSV export (Settings → Export: URL,Title,Selection,Folder,Timestamp): the
    Selection anchored in the fetched page, or kept orphaned with its text; Archive → read,
    another folder → a tag."""
    path = export_file(shared_dir, "instapaper-export.csv", tmp_path / "in", server=served.base)
    report = do_import(lib, "instapaper", path)
    rows = by_route(report, served)
    assert {r.status for r in rows.values()} == {"fetched"}
    marks = {b.exact: b for b in bookmarks(lib)}
    design = marks["It is designed for ease-of-use: it makes the life of the programmer as easy as possible."]
    assert design.status == "exact" and design.article == rows["/lemire"].article
    summary = marks["A summary Instapaper kept, which the page does not say."]
    assert summary.status == "orphaned" and summary.article == rows["/hacks"].article
    state = State(lib.state)
    assert state.is_read(rows["/lemire"].article) and not state.is_read(rows["/hacks"].article)
    from reader.library import load_article

    assert "Web" in load_article(lib, rows["/hacks"].article).tags
    assert do_import(lib, "instapaper", path).bookmarks() == {"already": 2}


def test_browser_bookmarks_folders_become_tags_and_url_lists(served, shared_dir, lib, tmp_path):
    """The Netscape bookmark file every browser exports (<DT><H3> folders holding <DL> lists of
    <DT><A HREF ADD_DATE TAGS>; Firefox's place: queries are no pages)."""
    path = export_file(shared_dir, "bookmarks.html", tmp_path / "in", server=served.base)
    report = do_import(lib, "bookmarks", path)
    rows = by_route(report, served)
    assert set(rows) == {"/lemire", "/hacks", "/givewell"}
    assert any("place:type=6" in w for w in report.warnings)
    from reader.library import load_article

    assert {"Programming", "Web APIs"} <= set(load_article(lib, rows["/hacks"].article).tags)
    assert "Web APIs" not in load_article(lib, rows["/lemire"].article).tags
    assert {"Programming", "json"} <= set(load_article(lib, rows["/lemire"].article).tags)
    urls = export_file(shared_dir, "urls.txt", tmp_path / "in", server=served.base)
    listed = by_route(do_import(lib, "urls", urls), served)
    assert {k: r.status for k, r in listed.items()} == {"/lemire": "already there", "/givewell": "already there"}
    bad = tmp_path / "notes.txt"
    bad.write_text("http://x.example/\nsee also my notes\n")
    with pytest.raises(BadImport, match="line 2 is not a web address"):
        parse("urls", bad)


def test_a_failure_while_writing_leaves_the_library_as_it_was(shared_dir, lib, tmp_path, monkeypatch):
    """All or nothing per file: pages written before the failure are removed again."""
    import errno

    path = export_file(shared_dir, "wallabag-export.json", tmp_path / "in")

    def full_disk(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(BookmarkStore, "update_many", full_disk)
    from reader.errors import ReaderError

    with pytest.raises(ReaderError, match="import stopped, nothing imported: No space left on device"):
        do_import(lib, "wallabag", path)
    assert pages(lib) == [] and not lib.bookmarks.exists() and not lib.state.exists()
    assert list(lib.content.iterdir()) == []  # the site folders it made are gone too
    monkeypatch.undo()
    # an unreadable bookmarks.yaml: refused before anything is written, the file left as it is
    lib.bookmarks.write_text("- id: [unclosed\n")
    from reader.bookmarks import BookmarksUnreadable

    with pytest.raises(BookmarksUnreadable):
        do_import(lib, "wallabag", path)
    assert pages(lib) == [] and lib.bookmarks.read_text() == "- id: [unclosed\n"


def test_one_page_listed_twice_in_a_file_is_fetched_once(served, lib, tmp_path):
    listing = tmp_path / "links.txt"
    listing.write_text(f"{served.base}/lemire\n{served.base}/lemire/\n{served.base}/lemire#comments\n")
    report = do_import(lib, "urls", listing)
    assert report.counts() == {"fetched": 1, "already there": 2}
    assert [p for p, _h in served.requests] == ["/lemire"]
    assert len([p for p in pages(lib) if p.endswith(".html")]) == 1


def test_instapaper_newer_export_with_a_tags_column(lib, tmp_path):
    """Newer Instapaper exports add a Tags column (a JSON list of names); --no-fetch leaves
    the pages out and says so, the selection waiting for its page."""
    path = tmp_path / "instapaper.csv"
    path.write_text('URL,Title,Selection,Folder,Timestamp,Tags\n'
                    'https://lwn.net/Articles/357658/,How Google uses Linux,He apologized for that.,Kernel,'
                    '1256115600,"[""google"", ""kernel summit""]"\n')
    batch = parse("instapaper", path)
    assert batch.items[0].tags == ["google", "kernel summit", "Kernel"]
    report = import_batch(lib, batch, ImportOptions(fetch=False))
    assert report.counts() == {"skipped": 1} and report.bookmarks() == {"pending": 1}
    assert "1 waiting for their page" in report.summary() and pages(lib) == []
