"""End to end: the real app in a real terminal (tmux), on a temp copy of the bundled library.

Starts ``python -m reader --library COPY`` in a detached 140×40 tmux session on a private
server socket (without the ``COLUMNS``/``LINES`` a pytest plugin exports, which Textual would
take over the pane's real size), waits for the list (the index is built on start), searches with `/`, opens a
result, moves between hits with `n`, quits with `Q`, and checks the exit status is 0.
Skipped (with the reason) when tmux is not installed; CI installs it (`.ci/run`).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TMUX = shutil.which("tmux")

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (CI installs it in .ci/run)")


def exit_status_to(path: Path) -> str:
    """Shell that saves the app's exit status in ``path`` whole: written beside it and renamed,
    so a test polling for the file never reads it between its creation and the echo."""
    tmp = shlex.quote(f"{path}.tmp")
    return f"echo $? > {tmp} && mv {tmp} {shlex.quote(str(path))}"


class Tmux:
    def __init__(self, socket: str, session: str) -> None:
        self.socket, self.session = socket, session

    def __call__(self, *args: str, check: bool = True) -> str:
        out = subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=10)
        if check and out.returncode:
            raise AssertionError(f"tmux {' '.join(args)}: {out.stderr.strip()}")
        return out.stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str) -> None:
        self("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        self("send-keys", "-t", self.session, "-l", text)

    def wait_for(self, pattern: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if re.search(pattern, screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} never appeared; the screen:\n{screen}")


def test_search_and_hits_in_tmux(tmp_path):
    library = tmp_path / "lib"
    shutil.copytree(ROOT / "content", library / "content")
    status = tmp_path / "status"
    env = {
        "XDG_DATA_HOME": tmp_path / "data", "XDG_CONFIG_HOME": tmp_path / "config",
        "XDG_CACHE_HOME": tmp_path / "cache", "XDG_STATE_HOME": tmp_path / "state",
        "TERM": "xterm-256color", "COLORTERM": "truecolor",
    }
    exports = " ".join(f"{k}={shlex.quote(str(v))}" for k, v in env.items())
    command = (f"cd {shlex.quote(str(ROOT))} && env -u COLUMNS -u LINES {exports} "
               f"{shlex.quote(sys.executable)} -m reader --library {shlex.quote(str(library))}; "
               f"{exit_status_to(status)}")
    tmux = Tmux(f"reader-e2e-{os.getpid()}", "reader")
    tmux("new-session", "-d", "-x", "140", "-y", "40", "-s", "reader", "sh", "-c", command)
    try:
        tmux.wait_for(r"Articles 5")  # the index was built, the list came from its catalogue
        assert (library / "index").is_dir()
        # type only once the query line is shown: a key sent while the app is still settling
        # (the index build's last messages) must not race the focus
        tmux.keys("/")
        tmux.wait_for(r"search: words")
        tmux.type("kernel")
        screen = tmux.wait_for(r"\d+ articles · \d+ comments")
        assert "Kernel Summit" in screen
        tmux.keys("Enter")  # to the results
        time.sleep(0.2)
        tmux.keys("Enter")  # open the first one at its first hit
        screen = tmux.wait_for(r"hit 1/\d+")
        total = int(re.search(r"hit 1/(\d+)", screen).group(1))
        assert total >= 2, screen
        tmux.keys("n")
        tmux.wait_for(rf"hit 2/{total}")
        tmux.keys("N")
        tmux.wait_for(rf"hit 1/{total}")
        tmux.keys("Q")  # q would go back to the list: Q quits from anywhere
        deadline = time.monotonic() + 10
        while not status.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert status.exists(), "the app did not quit: " + tmux.screen()
        assert status.read_text().strip() == "0"
        state = (library / "state.yaml").read_text()
        assert "kernel" in state  # the query was kept as a recent search
    finally:
        tmux("kill-server", check=False)


# -- a hostile library: escape-laden reader.yaml and file names (issue 14) ------------------------

OSC52 = "\x1b]52;c;cHduZWQ=\x07"  # would put "pwned" in the clipboard (a tmux paste buffer here)
OSC_TITLE = "\x1b]0;pwned-title\x07"  # would set the pane's title


@pytest.mark.parametrize("fifo, quit_key", [(False, "q"), (True, "Q")])
def test_hostile_library_paints_shows_notices_and_quits(tmp_path, fifo, quit_key):
    """The real app in tmux (with ``set-clipboard on``, so an OSC 52 that got through would
    make a paste buffer, and an OSC 0 would retitle the pane) on a library whose reader.yaml
    rebinds keys to escape sequences and whose files are named with them: it paints, says
    what it refused as notices, leaves the clipboard and the title alone, and quits on q or Q
    (with a FIFO in content/ that must not hang the index's refresh)."""
    library = tmp_path / "lib"
    shutil.copytree(ROOT / "content", library / "content")
    (library / "content" / f"evil{OSC_TITLE}.txt").write_text(
        f"Evil \u202eexe.txt title {OSC_TITLE}\n\nA body with {OSC52} an escape.\n", encoding="utf-8")
    if fifo:
        os.mkfifo(library / "content" / "pipe.txt")
    settings = library / "reader.yaml"
    settings.write_text(
        "keys:\n"
        f"  reader.app.search: {json.dumps(OSC52)}\n"
        f"  reader.app.help: {json.dumps(OSC_TITLE)}\n"
        "theme: " + json.dumps("nord" + OSC_TITLE) + "\n", encoding="utf-8")
    before = settings.read_bytes()
    conf = tmp_path / "tmux.conf"
    conf.write_text("set -g set-clipboard on\nset -g allow-rename on\nset -g exit-empty off\n")
    status = tmp_path / "status"
    env = {
        "XDG_DATA_HOME": tmp_path / "data", "XDG_CONFIG_HOME": tmp_path / "config",
        "XDG_CACHE_HOME": tmp_path / "cache", "XDG_STATE_HOME": tmp_path / "state",
        "TERM": "xterm-256color", "COLORTERM": "truecolor",
    }
    exports = " ".join(f"{k}={shlex.quote(str(v))}" for k, v in env.items())
    command = (f"cd {shlex.quote(str(ROOT))} && env -u COLUMNS -u LINES {exports} "
               f"{shlex.quote(sys.executable)} -m reader --library {shlex.quote(str(library))}; "
               f"{exit_status_to(status)}")
    tmux = Tmux(f"reader-e2e-hostile-{os.getpid()}", "reader")
    tmux("-f", str(conf), "new-session", "-d", "-x", "140", "-y", "40", "-s", "reader", "sh", "-c", command)
    try:
        tmux.wait_for(r"q Back / quit", timeout=30)  # the footer, where rebound keys are drawn, painted
        assert "pwned" not in tmux("display", "-p", "-t", "reader", "#{pane_title}")
        assert tmux("list-buffers").strip() == ""  # no OSC 52 reached the terminal
        # the problems as notices (shown at start, for a few seconds), then the list
        screen = tmux.wait_for(r"reader\.app\.search: control characters", timeout=30)
        assert "unknown theme" in screen and "\\x1b]52;c;cHduZWQ=" in screen  # named, inert
        if fifo:
            tmux.wait_for(r"pipe\.txt: not a regular file", timeout=30)
        screen = tmux.wait_for(r"Articles 6", timeout=30)  # painted: the five seeds and the evil one
        assert "Evil exe.txt title" in screen  # the title, bidi override and escape gone
        assert "pwned" not in tmux("display", "-p", "-t", "reader", "#{pane_title}")
        tmux.keys(quit_key)
        deadline = time.monotonic() + 10
        while not status.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert status.exists(), "the app did not quit: " + tmux.screen()
        assert status.read_text().strip() == "0"
        assert tmux("list-buffers").strip() == ""
    finally:
        tmux("kill-server", check=False)
    assert settings.read_bytes() == before
