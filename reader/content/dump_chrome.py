"""The site's chrome taken out of a dump by its text rule (``reader.content.dumps``): spans
wherever they stand, the footer, what follows the article's end mark, promo blocks, and runs
of lines from a reply form on."""

from __future__ import annotations

import re
from typing import Any

from reader.content.dump_patterns import first, patterns, rx, search

# A paragraph longer than this is never dropped whole by a `drop_blocks` rule: a dump that
# lost its newlines (seed 003) is one paragraph, and a promo is never that long.
MAX_DROP_BLOCK = 1500

_SPAN_EDGE_BEFORE = re.compile(r"[ \t#>*_\[]*$")
_SPAN_EDGE_AFTER = re.compile(r"[\]*_)]*(?:\([^)\n]*\))?")


def drop_spans(text: str, spans: list[str]) -> str:
    """Chrome that may span lines or sit inside one (a subscription box run into the byline).
    The heading marks, brackets and emphasis around a span go with it ("## [LWN subscriber-only
    content]"). Patterns should start with words: a literal start is what makes them quick."""
    for p in spans:
        try:
            compiled = rx(p)
        except re.error:
            continue
        pieces, last = [], 0
        for m in compiled.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            lead = _SPAN_EDGE_BEFORE.search(text, line_start, m.start())
            start = lead.start() if lead and lead.end() == m.start() else m.start()
            end = _SPAN_EDGE_AFTER.match(text, m.end()).end()
            pieces += [text[last:start], "\n\n"]
            last = end
        if pieces:
            text = "".join(pieces) + text[last:]
    return text


def cut_footer(text: str, footers: list[str]) -> str:
    """From the site's footer (its last match: a comment may quote the words) to the end."""
    last = None
    for p in footers:
        try:
            for m in rx(p).finditer(text):
                if last is None or m.start() > last:
                    last = m.start()
        except re.error:
            continue
    return text if last is None else text[:last]


def before_end(article: str, sections: list[dict[str, Any]]) -> str:
    """The article ends at its end mark ("to post comments"); what follows up to the comments
    is chrome. Index entries before the mark are kept for ``take_tags``."""
    m = first([p for s in sections for p in patterns(s.get("article_end"))], article)
    return article[: m.start()] if m else article


def drop_blocks(text: str, blocks_rx: list[str]) -> str:
    """Paragraphs a ``drop_blocks`` pattern finds (promos), when not longer than MAX_DROP_BLOCK."""
    if not blocks_rx:
        return text
    blocks = re.split(r"\n[ \t]*\n", text)
    kept = [
        b for b in blocks
        if len(b) > MAX_DROP_BLOCK or not any(search(p, b) for p in blocks_rx)
    ]
    return "\n\n".join(kept)


def cut(lines: list[str], cut_from: list[str], resume: Any) -> list[str]:
    """Drop from a chrome line (a reply form) to the end, or to where comments resume."""
    if not cut_from:
        return lines
    out: list[str] = []
    cutting = False
    for line in lines:
        bare = line.strip()
        if not cutting and any(search(p, bare) for p in cut_from):
            cutting = True
            continue
        if cutting and isinstance(resume, str) and search(resume, bare):
            cutting = False
        if not cutting:
            out.append(line)
    return out
