"""The text-rule engine shared by Markdown and plain-text dumps.

A dump is a page saved as text: the site's chrome is still in it as lines (logos, promos,
"to post comments", widget debris). Text rules (the ``text:`` section of a rule file; schema
in ``rules/lwn.yaml``) say which lines and paragraphs to drop and where the byline,
series and index entries are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

from reader.content.model import Date
from reader.content.normalize import one_line
from reader.content.dates import parse_date
from reader.content.rules import RuleSet

# A paragraph longer than this is never dropped whole by a `drop_blocks` rule: a dump that
# lost its newlines (seed 003) is one paragraph, and a promo is never that long.
MAX_DROP_BLOCK = 1500
BYLINE_WINDOW = 60  # lines from the top where a byline may stand


@dataclass
class DumpMeta:
    title: str = ""
    author: str = ""
    date: Date | None = None
    site: str = ""
    origin: str = ""
    series: str = ""
    url: str = ""
    tags: list[str] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)


@lru_cache(maxsize=512)
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.M)


def _patterns(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _search(pattern: str, text: str) -> re.Match[str] | None:
    try:
        return _rx(pattern).search(text)
    except re.error:  # a broken user rule must not break cleaning
        return None


def applicable(text: str, rules: RuleSet, url: str = "") -> list[dict[str, Any]]:
    """The rules whose ``text.detect`` patterns occur in ``text`` or whose host is the url's."""
    host = urlparse(url).hostname or "" if url else ""
    found = []
    for rule in rules.with_section("text"):
        section = rule["text"]
        hosts = _patterns(section.get("hosts"))
        if host and any(host == h or host.endswith("." + h) for h in hosts):
            found.append(rule)
            continue
        if any(_search(p, text) for p in _patterns(section.get("detect"))):
            found.append(rule)
    return found


def _bare(line: str) -> str:
    return line.strip()


def strip_chrome(text: str, meta: DumpMeta) -> str:
    """Apply every applicable rule's drops and pick up series, byline and tags into ``meta``."""
    for rule in meta.rules:
        section = rule["text"]
        meta.site = meta.site or str(section.get("site") or "")
        meta.origin = meta.origin or str(section.get("origin") or "")
        text = _drop_blocks(text, _patterns(section.get("drop_blocks")))
        lines = text.split("\n")
        lines = _take_series(lines, _patterns(section.get("series")), meta)
        lines = _take_byline(lines, _patterns(section.get("byline")), meta)
        lines = _take_tags(lines, section.get("tags_start"), section.get("tag"), meta)
        drops = _patterns(section.get("drop_lines"))
        lines = [ln for ln in lines if not any(_search(p, _bare(ln)) for p in drops)]
        lines = _cut(lines, _patterns(section.get("cut_from")), section.get("comments_start"))
        text = "\n".join(lines)
    return text


def _drop_blocks(text: str, patterns: list[str]) -> str:
    if not patterns:
        return text
    blocks = re.split(r"\n[ \t]*\n", text)
    kept = [
        b for b in blocks
        if len(b) > MAX_DROP_BLOCK or not any(_search(p, b) for p in patterns)
    ]
    return "\n\n".join(kept)


def _take_series(lines: list[str], patterns: list[str], meta: DumpMeta) -> list[str]:
    for i, line in enumerate(lines):
        for p in patterns:
            m = _search(p, _bare(line))
            if m and "series" in m.groupdict():
                meta.series = meta.series or one_line(m.group("series"))
                end = i + 1
                # the separator a dump leaves under the series line
                if end < len(lines) and re.fullmatch(r"\s*-{3,}\s*", lines[end]):
                    end += 1
                return lines[:i] + lines[end:]
    return lines


def _take_byline(lines: list[str], patterns: list[str], meta: DumpMeta) -> list[str]:
    for i in range(min(len(lines), BYLINE_WINDOW)):
        for width in (2, 1):
            window = "\n".join(_bare(ln) for ln in lines[i:i + width])
            for p in patterns:
                m = _search(p, window)
                if m and m.start() == 0 and m.end() == len(window):
                    groups = m.groupdict()
                    if groups.get("author"):
                        meta.author = one_line(groups["author"])
                    if groups.get("date"):
                        meta.date = parse_date(groups["date"]) or meta.date
                    end = i + width
                    if end < len(lines) and re.fullmatch(r"\s*(\* \* \*|-{3,}|_{3,})\s*", lines[end]):
                        end += 1
                    elif end + 1 < len(lines) and not lines[end].strip() and re.fullmatch(
                        r"\s*(\* \* \*|-{3,}|_{3,})\s*", lines[end + 1]
                    ):
                        end += 2
                    return lines[:i] + lines[end:]
    return lines


def _take_tags(lines: list[str], start: Any, tag: Any, meta: DumpMeta) -> list[str]:
    if not isinstance(start, str) or not isinstance(tag, str):
        return lines
    for i, line in enumerate(lines):
        if _search(start, _bare(line)):
            j = i + 1
            while j < len(lines) and lines[j].strip():
                row = _bare(lines[j])
                for m in _rx(tag).finditer(row) if not re.fullmatch(r"-{3,}", row) else ():
                    for value in m.groupdict().values():
                        if value and value not in meta.tags:
                            meta.tags.append(one_line(value))
                j += 1
            return lines[:i] + lines[j:]
    return lines


def _cut(lines: list[str], patterns: list[str], resume: Any) -> list[str]:
    """Drop from a chrome line (a reply form) to the end, or to where comments resume."""
    if not patterns:
        return lines
    out: list[str] = []
    cutting = False
    for line in lines:
        bare = _bare(line)
        if not cutting and any(_search(p, bare) for p in patterns):
            cutting = True
            continue
        if cutting and isinstance(resume, str) and _search(resume, bare):
            cutting = False
        if not cutting:
            out.append(line)
    return out


def host_origin(url: str) -> str:
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}" if parsed.scheme and parsed.netloc else ""
