"""Comments out of an HTML page, driven by the ``comments:`` section of a site rule.

Keys of that section (each a field spec of ``reader.content.html_select`` unless said):

- ``item``: css of one comment (a list: the first alternative that finds any is used);
- ``id``, ``author``, ``date``, ``title``: field specs read inside the item;
- ``text``: css of the comment's text inside the item (a list: first found); none found →
  the whole item, less ``drop``;
- ``drop``: css removed from the text (meta lines, reply links, avatars);
- ``strip``: regular expressions removed from the start of the text (``Says:``);
- ``pingback``: css an item matches when it is a pingback/trackback; ``pingback_text``: a
  regular expression its text starts with;
- ``depth``: field specs giving a number (``{select: "@class", re: "depth-(\\d+)", base: 1}``,
  ``{count: "div.Comment"}``); when none gives one, the number of enclosing items;
- ``pre``: ``prose`` turns ``<pre>`` text into paragraphs (plain-text comment systems).

The parent of a comment is the nearest earlier comment with a smaller depth: that holds for
nested markup, for ``depth-N`` classes with replies listed beside their parent, and for
indentation-only threads (Hacker News).
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Tag

from reader.content import html_css
from reader.content.html_markdown import to_markdown
from reader.content.dates import parse_date
from reader.content.html_select import as_list, matches, select_all, text_of, value
from reader.content.comment_ids import stable_ids
from reader.content.model import Comment, Date

_SAYS = re.compile(r"\s*(says|said|sagt|schreibt|dit|writes|wrote|dice|zegt|berkata)\s*:?\s*$", re.I)


def find_items(soup: BeautifulSoup, section: dict[str, Any]) -> list[Tag]:
    for alternative in as_list(section.get("item")):
        found = select_all(soup, str(alternative))
        if found:
            # Drop items inside another match of an *excluded* area (a preview in the reply form).
            skip = section.get("exclude")
            return [el for el in found if not (skip and any(matches(p, skip) for p in el.parents if isinstance(p, Tag)))]
    return []


def extract_comments(
    soup: BeautifulSoup, section: dict[str, Any], base: str, *, year: int | None = None
) -> list[Comment]:
    """The comments in document order; their items are removed from ``soup``."""
    items = find_items(soup, section)
    if not items:
        return []
    marks = {id(el) for el in items}
    depths = [_depth(el, section, marks) for el in items]
    ids = [value(el, section.get("id")) for el in items]
    comments: list[Comment] = []
    # Last first: a reply is read and taken out before its parent, so the parent's text
    # never contains it, whatever the nesting.
    for el, depth, cid in zip(reversed(items), reversed(depths), reversed(ids)):
        comments.append(_read(el, section, base, depth, cid, year))
        el.extract()
    comments.reverse()
    _unique_ids(comments)
    _link_parents(comments)
    # Comments the page gives no id get stable ones (not c<n>: a new reply above renumbers).
    stable_ids(comments, [not " ".join(cid.split()) for cid in ids])
    return comments


def _depth(el: Tag, section: dict[str, Any], marks: set[int]) -> int:
    raw = value(el, section.get("depth"))
    if raw:
        try:
            return int(float(raw))
        except ValueError:
            pass
    return sum(1 for p in el.parents if id(p) in marks)


def _read(el: Tag, section: dict[str, Any], base: str, depth: int, cid: str, year: int | None) -> Comment:
    author = _SAYS.sub("", value(el, section.get("author")))
    date = _date(el, section.get("date"), year)
    title = value(el, section.get("title"))
    pingback = matches(el, section.get("pingback"))
    ping_re = section.get("pingback_text")
    if not pingback and ping_re and re.match(str(ping_re), text_of(el), re.I):
        pingback = True
    text_el = None
    for css in as_list(section.get("text")):
        text_el = html_css.select_one(el, str(css)) if css else None
        if text_el is not None:
            break
    if text_el is None:
        text_el = el
    for junk in select_all(text_el, section.get("drop")):
        if junk is not text_el:
            junk.decompose()
    # The text's own element is only a container: an <li> item or a <blockquote class=
    # "entry-content"> must not make the whole comment a list item or a quotation.
    text_el.name = "div"
    body = to_markdown(text_el, base, pre_prose=section.get("pre") == "prose")
    for pattern in as_list(section.get("strip")):
        body = re.sub(str(pattern), "", body, count=1, flags=re.I).lstrip()
    return Comment(
        id=cid,
        author=author,
        date=date,
        title=title,
        body=body,
        kind="pingback" if pingback else "comment",
        depth=depth,
    )


def _date(el: Tag, spec: Any, year: int | None) -> Date | None:
    for one in as_list(spec):
        raw = value(el, one)
        fmt = one.get("strptime") if isinstance(one, dict) else None
        got = parse_date(raw, strptime=fmt, year=year) if raw else None
        if got is not None:
            return got
    return None


def _unique_ids(comments: list[Comment]) -> None:
    """Ids the way ``clean.finish`` would give them, but now, so parents can point at them."""
    seen: set[str] = set()
    for n, c in enumerate(comments, 1):
        cid = " ".join(c.id.split()) or f"c{n}"
        while cid in seen:
            cid = f"{cid}-{n}"
        c.id = cid
        seen.add(cid)


def _link_parents(comments: list[Comment]) -> None:
    stack: list[Comment] = []
    for c in comments:
        while stack and stack[-1].depth >= c.depth:
            stack.pop()
        c.parent = stack[-1].id if stack else None
        stack.append(c)
