"""``state.yaml``: read marks, reading positions, recent and saved searches, and the comments
seen when each article was last opened (``seen_comments``: article id → its comment ids then,
one space-separated string, so a long thread is one line), how the article list is shown
(``list: {sort: date, unread_only: false}``, restored on start), and the comments pane's width
(``comments_width``, percent of the screen).

The file is hand-readable YAML; keys this module does not know are kept. Saving takes the
file's lock (``reader.atomic.locked``), re-reads it and applies only this process's changes,
so two running instances do not undo each other's marks. Writes are atomic (temp file +
rename). A broken file is never fatal and never overwritten: a file that exists but cannot be
read or parsed leaves the state working in memory only, ``State.warning`` says so, and
``save()`` does nothing until the file is fixed by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from reader import safe_yaml
from reader.atomic import atomic_write_text, locked
from reader.safe_read import MB, NotRead, cap, read_text

# libyaml's emitter when present: a state of 100k read marks dumps 5× faster than PyYAML's own.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Unreadable(Exception):
    """The state file exists but cannot be used; the message says why."""


def _read(path: Path) -> dict[str, Any]:
    """The file's mapping ({} when it does not exist or is empty); ``_Unreadable`` otherwise
    (a FIFO or a device, bigger than its cap, not UTF-8, not YAML, aliases past the limit)."""
    try:
        text = read_text(path, "state", missing_ok=True)
    except NotRead as exc:
        raise _Unreadable(f"cannot read it ({exc.reason})") from None
    if text is None:
        return {}
    try:
        data = safe_yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _Unreadable(safe_yaml.problem(exc)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _Unreadable("not a mapping")
    return data


def _broken_warning(path: Path, why: str) -> str:
    return f"{path}: {why}; read marks and searches are kept for this session only (the file is left as it is)"


def _as_read(data: dict[str, Any]) -> set[str]:
    value = data.get("read")
    return {str(v) for v in value} if isinstance(value, list) else set()


def _as_positions(data: dict[str, Any]) -> dict[str, int]:
    value = data.get("positions")
    if not isinstance(value, dict):
        return {}
    out: dict[str, int] = {}
    for k, v in value.items():
        try:
            out[str(k)] = max(0, int(v))
        except (TypeError, ValueError):
            continue
    return out


def _as_seen(data: dict[str, Any]) -> dict[str, frozenset[str]]:
    value = data.get("seen_comments")
    if not isinstance(value, dict):
        return {}
    out: dict[str, frozenset[str]] = {}
    for k, v in value.items():
        if isinstance(v, str):
            out[str(k)] = frozenset(v.split())
        elif isinstance(v, list):  # hand-written as a list: read it too
            out[str(k)] = frozenset(str(x) for x in v if isinstance(x, (str, int)))
    return out


MAX_SEARCHES = 50
LIST_SORTS = ("date", "title", "site")  # the article list's orders (reader.index.catalogue_head)


@dataclass(frozen=True)
class ListView:
    """How the article list is shown: its sort and whether read articles are hidden."""

    sort: str = "date"
    unread_only: bool = False


def _as_list_view(data: dict[str, Any]) -> ListView:
    value = data.get("list")
    if not isinstance(value, dict):
        return ListView()
    sort = value.get("sort")
    unread_only = value.get("unread_only")
    return ListView(sort if sort in LIST_SORTS else "date",
                    unread_only if isinstance(unread_only, bool) else False)
COMMENTS_WIDTH = (20, 80)  # the comments pane's width, percent of the screen: the range kept


def _as_comments_width(data: dict[str, Any]) -> int | None:
    value = data.get("comments_width")
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return max(COMMENTS_WIDTH[0], min(COMMENTS_WIDTH[1], value))


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _as_searches(data: dict[str, Any]) -> list[str]:
    value = data.get("searches")
    if not isinstance(value, list):
        return []
    return [str(v) for v in value if isinstance(v, (str, int, float)) and str(v).strip()][:MAX_SEARCHES]


@dataclass(frozen=True)
class SavedSearch:
    name: str
    query: str


def _as_saved(data: dict[str, Any]) -> list[SavedSearch]:
    """``saved: [{name, query}]``; entries without a query are skipped, the name defaults to it."""
    value = data.get("saved")
    if not isinstance(value, list):
        return []
    out: dict[str, SavedSearch] = {}
    for item in value:
        if not isinstance(item, dict):
            continue
        query = _one_line(item.get("query") or "")
        name = _one_line(item.get("name") or "") or query
        if query and name not in out:
            out[name] = SavedSearch(name, query)
    return list(out.values())


def _apply_saved(saved: list[SavedSearch], changes: dict[str, str | None]) -> list[SavedSearch]:
    """``saved`` with this process's changes: name → new query (added or replaced) or None (deleted)."""
    out = {s.name: s for s in saved}
    for name, query in changes.items():
        if query is None:
            out.pop(name, None)
        else:
            out[name] = SavedSearch(name, query)  # a replaced name keeps its place
    return list(out.values())


