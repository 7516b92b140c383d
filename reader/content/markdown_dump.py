"""Markdown dumps → Article, and Article → Markdown (the form `reader clean` prints).

A dump may carry YAML front matter from the tool that saved it. The article's own byline and
date win over it: a link aggregator's front matter names who shared the link and the day it
was fetched, not who wrote it and when. Our own output (front matter + body + a comments
section marked with ``<!-- reader:comment {...} -->``) reads back to the same article.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from reader.content import dumps, threads
from reader.content.dates import parse_date
from reader.content.model import Article, Comment, iso
from reader.content.normalize import absolute_links, one_line
from reader.content.rules import RuleSet
from reader import safe_yaml
from reader.safe_read import cap

_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(---|\.\.\.)[ \t]*(\n|\Z)", re.S)
_H1 = re.compile(r"\A\s*#[ \t]+(?P<title>[^\n]+?)[ \t#]*\n")
COMMENTS_MARK = "<!-- reader:comments -->"
_COMMENT_MARK = re.compile(r"^<!-- reader:comment (?P<json>\{.*\}) -->$", re.M)


def front_matter(text: str, warnings: list[str]) -> tuple[dict[str, Any], str]:
    m = _FRONT.match(text)
    if not m:
        return {}, text
    try:
        # bounded aliases and depth; a front matter past the YAML cap is not parsed at all
        data = safe_yaml.safe_load(m.group("yaml")) if len(m.group("yaml")) <= cap("yaml") else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        warnings.append(f"front matter is not valid YAML{where}; kept as text")
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    return data, text[m.end():]


def _str(value: Any) -> str:
    return one_line(str(value)) if value is not None else ""


def _tags(value: Any) -> list[str]:
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    if isinstance(value, list):
        return [_str(t) for t in value if t is not None and _str(t)]
    return []


def clean_markdown(text: str, rules: RuleSet, warnings: list[str]) -> Article:
    fm, text = front_matter(text, warnings)
    url = _str(fm.get("url") or fm.get("link") or fm.get("source_url"))
    text, own_comments = _split_own_comments(text)
    title = _str(fm.get("title"))
    if not title:
        m = _H1.match(text)
        if m:
            title, text = m.group("title"), text[m.end():]
    meta = dumps.DumpMeta(rules=dumps.applicable(text if url else title + "\n" + text, rules, url))
    text = dumps.strip_chrome(text, meta)
    comments = own_comments
    if not comments:
        text, raw = threads.split_lwn(text)
        comments = threads.to_comments(raw, threads.lwn_parents(raw), lambda b: b)
    origin = meta.origin or dumps.host_origin(url)
    body = absolute_links(text, origin or url)
    return Article(
        title=title,
        author=meta.author or _str(fm.get("author")),
        date=meta.date or parse_date(fm.get("date")),
        site=meta.site or _str(fm.get("site")),
        url=url,
        tags=meta.tags + [t for t in _tags(fm.get("tags")) if t not in meta.tags],
        series=meta.series or _str(fm.get("series")),
        summary=_str(fm.get("summary") or fm.get("description")),
        body=body,
        comments=comments,
    )


def _split_own_comments(text: str) -> tuple[str, list[Comment]]:
    head, mark, tail = text.partition(COMMENTS_MARK)
    if not mark:
        return text, []
    comments: list[Comment] = []
    matches = list(_COMMENT_MARK.finditer(tail))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(tail)
        try:
            data = json.loads(m.group("json"))
        except json.JSONDecodeError:
            continue
        body = tail[m.end():end].strip("\n")
        body = body.split("\n", 1)[1] if body.startswith("#### ") and "\n" in body else ""
        comments.append(
            Comment(
                id=_str(data.get("id")),
                parent=data.get("parent") or None,
                author=_str(data.get("author")),
                date=parse_date(data.get("date")),
                title=_str(data.get("title")),
                body=body.strip("\n"),
                kind=_str(data.get("kind")) or "comment",
            )
        )
    return head, comments


def to_markdown(article: Article) -> str:
    """Markdown with YAML front matter; comments follow the body in a marked section."""
    fm = {
        "id": article.id,
        "title": article.title,
        "author": article.author,
        "date": iso(article.date),
        "site": article.site,
        "url": article.url,
        "tags": article.tags,
        "series": article.series,
        "summary": article.summary,
        "format": article.format,
    }
    fm = {k: v for k, v in fm.items() if v not in ("", None, [])}
    out = ["---", yaml.safe_dump(fm, allow_unicode=True, sort_keys=False, width=1000).rstrip(), "---", ""]
    out.append(article.body)
    if article.comments:
        out += ["", COMMENTS_MARK, ""]
        for c in article.comments:
            data = {"id": c.id, "parent": c.parent, "author": c.author, "date": iso(c.date),
                    "title": c.title, "kind": c.kind}
            # "-->" may not appear inside an HTML comment; JSON can spell ">" as \u003e.
            blob = json.dumps(data, ensure_ascii=False).replace(">", "\\u003e")
            label = " · ".join(x for x in (c.author, iso(c.date) or "", c.title) if x)
            out += [f"<!-- reader:comment {blob} -->", f"#### {'  ' * c.depth}{label}", "", c.body, ""]
    return "\n".join(out).rstrip("\n") + "\n"
