"""Issue 14, "Broken and hostile files": one test per finding on hangs, unreadable YAML and lost
bookmarks, each on fixtures the test builds (FIFOs, links to /dev/zero, alias bombs, values of
the wrong type, 20 MB files), each run through the CLI in a subprocess with a timeout (a hang
fails, it does not stall the suite), each asserting one-line messages and user files byte for
byte unchanged unless the command is meant to change them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO_ROOT, copy_indexed_seeds, run_reader
from test_safe_read import bomb

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
needs_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
LIMIT = 90  # seconds for one command: a hang fails the test here


def library(tmp_path: Path, *, indexed: bool = True) -> Path:
    """The bundled library with its index (``indexed=False``: content/ alone, never indexed)."""
    if indexed:
        return copy_indexed_seeds(tmp_path / "lib")
    root = tmp_path / "lib"
    shutil.copytree(REPO_ROOT / "content", root / "content")
    return root


def reader(root: Path, *args: str):
    return run_reader("--library", str(root), *args, cwd=root, timeout=LIMIT)


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


APP_READS = ("import sys\nfrom pathlib import Path\nfrom reader.settings import load_settings\n"
             "from reader.state import State\np = Path(sys.argv[1])\n"
             "print(State(p).warning if p.name == 'state.yaml' else '\\n'.join(load_settings(p).warnings))")


def app_reads(path: Path) -> list[str]:
    """What the app says, before its first paint, of ``path`` (state.yaml or reader.yaml): its
    warning lines, read in a subprocess with a timeout."""
    proc = subprocess.run([sys.executable, "-c", APP_READS, str(path)], capture_output=True, text=True,
                          timeout=LIMIT, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert proc.returncode == 0, proc.stderr
    return lines(proc.stdout)


def snapshot(root: Path) -> dict[str, bytes]:
    """The user's own files (regular ones), to check they are left byte for byte."""
    out = {}
    for name in ("bookmarks.yaml", "state.yaml", "reader.yaml"):
        path = root / name
        if path.is_file() and not path.is_symlink():
            out[name] = path.read_bytes()
    return out


# -- bookmarks.yaml that could not be read back ---------------------------------------------------

def test_shared_tags_across_entries_survive_check(tmp_path):
    """`tags: &t [x, y]` in one entry and `tags: *t` in another: `check` used to rewrite the
    first without `&t`, leaving an undefined alias that only a fresh cache revealed."""
    root = library(tmp_path)
    (root / "bookmarks.yaml").write_text(
        "- id: aaaa0001\n  article: lwn/2004-kernel-summit-customer-panel\n  exact: customer panel\n"
        "  tags: &t [x, y]\n"
        "- id: aaaa0002\n  article: lwn/2004-kernel-summit-customer-panel\n  exact: no such passage\n"
        "  tags: *t\n", encoding="utf-8")
    proc = reader(root, "bookmarks", "check")
    assert proc.returncode == 0, proc.stderr
    shutil.rmtree(os.environ["XDG_CACHE_HOME"])  # a fresh parse cache: the file itself must read
    again = reader(root, "bookmarks", "list", "--json")
    assert again.returncode == 0, again.stderr
    assert [b["tags"] for b in yaml.safe_load(again.stdout)] == [["x", "y"], ["x", "y"]]
    text = (root / "bookmarks.yaml").read_text(encoding="utf-8")
    assert "*t" not in text and "&t" not in text  # expanded, not half kept
    assert [e["tags"] for e in yaml.safe_load(text)] == [["x", "y"], ["x", "y"]]


def test_aliases_in_a_file_with_a_document_marker_never_give_a_duplicate_anchor(tmp_path):
    """A file starting with `---` and two entries with `todo: &n [x]` / `same: *n`: `add` wrote
    `&id001` twice ("found duplicate anchor"), and the file could not be read any more."""
    root = library(tmp_path)
    (root / "bookmarks.yaml").write_text(
        "---\n"
        "- id: bbbb0001\n  article: x\n  exact: one\n  todo: &n [x]\n  same: *n\n"
        "- id: bbbb0002\n  article: x\n  exact: two\n  todo: &m [y]\n  same: *m\n", encoding="utf-8")
    proc = reader(root, "bookmarks", "add", "lwn/2004-kernel-summit-customer-panel", "--quote",
                  "customer panel was")
    assert proc.returncode == 0, proc.stderr
    text = (root / "bookmarks.yaml").read_text(encoding="utf-8")
    assert "&id" not in text and "*id" not in text
    data = yaml.safe_load(text)
    assert [(e.get("todo"), e.get("same")) for e in data] == [(["x"], ["x"]), (["y"], ["y"]), (None, None)]
    shutil.rmtree(os.environ["XDG_CACHE_HOME"])
    listed = reader(root, "bookmarks", "list")
    assert listed.returncode == 0 and "3 bookmarks" in listed.stdout, listed.stderr


