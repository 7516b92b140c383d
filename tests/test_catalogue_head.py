"""``catalogue.head``: written with the catalogue, the first rows of every order of the list,
kept a true prefix by incremental updates, and never used when missing, corrupt or stale."""

from __future__ import annotations

import random

import pytest

from reader.index import catalogue, update
from reader.index.catalogue import (
    Entry,
    head_path,
    journal_path,
    load_catalogue,
    load_head,
    save_rows,
    update_rows,
)
from reader.index.catalogue_head import HEAD_MIN, HEAD_ROWS, SORTS, sort_order
from reader.library import indexed_entries, indexed_head


def seed_entries(library) -> list[Entry]:
    update(library)
    found = indexed_entries(library)
    assert found is not None and len(found) == 5
    return found


def many(seeds: list[Entry], n: int, rng: random.Random) -> dict[str, Entry]:
    """``n`` rows made from the seeds' rows: new ids, dates spread over years (some undated,
    some with only an approximate date), titles and sites varied and tied."""
    rows: dict[str, Entry] = {}
    for k in range(n):
        seed = seeds[k % len(seeds)]
        day = f"{rng.randint(2000, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T00:00:00"
        date = None if k % 11 == 0 else day
        approx = day if k % 22 == 0 else None
        title = f"{seed.title} {rng.randint(0, 40)}" if k % 3 else seed.title
        rows[f"{seed.id}-{k:05d}"] = seed._replace(id=f"{seed.id}-{k:05d}", title=title, date=date,
                                                   approx_date=approx, site=rng.choice(["", "LWN.net", "b.org"]))
    return rows


def prefixes(index_dir) -> dict[str, tuple[list[str], list[str]]]:
    """Per order: (the head's ids, the whole catalogue's ids in that order)."""
    head = load_head(index_dir)
    assert head is not None
    whole = load_catalogue(index_dir)
    return {key: ([head.entries[i].id for i in head.orders[key]],
                  [whole[i].id for i in sort_order(whole, key)]) for key in SORTS}


def test_the_seeds_head_is_the_whole_catalogue(library):
    seed_entries(library)
    head = indexed_head(library)
    assert head is not None and head.complete and len(head.entries) == 5
    for key, (ids, whole) in prefixes(library.index).items():
        assert ids == whole, key


def test_head_written_with_the_catalogue_holds_its_first_rows_in_each_order(library, tmp_path):
    rows = many(seed_entries(library), 1500, random.Random(1))
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    save_rows(index_dir, rows)
    head = load_head(index_dir)
    assert head is not None and not head.complete
    assert len(head.entries) < 3 * HEAD_ROWS < len(rows)  # small: three prefixes at most
    for key, (ids, whole) in prefixes(index_dir).items():
        assert ids == whole[:HEAD_ROWS], key


def test_incremental_updates_keep_the_head_a_prefix(library, tmp_path, monkeypatch):
    seeds = seed_entries(library)
    rng = random.Random(7)
    rows = many(seeds, 1500, rng)
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    save_rows(index_dir, rows)
    for round_ in range(6):
        head = load_head(index_dir)
        shown = [head.entries[i].id for i in head.orders[SORTS[round_ % 3]]]
        changed: dict[str, Entry | None] = {}
        for aid in rng.sample(shown, 8):  # rows of the head: removed, or moved
            changed[aid] = None if rng.random() < 0.5 else rows[aid]._replace(title="Zzz moved", date=None)
        for k in range(6):  # new rows: newest first, titles first, and some that sort last
            new = many(seeds, 1, rng)
            (aid, entry), = new.items()
            aid = f"new-{round_}-{k}"
            changed[aid] = entry._replace(id=aid, title=f"{'!' if k % 2 else 'z'} new {k}",
                                          date=f"203{k}-01-01T00:00:00" if k < 3 else "1990-01-01T00:00:00")
        with monkeypatch.context() as m:  # the head follows from the changes: no whole load
            m.setattr(catalogue, "load_rows", lambda _dir: pytest.fail("the whole catalogue was read"))
            update_rows(index_dir, changed)
        assert journal_path(index_dir).exists()  # the journal path, not a rewrite
        for aid, entry in changed.items():
            if entry is None:
                rows.pop(aid, None)
            else:
                rows[aid] = entry
        assert {e.id for e in load_catalogue(index_dir)} == set(rows)
        for key, (ids, whole) in prefixes(index_dir).items():
            assert len(ids) >= HEAD_MIN and ids == whole[:len(ids)], (round_, key)
        assert "new-%d-1" % round_ in prefixes(index_dir)["title"][0]  # a "! …" title sorts first: placed


def test_a_head_that_shrinks_too_far_is_rebuilt_from_the_catalogue(library, tmp_path):
    rows = many(seed_entries(library), 1000, random.Random(3))
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    save_rows(index_dir, rows)
    head = load_head(index_dir)
    gone = [head.entries[i].id for i in head.orders["date"][: HEAD_ROWS - HEAD_MIN + 5]]
    update_rows(index_dir, {aid: None for aid in gone})
    for key, (ids, whole) in prefixes(index_dir).items():
        assert ids == whole[:HEAD_ROWS], key


@pytest.mark.parametrize("damage", [
    "missing", b"", b"{not json", b'{"version": 1}', b"\x00\xff" * 20, "truncated", "bad-index", "stale",
])
def test_a_missing_corrupt_or_stale_head_is_not_used(library, damage):
    seed_entries(library)
    index = library.index
    path = head_path(index)
    if damage == "missing":
        path.unlink()
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:-40])
    elif damage == "bad-index":
        path.write_text(path.read_text(encoding="utf-8").replace('"date":[', '"date":[99,'), encoding="utf-8")
    elif damage == "stale":  # the catalogue changed by a writer that did not write a head
        assert not journal_path(index).exists()
        journal_path(index).write_bytes(b"x\n")  # (not a journal of this base: ignored by readers)
    else:
        path.write_bytes(damage)
    assert indexed_head(library) is None
    assert len(indexed_entries(library)) == 5  # the whole catalogue is still there to list
