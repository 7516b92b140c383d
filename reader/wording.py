"""Counted nouns for messages: ``plural(1, "article")`` → "1 article", 2 → "2 articles".

The one helper for "N thing(s)" (the CLI, the index's report, the app's notices), so no
message says "1 articles" or "2 bookmark".
"""

from __future__ import annotations

# Nouns whose plural is not noun + "s".
_IRREGULAR = {"match": "matches", "entry": "entries", "query": "queries", "search": "searches"}


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``n`` and ``noun``, in the plural unless ``n`` is 1 (``many``: an irregular plural)."""
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {many or _IRREGULAR.get(noun) or noun + 's'}"


__all__ = ["plural"]
