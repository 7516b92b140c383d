"""Bytes → text, and which of the three raw forms a text is.

Decoding never raises on content: a file it cannot make sense of becomes an empty text with a
warning. Only a file that cannot be *read* (missing, permission denied, a directory, a loop)
raises ``UnreadableFile`` — the caller decides whether that stops anything.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import ftfy
from charset_normalizer import from_bytes

from reader.errors import UnreadableFile

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
    """The file's bytes, or ``UnreadableFile`` with a one-line reason."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise UnreadableFile(f"{p}: no such file (it may have been removed)") from None
    except PermissionError:
        raise UnreadableFile(f"{p}: permission denied") from None
    except IsADirectoryError:
        raise UnreadableFile(f"{p}: is a directory") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnreadableFile(f"{p}: symbolic link loop") from None
        raise UnreadableFile(f"{p}: {exc.strerror or exc}") from None


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
    if len(text) <= FTFY_LIMIT:
        fixed = ftfy.fix_text(text, _FTFY)
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
    best = from_bytes(data[:200_000]).best()
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


def sniff(text: str) -> str:
    """"html", "markdown" or "text", from the content (never the file name)."""
    head = text[:20_000]
    if _HTML_START.match(head):
        return "html"
    tags = len(_HTML_TAG.findall(head))
    if tags >= 10 and tags * 40 > len(head.split()):
        return "html"
    if text.startswith("---\n") or re.match(r"#{1,6} \S", head) or len(_MD_SIGNS.findall(head)) >= 3:
        return "markdown"
    return "text"
