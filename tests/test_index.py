"""reader.index: incremental builds, manifest and catalogue, locks, crashes, corruption.

Every test works on a copy of the bundled library in tmp_path: nothing is written into the
repo's content/ or index/.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import REPO_ROOT, run_reader, seed_comment_ids
from reader.index import IndexBusy, SearchIndex, load_catalogue, update
from reader.index import build as build_mod
from reader.index import staleness, storage
from reader.index.lock import IndexLock
from reader.index.manifest import load_manifest
from reader.paths import Library

SEED_IDS = {
    "blogs/2011-linuxcon-emea-second-day",
    "lwn/2003-kernel-summit-high-availability",
    "lwn/2004-kernel-summit-customer-panel",
    "lwn/2007-ks-customer-panel",
    "lwn/2009-ks-how-google-uses-linux",
}
C10 = seed_comment_ids("lwn/2003-kernel-summit-high-availability")["c10"]  # mmarq's, the tenth
SEED_DOCS = 5 + 10 + 1  # five articles; seed 002 has ten comments, seed 004 one


# -- helpers (imported by test_search.py too) ----------------------------------------------------

def make_library(root: Path, copies: int = 0) -> Library:
    """A library at ``root``: the five seeds, plus ``copies`` marked copies of them (syn/NNN.*)."""
    shutil.copytree(REPO_ROOT / "content", root / "content")
    seeds = sorted(p for p in (root / "content").rglob("*") if p.is_file())
    for i in range(copies):
        seed = seeds[i % len(seeds)]
        dest = root / "content" / "syn" / f"{i:03d}{seed.suffix}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(with_marker(seed.read_text(encoding="utf-8"), f"zqx{i:03d}"), encoding="utf-8")
    return Library(root, "test")


def with_marker(text: str, marker: str) -> str:
    """The text with ``marker`` added to its first long paragraph (the article body)."""
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if len(line) > 200 and not line.startswith(("#", ">", "|")):
            lines[n] = line.rstrip() + f" Marker {marker} here."
            return "\n".join(lines)
    return text + f"\n\nMarker {marker} here.\n"


def doc_ids(library: Library) -> list[str]:
    """Every live document id in the index (duplicates would show twice)."""
    ix = storage.open_index(library.index)
    with ix.searcher() as s:
        return sorted(fields["id"] for fields in s.all_stored_fields())


def search_ids(library: Library, query: str, **kw) -> set[str]:
    with SearchIndex(library.index) as ix:
        res = ix.search(query, limit=100, **kw)
    return {h.id for g in res.articles for h in g.hits}


@pytest.fixture
def lib(tmp_path) -> Library:
    return make_library(tmp_path / "lib")


# -- first build, catalogue, manifest -------------------------------------------------------------

def test_first_build_indexes_articles_and_comments(lib):
    report = update(lib)
    assert report.created and report.added == 5 and not report.failed
    assert report.documents == SEED_DOCS
    ids = doc_ids(lib)
    assert len(ids) == SEED_DOCS
    assert {i.split("#")[0] for i in ids} == SEED_IDS
    assert f"lwn/2003-kernel-summit-high-availability#{C10}" in ids

    entries = {e.id: e for e in load_catalogue(lib.index)}
    assert set(entries) == SEED_IDS
    ha = entries["lwn/2003-kernel-summit-high-availability"]
    assert (ha.title, ha.site, ha.comments) == ("2003 Kernel Summit: High Availability", "LWN.net", 10)
    # undated, with comments: it sorts at its first comment's day and says it is approximate
    assert ha.date is None and ha.approx_date.startswith("2003-07-22")
    assert ha.shown_date == "≈2003-07-22" and ha.sort_date.startswith("2003-07-22")
    assert ha.path == "lwn/2003-kernel-summit-high-availability.txt"
    ks = entries["lwn/2007-ks-customer-panel"]
    assert ks.date.startswith("2007-09-08") and ks.author == "Jonathan Corbet"
    assert "Latency" in ks.tags

    m = load_manifest(lib.index)
    assert set(m.files) == {e.path for e in entries.values()}
    state = m.files["lwn/2007-ks-customer-panel.md"]
    assert len(state.sha256) == 64 and state.article_id == "lwn/2007-ks-customer-panel"
    raw = json.loads((lib.index / "catalogue.json").read_text())
    assert raw["fields"] == ["id", "title", "site", "date", "author", "comments", "tags", "path", "approx_date", "url"]


def test_nothing_changed_takes_no_lock(lib):
    update(lib)
    with IndexLock(lib.index, timeout=0):  # another indexer holds the lock: no matter
        report = update(lib, lock_timeout=0)
    assert not report.changed and report.unchanged == 5


def test_add_change_delete_rename(lib):
    update(lib)
    content = lib.content
    seed = content / "lwn/2007-ks-customer-panel.md"

    new = content / "extra/new-one.md"
    new.parent.mkdir()
    new.write_text(with_marker(seed.read_text(), "zqxadded"))
    r = update(lib)
    assert (r.added, r.updated, r.removed, r.unchanged) == (1, 0, 0, 5)
    assert search_ids(lib, "zqxadded") == {"extra/new-one"}

    new.write_text(with_marker(seed.read_text(), "zqxchanged"))
    os.utime(new, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    r = update(lib)
    assert (r.added, r.updated, r.removed) == (0, 1, 0)
    assert search_ids(lib, "zqxadded") == set()
    assert search_ids(lib, "zqxchanged") == {"extra/new-one"}

    moved = content / "extra/renamed.md"
    new.rename(moved)
    r = update(lib)
    assert (r.added, r.updated, r.removed) == (1, 0, 1)
    assert search_ids(lib, "zqxchanged") == {"extra/renamed"}
    assert "extra/new-one" not in {e.id for e in load_catalogue(lib.index)}

    moved.unlink()
    (content / "lwn/2003-kernel-summit-high-availability.txt").unlink()
    r = update(lib)
    assert (r.added, r.updated, r.removed) == (0, 0, 2)
    assert search_ids(lib, "zqxchanged") == set()
    assert search_ids(lib, "by:mmarq") == set()  # the comments went with their article
    ids = doc_ids(lib)
    assert len(ids) == len(set(ids)) == SEED_DOCS - 11
    assert {e.id for e in load_catalogue(lib.index)} == SEED_IDS - {"lwn/2003-kernel-summit-high-availability"}
    assert set(load_manifest(lib.index).files) == {e.path for e in load_catalogue(lib.index)}


def test_touched_file_is_rehashed_not_reindexed(lib):
    update(lib)
    path = lib.content / "lwn/2007-ks-customer-panel.md"
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    r = update(lib)
    assert (r.added, r.updated, r.removed, r.unchanged) == (0, 0, 0, 5)  # touched is unchanged
    m = load_manifest(lib.index)
    assert m.files["lwn/2007-ks-customer-panel.md"].mtime_ns == path.stat().st_mtime_ns
    assert not update(lib).changed


def test_cleaner_version_bump_rebuilds(lib, monkeypatch):
    update(lib)
    import reader.content

    monkeypatch.setattr(reader.content, "CLEANER_VERSION", "999-test")
    r = update(lib)
    assert r.rebuilt and "cleaner" in r.rebuilt and r.added == 5
    assert load_manifest(lib.index).cleaner == "999-test"
    assert len(doc_ids(lib)) == SEED_DOCS
    assert not update(lib).changed


def test_schema_version_bump_rebuilds(lib, monkeypatch):
    update(lib)
    monkeypatch.setattr(staleness, "SCHEMA_VERSION", 999)
    r = update(lib)
    assert r.rebuilt and "schema" in r.rebuilt
    assert len(doc_ids(lib)) == SEED_DOCS


def test_user_rules_change_rebuilds(lib):
    update(lib)
    lib.rules.mkdir()
    (lib.rules / "mine.yaml").write_text("name: mine\nmatch: {}\n")
    r = update(lib)
    assert r.rebuilt == "site rules changed"
    assert not update(lib).changed


def test_rebuild_on_request(lib):
    update(lib)
    r = update(lib, rebuild=True)
    assert r.rebuilt == "asked for" and r.added == 5
    assert len(doc_ids(lib)) == SEED_DOCS


def test_unreadable_file_is_listed_and_never_stops_the_batch(lib):
    loop = lib.content / "lwn/loop.md"
    loop.symlink_to(loop)  # stat() fails with ELOOP, even for root
    r = update(lib)
    assert r.added == 5
    assert "lwn/loop.md" in r.failed and "loop" in r.failed["lwn/loop.md"].lower()
    assert any(line.startswith("lwn/loop.md: ") for line in r.skipped_lines())
    again = update(lib)
    assert not again.changed and "lwn/loop.md" in again.skipped


def test_permission_denied_file_is_skipped_with_its_reason(tmp_path, unprivileged):
    lib = make_library(tmp_path / "lib")
    locked = lib.content / "lwn/secret.md"
    locked.write_text("# Secret\n\nNothing to see.\n")
    locked.chmod(0)
    proc = run_reader("--library", str(lib.root), "index", prefix=unprivileged)
    assert proc.returncode == 0, proc.stderr
    assert "5 added" in proc.stdout
    assert "lwn/secret.md: permission denied" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_two_files_with_one_article_id(lib):
    (lib.content / "lwn/2007-ks-customer-panel.txt").write_text("Another file, same id.\n")
    r = update(lib)
    assert r.added == 5
    assert "same article id" in r.skipped["lwn/2007-ks-customer-panel.txt"]


def test_missing_catalogue_heals_itself(lib):
    update(lib)
    (lib.index / "catalogue.json").unlink()
    r = update(lib)
    assert r.updated == 5
    assert {e.id for e in load_catalogue(lib.index)} == SEED_IDS
    assert len(doc_ids(lib)) == SEED_DOCS


# -- locks ----------------------------------------------------------------------------------------

def test_second_indexer_says_busy_in_one_line(lib):
    update(lib)
    (lib.content / "lwn/new.md").write_text("# New\n\nSomething new to index.\n")
    with IndexLock(lib.index, timeout=0):
        t = time.monotonic()
        with pytest.raises(IndexBusy) as info:
            update(lib, lock_timeout=0.3)
        assert time.monotonic() - t >= 0.25  # it waited its lock_timeout, then gave up
        assert "\n" not in info.value.message and str(os.getpid()) in info.value.message
        proc = run_reader("--library", str(lib.root), "index")
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: index busy: "), proc.stderr
    assert update(lib).added == 1  # free again


def test_search_while_another_process_indexes_uses_the_index_as_it_is(lib):
    update(lib)
    (lib.content / "lwn/new.md").write_text("# New\n\nSomething new to index.\n")
    with IndexLock(lib.index, timeout=0):
        proc = run_reader("--library", str(lib.root), "search", "panic")
    assert proc.returncode == 0
    assert "index busy" in proc.stderr and "StevenCole" in proc.stdout


def test_stale_lock_from_a_dead_process_is_cleared(lib):
    update(lib)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (lib.index / "reader.lock").write_text(json.dumps({"pid": dead.pid, "started": "2020-01-01T00:00:00"}))
    (lib.index / "MAIN.tmp").mkdir()  # what a killed writer leaves
    (lib.index / "MAIN.tmp" / "x.run").write_text("junk")
    (lib.content / "lwn/new.md").write_text("# New\n\nSomething new to index.\n")
    r = update(lib, lock_timeout=0)
    assert any("stale lock" in m and str(dead.pid) in m for m in r.messages), r.messages
    assert r.added == 1
    assert not (lib.index / "MAIN.tmp").exists()
    assert (lib.index / "reader.lock").read_text() == ""  # released cleanly


# -- corruption -----------------------------------------------------------------------------------

def _segment_files(library: Library) -> list[Path]:
    return sorted(p for p in library.index.iterdir() if p.name.startswith("MAIN_") and p.suffix == ".seg")


@pytest.mark.parametrize("damage", ["segment", "toc", "manifest", "no-toc"])
def test_damaged_index_is_rebuilt_with_a_message(lib, damage):
    update(lib)
    if damage == "segment":
        for seg in _segment_files(lib):
            seg.write_bytes(b"\0garbage" * 100)
    elif damage == "toc":
        for toc in lib.index.glob("_MAIN_*.toc"):
            toc.write_bytes(b"not a toc")
    elif damage == "manifest":
        (lib.index / "manifest.json").write_text("{ half a manif")
    else:
        for toc in lib.index.glob("_MAIN_*.toc"):
            toc.unlink()
    r = update(lib)
    assert r.rebuilt and r.added == 5
    assert r.messages and "rebuilding" in r.messages[0]
    assert "\n" not in r.messages[0]
    assert len(doc_ids(lib)) == SEED_DOCS
    assert search_ids(lib, "by:mmarq") == {f"lwn/2003-kernel-summit-high-availability#{C10}"}


def test_search_cli_rebuilds_a_damaged_index(lib):
    update(lib)
    for seg in _segment_files(lib):
        seg.write_bytes(b"\0garbage" * 100)
    proc = run_reader("--library", str(lib.root), "search", "panic")
    assert proc.returncode == 0, proc.stderr
    assert "StevenCole" in proc.stdout
    assert "index unreadable" in proc.stderr and "Traceback" not in proc.stderr


# -- parallel builds, crashes, concurrency ---------------------------------------------------------

BUILD_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.index import build
    from reader.paths import Library
    build.PARALLEL_MIN = int(sys.argv[2])
    build.update(Library(Path(sys.argv[1]), "test"), rebuild=sys.argv[3] == "1",
                 jobs=int(sys.argv[4]), chunk=int(sys.argv[5]))
    print("done", flush=True)
    """
)


