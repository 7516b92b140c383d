"""Find, in the page's own tree, the element that holds the text an extractor chose.

trafilatura picks the article's text well but rebuilds its markup poorly (code becomes
quotations, line breaks split paragraphs). So its text is used as an oracle: every text node
of the page is marked as chosen or not (by word trigrams), counts are summed up the tree, and
the element with the best precision/recall against the chosen text is taken; inside it, blocks
with no chosen text at all (share bars, related links the extractor left out) are removed.
The page's own markup is then converted, so code blocks, lists and tables survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag

_WORD = re.compile(r"\w+")
_SKIP_PARENTS = frozenset(("script", "style", "noscript", "template", "textarea", "title", "head"))
# Elements pruned when none of their text was chosen; inline elements stay with their block.
_BLOCKS = frozenset((
    "div", "section", "aside", "nav", "header", "footer", "form", "ul", "ol", "dl", "table",
    "figure", "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "center", "details", "menu",
))
MIN_RECALL = 0.7  # the element must hold this share of the chosen text to be trusted


@dataclass
class _Counts:
    chosen: int = 0
    total: int = 0


def _trigrams(words: list[str]) -> list[tuple[str, str, str]]:
    return [(words[i], words[i + 1], words[i + 2]) for i in range(len(words) - 2)]


def locate(soup: BeautifulSoup, chosen_text: str, fragments: frozenset[str] = frozenset()) -> Tag | None:
    """The element of ``soup`` holding ``chosen_text``, pruned; None when no element holds
    most of it (the extractor rewrote the text, or took it from several places).

    ``fragments`` are the extractor's text nodes: a short node ("Twitter", "Like this:") is
    chosen only when it is one of them, since its words alone occur anywhere."""
    words = [w.lower() for w in _WORD.findall(chosen_text)]
    if len(words) < 3:
        return None
    vocab = set(words)
    grams = set(_trigrams(words))
    counts: dict[int, _Counts] = {}
    tags: dict[int, Tag] = {}
    root = soup.body or soup
    for node in root.descendants:
        if type(node) is not NavigableString or node.parent is None or node.parent.name in _SKIP_PARENTS:
            continue
        toks = [w.lower() for w in _WORD.findall(node)]
        if not toks:
            continue
        if len(toks) < 3:
            hit = (" ".join(node.split()) in fragments) if fragments else all(t in vocab for t in toks)
        else:
            tri = _trigrams(toks)
            hit = sum(1 for g in tri if g in grams) * 2 >= len(tri)
        weight = len(toks)
        el = node.parent
        while el is not None and el is not soup:
            c = counts.get(id(el))
            if c is None:
                c = counts[id(el)] = _Counts()
                tags[id(el)] = el
            c.total += weight
            if hit:
                c.chosen += weight
            el = el.parent
    target = len(words)
    best: tuple[float, int] | None = None
    best_id = 0
    for key, c in counts.items():
        if not c.chosen:
            continue
        precision = c.chosen / c.total
        recall = min(1.0, c.chosen / target)
        if recall < MIN_RECALL:
            continue
        f1 = 2 * precision * recall / (precision + recall)
        rank = (f1, -c.total)
        if best is None or rank > best:
            best, best_id = rank, key
    if best is None:
        return None
    chosen = tags[best_id]
    for el in chosen.find_all(_BLOCKS):
        c = counts.get(id(el))
        if getattr(el, "parent", None) is not None and c is not None and c.total and not c.chosen:
            el.decompose()
    return chosen
