"""``state.yaml``: read marks, reading positions and recent searches.

The file is hand-readable YAML; keys this module does not know are kept. Saving re-reads the
file and applies only this process's changes, so two running instances do not undo each
other's marks. Writes are atomic (temp file + rename). A broken file is never fatal: it reads
as empty, and ``State.warning`` says why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reader.atomic import atomic_write_text


def _read(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, ""
    except (OSError, UnicodeDecodeError) as exc:
        return {}, f"{path}: cannot read ({exc.__class__.__name__})"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}, f"{path}: not valid YAML; starting from an empty state"
    if data is None:
        return {}, ""
    if not isinstance(data, dict):
        return {}, f"{path}: not a mapping; starting from an empty state"
    return data, ""


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


MAX_SEARCHES = 50


def _as_searches(data: dict[str, Any]) -> list[str]:
    value = data.get("searches")
    if not isinstance(value, list):
        return []
    return [str(v) for v in value if isinstance(v, (str, int, float)) and str(v).strip()][:MAX_SEARCHES]


class State:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        data, self.warning = _read(self.path)
        self.read: set[str] = _as_read(data)
        self.positions: dict[str, int] = _as_positions(data)
        self.searches: list[str] = _as_searches(data)  # recent queries, newest first
        self._read_changes: dict[str, bool] = {}
        self._position_changes: dict[str, int] = {}
        self._new_searches: list[str] = []

    @property
    def dirty(self) -> bool:
        return bool(self._read_changes or self._position_changes or self._new_searches)

    def add_search(self, query: str) -> None:
        """Remember ``query`` as the most recent search (once; at most ``MAX_SEARCHES`` kept)."""
        query = " ".join(str(query).split())
        if not query:
            return
        if self.searches and self.searches[0] == query:
            return
        self.searches = [query] + [q for q in self.searches if q != query][: MAX_SEARCHES - 1]
        self._new_searches = [query] + [q for q in self._new_searches if q != query]

    def is_read(self, article_id: str) -> bool:
        return article_id in self.read

    def mark_read(self, article_id: str, read: bool = True) -> None:
        if read == (article_id in self.read):
            return
        (self.read.add if read else self.read.discard)(article_id)
        self._read_changes[article_id] = read

    def position(self, article_id: str) -> int:
        return self.positions.get(article_id, 0)

    def set_position(self, article_id: str, offset: int) -> None:
        offset = max(0, int(offset))
        if self.positions.get(article_id, 0) == offset:
            return
        self.positions[article_id] = offset
        self._position_changes[article_id] = offset

    def save(self) -> None:
        """Merge this process's changes into the file on disk (atomically)."""
        if not self.dirty:
            return
        data, _ = _read(self.path)
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
        data["read"] = sorted(read)
        data["positions"] = dict(sorted(positions.items()))
        if searches:
            data["searches"] = searches
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
        atomic_write_text(self.path, text)
        self.read, self.positions, self.searches = read, positions, searches
        self._new_searches.clear()
        self._read_changes.clear()
        self._position_changes.clear()
