"""What a dump's article lines say about the page (``reader.content.dumps``): the series it
belongs to and its "Index entries" (tags). Each is taken out of the text into the ``DumpMeta``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from reader.content.dump_patterns import line_of, patterns
from reader.content.normalize import one_line

if TYPE_CHECKING:
    from reader.content.dumps import DumpMeta


def take_series(lines: list[str], series: list[str], meta: DumpMeta) -> list[str]:
    for p in series:  # the surest pattern first, wherever it stands
        m = line_of(lines, p)
        if m is None or not m.groups.get("series"):
            continue
        i, line = m.line, lines[m.line]
        meta.series = meta.series or one_line(m.groups["series"])
        rest = (line[: m.start] + " " + line[m.end:]).strip()
        end = i + 1
        # the separator a dump leaves under the series line
        if not rest and end < len(lines) and re.fullmatch(r"\s*-{3,}\s*", lines[end]):
            end += 1
        return lines[:i] + ([rest] if rest else []) + lines[end:]
    return lines


_LINK_TEXT = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")


def take_tags(lines: list[str], section: dict[str, Any], meta: DumpMeta) -> list[str]:
    """The "Index entries" table as tags: Markdown links, table cells, or a run-together row
    ("KernelSystem calls/clone()KernelSystem calls/execve()") split at its group names."""
    start = section.get("tags_start")
    if not isinstance(start, str):
        return lines
    m = line_of(lines, start)
    if m is not None:
        i, line = m.line, lines[m.line]
        rest = [line[m.end:]] if line[m.end:].strip() else []
        j = i + 1
        # the entries run to the first line of prose (they end the article in every form; a
        # text dump may put each cell on its own line between blank ones)
        while j < len(lines) and len(lines[j]) <= 200 and not re.search(r"[a-z]{2}[.!?](\s|$)", lines[j]):
            rest.append(lines[j])
            j += 1
        for tag in _tags_of("\n".join(rest), section):
            if tag not in meta.tags:
                meta.tags.append(tag)
        head = line[: m.start]
        keep = [head] if re.search(r"\w", head) else []  # "| " of a table row is not text
        return lines[:i] + keep + lines[j:]
    return lines


def _tags_of(block: str, section: dict[str, Any]) -> list[str]:
    links = _LINK_TEXT.findall(block)
    if links:
        return [one_line(t) for t in links if one_line(t)]
    cells = [one_line(c) for row in block.split("\n") for c in row.split("|")]
    cells = [c for c in cells if c and not re.fullmatch(r"[-: ]+", c)]
    groups = sorted(patterns(section.get("tag_groups")), key=len, reverse=True)
    if groups:  # a run-together row: each group name glued to the entry after it
        alternation = "|".join(re.escape(g) for g in groups)
        cells = [one_line(p) for c in cells for p in re.split(rf"({alternation})(?=[A-Z0-9\[(])", c)]
    out: list[str] = []
    for cell in cells:
        if cell and cell not in out and len(cell) <= 80:
            out.append(cell)
    return out
