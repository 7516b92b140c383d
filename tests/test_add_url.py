"""`reader add URL|FILE|-` and `reader refresh` against a local HTTP server (issue 11, items 1–2).

Every page comes from ../shared, served on 127.0.0.1 by the test process with the headers the
test chooses; the CLI runs in subprocesses. Nothing here reaches the internet, nothing is timed.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from add_support import Route, files_under, server  # noqa: F401 (the fixture)
from conftest import run_reader

SEED_002 = "seeds/002_02df9929d6e6fa34.txt"  # 2003 Kernel Summit: High Availability, 10 comments, no url
GIVEWELL = "corpus/pages/aeb--blog.givewell.org--ac3c035520.html"


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    (root / "content").mkdir(parents=True)
    return root


def reader(lib: Path, *args: str):
    return run_reader("--library", str(lib), *args)


def page(shared_dir: Path, rel: str) -> bytes:
    return (shared_dir / rel).read_bytes()


def test_add_by_url_is_searchable_and_keeps_the_url(shared_dir, server, lib):
    server.routes["/ha.txt"] = Route(page(shared_dir, SEED_002), content_type="text/plain; charset=utf-8",
                                     headers={"Last-Modified": "Tue, 22 Jul 2003 10:00:00 GMT"})
    url = server.url("/ha.txt")
    proc = reader(lib, "add", url)
    assert proc.returncode == 0, proc.stderr
    article_id = proc.stdout.strip()
    assert article_id == "127.0.0.1/2003-kernel-summit-high-availability"  # site from the host, slug from the title
    assert server.requests[0][1]["User-Agent"].startswith("reader/") and "read-it-later" in server.requests[0][1]["User-Agent"]
    saved = lib / "content" / (article_id + ".txt")
    assert saved.read_bytes() == page(shared_dir, SEED_002)  # the raw bytes, as fetched
    record = (lib / "content" / (article_id + ".txt.source.yaml")).read_text()
    assert f"url: {url}" in record and "status: 200" in record and "last_modified:" in record
    # searchable, and the page (which names no address) has the one it was fetched from
    found = json.loads(reader(lib, "search", "--json", "availability").stdout)
    assert [a["article"] for a in found["articles"]] == [article_id]
    cleaned = json.loads(reader(lib, "clean", "--json", str(saved)).stdout)
    assert cleaned["url"] == url and len(cleaned["comments"]) == 10
    listed = reader(lib).stdout  # the piped listing: the origin record is not an article
    assert article_id in listed and "1 article in" in listed


def test_add_json_prints_the_cleaned_summary(shared_dir, server, lib):
    server.routes["/gw"] = Route(page(shared_dir, GIVEWELL))
    proc = reader(lib, "add", "--json", "--tag", "charity", server.url("/gw"))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    # the page names its own address: that is kept, and names the site folder
    assert out["id"] == "blog.givewell/2018-september-2018-open-thread"
    assert out["url"].startswith("https://blog.givewell.org/2018/09/10/")
    assert out["title"] == "September 2018 open thread" and out["comments"] == 10
    assert Path(out["path"]).is_file() and out["status"] == "added"
    tags = json.loads(reader(lib, "search", "--json", "tag:charity").stdout)
    assert [a["article"] for a in tags["articles"]] == [out["id"]]


def test_redirects_are_followed_and_the_final_url_recorded(shared_dir, server, lib):
    server.routes["/old"] = Route(b"", status=301, headers={"Location": "/new"}, content_type="")
    server.routes["/new"] = Route(page(shared_dir, SEED_002), content_type="text/plain")
    proc = reader(lib, "add", server.url("/old"))
    assert proc.returncode == 0, proc.stderr
    record = next((lib / "content").rglob("*.source.yaml")).read_text()
    assert f"url: {server.url('/old')}" in record and f"final_url: {server.url('/new')}" in record
    saved = next(p for p in (lib / "content").rglob("*.txt"))
    assert json.loads(reader(lib, "clean", "--json", str(saved)).stdout)["url"] == server.url("/new")
    # the final address names the same article
    again = reader(lib, "add", server.url("/new"))
    assert again.returncode == 0 and again.stdout.startswith(proc.stdout.strip() + ": unchanged")


def test_two_adds_of_one_url_make_one_article_refreshed(shared_dir, server, lib):
    body = page(shared_dir, SEED_002)
    server.routes["/ha"] = Route(body, content_type="text/plain")
    first = reader(lib, "add", server.url("/ha"))
    article_id = first.stdout.strip()
    server.routes["/ha"] = Route(body.replace(b"high availability", b"HIGH availability", 1), content_type="text/plain")
    second = reader(lib, "add", server.url("/ha"))
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith(f"{article_id}: updated")
    pages = [p for p in files_under(lib / "content") if not p.startswith(".") and not p.endswith(".source.yaml")]
    assert pages == [article_id + ".txt"]
    history = list((lib / "content" / ".history" / article_id).iterdir())
    assert [p.read_bytes() for p in history] == [body]  # the replaced version is kept
    found = json.loads(reader(lib, "search", "--json", "availability").stdout)
    assert [a["article"] for a in found["articles"]] == [article_id]  # the history is not indexed


def test_refresh_sends_a_conditional_get_and_304_is_unchanged(shared_dir, server, lib):
    server.routes["/ha"] = Route(page(shared_dir, SEED_002), content_type="text/plain", etag='"v1"',
                                 headers={"Last-Modified": "Tue, 22 Jul 2003 10:00:00 GMT"})
    article_id = reader(lib, "add", server.url("/ha")).stdout.strip()
    proc = reader(lib, "refresh", article_id)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"{article_id}: unchanged"
    headers = server.requests[-1][1]
    assert headers["If-None-Match"] == '"v1"' and headers["If-Modified-Since"] == "Tue, 22 Jul 2003 10:00:00 GMT"
    assert not (lib / "content" / ".history").exists()
    assert reader(lib, "refresh", "--all").stdout.strip() == f"{article_id}: unchanged"


def test_refresh_of_an_article_not_added_from_a_url(lib):
    (lib / "content" / "mine.md").write_text("# Mine\n\nText.\n")
    proc = reader(lib, "refresh", "mine")
    assert proc.returncode == 1
    assert proc.stderr.startswith("reader: error: mine: not added from an address")
    assert reader(lib, "refresh").returncode == 2  # nothing named: usage


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("case", ["404", "timeout", "too-large", "too-large-streamed", "binary", "refused", "ftp"])
def test_fetch_errors_are_one_line_and_leave_nothing(shared_dir, server, lib, case):
    body = page(shared_dir, GIVEWELL)
    args: list[str] = []
    url = server.url("/p")
    if case == "timeout":
        server.routes["/p"] = Route(stall=True)
        args = ["--timeout", "0.5"]
    elif case == "too-large":
        server.routes["/p"] = Route(body)
        args = ["--max-size", "10k"]
    elif case == "too-large-streamed":  # no Content-Length: the cap is found while reading
        server.routes["/p"] = Route(body, length=False)
        args = ["--max-size", "10k"]
    elif case == "binary":
        server.routes["/p"] = Route(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, content_type="image/png")
    elif case == "refused":
        url = f"http://127.0.0.1:{_closed_port()}/p"
    elif case == "ftp":
        url = "ftp://127.0.0.1/p"
    proc = reader(lib, "add", *args, url)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"reader: error: {url}: "), proc.stderr
    expected = {"404": "HTTP 404", "timeout": "timed out", "too-large": "too large", "too-large-streamed": "too large",
                "binary": "not a page (image/png)", "refused": "connection refused", "ftp": "only http and https"}
    assert expected[case] in lines[0]
    assert proc.stdout == ""
    assert files_under(lib / "content") == []


def test_binary_bytes_without_a_type_are_refused(server, lib):
    server.routes["/x"] = Route(b"\x00\x01\x02" * 100, content_type="")
    proc = reader(lib, "add", server.url("/x"))
    assert proc.returncode == 1 and "not a page (binary data)" in proc.stderr
    assert files_under(lib / "content") == []


def test_a_hostile_address_is_printed_sanitised(server, lib):
    proc = reader(lib, "add", server.url("/\x1b]0;pwned\x07x"))
    assert proc.returncode == 1
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr


def test_several_urls_four_at_a_time_with_a_line_each(shared_dir, server, lib):
    server.routes["/ha"] = Route(page(shared_dir, SEED_002), content_type="text/plain")
    server.routes["/gw"] = Route(page(shared_dir, GIVEWELL))
    listing = lib / "urls.txt"
    listing.write_text(f"# to read\n{server.url('/gw')}\n\n{server.url('/missing')}\n")
    proc = reader(lib, "add", server.url("/ha"), "--from", str(listing))
    assert proc.returncode == 1  # one failed
    assert proc.stdout.splitlines() == [
        f"127.0.0.1/2003-kernel-summit-high-availability  {server.url('/ha')}",
        f"blog.givewell/2018-september-2018-open-thread  {server.url('/gw')}",
    ]
    assert proc.stderr.splitlines() == [f"reader: error: {server.url('/missing')}: HTTP 404 Not Found"]
    found = json.loads(reader(lib, "search", "--json", "open thread").stdout)
    assert "blog.givewell/2018-september-2018-open-thread" in [a["article"] for a in found["articles"]]


def test_add_a_file_and_stdin(shared_dir, lib, tmp_path):
    saved = tmp_path / "saved page.html"
    saved.write_bytes(page(shared_dir, GIVEWELL))
    proc = reader(lib, "add", "--id", "mine/open-thread", str(saved))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "mine/open-thread"
    assert (lib / "content" / "mine" / "open-thread.html").read_bytes() == saved.read_bytes()
    # stdin: the form is sniffed from the bytes (text here), the site from nowhere: local/
    data = page(shared_dir, SEED_002)
    proc = run_reader("--library", str(lib), "add", "-", input=data, text=False)
    assert proc.returncode == 0, proc.stderr
    article_id = proc.stdout.decode().strip()
    assert article_id == "local/2003-kernel-summit-high-availability"
    assert (lib / "content" / (article_id + ".txt")).read_bytes() == data
    # a second add of the same file replaces its bytes in the same article
    saved.write_bytes(saved.read_bytes().replace(b"open thread", b"open Thread"))
    again = reader(lib, "add", str(saved))
    assert again.returncode == 0 and again.stdout.startswith("mine/open-thread: updated")
    # an unreadable file is one line, and nothing is written
    before = files_under(lib / "content")
    missing = reader(lib, "add", str(tmp_path / "nope.html"))
    assert missing.returncode == 1 and len(missing.stderr.splitlines()) == 1
    assert missing.stderr.startswith("reader: error: ") and "nope.html" in missing.stderr
    assert files_under(lib / "content") == before


LWN_PAGE = "corpus/pages/readability--lwn.net--lwn-1.html"  # an LWN weekly edition: href="/Articles/…"


def test_relative_links_are_made_absolute_lwn_and_origin(shared_dir, server, lib):
    """Links like ``/Articles/637755/`` in a real LWN page come out as https://lwn.net/…; a
    page that names no address of its own resolves its relative links against the address it
    was fetched from (the origin record)."""
    from reader.content import clean_file

    raw = page(shared_dir, LWN_PAGE)
    assert b'href="/Articles/637755/"' in raw
    server.routes["/lwn"] = Route(raw)
    bare = (b"<html><head><title>Notes on links</title></head><body><article><h1>Notes on links</h1><p>"
            + b"A paragraph of words to make this page an article. " * 20
            + b'See <a href="/Articles/123/">the article</a> and <a href="next.html">the next page</a>'
            + b' and <a href="#top">the top</a>.</p></article></body></html>')
    server.routes["/notes/index.html"] = Route(bare)
    for path in ("/lwn", "/notes/index.html"):
        proc = reader(lib, "add", server.url(path))
        assert proc.returncode == 0, proc.stderr
    lwn = clean_file(next((lib / "content").rglob("*weekly-edition*.html")))
    assert "](https://lwn.net/Articles/637755/)" in lwn.body and "](/Articles/" not in lwn.body
    notes = clean_file(next((lib / "content").rglob("*notes-on-links*.html")))
    assert notes.url == server.url("/notes/index.html")
    assert f"[the article]({server.base}/Articles/123/)" in notes.body
    assert f"[the next page]({server.base}/notes/next.html)" in notes.body
    assert "[the top](#top)" in notes.body  # a fragment stays a fragment
