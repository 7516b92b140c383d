"""A search snippet (or title) as one line of ``Content`` with its hits highlighted: whitespace
folded, controls gone, the hits' spans mapped through both."""

from __future__ import annotations

import re

from textual.content import Content, Span

from reader.safe_text import unsafe_characters
from reader.tui.sanitize import clean

_WHITESPACE = re.compile(r"\s+")  # what str.isspace() calls whitespace, in runs


def _fold(text: str) -> tuple[str, list[int]]:
    """``text`` with whitespace runs folded to one space (none at the start) and the map from
    each original offset (and the end) to its offset in the result: a run at a time."""
    out: list[str] = []
    mapping: list[int] = []
    pos = length = 0
    last_space = True
    for run in _WHITESPACE.finditer(text):
        start, end = run.span()
        if start > pos:
            mapping.extend(range(length, length + start - pos))
            out.append(text[pos:start])
            length += start - pos
            last_space = False
        if not last_space:  # the run's first character maps to the space it becomes
            mapping.append(length)
            out.append(" ")
            length += 1
            mapping.extend([length] * (end - start - 1))
        else:
            mapping.extend([length] * (end - start))
        last_space = True
        pos = end
    if pos < len(text):
        mapping.extend(range(length, length + len(text) - pos))
        out.append(text[pos:])
        length += len(text) - pos
    mapping.append(length)
    return "".join(out), mapping


def _fold_and_clean(text: str) -> tuple[str, list[int]]:
    """``_fold``, and control characters go (a character at a time: the rare slow path)."""
    out: list[str] = []
    mapping: list[int] = []  # original offset → output offset
    last_space = True
    for ch in text:
        mapping.append(len(out))
        if ch.isspace():
            if not last_space:
                out.append(" ")
            last_space = True
            continue
        cleaned = clean(ch)
        if cleaned and not cleaned.isspace():
            out.append(cleaned)
            last_space = False
    mapping.append(len(out))
    return "".join(out), mapping


def one_line_spans(text: str, spans: list[tuple[int, int]]) -> Content:
    """``text`` on one line with ``spans`` highlighted: whitespace runs fold to one space and
    control characters go, the spans are mapped through the same folding."""
    # Most snippets hold nothing to clean but whitespace: folded a run at a time (cleaning
    # each character took ~20 ms of every results list drawn while typing, at 10k articles).
    if all(ch.isspace() for ch in unsafe_characters(text)):
        line, mapping = _fold(text)
    else:
        line, mapping = _fold_and_clean(text)
    n = len(text)
    marks = []
    for s, e in spans:
        s, e = max(0, min(s, n)), max(0, min(e, n))
        a, b = mapping[s], mapping[e]
        if b > a:
            marks.append(Span(a, b, ".results--hit"))
    content = Content(line)
    if marks:
        content = content.add_spans(marks)
    return content
