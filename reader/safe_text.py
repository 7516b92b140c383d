"""Text from a file or a setting, made safe to print or draw: the one terminal-text sanitiser.

Article text, comments, bookmark notes, file names, article ids and ``reader.yaml`` values are
data. Before any of it reaches a terminal (the app's widgets, every CLI line) it goes through
this module, which removes or neutralises what a terminal would act on:

- escape sequences, whole (CSI, OSC — a window title, OSC 52 clipboard writes, OSC 8 links —,
  DCS/SOS/PM/APC strings with their payload), and the C0/C1 controls (tab and newline stay);
- the bidi overrides, embeddings, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E,
  U+200F, U+061C), which make a terminal that reorders text show something else than what is
  there (``evil\\u202etxt.exe``);
- lone surrogates (a non-UTF-8 file name read by Python), which cannot be written as UTF-8.

Which function: ``clean`` for prose on several lines (``same_offsets`` for the reading pane,
whose anchors are offsets), ``one_line`` for a title or a message, ``mask`` where offsets must
hold on one line (search snippets with highlight spans), ``name`` for ids, file names and paths (what is unsafe is shown escaped, so a
name can be recognised and fixed), ``dumps`` for ``--json`` (valid UTF-8 JSON, nothing lost:
unsafe characters are ``\\uXXXX`` escapes). The cleaner's own control stripping
(``strip_controls``, ``strip_escape_sequences``) lives here too, so there is one list of
sequences; it keeps bidi marks, which belong to right-to-left text and are neutralised only
when shown.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

# Terminal escape sequences, whole: OSC/DCS/APC/PM strings up to BEL or ST, CSI, 2-byte ESC.
_SEQUENCES = (
    r"\x1b[\]P_^][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[@-Z\\-_]"
)
_ESCAPE_SEQUENCES = re.compile(_SEQUENCES)
# C0/C1 controls and escape sequences never belong in an article (tab, newline and CR do).
_CONTROLS = re.compile(_SEQUENCES + r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# ESC P / X / ^ / _ … ST (or BEL, or the end of the text), also introduced by their C1 forms:
# shown, the whole string goes, payload too.
_STRING_SEQUENCES = re.compile(r"(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?")
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_BIDI = re.compile(f"[{BIDI}]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# One character a terminal would act on (or cannot be encoded): for same-length masking,
# visible escapes in names, and JSON.
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI}\ud800-\udfff]")
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{BIDI}\u2028\u2029\ud800-\udfff]")
# A bidi control shown where offsets must hold: a zero-width space, which reorders nothing.
_BIDI_STANDIN = "\u200b"
_REPLACEMENT = "\ufffd"


# -- the cleaner's stripping (stored text) ------------------------------------------------------

def strip_escape_sequences(text: str) -> str:
    """Remove whole escape sequences (an OSC title's text goes with its ESC), keep the rest."""
    return _ESCAPE_SEQUENCES.sub("", text) if "\x1b" in text else text


def strip_controls(text: str) -> str:
    """Escape sequences and C0/C1 controls removed; tab, newline and CR kept (what the cleaner
    stores: bidi marks stay, they are part of right-to-left text)."""
    return _CONTROLS.sub("", text)


# -- shown on a terminal --------------------------------------------------------------------------

def clean(text: str | None, *, same_offsets: bool = False) -> str:
    """Prose to show: no escape sequence, no control but tab and newline (a CR becomes a
    newline), no bidi control, lone surrogates as U+FFFD. ``same_offsets``: each bidi control
    becomes a zero-width space instead, so offsets into an article's text (anchors, search
    spans) hold in the reading pane (its body has no other control: the cleaner took them)."""
    if not text:
        return ""
    text = _STRING_SEQUENCES.sub("", text)
    text = _CONTROLS.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _BIDI.sub(_BIDI_STANDIN if same_offsets else "", text)
    return _SURROGATES.sub(_REPLACEMENT, text)


def one_line(text: str | None) -> str:
    """A title, a name, a message: cleaned, whitespace folded to single spaces."""
    return " ".join(clean(text).split())


def unsafe_characters(text: str) -> set[str]:
    """The characters of ``text`` a terminal would act on (controls, tab and newline included;
    bidi controls; lone surrogates): usually none or a few, found in one scan."""
    return set(_UNSAFE.findall(text))


def mask(text: str | None) -> str:
    """Same length, nothing a terminal would act on: each control character becomes a space,
    each bidi control a zero-width space, each lone surrogate U+FFFD (an escape sequence's
    printable remainder stays, inert)."""
    if not text:
        return ""
    return _UNSAFE.sub(_mask_char, text)


def _mask_char(m: re.Match[str]) -> str:
    ch = m.group()
    if _BIDI.match(ch):
        return _BIDI_STANDIN
    if _SURROGATES.match(ch):
        return _REPLACEMENT
    return " "


def name(text: str | os.PathLike[str] | None) -> str:
    """An id, a file name or a path, one line: each unsafe character shown as an escape
    (``\\x1b``, ``\\u202e``), each undecodable byte of a file name as ``\\xNN``."""
    if text is None:
        return ""
    text = os.fspath(text)
    return _UNSAFE.sub(_escape_char, text)


def _escape_char(m: re.Match[str]) -> str:
    ch = m.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def has_surrogates(text: str) -> bool:
    """Whether ``text`` holds undecodable bytes (a non-UTF-8 file name, a query in argv)."""
    return _SURROGATES.search(text) is not None


# -- JSON -------------------------------------------------------------------------------------

def dumps(data: Any, *, indent: int | None = 2) -> str:
    """``json.dumps`` for a terminal or a pipe: UTF-8 text as is, but C1 controls, bidi
    controls, line separators and lone surrogates as ``\\uXXXX`` escapes (C0 controls are
    escaped by JSON itself). Valid JSON, valid UTF-8, and nothing lost."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


__all__ = ["BIDI", "clean", "dumps", "has_surrogates", "mask", "name", "one_line", "strip_controls",
           "strip_escape_sequences"]
