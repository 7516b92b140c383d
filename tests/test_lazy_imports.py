"""The packages whose heavy parts load on first use (PEP 562, ``reader.lazy``): ``reader
where`` imports neither Whoosh nor the cleaner, and a lazy name, once asked for, is the
submodule's own object, kept in the package."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("whoosh", "ftfy", "reader.content.clean", "reader.index.searching", "reader.importing.apply")


def test_where_imports_neither_whoosh_nor_the_cleaner(repo_root):
    code = """
import contextlib, io, json, sys
from reader.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    assert main(["where"]) == 0
print(json.dumps(sorted(sys.modules)))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=repo_root, timeout=120)
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "reader.index" in loaded and "reader.importing" in loaded  # imported, but light
    assert [m for m in loaded if m.startswith(HEAVY)] == []


CLEANER = ("ftfy", "lxml", "markdownify", "bs4", "reader.content.clean", "reader.content.decode")


def test_a_search_or_a_listing_of_an_indexed_library_does_not_load_the_cleaner(repo_root, tmp_path):
    """An index up to date: nothing is cleaned, so nothing of the cleaner is imported (it was
    ~0.1 s of every search and bookmark listing from the shell, and of the app's start), nor
    the Markdown parser; a bookmark listing does not import Whoosh either."""
    from conftest import copy_indexed_seeds

    lib = copy_indexed_seeds(tmp_path / "lib")
    code = """
import contextlib, io, json, sys
from reader.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    assert main(sys.argv[1:]) == 0
print(json.dumps(sorted(sys.modules)))
"""
    for args in (["search", "kernel"], ["search", "--json", "in:comments panic"], ["bookmarks", "list"]):
        proc = subprocess.run([sys.executable, "-c", code, "--library", str(lib), *args],
                              capture_output=True, text=True, cwd=repo_root, timeout=120)
        assert proc.returncode == 0, proc.stderr
        loaded = json.loads(proc.stdout.strip().splitlines()[-1])
        assert "whoosh" in loaded or args[0] != "search"
        assert [m for m in loaded if m.startswith(CLEANER + ("markdown_it",))] == [], args
        if args[0] == "bookmarks":  # a listing reads bookmarks.yaml alone: no index
            assert [m for m in loaded if m.startswith("whoosh")] == []


@pytest.mark.parametrize("package, name, module", [
    ("reader.content", "clean_file", "reader.content.clean"),
    ("reader.content", "CLEANER_VERSION", "reader.content.version"),
    ("reader.index", "SearchIndex", "reader.index.searching"),
    ("reader.index", "update", "reader.index.build"),
    ("reader.importing", "import_batch", "reader.importing.apply"),
    ("reader.importing", "Report", "reader.importing.report"),
])
def test_a_lazy_name_is_the_submodules_and_is_kept(package, name, module):
    import importlib

    pkg = importlib.import_module(package)
    value = getattr(pkg, name)
    assert value is getattr(importlib.import_module(module), name)
    assert vars(pkg)[name] is value  # kept: the next lookup does not import again


@pytest.mark.parametrize("package", ["reader.content", "reader.index", "reader.importing"])
def test_an_unknown_name_is_an_attribute_error(package):
    import importlib

    pkg = importlib.import_module(package)
    with pytest.raises(AttributeError, match=f"module '{package}' has no attribute 'nope'"):
        pkg.nope  # noqa: B018
    assert not hasattr(pkg, "nope")
