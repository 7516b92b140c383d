"""reader.index: the manifest's and the catalogue's journals (incremental runs append, readers
apply, a torn line only makes a file lag, compaction past the bound, kill -9 between steps).

Every test works on a copy of the bundled library in tmp_path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from reader.index import SearchIndex, load_catalogue, update
from reader.index import build as build_mod
from reader.index import files as files_mod
from reader.index.manifest import load_manifest
from reader.library import indexed_entries
from test_index import SEED_DOCS, doc_ids, make_library, search_ids, with_marker

PANEL = "lwn/2007-ks-customer-panel.md"
PANEL_ID = "lwn/2007-ks-customer-panel"
GOOGLE = "lwn/2009-ks-how-google-uses-linux.txt"


@pytest.fixture
def lib(tmp_path):
    library = make_library(tmp_path / "lib")
    update(library)
    return library


def edit(library, rel: str, marker: str, title: str | None = None) -> Path:
    """Rewrite a seed with a marker (and a new first-line title), with an mtime that moved."""
    path = library.content / rel
    text = with_marker((REPO_ROOT / "content" / rel).read_text(encoding="utf-8"), marker)
    if title is not None:
        first, rest = text.split("\n", 1)
        text = f"# {title}\n" + rest
    path.write_text(text, encoding="utf-8")
    now = time.time_ns() + 10_000_000
    os.utime(path, ns=(now, now))
    return path


def journal_lines(library, name: str) -> list[str]:
    path = library.index / f"{name}.journal"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def test_incremental_run_appends_and_readers_apply_the_journal(lib):
    base_before = (lib.index / "manifest.json").read_bytes()
    cat_before = json.loads((lib.index / "catalogue.json").read_text())["articles"]
    edit(lib, PANEL, "zqxjournal", title="KS2007: A panel renamed")
    r = update(lib)
    assert (r.added, r.updated, r.removed) == (0, 1, 0)
    # the bases were not rewritten: one line each went to the journals
    assert (lib.index / "manifest.json").read_bytes() == base_before
    assert json.loads((lib.index / "catalogue.json").read_text())["articles"] == cat_before
    assert len(journal_lines(lib, "manifest")) == 2 and len(journal_lines(lib, "catalogue")) == 2
    m = load_manifest(lib.index)
    assert m.files[PANEL].mtime_ns == (lib.content / PANEL).stat().st_mtime_ns
    titles = {e.id: e.title for e in indexed_entries(lib)}
    assert titles[PANEL_ID] == "KS2007: A panel renamed"
    assert [e.id for e in load_catalogue(lib.index)] == sorted(titles)
    assert search_ids(lib, "zqxjournal") == {PANEL_ID}
    assert not update(lib).changed


def test_an_open_search_index_sees_the_changed_title(lib):
    with SearchIndex(lib.index) as ix:
        assert ix.catalogue()[PANEL_ID].title == "KS2007: The customer panel"
        edit(lib, PANEL, "zqxopen", title="Renamed while open")
        update(lib)
        assert ix.catalogue()[PANEL_ID].title == "Renamed while open"


def test_removed_file_leaves_catalogue_and_manifest_through_the_journal(lib):
    (lib.content / GOOGLE).unlink()
    assert update(lib).removed == 1
    assert GOOGLE not in load_manifest(lib.index).files
    assert "lwn/2009-ks-how-google-uses-linux" not in {e.id for e in load_catalogue(lib.index)}
    assert journal_lines(lib, "catalogue")


@pytest.mark.parametrize("name", ["manifest", "catalogue", "both"])
def test_a_torn_last_journal_line_is_ignored_and_its_file_reindexed(lib, name):
    edit(lib, GOOGLE, "zqxfirst")
    update(lib)
    edit(lib, PANEL, "zqxtorn", title="Torn title")
    update(lib)
    for which in (["manifest", "catalogue"] if name == "both" else [name]):
        path = lib.index / f"{which}.journal"
        data = path.read_bytes()
        path.write_bytes(data[:-15])  # the last line cut short, as a kill mid-write leaves it
    m = load_manifest(lib.index)
    assert m is not None and m.files[GOOGLE].mtime_ns == (lib.content / GOOGLE).stat().st_mtime_ns
    if name != "catalogue":  # the manifest lags for the torn file only
        assert m.files[PANEL].mtime_ns != (lib.content / PANEL).stat().st_mtime_ns
    r = update(lib)
    if name == "catalogue":
        # the manifest was whole: nothing to redo, and the catalogue is not re-read for a lost
        # line the builder's own order never produces (a torn catalogue line always comes
        # with a lost manifest line); see the kill -9 test for that order
        assert not r.changed
    else:
        assert (r.added, r.updated, r.removed) == (0, 1, 0)
        assert {e.id: e.title for e in load_catalogue(lib.index)}[PANEL_ID] == "Torn title"
    ids = doc_ids(lib)
    assert len(ids) == len(set(ids)) == SEED_DOCS
    assert search_ids(lib, "zqxtorn") == {PANEL_ID} and search_ids(lib, "zqxfirst") == {
        "lwn/2009-ks-how-google-uses-linux"}
    if name != "catalogue":  # appended to again: the torn tail was cut off first
        for which in ("manifest", "catalogue"):
            for line in journal_lines(lib, which):
                json.loads(line)
    assert not update(lib).changed


def test_the_journal_is_folded_into_the_base_past_its_bound(lib, monkeypatch):
    monkeypatch.setattr(files_mod, "JOURNAL_MAX", 3)
    monkeypatch.setattr(files_mod, "JOURNAL_MIN", 3)
    for n in range(3):
        edit(lib, PANEL, f"zqxround{n}", title=f"Round {n}")
        update(lib)
        assert len(journal_lines(lib, "manifest")) == 2 + n  # header + one line a run
    base = json.loads((lib.index / "manifest.json").read_text())
    edit(lib, PANEL, "zqxround3", title="Round 3")
    update(lib)  # a fourth entry: past the bound, both journals are folded in
    assert not (lib.index / "manifest.journal").exists()
    assert not (lib.index / "catalogue.journal").exists()
    new_base = json.loads((lib.index / "manifest.json").read_text())
    assert new_base["journal"] != base["journal"]
    assert new_base["files"][PANEL][1] == (lib.content / PANEL).stat().st_mtime_ns
    cat = json.loads((lib.index / "catalogue.json").read_text())
    assert {row[0]: row[1] for row in cat["articles"]}[PANEL_ID] == "Round 3"
    assert cat["count"] == 5
    assert search_ids(lib, "zqxround3") == {PANEL_ID} and search_ids(lib, "zqxround2") == set()
    assert not update(lib).changed


def test_a_journal_of_another_base_is_ignored(lib):
    edit(lib, PANEL, "zqxother", title="Other base")
    update(lib)
    path = lib.index / "manifest.journal"
    lines = path.read_text().splitlines()
    lines[0] = json.dumps({"journal": 1, "base": "0123456789abcdef"})
    path.write_text("\n".join(lines) + "\n")
    # the manifest lags (the base's entry for the file is the old one): the file is redone
    assert update(lib).updated == 1
    assert len(doc_ids(lib)) == SEED_DOCS


def test_a_rebuild_ends_with_whole_files_and_no_journal(lib):
    edit(lib, PANEL, "zqxrebuild")
    update(lib)
    assert (lib.index / "manifest.journal").exists()
    r = update(lib, rebuild=True)
    assert r.rebuilt == "asked for" and r.added == 5
    assert not (lib.index / "manifest.journal").exists()
    assert not (lib.index / "catalogue.journal").exists()
    assert len(json.loads((lib.index / "catalogue.json").read_text())["articles"]) == 5


def test_one_change_reads_the_manifest_once_and_no_catalogue(lib, monkeypatch):
    reads = []
    real = build_mod.load_manifest

    def counted(index_dir):
        reads.append(index_dir)
        return real(index_dir)

    def no_rows(index_dir):
        raise AssertionError("an incremental run loaded the whole catalogue")

    monkeypatch.setattr(build_mod, "load_manifest", counted)
    monkeypatch.setattr(build_mod, "load_rows", no_rows)
    edit(lib, PANEL, "zqxonce")
    assert update(lib).updated == 1
    assert len(reads) == 1  # the quick look's, reused under the lock


def test_a_manifest_changed_before_the_lock_is_read_again(lib, monkeypatch):
    """Another indexer ran between the quick look and the lock: its manifest is used."""
    reads = []
    real = build_mod.load_manifest

    def counted(index_dir):
        reads.append(index_dir)
        return real(index_dir)

    real_enter = build_mod.IndexLock.__enter__

    def enter(self):
        lock = real_enter(self)
        if len(reads) == 1:  # what the other indexer did: the panel's change, recorded
            from reader.index.manifest import sha256_file

            m = real(lib.index)
            st = (lib.content / PANEL).stat()
            m.files[PANEL] = m.files[PANEL]._replace(size=st.st_size, mtime_ns=st.st_mtime_ns,
                                                     sha256=sha256_file(lib.content / PANEL))
            build_mod.save_manifest(lib.index, m)
        return lock

    monkeypatch.setattr(build_mod, "load_manifest", counted)
    monkeypatch.setattr(build_mod.IndexLock, "__enter__", enter)
    edit(lib, PANEL, "zqxagain")
    r = update(lib)
    assert len(reads) == 2
    assert (r.added, r.updated, r.removed) == (0, 0, 0)  # the other run's manifest says it is done


KILL_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from reader.index import build, catalogue, manifest
    from reader.paths import Library

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if sys.argv[2] == "catalogue":  # after the Whoosh commit, before any journal line
        build.update_rows = die
    else:  # after the catalogue's line, before the manifest's
        manifest.append_journal = die
    build.update(Library(Path(sys.argv[1]), "test"))
    print("not killed", flush=True)
    """
)


@pytest.mark.parametrize("where", ["catalogue", "manifest"])
def test_kill_9_between_commit_and_journal_heals(lib, where):
    edit(lib, PANEL, "zqxkilled", title="Killed title")
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(lib.root), where], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stdout + proc.stderr
    # the commit is in the index; the manifest lags it
    assert search_ids(lib, "zqxkilled") == {PANEL_ID}
    assert load_manifest(lib.index).files[PANEL].mtime_ns != (lib.content / PANEL).stat().st_mtime_ns
    r = update(lib)
    assert any("stale lock" in msg for msg in r.messages), r.messages
    assert r.updated == 1 and not r.failed
    ids = doc_ids(lib)
    assert len(ids) == len(set(ids)) == SEED_DOCS
    assert search_ids(lib, "zqxkilled") == {PANEL_ID}
    assert {e.id: e.title for e in load_catalogue(lib.index)}[PANEL_ID] == "Killed title"
    assert not update(lib).changed
