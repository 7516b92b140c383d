"""HTML page → Article: site rules first (CSS selectors in YAML), a generic extractor otherwise.

Order matters: metadata is read from the untouched page; comments are read and taken out
next (so no comment can end up in the body); then the rule's boilerplate goes; then the body
is chosen (the rule's selectors, else the generic extractor) and converted to Markdown.

The ``html:`` section of a rule (the comment at the top of ``rules/wordpress.yaml`` is the
full schema): ``match``, ``priority``, ``meta_first``, ``site``, ``base``, ``url``, ``title``,
``author``, ``date``, ``tags``, ``body``, ``body_min``, ``lead``, ``drop``, ``drop_text``,
``cut_at``, ``comments`` (read by ``reader.content.html_comments``), ``data`` (authors and dates
from the page's JSON, ``reader.content.html_data``).
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag

from reader.content.generic import Extracted, plain_body, trafilatura_main
from reader.content.html_comments import extract_comments
from reader.content.html_data import article_key, fill_from_data, read_records
from reader.content.html_index import forget
from reader.content.html_markdown import MAX_DEPTH, code_tables, flatten_deep, plain_markdown, to_markdown
from reader.content.dates import parse_date
from reader.content.html_meta import Meta, inner_url, page_metadata, site_from_url
from reader.content.html_parse import parse_html
from reader.content.html_select import PageFacts, as_list, host_of, problems, recognise, select_all, text_of, value
from reader.content.locate import locate
from reader.content.model import Article, Date
from reader.content.rules import RuleSet

# Below this many characters of text a rule's body match is taken for a miss (an empty
# wrapper, a teaser) and the next selector, then the generic extractor, is tried.
BODY_MIN_CHARS = 80
PARSE_DEPTH = MAX_DEPTH + 60  # the whole page; a body sits a few dozen levels down
METADATA_MAX_CHARS = 1_500_000
# Past this many elements markdownify and trafilatura would take minutes (≈150 µs an element
# for the whole pipeline): the body is then read as plain paragraphs instead.
MAX_ELEMENTS = 100_000


def clean_html(text: str, rules: RuleSet, warnings: list[str]) -> Article:
    soup = parse_html(text)
    cut, size = flatten_deep(soup, PARSE_DEPTH)
    if cut:
        warnings.append(f"markup nested deeper than {PARSE_DEPTH} levels flattened to text ({cut} places)")
    huge = size > MAX_ELEMENTS
    if huge:
        warnings.append(f"{size} elements: body kept as plain paragraphs, no generic extraction")
    meta = page_metadata(soup, text)
    facts = PageFacts(host=host_of(inner_url(meta.url)), generators=meta.generators, raw=text)
    rule = recognise(soup, facts, rules.with_section("html"))
    spec: dict[str, Any] = dict((rule or {}).get("html") or {})
    if rule is not None:
        warnings.extend(_rule_problems(rule))
    article = _metadata(soup, spec, meta)
    base = meta.base or article.url or str(spec.get("base") or "")
    year = article.date.year if article.date else None
    section = spec.get("comments")
    if isinstance(section, dict):
        article.comments = extract_comments(soup, section, base, year=year)
    if spec.get("data") and _lacks_people_or_dates(article):
        data = spec.get("data")
        fill_from_data(article, read_records(soup, data), article_key(data, meta.url or article.url))
    for el in select_all(soup, spec.get("drop")):
        el.decompose()
    _drop_by_text(soup, as_list(spec.get("drop_text")))
    _drop_by_text(soup, as_list(spec.get("cut_at")), cut=True)

    body_el = _rule_body(soup, spec)
    if body_el is not None:
        _prepend_lead(soup, body_el, spec.get("lead"))
    if body_el is None and not huge:
        code_tables(soup)
        forget(soup)  # code blocks moved out of their tables: the selector index is stale
        source = text if rule is None and not cut and "<pre" not in text else str(soup)
        # trafilatura's own metadata search (htmldate) costs seconds on a big page: only
        # when the page's markup left the date or the author unknown.
        wanted = not (article.date and article.author) and len(source) < METADATA_MAX_CHARS
        found = _generic(source, meta.url, warnings, wanted)
        if found is not None:
            _fill(article, found)
            body_el = locate(soup, found.text, found.fragments) or BeautifulSoup(found.html, "lxml").body
    if body_el is None:
        if not huge:
            warnings.append("no main content found; kept the whole page text")
        body_el = plain_body(soup)
    article.body = _trim_tail(_trim_rules(plain_markdown(body_el) if huge else to_markdown(body_el, base)))
    if not article.body.strip():
        warnings.append("the page has no text")
    return article


def _lacks_people_or_dates(article: Article) -> bool:
    return not (article.author and article.date) or any(not c.author or c.date is None for c in article.comments)


_EDGE_RULE = re.compile(r"^(\s*(---|\*\*\*|___)\s*\n)+|(\n\s*(---|\*\*\*|___)\s*)+$")


def _trim_rules(md: str) -> str:
    """A horizontal rule that opens or closes the body only separated it from what was cut."""
    md = md.strip()
    if not md.startswith(_RULES) and not md.endswith(_RULES):
        return md  # what the pattern needs is absent (and it is slow on a long body)
    return _EDGE_RULE.sub("", md).strip()


_RULES = ("---", "***", "___")

# The comment area's own heading, left at the end of a body when a widget's comments were
# not in the page ("### Comments" then "comments", "Leave a Reply"): never the article's.
_TAIL_HEADING = re.compile(
    r"\n#{1,6} (\d+ )?(Comments?|Responses?|Leave a (Reply|Comment)|Join the discussion)\s*(\n\n[^\n#]{0,40})?\s*\Z",
    re.I,
)


def _trim_tail(md: str) -> str:
    return _TAIL_HEADING.sub("", md).rstrip() if "#" in md[-200:] else md


def _rule_problems(rule: dict[str, Any]) -> list[str]:
    """The recognised rule's broken selectors and patterns (checked once per distinct rule)."""
    key = repr(rule)
    if key not in _CHECKED:
        _CHECKED[key] = problems(rule.get("html") or {}, f"rule {rule.get('name')}: ")
    return _CHECKED[key]


