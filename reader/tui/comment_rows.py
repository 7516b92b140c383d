"""How a comment's row in the thread reads:

    ├─ ▶ ● ❝ alice  2011-10-27  (+12)  Title, or the start of the text when it has none

The indentation stops growing at a cap (``indent_levels``: at most ``MAX_INDENT`` levels,
fewer when the pane is narrow, so that names stay readable); a row deeper than that says its
depth (``⋮12``). Everything is Rich ``Text`` built from sanitised strings: never markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from reader.content.model import Comment
from reader.tui.sanitize import one_line

QUOTE_MARK = "❝ "
PINGBACK_MARK = "↩ "
MATCH_MARK = "● "  # the comment matches the search the article was opened from
MAX_INDENT = 8  # levels of indentation at most
TEXT_ROOM = 24  # cells kept for the row's text: the indentation gives way first
GUIDE_WIDTH = 3
SPACE, VERTICAL, LAST, BRANCH = "   ", "│  ", "└─ ", "├─ "
# What the help screen shows under "Comment rows".
LEGEND: list[tuple[str, str]] = [
    (MATCH_MARK.strip(), "the comment matches the search (n/N go from one to the next)"),
    (QUOTE_MARK.strip(), "the comment quotes the article (p shows the passage)"),
    ("(+12)", "a folded thread: the comments it hides"),
    ("⋮12", "a reply 12 levels deep (the indentation stops at 8)"),
    ("italic text", "the start of a comment with no title of its own"),
]


def indent_levels(width: int) -> int:
    """How many levels are indented in a pane ``width`` cells wide (at least 1)."""
    return max(1, min(MAX_INDENT, (width - TEXT_ROOM) // GUIDE_WIDTH))


def guides(lasts: list[bool], cap: int) -> str:
    """The guides before a row. ``lasts``: for the row's ancestors below the top level and
    then the row itself, whether each is the last of its siblings (the tree's own guides).
    Past ``cap`` levels the deeper ancestors' guides are left out."""
    if not lasts:
        return ""
    shown = lasts[: cap - 1] + [lasts[-1]] if len(lasts) > cap else lasts
    return "".join(SPACE if last else VERTICAL for last in shown[:-1]) + (LAST if shown[-1] else BRANCH)


def depth_mark(depth: int, cap: int) -> str:
    """``⋮12 `` for a row deeper than the indentation shows; "" otherwise."""
    return f"⋮{depth} " if depth > cap else ""


@dataclass(frozen=True)
class RowInfo:
    """What a row shows besides the comment itself."""

    preview: str = ""  # the start of the text, shown instead of the title
    hidden: int = 0  # comments under a folded row
    matched: bool = False


def comment_label(comment: Comment, info: RowInfo = RowInfo()) -> Text:
    """`● ❝ author  2003-07-22  (+12)  title` as plain Text (no markup is parsed)."""
    parts: list[tuple[str, str] | str] = []
    if info.matched:
        parts.append((MATCH_MARK, "bold red"))
    if comment.quotes:
        parts.append((QUOTE_MARK, "bold yellow"))
    if comment.kind == "pingback":
        parts.append((PINGBACK_MARK + "pingback ", "italic magenta"))
    author = one_line(comment.author) or "anonymous"
    parts.append((author, "bold"))
    if comment.date is not None:
        parts.append(("  " + comment.date.isoformat()[:10], "dim"))
    if info.hidden:
        parts.append((f"  (+{info.hidden})", "bold"))
    title = one_line(comment.title)
    if info.preview:  # the pane asks for one when the title says nothing new
        parts.append(("  " + one_line(info.preview), "italic"))
    elif title:
        parts.append(("  " + title, ""))
    return Text.assemble(*parts, no_wrap=True, end="")
