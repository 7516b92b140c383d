"""Shared fixtures: the repo, ../shared, the seeds, the CLI in a subprocess, user-data isolation,
a copy of the bundled library and the TUI started on it (``start_app``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from cli_server import CliServer
from reader.paths import Library

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"
CLI_SERVER = CliServer(REPO_ROOT)
SEEDS = sorted(p for p in (REPO_ROOT / "content").rglob("*") if p.is_file())


def pytest_configure(config) -> None:
    """Compiled bytecode kept between runs, outside the tree. Where PYTHONDONTWRITEBYTECODE is
    set (this machine, CI), every ``python -m reader`` a test starts compiled ~300 modules
    again: half a second each, minutes over the suite."""
    prefix = Path(tempfile.gettempdir()) / f"reader-tests-pycache-{os.getuid() if hasattr(os, 'getuid') else 0}"
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(prefix)
    sys.dont_write_bytecode = False
    sys.pycache_prefix = str(prefix)


def pytest_collection_finish(session) -> None:
    """Everything imported by now (Textual, Whoosh, the cleaner, pytest, hypothesis) lives as
    long as the test process: frozen out of the cyclic GC, whose full collections otherwise
    walk it every time, and the young generation's threshold raised (the tests allocate in
    bursts of app starts). Collections took ~15 s of each worker's ~50 s of CPU (timed with
    ``gc.callbacks``), ~7 s after. What the tests make, apps included, is still collected."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def pytest_xdist_auto_num_workers(config) -> int:
    """``-n auto`` (pyproject's addopts): two test processes a core. Much of a test's time is
    spent waiting (on the CLI in a subprocess, on the app's pauses), which the other process
    fills: on this 2-core machine 4 workers took the suite from 246 to ~190 s."""
    return min(16, 2 * (os.cpu_count() or 1))


def seed_comment_ids(article_id: str) -> dict[str, str]:
    """``{"c1": id, "c2": id, …}``: a seed's comment ids by their place in the page. Ids are
    digests of place, author and date (``reader.content.comment_ids``); tests name comments by
    their rank, as a reader counts them."""
    from reader.content import clean_file

    path = next(p for p in SEEDS if p.relative_to(REPO_ROOT / "content").with_suffix("").as_posix() == article_id)
    return {f"c{n}": c.id for n, c in enumerate(clean_file(path).comments, 1)}


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the clone (design brief, seeds, corpus); skips when it is absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"{SHARED_DIR} is absent (a user's clone); CI has it")
    return SHARED_DIR


@pytest.fixture(scope="session")
def seed_files() -> list[Path]:
    """The five sample articles under content/."""
    assert len(SEEDS) == 5, SEEDS
    return SEEDS


@pytest.fixture(autouse=True)
def isolated_user_data(tmp_path_factory, monkeypatch) -> Path:
    """No test reads or writes the real user's data: XDG dirs point into a temporary folder
    and no $READER_LIBRARY leaks in. Subprocesses inherit this environment."""
    home = tmp_path_factory.mktemp("xdg")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (home / sub).mkdir()
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("READER_LIBRARY", raising=False)
    return home


def cli_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment ``run_reader`` gives the CLI: this one, ``env`` over it, and the package
    importable from anywhere even when it is not installed in the interpreter."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), full_env.get("PYTHONPATH")]))
    return full_env


def run_reader(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
               prefix: list[str] | None = None, timeout: float = 120,
               input: str | bytes | None = None, text: bool = True) -> subprocess.CompletedProcess:
    """``python -m reader ARGS`` with this interpreter (no uv), from ``cwd``: forked from the
    test process's CLI server (``cli_server.py``) unless ``prefix`` needs a real start."""
    cmd = [*(prefix or []), sys.executable, "-m", "reader", *args]
    full_env = cli_env(env)
    if not prefix and CLI_SERVER.can_run(full_env):
        return CLI_SERVER.run(list(args), cwd=Path(cwd or os.getcwd()), env=full_env, timeout=timeout,
                              input=input, text=text)
    return subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=text, timeout=timeout,
                          input=input)


@pytest.fixture
def reader_cli(tmp_path):
    """Run the CLI in a subprocess; the working directory defaults to an empty temp folder."""

    def run(*args: str, cwd: Path | None = None, **kw) -> subprocess.CompletedProcess[str]:
        return run_reader(*args, cwd=cwd or tmp_path, **kw)

    return run


def _drop_privileges_prefix() -> list[str] | None:
    """A command prefix under which file permissions really apply, even for root.

    Tests run as root in CI, where ``chmod 000`` denies nothing. ``setpriv`` can clear every
    capability (root without CAP_DAC_OVERRIDE obeys mode bits) or switch to an ordinary user.
    Returns None when neither works here."""
    if os.name != "posix":
        return None
    if os.geteuid() != 0:
        return []  # an ordinary user already obeys mode bits
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    candidates = [
        [setpriv, "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all", "--"],
    ]
    probe_dir = Path(os.environ.get("TMPDIR", "/tmp"))
    for prefix in candidates:
        probe = probe_dir / f"reader-denial-probe-{os.getpid()}"
        try:
            probe.write_text("x")
            probe.chmod(0)
            proc = subprocess.run([*prefix, sys.executable, "-c", f"open({str(probe)!r}).read()"],
                                  capture_output=True, text=True, timeout=60)
            if proc.returncode != 0 and "PermissionError" in proc.stderr:
                return prefix
        except (OSError, subprocess.SubprocessError):
            continue
        finally:
            probe.unlink(missing_ok=True)
    return None