_CHECKED: dict[str, list[str]] = {}


def _metadata(soup: BeautifulSoup, spec: dict[str, Any], meta: Meta) -> Article:
    article = Article(url=_page_url(soup, spec, meta), summary=meta.summary, tags=list(meta.tags))
    if spec.get("meta_first"):  # an engine rule: the page's own <meta> is surer than a theme's markup
        article.title = meta.title or value(soup, spec.get("title")) or meta.doc_title
        article.author = meta.author or value(soup, spec.get("author"))
        article.date = meta.date or _rule_date(soup, spec.get("date"), meta.url)
    else:
        article.title = value(soup, spec.get("title")) or meta.title or meta.doc_title
        article.author = value(soup, spec.get("author")) or meta.author
        article.date = _rule_date(soup, spec.get("date"), meta.url) or meta.date
    article.site = str(spec.get("site") or "") or meta.site or site_from_url(meta.url)
    if article.title and article.title == meta.doc_title:
        article.title = _headline_in(soup, article.title, article.site)
    for el in select_all(soup, spec.get("tags")):
        tag = text_of(el)
        if tag and len(tag) < 80:
            article.tags.append(tag)
    return article


def _page_url(soup: BeautifulSoup, spec: dict[str, Any], meta: Meta) -> str:
    """The page's address: its canonical link (else og:url, else the rule's ``url``); a rule's
    ``url_prefer`` patterns pick among the addresses the page declares (LWN: the /Articles/N/
    address over a SubscriberLink one), and its ``url_rewrite`` ({re, to}) rewrites it."""
    url = meta.url or value(soup, spec.get("url"))
    for pattern in as_list(spec.get("url_prefer")):
        try:
            found = next((u for u in meta.urls if re.search(str(pattern), u)), "")
        except re.error:
            continue
        if found:
            url = found
            break
    for rewrite in as_list(spec.get("url_rewrite")):
        if isinstance(rewrite, dict) and url:
            try:
                url = re.sub(str(rewrite.get("re") or "(?!)"), str(rewrite.get("to") or ""), url)
            except (re.error, IndexError):
                continue
    return url


