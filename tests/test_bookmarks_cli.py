"""`reader bookmarks list|export|add|check` in subprocesses, on a copy of the bundled library."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REPO_ROOT, copy_indexed_seeds

SEED = "lwn/2003-kernel-summit-high-availability"
RAW = "content/lwn/2003-kernel-summit-high-availability.txt"
QUOTE = "Many of these calls are unnecessary; the system could recover in some way"


@pytest.fixture
def lib(tmp_path) -> Path:
    return copy_indexed_seeds(tmp_path / "lib")


@pytest.fixture
def run(reader_cli, lib):
    def go(*args: str):
        return reader_cli(*args, cwd=lib)

    return go


def one_line_error(proc) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


def test_add_list_export(run, lib, tmp_path):
    proc = run("bookmarks", "add", SEED, "--quote", QUOTE, "--note", "panic count\nsecond line",
               "--tag", "ha", "--tag", "kernel")
    assert proc.returncode == 0, proc.stderr
    bid = proc.stdout.split()[0]
    entry = yaml.safe_load((lib / "bookmarks.yaml").read_text(encoding="utf-8"))[0]
    assert entry["id"] == bid and entry["exact"] == QUOTE and entry["status"] == "exact"
    assert entry["tags"] == ["ha", "kernel"] and entry["title"] == "2003 Kernel Summit: High Availability"

    listing = run("bookmarks", "list")
    assert listing.returncode == 0
    assert bid in listing.stdout and QUOTE in listing.stdout and "panic count" in listing.stdout
    assert "exact" in listing.stdout
    assert run("bookmarks").stdout == listing.stdout  # list is the default action

    as_json = json.loads(run("bookmarks", "list", "--json").stdout)
    assert as_json[0]["id"] == bid and as_json[0]["note"] == "panic count\nsecond line"

    md = run("bookmarks", "export", "--format", "md")
    assert md.returncode == 0
    assert "## 2003 Kernel Summit: High Availability" in md.stdout
    assert f"> {QUOTE}" in md.stdout and "panic count\nsecond line" in md.stdout

    out = tmp_path / "annotations.json"
    proc = run("bookmarks", "export", "--format", "json", "-o", str(out))
    assert proc.returncode == 0 and proc.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 1
    page = data["first"]
    assert page["type"] == "AnnotationPage"
    item = page["items"][0]
    assert item["type"] == "Annotation" and item["id"].endswith(bid)
    assert {"type": "TextualBody", "value": "panic count\nsecond line", "format": "text/plain",
            "purpose": "commenting"} in item["body"]
    assert {"type": "TextualBody", "value": "ha", "purpose": "tagging"} in item["body"]
    target = item["target"]
    assert target["source"] == SEED
    quote_sel, pos_sel = target["selector"]
    assert quote_sel["type"] == "TextQuoteSelector" and quote_sel["exact"] == QUOTE
    assert quote_sel["prefix"] and quote_sel["suffix"]
    assert pos_sel["type"] == "TextPositionSelector" and pos_sel["end"] - pos_sel["start"] == len(QUOTE)


def test_add_quote_typed_on_one_line_matches_across_whitespace(run):
    proc = run("bookmarks", "add", SEED, "--quote", "Many  of these\ncalls are   unnecessary")
    assert proc.returncode == 0, proc.stderr


def test_add_not_found_ambiguous_and_unknown_article(run, lib):
    proc = run("bookmarks", "add", SEED, "--quote", "words that are not in the article")
    assert proc.returncode == 2
    assert "quote not found" in one_line_error(proc)
    proc = run("bookmarks", "add", SEED, "--quote", "kernel")
    assert proc.returncode == 2
    line = one_line_error(proc)
    assert "times" in line and "longer quote" in line
    n = int(line.split("found ")[1].split()[0])
    assert n > 1
    proc = run("bookmarks", "add", "lwn/no-such-article", "--quote", "x")
    assert proc.returncode == 1
    one_line_error(proc)
    assert not (lib / "bookmarks.yaml").exists()


def test_recleaned_article_moves_then_orphans_the_bookmark(run, lib):
    """A changed cleaner adds a paragraph before the passage: `check` moves the bookmark; the
    passage deleted: it is orphaned, kept, and still listed with its quote and note."""
    assert run("bookmarks", "add", SEED, "--quote", QUOTE, "--note", "keep me").returncode == 0
    before = yaml.safe_load((lib / "bookmarks.yaml").read_text(encoding="utf-8"))[0]

    check = run("bookmarks", "check")
    assert check.returncode == 0
    assert "1 exact, 0 moved, 0 fuzzy, 0 orphaned" in check.stdout

    raw = lib / RAW
    text = raw.read_text(encoding="utf-8")
    raw.write_text(text.replace("Failing that, the next thing",
                                "A paragraph a newer cleaner keeps.\n\nFailing that, the next thing", 1),
                   encoding="utf-8")
    check = run("bookmarks", "check")
    assert check.returncode == 0, check.stderr
    assert "0 exact, 1 moved, 0 fuzzy, 0 orphaned" in check.stdout
    assert "moved" in check.stdout and before["id"] in check.stdout
    after = yaml.safe_load((lib / "bookmarks.yaml").read_text(encoding="utf-8"))[0]
    assert after["status"] == "moved" and after["exact"] == QUOTE
    assert after["start"] == before["start"] + len("A paragraph a newer cleaner keeps.\n\n")

    raw.write_text(raw.read_text(encoding="utf-8").replace(QUOTE + " and continue functioning.", ""),
                   encoding="utf-8")
    check = run("bookmarks", "check")
    assert check.returncode == 0
    assert "1 orphaned" in check.stdout and "orphaned" in check.stdout.splitlines()[-1]
    entry = yaml.safe_load((lib / "bookmarks.yaml").read_text(encoding="utf-8"))[0]
    assert entry["status"] == "orphaned" and entry["exact"] == QUOTE and entry["note"] == "keep me"
    listing = run("bookmarks", "list")
    assert "orphaned" in listing.stdout and QUOTE in listing.stdout and "keep me" in listing.stdout


def test_check_with_a_deleted_article_orphans_its_bookmarks(run, lib):
    assert run("bookmarks", "add", SEED, "--quote", QUOTE).returncode == 0
    (lib / RAW).unlink()
    check = run("bookmarks", "check")
    assert check.returncode == 0
    assert "1 orphaned" in check.stdout and "article gone" in check.stdout


@pytest.mark.parametrize("data,line", [
    (b"- id: a1\n  article: x\n exact: bad indent\n", 3),
    (b"- id: a1\n\x00\xff binary \xfe\n", 2),
    (b"- !!python/object:os.system\n  x: 1\n", 1),
])
def test_a_corrupt_file_is_reported_and_left_alone(run, lib, data, line):
    path = lib / "bookmarks.yaml"
    path.write_bytes(data)
    for args in (("bookmarks", "list"), ("bookmarks", "list", "--json"), ("bookmarks", "check"),
                 ("bookmarks", "export", "--format", "json"),
                 ("bookmarks", "add", SEED, "--quote", QUOTE)):
        proc = run(*args)
        assert proc.returncode == 1, (args, proc.stdout, proc.stderr)
        assert f"bookmarks.yaml line {line}:" in one_line_error(proc)
        assert path.read_bytes() == data
