"""Nothing from a file or a setting reaches the terminal raw (issue 14, "Escape sequences and
bidi controls reaching the terminal"): one sanitiser, ``reader.safe_text``, for the app's
footer, help and notices, the article list, reading pane and comments, and every CLI output;
``--json`` stays valid UTF-8 JSON that gives back exactly what the file holds.

Each CLI test runs the real command in a subprocess with a timeout (``run_reader``) and reads
its stdout as bytes: no ESC, no BEL, no C1 control, no bidi control, valid UTF-8."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO_ROOT, run_reader
from reader import safe_text
from reader.paths import Library
from reader.settings import load_settings
from reader.tui.help import HelpScreen
from tui_support import SIZE, messages, run, screen_text, settle, terminal_output

OSC52 = "\x1b]52;c;cHduZWQ=\x07"  # sets the clipboard to "pwned"
TITLE = "\x1b]0;pwned-title\x07"
CLEAR = "\x1b[2J"
RLO = "\u202e"
BIDI_ALL = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
SEED = "lwn/2003-kernel-summit-high-availability"
# What must never be in bytes written to a terminal: ESC, BEL, CSI/OSC/DCS C1 forms, bidi.
UNSAFE_BYTES = re.compile(rb"\x1b|\x07|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c")


def assert_terminal_safe(data: bytes) -> str:
    m = UNSAFE_BYTES.search(data)
    assert m is None, f"unsafe bytes {m.group()!r} at {m.start()}: {data[max(0, m.start() - 60):m.end() + 60]!r}"
    return data.decode("utf-8")  # valid UTF-8, or this raises


def strings(data):
    """Every string in a JSON value."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for v in data.values():
            yield from strings(v)
    elif isinstance(data, list):
        for v in data:
            yield from strings(v)


def reader_bytes(*args: str, cwd: Path, timeout: float = 120):
    """``run_reader`` with stdout/stderr as bytes (run_reader decodes; a raw byte must show)."""
    return run_reader(*args, cwd=cwd, timeout=timeout, text=False)


@pytest.fixture
def lib(tmp_path) -> Library:
    shutil.copytree(REPO_ROOT / "content", tmp_path / "lib" / "content")
    return Library(tmp_path / "lib", "test")


# -- the sanitiser ----------------------------------------------------------------------------

def test_one_sanitiser_for_every_form():
    hostile = f"a{OSC52}b{TITLE}c{CLEAR}d\x9b31me\x1bPdcs\x1b\\f{BIDI_ALL}g\udce9h\r\ni"
    for out in (safe_text.clean(hostile), safe_text.one_line(hostile), safe_text.mask(hostile),
                safe_text.name(hostile)):
        assert_terminal_safe(out.encode("utf-8"))
    assert safe_text.one_line(hostile) == "abcd31mefg\ufffdh i"  # a C1 CSI's rest is inert text
    assert len(safe_text.mask(hostile)) == len(hostile)  # offsets hold (search spans)
    body = f"right {BIDI_ALL} to left\n"  # a cleaned body: no controls, bidi marks kept
    assert safe_text.clean(body) == "right  to left\n"
    assert len(safe_text.clean(body, same_offsets=True)) == len(body)  # the reading pane's anchors
    assert safe_text.name("caf\udce9\x1b]0;x\x07.txt") == "caf\\xe9\\x1b]0;x\\x07.txt"
    # the cleaner's stripping keeps bidi marks (they are right-to-left text), shown ones go
    assert safe_text.strip_controls(f"x{RLO}y{CLEAR}") == f"x{RLO}y"
    # the TUI's and the cleaner's names are this module's functions, not copies
    from reader.content import normalize
    from reader.tui import sanitize

    assert normalize.strip_controls is safe_text.strip_controls
    assert sanitize.clean is safe_text.clean and sanitize.one_line is safe_text.one_line


def test_json_is_lossless_and_terminal_safe():
    data = {"note": f"n{OSC52}{RLO}\x85\u2028", "id": "caf\udce9"}
    text = safe_text.dumps(data)
    assert_terminal_safe(text.encode("utf-8"))
    assert json.loads(text) == data


# -- reader.yaml: key names ----------------------------------------------------------------------

