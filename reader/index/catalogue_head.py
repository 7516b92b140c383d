"""The catalogue's head: the first rows of the article list in each of its orders, so that the
list paints from a small file whatever the library's size (issue 13) and loads the rest after.

``LIBRARY/index/catalogue.head`` is written beside the catalogue at every catalogue write
(``reader.index.catalogue``): whole from all the rows when the base is rewritten, updated from
the rows that changed when the journal grows (no full load on an incremental run). It names
the catalogue state it describes (the base's token and the journal's size): a head that does
not match — a crash between the two writes, a catalogue written by an older version — is not
used, and the list loads the whole catalogue as before.

Why updating from the changes alone stays right: the orders are stable sorts of the entries in
id order, so the order of any subset (kept in id order) is the order of the whole restricted to
it. A head holding the first K rows of an order stays a true prefix when rows are removed (the
first K-1) and when a new row sorts before its last row (it is inserted); a row that sorts after
it cannot be placed and is left out. A head may thus shrink; one that drops below ``HEAD_MIN``
rows is rebuilt from the whole catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reader.index.catalogue import FIELDS, Entry, entry_of_row, row_of_entry

HEAD_VERSION = 1
HEAD_ROWS = 200  # per order: a few screens of the tallest terminal
HEAD_MIN = 60  # below this many rows (and not the whole catalogue) a head is rebuilt
SORTS = ("date", "title", "site")  # the article list's orders


def sort_order(entries: Sequence[Entry], key: str) -> list[int]:
    """Positions of ``entries`` (in id order) in the list's order ``key``: "date" newest first
    (undated ones at their approximate date, the rest last), "title", "site" (then newest
    first). Ties keep id order."""
    n = range(len(entries))
    if key == "title":
        return sorted(n, key=lambda i: (entries[i].title or entries[i].id).casefold())
    by_date = sorted(n, key=lambda i: entries[i].sort_date, reverse=True)  # stable, reversed keys
    if key == "site":
        return sorted(by_date, key=lambda i: entries[i].site.casefold() or "\uffff")
    return by_date


@dataclass
class Head:
    entries: list[Entry]  # in id order
    orders: dict[str, list[int]]  # per sort: positions in ``entries``, in that order
    complete: bool  # the head is the whole catalogue (so every row belongs to it)


def head_of(entries: Sequence[Entry]) -> Head:
    """The head of a whole catalogue (``entries`` in id order)."""
    complete = len(entries) <= HEAD_ROWS
    orders = {key: sort_order(entries, key)[:HEAD_ROWS] for key in SORTS}
    return _pruned(list(entries), orders, complete)


def updated_head(head: Head, changed: dict[str, Entry | None]) -> Head | None:
    """``head`` after ``changed`` (id → new entry, None when removed); None when it cannot be
    told from the head alone (an order left empty or shorter than ``HEAD_MIN``)."""
    kept = {e.id: e for e in head.entries if e.id not in changed}
    kept.update((aid, e) for aid, e in changed.items() if e is not None)
    merged = [kept[k] for k in sorted(kept)]
    position = {e.id: i for i, e in enumerate(merged)}
    orders: dict[str, list[int]] = {}
    for key in SORTS:
        order = sort_order(merged, key)
        if not head.complete:
            surviving = [head.entries[i].id for i in head.orders[key] if head.entries[i].id not in changed]
            if not surviving:
                return None
            last = position[surviving[-1]]  # rows after the old head's last one cannot be placed
            order = order[: order.index(last) + 1]
        orders[key] = order[:HEAD_ROWS]
    complete = head.complete and len(merged) <= HEAD_ROWS
    if not complete and min(len(o) for o in orders.values()) < min(HEAD_MIN, len(merged)):
        return None
    return _pruned(merged, orders, complete)


def _pruned(entries: list[Entry], orders: dict[str, list[int]], complete: bool) -> Head:
    """Only the rows some order uses (still in id order)."""
    used = sorted({i for order in orders.values() for i in order})
    if len(used) == len(entries):
        return Head(entries, orders, complete)
    new = {old: n for n, old in enumerate(used)}
    return Head([entries[i] for i in used], {k: [new[i] for i in o] for k, o in orders.items()}, complete)


def to_json(head: Head, stamp: list[Any]) -> dict[str, Any]:
    return {"version": HEAD_VERSION, "fields": list(FIELDS), "catalogue": stamp, "complete": head.complete,
            "rows": [row_of_entry(e) for e in head.entries], "orders": head.orders}


def from_json(data: Any, stamp: list[Any]) -> Head | None:
    """The head in ``data`` if it describes the catalogue state ``stamp`` and is well formed."""
    if not isinstance(data, dict) or data.get("version") != HEAD_VERSION or data.get("catalogue") != stamp \
            or data.get("fields") != list(FIELDS):
        return None
    rows, orders = data.get("rows"), data.get("orders")
    if not isinstance(rows, list) or not isinstance(orders, dict):
        return None
    entries = [entry_of_row(row) for row in rows]
    if any(e is None for e in entries):
        return None
    ids = [e.id for e in entries]
    if ids != sorted(ids) or len(set(ids)) != len(ids):
        return None
    out: dict[str, list[int]] = {}
    for key in SORTS:
        order = orders.get(key)
        if not isinstance(order, list) or not all(type(i) is int and 0 <= i < len(entries) for i in order):
            return None
        out[key] = order
    return Head(entries, out, data.get("complete") is True)  # type: ignore[arg-type]