def _builder(root: Path, *, parallel_min=20, rebuild=False, jobs=2, chunk=12) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", BUILD_SCRIPT, str(root), str(parallel_min), "1" if rebuild else "0",
         str(jobs), str(chunk)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_parallel_build_equals_serial_build(tmp_path, monkeypatch):
    a = make_library(tmp_path / "a", copies=25)
    b = make_library(tmp_path / "b", copies=25)
    monkeypatch.setattr(build_mod, "PARALLEL_MIN", 10)
    ra = update(a, jobs=1, chunk=12)  # three chunks: commits between them
    rb = update(b, jobs=2, chunk=12)
    assert ra.jobs == 1 and rb.jobs == 2
    assert ra.added == rb.added == 30 and not ra.failed and not rb.failed
    assert doc_ids(a) == doc_ids(b)
    assert load_catalogue(a.index) == load_catalogue(b.index)
    # an incremental run on top of a parallel build
    (b.content / "syn/000.txt").unlink()
    assert update(b, jobs=2).removed == 1
    assert search_ids(b, "zqx000") == set() and search_ids(b, "zqx007")


@pytest.mark.slow
def test_kill_9_at_random_points_then_open_search_finish(tmp_path):
    """Ten (and more) builds killed at random moments: each leaves an index that opens and
    searches, and the next run finishes the job with exactly the documents of a clean build."""
    ref = make_library(tmp_path / "ref", copies=30)
    update(ref, jobs=1)
    expected = doc_ids(ref)
    lib = make_library(tmp_path / "lib", copies=30)
    full = {}
    for jobs in (1, 2):  # how long a whole build takes, interpreter start included
        t = time.monotonic()
        probe = _builder(lib.root, rebuild=True, jobs=jobs)
        assert probe.wait(timeout=120) == 0, probe.stderr.read()
        full[jobs] = time.monotonic() - t
    rng = random.Random(20260518)
    kills = rounds = 0
    while kills < 10 and rounds < 40:
        jobs = 1 + rounds % 2
        rebuild = rounds % 3 != 2  # mostly rebuilds; every third, a first build from nothing
        if not rebuild:
            shutil.rmtree(lib.index, ignore_errors=True)
        t = time.monotonic()
        proc = _builder(lib.root, rebuild=rebuild, jobs=jobs)
        time.sleep(rng.uniform(0.05, full[jobs] * 0.9))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        elif proc.returncode == 0:
            # it finished before the kill: a busy or quiet machine changes how long a build
            # takes, so aim the next kills at the build time seen now
            full[jobs] = min(full[jobs], time.monotonic() - t)
        proc.wait(timeout=60)
        rounds += 1
        # open + search, before anything repairs it (a first build killed before its first
        # commit has no index yet: then there is nothing to open)
        if storage.exists(lib.index):
            with SearchIndex(lib.index) as ix:
                ix.search("kernel")
        # the next run finishes the job
        r = update(lib, jobs=jobs, lock_timeout=10)
        assert not r.failed, r.failed
        assert doc_ids(lib) == expected, f"round {rounds}"
        assert {e.id for e in load_catalogue(lib.index)} == {i for i in expected if "#" not in i}
        assert not update(lib).changed
    assert kills >= 10, f"only {kills} of {rounds} builds were killed mid-way"


