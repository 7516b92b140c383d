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
    # reader.yaml's `follow_symlinks: true` (``reader.settings.library_with_settings``): folder
    # links under content/ are walked and links may lead out of content/. Off by default.
    follow_links: bool = False

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


def iter_content_files(content: Path, *, follow_links: bool = False):
    """Raw pages under content/, in a stable order; dot-names and unreadable dirs are skipped.
    Folder links are followed only with ``follow_links`` (and never round a loop); whether a
    file may be read is ``refusal``'s to say."""
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(content, followlinks=follow_links):
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


# -- what is refused under content/ ------------------------------------------------------------
#
# A library is often a folder someone else made (a download, a shared drive): what it holds
# must not make reader read outside it. So a file is read only when it is inside content/ once
# links are resolved, unless the user opted in (``follow_symlinks: true`` in reader.yaml); a
# file name that is not UTF-8 cannot be an article id (ids are stored as UTF-8 in the index,
# the catalogue, bookmarks.yaml and state.yaml), so it is refused by name.

NOT_UTF8 = "file name is not valid UTF-8 (not read; rename the file)"
LINK_OUT = "a symbolic link out of content/ (not read; `follow_symlinks: true` in reader.yaml allows it)"
FOLDER_LINK = "a folder link (not followed; `follow_symlinks: true` in reader.yaml follows it)"


def has_undecodable(text: str) -> bool:
    """Whether ``text`` (a name from os.listdir or argv) holds bytes that are not UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def inside(path: str | os.PathLike[str], content: str | os.PathLike[str]) -> bool:
    """Whether ``path``, links resolved, is ``content`` or under it (``content`` resolved too)."""
    real = os.path.realpath(path)
    top = os.path.realpath(content)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def refusal(path: str | os.PathLike[str], content: str | os.PathLike[str], follow_links: bool = False,
            *, is_link: bool | None = None) -> str | None:
    """Why a file under ``content`` is not read (one phrase), or None when it may be.
    ``is_link``: whether ``path`` itself is a symbolic link, when the caller knows (a walk does);
    a path that went through a folder link is caught by resolving it."""
    text = os.fspath(path)
    if has_undecodable(os.path.relpath(text, os.fspath(content))):
        return NOT_UTF8
    if follow_links:
        return None
    if is_link is None or is_link:
        if not inside(text, content):
            return LINK_OUT
    return None