class State:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.warning = ""
        self.broken = False  # the file exists but cannot be used: never written
        try:
            data = _read(self.path)
        except _Unreadable as exc:
            data = {}
            self.broken = True
            self.warning = _broken_warning(self.path, str(exc))
        self.read: set[str] = _as_read(data)
        self.positions: dict[str, int] = _as_positions(data)
        self.searches: list[str] = _as_searches(data)  # recent queries, newest first
        self.saved: list[SavedSearch] = _as_saved(data)
        self.seen: dict[str, frozenset[str]] = _as_seen(data)
        self.list_view: ListView = _as_list_view(data)
        self._list_view_changed = False
        # the comments pane's width, percent of the screen (None: the app's default)
        self.comments_width: int | None = _as_comments_width(data)
        self._width_changed = False
        self._seen_changes: dict[str, frozenset[str]] = {}
        self._read_changes: dict[str, bool] = {}
        self._position_changes: dict[str, int] = {}
        self._new_searches: list[str] = []
        self._saved_changes: dict[str, str | None] = {}

    @property
    def dirty(self) -> bool:
        return bool(self._read_changes or self._position_changes or self._new_searches
                    or self._saved_changes or self._seen_changes or self._list_view_changed
                    or self._width_changed)

    def add_search(self, query: str) -> None:
        """Remember ``query`` as the most recent search (once; at most ``MAX_SEARCHES`` kept)."""
        query = _one_line(query)
        if not query:
            return
        if self.searches and self.searches[0] == query:
            return
        self.searches = [query] + [q for q in self.searches if q != query][: MAX_SEARCHES - 1]
        self._new_searches = [query] + [q for q in self._new_searches if q != query]

    def save_search(self, query: str, name: str = "") -> SavedSearch | None:
        """Keep ``query`` as a saved search called ``name`` (the query itself by default);
        a saved search with that name is replaced. None for an empty query."""
        query = _one_line(query)
        if not query:
            return None
        saved = SavedSearch(_one_line(name) or query, query)
        self.saved = _apply_saved(self.saved, {saved.name: saved.query})
        self._saved_changes[saved.name] = saved.query
        return saved

    def delete_saved(self, name: str) -> bool:
        """Forget the saved search ``name``; False when there is none."""
        if not any(s.name == name for s in self.saved):
            return False
        self.saved = [s for s in self.saved if s.name != name]
        self._saved_changes[name] = None
        return True

    def set_list_view(self, sort: str, unread_only: bool) -> None:
        """Remember the list's sort and only-unread toggle (saved by ``save()``)."""
        view = ListView(sort if sort in LIST_SORTS else "date", bool(unread_only))
        if view != self.list_view:
            self.list_view = view
            self._list_view_changed = True

    def is_read(self, article_id: str) -> bool:
        return article_id in self.read

    def mark_read(self, article_id: str, read: bool = True) -> None:
        if read == (article_id in self.read):
            return
        (self.read.add if read else self.read.discard)(article_id)
        self._read_changes[article_id] = read

    def mark_seen(self, article_id: str, comment_ids: Iterable[str]) -> None:
        """Remember the comments ``article_id`` has as the user opens it: the next
        ``new_comments`` is what came after. Saved by ``save()``."""
        ids = frozenset(str(c) for c in comment_ids if str(c).strip() and not any(ch.isspace() for ch in str(c)))
        if self.seen.get(article_id) == ids:
            return
        self.seen[article_id] = ids
        self._seen_changes[article_id] = ids

    def new_comments(self, article_id: str, comment_ids: Iterable[str]) -> set[str]:
        """The ids among ``comment_ids`` that were not there when ``article_id`` was last
        opened (``mark_seen``). An article never opened has none: it is unread as a whole."""
        seen = self.seen.get(article_id)
        if seen is None:
            return set()
        return {str(c) for c in comment_ids} - seen

    def new_count(self, article_id: str, total: int) -> int:
        """How many of its ``total`` comments came since ``article_id`` was last opened, from
        the count alone (the index catalogue keeps counts, not ids; comments that went
        meanwhile make it an underestimate). 0 for an article never opened."""
        seen = self.seen.get(article_id)
        return max(0, total - len(seen)) if seen is not None else 0

    def has_seen(self, article_id: str) -> bool:
        """Whether the comments of ``article_id`` were ever recorded as seen."""
        return article_id in self.seen

    def set_comments_width(self, percent: int | None) -> None:
        """Remember the comments pane's width (percent of the screen, kept in range)."""
        if percent is not None:
            percent = max(COMMENTS_WIDTH[0], min(COMMENTS_WIDTH[1], int(percent)))
        if percent != self.comments_width:
            self.comments_width = percent
            self._width_changed = True

    def position(self, article_id: str) -> int:
        return self.positions.get(article_id, 0)

    def set_position(self, article_id: str, offset: int) -> None:
        offset = max(0, int(offset))
        if self.positions.get(article_id, 0) == offset:
            return
        self.positions[article_id] = offset
        self._position_changes[article_id] = offset

    def save(self) -> None:
        """Merge this process's changes into the file on disk (under its lock, atomically).

        Does nothing while the file cannot be read or parsed: that file is the user's to fix,
        and writing our in-memory state over it would lose whatever it held."""
        if not self.dirty or self.broken:
            return
        with locked(self.path):
            try:
                data = _read(self.path)
            except _Unreadable as exc:  # broken since we started: leave it alone from now on
                self.broken = True
                self.warning = _broken_warning(self.path, str(exc))
                return
            read = _as_read(data)
            for article_id, is_read in self._read_changes.items():
                (read.add if is_read else read.discard)(article_id)
            positions = _as_positions(data)
            positions.update(self._position_changes)
            positions = {k: v for k, v in positions.items() if v > 0}
            searches = _as_searches(data)
            for query in reversed(self._new_searches):
                searches = [query] + [q for q in searches if q != query]
            searches = searches[:MAX_SEARCHES]
            saved = _apply_saved(_as_saved(data), self._saved_changes)
            seen = _as_seen(data)
            seen.update(self._seen_changes)
            data["read"] = sorted(read)
            data["positions"] = dict(sorted(positions.items()))
            if searches:
                data["searches"] = searches
            if saved or "saved" in data:
                data["saved"] = [{"name": s.name, "query": s.query} for s in saved]
            if seen or "seen_comments" in data:  # the key only once used: older files stay as they were
                data["seen_comments"] = {k: " ".join(sorted(v)) for k, v in sorted(seen.items())}
            if self._list_view_changed:  # this process's choice wins; else the file's stays
                data["list"] = {"sort": self.list_view.sort, "unread_only": self.list_view.unread_only}
            list_view = _as_list_view(data)
            if self._width_changed:
                if self.comments_width is None:
                    data.pop("comments_width", None)
                else:
                    data["comments_width"] = self.comments_width
            self.path.parent.mkdir(parents=True, exist_ok=True)
            text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False)
            if len(text.encode("utf-8")) > cap("state"):  # the next start would refuse to read it
                raise OSError(f"{self.path.name} would be {len(text) // MB} MB, more than reader reads of "
                              "it; set READER_MAX_STATE_MB to raise the limit")
            atomic_write_text(self.path, text)
        self.read, self.positions, self.searches, self.saved = read, positions, searches, saved
        self.seen = seen
        self.list_view = list_view
        self._list_view_changed = False
        self._seen_changes.clear()
        self._width_changed = False
        self._new_searches.clear()
        self._read_changes.clear()
        self._position_changes.clear()
        self._saved_changes.clear()