@pytest.mark.parametrize("line, problem", [
    ("  article: {a: b}\n", "article: expected text, found a mapping"),
    ("  note: [x]\n", "note: expected text, found a list"),
    ("  created: 2020-01-01\n", "created: expected text, found a date"),
])
def test_a_value_of_the_wrong_type_is_one_line_and_never_rewritten(tmp_path, line, problem):
    root = library(tmp_path)
    odd = "- id: cccc0002\n  exact: x\n" + line
    if "article" not in line:
        odd = odd.replace("  exact: x\n", "  article: lwn/2007-ks-customer-panel\n  exact: x\n")
    text = ("- id: cccc0001\n  article: lwn/2004-kernel-summit-customer-panel\n"
            "  exact: customer panel\n") + odd
    (root / "bookmarks.yaml").write_text(text, encoding="utf-8")
    proc = reader(root, "bookmarks", "check")
    assert proc.returncode == 0, proc.stderr
    warnings = lines(proc.stderr)
    assert warnings == [f"reader: warning: bookmarks.yaml line 4: entry cccc0002: {problem}; kept as it is"]
    after = (root / "bookmarks.yaml").read_text(encoding="utf-8")
    assert after.endswith(odd)  # byte for byte, though the first entry was re-anchored
    assert yaml.safe_load(after)[1] == yaml.safe_load(text)[1]


# -- hangs ------------------------------------------------------------------------------------

@needs_fifo
@needs_zero
def test_a_fifo_and_a_device_in_content_do_not_hang_index_search_or_the_listing(tmp_path):
    root = library(tmp_path, indexed=False)  # its first index, beside the FIFO
    os.mkfifo(root / "content" / "x.txt")
    (root / "content" / "z.txt").symlink_to("/dev/zero")
    # a link out of content/ is refused before it is opened; the user's opt-in reaches the device
    (root / "reader.yaml").write_text("follow_symlinks: true\n", encoding="utf-8")
    proc = reader(root, "index")
    assert proc.returncode == 0, proc.stderr
    skipped = [line for line in proc.stdout.splitlines() if line.startswith("  skipped ")]
    assert sorted(skipped) == ["  skipped x.txt: not a regular file (a FIFO)",
                               "  skipped z.txt: not a regular file (a device)"]
    assert "5 added" in proc.stdout
    found = reader(root, "search", "kernel")
    assert found.returncode == 0 and "Kernel" in found.stdout, found.stderr
    listing = reader(root)  # piped: the articles one a line
    assert listing.returncode == 0 and "5 articles" in listing.stdout
    assert sorted(lines(listing.stderr)) == [
        f"reader: warning: {root / 'content' / 'x.txt'}: not a regular file (a FIFO)",
        f"reader: warning: {root / 'content' / 'z.txt'}: not a regular file (a device)"]


YAML_FILES = ("bookmarks.yaml", "state.yaml", "reader.yaml", "rules/x.yaml")


def _hostile(root: Path, name: str, make) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    make(path)
    return path


@needs_fifo
@pytest.mark.parametrize("name", YAML_FILES)
def test_a_fifo_named_like_a_yaml_file_hangs_no_command(tmp_path, name):
    root = library(tmp_path)
    _hostile(root, name, os.mkfifo)
    _every_command_answers(root, name, "not a regular file (a FIFO)")


@needs_zero
@pytest.mark.parametrize("name", YAML_FILES)
def test_a_link_to_dev_zero_named_like_a_yaml_file_is_one_line(tmp_path, name):
    root = library(tmp_path)
    _hostile(root, name, lambda p: p.symlink_to("/dev/zero"))
    _every_command_answers(root, name, "not a regular file (a device)")


def _every_command_answers(root: Path, name: str, reason: str) -> None:
    """index, search, bookmarks list, clean: each ends in time, with one line naming the file
    (bookmarks.yaml: the bookmark commands stop with exit 1; the others go on)."""
    results = {
        "index": reader(root, "index"),
        "search": reader(root, "search", "kernel"),
        "bookmarks": reader(root, "bookmarks", "list"),
        "clean": reader(root, "clean", str(root / "content" / "lwn" / "2007-ks-customer-panel.md")),
    }
    for command, proc in results.items():
        assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, (command, proc.stderr)
        named = [line for line in proc.stderr.splitlines() if name.split("/")[-1] in line]
        if name == "bookmarks.yaml" and command == "bookmarks":
            assert proc.returncode == 1, proc.stderr
            assert lines(proc.stderr) == [f"reader: bookmarks: bookmarks.yaml: cannot read it ({reason}); "
                                          "not changing it"]
        elif name == "bookmarks.yaml" and command in ("index", "search"):
            assert proc.returncode == 0, (command, proc.stderr)
            assert named and all(reason in line for line in named), (command, proc.stderr)
        elif name == "rules/x.yaml" and command in ("index", "clean"):
            assert proc.returncode == 0, (command, proc.stderr)
            assert any(f"rule file skipped: {reason}" in line for line in named), (command, proc.stderr)
        else:
            assert proc.returncode == 0, (command, proc.stderr)
    if name in ("state.yaml", "reader.yaml"):  # what the app reads before its first paint
        said = app_reads(root / name)
        assert len(said) == 1 and f"{root / name}: cannot read it ({reason})" in said[0], said


