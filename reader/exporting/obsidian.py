"""Obsidian / Logseq Markdown: one note per article, each bookmark a block that keeps its link.

A note (``DIR/<title>.md``) starts with front matter naming the article (``reader_article``),
its title and address. Each bookmark is a generated block between two HTML comments (hidden
in Obsidian's reading view)::

    <!-- reader:bookmark 1a2b3c4d -->
    > the passage, quoted ^rb-1a2b3c4d

    the note

    #tag · `reader open --bookmark 1a2b3c4d`
    <!-- /reader:bookmark 1a2b3c4d -->

``^rb-<id>`` is the block id an Obsidian link ``[[Note#^rb-1a2b3c4d]]`` (or a Logseq block
reference) points at; it is derived from the bookmark's id, so it never changes.

Exporting again rewrites only what is between those comments: a bookmark's block is updated
in place (a new note, tags, a passage re-anchored), a new bookmark's block is added after
the last generated block, and everything else in the note — the front matter, the heading,
whatever the user wrote between or after the blocks, blocks of bookmarks deleted since — is
left byte for byte. Notes are found again by their ``reader_article`` key, not their file
name, so a note the user renamed is still the one updated.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader.atomic import atomic_write_text
from reader.bookmarks import Bookmark
from reader.exporting.articles import ArticleInfo
from reader.safe_text import clean

BLOCK = re.compile(r"<!-- reader:bookmark (\S+) -->\n.*?<!-- /reader:bookmark \1 -->", re.S)
ARTICLE_KEY = re.compile(r"^reader_article:\s*(.+?)\s*$", re.M)


@dataclass
class ObsidianReport:
    written: list[Path] = field(default_factory=list)  # notes created or changed
    unchanged: int = 0
    added: int = 0  # blocks added
    updated: int = 0  # blocks rewritten with new content


def token(bookmark_id: str) -> str:
    """The id as the note writes it: a hand-edited id with spaces or ``-->`` in it cannot end
    a comment or a block id early."""
    return re.sub(r"[^A-Za-z0-9_.-]", "-", bookmark_id) or "-"


def block_id(bookmark_id: str) -> str:
    return "rb-" + re.sub(r"[^A-Za-z0-9-]", "-", bookmark_id)


def _yaml_text(value: str) -> str:
    return '"' + " ".join(value.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_block(b: Bookmark) -> str:
    quote = [f"> {line}".rstrip() for line in (clean(b.exact).splitlines() or [""])]
    quote[-1] += f" ^{block_id(b.id)}"
    tok = token(b.id)
    out = [f"<!-- reader:bookmark {tok} -->", *quote, ""]
    if b.note.strip():
        out += [clean(b.note.strip()), ""]
    meta = [" ".join("#" + re.sub(r"\s+", "-", t) for t in b.tags)] if b.tags else []
    if b.status == "orphaned":
        meta.append("(passage not found in the article now)")
    meta.append(f"`reader open --bookmark {tok}`")
    out += [" · ".join(meta), f"<!-- /reader:bookmark {tok} -->"]
    return "\n".join(out)


def new_note(info: ArticleInfo, blocks: list[str]) -> str:
    head = ["---", f"reader_article: {info.id}", f"title: {_yaml_text(info.title or info.id)}"]
    if info.url:
        head.append(f"url: {info.url}")
    head += ["---", "", f"# {' '.join(clean(info.title or info.id).split())}", ""]
    return "\n".join(head) + "\n" + "\n\n".join(blocks) + "\n"


def update_note(text: str, bookmarks: list[Bookmark], counts: ObsidianReport) -> str:
    """``text`` with the blocks of ``bookmarks`` rewritten in place and the missing ones added."""
    wanted = {token(b.id): b for b in bookmarks}
    present: set[str] = set()

    def rewrite(m: re.Match) -> str:
        bid = m.group(1)
        if bid not in wanted:
            return m.group(0)  # a bookmark deleted since: its block (and links to it) stay
        present.add(bid)
        block = render_block(wanted[bid])
        if block != m.group(0):
            counts.updated += 1
        return block

    text = BLOCK.sub(rewrite, text)
    missing = [render_block(b) for b in bookmarks if token(b.id) not in present]
    if not missing:
        return text
    counts.added += len(missing)
    addition = "\n\n".join(missing)
    last = None
    for last in BLOCK.finditer(text):
        pass
    if last is None:
        return text.rstrip("\n") + "\n\n" + addition + "\n"
    return text[: last.end()] + "\n\n" + addition + text[last.end():]


def _file_name(info: ArticleInfo) -> str:
    name = unicodedata.normalize("NFC", clean(info.title or info.id.replace("/", " - ")))
    name = re.sub(r'[\\/:*?"<>|#^\[\]\x00-\x1f]+', " ", name)
    name = " ".join(name.split()).strip(". ")[:100] or "article"
    return name


def _existing_notes(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(folder.glob("*.md")):
        try:
            head = path.read_text(encoding="utf-8")[:4000]
        except (OSError, UnicodeDecodeError):
            continue
        m = ARTICLE_KEY.search(head) if head.startswith("---") else None
        if m:
            found.setdefault(m.group(1).strip().strip('"'), path)
    return found


def export_obsidian(folder: Path, bookmarks: Iterable[Bookmark], infos: dict[str, ArticleInfo]) -> ObsidianReport:
    """Write or update one note per bookmarked article in ``folder`` (see the module docstring)."""
    folder.mkdir(parents=True, exist_ok=True)
    groups: dict[str, list[Bookmark]] = {}
    for b in bookmarks:
        groups.setdefault(b.article, []).append(b)
    notes = _existing_notes(folder)
    taken = {p.name for p in folder.glob("*.md")}
    report = ObsidianReport()
    for article_id, items in groups.items():
        items.sort(key=lambda b: (b.anchor.start, b.created, b.id))
        info = infos.get(article_id) or ArticleInfo(article_id, items[0].title)
        path = notes.get(article_id)
        if path is None:
            stem = _file_name(info)
            name, n = f"{stem}.md", 2
            while name in taken:
                name, n = f"{stem} ({n}).md", n + 1
            taken.add(name)
            report.added += len(items)
            atomic_write_text(folder / name, new_note(info, [render_block(b) for b in items]))
            report.written.append(folder / name)
            continue
        old = path.read_text(encoding="utf-8")
        new = update_note(old, items, report)
        if new == old:
            report.unchanged += 1
        else:
            atomic_write_text(path, new)
            report.written.append(path)
    return report
