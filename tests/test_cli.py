"""The command line as a user runs it: `python -m reader` in a subprocess (no uv).

`reader clean FILE [--json]` is a contract (tests and evaluation read it): the JSON keys and
their order, Markdown with YAML front matter. `reader where` shows which library is in use.
Exit codes: 0 ok, 1 a file that cannot be read, 2 bad usage.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO_ROOT, SEEDS, run_reader
from reader.content import clean_file

ARTICLE_KEYS = ["id", "title", "author", "date", "site", "url", "tags", "series", "summary",
                "body", "format", "warnings", "comments", "approx_date"]
COMMENT_KEYS = ["id", "parent", "author", "date", "title", "body", "kind", "depth", "quotes"]
ANCHOR_KEYS = ["exact", "prefix", "suffix", "start", "end"]
WHERE_NAMES = ["library", "content", "index", "bookmarks", "state", "settings"]
SEED_IDS = [p.relative_to(REPO_ROOT / "content").with_suffix("").as_posix() for p in SEEDS]


def where(proc: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """`reader where` output → {name: path}."""
    assert proc.returncode == 0, proc.stderr
    out = {}
    for line in proc.stdout.splitlines():
        m = re.match(r"^(\w+) +(.+?)(?: {2,}\(.*\))?$", line)
        assert m, line
        out[m.group(1)] = m.group(2)
    return out


def front_matter(markdown: str) -> tuple[dict, str]:
    assert markdown.startswith("---\n"), markdown[:80]
    head, sep, rest = markdown[4:].partition("\n---\n")
    assert sep, "front matter is not closed"
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data, rest


# ---------------------------------------------------------------------------- clean --json


@pytest.fixture(scope="module")
def seeds_json() -> dict[str, dict]:
    out = {}
    for path in SEEDS:
        proc = run_reader("clean", "--json", str(path), cwd=REPO_ROOT)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == ""
        out[path.relative_to(REPO_ROOT / "content").with_suffix("").as_posix()] = json.loads(proc.stdout)
    return out


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_clean_json_keys_in_contract_order(seeds_json, seed_id):
    data = seeds_json[seed_id]
    assert list(data) == ARTICLE_KEYS
    assert data["id"] == seed_id  # the path under content/, no extension
    assert data["format"] in ("html", "markdown", "text")
    assert isinstance(data["tags"], list) and isinstance(data["warnings"], list)
    assert data["date"] is None or re.match(r"^\d{4}-\d{2}-\d{2}", data["date"])
    assert data["title"] and data["body"]
    for comment in data["comments"]:
        assert list(comment) == COMMENT_KEYS
        assert comment["kind"] in ("comment", "pingback")
        for quote in comment["quotes"]:
            assert list(quote) == ANCHOR_KEYS


def test_clean_json_has_comments_somewhere(seeds_json):
    """At least the seeds with threads carry comments, so the comment contract is exercised."""
    assert sum(len(d["comments"]) for d in seeds_json.values()) >= 5
    assert any(c["quotes"] for d in seeds_json.values() for c in d["comments"])


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_clean_json_is_the_library_article(seeds_json, seed_id):
    """The CLI prints exactly what the library function returns."""
    path = next(p for p in SEEDS if p.with_suffix("").as_posix().endswith(seed_id))
    assert seeds_json[seed_id] == clean_file(path, article_id=seed_id).to_dict()


def test_clean_outside_the_library_uses_the_file_name(tmp_path, reader_cli):
    page = tmp_path / "notes" / "My Page.txt"
    page.parent.mkdir()
    page.write_text("A small page\n\nWith one paragraph of text.\n")
    proc = reader_cli("clean", "--json", str(page))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["id"] == "My Page" and data["title"] == "A small page"


def test_clean_with_library_option_gives_ids_under_its_content(tmp_path, reader_cli):
    page = tmp_path / "lib" / "content" / "blog" / "post.md"
    page.parent.mkdir(parents=True)
    page.write_text("# A post\n\nSome text.\n")
    proc = reader_cli("--library", str(tmp_path / "lib"), "clean", "--json", str(page))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["id"] == "blog/post"


# ---------------------------------------------------------------------------- clean (Markdown)


@pytest.mark.parametrize("seed", SEEDS, ids=SEED_IDS)
def test_clean_markdown_front_matter_parses(seed, seeds_json):
    proc = run_reader("clean", str(seed), cwd=REPO_ROOT)
    assert proc.returncode == 0, proc.stderr
    data, rest = front_matter(proc.stdout)
    expected = seeds_json[seed.relative_to(REPO_ROOT / "content").with_suffix("").as_posix()]
    assert data["id"] == expected["id"] and data["title"] == expected["title"]
    assert data["format"] == expected["format"]
    for key in ("author", "site", "url", "series", "summary"):
        assert data.get(key, "") == expected[key]
    assert str(data.get("date")) == str(expected["date"]) if expected["date"] else "date" not in data
    assert data.get("tags", []) == expected["tags"]
    assert rest.lstrip("\n").startswith(expected["body"])


def test_clean_markdown_warnings_go_to_stderr(tmp_path, reader_cli):
    page = tmp_path / "latin.txt"
    page.write_bytes("Un café à Paris\n\nLe garçon était là.\n".encode("latin-1"))
    proc = reader_cli("clean", str(page))
    assert proc.returncode == 0
    data, rest = front_matter(proc.stdout)
    assert data["title"] == "Un café à Paris" and "garçon" in rest
    lines = proc.stderr.splitlines()
    assert lines and all(re.match(r"^reader: warning: latin\.txt: ", ln) for ln in lines), lines


def test_clean_json_of_bad_content_exits_0_with_warnings(tmp_path, reader_cli):
    page = tmp_path / "empty.html"
    page.write_bytes(b"")
    proc = reader_cli("clean", "--json", str(page))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert list(data) == ARTICLE_KEYS and data["body"] == ""
    assert data["warnings"] and all("empty.html" in w for w in data["warnings"])


def test_closed_pipe_is_not_an_error(tmp_path):
    """`reader clean big.txt | head -1`: exit 0, no traceback."""
    page = tmp_path / "long.txt"
    para = "Words of a long article that goes on and on for a while. " * 20
    page.write_text("A long article\n\n" + "\n\n".join([para] * 3000))
    proc = subprocess.Popen([sys.executable, "-m", "reader", "clean", str(page)], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert proc.stdout.readline() == b"---\n"
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in stderr and "Error" not in stderr, stderr


# ---------------------------------------------------------------------------- where


def test_where_prints_every_path(tmp_path, reader_cli):
    lib = tmp_path / "lib"
    paths = where(reader_cli("--library", str(lib), "where"))
    assert set(WHERE_NAMES) <= set(paths)
    assert paths["library"] == str(lib.resolve())
    assert paths["content"] == str(lib.resolve() / "content")
    assert paths["index"] == str(lib.resolve() / "index")
    assert paths["bookmarks"] == str(lib.resolve() / "bookmarks.yaml")
    assert paths["state"] == str(lib.resolve() / "state.yaml")
    assert paths["settings"] == str(lib.resolve() / "reader.yaml")
    assert not lib.exists(), "`where` must not create the library"


def test_where_honours_reader_library(tmp_path, reader_cli):
    lib = tmp_path / "from-env"
    proc = reader_cli("where", env={"READER_LIBRARY": str(lib)})
    assert where(proc)["library"] == str(lib.resolve())
    assert "READER_LIBRARY" in proc.stdout.splitlines()[0]


def test_library_option_beats_the_environment(tmp_path, reader_cli):
    proc = reader_cli("--library", str(tmp_path / "opt"), "where", env={"READER_LIBRARY": str(tmp_path / "env")})
    assert where(proc)["library"] == str((tmp_path / "opt").resolve())


def test_relative_library_option_is_resolved(tmp_path, reader_cli):
    assert where(reader_cli("--library", "rel", "where"))["library"] == str((tmp_path / "rel").resolve())


def test_where_uses_a_folder_with_content(tmp_path, reader_cli):
    (tmp_path / "here" / "content").mkdir(parents=True)
    paths = where(reader_cli("where", cwd=tmp_path / "here"))
    assert paths["library"] == str((tmp_path / "here").resolve())
    assert paths["content"] == str((tmp_path / "here" / "content").resolve())


def test_where_falls_back_to_the_user_data_dir(tmp_path, reader_cli, isolated_user_data):
    """With nothing else, the platform's user data dir: here the isolated XDG_DATA_HOME."""
    paths = where(reader_cli("where", cwd=tmp_path))
    data_home = Path(os.environ["XDG_DATA_HOME"])
    assert Path(paths["library"]).is_relative_to(data_home), paths["library"]
    assert Path(paths["library"]).is_relative_to(isolated_user_data)


