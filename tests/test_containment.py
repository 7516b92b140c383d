"""Nothing outside the library is read (issue 14, "Reads outside the library"): an article id
resolves only inside content/ — no ``..``, no absolute path, no symbolic link out of content/ —
and folder links under content/ are not followed, unless reader.yaml says
``follow_symlinks: true``. Bookmarks that point outside are reported as invalid, never read."""

from __future__ import annotations

import shutil

import pytest

from conftest import REPO_ROOT, run_reader
from reader.errors import UnreadableFile
from reader.index import SearchIndex, update
from reader.library import OutsideLibrary, article_path, entries, load_article
from reader.paths import Library

SEED = "lwn/2003-kernel-summit-high-availability"
SECRET = "The launch codes are 0000. This sentence must never leave the outside folder."


@pytest.fixture
def lib(tmp_path) -> Library:
    shutil.copytree(REPO_ROOT / "content", tmp_path / "lib" / "content")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"Secret\n\n{SECRET}\n", encoding="utf-8")
    (outside / "more.md").write_text(f"# More secrets\n\n{SECRET}\n", encoding="utf-8")
    return Library(tmp_path / "lib", "test")


def cli(lib: Library, *args: str, **kw):
    return run_reader("--library", str(lib.root), *args, cwd=lib.root, timeout=120, **kw)


def one_line_error(proc, *words: str) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("article_id", ["../../outside/secret", "../outside/secret", "lwn/../../../outside/secret",
                                        "/abs/path/secret", "", "a\0b"])
def test_article_ids_that_leave_content_are_refused(lib, article_id):
    absolute = str(lib.root.parent / "outside" / "secret")
    for aid in (article_id, absolute if article_id == "/abs/path/secret" else article_id):
        with pytest.raises(OutsideLibrary):
            load_article(lib, aid)


def test_a_link_out_of_content_is_refused_unless_opted_in(lib):
    (lib.content / "leak.txt").symlink_to(lib.root.parent / "outside" / "secret.txt")
    (lib.content / "inner.txt").symlink_to(lib.content / "lwn" / "2003-kernel-summit-high-availability.txt")
    with pytest.raises(OutsideLibrary) as info:
        article_path(lib, "leak")
    assert "follow_symlinks" in info.value.message
    assert load_article(lib, "inner").title  # a link that stays inside content/ is fine
    followed = Library(lib.root, "test", follow_links=True)
    assert SECRET in load_article(followed, "leak").body
    # the hint (a catalogue's path) is checked as strictly as the id
    with pytest.raises(OutsideLibrary):
        article_path(lib, SEED, hint="../../outside/secret.txt")
    with pytest.raises(UnreadableFile):  # an ordinary missing article is not "outside"
        article_path(lib, "lwn/no-such-article")


def test_bookmarks_check_reports_an_outside_article_as_invalid_and_reads_nothing(lib):
    added = cli(lib, "bookmarks", "add", SEED, "--quote", "high availability", "--note", "mine")
    assert added.returncode == 0, added.stderr
    text = lib.bookmarks.read_text(encoding="utf-8")
    hostile = text.replace(f"article: {SEED}", "article: ../../outside/secret", 1)
    assert hostile != text
    lib.bookmarks.write_text(hostile, encoding="utf-8")
    before = lib.bookmarks.read_bytes()
    proc = cli(lib, "bookmarks", "check")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "1 invalid" in proc.stdout and "invalid" in proc.stderr and "outside" in proc.stdout
    assert "launch codes" not in proc.stdout + proc.stderr
    after = lib.bookmarks.read_bytes()
    assert after == before  # nothing written: not the outside text, not even an "orphaned"
    assert b"launch codes" not in after


def test_bookmarks_add_with_an_absolute_or_dotdot_id_is_one_line_and_writes_nothing(lib):
    secret = lib.root.parent / "outside" / "secret"
    for article_id in (str(secret), "../../outside/secret"):
        proc = cli(lib, "bookmarks", "add", article_id, "--quote", "launch codes")
        assert proc.returncode == 2, proc.stderr
        one_line_error(proc, "outside the library")
        assert not lib.bookmarks.exists()


def test_folder_links_are_not_followed_unless_opted_in(lib):
    (lib.content / "etc").symlink_to(lib.root.parent / "outside", target_is_directory=True)
    (lib.content / "leak.md").symlink_to(lib.root.parent / "outside" / "more.md")
    report = update(lib)
    assert report.added == 5
    assert "etc/" in report.skipped and "folder link" in report.skipped["etc/"]
    assert "leak.md" in report.skipped and "out of content/" in report.skipped["leak.md"]
    with SearchIndex(lib.index) as ix:
        assert ix.search("launch codes").total == 0
    listed = cli(lib, "index")
    assert listed.returncode == 0
    assert "skipped etc/: a folder link" in listed.stdout
    piped = cli(lib)  # the listing (not a terminal) warns and goes on
    assert piped.returncode == 0 and "5 articles" in piped.stdout
    assert "leak.md: a symbolic link out of content/" in piped.stderr
    assert "Secret" not in piped.stdout
    assert {e.id for e in entries(Library(lib.root, "test"))} >= {SEED}

    # opted in: reader.yaml says so, and every command follows
    lib.settings.write_text("follow_symlinks: true\n", encoding="utf-8")
    proc = cli(lib, "search", "launch codes")
    assert proc.returncode == 0, proc.stderr
    assert "etc/secret" in proc.stdout and "leak" in proc.stdout
    where = cli(lib, "where")
    assert "follow_symlinks: true" in where.stdout
    lib.settings.write_text("follow_symlinks: false\n", encoding="utf-8")
    proc = cli(lib, "search", "launch codes")
    assert proc.returncode == 1  # links dropped again: their articles left the index


def test_scan_of_an_unindexed_library_refuses_links_out(lib):
    (lib.content / "leak.txt").symlink_to(lib.root.parent / "outside" / "secret.txt")
    errors: list[str] = []
    found = entries(lib, on_error=lambda path, exc: errors.append(exc.message))
    assert SEED in {e.id for e in found} and "leak" not in {e.id for e in found}
    assert len(errors) == 1 and "out of content/" in errors[0]