def _headline_in(soup: BeautifulSoup, doc_title: str, site: str) -> str:
    """<title> is often "Headline | Site": the page's <h1> that starts or ends it (and is not
    the site's name in a logo) is the headline."""
    for h1 in soup.find_all("h1", limit=5):
        text = text_of(h1)
        if text.lower() == site.lower() or not 3 <= len(text) < len(doc_title):
            continue
        if doc_title.startswith(text) or doc_title.endswith(text):
            return text
    return doc_title


def _rule_date(soup: BeautifulSoup, spec: Any, url: str) -> Date | None:
    for one in as_list(spec):
        if isinstance(one, dict) and one.get("from") == "url":
            m = re.search(str(one.get("re") or ""), url)
            raw = (m.group(1) if m and m.groups() else m.group(0) if m else "")
        else:
            raw = value(soup, one)
        fmt = one.get("strptime") if isinstance(one, dict) else None
        got = parse_date(raw, strptime=fmt) if raw else None
        if got is not None:
            return got
    return None


def _rule_body(soup: BeautifulSoup, spec: dict[str, Any]) -> Tag | None:
    minimum = int(spec.get("body_min") or BODY_MIN_CHARS)
    for css in as_list(spec.get("body")):
        for el in select_all(soup, str(css)):
            if len(el.get_text(" ", strip=True)) >= minimum:
                return el
    return None


def _prepend_lead(soup: BeautifulSoup, body: Tag, css: Any) -> None:
    for el in select_all(soup, css):
        if el is not body and body not in el.parents and el not in body.parents and el not in body.descendants:
            body.insert(0, el.extract())
            forget(soup)  # an element moved: the selector index is stale
            return


def _generic(source: str, url: str, warnings: list[str], metadata: bool) -> Extracted | None:
    try:
        return trafilatura_main(source, url, metadata=metadata)
    except (Exception, RecursionError) as exc:  # the fallback must never be what fails a page
        warnings.append(f"generic extractor failed ({type(exc).__name__}); kept the page text")
        return None


def _fill(article: Article, found: Extracted) -> None:
    """What the generic extractor knows and the page's own metadata did not say."""
    article.author = article.author or found.author
    article.date = article.date or found.date
    article.site = article.site or found.site
    article.summary = article.summary or found.summary
    if not article.title:
        article.title = found.title
    if not article.tags:
        article.tags = list(found.tags)


_BLOCKS = {"p", "div", "span", "li", "ul", "section", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "a", "footer", "small"}


def _drop_by_text(soup: BeautifulSoup, patterns: list[Any], *, cut: bool = False) -> None:
    """Remove the largest element whose whole text matches one of ``patterns`` ("Like this:");
    with ``cut``, also everything after it in its parent (a "Similar Posts:" heading and the
    list under it)."""
    if not patterns:
        return
    regexes = [re.compile(str(p), re.I) for p in patterns]
    for string in [n for n in soup.descendants if isinstance(n, NavigableString)]:
        if getattr(string, "parent", None) is None:
            continue
        text = " ".join(string.split())
        if not text or len(text) > 200 or not any(r.fullmatch(text) for r in regexes):
            continue
        target: Tag | None = None
        el = string.parent
        while isinstance(el, Tag) and el.name in _BLOCKS:
            whole = " ".join(el.get_text().split())
            if not any(r.fullmatch(whole) for r in regexes):
                break
            target, el = el, el.parent
        if target is None:
            if not cut:
                string.extract()
                continue
            target = string.parent
        if cut:
            for sib in list(target.next_siblings):
                sib.extract()
        target.decompose()