@pytest.mark.slow  # a 45-file parallel rebuild searched all along: CI runs it
def test_concurrent_search_during_indexing(tmp_path):
    lib = make_library(tmp_path / "lib", copies=40)
    update(lib, jobs=1)
    errors: list[BaseException] = []
    searches = 0
    proc = _builder(lib.root, rebuild=True, jobs=2, chunk=10)
    with SearchIndex(lib.index) as ix:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                ix.refresh()
                res = ix.search("kernel OR panic", limit=10)
                for g in res.articles:
                    for h in g.hits:
                        assert h.article == g.article
                searches += 1
            except Exception as exc:  # noqa: BLE001 - any failure is the finding
                errors.append(exc)
                break
            # a second indexer meanwhile is told the index is busy, or finds nothing to do
            if searches == 3:
                try:
                    update(lib, lock_timeout=0.1)
                except IndexBusy:
                    pass
    assert proc.wait(timeout=60) == 0, proc.stderr.read()
    assert not errors, errors
    assert searches >= 3
    with SearchIndex(lib.index) as ix:
        assert ix.search("zqx039").articles


def test_index_cli_prints_what_it_did(lib):
    proc = run_reader("--library", str(lib.root), "index")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("index: created the index, 5 added")
    proc = run_reader("--library", str(lib.root), "index")
    assert proc.stdout.strip() == "index: 0 added, 0 updated, 0 removed, 5 unchanged; 5 articles"
    proc = run_reader("--library", str(lib.root), "index", "--rebuild")
    assert "rebuilt (asked for), 5 added" in proc.stdout


