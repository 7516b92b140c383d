"""clean_file: raw page → Article. Never raises on bad content; warnings say what went wrong.

read bytes → decode (charset, mojibake) → sniff the form → the form's cleaner (site rules
first, generic otherwise) → finish: title, ids, thread structure, body tidy, quoted passages.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from reader.content import decode as _decode
from reader.content import titles
from reader.content.anchor import plain_text
from reader.content.model import Article, Comment, Date
from reader.content.normalize import (
    clean_title,
    needs_resegmenting,
    one_line,
    resegment,
    strip_controls,
    tidy_markdown,
    title_from_text,
)
from reader.content.quotes import link_quotes
from reader.content.rules import RuleSet, load_rules


# A page larger than this is cut (with a warning): nobody saves a 50 MB article on purpose,
# and cleaning must stay quick enough never to stall a batch.
MAX_CHARS = 8_000_000


def clean_file(
    path: str | os.PathLike[str],
    *,
    article_id: str | None = None,
    rules: RuleSet | None = None,
) -> Article:
    """Clean one raw page. Raises ``UnreadableFile`` only when the file cannot be read at all."""
    p = Path(path)
    data = _decode.read_bytes(p)
    try:  # the read stops at the cap: the warning names the file's own size
        size = max(p.stat().st_size, len(data))
    except OSError:
        size = len(data)
    text, warnings = _decode.decode(data, p.name)
    article = clean_text(
        text,
        source=str(p),
        article_id=article_id if article_id is not None else p.stem,
        rules=rules,
        warnings=warnings,
        size=size,
    )
    from reader.content.origin import apply_origin

    apply_origin(article, p)  # `reader add`'s record: the address it was fetched from, --tag
    return article


def clean_text(
    text: str,
    *,
    source: str = "",
    article_id: str = "",
    rules: RuleSet | None = None,
    warnings: list[str] | None = None,
    form: str | None = None,
    size: int | None = None,
) -> Article:
    """Clean an already decoded page (``form`` forces html/markdown/text instead of sniffing;
    ``size``: the raw page's size in bytes, when it was cut before it was decoded)."""
    warnings = list(warnings or [])
    rules = rules or load_rules()
    warnings += list(rules.warnings)
    name = Path(source).name if source else "input"
    if len(text) > MAX_CHARS:
        whole = max(size or 0, len(text))
        warnings.append(f"{name}: {whole / 1_000_000:.0f} MB page cut to its first {MAX_CHARS // 1_000_000} MB")
        text = text[:MAX_CHARS]
    # Terminal escapes go whole before any cleaner escapes their "[" and leaves "[31m" behind.
    text = strip_controls(text)
    form = form or (_decode.sniff(text) if text.strip() else "text")
    try:
        article = _clean_form(form, text, rules, warnings)
    except (Exception, RecursionError) as exc:  # never let one page stop a batch
        warnings.append(f"{name}: {form} cleaner failed ({type(exc).__name__}); kept the raw text")
        try:
            article = _fallback(form, text)
        except (Exception, RecursionError):  # the fallback's own last resort: lines as written
            from reader.content.textdump import escape_md

            article = Article(body="\n".join(escape_md(line) for line in text.split("\n")))
    article.format = form
    article.source = source
    article.id = article_id
    # Every warning is one line that names the file, whoever raised it.
    seen: set[str] = set()
    named = (w if w.startswith(f"{name}:") else f"{name}: {w}" for w in map(one_line, warnings + article.warnings))
    article.warnings = [w for w in named if not (w in seen or seen.add(w))]
    return finish(article)


def _clean_form(form: str, text: str, rules: RuleSet, warnings: list[str]) -> Article:
    if form == "html":
        from reader.content.html import clean_html

        return clean_html(text, rules, warnings)
    if form == "markdown":
        from reader.content.markdown_dump import clean_markdown

        return clean_markdown(text, rules, warnings)
    from reader.content.textdump import clean_plain

    return clean_plain(text, rules, warnings)


def _fallback(form: str, text: str) -> Article:
    """The page's text, shown as written, when its cleaner failed; for HTML the text between
    the tags, found by a tokenizer that does not recurse (a page nested 10,000 deep is why)."""
    from reader.content.textdump import text_to_markdown

    title = ""
    if form == "html":
        parser = _HTMLText()
        parser.feed(text)
        parser.close()
        title = " ".join("".join(parser.title).split())
        text = re.sub(r"[ \t]*\n\s*\n\s*", "\n\n", re.sub(r"[ \t\r\f\v]+", " ", "".join(parser.parts)))
    return Article(title=title, body=text_to_markdown(text))


class _HTMLText(HTMLParser):
    _SKIP = frozenset(("script", "style", "template", "noscript", "svg"))
    _BLOCK = frozenset((
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    ))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skip = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self._SKIP:
            self.skip += 1
        self.in_title = tag == "title" or self.in_title
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        if tag == "title":
            self.in_title = False
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.parts.append(data)


def finish(article: Article) -> Article:
    """What every form shares: tidy body and titles, a title when there is none, thread shape."""
    body = tidy_markdown(article.body)
    if needs_resegmenting(body):
        body = resegment(body)
    article.body = body
    article.site = one_line(article.site)
    article.title = clean_title(article.title, article.site)
    if not article.title:
        stem = Path(article.source).stem if article.source else article.id.rsplit("/", 1)[-1]
        article.title = titles.from_name(stem, plain_text(body[:200_000])) or title_from_text(body)
    article.author = one_line(article.author)
    article.series = one_line(article.series)
    article.summary = one_line(article.summary)
    seen: set[str] = set()
    article.tags = [t for t in (one_line(t) for t in article.tags) if t and not (t in seen or seen.add(t))]
    article.comments = _thread(article.comments)
    article.approx_date = None if article.date else _approx_date(article)
    link_quotes(article)
    return article


def _approx_date(article: Article) -> Date | None:
    """When an undated article was roughly written: the earliest of its comments' dates and the
    day a link aggregator shared it (comments come after the article, and so does sharing)."""
    dates = [c.date for c in article.comments if c.date] + ([article.approx_date] if article.approx_date else [])
    if not dates:
        return None
    return min(dates, key=lambda d: d.date() if isinstance(d, dt.datetime) else d)


def _thread(comments: list[Comment]) -> list[Comment]:
    """Unique ids, parents that exist and come earlier, depth from the parent chain."""
    ids: set[str] = set()
    depth: dict[str, int] = {}
    for n, c in enumerate(comments, 1):
        cid = one_line(c.id) or f"c{n}"
        while cid in ids:
            cid = f"{cid}-{n}"
        c.id = cid
        if c.parent not in ids:
            c.parent = None
        c.depth = depth[c.parent] + 1 if c.parent else 0
        depth[cid] = c.depth
        ids.add(cid)
        c.author = one_line(c.author)
        c.title = one_line(c.title)
        c.body = tidy_markdown(c.body)
    return comments
