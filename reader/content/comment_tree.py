"""An article's comments as a thread: who answers whom, how deep, how many replies under
each, and a one-line preview of a comment's text (for comments without a title: blog
comments never have one). Pure data; the comments pane draws from it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.content.anchor import plain_text
from reader.content.model import Comment
from reader.safe_text import one_line

PREVIEW_CHARS = 300  # more than any pane is wide; the pane cuts the rest
_QUOTE_LINE = re.compile(r"^[ \t]{0,3}>.*(?:\n|$)", re.M)


@dataclass
class Thread:
    roots: list[Comment] = field(default_factory=list)
    children: dict[str, list[Comment]] = field(default_factory=dict)
    depth: dict[str, int] = field(default_factory=dict)  # 0 for a comment on the article
    replies: dict[str, int] = field(default_factory=dict)  # every comment under it, all levels

    def kids(self, comment_id: str) -> list[Comment]:
        return self.children.get(comment_id, [])


def thread_of(comments: list[Comment]) -> Thread:
    """The tree the comments' ``parent`` links make. A parent that is not among them (or a
    comment its own parent) makes a top-level comment; a loop of parents (a hand-edited file)
    never hangs: a comment is placed once, the first time it is reached."""
    ids = {c.id for c in comments}
    thread = Thread()
    for c in comments:
        if c.parent in ids and c.parent != c.id:
            thread.children.setdefault(c.parent, []).append(c)
        else:
            thread.roots.append(c)
    order: list[Comment] = []  # parents before their replies
    for start in [*thread.roots, *comments]:  # then what only a loop of parents reaches
        if start.id in thread.depth:
            continue
        if start not in thread.roots:
            thread.roots.append(start)
        stack = [(start, 0)]
        while stack:  # no recursion: an old LWN thread is 33 levels deep, a hostile one 10,000
            c, depth = stack.pop()
            if c.id in thread.depth:
                continue
            thread.depth[c.id] = depth
            order.append(c)
            stack.extend((k, depth + 1) for k in reversed(thread.kids(c.id)))
    for c in reversed(order):
        thread.replies[c.id] = sum(1 + thread.replies.get(k.id, 0) for k in thread.kids(c.id)
                                   if thread.depth.get(k.id) == thread.depth[c.id] + 1)
    return thread


def preview(comment: Comment) -> str:
    """The start of the comment's own words on one line: its Markdown as plain text, lines
    quoting someone (``>``) left out unless that is all there is. Cleaned: never markup,
    never an escape sequence."""
    body = comment.body or ""
    own = _QUOTE_LINE.sub("", body)
    text = plain_text(own if own.strip() else body)
    return one_line(text[: PREVIEW_CHARS * 2])[:PREVIEW_CHARS]
