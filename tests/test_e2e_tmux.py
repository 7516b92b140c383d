"""End to end: the real app in a real terminal (tmux), on a temp copy of the bundled library.

Starts ``python -m reader --library COPY`` in a detached 140×40 tmux session on a private
server socket, waits for the list (the index is built on start), searches with `/`, opens a
result, moves between hits with `n`, quits with `q`, and checks the exit status is 0.
Skipped (with the reason) when tmux is not installed; CI installs it (`.ci/run`).
"""

from __future__ import annotations

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
    command = (f"cd {shlex.quote(str(ROOT))} && env {exports} {shlex.quote(sys.executable)} -m reader "
               f"--library {shlex.quote(str(library))}; echo $? > {shlex.quote(str(status))}")
    tmux = Tmux(f"reader-e2e-{os.getpid()}", "reader")
    tmux("new-session", "-d", "-x", "140", "-y", "40", "-s", "reader", "sh", "-c", command)
    try:
        tmux.wait_for(r"Articles 5")  # the index was built, the list came from its catalogue
        assert (library / "index").is_dir()
        tmux.keys("/")
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
        tmux.keys("q")
        deadline = time.monotonic() + 10
        while not status.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert status.exists(), "the app did not quit: " + tmux.screen()
        assert status.read_text().strip() == "0"
        state = (library / "state.yaml").read_text()
        assert "kernel" in state  # the query was kept as a recent search
    finally:
        tmux("kill-server", check=False)