def test_repo_is_its_own_library(reader_cli):
    assert where(reader_cli("where", cwd=REPO_ROOT))["content"] == str((REPO_ROOT / "content").resolve())


# ---------------------------------------------------------------------------- exit codes


def test_unreadable_file_exits_1_with_one_line(tmp_path, reader_cli):
    for path in (tmp_path / "missing.txt", tmp_path):
        proc = reader_cli("clean", str(path))
        assert proc.returncode == 1, proc.stderr
        assert proc.stdout == ""
        assert len(proc.stderr.strip().splitlines()) == 1 and str(path) in proc.stderr


@pytest.mark.parametrize("args", [
    ["clean"],  # missing FILE
    ["clean", "--bogus", "x.txt"],
    ["no-such-command"],
    ["--library"],  # missing DIR
    ["where", "extra"],
])
def test_bad_usage_exits_2(args, reader_cli):
    proc = reader_cli(*args)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert proc.stdout == ""
    assert "usage" in proc.stderr.lower() or "error" in proc.stderr.lower()
    assert "Traceback" not in proc.stderr


def test_library_without_content_exits_2_with_one_line(tmp_path, reader_cli):
    proc = run_reader("--library", str(tmp_path / "none"), cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "content" in proc.stderr


def test_version(reader_cli):
    import reader

    proc = reader_cli("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"reader {reader.__version__}"


def test_help_lists_clean_and_where(reader_cli):
    proc = reader_cli("--help")
    assert proc.returncode == 0
    assert "clean" in proc.stdout and "where" in proc.stdout
