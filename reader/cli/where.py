"""``reader where``: the library's paths, and why that library."""

from __future__ import annotations

from collections.abc import Callable

from reader.cli import output
from reader.paths import Library


def run_where(library: Library, with_settings: Callable[[], Library]) -> int:
    """``with_settings``: the library with its reader.yaml read (only when it has content/)."""
    output.out(f"library    {output.name(library.root)}    ({library.how})")
    for what, path in library.paths().items():
        if what == "library":
            continue
        state = "" if path.exists() else "    (not yet created)"
        output.out(f"{what:<10} {output.name(path)}{state}")
    if library.content.is_dir() and with_settings().follow_links:
        output.out("links      followed out of content/ (follow_symlinks: true in reader.yaml)")
    return 0