def test_an_alias_bomb_in_bookmarks_yaml_is_refused_at_once(tmp_path):
    root = library(tmp_path)
    for key in ("note", "tags", "colour"):
        entry = bomb(key=key).replace("\n", "\n  ")
        text = f"- id: dddd0001\n  article: x\n  exact: y\n  {entry.rstrip()}\n"
        (root / "bookmarks.yaml").write_text(text, encoding="utf-8")
        assert len(text) < 700
        proc = reader(root, "bookmarks", "list")
        assert proc.returncode == 1
        assert lines(proc.stderr) == ["reader: bookmarks: bookmarks.yaml line 8: aliases (*name) expand to "
                                      "more than 10,000 nodes; refused; not changing it (fix it by hand)"]
        found = reader(root, "search", "kernel")  # the search still runs; bookmarks are not indexed
        assert found.returncode == 0 and any("aliases (*name)" in line for line in lines(found.stderr))
        assert (root / "bookmarks.yaml").read_text(encoding="utf-8") == text


@pytest.mark.parametrize("name", ["state.yaml", "reader.yaml"])
def test_an_alias_bomb_in_state_or_settings_is_one_warning(tmp_path, name):
    """The app reads both before its first paint; each is one warning and the defaults."""
    path = tmp_path / name
    path.write_text(bomb(key="read" if name == "state.yaml" else "keys"), encoding="utf-8")
    before = path.read_bytes()
    out = app_reads(path)
    assert len(out) == 1 and "line 5: aliases (*name) expand to more than 10,000 nodes" in out[0], out
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", ["reader.yaml", "state.yaml", "rules/big.yaml"])
def test_a_20_mb_yaml_file_is_refused_by_its_cap(tmp_path, name):
    """reader.yaml took over 60 s and 884 MB, state.yaml 39.5 s, a rule file 43 s."""
    root = library(tmp_path)
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("name: big\nread:\n" if "rules" in name else "read:\n")
        line = "- lwn/2004-kernel-summit-customer-panel-and-more\n"
        f.write(line * (20_000_000 // len(line)))
    before = snapshot(root)
    proc = reader(root, "search", "kernel")
    assert proc.returncode == 0, proc.stderr
    if name == "rules/big.yaml":
        message = [line for line in lines(proc.stderr) if "big.yaml" in line]
        assert message == [f"reader: {path}: rule file skipped: 20.0 MB, more than the 2.0 MB reader reads "
                           "of such a file; set READER_MAX_YAML_MB to raise it"]
    if name != "rules/big.yaml":
        out = app_reads(path)
        cap = "16.0 MB" if name == "state.yaml" else "2.0 MB"
        var = "READER_MAX_STATE_MB" if name == "state.yaml" else "READER_MAX_YAML_MB"
        assert len(out) == 1 and f"cannot read it (20.0 MB, more than the {cap}" in out[0] and var in out[0]
    assert snapshot(root) == before


# -- rules --------------------------------------------------------------------------------------

def test_a_rule_named_by_a_list_is_skipped_with_a_warning(tmp_path):
    """`name: [a, b]` crashed clean, index and search (an unhashable list)."""
    root = library(tmp_path)
    (root / "rules").mkdir()
    rule = root / "rules" / "odd.yaml"
    rule.write_text("name: [a, b]\nmatch: {url: example.com}\n", encoding="utf-8")
    (root / "rules" / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    expected = {f"{rule}: rule file skipped: name: expected text, found a list",
                f"{root / 'rules' / 'broken.yaml'}: rule file skipped: not valid YAML (line 2: "
                "did not find expected ',' or ']')"}
    page = root / "content" / "lwn" / "2007-ks-customer-panel.md"
    clean = reader(root, "clean", str(page))
    assert clean.returncode == 0 and clean.stdout, clean.stderr
    said = {line.split("warning: ", 1)[1].split("2007-ks-customer-panel.md: ", 1)[-1]
            for line in lines(clean.stderr) if "rule file" in line}
    assert said == expected
    index = reader(root, "index")
    assert index.returncode == 0 and "5 added" in index.stdout, index.stderr
    assert {line.removeprefix("reader: ") for line in lines(index.stderr) if "rule file" in line} == expected
    found = reader(root, "search", "kernel")
    assert found.returncode == 0 and "Traceback" not in found.stderr


@needs_fifo
@pytest.mark.parametrize("name", ["manifest.journal", "catalogue.journal", "manifest.json", "catalogue.json",
                                  "bookmarks.json"])
def test_a_fifo_among_the_index_files_hangs_nothing(tmp_path, name):
    root = library(tmp_path)
    assert reader(root, "index").returncode == 0
    target = root / "index" / name
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    (root / "content" / "new.txt").write_text("A new page\n\nAbout the kernel and more.\n", encoding="utf-8")
    proc = reader(root, "index")  # reads the manifest and catalogue, appends to the journals
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    found = reader(root, "search", "kernel")
    assert found.returncode == 0 and "A new page" in found.stdout, found.stderr
