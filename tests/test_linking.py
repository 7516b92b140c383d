"""The url in the catalogue (what links to library articles are matched on): kept at index
time, and an older catalogue without it is rebuilt by the next update."""

from __future__ import annotations

import json
import shutil

from conftest import REPO_ROOT
from reader.index import load_catalogue, update
from reader.linking import UrlMap
from reader.paths import Library

PAGE = ("---\ntitle: Memory use controller\nurl: https://lwn.net/Articles/243795/\n---\n\n"
        "The memory controller patch.\n")


def _library(tmp_path) -> Library:
    shutil.copytree(REPO_ROOT / "content", tmp_path / "lib" / "content")
    (tmp_path / "lib" / "content" / "lwn" / "memcg.md").write_text(PAGE, encoding="utf-8")
    return Library(tmp_path / "lib", "test")


def test_the_catalogue_keeps_each_articles_url(tmp_path):
    lib = _library(tmp_path)
    update(lib)
    entries = {e.id: e for e in load_catalogue(lib.index)}
    assert entries["lwn/memcg"].url == "https://lwn.net/Articles/243795/"
    assert UrlMap(entries.values()).article_for("http://lwn.net/Articles/243795/") == "lwn/memcg"


def test_a_catalogue_of_the_version_before_urls_is_made_again(tmp_path):
    lib = _library(tmp_path)
    update(lib)
    path = lib.index / "catalogue.json"
    data = json.loads(path.read_text())
    data["version"] = 2  # as the code before this change wrote it: no url
    data["fields"] = data["fields"][:-1]
    data["articles"] = [row[:-1] for row in data["articles"]]
    path.write_text(json.dumps(data, separators=(",", ":")))
    (lib.index / "catalogue.journal").unlink(missing_ok=True)
    assert load_catalogue(lib.index) == []  # not read as this version
    update(lib)
    entries = {e.id: e for e in load_catalogue(lib.index)}
    assert len(entries) == 6 and entries["lwn/memcg"].url == "https://lwn.net/Articles/243795/"