def test_key_names_with_escapes_are_refused_by_the_settings(tmp_path):
    path = tmp_path / "reader.yaml"
    path.write_text(
        "keys:\n"
        f"  reader.app.search: {json.dumps(OSC52)}\n"
        f"  reader.app.help: {json.dumps('ctrl+h,' + TITLE)}\n"
        f"  reader.app.bookmarks: {json.dumps('B' + RLO)}\n"
        "  reader.list.cursor_down: ctrl+n\n", encoding="utf-8")
    settings = load_settings(path)
    assert settings.keys == {"reader.list.cursor_down": "ctrl+n"}
    assert len(settings.warnings) == 3
    for warning in settings.warnings:
        assert "control characters or escape sequences" in warning
        assert_terminal_safe(warning.encode("utf-8"))


def test_escape_laden_reader_yaml_never_reaches_the_screen(lib, start_app):
    """The attack of the issue: a rebound key's name written raw in the footer and the help.
    The app starts, says what it refused in a notice, and nothing it writes holds an escape."""

    lib.settings.write_text(
        "theme: " + json.dumps("nord" + TITLE) + "\n"
        "keys:\n"
        f"  reader.app.search: {json.dumps(OSC52)}\n"
        f"  {json.dumps('reader.app.x' + CLEAR)}: j\n", encoding="utf-8")
    before = lib.settings.read_bytes()

    painted = terminal_output

    async def go():
        async with start_app(lib, size=SIZE, notifications=True) as (app, pilot, main):
            await settle(app, pilot)
            notes = [m for m in messages(app) if "reader.yaml" in m]
            assert any("control characters or escape sequences" in m for m in notes), notes
            assert any("unknown theme" in m for m in notes), notes
            for note in notes:
                assert not safe_text.has_surrogates(note) and "\x1b" not in note and "\x07" not in note
            out = painted(app)
            assert "\x1b]" not in out and "\x07" not in out and "\x1b[2J" not in out
            # what was refused is named, its escapes shown as text
            assert "nord\\x1b]0;pwned-title\\x07" in out
            assert "/ Search" in screen_text(app)  # the refused binding kept its default key
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            out = painted(app)
            assert "\x1b]" not in out and "\x07" not in out and "\x1b[2J" not in out
            await pilot.press("escape")
            await pilot.press("q")
        assert app.return_code in (None, 0)

    run(go())
    assert lib.settings.read_bytes() == before


