"""Bad input never crashes and never stops a batch.

Content that is bad (empty, binary, mis-encoded, huge, absurdly nested) gives an Article with a
one-line warning naming the file. A file that cannot be read at all (missing, denied, a
directory, a symlink loop, a FIFO, an I/O error) raises ``UnreadableFile`` with a one-line
message, and ``reader clean FILE`` exits 1 with one line on stderr.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT, _drop_privileges_prefix, run_reader
from reader.content import clean_file, clean_text, plain_text
from reader.content import clean as clean_module
from reader.errors import UnreadableFile
from reader.paths import iter_content_files

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(range(256)) * 8
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + bytes(range(256)) * 8
LATIN1 = "Un café à Paris.\n\nLe garçon était très aimable avec nous, déjà à midi.\n"
CP1252 = "“Quoted” café costs €5 — cheap.\n\nNaïve façade, ‘single’ quotes… and a dagger †.\n"
# UTF-8 text with two stray bytes in it (a truncated download, one pasted Latin-1 byte).
INVALID_UTF8 = "Naïve café — “quoted” text, ".encode() + b"then a broken byte \xff here and \xc3 there.\n"
# UTF-8 that was once decoded as cp1252 and saved again as UTF-8.
MOJIBAKE = "The café was naïve — ‘quoted’ and déjà vu.\n".encode().decode("cp1252").encode()

BAD_CONTENT = {
    "empty.txt": b"",
    "blank.md": b"  \n\t\n",
    "image.html": PNG,
    "program.txt": ELF,
    "invalid.txt": INVALID_UTF8,
    "latin1.txt": LATIN1.encode("latin-1"),
    "cp1252.txt": CP1252.encode("cp1252"),
    "mojibake.txt": MOJIBAKE,
}

DEEP_MARK = "deep text survives"
DEEP_HTML = (
    "<html><head><title>Deep page</title></head><body><p>Before the deep part.</p>"
    + "<div>" * 10_000 + f"<p>{DEEP_MARK}</p>" + "</div>" * 10_000
    + "<p>After the deep part.</p></body></html>"
)


def one_line_naming(warning: str, name: str) -> bool:
    return "\n" not in warning and name in warning


def assert_named_warnings(article, name: str) -> None:
    assert article.warnings, f"{name}: expected a warning"
    for w in article.warnings:
        assert one_line_naming(w, name), w


def assert_one_line_error(proc: subprocess.CompletedProcess[str], path: Path, *words: str) -> None:
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("reader: ") and str(path) in lines[0], lines[0]
    for word in words:
        assert word in lines[0], lines[0]


# ---------------------------------------------------------------------------- bad content


@pytest.fixture
def bad_file(tmp_path):
    def make(name: str) -> Path:
        path = tmp_path / name
        path.write_bytes(BAD_CONTENT[name])
        return path

    return make


@pytest.mark.parametrize("name", ["empty.txt", "blank.md"])
def test_empty_file(bad_file, name):
    article = clean_file(bad_file(name))
    assert article.body == "" and article.comments == []
    assert_named_warnings(article, name)
    assert any("empty" in w for w in article.warnings)


@pytest.mark.parametrize("name", ["image.html", "program.txt"])
def test_binary_file(bad_file, name):
    article = clean_file(bad_file(name))
    assert article.body == "", "binary bytes must not become an article body"
    assert_named_warnings(article, name)
    assert any("binary" in w for w in article.warnings)


def test_invalid_utf8_keeps_the_valid_text(bad_file):
    article = clean_file(bad_file("invalid.txt"))
    text = plain_text(article.body)
    assert "Naïve café — “quoted” text" in text
    assert "broken byte" in text and "there." in text
    assert_named_warnings(article, "invalid.txt")
    assert any("UTF-8" in w for w in article.warnings)


def test_latin1_file(bad_file):
    article = clean_file(bad_file("latin1.txt"))
    text = article.title + "\n" + plain_text(article.body)
    for word in ("café à Paris", "garçon", "était très", "déjà à midi"):
        assert word in text
    assert_named_warnings(article, "latin1.txt")


def test_cp1252_file(bad_file):
    article = clean_file(bad_file("cp1252.txt"))
    text = article.title + "\n" + plain_text(article.body)
    for word in ("“Quoted” café", "€5 — cheap", "Naïve façade", "‘single’", "…", "†"):
        assert word in text
    assert_named_warnings(article, "cp1252.txt")


def test_mojibake_is_repaired(bad_file):
    article = clean_file(bad_file("mojibake.txt"))
    text = article.title + "\n" + plain_text(article.body)
    assert "The café was naïve — ‘quoted’ and déjà vu" in text
    assert "Ã" not in text and "â€" not in text
    assert_named_warnings(article, "mojibake.txt")


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_escape_sequences_go_whole(tmp_path, suffix):
    """An OSC title or link leaves none of its text behind (ftfy alone drops only the ESC)."""
    page = tmp_path / f"esc{suffix}"
    text = (
        "Title here\n\nBody \x1b]0;PWNED\x07 text \x1b[2J more "
        "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\ end of a sentence long enough.\n"
    )
    if suffix == ".html":
        text = "<html><head><title>Title here</title></head><body><p>" + text + "</p></body></html>"
    page.write_text(text, encoding="utf-8")
    article = clean_file(page)
    body = plain_text(article.body)
    assert "Body" in body and "link" in body and "more" in body
    for leftover in ("PWNED", "]0;", "]8;", "evil.example", "\x1b", "[2J"):
        assert leftover not in body + article.title, leftover


def test_mojibake_in_html(tmp_path):
    page = tmp_path / "moji.html"
    body = "<p>Le café de la gare est déjà fermé, et c’est dommage pour tout le monde.</p>"
    page.write_bytes(
        ("<!doctype html><html><head><title>Gare</title></head><body>" + body + "</body></html>")
        .encode().decode("cp1252", errors="ignore").encode()
    )
    text = plain_text(clean_file(page).body)
    assert "Le café de la gare est déjà fermé" in text


def test_seeds_decode_without_warnings(seed_files):
    for path in seed_files:
        assert clean_file(path).warnings == [], path


# ---------------------------------------------------------------------------- huge and deep


@pytest.fixture(scope="session")
def big_html(tmp_path_factory) -> Path:
    """A 50 MB HTML page: first paragraph marked, and a marker far past the 8M-character cut."""
    path = tmp_path_factory.mktemp("big") / "big.html"
    para = "<p>" + "lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 30 + "</p>\n"
    count = 50_000_000 // len(para) + 1
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("<!doctype html><html><head><title>Big page</title></head><body>\n")
        fh.write("<p>FIRST-PARAGRAPH-MARK starts the page.</p>\n")
        fh.write(para * count)
        fh.write("<p>LAST-PARAGRAPH-MARK ends the page.</p></body></html>\n")
    assert path.stat().st_size >= 50_000_000
    return path


@pytest.mark.slow
def test_50mb_html_is_cut_with_a_warning(big_html):
    article = clean_file(big_html)
    assert_named_warnings(article, "big.html")
    assert "big.html: 50 MB page cut to its first 8 MB" in article.warnings  # its own size, not the read's
    assert "FIRST-PARAGRAPH-MARK" in article.body
    assert "LAST-PARAGRAPH-MARK" not in article.body
    assert len(article.body) <= clean_module.MAX_CHARS


def test_html_nested_10000_deep(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text(DEEP_HTML)
    article = clean_file(page)  # markdownify recurses per level: must not raise
    text = plain_text(article.body)
    assert DEEP_MARK in text
    assert "<div" not in article.body and "\\<div" not in article.body
    for w in article.warnings:
        assert one_line_naming(w, "deep.html"), w


def test_html_fallback_does_not_recurse():
    """When the HTML cleaner fails, the fallback keeps the text between the tags, not the tags."""
    article = clean_module._fallback("html", DEEP_HTML + "<script>var hidden = 1;</script>")
    text = plain_text(article.body)
    assert article.title == "Deep page"
    assert DEEP_MARK in text and "Before the deep part." in text and "After the deep part." in text
    assert "<" not in text and "hidden" not in text


@pytest.mark.parametrize("form", ["text", "markdown", None])
def test_quote_nested_10000_deep(form):
    source = ">" * 10_000 + " the quoted words survive\n\nand the reply after it."
    article = clean_text(source, source="quotes.txt", form=form)
    text = plain_text(article.body)
    assert "and the reply after it." in text
    if form != "markdown":  # a Markdown author's own nesting is kept as written
        assert "the quoted words survive" in text


# ---------------------------------------------------------------------------- unreadable


def test_missing_file(tmp_path, reader_cli):
    path = tmp_path / "nothing-here.txt"
    with pytest.raises(UnreadableFile) as info:
        clean_file(path)
    assert str(path) in info.value.message and "\n" not in info.value.message
    assert_one_line_error(reader_cli("clean", str(path)), path, "no such file")


def test_file_deleted_after_listing(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (content / name).write_text(f"Article {name}\n\nSome text of {name}.\n")
    paths = list(iter_content_files(content))
    assert [p.name for p in paths] == ["a.txt", "b.txt", "c.txt"]
    paths[1].unlink()
    results = []
    for path in paths:
        try:
            results.append(clean_file(path).title)
        except UnreadableFile as exc:
            results.append(exc.message)
    assert results[0] == "Article a.txt" and results[2] == "Article c.txt"
    assert "b.txt" in results[1] and "no such file" in results[1]


def test_folder_removed_while_listing(tmp_path):
    content = tmp_path / "content"
    for folder in ("a", "b", "c"):
        (content / folder).mkdir(parents=True)
        (content / folder / "page.txt").write_text(f"Page in {folder}\n\nText.\n")
    seen = []
    for path in iter_content_files(content):
        seen.append(path.parent.name)
        if path.parent.name == "a":
            shutil.rmtree(content / "b")  # gone before the walk gets there
    assert seen == ["a", "c"]


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc/self/mem")
def test_read_error_after_open(tmp_path, reader_cli):
    """A real mid-read failure: /proc/self/mem opens fine, then read() fails with EIO."""
    path = tmp_path / "memory.txt"
    path.symlink_to("/proc/self/mem")
    with pytest.raises(UnreadableFile) as info:
        clean_file(path)
    assert str(path) in info.value.message and "Input/output error" in info.value.message
    assert_one_line_error(reader_cli("clean", str(path)), path, "Input/output error")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_not_waited_on(tmp_path, reader_cli):
    """A FIFO named like a page would block open() for ever; it is refused at once."""
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    proc = reader_cli("clean", str(path), timeout=60)  # a hang fails here, it does not stall
    assert_one_line_error(proc, path, "not a regular file")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_device_is_refused(tmp_path, reader_cli):
    path = tmp_path / "zero.txt"
    path.symlink_to("/dev/zero")
    proc = reader_cli("clean", str(path), timeout=60)
    assert_one_line_error(proc, path, "not a regular file")


def test_directory(tmp_path, reader_cli):
    path = tmp_path / "folder.html"
    path.mkdir()
    with pytest.raises(UnreadableFile) as info:
        clean_file(path)
    assert "is a directory" in info.value.message
    assert_one_line_error(reader_cli("clean", str(path)), path, "is a directory")


def test_symlink_loop(tmp_path, reader_cli):
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.symlink_to(two)
    two.symlink_to(one)
    with pytest.raises(UnreadableFile) as info:
        clean_file(one)
    assert str(one) in info.value.message and "symbolic link loop" in info.value.message
    assert_one_line_error(reader_cli("clean", str(one)), one, "symbolic link loop")


def test_symlink_loop_inside_the_library(tmp_path):
    """A loop under content/ also gets its one line from `reader clean`, not a traceback."""
    content = tmp_path / "content"
    content.mkdir()
    loop = content / "loop.md"
    loop.symlink_to(loop)
    proc = run_reader("clean", str(loop), cwd=tmp_path)
    assert_one_line_error(proc, loop, "symbolic link loop")


def test_permission_denied(tmp_path, unprivileged):
    path = tmp_path / "secret.txt"
    path.write_text("You may not read this.\n")
    path.chmod(0)
    proc = run_reader("clean", str(path), cwd=tmp_path, prefix=unprivileged)
    assert_one_line_error(proc, path, "permission denied")


# ---------------------------------------------------------------------------- the batch

BATCH = r"""
import json, sys
from pathlib import Path
from reader.content import clean_file
from reader.errors import UnreadableFile
from reader.paths import iter_content_files

