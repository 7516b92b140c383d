"""Body and metadata normalisation shared by every raw form.

Every function here is idempotent: applying it to its own output changes nothing, which is
what lets a cleaned article be cleaned again unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urljoin

# The cleaner's control stripping is the one terminal-text sanitiser's (reader.safe_text):
# one list of escape sequences for what is stored and what is shown.
from reader.safe_text import strip_controls, strip_escape_sequences  # noqa: F401


def tidy_markdown(md: str) -> str:
    """Trailing spaces off, at most one blank line in a row, no blank edges."""
    md = strip_controls(md).replace("\u00a0", " ")
    lines = [line.rstrip() for line in md.split("\n")]
    out: list[str] = []
    blank = 0
    in_fence = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if not line and not in_fence:
            blank += 1
            if blank > 1:
                continue
        else:
            blank = 0
        out.append(line)
    return "\n".join(out).strip("\n")


def one_line(text: str) -> str:
    """A title or name: controls removed, whitespace folded."""
    return " ".join(strip_controls(text or "").split())


_MD_LINK = re.compile(r"(\]\()([^)\s]+)")


def absolute_links(md: str, base: str) -> str:
    """Relative Markdown link targets made absolute against ``base`` (an origin or page url)."""
    if not base:
        return md

    def fix(m: re.Match[str]) -> str:
        target = m.group(2)
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("#"):
            return m.group(0)
        return m.group(1) + urljoin(base, target)

    return _MD_LINK.sub(fix, md)


_SITE_SUFFIX = re.compile(r"\s*(\[LWN\.net\]|\(LWN\.net\))\s*$")


def clean_title(title: str, site: str = "") -> str:
    """The title without site suffixes like ``[LWN.net]`` or `` | Blog Name``."""
    title = one_line(title)
    title = _SITE_SUFFIX.sub("", title)
    if site:
        for sep in (" | ", " – ", " — ", " - ", " « ", " » ", " :: "):
            suffix = sep + site
            if title.lower().endswith(suffix.lower()) and len(title) > len(suffix):
                title = title[: -len(suffix)]
    return title.strip()


_SENTENCE_END = re.compile(r"[.!?]+[\"”’)\]]*\s+(?=[\"“(\[]?[A-Z0-9])")
_ABBREV = re.compile(r"\b(Mr|Mrs|Ms|Dr|Prof|St|vs|etc|e\.g|i\.e|Inc|Ltd|Jr|Sr|No|Fig|cf)\.$", re.I)


def sentences(text: str) -> list[str]:
    """Split prose into sentences (closing quotes stay with theirs; abbreviations and
    initials do not end one)."""
    parts: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        head = text[start:m.start() + 1]
        if _ABBREV.search(head) or re.search(r"(^|\s)[A-Z]\.$", head):
            continue
        parts.append(text[start:m.end()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return [p for p in parts if p]


def resegment(text: str, target: int = 700) -> str:
    """Paragraphs for a text that lost its newlines: sentences grouped to ~``target`` chars."""
    paras: list[str] = []
    current: list[str] = []
    size = 0
    for sentence in sentences(text):
        current.append(sentence)
        size += len(sentence) + 1
        if size >= target:
            paras.append(" ".join(current))
            current, size = [], 0
    if current:
        if paras and size < target // 4:
            paras[-1] += " " + " ".join(current)
        else:
            paras.append(" ".join(current))
    return "\n\n".join(paras)


def needs_resegmenting(text: str) -> bool:
    """A long text with (almost) no line breaks: a dump that lost its paragraphs."""
    body = text.strip()
    return len(body) > 1500 and body.count("\n") * 1500 < len(body)


def title_from_text(text: str, limit: int = 90) -> str:
    """A title for a page that has none: its first sentence, cut on a word boundary.

    ``text`` is Markdown; the title is read from its plain text (escapes, hard breaks and
    markup gone, spaces folded), so it is the same text when the article is cleaned again."""
    from reader.content.anchor import plain_text

    for block in re.split(r"\n[ \t]*\n", text):
        line = next((ln for ln in plain_text(block[:4000]).split("\n") if ln.strip()), "") if block.strip() else ""
        line = one_line(line)
        if line:
            break
    else:
        return ""
    first = sentences(line)[0] if sentences(line) else line
    first = first.rstrip(".").rstrip()
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return cut + "…"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
