"""Plain-text dumps → Article: chrome dropped, comments split off, text made into Markdown."""

from __future__ import annotations

import html
import re

from reader.content import dumps, runtogether, threads
from reader.content.model import Article
from reader.content.normalize import absolute_links
from reader.content.rules import RuleSet

_BULLET = re.compile(r"^\s*([•·◦▪‣*+-]|\d{1,3}[.)])\s+(?=\S)")
_CODE_LINE = re.compile(r".*[;{}]\s*$")
_CODEISH = re.compile(r"[(){}=;]")
_QUOTE_LINE = re.compile(r"^\s{0,3}>\s?")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
MAX_QUOTE_DEPTH = 8


def escape_md(line: str) -> str:
    """Escape what Markdown would read as markup, so the text shows as written."""
    line = re.sub(r"([\\`*_\[\]<|~])", r"\\\1", line)
    line = _ENTITY_LIKE.sub("&amp;", line)
    # Line starts that Markdown reads as blocks: headings, quotes, rules, list markers.
    line = re.sub(r"^(\s*)([#>=+-])", r"\1\\\2", line)
    line = re.sub(r"^(\s*\d+)([.)])(?=\s|$)", r"\1\\\2", line)
    return line


def _code_flags(lines: list[str]) -> list[bool]:
    """Which lines are code: a statement line (``…;``/``{``/``}`` with code punctuation), the
    indented lines that continue it, and the line an indented continuation hangs from."""
    indented = [ln.startswith("    ") and bool(ln.strip()) for ln in lines]
    flags = [bool(_CODE_LINE.match(ln) and _CODEISH.search(ln)) for ln in lines]
    for i in range(len(lines) - 2, -1, -1):  # continuations first, then what they hang from
        if indented[i] and (flags[i + 1] or indented[i + 1]) and (flags[i + 1] or _CODEISH.search(lines[i + 1])):
            flags[i] = True
    for i in range(len(lines) - 1):
        if not indented[i] and indented[i + 1] and flags[i + 1] and _CODEISH.search(lines[i]):
            flags[i] = True
    return flags


def _paragraph(lines: list[str], headings: bool) -> str:
    # Quote levels are peeled in a loop, not by recursion: a line of 10,000 ">" must not
    # exhaust the stack. Past MAX_QUOTE_DEPTH levels are merged: Markdown parsers drop text
    # nested deeper than their limit (markdown-it: 20 levels), and the text must stay.
    depth = 0
    while all(_QUOTE_LINE.match(ln) for ln in lines):
        lines = [_QUOTE_LINE.sub("", ln) for ln in lines]
        depth += 1
    if depth:
        prefix = "> " * min(depth, MAX_QUOTE_DEPTH)
        return "\n".join(prefix + ln if ln else prefix.rstrip() for ln in _paragraph(lines, False).split("\n"))
    if all(_BULLET.match(ln) for ln in lines):
        return "\n".join(_list_item(ln) for ln in lines)
    stripped = [ln.strip() for ln in lines]
    if headings and len(lines) == 1 and _looks_like_heading(stripped[0]):
        return "### " + escape_md(stripped[0])
    parts: list[str] = []  # Markdown chunks: prose lines and fenced code blocks
    code: list[str] = []
    prev = ""
    for raw, line, is_code in zip(lines, stripped, _code_flags(lines)):
        if is_code:
            code.append(raw.rstrip())
            continue
        if code:
            parts.append(_fence(code))
            code, prev = [], ""
        if prev:
            # Hard-wrapped prose (a long line, the next starting lower-case) joins softly;
            # any other line break was meant, so it stays a break.
            soft = len(prev) >= 50 and line[:1].islower()
            parts[-1] += "" if soft else "\\"
        parts.append(escape_md(line))
        prev = line
    if code:
        parts.append(_fence(code))
    return "\n".join(parts)


def _list_item(line: str) -> str:
    """A bullet line as a Markdown list item; a numbered one keeps its number ("2." or "2)")."""
    m = _BULLET.match(line)
    marker = m.group(1) if m and m.group(1)[0].isdigit() else "-"
    return marker + " " + escape_md(_BULLET.sub("", line).strip())


def _fence(code: list[str]) -> str:
    indent = min(len(c) - len(c.lstrip()) for c in code if c.strip())
    return "```\n" + "\n".join(c[indent:] for c in code) + "\n```"


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    return (
        3 <= len(words) <= 16
        and len(line) <= 100
        and line[:1].isupper()
        and line[-1] not in ".,:;!?…)\"”"
        and not _BULLET.match(line)
    )


def text_to_markdown(text: str, headings: bool = False) -> str:
    """Plain text → Markdown that shows the same text: paragraphs, lists, code, quotes kept."""
    blocks = [b for b in re.split(r"\n[ \t]*\n", text.strip("\n")) if b.strip()]
    return "\n\n".join(_paragraph(b.split("\n"), headings) for b in blocks)


def _title(text: str) -> tuple[str, str]:
    """A first line that stands alone and reads like a title is the title."""
    m = re.match(r"\A\s*(?P<line>[^\n]{3,150})\n[ \t]*\n(?=\s*\S)", text)
    if m and not m.group("line").rstrip().endswith((".", ",", ";", ":")):
        return " ".join(m.group("line").split()), text[m.end():]
    return "", text


def clean_plain(text: str, rules: RuleSet, warnings: list[str]) -> Article:
    if "&" in text:  # dumps of web pages keep entities (&#1072; &amp;) as text
        text = html.unescape(text)
    meta = dumps.DumpMeta(rules=dumps.applicable(text, rules))
    page = dumps.read_page(text, meta, markdown=False)
    text, raw, parents = page.text, page.comments, page.parents
    title = meta.title
    if not title:
        title, text = _title(text)
    if not raw:
        for rule in meta.rules:
            text, raw = threads.split_wordpress(text, rule["text"])
            if raw:
                parents = [None] * len(raw)
                break
    if runtogether.ran_together(text + "\n\n" + "\n\n".join(c.body for c in raw)):
        words = runtogether.word_counts(text)
        text = runtogether.repair(text, words)
        for c in raw:
            c.body = runtogether.repair(c.body, words)
    comments = threads.to_comments(raw, parents, text_to_markdown)
    body = text_to_markdown(text, headings=True)
    if meta.origin:
        body = absolute_links(body, meta.origin)
    return Article(
        title=title,
        author=meta.author,
        date=meta.date,
        site=meta.site,
        series=meta.series,
        summary=meta.summary,
        tags=meta.tags,
        body=body,
        comments=comments,
    )
