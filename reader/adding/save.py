"""Placing raw bytes under content/: a new article's path, history of replaced versions.

A new page goes to ``content/<site>/<slug><suffix>``: the site is the host without ``www.``
and its last label (``lwn.net`` → ``lwn``, as the sample articles are filed), the slug the
title's words (``2026-stabilizing-rusts-never-type``, the year first when the page has a
date, as the samples), else the address's last path segment. A name taken by any page with
that id (whatever its suffix) or by an origin record gets ``-2``, ``-3``…, and the file is
put in place with ``link()``, which never replaces a file: two adds at once never overwrite
each other. Bytes are written to a temp file first, so content/ never holds half a page.

Replacing a page (a refresh) keeps the old version under
``content/.history/<id>/<UTC timestamp><suffix>`` (a dot folder: never indexed), as a hard
link where the file system allows, then renames the new bytes over the page.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from reader.atomic import atomic_write_bytes
from reader.content.model import Date
from reader.content.origin import origin_path
from reader.paths import CONTENT_SUFFIXES

HISTORY = ".history"
MAX_SLUG = 60


def site_folder(url: str) -> str:
    """``https://www.lwn.net/x`` → ``lwn``; an address or a one-label host is kept whole."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    try:
        ipaddress.ip_address(host)
        return _safe(host) or "local"
    except ValueError:
        pass
    labels = [x for x in host.split(".") if x]
    if len(labels) >= 2:
        labels = labels[:-1]
    return _safe(".".join(labels)) or "local"


def _safe(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9.]+", "-", text).strip("-.")
    return re.sub(r"\.{2,}", ".", text)


def slug(title: str, url: str = "", date: Date | None = None) -> str:
    """File name stem from the title, else the address's last path segment, else ``page``."""
    words = _safe(title.replace(".", " ").replace("'", "").replace("’", ""))
    if not words and url:
        segments = [s for s in urlsplit(url).path.split("/") if s]
        words = _safe(Path(segments[-1]).stem.replace(".", " ")) if segments else ""
    words = words[:MAX_SLUG].rsplit("-", 1)[0] if len(words) > MAX_SLUG else words
    words = words.strip("-") or "page"
    if date is not None and not re.match(r"\d{4}-", words):
        words = f"{date.year:04d}-{words}"
    return words


def taken(stem_path: Path) -> bool:
    """Whether an article id is in use: any page suffix, either case, or an origin record."""
    for suffix in CONTENT_SUFFIXES:
        for s in (suffix, suffix.upper()):
            page = stem_path.with_name(stem_path.name + s)
            if os.path.lexists(page) or os.path.lexists(origin_path(page)):
                return True
    return False


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    """The first ``stem``, ``stem-2``, … in ``folder`` that no article uses."""
    n = 1
    while True:
        name = stem if n == 1 else f"{stem}-{n}"
        if not taken(folder / name):
            return folder / (name + suffix)
        n += 1


def write_new(path: Path, data: bytes) -> None:
    """Put ``data`` at ``path`` only if nothing is there (``FileExistsError`` otherwise):
    temp file, fsync, then ``link()``, which fails rather than replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except OSError as exc:
            if isinstance(exc, FileExistsError):
                raise
            # no hard links here (some network or FAT file systems): exclusive create, then rename
            with open(path, "xb"):
                pass
            os.replace(tmp, path)
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def keep_history(content: Path, article_id: str, page: Path, when: dt.datetime) -> Path:
    """Keep the page's bytes as they are now under content/.history/<id>/; returns that path."""
    folder = content / HISTORY / article_id
    folder.mkdir(parents=True, exist_ok=True)
    stamp = when.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{stamp}{page.suffix}"
    n = 2
    while os.path.lexists(target):
        target = folder / f"{stamp}-{n}{page.suffix}"
        n += 1
    try:
        os.link(page, target)  # the old inode stays there when the new bytes replace the page
    except OSError:
        tmp = target.with_name("." + target.name + ".tmp")
        shutil.copyfile(page, tmp, follow_symlinks=False)
        os.replace(tmp, target)
    return target


def replace_page(page: Path, data: bytes) -> None:
    atomic_write_bytes(page, data)