@pytest.fixture(scope="session")
def unprivileged() -> list[str]:
    """Command prefix for a subprocess that gets a real EACCES on a mode-000 file; skips if none."""
    prefix = _drop_privileges_prefix()
    if prefix is None:
        pytest.skip("no way to drop privileges here (root without setpriv): a denial cannot be real")
    return prefix


# -- the TUI ------------------------------------------------------------------------------------

_INDEXED: Path | None = None


def indexed_seeds_root() -> Path:
    """The bundled library indexed once per test process (in a temporary folder of its own)."""
    global _INDEXED
    if _INDEXED is None:
        from reader.library import refresh_index

        root = Path(tempfile.mkdtemp(prefix="reader-indexed-seeds-")) / "lib"
        shutil.copytree(REPO_ROOT / "content", root / "content")
        refresh_index(Library(root, "test"))
        _INDEXED = root
    return _INDEXED


def copy_indexed_seeds(dest: Path) -> Path:
    """A copy of the bundled library *and of its index* at ``dest`` (copied with the files'
    times, so the index is up to date): a command run on it finds nothing to build, as on a
    user's library after its first start. For a library never indexed, copy content/ alone."""
    shutil.copytree(indexed_seeds_root(), dest, ignore=shutil.ignore_patterns("*.lock", "*WRITELOCK"))
    return dest


def pytest_unconfigure(config) -> None:
    CLI_SERVER.close()
    if _INDEXED is not None:
        shutil.rmtree(_INDEXED.parent, ignore_errors=True)


def _bench_synth():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_synth", REPO_ROOT / "benchmarks" / "synth.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def synth_library(tmp_path_factory) -> Library:
    """60 synthetic articles (``benchmarks/synth.py``: LWN dumps and HTML, WordPress, Zipf
    words) indexed as incremental updates leave an index: two thirds, then the rest (two
    segments), then every seventh file changed (deleted documents). Built once for the whole
    run (test processes share it, under a lock); tests only read it."""
    import fcntl

    from reader.index import update

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    root = shared / "synth-library"
    with open(shared / "synth-library.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "ready").exists():
            shutil.rmtree(root, ignore_errors=True)
            _bench_synth().generate(root, 60, seed=3)
            library = Library(root, "synth")
            files = sorted(p for p in library.content.rglob("*") if p.is_file())
            held = root / "held"
            for p in files[40:]:
                dest = held / p.relative_to(root)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(p, dest)
            update(library, jobs=1)
            shutil.copytree(held / "content", library.content, dirs_exist_ok=True)
            shutil.rmtree(held)
            update(library, jobs=1)
            for p in files[::7]:
                p.write_text(p.read_text(encoding="utf-8") + "\n\nA changed zqxline.\n", encoding="utf-8")
            update(library, jobs=1)
            (root / "ready").touch()
    return Library(root, "synth")


@pytest.fixture(scope="session")
def indexed_seeds() -> Path:
    """The bundled library indexed once per test process: ``library`` copies its index
    instead of every app start building one."""
    return indexed_seeds_root()


@pytest.fixture
def library(tmp_path, indexed_seeds) -> Library:
    """A copy of the bundled library (the five seeds under content/) and of its index, as the
    app leaves it after its first start (``unindexed_library`` for one never indexed)."""
    return Library(copy_indexed_seeds(tmp_path / "lib"), "test")


@pytest.fixture
def unindexed_library(tmp_path) -> Library:
    """A copy of the bundled library, never indexed."""
    shutil.copytree(REPO_ROOT / "content", tmp_path / "lib" / "content")
    return Library(tmp_path / "lib", "test")


class Started(NamedTuple):
    app: Any  # reader.tui.app.ReaderApp (Textual is imported only by the tests that start it)
    pilot: Any  # textual.pilot.Pilot
    main: Any  # reader.tui.main_screen.MainScreen: the library view and its panes


@pytest.fixture
def start_app(request, monkeypatch):
    """Start ``ReaderApp`` under ``App.run_test``::

        async with start_app(size=SIZE) as (app, pilot, main):

    on the ``library`` fixture's copy unless another library (or app) is given; every notice
    it shows is recorded for ``tui_support.messages(app)``."""
    from textual.app import App
    from tui_support import NOTICES

    from reader.tui.app import ReaderApp

    notify = App.notify

    def recording(self, message, **kwargs):
        # as shown: after ReaderApp's sanitiser, with its markup flag
        NOTICES.setdefault(self, []).append((str(message), kwargs.get("markup", True)))
        return notify(self, message, **kwargs)

    monkeypatch.setattr(App, "notify", recording)

    @asynccontextmanager
    async def start(lib: Library | None = None, *, size: tuple[int, int] = (120, 30),
                    notifications: bool = False, app: ReaderApp | None = None):
        app = app or ReaderApp(lib or request.getfixturevalue("library"))
        async with app.run_test(size=size, notifications=notifications) as pilot:
            yield Started(app, pilot, app.main_screen)

    return start
