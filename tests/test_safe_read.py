"""reader.safe_read and reader.safe_yaml: the one way a library file is opened, and the one
YAML loader (issue 14: FIFOs, devices, huge files, alias bombs).

Every case that could hang runs in a subprocess with a timeout (``_bounded``): a hang fails
the test instead of stalling the suite.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO_ROOT
from reader import safe_yaml
from reader.errors import UnreadableFile
from reader.safe_read import FileTooBig, cap, read_regular, read_text, sha256_regular

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
needs_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")


def bomb(levels: int = 9, width: int = 9, key: str = "note") -> str:
    """A "billion laughs": ``levels`` anchors, each a list of ``width`` aliases of the one before
    (9 × 9: 9⁹ ≈ 387 million nodes once expanded), as the value of ``key``."""
    lines = ["a0: &a0 [lol]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    lines.append(f"{key}: *a{levels}")
    return "\n".join(lines) + "\n"


def _bounded(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


READ = """
import sys
from reader.safe_read import read_regular, sha256_regular
from reader.errors import UnreadableFile
for fn in (lambda p: read_regular(p, "yaml"), lambda p: read_regular(p, "page", cut=True), sha256_regular):
    try:
        fn(sys.argv[1])
    except UnreadableFile as exc:
        print(exc.message)
    else:
        print("read")
"""


@needs_fifo
def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "bookmarks.yaml"
    os.mkfifo(fifo)
    proc = _bounded(READ, str(fifo))  # a blocking open() would hang here until the timeout
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [f"{fifo}: not a regular file (a FIFO)"] * 3


@needs_zero
def test_a_link_to_a_device_is_refused(tmp_path):
    link = tmp_path / "state.yaml"
    link.symlink_to("/dev/zero")
    proc = _bounded(READ, str(link))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [f"{link}: not a regular file (a device)"] * 3


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.yaml"
    if len(str(path)) > 100:
        pytest.skip("temp path too long for a Unix socket")
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        proc = _bounded(READ, str(path))
    assert proc.stdout.splitlines() == [f"{path}: not a regular file (a socket)"] * 3


def test_missing_directories_and_loops(tmp_path):
    assert read_regular(tmp_path / "nothing.yaml", "yaml", missing_ok=True) is None
    with pytest.raises(UnreadableFile, match="no such file"):
        read_regular(tmp_path / "nothing.yaml", "yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "gone")
    with pytest.raises(UnreadableFile, match="no such file"):  # a broken link is not "missing"
        read_regular(tmp_path / "dangling.yaml", "yaml", missing_ok=True)
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(UnreadableFile, match="is a directory"):
        read_regular(tmp_path / "dir.yaml", "yaml")
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    with pytest.raises(UnreadableFile, match="symbolic link loop"):
        read_regular(tmp_path / "a.yaml", "yaml")


def test_the_size_cap_refuses_or_cuts(tmp_path, monkeypatch):
    path = tmp_path / "reader.yaml"
    path.write_bytes(b"x" * (cap("yaml") + 1))
    with pytest.raises(FileTooBig) as info:
        read_regular(path, "yaml")
    message = info.value.message
    assert message.startswith(f"{path}: 2.0 MB, more than the 2.0 MB") and "READER_MAX_YAML_MB" in message
    assert "\n" not in message
    assert read_regular(path, "yaml", limit=10, cut=True) == b"x" * 10
    monkeypatch.setenv("READER_MAX_YAML_MB", "3")  # the cap is configurable
    assert len(read_regular(path, "yaml")) == cap("yaml") - 1_000_000 + 1
    monkeypatch.setenv("READER_MAX_YAML_MB", "many")  # a typo does not make files unreadable
    assert cap("yaml") == 2_000_000


def test_text_must_be_utf8(tmp_path):
    path = tmp_path / "reader.yaml"
    path.write_bytes(b"theme: nord\ncomments: caf\xe9\n")
    with pytest.raises(UnreadableFile, match="line 2: not UTF-8 text"):
        read_text(path, "yaml")
    path.write_bytes(b"\xef\xbb\xbftheme: nord\n")
    assert read_text(path, "yaml") == "theme: nord\n"


def test_the_hash_covers_what_the_cleaner_reads(tmp_path):
    import hashlib

    path = tmp_path / "page.txt"
    path.write_bytes(b"abc" * 1000)
    assert sha256_regular(path) == hashlib.sha256(b"abc" * 1000).hexdigest()


# -- YAML with limits ---------------------------------------------------------------------------

def test_an_alias_bomb_is_refused_at_once():
    text = bomb()
    assert len(text) < 600
    proc = _bounded("import sys; from reader.safe_yaml import safe_load\n"
                    "try:\n safe_load(sys.stdin.read() if False else sys.argv[1])\n"
                    "except Exception as exc: print(type(exc).__name__, exc.problem)", text, timeout=30)
    assert proc.stdout.strip() == "YAMLLimitError aliases (*name) expand to more than 10,000 nodes; refused"


def test_aliases_within_the_bound_still_load():
    data = safe_yaml.safe_load("base: &b {x: 1, tags: [a, b]}\none: *b\ntwo:\n  <<: *b\n  y: 2\nsmall: AT&T\n")
    assert data == {"base": {"x": 1, "tags": ["a", "b"]}, "one": {"x": 1, "tags": ["a", "b"]},
                    "two": {"x": 1, "tags": ["a", "b"], "y": 2}, "small": "AT&T"}
    # four levels of four: 4⁴ = 256 nodes, well within the bound
    assert len(str(safe_yaml.safe_load(bomb(4, 4)))) > 1000


def test_recursive_and_deep_documents_are_refused():
    with pytest.raises(safe_yaml.YAMLLimitError, match="inside its own anchor"):
        safe_yaml.safe_load("a: &x [1, *x]\n")
    deep = "a: &d0 [x]\n" + "".join(f"b{i}: &d{i} [*d{i - 1}]\n" for i in range(1, 260))
    with pytest.raises(safe_yaml.YAMLLimitError, match="nested more than 200 levels"):
        safe_yaml.safe_load(deep)
    with pytest.raises(yaml.YAMLError):  # libyaml's own bound on nesting
        safe_yaml.safe_load("[" * 5000 + "]" * 5000)


def test_python_tags_are_still_refused():
    with pytest.raises(yaml.YAMLError):
        safe_yaml.safe_load("!!python/object/apply:os.system ['true']\n")


def test_problem_is_one_line():
    try:
        safe_yaml.safe_load("theme: [nord\n")
    except yaml.YAMLError as exc:
        text = safe_yaml.problem(exc)
    assert text.startswith("not valid YAML (line 2: ") and "\n" not in text
    try:
        safe_yaml.safe_load(bomb())
    except yaml.YAMLError as exc:
        text = safe_yaml.problem(exc)
    # said where the first anchor past the bound is (a4 stands for ~9⁴ × 2 nodes)
    assert text == "line 5: aliases (*name) expand to more than 10,000 nodes; refused"
