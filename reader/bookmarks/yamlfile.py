"""The YAML text of bookmarks.yaml: writing one entry, and reading the entries of a text with
each entry's own lines (its "chunk"), so that a save rewrites only what changed.

Read with ``reader.safe_yaml`` only (libyaml's safe loader with bounded aliases and depth): a
``!!python/object`` tag is an error, and so is an alias bomb. A text laid out as the store
writes it is read line by line (``reader.bookmarks.quickparse``, ~10× faster than the loader);
an entry that reader declines is read by the loader alone, and a text that cannot be cut into
items (document markers, anchors shared between entries, a flow list) by the loader whole.

Entries are independent of each other: their chunks are kept only when no alias joins two of
them (else every entry is written anew, aliases expanded), and ``dump_entry`` never writes an
anchor (a shared value is written out in full each time), so the file never holds half an
alias. An entry that is not a bookmark (not a mapping, no id or article, a repeated id, a value
of the wrong type) is kept as it is and reported in the warnings.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import yaml

from reader.bookmarks.cache import Entry
from reader.bookmarks.model import Bookmark, WrongType
from reader.bookmarks.quickparse import read_all, read_item, split_items
from reader.errors import ReaderError
from reader.safe_yaml import LimitedLoader, describe, may_hold_anchor

HEADER = "# reader bookmarks — edit by hand if you like; keep each entry's id.\n"

_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Lines that would end or restart a YAML stream: appending an entry after them is unsafe.
_STREAM_MARKS = re.compile(r"^(?:---|\.\.\.|%)", re.M)
_DIRECTIVE = re.compile(r"^%", re.M)
_NO_BLOCK = re.compile("[\r\x85\u2028\u2029]")  # breaks a block scalar would not keep as they are


class BookmarksUnreadable(ReaderError):
    """``bookmarks.yaml line 7: …``: the file cannot be read, so it is not written either."""

    title = "bookmarks"
    exit_code = 1


class _Dumper(_BaseDumper):
    """Block style for long or multi-line strings; short string lists in flow style; never an
    anchor: a value shared by two keys (read from the user's aliases) is written out twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str):
    # Not for text ending in a line break: its keep-chomped block (``|+``) makes the emitter
    # close the document (``...``), and the next entry appended after it would not parse.
    if ("\n" in value or len(value) > 80) and not value.endswith("\n") and not _NO_BLOCK.search(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _list(dumper: yaml.SafeDumper, value: list):
    flow = all(isinstance(v, str) and "\n" not in v and len(v) < 40 for v in value) and len(value) < 20
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


class _Entries(list):
    """The list around one entry in ``dump_entry``: always a block sequence (``- …``), even when
    the entry is a short string, which ``_list`` would put in a flow list (``['']``)."""


def _entries(dumper: yaml.SafeDumper, value: list):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=False)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)
_Dumper.add_representer(_Entries, _entries)


def dump_entry(value: Any) -> str:
    """One entry as a block sequence item (``- id: …``), ready to append to the file."""
    text = yaml.dump(_Entries([value]), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)
    # Entries are concatenated: a document-end marker (an open-ended scalar) must not stay.
    return text[:-4] if text.endswith("\n...\n") else text


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, max(0, index)) + 1


def unreadable(name: str, line: int | None, what: str) -> BookmarksUnreadable:
    where = f" line {line}" if line else ""
    return BookmarksUnreadable(f"{name}{where}: {what}; not changing it (fix it by hand)")


def parse_entries(text: str, name: str, *, line0: int = 0,
                  ids: set[str] | None = None) -> tuple[str | None, list[Entry], list[str]]:
    """(header, entries, warnings) of ``text``, a part of the file ``name``; header None when
    the entries could not be cut from the text one per ``- `` line (then they have no chunk).
    ``line0``: lines before ``text`` in the file; ``ids``: bookmark ids taken before it.
    Raises ``BookmarksUnreadable`` naming the line."""
    quick = _read_items(text)
    if quick is not None:
        header, chunks, values = quick
        lines, at = [], line0 + header.count("\n") + 1
        for chunk in chunks:
            lines.append(at)
            at += chunk.count("\n")
        chunk_list: list[str] | None = chunks
    else:
        header, chunk_list, values, lines = _load_whole(text, name, line0)
        if values is None:
            return (text if text.strip() else HEADER), [], []
    entries: list[Entry] = []
    warnings: list[str] = []
    ids = set() if ids is None else set(ids)
    for i, item in enumerate(values):
        chunk = chunk_list[i].encode("utf-8") if chunk_list is not None else None
        bookmark, problem = to_bookmark(item)
        if bookmark is not None and bookmark.id in ids:
            bookmark, problem = None, f"id {bookmark.id} repeated"
        if bookmark is not None:
            ids.add(bookmark.id)
            entries.append(Entry(bookmark, None, chunk))
        else:
            warnings.append(f"{name} line {lines[i]}: {problem}; kept as it is")
            entries.append(Entry(None, item, chunk))
    return header, entries, warnings


