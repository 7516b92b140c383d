"""The content walk: the raw pages under a library's content/ folder, each with its stat, and
what is refused on the way (names that are not UTF-8, links out of content/, folder links,
a second file for an article id).

The builder (``reader.index.build``) walks once per run: the quick look's scan and the locked
run's both read the stats taken here, one per file.
"""

from __future__ import annotations

import os
from typing import Any

from reader import safe_text
from reader.paths import CONTENT_SUFFIXES, FOLDER_LINK, NOT_UTF8, Library, has_undecodable, refusal


def walk(content: str, follow_links: bool = False) -> tuple[list[tuple[str, str, Any]], dict[str, str]]:
    """(rel, path, stat) of the raw pages under ``content``, as ``reader.paths.iter_content_files``
    finds them (dot-names skipped, folder links followed only with ``follow_links``, loops cut)
    but in directory order, with each file's ``os.stat`` (or the OSError it raised) taken on the
    way: one ``fstatat`` relative to the open folder (``os.scandir(fd)``), plain strings, no
    pathlib, no sorting, a list rather than nested generators — at 100k files these are the
    cost. Also what ``reader.paths.refusal`` refuses (rel → one-line reason): names that are not
    UTF-8, links out of content/, folder links; only links are resolved to check them."""
    seen: set[tuple[int, int]] = set()
    out: list[tuple[str, str, Any]] = []
    refused: dict[str, str] = {}
    add = out.append
    suffixes = CONTENT_SUFFIXES
    top = os.path.realpath(content)

    def refuse(rel: str, why: str) -> None:
        refused[rel] = f"{safe_text.name(rel)}: {why}"

    def visit(folder: str, rel: str) -> None:
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return
        dirs = []
        try:
            st = os.fstat(fd)
            key = (st.st_dev, st.st_ino)
            if key in seen:
                return
            seen.add(key)
            try:
                with os.scandir(fd) as it:
                    entries = list(it)
            except OSError:
                return
            for e in entries:
                name = e.name
                if name[0] == ".":
                    continue
                link = False
                try:
                    link = e.is_symlink()
                    is_dir = e.is_dir(follow_symlinks=follow_links)
                    if link and not follow_links and not is_dir and e.is_dir():
                        refuse(rel + name + "/", FOLDER_LINK)
                        continue
                except OSError:
                    is_dir = False
                if (is_dir or name.lower().endswith(suffixes)) and not name.isascii() and has_undecodable(name):
                    refuse(rel + name + "/" * is_dir, NOT_UTF8)
                    continue
                if is_dir:
                    dirs.append(name)
                elif name.lower().endswith(suffixes):
                    path = folder + "/" + name
                    why = refusal(path, top, follow_links, is_link=link) if link else None
                    if why is not None:
                        refuse(rel + name, why)
                        continue
                    try:
                        add((rel + name, path, e.stat()))
                    except OSError as exc:
                        add((rel + name, path, exc))
        finally:
            os.close(fd)
        for name in dirs:
            visit(folder + "/" + name, rel + name + "/")

    visit(content.rstrip("/") or "/", "")
    return out, refused


def content_files(library: Library) -> tuple[list[tuple[str, str, Any]], dict[str, str]]:
    """(rel, path, stat) of the files under content/ (in no particular order), minus those whose
    article id another file has and those ``reader.paths.refusal`` refuses; and those, with
    their reasons."""
    files, refused = walk(str(library.content), library.follow_links)
    ids = [item[0].rsplit(".", 1)[0] for item in files]
    if len(set(ids)) == len(ids):
        return files, refused
    kept: list[tuple[str, str, Any]] = []
    owner: dict[str, str] = {}
    dupes: dict[str, str] = dict(refused)
    # The first by name keeps the id (x.md before x.txt), whatever order the folder lists.
    for item, aid in sorted(zip(files, ids), key=lambda pair: pair[0][0]):
        rel = item[0]
        if aid in owner:
            dupes[rel] = f"{rel}: same article id as {owner[aid]} (not indexed)"
            continue
        owner[aid] = rel
        kept.append(item)
    return kept, dupes
