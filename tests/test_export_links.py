"""Exports that keep links (issue 12, item 2): Obsidian/Logseq notes whose bookmark blocks keep
their ``^id`` and are updated in place, Readwise CSV and Hypothesis-style JSON that import
back into a fresh library as the same bookmarks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import run_reader
from reader.bookmarks import BookmarkStore, new_bookmark, plain_text
from reader.bookmarks.store import copy_bookmark
from reader.importing import ImportOptions, import_batch, parse
from reader.library import load_article
from reader.paths import Library

GOOGLE = "lwn/2009-ks-how-google-uses-linux"
PANEL = "lwn/2004-kernel-summit-customer-panel"


def seeds_library(root: Path, repo_root: Path) -> Library:
    shutil.copytree(repo_root / "content", root / "content")
    return Library(root, "test")


def store_of(lib: Library) -> BookmarkStore:
    store = BookmarkStore(lib.bookmarks)
    store.load()
    return store


def mark(lib: Library, article_id: str, quote: str, **kw):
    article = load_article(lib, article_id)
    text = plain_text(article.body)
    at = text.index(quote)
    return store_of(lib).add(new_bookmark(article_id, text, at, at + len(quote), title=article.title, **kw))


def export(lib: Library, *args: str):
    proc = run_reader("--library", str(lib.root), "bookmarks", "export", *args)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_obsidian_reexport_keeps_the_users_text_and_every_block_id(tmp_path, repo_root):
    lib = seeds_library(tmp_path / "lib", repo_root)
    first = mark(lib, GOOGLE, "He apologized for that.", note="Perforce!", tags=["tools"])
    second = mark(lib, GOOGLE, "There are about 30 engineers working on Google's kernel.")
    vault = tmp_path / "vault"
    proc = export(lib, "--format", "obsidian", "-o", str(vault))
    assert "1 note written" in proc.stderr
    note = vault / "How Google uses Linux.md"
    text = note.read_text()
    assert text.startswith(f"---\nreader_article: {GOOGLE}\ntitle: \"How Google uses Linux\"\n---\n")
    assert f"> He apologized for that. ^rb-{first.id}\n\nPerforce!\n\n#tools · `reader open --bookmark {first.id}`" in text
    assert f"^rb-{second.id}" in text and f"`reader open --bookmark {second.id}`" in text

    # the user writes in the note: between the blocks, at the end, and retitles the heading
    mine = "My own paragraph: [[Kernel maintenance]] links here."
    text = text.replace("# How Google uses Linux", "# How Google uses Linux (LWN, 2009)")
    text = text.replace(f"<!-- /reader:bookmark {first.id} -->", f"<!-- /reader:bookmark {first.id} -->\n\n{mine}")
    text += "\nClosing thoughts, mine too.\n"
    note.write_text(text)
    # in reader: a bookmark added, one's note edited, one of another article
    third = mark(lib, GOOGLE, "Google started with the 2.4.18 kernel")
    store = store_of(lib)
    store.update(copy_bookmark(store.get(first.id), note="Perforce, in 2009!"))
    mark(lib, PANEL, "Daniel Padwa is a technical manager at Goldman Sachs.")
    proc = export(lib, "--format", "obsidian", "-o", str(vault))
    assert "2 notes written, 0 unchanged" in proc.stderr and "2 blocks added, 1 updated" in proc.stderr
    again = note.read_text()
    assert mine in again and again.endswith("\nClosing thoughts, mine too.\n")
    assert "# How Google uses Linux (LWN, 2009)" in again
    for b in (first, second, third):
        assert again.count(f"^rb-{b.id}") == 1
    assert "Perforce, in 2009!" in again and "\nPerforce!\n" not in again  # updated in place
    assert again.index(f"^rb-{first.id}") < again.index(mine) < again.index(f"^rb-{third.id}")
    assert sorted(p.name for p in vault.iterdir()) == ["How Google uses Linux.md", "Kernel Summit The customer panel.md"]
    # the user renames the note: it is still found by its reader_article key; nothing changes
    note.rename(vault / "Google kernel.md")
    proc = export(lib, "--format", "obsidian", "-o", str(vault))
    assert "0 notes written, 2 unchanged" in proc.stderr
    assert sorted(p.name for p in vault.iterdir()) == ["Google kernel.md", "Kernel Summit The customer panel.md"]


def test_obsidian_needs_a_folder(tmp_path, repo_root):
    lib = seeds_library(tmp_path / "lib", repo_root)
    proc = run_reader("--library", str(lib.root), "bookmarks", "export", "--format", "obsidian")
    assert proc.returncode == 2 and "-o DIR" in proc.stderr


def fields(lib: Library) -> set[tuple]:
    return {(b.id, b.article, b.exact, b.anchor.prefix, b.anchor.suffix, b.anchor.start, b.anchor.end, b.note,
             tuple(b.tags), b.status, b.created) for b in store_of(lib).bookmarks}


def test_hypothesis_export_imports_back_into_a_fresh_library_as_the_same_bookmarks(tmp_path, repo_root):
    lib = seeds_library(tmp_path / "a", repo_root)
    mark(lib, GOOGLE, "Google", note="the first Google, by its context")  # a short, repeated quote
    mark(lib, GOOGLE, "He apologized for that.", tags=["tools", "vcs"])
    mark(lib, PANEL, "Storage on this scale is expensive and a challenge to manage.", note="line one\nline two")
    gone = mark(lib, PANEL, "The discussion easily expanded to fill the available time, however.")
    store = store_of(lib)  # one passage was since edited out of its article: an orphaned bookmark
    store.update(copy_bookmark(store.get(gone.id), status="orphaned",
                               anchor=type(gone.anchor)("A passage no longer in the article.", "", "", 0, 0)))
    out = tmp_path / "hypothesis.json"
    export(lib, "--format", "hypothesis", "-o", str(out))
    data = json.loads(out.read_text())
    assert data["total"] == 4
    row = next(r for r in data["rows"] if r["text"] == "line one\nline two")
    assert row["uri"] == f"urn:reader:article:{PANEL}" and row["document"]["title"] == ["Kernel Summit: The customer panel"]
    assert [s["type"] for s in row["target"][0]["selector"]] == ["TextQuoteSelector", "TextPositionSelector"]

    fresh = seeds_library(tmp_path / "b", repo_root)
    report = import_batch(fresh, parse("hypothesis", out), ImportOptions())
    assert report.bookmarks() == {"exact": 3, "orphaned": 1}
    assert fields(fresh) == fields(lib)


def test_readwise_csv_export_imports_back(tmp_path, repo_root):
    lib = seeds_library(tmp_path / "a", repo_root)
    mark(lib, PANEL, "Daniel Padwa is a technical manager at Goldman Sachs.", note="first speaker", tags=["finance"])
    mark(lib, GOOGLE, "He apologized for that.")
    out = tmp_path / "readwise.csv"
    export(lib, "--format", "readwise", "-o", str(out))
    lines = out.read_text().splitlines()
    assert lines[0] == "Highlight,Title,Author,URL,Note,Location,Date"
    assert lines[1].startswith("Daniel Padwa is a technical manager at Goldman Sachs.,Kernel Summit: The customer panel,")
    assert "first speaker .finance" in lines[1]
    fresh = seeds_library(tmp_path / "b", repo_root)
    report = import_batch(fresh, parse("readwise", out), ImportOptions())
    assert report.bookmarks() == {"exact": 2}
    def kept(lib: Library) -> set[tuple]:
        return {(b.article, b.exact, b.note, tuple(b.tags)) for b in store_of(lib).bookmarks}

    assert kept(fresh) == kept(lib)  # ".finance" in the note comes back as the tag


def test_obsidian_block_of_a_hand_edited_id_stays_one_block(tmp_path, repo_root):
    """An id edited by hand in bookmarks.yaml (spaces, "-->") cannot end the generated comment
    early: the block is written with a safe form of it and found again on the next export."""
    from reader.exporting import article_infos, export_obsidian

    lib = seeds_library(tmp_path / "lib", repo_root)
    b = mark(lib, GOOGLE, "He apologized for that.")
    store = store_of(lib)
    store.delete(b.id)
    odd = store.add(copy_bookmark(b, id="my --> id"))
    vault = tmp_path / "vault"
    export_obsidian(vault, store_of(lib).bookmarks, article_infos(lib, [odd]))
    text = (vault / "How Google uses Linux.md").read_text()
    assert "<!-- reader:bookmark my-----id -->" in text and "^rb-my-----id" in text and "my --> id" not in text
    report = export_obsidian(vault, store_of(lib).bookmarks, article_infos(lib, [odd]))
    assert report.unchanged == 1 and report.added == 0
