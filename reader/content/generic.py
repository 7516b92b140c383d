"""The main content of a page no site rule knows: trafilatura's choice, with a plain fallback.

trafilatura (2.3) leads the public extraction benchmarks. Its chosen text is located in the
page's own tree (reader.content.locate) so that the page's markup is what gets converted;
when that fails, trafilatura's own result is rebuilt as simple HTML (headings, paragraphs,
lists, links, tables). When it finds nothing (a very short page), the page's <body> less
navigation is used, so a page never comes out empty because of the extractor.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag
from lxml import etree

from reader.content import html_css
from reader.content.dates import parse_date
from reader.content.model import Date

# Areas that are never the article on a page without rules.
CHROME = "nav, header, footer, aside, [role=navigation], [role=banner], [role=contentinfo], #comments, #respond, .comments"


@dataclass
class Extracted:
    html: str = ""
    text: str = ""  # the chosen text, plain
    fragments: frozenset[str] = frozenset()  # its text nodes, whitespace folded
    title: str = ""
    author: str = ""
    date: Date | None = None
    site: str = ""
    tags: list[str] = field(default_factory=list)
    summary: str = ""


def trafilatura_main(text: str, url: str = "", *, metadata: bool = True) -> Extracted | None:
    """trafilatura's main content (as HTML) and metadata; None when it finds no article."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # it logs every odd page
    doc = trafilatura.bare_extraction(
        text,
        url=url or None,
        include_comments=False,
        include_links=True,
        include_formatting=True,
        include_tables=True,
        include_images=False,
        with_metadata=metadata,
        # htmldate's free-text search runs dateparser over every locale: seconds a page.
        date_extraction_params={"extensive_search": False, "original_date": True},
        # Not "python": that format also renders the text, and trafilatura 2.3 numbers
        # ordered-list items quadratically there (minutes for a 20k-item list).
        output_format="xml",
    )
    if doc is None or getattr(doc, "body", None) is None or not (doc.raw_text or "").strip():
        return None
    return Extracted(
        html=to_html(doc.body),
        text=doc.raw_text or "",
        fragments=frozenset(" ".join(t.split()) for t in doc.body.itertext()),
        title=doc.title or "",
        author=doc.author or "",
        date=parse_date(doc.date or ""),
        site=doc.sitename or "",
        tags=[t for t in (doc.tags or []) + (doc.categories or []) if t],
        summary=doc.description or "",
    )


# trafilatura's output vocabulary (its XML/TEI-like tree) → HTML.
_TAGS = {"list": "ul", "item": "li", "quote": "blockquote", "lb": "br", "ref": "a", "row": "tr", "graphic": "img"}
_REND = {"#i": "em", "#b": "strong", "#u": "u", "#t": "code", "#sub": "sub", "#sup": "sup"}


def to_html(body: etree._Element) -> str:
    """trafilatura's result tree as plain HTML. Unlike its own HTML output, a one-line <code>
    inside running text stays inline code instead of becoming a <pre> block."""
    for el in body.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            rend = str(el.get("rend") or "h3")
            el.tag = rend if re.fullmatch(r"h[1-6]", rend) else "h3"
        elif tag == "hi":
            el.tag = _REND.get(str(el.get("rend") or "#i"), "em")
        elif tag == "cell":
            el.tag = "th" if el.get("role") == "head" else "td"
        elif tag == "code":
            text = "".join(el.itertext())
            inline = "\n" not in text.strip() and (bool((el.tail or "").strip()) or el.getparent() is not None and el.getparent().tag in ("p", "item", "cell", "hi", "quote"))
            el.tag = "code" if inline else "pre"
        elif tag in _TAGS:
            el.tag = _TAGS[tag]
        target = el.attrib.pop("target", None)
        el.attrib.clear()
        if el.tag == "a" and target:
            el.set("href", target)
    body.tag = "body"
    return etree.tostring(body, encoding="unicode", method="html")


def plain_body(soup: BeautifulSoup) -> Tag:
    """The page's <body> less its navigation areas: the fallback of last resort."""
    body = soup.body or soup
    for el in html_css.select(body, CHROME):
        el.decompose()
    return body