def to_bookmark(item: Any) -> tuple[Bookmark | None, str]:
    """(the bookmark of an entry, "") or (None, what it is instead)."""
    if not isinstance(item, dict):
        return None, "not a bookmark (a mapping)"
    try:
        return Bookmark.from_mapping(item), ""
    except WrongType as exc:
        bid = item.get("id")
        who = f"entry {bid}" if isinstance(bid, str) and bid else "entry"
        return None, f"{who}: {exc}"
    except ValueError:
        return None, "entry without an id or article"


def _read_items(text: str) -> tuple[str, list[str], list[Any]] | None:
    """(header, chunks, values) when ``text`` is a header of comments and items that each read
    alone (line by line, or with the loader when that declines); None otherwise."""
    whole = read_all(text)
    if whole is not None:
        header, chunks, values = whole
    else:
        split = split_items(text)
        if split is None:
            return None
        header, chunks = split
        values = [read_item(chunk, checked=True) for chunk in chunks]
    for i, value in enumerate(values):
        if value is None:
            chunk = chunks[i]
            if may_hold_anchor(chunk):  # an anchor another entry may name: the whole text
                return None
            try:
                value = load_alone(chunk)
            except yaml.YAMLError:
                return None  # read whole, for the error's line
            if value is _NOT_ONE:
                return None
            values[i] = value
    return header, chunks, values


_NOT_ONE = object()


def load_alone(chunk: str) -> Any:
    """The value of one item's text read by the loader on its own (``_NOT_ONE`` when it is not
    one item); ``yaml.YAMLError`` when it does not load."""
    loader = LimitedLoader(chunk)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.SequenceNode) or node.flow_style or len(node.value) != 1:
            return _NOT_ONE
        return loader.construct_document(node)[0]
    finally:
        loader.dispose()


def read_back(chunk: str) -> Any:
    """What a reader of the file gets from one entry's text (as ``parse_entries`` reads it)."""
    value = read_item(chunk)
    return load_alone(chunk) if value is None else value


def _load_whole(text: str, name: str, line0: int) -> tuple[str | None, list[str] | None, list[Any] | None,
                                                             list[int]]:
    loader = LimitedLoader(text)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = describe(exc)
        problem = problem.split(": ", 1)[1] if problem.startswith("line ") else problem
        raise unreadable(name, line0 + mark.line + 1 if mark else None, problem) from None
    except yaml.YAMLError as exc:  # the reader's "unacceptable character" and the like
        position = getattr(exc, "position", None)
        line = line0 + _line_of(text, position) if isinstance(position, int) else None
        raise unreadable(name, line, "not valid YAML text (control characters or binary data)") from None
    finally:
        loader.dispose()
    if value is None:
        return None, None, None, []
    if not isinstance(value, list):
        raise unreadable(name, line0 + node.start_mark.line + 1, "expected a list of bookmarks (- id: …)")
    # Chunks only when no alias joins entries: each entry's text must stand alone.
    chunks = None if loader.aliased else _chunks(text, node)
    header = None
    if chunks is not None:
        header, chunks = chunks[0], chunks[1:]
    lines = [line0 + item.start_mark.line + 1 for item in node.value]
    return header, chunks, value, lines


def same(a: Any, b: Any) -> bool:
    """Deep equality as a reader of the file sees it: types must agree (``1`` is not ``True``
    nor ``1.0``), mappings in the same order, NaN equals NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(same(ka, kb) and same(va, vb)
                                        for (ka, va), (kb, vb) in zip(a.items(), b.items()))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dt.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    return bool(a == b)


def _chunks(text: str, node) -> list[str] | None:
    """[header, item texts…] cut from the file by lines, when every item starts a line with
    ``- `` (as ``dump_entry`` writes them); None when the layout is anything else."""
    if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value:
        return None
    if _NO_BLOCK.search(text):  # line breaks YAML counts but "\n" does not: lines would slip
        return None
    # a document start before the items is kept in the header; any marker after the first item
    # would end or restart the stream where an entry is appended
    first = node.value[0].start_mark.index
    if _STREAM_MARKS.search(text, text.rfind("\n", 0, first) + 1) or _DIRECTIVE.search(text, 0, first):
        return None
    lines = text.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    starts: list[int] = []
    for item in node.value:
        line, col = item.start_mark.line, item.start_mark.column
        if col != 2 or line >= len(lines) or not lines[line].startswith("- "):
            return None
        if starts and line <= starts[-1]:
            return None
        starts.append(line)
    if not starts:
        return None
    out = ["".join(lines[:starts[0]])]
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else len(lines)
        chunk = "".join(lines[s:e])
        out.append(chunk if chunk.endswith("\n") else chunk + "\n")
    return out
