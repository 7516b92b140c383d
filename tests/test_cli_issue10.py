"""Issue 10's command-line bugs, each on a copy of the bundled library (``content/``) or on the
shared corpus (skipped with a reason when ``../shared`` is absent), run as subprocesses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO_ROOT, copy_indexed_seeds

SEED = "lwn/2003-kernel-summit-high-availability"
QUOTE = "Many of these calls are unnecessary; the system could recover in some way"


@pytest.fixture
def lib(tmp_path) -> Path:
    return copy_indexed_seeds(tmp_path / "lib")


# -- a. --library after the command -----------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["where"],
    ["index"],
    ["search", "panic"],
    ["bookmarks", "list"],
    ["bookmarks", "check"],
])
def test_library_option_after_the_command(args, lib, reader_cli, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = reader_cli(*args, "--library", str(lib), cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert "unrecognized arguments" not in proc.stderr
    if args == ["where"]:
        assert proc.stdout.startswith(f"library    {lib}    (--library)")
    if args[0] == "search":
        assert "StevenCole" in proc.stdout  # the seed's comment: the library given was searched


def test_library_option_after_the_command_beats_the_one_before(lib, reader_cli, tmp_path):
    proc = reader_cli("--library", str(tmp_path / "other"), "where", "--library", str(lib))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"library    {lib}    ")


def test_library_option_before_the_command_still_works(lib, reader_cli):
    proc = reader_cli("--library", str(lib), "search", "panic")
    assert proc.returncode == 0, proc.stderr


# -- c. --json errors are JSON --------------------------------------------------------------

@pytest.mark.parametrize("args, title", [
    (["search", "title:(", "--json"], "bad query"),
    (["search", "--json", "--limit", "0", "panic"], "usage"),
    (["clean", "--json", "missing.txt"], "cannot read"),
])
def test_json_errors_are_a_json_object_on_stdout(args, title, lib, reader_cli):
    proc = reader_cli(*args, "--library", str(lib), cwd=lib)
    assert proc.returncode == (1 if title == "cannot read" else 2), proc.stderr
    error = json.loads(proc.stdout)["error"]
    assert error["title"] == title and error["message"]
    assert "Traceback" not in proc.stderr and proc.stderr.strip()  # the one-line message stays


def test_without_json_an_error_is_only_the_stderr_line(lib, reader_cli):
    proc = reader_cli("search", "title:(", "--library", str(lib))
    assert proc.returncode == 2 and proc.stdout == ""
    # (the index is built first, and says so on stderr)
    assert proc.stderr.strip().splitlines()[-1] == 'reader: bad query: unclosed "(" at column 7: title:('



# -- d. plurals -------------------------------------------------------------------------------

def test_counts_are_worded_right_for_one(lib, reader_cli):
    proc = reader_cli("bookmarks", "add", SEED, "--quote", QUOTE, "--tag", "ha", cwd=lib)
    assert proc.returncode == 0, proc.stderr
    proc = reader_cli("bookmarks", "check", cwd=lib)
    assert proc.stdout.startswith("checked 1 bookmark in 1 article: 1 exact"), proc.stdout
    assert reader_cli("bookmarks", "list", cwd=lib).stdout.splitlines()[-1] == "1 bookmark (1 exact)"
    proc = reader_cli("bookmarks", "export", "-o", str(lib / "out.md"), cwd=lib)
    assert proc.stderr.startswith("wrote 1 bookmark to "), proc.stderr
    one = lib / "one"
    (one / "content").mkdir(parents=True)
    shutil.copy(lib / "content" / "lwn" / "2004-kernel-summit-customer-panel.md", one / "content")
    proc = reader_cli("index", cwd=one)
    assert proc.stdout.rstrip().endswith("; 1 article, 1 document"), proc.stdout
    proc = reader_cli(cwd=one)  # piped: the listing
    assert proc.stdout.splitlines()[-1].startswith("1 article in ")


def test_plural_helper():
    from reader.wording import plural

    assert [plural(n, "article") for n in (0, 1, 2)] == ["0 articles", "1 article", "2 articles"]
    assert plural(3, "match") == "3 matches" and plural(1, "match") == "1 match"


# -- e. the index's counts add up ----------------------------------------------------------

def _counts(line: str) -> dict[str, int]:
    import re

    found = {word: int(n) for n, word in re.findall(r"(\d+) (added|updated|removed|unchanged|skipped|articles?)\b",
                                                      line)}
    found["articles"] = found.pop("articles", found.pop("article", 0))
    return found


def test_index_counts_add_up_after_touch(lib, reader_cli):
    import os
    import time

    assert reader_cli("index", cwd=lib).returncode == 0
    later = time.time_ns() + 5_000_000_000
    for path in (lib / "content" / "lwn").iterdir():  # `touch content/lwn/*`: new mtimes, same bytes
        os.utime(path, ns=(later, later))
    proc = reader_cli("index", cwd=lib)
    assert proc.returncode == 0, proc.stderr
    c = _counts(proc.stdout)
    assert c["articles"] == 5
    assert c["added"] + c["updated"] + c["unchanged"] + c.get("skipped", 0) == c["articles"], proc.stdout
    assert c["unchanged"] == 5


# -- f. #tag and tag:x find tagged bookmarks (the list and the search) ---------------------------

def test_bookmark_tags_filter_in_list_and_search(lib, reader_cli):
    proc = reader_cli("bookmarks", "add", SEED, "--quote", QUOTE, "--tag", "ha", "--tag", "Kernel", cwd=lib)
    assert proc.returncode == 0, proc.stderr
    bid = proc.stdout.split()[0]
    proc = reader_cli("bookmarks", "list", "#ha", cwd=lib)
    assert proc.returncode == 0 and bid in proc.stdout, (proc.stdout, proc.stderr)
    for flt in ("#ha", "tag:ha", "#kernel", "tag:Kernel"):
        proc = reader_cli("bookmarks", "list", flt, "--json", cwd=lib)
        assert [b["id"] for b in json.loads(proc.stdout)] == [bid]
        proc = reader_cli("search", f"in:bookmarks {flt}", "--json", cwd=lib)
        assert proc.returncode == 0, (flt, proc.stderr)
        hits = [h["bookmark"] for a in json.loads(proc.stdout)["articles"] for h in a["bookmarks"]]
        assert hits == [bid], flt
    proc = reader_cli("bookmarks", "list", "#nope", cwd=lib)
    assert proc.returncode == 1 and "no bookmark matches" in proc.stderr


# -- g. "+N more" per article, and a way to see them all ---------------------------------------

@pytest.fixture
def nikon(shared_dir, tmp_path) -> Path:
    """A library of the corpus' Nikon Rumors page: one article, 19 comments that say "nikon"."""
    page = shared_dir / "corpus" / "pages" / "dragnet--nikonrumors.com--R47.html"
    if not page.is_file():
        pytest.skip(f"{page} is absent")
    root = tmp_path / "nikon"
    (root / "content").mkdir(parents=True)
    shutil.copy(page, root / "content")
    return root