def test_progress_bar_on_a_terminal_shows_files_rate_and_eta(lib):
    import io

    from rich.console import Console

    from reader.cli.index import RichProgress

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120, color_system=None)
    report = update(lib, progress=RichProgress(console))
    assert report.added == 5
    text = out.getvalue()
    assert "indexing" in text and "5/5" in text and "files/s" in text and "ETA" in text


def test_catalogue_rows_are_entries_in_code_and_lists_on_disk(lib):
    """Code reads catalogue rows by name (``Entry``); the file keeps its compact, versioned list
    form, so catalogues written before still read."""
    from reader.index.catalogue import FIELDS, Entry, catalogue_path, load_rows

    update(lib)
    rows = load_rows(lib.index)
    panel = rows["lwn/2007-ks-customer-panel"]
    assert isinstance(panel, Entry)
    assert panel.path == "lwn/2007-ks-customer-panel.md" and panel.title
    on_disk = json.loads(catalogue_path(lib.index).read_text(encoding="utf-8"))
    assert on_disk["fields"] == list(FIELDS)
    assert all(isinstance(row, list) and len(row) == len(FIELDS) for row in on_disk["articles"])
    with SearchIndex(lib.index) as ix:
        assert ix.catalogue()["lwn/2007-ks-customer-panel"] == panel
