"""clean_file: raw page → Article. Never raises on bad content; warnings say what went wrong.

read bytes → decode (charset, mojibake) → sniff the form → the form's cleaner (site rules
first, generic otherwise) → finish: title, ids, thread structure, body tidy, quoted passages.
"""

from __future__ import annotations

import os
from pathlib import Path

from reader.content import decode as _decode
from reader.content.model import Article, Comment
from reader.content.normalize import (
    clean_title,
    needs_resegmenting,
    one_line,
    resegment,
    tidy_markdown,
    title_from_text,
)
from reader.content.quotes import link_quotes
from reader.content.rules import RuleSet, load_rules

# Bump when cleaning output changes: the index rebuilds what an older cleaner made.
CLEANER_VERSION = "1"

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
    text, warnings = _decode.decode(data, p.name)
    return clean_text(
        text,
        source=str(p),
        article_id=article_id if article_id is not None else p.stem,
        rules=rules,
        warnings=warnings,
    )


def clean_text(
    text: str,
    *,
    source: str = "",
    article_id: str = "",
    rules: RuleSet | None = None,
    warnings: list[str] | None = None,
    form: str | None = None,
) -> Article:
    """Clean an already decoded page (``form`` forces html/markdown/text instead of sniffing)."""
    warnings = list(warnings or [])
    rules = rules or load_rules()
    warnings += list(rules.warnings)
    name = Path(source).name if source else "input"
    if len(text) > MAX_CHARS:
        warnings.append(f"{name}: {len(text) // 1_000_000} MB page cut to its first {MAX_CHARS // 1_000_000} MB")
        text = text[:MAX_CHARS]
    form = form or (_decode.sniff(text) if text.strip() else "text")
    try:
        article = _clean_form(form, text, rules, warnings)
    except (Exception, RecursionError) as exc:  # never let one page stop a batch
        warnings.append(f"{name}: {form} cleaner failed ({type(exc).__name__}); kept the raw text")
        article = Article(body=_escape_plain(text))
    article.format = form
    article.source = source
    article.id = article_id
    article.warnings = warnings + [w for w in article.warnings if w not in warnings]
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


def _escape_plain(text: str) -> str:
    from reader.content.textdump import text_to_markdown

    return text_to_markdown(text)


def finish(article: Article) -> Article:
    """What every form shares: tidy body and titles, a title when there is none, thread shape."""
    body = tidy_markdown(article.body)
    if needs_resegmenting(body):
        body = resegment(body)
    article.body = body
    article.site = one_line(article.site)
    article.title = clean_title(article.title, article.site)
    if not article.title:
        article.title = title_from_text(body)
    article.author = one_line(article.author)
    article.series = one_line(article.series)
    article.summary = one_line(article.summary)
    seen: set[str] = set()
    article.tags = [t for t in (one_line(t) for t in article.tags) if t and not (t in seen or seen.add(t))]
    article.comments = _thread(article.comments)
    link_quotes(article)
    return article


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
