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
from reader.content.model import Comment
from reader.content.normalize import one_line

LWN_HEADER = re.compile(
    r"^(?P<lead>[^\n]*?)"
    r"Posted (?P<date>[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} UTC)(?: \([A-Z][a-z]{2}\))?"
    r"\s*by\s*\**(?P<author>[^\s*()]+?)\**\s*"
    r"\((?P<role>[^,()\n]*),\s*#(?P<num>\d+)\)"
    r"\s*\\?\[{1,2}Link\\?\](?:\([^)\n]*\))?\]?"
    r"(?:\s*\((?P<responses>\d+) responses?\))?[ \t]*$",
    re.M,
)


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
    extra: dict[str, Any] = field(default_factory=dict)


def _heading_text(line: str) -> str:
    return one_line(re.sub(r"^\s*#{1,6}\s*", "", line)).strip("*_ ")


def split_lwn(text: str) -> tuple[str, list[RawComment]]:
    """The article text before the first comment, and the comments in document order."""
    matches = list(LWN_HEADER.finditer(text))
    if not matches:
        return text, []
    # Where each comment starts: its title line (same line in the run-together form,
    # else the last non-blank line above the header).
    starts: list[tuple[int, str]] = []
    for m in matches:
        lead = m.group("lead").strip()
        if lead:
            starts.append((m.start(), _heading_text(lead)))
            continue
        before = text[: m.start()].rstrip()
        cut = before.rfind("\n") + 1
        title_line = before[cut:]
        starts.append((cut, _heading_text(title_line)))
    comments: list[RawComment] = []
    for i, m in enumerate(matches):
        end = starts[i + 1][0] if i + 1 < len(matches) else len(text)
        responses = m.group("responses")
        comments.append(
            RawComment(
                title=starts[i][1],
                author=m.group("author"),
                date=parse_date(m.group("date")),
                body=text[m.end():end].strip("\n"),
                num=m.group("num"),
                responses=int(responses) if responses is not None else None,
            )
        )
    return text[: starts[0][0]], comments


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
