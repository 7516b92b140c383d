"""The tests' CLI runner (``conftest.run_reader``, forked from ``cli_server.py``) answers as a
fresh ``python -m reader`` does: same exit status, stdout and stderr, environment, folder and
stdin, and a hang is killed at the timeout."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import CLI_SERVER, SEEDS, cli_env, copy_indexed_seeds, run_reader


def fresh(*args: str, cwd, env: dict[str, str] | None = None, input: str | None = None):
    return subprocess.run([sys.executable, "-m", "reader", *args], cwd=cwd, env=cli_env(env), input=input,
                          capture_output=True, text=True, timeout=120)


CASES = [
    ("where",),
    ("--version",),
    ("search", "kernel", "--json", "--limit", "2"),
    ("search", "zqxnothing"),  # exit 1
    ("search", "title:(", "--json"),  # exit 2, JSON error
    ("nosuchcommand",),  # argparse: usage and exit 2
    ("bookmarks", "list"),
    ("clean", str(SEEDS[2])),
]


@pytest.fixture(scope="module")
def lib(tmp_path_factory, indexed_seeds):
    return copy_indexed_seeds(tmp_path_factory.mktemp("server") / "lib")


@pytest.mark.parametrize("args", CASES, ids=[" ".join(a)[:40] for a in CASES])
def test_forked_run_answers_as_a_fresh_interpreter(args, lib):
    if not CLI_SERVER.can_run(cli_env()):
        pytest.skip("the fork server is off here (READER_TESTS_NO_FORK or no fork)")
    env = {"READER_LIBRARY": str(lib), "COLUMNS": "100"}
    forked, real = run_reader(*args, cwd=lib, env=env), fresh(*args, cwd=lib, env=env)
    strip = lambda text: "\n".join(line for line in text.splitlines() if '"ms"' not in line and " ms" not in line)
    assert (forked.returncode, strip(forked.stdout), forked.stderr) == (real.returncode, strip(real.stdout), real.stderr)


def test_stdin_environment_and_folder_are_the_callers(tmp_path):
    """``add -`` reads the page from stdin; where it goes depends on $READER_LIBRARY and on the
    folder the command runs in (a relative --library)."""
    page = SEEDS[2].read_text(encoding="utf-8")
    for env in ({}, {"READER_LIBRARY": "elsewhere"}):
        runs = []
        for run, name in ((run_reader, "forked"), (fresh, "fresh")):
            (tmp_path / name).mkdir()
            args = ("add", "-") if env else ("--library", "lib", "add", "-")
            proc = run(*args, cwd=tmp_path / name, env=env, input=page)
            assert proc.returncode == 0, proc.stderr
            saved = sorted(p.relative_to(tmp_path / name).as_posix() for p in (tmp_path / name).rglob("*.md"))
            runs.append((proc.stdout, proc.stderr, saved))
            shutil.rmtree(tmp_path / name)
        assert runs[0] == runs[1] and runs[0][2] and runs[0][2][0].startswith("elsewhere/" if env else "lib/")


def test_a_call_past_its_timeout_is_killed_and_the_next_one_runs(tmp_path):
    if not CLI_SERVER.can_run(cli_env()):
        pytest.skip("the fork server is off here (READER_TESTS_NO_FORK or no fork)")
    big = tmp_path / "big.txt"  # a seed a thousand times over (7 MB): ~1 s to clean here
    big.write_text(SEEDS[2].read_text(encoding="utf-8") * 1000, encoding="utf-8")
    with pytest.raises(subprocess.TimeoutExpired):
        run_reader("clean", str(big), cwd=tmp_path, timeout=0.1)
    again = run_reader("clean", str(SEEDS[2]), cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == fresh("clean", str(SEEDS[2]), cwd=tmp_path).stdout
