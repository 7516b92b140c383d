"""Comment threads in dumps: LWN's "Posted … by …" headers and WordPress "… Says:" lists.

LWN comes in three shapes (text, Markdown, and the newer run-together form):

    Title\n\nPosted Jul 22, 2003 3:23 UTC (Tue) by StevenCole (guest, #3068) [Link]
    Title\n\nPosted … by **name** (subscriber, #N) [[Link](…)]
    ### TitlePosted Aug 29, 2026 14:03 UTC (Sat)\n byname(subscriber, #1630)\n [Link] (1 responses)

Where "(K responses)" is given it counts the comment's whole subtree, so the parents follow
from document order; otherwise a reply repeats its parent's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from reader.content.dates import parse_date
from reader.content.comment_ids import stable_ids
from reader.content.model import Comment
from reader.content.normalize import one_line

# A comment header in every form LWN pages are saved in: text, Markdown (bold names, linked
# "[Link]" and "(K responses)", escaped brackets), and the run-together form where the title,
# the header and the body touch. Parts are optional where some saved forms drop them: the day
# name, the status and number, the "[Link]" (absent on a single-comment page's own comment).
_LINK = r"(?:\\?\[\s*\[Link\]\([^)\n]*\)\s*\\?\]|\\?\[\s*Link\s*\\?\])"
_RESPONSES = (
    r"\\?\(\s*(?:\[(?P<responses>\d+)\s+responses?\]\([^)\n]*\)"
    r"|(?P<responses_plain>\d+)\s+responses?)\s*\\?\)"
)
LWN_HEADER = re.compile(
    r"Posted\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s*\d{4}\s+\d{1,2}:\d{2}(?:\s*UTC)?)"
    r"(?:\s*\\?\((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\\?\)?)?"
    r"\s*by\s*(?P<author>\*\*[^*\n]{1,80}\*\*|__[^_\n]{1,80}__|[^\s()\[\]*\\]{1,80})"
    r"(?:\s*\\?\((?P<role>[^,()\n]{1,40}),\s*\\?#(?P<num>\d+)\\?\))?"
    r"(?P<link>\s*" + _LINK + r")?"
    r"(?:\s*" + _RESPONSES + r")?",
)
# "### " may touch the text before it in run-together dumps; a single "#" must not (C# , #123).
_HEADING_MARK = re.compile(r"(?:(?<!#)#{2,6}|(?<![\w#&])#) [ \t]*")
_PARENT_LINE = re.compile(r"\A\s*\\?\(?\s*Parent article:\s*(?P<parent>[^\n]*)\n?")
# A viewed reply also says what it answers: "In reply to: TITLE by NAME".
_REPLY_LINE = re.compile(r"\s*In reply to:\s*[^\n]{0,200}\n")
TITLE_MAX = 150
_SPACED_END = re.compile(r"[a-z0-9)][.!?][\"”’)]?[ \t]+(?=[A-Z\"“])")
_GLUED_END = re.compile(r"[a-z0-9)][.!?][\"”’)]?(?=[A-Z\"“])")


@dataclass
class RawComment:
    title: str = ""
    author: str = ""
    date: Any = None
    body: str = ""
    kind: str = "comment"
    num: str = ""
    responses: int | None = None
    depth: int | None = None
    linked: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def _heading_text(line: str) -> str:
    return one_line(re.sub(r"^\s*#{1,6}\s*", "", line)).strip("*_ ")


def _title_before(text: str, at: int, floor: int) -> tuple[int, str]:
    """Where a comment starts (its title, if any) given its header at ``at``; ``floor`` is where
    the previous comment's header ended. The title is on the header's own line (run-together:
    ``### TitlePosted …``; after the last heading mark when the previous body touches it), or
    the short line standing above the header."""
    line_start = text.rfind("\n", floor, at) + 1
    lead = text[max(line_start, floor):at]
    if lead.strip():
        marks = list(_HEADING_MARK.finditer(lead))
        if marks:
            m = marks[-1]
            title = lead[m.end():]
            if 0 < len(title.strip()) <= TITLE_MAX:
                return max(line_start, floor) + m.start(), _heading_text(title)
        # No heading mark: in run-together text the title is the tail glued to the end of the
        # previous comment's last sentence; else a short line of its own; in a one-line dump,
        # what follows the last sentence end.
        base = max(line_start, floor)
        glued = list(_GLUED_END.finditer(lead))
        if glued and 0 < len(lead) - glued[-1].end() <= TITLE_MAX:
            return base + glued[-1].end(), _heading_text(lead[glued[-1].end():])
        if line_start >= floor and len(lead.strip()) <= TITLE_MAX:
            return base, _heading_text(lead)
        ends = [m.end() for m in _SPACED_END.finditer(lead)]
        for end in reversed(ends[-2:]):
            if 0 < len(lead) - end <= 100:
                return base + end, _heading_text(lead[end:])
        return at, ""
    # The header starts its line: the title is the last non-blank line above, when it is short
    # and is not the previous comment's text running on.
    before = text[floor:line_start].rstrip()
    cut = before.rfind("\n") + 1
    title_line = before[cut:]
    if not title_line.strip() or len(title_line.strip()) > TITLE_MAX:
        return at if line_start <= floor else line_start, ""
    above = before[:cut]
    stands_alone = not above.strip() or re.search(r"\n[ \t]*\n$", above) is not None
    heading = bool(re.match(r"\s*#{1,6}\s", title_line))
    if heading or stands_alone:
        return floor + cut, _heading_text(title_line)
    if len(title_line.strip()) <= 80 and not title_line.rstrip().endswith((".", ",", ";", ":")):
        return floor + cut, _heading_text(title_line)
    return line_start, ""


def _author(raw: str) -> str:
    return one_line(raw.strip("*_"))


def split_lwn(text: str) -> tuple[str, list[RawComment]]:
    """The article text before the first comment, and the comments in document order."""
    matches = list(LWN_HEADER.finditer(text))
    if not matches:
        return text, []
    starts: list[tuple[int, str]] = []
    floor = 0
    for m in matches:
        starts.append(_title_before(text, m.start(), floor))
        floor = m.end()
    comments: list[RawComment] = []
    for i, m in enumerate(matches):
        end = starts[i + 1][0] if i + 1 < len(matches) else len(text)
        responses = m.group("responses") or m.group("responses_plain")
        comments.append(
            RawComment(
                title=starts[i][1],
                author=_author(m.group("author")),
                date=parse_date(m.group("date")),
                body=text[m.end():end].strip("\n"),
                num=m.group("num") or "",
                responses=int(responses) if responses is not None else None,
                linked=bool(m.group("link")),
            )
        )
    return text[: starts[0][0]], comments


def single_comment_page(article: str, comments: list[RawComment]) -> RawComment | None:
    """The comment a single-comment page (``/Articles/N/`` showing one comment) is about.

    Its own header has no "[Link]" (the page is that link) and either names its parent article
    or opens the page: nothing of an article stands before it."""
    if not comments or comments[0].linked or len(comments) > 1 and not any(c.linked for c in comments[1:]):
        return None
    first = comments[0]
    if _PARENT_LINE.match(first.body) or len(article.strip()) < 200:
        return first
    return None


def take_parent_line(body: str) -> tuple[str, str]:
    """A viewed comment's "Parent article: TITLE" line, and the body without it. On one line
    with the text (a one-line dump) the title runs to its closing parenthesis if it has one
    ("… Is Cooked (sockpuppet.org)"), else it cannot be told from the text and stays there."""
    m = _PARENT_LINE.match(body)
    if not m:
        return "", body
    reply = _REPLY_LINE.match(body, m.end())
    if reply:  # the article is the parent; what the comment answers is in the thread
        body = body[: m.end()] + body[reply.end():]
    parent = m.group("parent")
    if len(parent) <= TITLE_MAX:
        return one_line(parent), body[m.end():]
    close = parent.find(")", 0, TITLE_MAX)
    if close > 0:
        return one_line(parent[: close + 1]), parent[close + 1:] + "\n" + body[m.end():]
    return "", body[m.start("parent"):]


def lwn_parents(raw: list[RawComment], article_title: str = "") -> list[str | None]:
    """Parent index (as a string id "c<n>") per comment, from response counts or titles."""
    ids = [f"c{n}" for n in range(1, len(raw) + 1)]
    parents: list[str | None] = []
    if any(c.responses is not None for c in raw):
        stack: list[list[Any]] = []  # [id, replies still to come in its subtree]
        for cid, c in zip(ids, raw):
            while stack and stack[-1][1] <= 0:
                stack.pop()
            parents.append(stack[-1][0] if stack else None)
            for entry in stack:
                entry[1] -= 1
            stack.append([cid, c.responses or 0])
        return parents
    last_by_title: dict[str, str] = {}
    for cid, c in zip(ids, raw):
        key = c.title.casefold()
        parents.append(last_by_title.get(key))
        last_by_title[key] = cid
    return parents


def to_comments(raw: list[RawComment], parents: list[str | None], body_fn) -> list[Comment]:
    out = []
    for n, (c, parent) in enumerate(zip(raw, parents), 1):
        out.append(
            Comment(
                id=f"c{n}",
                parent=parent,
                author=c.author,
                date=c.date,
                title=c.title,
                body=body_fn(c.body),
                kind=c.kind,
            )
        )
    stable_ids(out)  # c<n> only links parents here; the ids kept are stable across re-cleaning
    return out


_DATE_LINE = re.compile(
    r"^\s*([A-Z][a-z]+ \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4}|\d{4}-\d{2}-\d{2})"
    r"(,? (at )?\d{1,2}:\d{2}( ?[ap]m)?)?\s*$",
    re.I,
)


def split_wordpress(text: str, section: dict[str, Any]) -> tuple[str, list[RawComment]]:
    """A WordPress "N Responses to …" list: the text before it, and its entries."""
    start_rx = section.get("comments_start")
    header_rx = section.get("comment_header")
    if not isinstance(start_rx, str) or not isinstance(header_rx, str):
        return text, []
    lines = text.split("\n")
    start = next((i for i, ln in enumerate(lines) if re.search(start_rx, ln.strip())), None)
    if start is None:
        return text, []
    header = re.compile(header_rx)
    ping_author = section.get("pingback_author")
    ping_body = section.get("pingback_body")
    comments: list[RawComment] = []
    current: RawComment | None = None
    body: list[str] = []
    for line in lines[start + 1:]:
        m = header.match(line)
        if m:
            if current:
                current.body = "\n".join(body)
                comments.append(current)
            current, body = RawComment(author=one_line(m.group("author"))), []
            continue
        if current is None:
            continue
        if not body and not current.date and _DATE_LINE.match(line):
            current.date = parse_date(line)
            continue
        body.append(re.sub(r"^ {1,8}", "", line))
    if current:
        current.body = "\n".join(body)
        comments.append(current)
    for c in comments:
        pm = re.match(ping_author, c.author) if isinstance(ping_author, str) else None
        looks_ping = isinstance(ping_body, str) and re.match(ping_body, c.body.strip())
        if pm and looks_ping:
            c.kind, c.title, c.author = "pingback", one_line(pm.group("title")), one_line(pm.group("author"))
        elif looks_ping:
            c.kind = "pingback"
    return "\n".join(lines[:start]), comments
