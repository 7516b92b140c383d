"""Tracebacks and wrong results of issue 14 ("Tracebacks and wrong results"), each now a
one-line error with exit status 1 or 2, or the right answer: a non-UTF-8 file name, an index
folder that cannot be written, searching during a rebuild, a query of invalid UTF-8, UTF-16
with a BOM and a stray byte, prefix expansion on incremental and rebuilt indexes, a bare ``*``.

Every CLI run is a subprocess with a timeout; user files are compared byte for byte."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT, run_reader
from reader.content import clean_file
from reader.content.decode import decode
from reader.index import SearchIndex, update
from reader.index.expansions import MAX_EXPANSION
from reader.paths import Library

LATIN1_NAME = b"caf\xe9.txt"


@pytest.fixture
def lib(tmp_path) -> Library:
    shutil.copytree(REPO_ROOT / "content", tmp_path / "lib" / "content")
    return Library(tmp_path / "lib", "test")


def cli(lib: Library, *args: str, **kw) -> subprocess.CompletedProcess[str]:
    return run_reader("--library", str(lib.root), *args, cwd=lib.root, timeout=180, **kw)


def one_line(proc, *words: str) -> str:
    lines = proc.stderr.strip().splitlines()
    assert "Traceback" not in proc.stderr, proc.stderr
    assert len(lines) == 1, proc.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- a non-UTF-8 file name -------------------------------------------------------------------

def test_a_latin1_file_name_is_refused_by_name_and_the_rest_is_indexed(lib):
    latin1 = os.path.join(os.fsencode(lib.content), LATIN1_NAME)
    with open(latin1, "wb") as f:
        f.write(b"Caf\xc3\xa9 title\n\nA kernel article about caf\xc3\xa9 culture.\n")
    proc = cli(lib, "index")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "5 added" in proc.stdout
    assert "skipped caf\\xe9.txt: file name is not valid UTF-8" in proc.stdout
    proc = cli(lib, "search", "kernel")  # and search works for the whole library
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "Kernel Summit" in proc.stdout
    piped = cli(lib)
    assert piped.returncode == 0 and "5 articles" in piped.stdout
    assert "caf\\xe9.txt: file name is not valid UTF-8" in piped.stderr
    # `reader clean` on the file itself: valid UTF-8 JSON, the id escaped, nothing lost
    clean = subprocess.run([sys.executable, "-m", "reader", "clean", "--json", latin1], capture_output=True,
                           timeout=120, cwd=lib.root, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert clean.returncode == 0, clean.stderr
    data = json.loads(clean.stdout.decode("utf-8"))
    assert os.fsencode(data["id"]) == b"caf\xe9"
    assert data["title"] == "Café title"


# -- an index folder that cannot be written -----------------------------------------------------

def test_read_only_index_is_one_line_and_search_reads_it_as_it_is(lib, unprivileged):
    update(lib)
    (lib.content / "new.md").write_text("# A new article\n\nAbout the kernel scheduler.\n", encoding="utf-8")
    before = tree_bytes(lib.index)
    lib.index.chmod(0o555)
    try:
        proc = cli(lib, "index", prefix=unprivileged)
        assert proc.returncode == 1
        one_line(proc, "cannot write the index", "permission denied")
        proc = cli(lib, "search", "kernel", prefix=unprivileged)
        assert proc.returncode == 0, proc.stderr
        assert "Kernel Summit" in proc.stdout
        assert "using the index as it is" in proc.stderr and "Traceback" not in proc.stderr
    finally:
        lib.index.chmod(0o755)
    assert tree_bytes(lib.index) == before


def test_lock_that_is_a_folder_is_one_line_and_search_goes_on(lib):
    update(lib)
    (lib.content / "new.md").write_text("# A new article\n\nAbout the kernel scheduler.\n", encoding="utf-8")
    lock = lib.index / "reader.lock"
    lock.unlink(missing_ok=True)
    lock.mkdir()
    proc = cli(lib, "index")
    assert proc.returncode == 1
    one_line(proc, "cannot write the index", "reader.lock")
    proc = cli(lib, "search", "kernel")
    assert proc.returncode == 0 and "Kernel Summit" in proc.stdout
    assert "using the index as it is" in proc.stderr
    assert lock.is_dir()


def test_index_that_is_a_file_is_one_line_and_left_alone(lib):
    lib.index.write_bytes(b"my notes, not an index\n")
    for args in (["search", "kernel"], ["index", "--rebuild"]):
        proc = cli(lib, *args)
        assert proc.returncode == 1, (args, proc.stderr)
        one_line(proc, "cannot write the index", "not a folder")
    assert lib.index.read_bytes() == b"my notes, not an index\n"


# -- searching during a rebuild -------------------------------------------------------------------

def test_search_during_a_rebuild_reads_the_previous_index(lib):
    update(lib)
    with SearchIndex(lib.index) as ix:
        expected = ix.search("kernel").total
    assert expected
    seen: list[int] = []

    class SearchMidway:  # the rebuild's progress callback: a search at every file
        def start(self, total, description):
            pass

        def advance(self, detail=""):
            with SearchIndex(lib.index) as ix:
                seen.append(ix.search("kernel").total)

        def stop(self):
            pass

    report = update(lib, rebuild=True, jobs=1, progress=SearchMidway())
    assert report.rebuilt == "asked for" and report.added == 5
    assert seen == [expected] * 5  # the old index, whole, until the new one is committed
    with SearchIndex(lib.index) as ix:
        assert ix.search("kernel").total == expected


def test_a_killed_rebuild_leaves_the_old_index_searchable(lib):
    update(lib)
    with SearchIndex(lib.index) as ix:
        expected = ix.search("kernel").total

    class Killed(Exception):
        pass

    class DieAtThird:
        n = 0

        def start(self, total, description):
            pass

        def advance(self, detail=""):
            self.n += 1
            if self.n == 3:
                raise Killed

        def stop(self):
            pass

    with pytest.raises(Killed):
        update(lib, rebuild=True, jobs=1, progress=DieAtThird())
    with SearchIndex(lib.index) as ix:
        assert ix.search("kernel").total == expected
    report = update(lib)
    assert not report.rebuilt and report.articles == 5


# -- a bad query is a query error -------------------------------------------------------------------

def test_invalid_utf8_query_is_a_bad_query_not_a_damaged_index(lib):
    from reader.library import refresh_index

    refresh_index(lib)  # what a search does first: the index as a search leaves it
    before = tree_bytes(lib.index)
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-m", "reader", "--library", os.fsencode(lib.root), "search",
                               b"\xff*"], capture_output=True, timeout=120, cwd=lib.root,
                              env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
        err = proc.stderr.decode("utf-8")
        assert proc.returncode == 2, err
        assert "bad query" in err and "not valid UTF-8" in err and "\\xff" in err
        assert "damaged" not in err and "rebuild" not in err and "Traceback" not in err
    assert tree_bytes(lib.index) == before  # not rebuilt


# -- UTF-16 with a BOM --------------------------------------------------------------------------------

@pytest.mark.parametrize("bom, encoding", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_with_a_bom_and_a_stray_byte_is_utf16(tmp_path, bom, encoding):
    text = "Привет, kernel summit. Ünïcödé text in UTF-16.\n"
    data = bom + text.encode(encoding) + b"@"
    decoded, warnings = decode(data, "page.txt")
    assert decoded.startswith(text.rstrip("\n"))
    assert "ÿþ" not in decoded and "þÿ" not in decoded
    assert warnings and "UTF-16" in warnings[0]
    page = tmp_path / "page.txt"
    page.write_bytes(data)
    assert "Привет" in clean_file(page).body


# -- prefix expansion ------------------------------------------------------------------------------------

def _write_docs(content: Path, rng: random.Random, which, gen: int) -> None:
    for i in which:
        words = " ".join(f"doc{rng.randrange(2000)}" for _ in range(5))
        (content / f"doc{i}.txt").write_text(f"Title number {i} gen {gen}\n\nThe body of doc{i} mentions "
                                             f"{words} and kernels.\n", encoding="utf-8")


def _hits(library: Library, query: str) -> tuple[set[str], bool]:
    with SearchIndex(library.index) as ix:
        res = ix.search(query, limit=1000, time_limit=None)
        return {g.article for g in res.articles}, res.partial


def test_prefix_expansion_is_the_same_on_incremental_and_rebuilt_indexes_or_partial(tmp_path, monkeypatch):
    from reader.index import build

    monkeypatch.setattr(build, "PARALLEL_MIN", 20)  # builds of 100 files go to two workers
    library = Library(tmp_path / "lib", "test")
    library.content.mkdir(parents=True)
    rng = random.Random(7)
    n = 100
    _write_docs(library.content, rng, range(n), 0)  # two worker segments
    update(library, jobs=2)
    for gen in (1, 2):  # incremental updates: several segments, deleted documents
        _write_docs(library.content, rng, rng.sample(range(n), 15), gen)
        update(library, jobs=1)
    narrow = "doc19*"  # doc19, doc190–doc199, doc1900–doc1999: candidates > MAX_EXPANSION
    incremental = {q: _hits(library, q) for q in ("doc1*", narrow, "doc25*", "kern*")}
    update(library, rebuild=True, jobs=2)
    rebuilt = {q: _hits(library, q) for q in incremental}
    update(library, rebuild=True, jobs=2)
    again = {q: _hits(library, q) for q in incremental}
    assert rebuilt == again  # two rebuilds of the same files: the same hits
    for q in incremental:
        (inc, inc_partial), (reb, reb_partial) = incremental[q], rebuilt[q]
        assert inc == reb or (inc_partial and reb_partial), q
    # a prefix with fewer words than the bound: whole, equal, not partial
    assert not rebuilt["kern*"][1] and rebuilt["kern*"][0] == incremental["kern*"][0]
    assert len(rebuilt["kern*"][0]) == n
    with SearchIndex(library.index) as ix:
        res = ix.search("doc1*")
        assert res.partial and res.cut == ["doc1*"] and res.to_dict()["cut"] == ["doc1*"]
    proc = run_reader("--library", str(library.root), "search", "doc1*", cwd=tmp_path, timeout=120)
    assert f"doc1*: only its {MAX_EXPANSION} most frequent words" in proc.stdout


def test_a_bare_star_is_quick_and_means_everything(lib):
    update(lib)
    with SearchIndex(lib.index) as ix:
        kernel = ix.search("kernel", limit=100)
        with_star = ix.search("kernel *", limit=100)
        assert with_star.total == kernel.total > 0
        assert [g.article for g in with_star.articles] == [g.article for g in kernel.articles]
        assert ix.search("kernel * panic").total == ix.search("kernel panic").total
        everything = ix.search("*", limit=100, time_limit=None)
        assert everything.total == ix.searcher.doc_count()
        assert ix.search("title:*", limit=100, time_limit=None).total == everything.total


def test_a_worker_dying_in_a_rebuild_falls_back_and_the_next_run_skips_the_file(tmp_path, monkeypatch):
    """The one case where a rebuild cannot keep the old index: a worker process dies on a file
    (here the pool reports it, as ``WorkerPool`` does when a worker's exit is seen). The index
    is then emptied, as a rebuild without an old index does, the manifest remembers the file,
    and the next run indexes the rest without it."""
    from reader.index import build, workers

    library = Library(tmp_path / "lib", "test")
    library.content.mkdir(parents=True)
    n = 15
    _write_docs(library.content, random.Random(3), range(n), 0)
    update(library, jobs=1)
    monkeypatch.setattr(build, "PARALLEL_MIN", 5)  # the rebuild goes to the worker pool

    def dies(self, part, ids, done, failed, progress):
        failed["doc7.txt"] = "doc7.txt: the cleaner crashed on it (exit code 3)"
        raise workers.WorkerDied("an indexing worker died on doc7.txt (exit code 3)", failed)

    monkeypatch.setattr(workers.WorkerPool, "run", dies)
    with pytest.raises(workers.WorkerDied):
        update(library, rebuild=True, jobs=2)
    monkeypatch.undo()
    with SearchIndex(library.index) as ix:  # readable (emptied), never a damaged index
        assert ix.search("kernels").total == 0
    report = update(library, jobs=1)
    assert "doc7.txt" in report.skipped and "crashed" in report.skipped["doc7.txt"]
    assert report.articles == n - 1
    with SearchIndex(library.index) as ix:
        assert ix.search("kernels", limit=1).total == n - 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the workers inherit the patched cleaner by fork")
def test_a_worker_killed_mid_file_names_that_file_and_no_other(tmp_path, monkeypatch):
    """A real worker process dies (``os._exit``, as a segfault would: its queue's feeder thread
    never flushes) on one file, right after finishing others: the file it died on is the one
    remembered, and the next run indexes every other file."""
    from reader.index import build, workers, writing

    library = Library(tmp_path / "lib", "test")
    library.content.mkdir(parents=True)
    n = 12
    _write_docs(library.content, random.Random(5), range(n), 0)
    monkeypatch.setattr(build, "PARALLEL_MIN", 2)
    monkeypatch.setattr(workers, "_context", lambda: workers.mp.get_context("fork"))
    real = writing.clean_one

    def clean_or_die(path, rel, aid, rules):
        if rel == "doc7.txt":
            os._exit(3)
        return real(path, rel, aid, rules)

    monkeypatch.setattr(writing, "clean_one", clean_or_die)
    with pytest.raises(workers.WorkerDied) as info:
        update(library, jobs=2)
    assert list(info.value.failed) == ["doc7.txt"], info.value.failed
    assert "on doc7.txt" in info.value.message
    monkeypatch.undo()
    report = update(library, jobs=1)
    assert list(report.skipped) == ["doc7.txt"] and report.articles == n - 1
