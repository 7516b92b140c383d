"""Whether an index is out of date as a whole: the versions an index built today records (the
schema, the cleaner, the site rules' fingerprint), why a manifest's differ, and whether the
index opens at all. ``reader.index.build.update`` looks file by file only when the versions
agree and the index opens; otherwise it rebuilds (or creates) the index under the lock.
"""

from __future__ import annotations

from pathlib import Path

from reader.index import storage
from reader.index.manifest import Manifest, rules_fingerprint
from reader.index.schema import SCHEMA_VERSION
from reader.paths import Library


def versions(library: Library) -> tuple[int, str, str]:
    """(schema, cleaner, rules fingerprint) as a build today would record them."""
    from reader.content import CLEANER_VERSION
    from reader.content.rules import SHIPPED

    return SCHEMA_VERSION, str(CLEANER_VERSION), rules_fingerprint([SHIPPED, library.rules])


def stale_reason(m: Manifest, versions: tuple[int, str, str]) -> str | None:
    """Why an index built as ``m`` records must be rebuilt for ``versions``; None when it need not."""
    schema, cleaner, rules = versions
    if m.schema != schema:
        return f"index schema changed: {m.schema} → {schema}"
    if m.cleaner != cleaner:
        return f"cleaner changed: {m.cleaner} → {cleaner}"
    if m.rules != rules:
        return "site rules changed"
    return None


def opens(index_dir: Path) -> bool:
    try:
        storage.open_index(index_dir)
        return True
    except storage.IndexUnreadable:
        return False
