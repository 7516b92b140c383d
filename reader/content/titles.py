"""Titles a person would give a page whose own title is missing or machine-made.

Order of trust (``pick``): the page's own heading, the saving tool's recorded title, a title
read from the url's slug, a recorded title that is really a file name ("Some_Title_LWN_net"),
and last the file name itself ("2009-ks-how-google-uses-linux" → "How Google uses Linux").
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import unquote, urlparse

_SITE_TAIL = re.compile(r"[_\s-]*(?:LWN[_.\s]?net|lwnnet)\s*$", re.I)
_EXT = re.compile(r"\.(?:html?|md|markdown|txt|php|aspx?)$", re.I)


def looks_like_file_name(title: str) -> bool:
    """Words joined by underscores (or hyphens, with no space), or a name with an extension."""
    t = title.strip()
    if not t or " " in t:
        return bool(_EXT.search(t))
    return "_" in t or t.count("-") >= 2 or bool(_EXT.search(t)) or bool(_SITE_TAIL.search(t))


def _words_of(name: str) -> list[str]:
    name = _EXT.sub("", unquote(name))
    name = _SITE_TAIL.sub("", name)
    return [w for w in re.split(r"[_\-+.\s]+", name) if w]


def _sentence_case(words: list[str], body: str) -> str:
    """Words joined; each takes the case it most often has in the body (outside sentence
    starts), so names come back capitalised; the first word is capitalised."""
    counts: Counter[str] = Counter(re.findall(r"(?<![.!?]\s)(?<!^)\b[\w'’]+", body[:200_000]))
    out = []
    for w in words:
        forms = [(n, f) for f, n in counts.items() if f.casefold() == w.casefold()]
        out.append(max(forms)[1] if forms else w)
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def from_name(name: str, body: str = "") -> str:
    """A title from a file name or slug: leading dates and numbers off, and leading words the
    body never uses (abbreviations like "ks"), then cased as the body writes them."""
    words = _words_of(name)
    while words and (words[0].isdigit() or re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", words[0])):
        words.pop(0)
    lowered = body.casefold()
    while len(words) > 2 and not re.search(rf"\b{re.escape(words[0].casefold())}\b", lowered):
        words.pop(0)
    if len(words) < 2 or not any(re.search(r"[^\W\d_]{2}", w) for w in words):
        return ""
    return _sentence_case(words, body)


def from_url(url: str, body: str = "") -> str:
    """A title from the url's last path segment, when it is a slug of words."""
    path = urlparse(url).path if url else ""
    segments = [s for s in path.split("/") if s]
    for seg in reversed(segments):
        if re.fullmatch(r"[\d.]+|index(\.\w+)?|amp|comments?", seg, re.I):
            continue
        words = _words_of(seg)
        if len(words) >= 2 and sum(bool(re.search(r"[^\W\d_]{2}", w)) for w in words) >= 2:
            return _sentence_case(words, body)
        return ""
    return ""


def pick(heading: str, recorded: str, url: str, body: str) -> str:
    if heading:
        return heading
    if recorded and not looks_like_file_name(recorded):
        return recorded
    return from_url(url, body) or (from_name(recorded, body) if recorded else "")
