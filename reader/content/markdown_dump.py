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

from reader.content import dumps, frontmatter, runtogether, threads, titles
from reader.content.dates import parse_date
from reader.content.model import Article, Comment, iso
from reader.content.normalize import absolute_links, one_line
from reader.content.rules import RuleSet

COMMENTS_MARK = "<!-- reader:comments -->"
_COMMENT_MARK = re.compile(r"^<!-- reader:comment (?P<json>\{.*\}) -->$", re.M)


def front_matter(text: str, warnings: list[str]) -> tuple[dict[str, Any], str]:
    return frontmatter.split(text, warnings)


def _str(value: Any) -> str:
    return one_line(str(value)) if value is not None else ""


def clean_markdown(text: str, rules: RuleSet, warnings: list[str]) -> Article:
    data, text = frontmatter.split(text, warnings)
    fm = frontmatter.interpret(data)
    text, own_comments = _split_own_comments(text)
    meta = dumps.DumpMeta(url=fm.url, rules=dumps.applicable(fm.title + "\n" + text, rules, fm.url))
    page = dumps.read_page(text, meta, known_title=fm.title, head=not fm.own)
    if own_comments:  # our own output read back: its comments section is the thread
        comments = own_comments
    else:
        comments = threads.to_comments(page.comments, page.parents, lambda b: b)
    body = page.text
    if not (meta.title or fm.title or fm.own) and meta.rules:
        # a recognised site's page saved without its title marked: its first line, when it
        # reads as one (the text dumps' rule, without the blank line a run-together dump lost)
        m = re.match(r"\A\s*(?P<line>[^\n#>*|\[][^\n]{2,149})\n(?=\s*\S)", body)
        if m and not m.group("line").rstrip().endswith((".", ",", ";", ":")) and len(m.group("line").split()) <= 16:
            meta.title, body = m.group("line").strip(), body[m.end():]
    if not fm.own and runtogether.ran_together(body + "\n\n" + "\n\n".join(c.body for c in comments)):
        words = runtogether.word_counts(text)
        body = runtogether.repair(body, words)
        for c in comments:
            c.body = runtogether.repair(c.body, words)
    origin = meta.origin or dumps.host_origin(meta.url)
    body = absolute_links(body, origin or meta.url)
    return Article(
        title=fm.title if fm.own else titles.pick(meta.title, fm.title, meta.url, body),
        author=meta.author or fm.author,
        date=meta.date or fm.date,
        approx_date=fm.saved_date,
        site=meta.site or fm.site,
        url=meta.url,
        tags=meta.tags + [t for t in fm.tags if t not in meta.tags],
        series=meta.series or fm.series,
        summary=meta.summary or fm.summary,
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
        "approx_date": iso(article.approx_date),
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