def test_key_display_is_sanitised_even_past_the_settings(lib, start_app):
    """The second door: a keymap set some other way still shows sanitised in the footer."""
    from textual.binding import Binding

    async def go():
        async with start_app(lib, size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            shown = app.get_key_display(Binding(f"x{OSC52}{RLO}", "quit", "Quit"))
            assert_terminal_safe(shown.encode("utf-8"))

    run(go())


# -- the app: list, reading pane, comments (bidi) ----------------------------------------------------

def test_bidi_controls_never_reach_the_list_pane_or_comments(lib, start_app):
    page = lib.content / "bidi.md"
    page.write_text(f"# Invoice {RLO}fdp.exe\n\nA body with {BIDI_ALL} every bidi control and "
                    f"an isolate \u2067inside\u2069 it.\n", encoding="utf-8")

    async def go():
        async with start_app(lib, size=SIZE) as (app, pilot, main):
            await settle(app, pilot)
            assert "Invoice fdp.exe" in screen_text(app)
            assert main.article_list.select("bidi")
            await pilot.press("enter")
            await settle(app, pilot)
            await pilot.press("c")
            await pilot.pause()
            shown = screen_text(app)
            assert "every bidi control" in shown
            assert not re.search(f"[{safe_text.BIDI}]", shown), repr(shown)
            # offsets into the article hold: the pane's text is as long as the stored one
            from reader.content.anchor import plain_text

            assert len(main.view.text) == len(plain_text(main.current.article.body))

    run(go())


# -- the command line ---------------------------------------------------------------------------

def test_piped_listing_shows_hostile_file_names_escaped(lib):
    (lib.content / f"evil{TITLE}.txt").write_text("Harmless title\n\nBody text here.\n", encoding="utf-8")
    (lib.content / f"clear{CLEAR}.md").write_text(f"# Title {RLO}cod.exe\n\nBody.\n", encoding="utf-8")
    proc = reader_bytes("--library", str(lib.root), cwd=lib.root)
    assert proc.returncode == 0, proc.stderr
    out = assert_terminal_safe(proc.stdout)
    assert_terminal_safe(proc.stderr)
    assert "evil\\x1b]0;pwned-title\\x07" in out  # shown, escaped: recognisable, inert
    assert "Title cod.exe" in out
    assert "7 articles in" in out


def test_bookmark_export_list_and_json_are_sanitised_and_lossless(lib):
    note = f"note {OSC52} {TITLE} {RLO}evil"
    tag = f"t{CLEAR}"
    add = reader_bytes("--library", str(lib.root), "bookmarks", "add", SEED, "--quote", "high availability",
                       "--note", note, "--tag", tag, cwd=lib.root)
    assert add.returncode == 0, add.stderr
    assert_terminal_safe(add.stdout)
    stored = lib.bookmarks.read_bytes()
    for args in (["bookmarks", "export", "--format", "md"], ["bookmarks", "list"], ["bookmarks", "check"]):
        proc = reader_bytes("--library", str(lib.root), *args, cwd=lib.root)
        assert proc.returncode == 0, (args, proc.stderr)
        out = assert_terminal_safe(proc.stdout)
        assert_terminal_safe(proc.stderr)
        assert "Traceback" not in proc.stderr.decode()
        if args[-1] == "md":  # whole sequences go, payload too; the note's words stay
            assert "evil" in out and "cHduZWQ" not in out and "pwned-title" not in out
    assert lib.bookmarks.read_bytes() == stored  # nothing above rewrote the user's file
    for args in (["bookmarks", "list", "--json"], ["bookmarks", "export", "--format", "json"]):
        proc = reader_bytes("--library", str(lib.root), *args, cwd=lib.root)
        assert proc.returncode == 0
        data = json.loads(assert_terminal_safe(proc.stdout))
        assert note in set(strings(data)) and tag in set(strings(data))  # nothing lost
    # the Markdown export written to a file is cleaned too
    out = lib.root / "export.md"
    proc = reader_bytes("--library", str(lib.root), "bookmarks", "export", "--format", "md", "-o", str(out),
                        cwd=lib.root)
    assert proc.returncode == 0
    assert_terminal_safe(out.read_bytes())


def test_clean_markdown_drops_bidi_json_keeps_it_escaped(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(f"# Title {RLO}txt.exe\n\nBody {BIDI_ALL} text.\n", encoding="utf-8")
    md = reader_bytes("clean", str(page), cwd=tmp_path)
    assert md.returncode == 0
    out = assert_terminal_safe(md.stdout)
    assert "txt.exe" in out and "text." in out
    js = reader_bytes("clean", "--json", str(page), cwd=tmp_path)
    data = json.loads(assert_terminal_safe(js.stdout))
    assert data["title"] == f"Title {RLO}txt.exe"  # the article's own text, unchanged


def test_search_and_where_print_nothing_raw(lib, tmp_path):
    (lib.content / "evil.md").write_text(f"# Kernel {TITLE} {RLO}title\n\nkernel body {OSC52}\n",
                                         encoding="utf-8")
    for args in (["search", "kernel"], ["search", "kernel", "--json"], ["index"]):
        proc = reader_bytes("--library", str(lib.root), *args, cwd=lib.root)
        assert proc.returncode == 0, proc.stderr
        out = assert_terminal_safe(proc.stdout)
        if "--json" in args:
            json.loads(out)
    odd = tmp_path / f"lib{TITLE}{RLO}"
    shutil.copytree(lib.content, odd / "content")
    proc = reader_bytes("where", cwd=odd)
    assert proc.returncode == 0
    out = assert_terminal_safe(proc.stdout)
    assert "lib\\x1b]0;pwned-title\\x07\\u202e" in out


def test_dash_dash_ends_options(lib):
    helped = run_reader("--library", str(lib.root), "search", "--help", cwd=lib.root)
    assert helped.returncode == 0 and "`--` ends the options" in " ".join(helped.stdout.split())
    proc = run_reader("--library", str(lib.root), "search", "--", "-h", cwd=lib.root)
    assert "usage:" not in proc.stdout and proc.returncode == 1  # searched for "-h", found nothing
    assert "nothing found for '-h'" in proc.stderr
    proc = run_reader("--library", str(lib.root), "search", "--", "kernel", "--json", cwd=lib.root)
    assert proc.returncode == 1 and "nothing found for 'kernel --json'" in proc.stderr
