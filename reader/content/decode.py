"""Bytes → text, and which of the three raw forms a text is.

Decoding never raises on content: a file it cannot make sense of becomes an empty text with a
warning. Only a file that cannot be *read* (missing, permission denied, a directory, a loop)
raises ``UnreadableFile`` — the caller decides whether that stops anything.
"""

from __future__ import annotations

import os
import re

import ftfy
from ftfy import badness
from charset_normalizer import from_bytes

from reader.content.normalize import strip_escape_sequences
from reader.safe_read import read_regular

# Only mojibake and stray controls are repaired; quotes, ligatures, widths and entities are
# the author's and stay as they are.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=True,
    fix_encoding=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=True,
    remove_control_chars=True,
    normalization="NFC",
    max_decode_length=1_000_000,
)
# ftfy is linear but not fast; past this size only line breaks and controls are normalised.
FTFY_LIMIT = 4_000_000

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.I)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, or ``UnreadableFile`` with a one-line reason.

    Only regular files are read (``reader.safe_read``: a FIFO or ``/dev/zero`` behind a
    ``page.txt`` symlink is refused, not waited on), and no more of them than the cleaner keeps:
    ``clean.MAX_CHARS`` characters take at most 4 bytes each.
    """
    from reader.content.clean import MAX_CHARS

    return read_regular(path, "page", limit=4 * MAX_CHARS, cut=True)


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 text has NULs too; charset-normalizer will tell, only if a BOM says so.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > 0.10


def decode(data: bytes, name: str = "input") -> tuple[str, list[str]]:
    """Decode raw bytes to clean text. Returns (text, warnings)."""
    warnings: list[str] = []
    if not data.strip():
        return "", [f"{name}: empty file"]
    if looks_binary(data):
        return "", [f"{name}: binary data, not a text or HTML page"]
    text = _decode_bytes(data, name, warnings)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Before ftfy, which would drop a lone ESC and leave an OSC's text (``]0;PWNED``) behind;
    # C1 bytes stay for now: ftfy needs them to repair Latin-1-read mojibake.
    text = strip_escape_sequences(text)
    if len(text) <= FTFY_LIMIT:
        fixed = ftfy.fix_text(text, _FTFY)
        if fixed != text and badness.is_bad(text) and badness.badness(fixed) < badness.badness(text):
            warnings.append(f"{name}: mojibake repaired (text saved in one encoding, read in another)")
    else:
        fixed = ftfy.fix_text(text, _FTFY._replace(fix_encoding=False, normalization=None))
    return fixed.lstrip("\ufeff"), warnings


def _decode_bytes(data: bytes, name: str, warnings: list[str]) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    # UTF-8 with a few broken bytes (a cut download, one pasted Latin-1 line) stays UTF-8:
    # its valid multi-byte characters are evidence no 8-bit guess can beat.
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if len(text) - len(text.encode("ascii", "ignore")) - bad >= max(1, bad):
        warnings.append(f"{name}: invalid UTF-8; {bad} undecodable byte sequences replaced")
        return text
    results = from_bytes(data[:200_000])
    best = results.best()
    # charset-normalizer often calls short Western text cp1250/cp1257 ("café à" → "café ą").
    # Like browsers, prefer windows-1252 when it reads as Western European text and is not
    # clearly less coherent than the best guess (Czech or Polish text still wins as cp1250).
    western = next((m for m in results if "cp1252" in (m.encoding, *m.could_be_from_charset)), None)
    if best is None or (western is not None and western.coherence >= best.coherence - 10):
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            letters = [c for c in text[:200_000] if c.isalpha()]
            if sum(1 for c in letters if ord(c) > 127) <= 0.3 * len(letters):
                warnings.append(f"{name}: not UTF-8; decoded as cp1252")
                return text
    if best is not None and best.encoding:
        try:
            text = data.decode(best.encoding)
            warnings.append(f"{name}: not UTF-8; decoded as {best.encoding}")
            return text
        except (LookupError, UnicodeDecodeError):
            pass
    warnings.append(f"{name}: invalid UTF-8; undecodable bytes replaced")
    return data.decode("utf-8", errors="replace")


_HTML_START = re.compile(r"\A\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_HTML_TAG = re.compile(r"</?(p|div|span|a|br|table|td|li|ul|body|head|script|article|section|h[1-6])\b[^>]*>", re.I)
# Markup that plain text does not have: headings, links, bold, fences, "* * *" rules.
_MD_SIGNS = re.compile(
    r"^#{1,6} \S|^\* \* \*$|^```|\]\((https?:|/)[^)]*\)|\*\*[^*\n]+\*\*",
    re.M,
)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(---|\.\.\.)[ \t]*(\n|\Z)", re.S)


def sniff(text: str) -> str:
    """"html", "markdown" or "text", from the content (never the file name)."""
    head = text[:20_000]
    if _HTML_START.match(head):
        return "html"
    if _FRONT_MATTER.match(head):  # YAML front matter: Markdown, whatever tags the body quotes
        return "markdown"
    tags = len(_HTML_TAG.findall(head))
    if tags >= 10 and tags * 40 > len(head.split()):
        return "html"
    if text.startswith("---\n") or re.match(r"#{1,6} \S", head) or len(_MD_SIGNS.findall(head)) >= 3:
        return "markdown"
    return "text"
