"""The text-rule engine shared by Markdown and plain-text dumps: a page saved as text → its parts.

A dump is a page saved as text: the site's chrome is still in it (navigation, login boxes,
subscription pitches, "to post comments", a copyright footer), and a converter may have run
its paragraphs, headings and byline together. Text rules (the ``text:`` section of a rule file;
schema in ``rules/lwn.yaml``) say what each part looks like; ``read_page`` finds them in order:

    chrome spans → footer → comments → end of the article → head chrome → title, byline,
    series, index entries → line and block drops

The result is a ``Page``: the article text (still in the dump's own form), the raw comments,
and what the page says about itself. The steps live beside this module: how a rule's patterns
match (``dump_patterns``), the chrome cut out (``dump_chrome``), the title, byline and the
navigation above them (``dump_head``), the series and index entries (``dump_entries``); the
comment threads are ``threads``'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from reader.content import threads
from reader.content.dump_chrome import before_end, cut, cut_footer, drop_blocks, drop_spans
from reader.content.dump_entries import take_series, take_tags
from reader.content.dump_head import take_head
from reader.content.dump_patterns import matches, patterns, search
from reader.content.model import Date
from reader.content.normalize import one_line
from reader.content.rules import RuleSet


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


def applicable(text: str, rules: RuleSet, url: str = "") -> list[dict[str, Any]]:
    """The rules whose ``text.detect`` patterns occur in ``text`` or whose host is the url's."""
    host = urlparse(url).hostname or "" if url else ""
    found = []
    for rule in rules.with_section("text"):
        section = rule["text"]
        hosts = patterns(section.get("hosts"))
        if host and any(host == h or host.endswith("." + h) for h in hosts):
            found.append(rule)
            continue
        if any(search(p, text) for p in patterns(section.get("detect"))):
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
        text = drop_spans(text, patterns(section.get("drop_spans")))
    sections = [rule["text"] for rule in meta.rules]
    first = re.match(r"\A\s*([^\n]*)", text).group(1)
    for p in (p for s in sections for p in patterns(s.get("title_line"))):
        m = search(p, first)
        if m and m.groupdict().get("title") and not known_title:
            known_title = meta.title = one_line(m.group("title"))
            text = text.replace(first, "", 1)
            break
    text = cut_footer(text, [p for s in sections for p in patterns(s.get("footer"))])
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
        article = before_end(body, sections)
    else:
        article = before_end(article, sections)
        article = take_head(article, sections, meta, known_title, markdown) if head else article
    for section in sections:
        article = drop_blocks(article, patterns(section.get("drop_blocks")))
        lines = article.split("\n")
        lines = take_series(lines, patterns(section.get("series")), meta)
        lines = take_tags(lines, section, meta)
        drops = patterns(section.get("drop_lines"))
        lines = [ln for ln in lines if not matches(drops, ln)]
        lines = cut(lines, patterns(section.get("cut_from")), section.get("comments_start"))
        article = "\n".join(lines)
        for c in raw:
            c.body = "\n".join(ln for ln in c.body.split("\n") if not matches(drops, ln))
    meta.url = _canonical(meta.url, text, sections)
    return Page(article, raw, parents, meta)


def _canonical(url: str, text: str, sections: list[dict[str, Any]]) -> str:
    """A rule's canonical form of the page's url (LWN: /SubscriberLink/N/key/ → /Articles/N/)."""
    for section in sections:
        for spec in section.get("canonical_url") or []:
            if not isinstance(spec, dict):
                continue
            m = search(str(spec.get("match") or "^$"), url) if url else None
            if m:
                try:
                    return m.expand(str(spec.get("template") or url))
                except (re.error, IndexError):
                    continue
    return url


def host_origin(url: str) -> str:
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}" if parsed.scheme and parsed.netloc else ""