content, vanish = Path(sys.argv[1]), Path(sys.argv[2])
out = []
for path in iter_content_files(content):
    rel = path.relative_to(content).as_posix()
    try:
        a = clean_file(path, article_id=rel.rsplit(".", 1)[0])
    except UnreadableFile as exc:
        out.append({"path": rel, "error": exc.message})
    else:
        out.append({"path": rel, "id": a.id, "title": a.title, "author": a.author,
                    "body": a.body, "comments": [c.to_dict() for c in a.comments],
                    "warnings": a.warnings})
    vanish.unlink(missing_ok=True)  # removed after the listing, before its turn
print(json.dumps(out))
"""


@pytest.mark.slow
def test_batch_of_bad_files_and_the_seeds(tmp_path, seed_files, big_html):
    content = tmp_path / "content"
    for seed in seed_files:
        rel = seed.relative_to(REPO_ROOT / "content")
        (content / rel.parent).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(seed, content / rel)
    bad = content / "bad"
    bad.mkdir()
    for name, data in BAD_CONTENT.items():
        (bad / name).write_bytes(data)
    (bad / "deep.html").write_text(DEEP_HTML)
    try:
        os.link(big_html, bad / "big.html")
    except OSError:
        shutil.copyfile(big_html, bad / "big.html")
    (bad / "loop-a.txt").symlink_to(bad / "loop-b.txt")
    (bad / "loop-b.txt").symlink_to(bad / "loop-a.txt")
    (bad / "zz-vanishes.txt").write_text("Soon gone\n\nThis file is deleted after the listing.\n")
    unreadable = {"loop-a.txt", "loop-b.txt", "zz-vanishes.txt"}
    if hasattr(os, "mkfifo"):
        os.mkfifo(bad / "pipe.txt")
        unreadable.add("pipe.txt")
    if Path("/proc/self/mem").exists():
        (bad / "memory.txt").symlink_to("/proc/self/mem")
        unreadable.add("memory.txt")
    prefix = _drop_privileges_prefix()
    if prefix is not None:  # a real denial is possible here
        (bad / "secret.txt").write_text("Nobody reads this.\n")
        (bad / "secret.txt").chmod(0)
        unreadable.add("secret.txt")

    proc = subprocess.run(
        [*(prefix or []), sys.executable, "-c", BATCH, str(content), str(bad / "zz-vanishes.txt")],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = {r["path"]: r for r in json.loads(proc.stdout)}

    # The five seeds come through intact: exactly what cleaning them alone gives.
    for seed in seed_files:
        rel = seed.relative_to(REPO_ROOT / "content").as_posix()
        alone = clean_file(seed)
        got = results.pop(rel)
        assert "error" not in got, got
        assert got["warnings"] == []
        assert got["id"] == rel.rsplit(".", 1)[0]
        assert (got["title"], got["author"], got["body"]) == (alone.title, alone.author, alone.body)
        assert got["comments"] == [c.to_dict() for c in alone.comments]

    # Every bad file gives a warning or a one-line error, each naming the file.
    expected = {f"bad/{n}" for n in [*BAD_CONTENT, "deep.html", "big.html", *unreadable]}
    assert set(results) == expected
    for rel, got in results.items():
        name = rel.rsplit("/", 1)[1]
        if name in unreadable:
            assert "error" in got, got
            assert one_line_naming(got["error"], name), got["error"]
        else:
            assert "error" not in got, got
            assert got["warnings"], rel
            for w in got["warnings"]:
                assert one_line_naming(w, name), w
