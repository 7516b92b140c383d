"""Text whose paragraphs, headings and sentences ran together when a page was converted.

Some converters join the page's blocks with nothing between them: ``…a mystery.#### "Kind of
erratic"On May 27, Adam…`` or ``…help us.And we're now seeing…``. Prose never does that (a
sentence end is followed by a space), so a file shows the signature when several sentence
ends touch the next capital. Only such a file is repaired, and only at those places: a
paragraph break where a sentence end touches a capital or a heading mark, a heading split from
the paragraph it ran into. Code (fenced or indented) and URLs are never touched.
"""

from __future__ import annotations

import re
from collections import Counter

# A sentence end (letters or digits, then . ! ? or :, maybe a closing quote) touching a capital.
_GLUED = re.compile(
    r"(?:(?<=[A-Za-z0-9][a-z0-9])[.!?]|(?<=[a-z]{2}):|(?<=[a-z][\"”’)])[.!?])[\"”’)]?"
    r"(?=[A-Z][a-z'’]|[A-Z]\b|[\"“‘][A-Z]|#{2,6} |>+ )"
)
# A list item run into the sentence before it ("4 categories:- Those that…").
_GLUED_ITEM = re.compile(r"(?<=[a-z0-9)][.:!?])(?=[-*•] [A-Z])")
# (Each starts with what it matches first, not with a look-behind: the regex engine then skips
# to the candidates instead of trying the look-behind at every character, 5-80x faster on a
# long article, which the reading pane cleans at every open.)
_SPACED = re.compile(r"[.!?](?<=[a-z0-9]{2}[.!?])[\"”’)]?[ \t]+(?=[A-Z])")
_MIDLINE_HEADING = re.compile(r"(?<=[^\s#&\\])(?=#{2,6} +[^\s#])")
# The same places as _MIDLINE_HEADING, one "#" matched at each: for counting them.
_MIDLINE_HEADING_AT = re.compile(r"#(?<=[^\s#&\\]#)(?=#{1,5} +[^\s#])")
_FENCE = re.compile(r"^\s*(```|~~~)")
HEADING_MAX = 100  # a heading line longer than this ran into its paragraph
_WORD = re.compile(r"[\w'’.-]+")


# Where a glued sentence end may be: cheap to find, then checked with _GLUED.
_CANDIDATE = re.compile(r"[.!?:][\"”’)]?(?=[A-Z\"“‘#>])")


def signature(text: str) -> tuple[int, int]:
    """(glued sentence ends, spaced sentence ends) outside code and URLs."""
    prose = "\n".join(line for line, code in _lines(text) if not code)
    glued = 0
    for c in _CANDIDATE.finditer(prose):
        start = max(0, c.start() - 3)
        m = _GLUED.search(prose, start, c.end() + 4)
        if m and m.start() <= c.start() + 1:
            line_start = prose.rfind("\n", 0, m.start()) + 1
            glued += not _in_url(prose[line_start:m.end()], m.start() - line_start)
    glued += len(_MIDLINE_HEADING_AT.findall(prose))
    return glued, len(_SPACED.findall(prose))


def ran_together(text: str) -> bool:
    """The file lost its block breaks: several glued sentence ends, and not as typos in a
    text whose other sentence ends are spaced (one in twenty-five or more)."""
    glued, spaced = signature(text)
    return glued >= 3 and glued * 25 >= spaced


def repair(text: str, words: Counter[str] | None = None) -> str:
    """Paragraph breaks back where sentence ends and headings touch; headings split from the
    paragraph they ran into. ``words`` (the document's word counts) decides where a heading
    that ends without punctuation stops."""
    words = words if words is not None else word_counts(text)
    out: list[str] = []
    for line, code in _lines(text):
        if code:
            out.append(line)
            continue
        line = _MIDLINE_HEADING.sub("\n\n", line)
        pieces = []
        for part in line.split("\n"):
            m = re.match(r"^(\s*#{1,6} )(.*)$", part)
            if m and len(part) > HEADING_MAX:
                head, rest = _split_heading(m.group(2), words)
                if rest:
                    pieces.append(m.group(1) + head + "\n\n" + _break_sentences(rest))
                    continue
            pieces.append(part if m else _break_sentences(part))
        out.append("\n".join(pieces))
    return "\n".join(out)


def word_counts(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text))


def _break_sentences(line: str) -> str:
    cuts = sorted({m.end() for m in _GLUED.finditer(line) if not _in_url(line, m.start())}
                  | {m.end() for m in _GLUED_ITEM.finditer(line)})
    if not cuts:
        return line
    parts, last = [], 0
    for cut in cuts:
        parts.append(line[last:cut])
        last = cut
    parts.append(line[last:])
    return "\n\n".join(p for p in parts)


def _split_heading(text: str, words: Counter[str]) -> tuple[str, str]:
    """A heading and the paragraph it ran into: at the first sentence end or closing quote that
    touches a capital, else where a word glued to a capitalised one (``templatesChen's``) was
    never written that way elsewhere in the document."""
    limit = text[:HEADING_MAX]
    for m in re.finditer(r"(?<=\S)[.!?:\"”’)]+(?=[A-Z\"“])", limit):
        if m.end() >= 3:
            return text[: m.end()], text[m.end():]
    for g in re.finditer(r"(?<=[a-z0-9)])(?=[A-Z][a-z'’])", limit):
        token_start = limit.rfind(" ", 0, g.start()) + 1
        token_end = re.search(r"[\s,.;:!?]|$", text[g.start():]).start() + g.start()
        token = text[token_start:token_end].strip("\"“”'’()")
        if g.start() - token_start >= 3 and words[token] <= 1:
            return text[: g.start()], text[g.start():]
    return text, ""


def _in_url(line: str, at: int) -> bool:
    start = max(line.rfind(" ", 0, at), line.rfind("(", 0, at), line.rfind("<", 0, at)) + 1
    token = line[start:at]
    return "://" in token or token.startswith("www.") or "/" in token or "@" in token


def _lines(text: str):
    """Each line with whether it is code (inside a fence, or indented by a tab or four spaces
    after a blank line or another code line)."""
    fenced = False
    prev_blank = True
    prev_code = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            yield line, True
            prev_code = True
            continue
        indented = bool(line.strip()) and (line.startswith("\t") or line.startswith("    "))
        code = fenced or (indented and (prev_blank or prev_code))
        yield line, code
        prev_blank = not line.strip()
        prev_code = code and bool(line.strip())
