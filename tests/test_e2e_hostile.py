"""End to end (issue 14): the real app in tmux on a library full of traps still paints, says
what is wrong in notices, and quits on `q` at once, even while its index worker is busy.

The library: the five sample articles, a FIFO and a link to /dev/zero in content/, FIFOs named
state.yaml and reader.yaml (both read before the first paint), and pages big enough that the
first index build is still cleaning when `q` is pressed. Before issue 14 the FIFOs hung the app
for ever (only kill -9 ended it); a busy worker also kept the process alive after `q`, because
asyncio waits for the default executor's threads at exit.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import time
from pathlib import Path

import pytest

from test_e2e_tmux import ROOT, TMUX, Tmux, exit_status_to

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (CI installs it in .ci/run)"),
    pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(),
                       reason="needs FIFOs and /dev/zero"),
]


def _flat(text: str) -> str:
    """The screen's text without borders and whitespace: a notice wraps where the width says."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in "│▌╭╮╰╯─")


def test_the_app_paints_warns_and_quits_among_fifos_and_a_busy_worker(tmp_path):
    library = tmp_path / "lib"
    shutil.copytree(ROOT / "content", library / "content")
    content = library / "content"
    os.mkfifo(content / "pipe.txt")
    (content / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(library / "state.yaml")
    os.mkfifo(library / "reader.yaml")
    para = "lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 30 + "\n\n"
    for i in range(6):  # ~48 MB of text: cleaning them takes the worker a while
        (content / f"big-{i}.txt").write_text(f"Big page {i}\n\n" + para * (8_000_000 // len(para)))
    status = tmp_path / "status"
    env = {
        "XDG_DATA_HOME": tmp_path / "data", "XDG_CONFIG_HOME": tmp_path / "config",
        "XDG_CACHE_HOME": tmp_path / "cache", "XDG_STATE_HOME": tmp_path / "state",
        "TERM": "xterm-256color", "COLORTERM": "truecolor",
    }
    exports = " ".join(f"{k}={shlex.quote(str(v))}" for k, v in env.items())
    command = (f"cd {shlex.quote(str(ROOT))} && env {exports} {shlex.quote(sys.executable)} -m reader "
               f"--library {shlex.quote(str(library))}; {exit_status_to(status)}")
    tmux = Tmux(f"reader-e2e-hostile-{os.getpid()}", "reader")
    tmux("new-session", "-d", "-x", "160", "-y", "45", "-s", "reader", "sh", "-c", command)
    try:
        tmux.wait_for(r"Indexing the library: \d+/11 files", timeout=30)  # painted, the worker busy
        # the two FIFOs read before the first paint are notices (wrapped as the width allows)
        deadline = time.monotonic() + 15
        wanted = {f"{library / 'state.yaml'}: cannot read it (not a regular file (a FIFO))",
                  f"{library / 'reader.yaml'}: cannot read it (not a regular file (a FIFO)); default settings used"}
        seen: set[str] = set()
        while seen != wanted and time.monotonic() < deadline:
            flat = _flat(tmux.screen())
            seen |= {w for w in wanted if _flat(w) in flat}
            time.sleep(0.1)
        assert seen == wanted, tmux.screen()
        assert "Indexing the library" in tmux.screen()  # still busy
        t = time.monotonic()
        tmux.keys("q")
        while not status.exists() and time.monotonic() - t < 15:
            time.sleep(0.1)
        assert status.exists(), "the app did not quit: " + tmux.screen()
        assert status.read_text().strip() == "0"
        # it quit while the worker was still cleaning: the first build had not committed them all
        manifest = library / "index" / "manifest.json"
        assert not manifest.exists() or "big-5.txt" not in manifest.read_text(encoding="utf-8")
        # the FIFOs were neither read nor replaced by the app's saves
        assert (library / "state.yaml").is_fifo() and (library / "reader.yaml").is_fifo()
    finally:
        tmux("kill-server", check=False)
