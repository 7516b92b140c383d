"""The top of a dump's article (``reader.content.dumps``): the navigation above the title, the
page's title line and its byline. The page's own heading and byline are its word on itself:
they fill the ``DumpMeta`` before anything a saving tool recorded."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from reader.content.dates import parse_date
from reader.content.dump_patterns import matches, patterns, search
from reader.content.normalize import one_line

if TYPE_CHECKING:
    from reader.content.dumps import DumpMeta

HEAD_WINDOW = 4000  # characters from the top of the article where title and byline may stand
HEAD_LINE_MAX = 60  # a navigation line is short


def take_head(article: str, sections: list[dict[str, Any]], meta: DumpMeta, known_title: str, markdown: bool) -> str:
    """Title, byline and the navigation above them. The page's own heading and byline are its
    word on itself. Chrome above the title goes when a site rule applies and it is all
    navigation: lines its ``head_lines`` name, or short lines with no sentence in them."""
    head_lines = [p for s in sections for p in patterns(s.get("head_lines"))]
    lines = article.split("\n")
    top = 0
    while top < len(lines):
        bare = lines[top].strip()
        if not bare or re.fullmatch(r"[|/·•\-]+", bare) or matches(head_lines, bare):
            top += 1
            continue
        break
    dropped_nav = any(ln.strip() for ln in lines[:top])
    article = "\n".join(lines[top:])

    def chrome(text: str) -> bool:
        return not text.strip() or bool(sections) and _all_chrome(text)

    byline = None
    for p in (p for s in sections for p in patterns(s.get("byline"))):
        m = search(p, article[:HEAD_WINDOW])
        if m and (byline is None or m.start() < byline.start()):
            byline = m
    head = article[: byline.start() if byline else HEAD_WINDOW]
    heading = _title_heading(head, known_title, dropped_nav, markdown)
    if heading is not None and not chrome(article[: heading[0]]):
        heading = None
    if byline is not None:
        groups = byline.groupdict()
        if groups.get("author"):
            meta.author = _name(groups["author"])
        if groups.get("date"):
            meta.date = parse_date(groups["date"]) or meta.date
        rest = article[byline.end():]
        rest = re.sub(r"\A[ \t]*\n?\s*(\* \* \*|-{3,}|_{3,})[ \t]*(?=\n|$)", "", rest)
        before = article[: byline.start()]
        if heading is not None:
            meta.title = meta.title or heading[1]
            before = before[heading[0]:]
            before = before.split("\n", 1)[1] if "\n" in before else ""
        elif known_title and (cut := _after_title(before, known_title)) is not None:
            meta.title = meta.title or one_line(before[cut[0]:cut[1]])
            before = before[cut[1]:].lstrip(" \t#")  # a one-line dump: the title mid-line
        elif chrome(before):
            meta.title = meta.title or _last_line(before, head_lines)
            before = ""
        return before + ("\n\n" if before.strip() else "") + rest.lstrip(" \t")
    if heading is not None:
        meta.title = meta.title or heading[1]
        after = article[heading[0]:]
        return after.split("\n", 1)[1] if "\n" in after else ""
    return article


def _title_heading(head: str, known_title: str, below_chrome: bool, markdown: bool) -> tuple[int, str] | None:
    """The page's own title line in ``head``: a level-1 heading, else a heading that says the
    title the saving tool recorded, else (under navigation) a line that says it exactly."""
    known = _comparable(known_title)
    candidates = list(re.finditer(r"^[ \t]*(#{1,2})[ \t]+(?P<text>[^\n]+?)[ \t#]*$", head, re.M)) if markdown else []
    for m in candidates:
        if m.group(1) == "#":
            return m.start(), one_line(m.group("text"))
    if known:
        for m in candidates:
            if _comparable(m.group("text")) == known:
                return m.start(), one_line(m.group("text"))
        exact = one_line(re.sub(r"\s*[\[(]LWN\.net[\])]\s*$", "", known_title))
        for m in re.finditer(r"^[ \t]*(?P<text>[^\n]{3,200}?)[ \t]*$", head, re.M) if below_chrome else ():
            if one_line(m.group("text")) == exact:
                return m.start(), one_line(m.group("text"))
    return None


def _last_line(text: str, head_lines: list[str]) -> str:
    """The line standing right above a byline is the title (when it is not navigation)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if not lines or any(search(p, lines[-1]) for p in head_lines) or len(lines[-1]) > 150:
        return ""
    return one_line(lines[-1].lstrip("#").strip())


def _after_title(text: str, known_title: str) -> tuple[int, int] | None:
    """Where the recorded title stands in ``text`` when only navigation precedes it."""
    exact = re.sub(r"\s*[\[(]LWN\.net[\])]\s*$", "", known_title).strip()
    at = text.find(exact) if exact else -1
    if at < 0 or not _all_chrome(text[:at].rstrip(" \t#")):
        return None
    return at, at + len(exact)


def _comparable(title: str) -> str:
    title = re.sub(r"\s*[\[(]LWN\.net[\])]\s*$", "", title or "")
    return " ".join(re.sub(r"[^\w]+", " ", title.casefold()).split())


def _all_chrome(text: str) -> bool:
    """Only navigation-like lines: short ones, or (a dump folded onto one line) a few hundred
    characters with no sentence end in them."""
    def nav(line: str) -> bool:
        line = line.strip()
        if re.search(r"[a-z]{2}[.!?](\s|$)", line):
            return False
        return len(line) <= HEAD_LINE_MAX or len(line) <= 300 and line.count(" ") * 12 >= len(line)
    return all(nav(ln) for ln in text.split("\n"))


def _name(raw: str) -> str:
    """A byline name; in run-together text the body's first word may hang on its last word
    ("Jane DoeAgentic"): cut there when the part before is a name of four letters or more."""
    name = one_line(raw).strip("*_ ,")
    words = name.split(" ")
    m = re.match(r"^([A-Z][a-z]{3,})(?=[A-Z][a-z])", words[-1]) if words else None
    if m and len(words) > 1:
        words[-1] = m.group(1)
    return " ".join(words)
