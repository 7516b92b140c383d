"""The text-rule engine shared by Markdown and plain-text dumps: a page saved as text → its parts.

A dump is a page saved as text: the site's chrome is still in it (navigation, login boxes,
subscription pitches, "to post comments", a copyright footer), and a converter may have run
its paragraphs, headings and byline together. Text rules (the ``text:`` section of a rule file;
schema in ``rules/lwn.yaml``) say what each part looks like; ``read_page`` finds them in order:

    chrome spans → footer → comments → end of the article → head chrome → title, byline,
    series, index entries → line and block drops

The result is a ``Page``: the article text (still in the dump's own form), the raw comments,
and what the page says about itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

from reader.content import threads
from reader.content.dates import parse_date
from reader.content.model import Date
from reader.content.normalize import one_line
from reader.content.rules import RuleSet

# A paragraph longer than this is never dropped whole by a `drop_blocks` rule: a dump that
# lost its newlines (seed 003) is one paragraph, and a promo is never that long.
MAX_DROP_BLOCK = 1500
HEAD_WINDOW = 4000  # characters from the top of the article where title and byline may stand
HEAD_LINE_MAX = 60  # a navigation line is short


@dataclass
class DumpMeta:
    title: str = ""
    author: str = ""
    date: Date | None = None
    site: str = ""
    origin: str = ""
    series: str = ""
    url: str = ""
    tags: list[str] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)
    summary: str = ""  # what the page says it is (a single-comment page: the parent article)


@dataclass
class Page:
    text: str
    comments: list[threads.RawComment]
    parents: list[str | None]
    meta: DumpMeta


@lru_cache(maxsize=512)
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.M)


def _patterns(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _search(pattern: str, text: str, pos: int = 0) -> re.Match[str] | None:
    try:
        return _rx(pattern).search(text, pos)
    except re.error:  # a broken user rule must not break cleaning
        return None


def _first(patterns: list[str], text: str, pos: int = 0) -> re.Match[str] | None:
    found = [m for m in (_search(p, text, pos) for p in patterns) if m]
    return min(found, key=lambda m: m.start()) if found else None


def applicable(text: str, rules: RuleSet, url: str = "") -> list[dict[str, Any]]:
    """The rules whose ``text.detect`` patterns occur in ``text`` or whose host is the url's."""
    host = urlparse(url).hostname or "" if url else ""
    found = []
    for rule in rules.with_section("text"):
        section = rule["text"]
        hosts = _patterns(section.get("hosts"))
        if host and any(host == h or host.endswith("." + h) for h in hosts):
            found.append(rule)
            continue
        if any(_search(p, text) for p in _patterns(section.get("detect"))):
            found.append(rule)
    return found


def read_page(text: str, meta: DumpMeta, known_title: str = "", head: bool = True,
              markdown: bool = True) -> Page:
    """The parts of a dump. ``known_title`` is a title the saving tool recorded (front matter),
    used to find where the page's own title stands; ``head=False`` leaves the top of the
    article as it is (reader's own output, whose title is in its front matter)."""
    for rule in meta.rules:
        section = rule["text"]
        meta.site = meta.site or str(section.get("site") or "")
        meta.origin = meta.origin or str(section.get("origin") or "")
        text = _drop_spans(text, _patterns(section.get("drop_spans")))
    sections = [rule["text"] for rule in meta.rules]
    first = re.match(r"\A\s*([^\n]*)", text).group(1)
    for p in (p for s in sections for p in _patterns(s.get("title_line"))):
        m = _search(p, first)
        if m and m.groupdict().get("title") and not known_title:
            known_title = meta.title = one_line(m.group("title"))
            text = text.replace(first, "", 1)
            break
    text = _cut_footer(text, [p for s in sections for p in _patterns(s.get("footer"))])
    article, raw = threads.split_lwn(text)
    parents = threads.lwn_parents(raw)
    viewed = threads.single_comment_page(article, raw)
    if viewed is not None:  # the page is one comment: it is the article, its replies the comments
        raw = raw[1:]
        parents = [None if p == "c1" else f"c{int(p[1:]) - 1}" if p else None for p in parents[1:]]
        meta.author, meta.date = viewed.author, viewed.date
        parent, body = threads.take_parent_line(viewed.body)
        meta.summary = f"A comment on “{parent}”" if parent else ""
        meta.title = meta.title or viewed.title
        article = _before_end(body, sections)
    else:
        article = _before_end(article, sections)
        article = _head(article, sections, meta, known_title, markdown) if head else article
    for section in sections:
        article = _drop_blocks(article, _patterns(section.get("drop_blocks")))
        lines = article.split("\n")
        lines = _take_series(lines, _patterns(section.get("series")), meta)
        lines = _take_tags(lines, section, meta)
        drops = _patterns(section.get("drop_lines"))
        lines = [ln for ln in lines if not _matches(drops, ln)]
        lines = _cut(lines, _patterns(section.get("cut_from")), section.get("comments_start"))
        article = "\n".join(lines)
        for c in raw:
            c.body = "\n".join(ln for ln in c.body.split("\n") if not _matches(drops, ln))
    meta.url = _canonical(meta.url, text, sections)
    return Page(article, raw, parents, meta)


