"""Bytes → text, and which of the three raw forms a text is.

Decoding never raises on content: a file it cannot make sense of becomes an empty text with a
warning. Only a file that cannot be *read* (missing, permission denied, a directory, a loop)
raises ``UnreadableFile`` — the caller decides whether that stops anything.
"""

from __future__ import annotations

import os
import re
import unicodedata

import ftfy
from ftfy import badness, chardata
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


# Every byte that is not a control byte (those below 32, less tab, LF, FF, CR and ESC).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13, 27)))


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 text has NULs too; charset-normalizer will tell, only if a BOM says so.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not head:
        return False
    controls = len(head.translate(None, _NOT_CONTROL))  # the control bytes left
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
        fixed = fix_lines(text, _FTFY)
        # (line by line: ftfy's badness patterns over a whole page can take minutes)
        if fixed != text and _badness(fixed) < _badness(text):
            warnings.append(f"{name}: mojibake repaired (text saved in one encoding, read in another)")
    else:
        fixed = fix_lines(text, _FTFY._replace(fix_encoding=False, normalization=None))
    return fixed.lstrip("\ufeff"), warnings


# A line of printable ASCII (and tabs) is one no ftfy fixer changes: no mojibake, controls,
# escapes, odd line breaks or composable characters.
_NOT_PLAIN = re.compile(r"[^\x20-\x7e\t\n]")


def fix_lines(text: str, config: ftfy.TextFixerConfig) -> str:
    """``ftfy.fix_text(text, config)``, with the plain-ASCII lines left out of its work.

    ftfy fixes a text line by line, each line on its own (with this configuration), at a cost
    of a dozen fixers per line even when there is nothing to fix: most lines of a saved page
    are plain ASCII markup. So only the runs of lines holding something else go to ftfy, and
    not even those when nothing in them is anything ftfy would change (``_untouched``)."""
    runs: list[tuple[int, int]] = []  # the runs of lines holding something to look at
    search = _NOT_PLAIN.search
    m = search(text)
    while m is not None:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.start())
        end = len(text) if end == -1 else end + 1
        # Lines holding something to look at, one after another, go to ftfy together.
        m = search(text, end)
        while m is not None and text.rfind("\n", 0, m.start()) + 1 == end:
            end = text.find("\n", m.start())
            end = len(text) if end == -1 else end + 1
            m = search(text, end)
        runs.append((start, end))
    if not runs or _untouched("".join(text[a:b] for a, b in runs), config):
        return text
    out: list[str] = []
    done = 0  # text[:done] is in out
    for start, end in runs:
        out.append(text[done:start])
        out.append(ftfy.fix_text(text[start:end], config))
        done = end
    out.append(text[done:])
    return "".join(out)


# What one of ftfy's fixers besides fix_encoding and NFC would change: C0/C1 controls and
# escapes, odd line breaks, surrogates, and the other characters remove_control_chars drops.
_MAY_CHANGE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
    + "".join(re.escape(chr(c)) for c in sorted(chardata.CONTROL_CHARS))
    + "]"
)
# ftfy's mojibake test, with ^ at every line start: it tests each line on its own.
_BAD_LINE = re.compile(badness.BADNESS_RE.pattern, badness.BADNESS_RE.flags | re.M)


def _untouched(text: str, config: ftfy.TextFixerConfig) -> bool:
    """True when no line of ``text`` is one ftfy would change: no character any of its
    fixers acts on, no line its mojibake test flags (fix_encoding does nothing to a line
    that is not "bad"), already in the normal form."""
    if _MAY_CHANGE.search(text):
        return False
    if config.fix_encoding and _BAD_LINE.search(text):
        return False
    return config.normalization is None or unicodedata.is_normalized(config.normalization, text)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _non_ascii_lines(text: str):
    """The lines holding a non-ASCII character (mojibake is only ever on those)."""
    pos = 0
    while (m := _NON_ASCII.search(text, pos)) is not None:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        yield text[start:end]
        pos = end + 1


def _badness(text: str) -> int:
    return sum(badness.badness(line) for line in _non_ascii_lines(text))


_UTF_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
             (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _decode_bytes(data: bytes, name: str, warnings: list[str]) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # A UTF-16/32 byte order mark says what the file is, even when a stray byte follows (a cut
    # download): the guessers read such a file as cp1252 (`ÿþ@825B…`).
    for bom, encoding in _UTF_BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(encoding, errors="replace")
            bad = text.count("\ufffd")
            if bad:
                warnings.append(f"{name}: invalid {encoding.upper()[:6]}; {bad} undecodable byte sequences replaced")
            return text
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
