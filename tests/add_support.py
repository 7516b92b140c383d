"""A local HTTP server for the `reader add` / `reader refresh` tests: real pages from ../shared,
headers of the test's choosing, on 127.0.0.1 (no test touches the internet)."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    etag: str = ""  # answered with 304 when the request's If-None-Match is this
    length: bool = True  # send Content-Length (else the body ends when the connection does)
    stall: bool = False  # say nothing until the test ends (a server that hangs)


class PageServer:
    """``routes[path] = Route(...)``; ``requests`` records (path, headers) of every GET."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                if route.stall:
                    server.stop.wait(30)
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                if route.content_type:
                    self.send_header("Content-Type", route.content_type)
                if route.etag:
                    self.send_header("ETag", route.etag)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                if route.length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (too large): as a real server sees it

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> "PageServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(monkeypatch):
    # The CLI subprocesses inherit the environment: no proxy may stand between them and 127.0.0.1.
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with PageServer() as s:
        yield s


def files_under(folder: Path) -> list[str]:
    """Every file under ``folder``, dot files and temp files included, relative and sorted."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


# -- an LWN page with comments removed: "the same page, before two more comments came" ----------

LWN_HEADER = re.compile(r"(?=### [^\n#]*?Posted [A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} UTC)")


def comment_chunks(text: str) -> list[str]:
    """The page cut before each comment header: [article, comment 1, comment 2, …]."""
    return LWN_HEADER.split(text)


def without_two_comments(text: str, comments: list) -> tuple[str, list[int]]:
    """``text`` less two top-level comments that have no replies (so the thread shape of the
    rest is untouched), taken from the middle of the page; and their ranks (0-based)."""
    chunks = comment_chunks(text)
    assert len(chunks) - 1 == len(comments), "the header pattern must find every comment"
    parents = {c.parent for c in comments}
    leaves = [i for i, c in enumerate(comments[:-1]) if c.depth == 0 and c.id not in parents and i > 0]
    assert len(leaves) >= 2, "the page needs two top-level comments without replies"
    gone = leaves[:2]
    kept = [chunks[0]] + [chunk for i, chunk in enumerate(chunks[1:]) if i not in gone]
    return "".join(kept), gone
