"""reader.adding: pages into the library — ``reader add`` and ``reader refresh`` — without Textual.

    outcomes = add_sources(library, ["https://lwn.net/Articles/1/", "saved.html"], AddOptions())
    outcomes = refresh_articles(library, None, FetchOptions())   # every page added from a URL
    refresh_index(library)                                       # reader.library, once after

Modules: ``fetch`` (httpx: timeouts, redirects, env proxies, size cap, pages only), ``save``
(where new bytes go under content/, history of replaced versions), ``sidecar`` (the origin
record beside each page), ``refresh`` (a conditional GET's outcome applied: history, new bytes,
comments compared, bookmarks re-anchored), ``add`` (batches: four fetches at a time).
"""

from __future__ import annotations

from reader.adding.add import AddOptions, Outcome, add_sources, is_url, refresh_articles, summary
from reader.adding.fetch import USER_AGENT, FetchError, FetchOptions
from reader.adding.refresh import Change

__all__ = [
    "AddOptions",
    "Change",
    "FetchError",
    "FetchOptions",
    "Outcome",
    "USER_AGENT",
    "add_sources",
    "is_url",
    "refresh_articles",
    "summary",
]
