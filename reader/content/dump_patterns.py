"""How a text rule's patterns are matched against a dump (``reader.content.dumps``).

A rule file is the user's: a pattern that does not compile is skipped, never an error. A
pattern is compiled once (cached), and a rule's line patterns are searched as one alternation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=512)
def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.M)


def patterns(value: Any) -> list[str]:
    """A rule key's patterns: one string or a list of them (anything else: none)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def search(pattern: str, text: str, pos: int = 0) -> re.Match[str] | None:
    try:
        return rx(pattern).search(text, pos)
    except re.error:  # a broken user rule must not break cleaning
        return None


def first(patterns: list[str], text: str, pos: int = 0) -> re.Match[str] | None:
    """The earliest match of any of ``patterns``."""
    found = [m for m in (search(p, text, pos) for p in patterns) if m]
    return min(found, key=lambda m: m.start()) if found else None


_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")


def matches(patterns: list[str], line: str) -> bool:
    """A line pattern matches the line as written, or its words alone: a Markdown saver writes
    the same navigation as list items of links (``- [Log in](/Login/)``), bold or escaped."""
    bare = line.strip()
    if not bare or not patterns:
        return False
    alternation = _any_of(tuple(patterns))
    if alternation.search(bare):
        return True
    words = _MD_LINK.sub(r"\1", bare)
    words = re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", words)
    words = re.sub(r"\\(.)", r"\1", words).strip("*_ \t")
    return words != bare and alternation.search(words) is not None


@lru_cache(maxsize=64)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str] | _AnyOf:
    """One alternation of a rule's line patterns (one search a line, not one a pattern); a
    pattern that does not compile (a user's typo) is left out."""
    good = []
    for p in patterns:
        try:
            re.compile(p)
            good.append(f"(?:{p})")
        except re.error:
            continue
    try:
        return re.compile("|".join(good) or "(?!)", re.M)
    except re.error:  # group names clash between patterns: fall back to a slower set
        return _AnyOf([rx(p[3:-1]) for p in good])


class _AnyOf:
    def __init__(self, rxs: list[re.Pattern[str]]) -> None:
        self.rxs = rxs

    def search(self, text: str) -> re.Match[str] | None:
        return next((m for m in (one.search(text) for one in self.rxs) if m), None)


@dataclass
class Found:
    line: int  # index of the line the match starts in
    start: int  # the match's start and end in that line (end may run past it)
    end: int
    groups: dict[str, str | None]


def line_of(lines: list[str], pattern: str) -> Found | None:
    """Where ``pattern`` first matches, by line: one search of the joined text, not one a line."""
    text = "\n".join(lines)
    m = search(pattern, text)
    if m is None:
        return None
    line_start = text.rfind("\n", 0, m.start()) + 1
    return Found(text.count("\n", 0, m.start()), m.start() - line_start, m.end() - line_start, m.groupdict())
