"""bookmarks.yaml read line by line, when it is laid out the way the store writes it.

PyYAML reads bookmarks at about 1 MB/s even with libyaml: 100k bookmarks (~50 MB) took
a minute and 2 GB. The store writes every entry in a small part of YAML::

    - id: 3f2a9c01
      article: lwn/2004-kernel-summit
      exact: |-
        a passage of
        two lines
      start: 120
      tags: [ha, 'clusters, big']

``split_items`` cuts a text into its header and its items (each starts a line with ``- ``)
and ``read_item`` reads one item of that kind: keys at two spaces, each value a plain scalar,
a one-line quoted one, a ``|``/``|-`` block or a one-line flow list of scalars. Anything else
(a comment after a value, an anchor, a folded or multi-line scalar, a nested block) is None:
the caller reads that item with the YAML loader. Plain scalars are resolved by PyYAML's own
resolver, and only text, whole numbers, booleans and nulls are taken; a timestamp, a float
or an octal number is left to the loader too. What this reads is what the loader reads;
``tests/test_bookmarks_quickparse.py`` checks it on random entries.
"""

from __future__ import annotations

import re
from typing import Any

import yaml.resolver

# Characters YAML does not allow in a stream (it would refuse the file), a BOM past the start,
# line breaks other than "\n" (they would shift lines) and "\r": not for this reader.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_STREAM_MARKS = re.compile(r"^(?:---|\.\.\.|%)", re.M)
_ITEM_START = re.compile(r"^-(?: |$)", re.M)
# Comments and blank lines, and at most one document start (`---` alone on its line) among them.
_HEADER_AT = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*(?:---[ \t]*\n(?:[ \t]*(?:#[^\n]*)?\n)*)?")
# A line at column 0 inside the items that is neither an item start, a comment nor blank.
_ODD_LINE = re.compile(r"^(?:[^ \n#-]|-(?! |$))", re.M)
_BLOCK_HEADER = re.compile(r"\|([1-9])?(-)?\Z")
_SINGLE = re.compile(r"'((?:[^']|'')*)'[ ]*\Z")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"[ ]*\Z')
_FLOW_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_FLOW_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_ESCAPES = {"0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b",
            "f": "\x0c", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "\\": "\\", "/": "/",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
# Plain scalars: not starting with an indicator, no ": " or " #" inside, not ending in ":".
_PLAIN_START = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_PLAIN = re.compile(r"[^\s,\[\]{}#&*!|>'\"%@`?:-][^,\[\]{}#:]*")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_NUMERIC = set("0123456789+-.")
_NOT_A_WORD, _DECLINE = object(), object()


def _words() -> dict[str, dict[str, Any]]:
    """First character → {spelling: value} of every word PyYAML's resolver does not read as
    text: booleans and nulls as their values, ``<<`` and ``=`` declined."""
    words: dict[str, Any] = {"~": None, "null": None, "Null": None, "NULL": None, "<<": _DECLINE, "=": _DECLINE}
    for spelling in ("yes", "true", "on", "no", "false", "off"):
        value = spelling in ("yes", "true", "on")
        for form in (spelling, spelling.capitalize(), spelling.upper()):
            words[form] = value
    out: dict[str, dict[str, Any]] = {}
    for word, value in words.items():
        out.setdefault(word[0], {})[word] = value
    return out


_WORDS = _words()


class _Declined(Exception):
    """Not the store's layout: the YAML loader reads it."""


# Every line of a text of items in the store's layout is one of these: a key's line (the
# item's first starts with "- ") and the lines after it indented past the key or blank.
# (A block list at the key's own indentation, "  - x", belongs to the key before it too.)
_FIELDS = re.compile(r"^((- |  )([A-Za-z_][A-Za-z0-9_]*):( [^\n]*)?\n)((?:(?:   [^\n]*|  -(?: [^\n]*)?| *)\n)*)",
                     re.M)
_NOT_PLAIN = _NUMERIC | _PLAIN_START  # first characters of a value that may not be plain text


def read_all(text: str) -> tuple[str, list[str], list[dict[str, Any] | None]] | None:
    """(header, item texts, their mappings) of a text of items at column 0 (the whole text in
    one pass: 8-13× faster than libyaml's loader here); an item not in the store's layout has None for its
    mapping (the caller reads that item's text with the loader). None when the text is not
    only a header of comments and items whose lines are all keys at two spaces, indented
    lines and blank lines (then ``split_items`` and the loader decide)."""
    header = _HEADER_AT.match(text).group(0)
    body = len(header)
    if _UNSAFE.search(text):
        return None
    keys = _TEXT_KEYS
    chunks: list[str] = []
    values: list[dict[str, Any] | None] = []
    out: dict[str, Any] | None = {}
    at = start = body
    # One match per key (finditer, not findall: 100k items make 1.4M fields, and their tuples
    # would cost hundreds of MB at once). The matches must follow each other with no gap: a
    # line they do not match (a comment inside an item, a document marker, a flow list) means
    # another layout.
    for m in _FIELDS.finditer(text, body):
        if m.start() != at:
            return None
        line, lead, key, rest, more = m.groups("")
        if lead == "- ":
            if at > body:
                chunks.append(text[start:at])
                values.append(out)
                out, start = {}, at
        elif at == body:
            return None  # the first line is not an item's
        at = m.end()
        if out is None:
            continue  # this item is the loader's
        try:
            ok = keys.get(key)
            if ok is None:
                ok = keys[key] = _plain_or_none(key) is key
            if not ok:
                raise _Declined
            value = rest.strip(" ")
            if not value:
                if more and more.strip(" \n"):
                    raise _Declined  # a nested block
                out[key] = None
                continue
            c = value[0]
            if c == "|":
                out[key] = _literal(value, more.split("\n")[:-1])
                continue
            if more and more.strip(" \n"):
                raise _Declined  # a scalar continued on the next lines
            if c == "'" and value.count("'") == 2 and value[-1] == "'":
                out[key] = value[1:-1]
            elif c in _NOT_PLAIN or "\t" in value or ": " in value or " #" in value or value[-1] == ":":
                out[key] = _scalar(value)
            elif c in _WORDS and value in _WORDS[c]:
                out[key] = _scalar(value)  # yes, Off, null…
            else:
                out[key] = value  # plain text that resolves to nothing else
        except _Declined:
            out = None
    if at != len(text) or at == body:
        return None
    chunks.append(text[start:at])
    values.append(out)
    return header, chunks, values


def split_items(text: str) -> tuple[str, list[str]] | None:
    """(header, item texts) of ``text``, cut before each line that starts with ``- ``; None when
    the text is not a header of comments followed by items at column 0 (a flow list, document
    markers or directives, a line at column 0 that is no item, characters YAML refuses)."""
    if _UNSAFE.search(text):
        return None
    starts = [m.start() for m in _ITEM_START.finditer(text)]
    if not starts or _HEADER_AT.match(text).end() != starts[0] or _ODD_LINE.search(text, starts[0]) \
            or _STREAM_MARKS.search(text, starts[0]):
        return None
    ends = starts[1:] + [len(text)]
    items = [text[a:b] for a, b in zip(starts, ends)]
    if not items[-1].endswith("\n"):
        items[-1] += "\n"
    return text[:starts[0]], items


def read_item(item: str, *, checked: bool = False) -> dict[str, Any] | None:
    """The mapping of one item written as the store writes them; None for anything else.
    ``checked``: the item comes from ``split_items`` (its characters are already checked)."""
    if "\n#" in item or not item.endswith("\n") or not checked and _UNSAFE.search(item):
        return None  # a comment inside (it may end a block scalar): the loader
    try:
        return _read(item)
    except _Declined:
        return None


# One key of an item: its line (the item's first starts with "- ") and the lines after it that
# are indented past the key or blank (a block scalar's text, or a continuation: declined).
_FIELD = re.compile(r"(?:- |  )([A-Za-z_][A-Za-z0-9_]*):(?: ([^\n]*))?\n((?:(?:   [^\n]*| *)\n)*)")
_TEXT_KEYS: dict[str, bool] = {}  # key → it is read as text (not `yes:`, `null:`…)


def _read(item: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    pos, n = 0, len(item)
    match = _FIELD.match
    keys = _TEXT_KEYS
    while pos < n:
        m = match(item, pos)
        if m is None:
            raise _Declined
        if pos == 0 and item[0] != "-" or pos > 0 and item[pos] != " ":
            raise _Declined
        pos = m.end()
        key, rest, more = m.group(1, 2, 3)
        ok = keys.get(key)
        if ok is None:
            ok = keys[key] = _plain_or_none(key) is key
        if not ok:
            raise _Declined
        rest = rest.lstrip(" ") if rest else ""
        if not rest:
            if more.strip():  # a nested block
                raise _Declined
            out[key] = None
        elif rest[0] == "|":
            out[key] = _literal(rest.rstrip(" "), more.split("\n")[:-1])
        else:
            if more.strip():  # a plain scalar continued on the next lines
                raise _Declined
            out[key] = _scalar(rest)
    return out


def _plain_or_none(value: str) -> Any:
    try:
        return _plain(value)
    except _Declined:
        return None


def _literal(header: str, block: list[str]) -> str:
    """A ``|`` / ``|-`` / ``|N`` / ``|N-`` block scalar of a key at two spaces; ``block``: its
    lines (indented past the key, or blank)."""
    m = _BLOCK_HEADER.match(header)
    if m is None:
        raise _Declined  # keep (|+), comments: the loader
    content = [j for j, line in enumerate(block) if line.strip(" ")]
    if not content:
        raise _Declined
    if m.group(1):
        indent = 2 + int(m.group(1))
    else:
        first = block[content[0]]
        indent = len(first) - len(first.lstrip(" "))
    texts = []
    for line in block[:content[-1] + 1]:
        if not line.strip(" "):
            if len(line) > indent:  # spaces past the indentation are text: the loader decides
                raise _Declined
            texts.append("")
        else:
            if len(line) - len(line.lstrip(" ")) < indent:
                raise _Declined
            texts.append(line[indent:])
    if any(len(line) > indent for line in block[content[-1] + 1:]):
        raise _Declined
    text = "\n".join(texts)
    return text if m.group(2) else text + "\n"


def _scalar(rest: str) -> Any:
    c = rest[0]
    if c == "'":
        m = _SINGLE.match(rest)
        if m is None:
            raise _Declined
        return m.group(1).replace("''", "'")
    if c == '"':
        m = _DOUBLE.match(rest)
        if m is None:
            raise _Declined
        return _unescape(m.group(1))
    if c == "[":
        return _flow_list(rest.rstrip(" "))
    if c in _PLAIN_START and not (c == "-" and rest[1:2] not in ("", " ")) or "\t" in rest:
        raise _Declined  # an indicator ("-5" is a number, "- x" a list)
    value = rest.rstrip(" ")
    if ": " in value or " #" in value or value[-1] == ":":  # a mapping, a comment
        raise _Declined
    return _plain(value)


def _unescape(body: str) -> str:
    def one(m: re.Match) -> str:
        code = m.group(1)
        if len(code) > 1:
            point = int(code[1:], 16)
            if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
                raise _Declined
            return chr(point)
        if code not in _ESCAPES:
            raise _Declined
        return _ESCAPES[code]

    return _ESCAPE.sub(one, body) if "\\" in body else body


def _plain(value: str) -> Any:
    """A plain scalar as PyYAML's resolver reads it: text, or a whole number, a boolean or a
    null; anything else it resolves (a float, a timestamp, 0x1F, 1_000…) is declined. Words
    are looked up in the resolver's own spellings (``yes``, ``Off``, ``NULL``, ``~``…); only a
    value starting like a number runs its regular expressions."""
    c = value[0]
    if c in _NUMERIC:
        for tag, regexp in _RESOLVERS.get(c, ()):
            if regexp.match(value):
                if tag == "tag:yaml.org,2002:int" and _INT.match(value):
                    return int(value)
                raise _Declined
        return value
    if c in _WORDS:
        word = _WORDS[c].get(value, _NOT_A_WORD)
        if word is _DECLINE:
            raise _Declined
        if word is not _NOT_A_WORD:
            return word
    return value


def _flow_list(text: str) -> list[Any]:
    if not text.endswith("]"):
        raise _Declined
    items: list[Any] = []
    pos, end = 1, len(text) - 1
    while True:
        while pos < end and text[pos] == " ":
            pos += 1
        if pos == end:
            if items:  # a trailing comma
                raise _Declined
            return items
        c = text[pos]
        if c == "'":
            m = _FLOW_SINGLE.match(text, pos, end)
            if m is None:
                raise _Declined
            items.append(m.group(1).replace("''", "'"))
        elif c == '"':
            m = _FLOW_DOUBLE.match(text, pos, end)
            if m is None:
                raise _Declined
            items.append(_unescape(m.group(1)))
        else:
            m = _FLOW_PLAIN.match(text, pos, end)
            if m is None:
                raise _Declined
            value = m.group(0).rstrip(" ")
            if "\t" in value:
                raise _Declined
            items.append(_plain(value))
        pos = m.end()
        while pos < end and text[pos] == " ":
            pos += 1
        if pos == end:
            return items
        if text[pos] != ",":
            raise _Declined
        pos += 1
