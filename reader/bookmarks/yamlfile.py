"""The YAML text of bookmarks.yaml: writing one entry, and reading the entries of a text with
each entry's own lines (its "chunk"), so that a save rewrites only what changed.

Read with a safe loader only (libyaml's when present): a ``!!python/object`` tag is an error.
An entry that is not a bookmark (not a mapping, no id or article, a repeated id) is kept as it
is and reported in the warnings.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from reader.bookmarks.cache import Entry
from reader.bookmarks.model import Bookmark
from reader.errors import ReaderError

HEADER = "# reader bookmarks — edit by hand if you like; keep each entry's id.\n"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Lines that would end or restart a YAML stream: appending an entry after them is unsafe.
_STREAM_MARKS = re.compile(r"^(?:---|\.\.\.|%)", re.M)
_NO_BLOCK = re.compile("[\r\x85\u2028\u2029]")  # breaks a block scalar would not keep as they are


class BookmarksUnreadable(ReaderError):
    """``bookmarks.yaml line 7: …``: the file cannot be read, so it is not written either."""

    title = "bookmarks"
    exit_code = 1


class _Dumper(_BaseDumper):
    """Block style for long or multi-line strings; short string lists in flow style."""


def _str(dumper: yaml.SafeDumper, value: str):
    # Not for text ending in a line break: its keep-chomped block (``|+``) makes the emitter
    # close the document (``...``), and the next entry appended after it would not parse.
    if ("\n" in value or len(value) > 80) and not value.endswith("\n") and not _NO_BLOCK.search(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _list(dumper: yaml.SafeDumper, value: list):
    flow = all(isinstance(v, str) and "\n" not in v and len(v) < 40 for v in value) and len(value) < 20
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)


def dump_entry(value: Any) -> str:
    """One entry as a block sequence item (``- id: …``), ready to append to the file."""
    text = yaml.dump([value], Dumper=_Dumper, allow_unicode=True, sort_keys=False,
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
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "not valid YAML"
        raise unreadable(name, line0 + mark.line + 1 if mark else None, " ".join(str(problem).split())) from None
    except yaml.YAMLError as exc:  # the reader's "unacceptable character" and the like
        position = getattr(exc, "position", None)
        line = line0 + _line_of(text, position) if isinstance(position, int) else None
        raise unreadable(name, line, "not valid YAML text (control characters or binary data)") from None
    except RecursionError:
        raise unreadable(name, None, "nested too deeply") from None
    finally:
        loader.dispose()
    if value is None:
        return (text if text.strip() else HEADER), [], []
    if not isinstance(value, list):
        raise unreadable(name, line0 + node.start_mark.line + 1, "expected a list of bookmarks (- id: …)")
    chunks = _chunks(text, node)
    header = None
    if chunks is not None:
        header, chunks = chunks[0], chunks[1:]
    entries: list[Entry] = []
    warnings: list[str] = []
    ids = set() if ids is None else set(ids)
    for i, item in enumerate(value):
        chunk = chunks[i].encode("utf-8") if chunks is not None else None
        line = line0 + node.value[i].start_mark.line + 1
        bookmark = None
        if isinstance(item, dict):
            try:
                bookmark = Bookmark.from_mapping(item)
            except ValueError:
                warnings.append(f"{name} line {line}: entry without an id or article; kept as it is")
            if bookmark is not None and bookmark.id in ids:
                warnings.append(f"{name} line {line}: id {bookmark.id} repeated; kept as it is")
                bookmark = None
        else:
            warnings.append(f"{name} line {line}: not a bookmark (a mapping); kept as it is")
        if bookmark is not None:
            ids.add(bookmark.id)
            entries.append(Entry(bookmark, None, chunk))
        else:
            entries.append(Entry(None, item, chunk))
    return header, entries, warnings


def _chunks(text: str, node) -> list[str] | None:
    """[header, item texts…] cut from the file by lines, when every item starts a line with
    ``- `` (as ``dump_entry`` writes them); None when the layout is anything else."""
    if not isinstance(node, yaml.SequenceNode) or node.flow_style or _STREAM_MARKS.search(text):
        return None
    if _NO_BLOCK.search(text):  # line breaks YAML counts but "\n" does not: lines would slip
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