_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")


def _matches(patterns: list[str], line: str) -> bool:
    """A line pattern matches the line as written, or its words alone: a Markdown saver writes
    the same navigation as list items of links (``- [Log in](/Login/)``), bold or escaped."""
    bare = line.strip()
    if not bare or not patterns:
        return False
    rx = _any_of(tuple(patterns))
    if rx.search(bare):
        return True
    words = _MD_LINK.sub(r"\1", bare)
    words = re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", words)
    words = re.sub(r"\\(.)", r"\1", words).strip("*_ \t")
    return words != bare and rx.search(words) is not None


@lru_cache(maxsize=64)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of a rule's line patterns (one search a line, not one a pattern); a
    pattern that does not compile (a user's typo) is left out."""
    good = []
    for p in patterns:
        try:
            re.compile(p)
            good.append(f"(?:{p})")
        except re.error:
            continue
    try:
        return re.compile("|".join(good) or "(?!)", re.M)
    except re.error:  # group names clash between patterns: fall back to a slower set
        return _AnyOf([_rx(p[3:-1]) for p in good])


class _AnyOf:
    def __init__(self, rxs: list[re.Pattern[str]]) -> None:
        self.rxs = rxs

    def search(self, text: str) -> re.Match[str] | None:
        return next((m for m in (rx.search(text) for rx in self.rxs) if m), None)


_SPAN_EDGE_BEFORE = re.compile(r"[ \t#>*_\[]*$")
_SPAN_EDGE_AFTER = re.compile(r"[\]*_)]*(?:\([^)\n]*\))?")


def _drop_spans(text: str, patterns: list[str]) -> str:
    """Chrome that may span lines or sit inside one (a subscription box run into the byline).
    The heading marks, brackets and emphasis around a span go with it ("## [LWN subscriber-only
    content]"). Patterns should start with words: a literal start is what makes them quick."""
    for p in patterns:
        try:
            rx = _rx(p)
        except re.error:
            continue
        pieces, last = [], 0
        for m in rx.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            lead = _SPAN_EDGE_BEFORE.search(text, line_start, m.start())
            start = lead.start() if lead and lead.end() == m.start() else m.start()
            end = _SPAN_EDGE_AFTER.match(text, m.end()).end()
            pieces += [text[last:start], "\n\n"]
            last = end
        if pieces:
            text = "".join(pieces) + text[last:]
    return text


def _cut_footer(text: str, patterns: list[str]) -> str:
    """From the site's footer (its last match: a comment may quote the words) to the end."""
    last = None
    for p in patterns:
        try:
            for m in _rx(p).finditer(text):
                if last is None or m.start() > last:
                    last = m.start()
        except re.error:
            continue
    return text if last is None else text[:last]


def _before_end(article: str, sections: list[dict[str, Any]]) -> str:
    """The article ends at its end mark ("to post comments"); what follows up to the comments
    is chrome. Index entries before the mark are kept for ``_take_tags``."""
    m = _first([p for s in sections for p in _patterns(s.get("article_end"))], article)
    return article[: m.start()] if m else article


def _head(article: str, sections: list[dict[str, Any]], meta: DumpMeta, known_title: str, markdown: bool) -> str:
    """Title, byline and the navigation above them. The page's own heading and byline are its
    word on itself. Chrome above the title goes when a site rule applies and it is all
    navigation: lines its ``head_lines`` name, or short lines with no sentence in them."""
    head_lines = [p for s in sections for p in _patterns(s.get("head_lines"))]
    lines = article.split("\n")
    top = 0
    while top < len(lines):
        bare = lines[top].strip()
        if not bare or re.fullmatch(r"[|/·•\-]+", bare) or _matches(head_lines, bare):
            top += 1
            continue
        break
    dropped_nav = any(ln.strip() for ln in lines[:top])
    article = "\n".join(lines[top:])

    def chrome(text: str) -> bool:
        return not text.strip() or bool(sections) and _all_chrome(text)

    byline = None
    for p in (p for s in sections for p in _patterns(s.get("byline"))):
        m = _search(p, article[:HEAD_WINDOW])
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
    if not lines or any(_search(p, lines[-1]) for p in head_lines) or len(lines[-1]) > 150:
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


def _drop_blocks(text: str, patterns: list[str]) -> str:
    if not patterns:
        return text
    blocks = re.split(r"\n[ \t]*\n", text)
    kept = [
        b for b in blocks
        if len(b) > MAX_DROP_BLOCK or not any(_search(p, b) for p in patterns)
    ]
    return "\n\n".join(kept)


@dataclass
class _Found:
    line: int  # index of the line the match starts in
    start: int  # the match's start and end in that line (end may run past it)
    end: int
    groups: dict[str, str | None]


def _line_of(lines: list[str], pattern: str) -> _Found | None:
    """Where ``pattern`` first matches, by line: one search of the joined text, not one a line."""
    text = "\n".join(lines)
    m = _search(pattern, text)
    if m is None:
        return None
    line_start = text.rfind("\n", 0, m.start()) + 1
    return _Found(text.count("\n", 0, m.start()), m.start() - line_start, m.end() - line_start, m.groupdict())


def _take_series(lines: list[str], patterns: list[str], meta: DumpMeta) -> list[str]:
    for p in patterns:  # the surest pattern first, wherever it stands
        m = _line_of(lines, p)
        if m is None or not m.groups.get("series"):
            continue
        i, line = m.line, lines[m.line]
        meta.series = meta.series or one_line(m.groups["series"])
        rest = (line[: m.start] + " " + line[m.end:]).strip()
        end = i + 1
        # the separator a dump leaves under the series line
        if not rest and end < len(lines) and re.fullmatch(r"\s*-{3,}\s*", lines[end]):
            end += 1
        return lines[:i] + ([rest] if rest else []) + lines[end:]
    return lines


_LINK_TEXT = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")


def _take_tags(lines: list[str], section: dict[str, Any], meta: DumpMeta) -> list[str]:
    """The "Index entries" table as tags: Markdown links, table cells, or a run-together row
    ("KernelSystem calls/clone()KernelSystem calls/execve()") split at its group names."""
    start = section.get("tags_start")
    if not isinstance(start, str):
        return lines
    m = _line_of(lines, start)
    if m is not None:
        i, line = m.line, lines[m.line]
        rest = [line[m.end:]] if line[m.end:].strip() else []
        j = i + 1
        # the entries run to the first line of prose (they end the article in every form; a
        # text dump may put each cell on its own line between blank ones)
        while j < len(lines) and len(lines[j]) <= 200 and not re.search(r"[a-z]{2}[.!?](\s|$)", lines[j]):
            rest.append(lines[j])
            j += 1
        for tag in _tags_of("\n".join(rest), section):
            if tag not in meta.tags:
                meta.tags.append(tag)
        head = line[: m.start]
        keep = [head] if re.search(r"\w", head) else []  # "| " of a table row is not text
        return lines[:i] + keep + lines[j:]
    return lines


def _tags_of(block: str, section: dict[str, Any]) -> list[str]:
    links = _LINK_TEXT.findall(block)
    if links:
        return [one_line(t) for t in links if one_line(t)]
    cells = [one_line(c) for row in block.split("\n") for c in row.split("|")]
    cells = [c for c in cells if c and not re.fullmatch(r"[-: ]+", c)]
    groups = sorted(_patterns(section.get("tag_groups")), key=len, reverse=True)
    if groups:  # a run-together row: each group name glued to the entry after it
        alternation = "|".join(re.escape(g) for g in groups)
        cells = [one_line(p) for c in cells for p in re.split(rf"({alternation})(?=[A-Z0-9\[(])", c)]
    out: list[str] = []
    for cell in cells:
        if cell and cell not in out and len(cell) <= 80:
            out.append(cell)
    return out


def _cut(lines: list[str], patterns: list[str], resume: Any) -> list[str]:
    """Drop from a chrome line (a reply form) to the end, or to where comments resume."""
    if not patterns:
        return lines
    out: list[str] = []
    cutting = False
    for line in lines:
        bare = line.strip()
        if not cutting and any(_search(p, bare) for p in patterns):
            cutting = True
            continue
        if cutting and isinstance(resume, str) and _search(resume, bare):
            cutting = False
        if not cutting:
            out.append(line)
    return out


def _canonical(url: str, text: str, sections: list[dict[str, Any]]) -> str:
    """A rule's canonical form of the page's url (LWN: /SubscriberLink/N/key/ → /Articles/N/)."""
    for section in sections:
        for spec in section.get("canonical_url") or []:
            if not isinstance(spec, dict):
                continue
            m = _search(str(spec.get("match") or "^$"), url) if url else None
            if m:
                try:
                    return m.expand(str(spec.get("template") or url))
                except (re.error, IndexError):
                    continue
    return url


def host_origin(url: str) -> str:
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}" if parsed.scheme and parsed.netloc else ""
