"""Fetching one page over HTTP(S) with httpx: bounded in time and size, pages only.

- Redirects are followed (at most 10); the final address is kept for the origin record.
- Proxies come from the environment (``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY``,
  ``NO_PROXY``: httpx's ``trust_env``), as curl and wget do.
- The body is streamed and abandoned past ``max_size`` bytes (after decompression: a small
  gzip bomb must not fill memory either); a ``Content-Length`` past it is refused before a byte
  is read.
- Only pages: ``text/html``, ``application/xhtml+xml``, ``text/plain``, ``text/markdown``
  (and no type at all, which the cleaner sniffs). The bytes are kept as sent: the cleaner
  decodes them itself (BOM, ``<meta charset>``, charset-normalizer), and the header's charset
  is recorded beside them.
- A conditional GET (``etag``/``last_modified``) that the server answers 304 is ``not_modified``.

Every failure is a ``FetchError`` with one line fit for the user (``DNS``, ``TLS``, ``HTTP 404``,
``timed out``, ``too large``, ``not a page``).
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass, field

import httpx

from reader import __version__
from reader.errors import ReaderError

USER_AGENT = f"reader/{__version__} (+local read-it-later)"
DEFAULT_MAX_SIZE = 20_000_000  # bytes; no article is bigger, and the cleaner cuts at 8M chars
DEFAULT_TIMEOUT = 30.0  # seconds without progress (connect, each read), not for the whole page
MAX_REDIRECTS = 10
PAGE_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
}


class FetchError(ReaderError):
    """A page that could not be fetched; the message is one line naming why."""

    title = "error"
    exit_code = 1


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = DEFAULT_TIMEOUT
    max_size: int = DEFAULT_MAX_SIZE
    user_agent: str = USER_AGENT

    @classmethod
    def from_env(cls, timeout: float | None = None, max_size: int | None = None) -> "FetchOptions":
        """Options given on the command line, else ``READER_FETCH_TIMEOUT`` (seconds) and
        ``READER_FETCH_MAX_MB``, else the defaults."""
        if timeout is None:
            timeout = _env_float("READER_FETCH_TIMEOUT", DEFAULT_TIMEOUT)
        if max_size is None:
            max_size = int(_env_float("READER_FETCH_MAX_MB", DEFAULT_MAX_SIZE / 1e6) * 1e6)
        return cls(timeout=timeout, max_size=max_size)


def _env_float(var: str, default: float) -> float:
    try:
        value = float(os.environ.get(var, ""))
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    data: bytes = b""
    content_type: str = ""  # the media type alone, lower case ("" when the server sent none)
    charset: str = ""
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False  # a conditional GET answered 304: ``data`` is empty
    redirects: list[str] = field(default_factory=list)  # the addresses that redirected

    @property
    def suffix(self) -> str:
        """The file suffix for this page's bytes (``.html`` when the type says nothing)."""
        return PAGE_TYPES.get(self.content_type, ".html")


def make_client(options: FetchOptions) -> httpx.Client:
    """One client for a batch (connections reused); thread-safe for concurrent GETs."""
    return httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(options.timeout),
        trust_env=True,
        headers={"User-Agent": options.user_agent, "Accept": _ACCEPT},
        limits=httpx.Limits(max_connections=8, max_keepalive_connections=4),
    )


_ACCEPT = "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8"


def fetch(url: str, client: httpx.Client, options: FetchOptions, *, etag: str = "",
          last_modified: str = "") -> Fetched:
    """GET ``url`` (conditionally when ``etag``/``last_modified`` are given)."""
    check_url(url)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with client.stream("GET", url, headers=headers) as response:
            got = Fetched(
                url=url,
                final_url=str(response.url),
                status=response.status_code,
                etag=response.headers.get("etag", ""),
                last_modified=response.headers.get("last-modified", ""),
                redirects=[str(r.url) for r in response.history],
            )
            if response.status_code == 304:
                got.not_modified = True
                return got
            if not 200 <= response.status_code < 300:
                raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip())
            got.content_type, got.charset = _media_type(response.headers.get("content-type", ""))
            if got.content_type and got.content_type not in PAGE_TYPES:
                raise FetchError(f"{url}: not a page ({got.content_type}); reader keeps HTML, Markdown and text")
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > options.max_size:
                raise FetchError(f"{url}: too large ({_mb(int(length))}; the limit is {_mb(options.max_size)}, --max-size)")
            got.data = _read_capped(response, url, options.max_size)
            return got
    except FetchError:
        raise
    except httpx.TooManyRedirects:
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects") from None
    except httpx.TimeoutException:
        raise FetchError(f"{url}: timed out (no answer for {options.timeout:g} s; --timeout)") from None
    except httpx.ConnectError as exc:
        raise FetchError(f"{url}: {_connect_reason(exc)}") from None
    except httpx.UnsupportedProtocol:
        raise FetchError(f"{url}: only http and https addresses can be fetched") from None
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(f"{url}: not a valid address ({exc})") from None
    except httpx.HTTPError as exc:  # protocol errors, a connection dropped mid-page, a bad proxy
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None


def check_url(url: str) -> None:
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"{url}: only http and https addresses can be fetched")


def _read_capped(response: httpx.Response, url: str, limit: int) -> bytes:
    parts: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:  # stop reading: leaving the block closes the connection
            raise FetchError(f"{url}: too large (more than {_mb(limit)}; --max-size)")
        parts.append(chunk)
    return b"".join(parts)


def _media_type(header: str) -> tuple[str, str]:
    kind, _, params = header.partition(";")
    charset = ""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return kind.strip().lower(), charset


def _connect_reason(exc: httpx.ConnectError) -> str:
    """What went wrong, in words: a DNS failure, a TLS problem, a refused connection."""
    text = str(exc)
    cause = exc.__cause__ or exc.__context__
    while cause is not None and not isinstance(cause, (ssl.SSLError, OSError)):
        cause = cause.__cause__ or cause.__context__
    low = text.lower()
    if isinstance(cause, ssl.SSLError) or "ssl" in low or "certificate" in low:
        return f"TLS error ({text})"
    if "name or service not known" in low or "nodename nor servname" in low or "name resolution" in low \
            or "getaddrinfo" in low or "no address associated" in low:
        return f"DNS lookup failed ({text})"
    if "refused" in low:
        return "connection refused"
    return f"cannot connect ({text})"


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"
