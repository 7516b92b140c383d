"""``Navigator``: where a link followed in the reading pane goes, and back and forward through
the articles opened — a controller of the main screen (never shown).

It owns the history (``reader.tui.history``) and the library's articles by address
(``reader.linking.UrlMap``, built again when the list is). The screen hands it the reading
pane's ``FollowLink`` and ``HistoryStep`` (they bubble from the reading pane to the screen,
not through here) and tells it which article was left when another opens (``visit``); it
answers with ``Open`` (an article of the library) or ``Travel`` (a step back or forward),
which the screen handles, as it owns the open article. Other links go to the browser.
"""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget

from reader.library import Entry
from reader.linking import UrlMap, absolute
from reader.tui.guard import Guarded
from reader.tui.history import History, Place
from reader.tui.library_pane import LibraryPane
from reader.tui.links import FollowLink
from reader.tui.passage import open_in_browser


class Navigator(Guarded, Widget):
    DEFAULT_CSS = "Navigator { display: none; }"

    class Open(Message):
        """Open ``entry``: the library's copy of a link followed."""

        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    class Travel(Message):
        """Open ``entry`` again at ``place`` (a step back or forward: not a new visit)."""

        def __init__(self, entry: Entry, place: Place) -> None:
            super().__init__()
            self.entry = entry
            self.place = place

    def __init__(self, list_pane: LibraryPane) -> None:
        super().__init__()
        self.list_pane = list_pane  # the articles listed: by address, and as entries
        self.history = History()  # the articles opened: back (H) and forward
        self._urls: tuple[object, UrlMap] | None = None  # (the entries it was built from, map)

    def url_map(self) -> UrlMap:
        """The library's articles by address, built again when the list is."""
        entries = self.list_pane.article_list.entries
        if self._urls is None or self._urls[0] is not entries:
            self._urls = (entries, UrlMap(entries))
        return self._urls[1]

    def follow(self, event: FollowLink) -> None:
        """A link chosen in ``L``: the library's copy of the page if it has one, else the
        browser (``o``'s way: web addresses only, a notice when there is no browser)."""
        if event.url.startswith("#"):  # a place in this page: the reading pane has no anchors
            self.notify("That link is to a place in this article", timeout=2, markup=False)
            return
        article_id = self.url_map().article_for(event.url, event.base)
        if article_id is None:
            open_in_browser(self.app, absolute(event.url, event.base))
        elif article_id == event.article_id:
            self.notify("That link is to this article", timeout=2, markup=False)
        else:
            self.post_message(self.Open(self.list_pane.entry_of(article_id)))

    def step(self, step: int, here: Place | None) -> None:
        """Back (-1) or forward (+1) from ``here`` (None: no article shown, a bell)."""
        if here is None:
            self.app.bell()
            return
        place = self.history.back(here) if step < 0 else self.history.forward(here)
        if place is None:
            self.notify("No article before this one" if step < 0 else "No article after this one",
                        timeout=2, markup=False)
            return
        self.post_message(self.Travel(self.list_pane.entry_of(place.article_id), place))

    def visit(self, left: Place) -> None:
        """Another article was opened (not by a step), leaving ``left``."""
        self.history.visit(left)