def test_hits_past_the_per_article_limit_are_counted(nikon, reader_cli):
    proc = reader_cli("search", "in:comments nikon", "--json", cwd=nikon)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    (article,) = data["articles"]
    shown = len(article["comments"])
    assert data["total"] == article["total"] == 19 and shown == 5
    assert article["omitted"] == data["omitted"] == 19 - shown
    text = reader_cli("search", "in:comments nikon", cwd=nikon).stdout
    assert "+14 more in this article" in text and "19 hits" in text and "--all" in text


def test_all_and_per_article_show_more(nikon, reader_cli):
    data = json.loads(reader_cli("search", "in:comments nikon", "--all", "--json", cwd=nikon).stdout)
    (article,) = data["articles"]
    assert len(article["comments"]) == 19 and article["omitted"] == 0 and data["per_article"] is None
    text = reader_cli("search", "in:comments nikon", "--all", cwd=nikon).stdout
    assert text.count("↳ comment ") == 19 and "more in this article" not in text
    data = json.loads(reader_cli("search", "in:comments nikon", "--per-article", "7", "--json", cwd=nikon).stdout)
    assert len(data["articles"][0]["comments"]) == 7 and data["articles"][0]["omitted"] == 12


# -- h. on a terminal, each snippet is one line centred on its hit ------------------------------

def test_snippets_on_a_terminal_fit_its_width_and_show_the_hit(lib, reader_cli):
    import re

    env = {"COLUMNS": "50", "FORCE_COLOR": "1", "NO_COLOR": "1"}  # a terminal, 50 columns, no colour
    proc = reader_cli("search", "kernel", "--all", cwd=lib, env=env)
    assert proc.returncode == 0, proc.stderr
    snippets = [line for line in proc.stdout.splitlines() if line.rstrip().endswith(" …")]
    assert snippets
    for line in snippets:
        plain = re.sub(r"\x1b\[[0-9;]*m", "", line)
        assert len(plain) <= 50, plain
    # every snippet with a hit shows it (those without are a body's lead: a title-only hit)
    data = json.loads(reader_cli("search", "kernel", "--all", "--json", cwd=lib).stdout)
    with_hits = sum(1 for a in data["articles"] for h in [a["hit"], *a["comments"]] if h
                    for f in h["fragments"] if f["spans"])
    assert with_hits and sum("\x1b[1m" in line for line in snippets) == with_hits
