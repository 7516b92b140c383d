"""Every path reader uses, in one place.

Which library: ``--library DIR``, else ``$READER_LIBRARY``, else the current directory when it
holds a ``content/`` folder, else the user data dir (platformdirs). Resolving a library has no
side effects; ``Library.ensure()`` creates folders when a command is about to write.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "reader"
CONTENT_SUFFIXES = (".html", ".htm", ".md", ".markdown", ".txt")


@dataclass(frozen=True)
class Library:
    root: Path
    how: str  # why this folder was chosen, for `reader where`

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def index(self) -> Path:
        return self.root / "index"

    @property
    def bookmarks(self) -> Path:
        return self.root / "bookmarks.yaml"

    @property
    def state(self) -> Path:
        return self.root / "state.yaml"

    @property
    def settings(self) -> Path:
        return self.root / "reader.yaml"

    @property
    def rules(self) -> Path:
        """A user's own site rules (YAML), read after the shipped ones."""
        return self.root / "rules"

    def ensure(self) -> None:
        self.content.mkdir(parents=True, exist_ok=True)

    def article_id(self, path: Path) -> str:
        """The article id: the file's path under content/ without its extension.

        ValueError when the file is not under content/."""
        try:
            rel = Path(path).resolve().relative_to(self.content.resolve())
        except (OSError, RuntimeError, ValueError):
            # A symlink loop (resolve raises) or a link out of content/: the path as written.
            rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(self.content))
        return rel.with_suffix("").as_posix()

    def paths(self) -> dict[str, Path]:
        return {
            "library": self.root,
            "content": self.content,
            "index": self.index,
            "bookmarks": self.bookmarks,
            "state": self.state,
            "settings": self.settings,
            "rules": self.rules,
        }


def user_library() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def sample_content() -> Path:
    """The five bundled sample articles: the repo's content/ or, in a wheel, reader/_sample."""
    packaged = Path(__file__).resolve().parent / "_sample"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "content"


def resolve_library(option: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Library:
    if option:
        return Library(Path(option).expanduser().resolve(), "--library")
    env = os.environ.get("READER_LIBRARY")
    if env:
        return Library(Path(env).expanduser().resolve(), "$READER_LIBRARY")
    here = (cwd or Path.cwd()).resolve()
    if (here / "content").is_dir():
        return Library(here, "current directory (has content/)")
    return Library(user_library(), "user data dir")


def iter_content_files(content: Path):
    """Raw pages under content/, in a stable order; symlink loops and unreadable dirs are skipped."""
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(content, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:  # a symlink loop: os.walk would go round forever
            dirnames[:] = []
            continue
        seen.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if name.lower().endswith(CONTENT_SUFFIXES):
                yield Path(dirpath) / name
